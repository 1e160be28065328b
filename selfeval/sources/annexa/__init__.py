"""Metrics straight from an authority's Annex A lists.

Modules, each with one job:

- ``workdays``     working days between dates, counting England and Wales bank holidays
- ``dates``        calendar months and years, ages, the period before the as-at date
- ``headers``      the eleven lists' expected columns and tolerant header and sheet matching
- ``cells``        one cell to a date, number, yes/no or code, or an error saying why
- ``read``         a workbook (via python-calamine) or a folder of CSV files to parsed lists
- ``compute``      the conventions, the registry of rules and running them
- ``counting``, ``counting_care``  one rule of counting per catalogue metric (Lists 3–7, 8–10)
- ``write``        the metrics.yaml, with a comment per value and the entries left to fill in
- ``run``          the import as one call; nothing written on any error
- ``xlsx_template`` the Excel metrics template and reading it back for ``selfeval check``
- ``synthetic``, ``synthetic_care``  seeded synthetic records for a small or large authority
- ``synthetic_expected``  the values those records must give, straight from the definitions
- ``synthetic_sheets``  the records written as messy .xlsx or CSV, with the expected values
- ``commands``     the click commands (registered in ``selfeval/cli.py``)

Only aggregates leave this package: child identifiers, names and dates of birth are read into
memory where a rule of counting needs them (linking referrals, ages) and are never written.
"""
