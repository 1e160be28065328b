"""Metrics straight from an authority's Annex A lists.

Modules, each with one job:

- ``workdays``     working days between dates, counting England and Wales bank holidays
- ``headers``      the eleven lists' expected columns and tolerant header and sheet matching
- ``cells``        one cell to a date, number, yes/no or code, or a located error
- ``read``         a workbook (xlsx, via python-calamine) or a folder of CSV files to parsed lists
- ``compute``      parsed lists to catalogue metric values, each with its rule of counting
- ``write``        the metrics.yaml, with a comment per value and the entries left to fill in
- ``synthetic``    a seeded synthetic Annex A workbook with the values it must produce
- ``xlsx_template`` the Excel metrics template and reading it back

Only aggregates leave this package: child identifiers, names and dates of birth are read into
memory where a rule of counting needs them (linking referrals, ages) and are never written.
"""
