"""Children's social work workforce census (XML): agency rate, turnover, vacancies, caseloads."""
