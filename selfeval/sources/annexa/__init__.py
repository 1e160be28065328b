"""Metrics straight from an authority's Annex A lists.

Modules, each with one job (cells, dates and working days are shared, in ``selfeval.sources``):

- ``headers``      the eleven lists' expected columns and tolerant header and sheet matching
- ``read``         a workbook (via python-calamine) or a folder of CSV files to parsed lists
- ``table``        one list parsed: headers matched, cells read, unreadable cells recorded
- ``identify``     which list a sheet is, from its headers (SEND Annex A refused)
- ``formulas``     cells a reader shows as empty that are not: Excel errors, formulas with no value
- ``quality``      the data-quality report: what could not be read, and sanity warnings
- ``compute``      the conventions and the registry of rules of counting
- ``counting``, ``counting_care``, ``counting_leavers``  one rule of counting per catalogue
  metric (Lists 1–7; List 8; Lists 9–10)
- ``metrics``      every registered rule run on its list
- ``write``        the metrics.yaml, with a comment per value and the entries left to fill in
- ``run``          the import as one call; nothing written on any error
- ``synthetic``, ``synthetic_care``, ``synthetic_lists``  seeded synthetic records for a small or
  large authority (Lists 1–7, 8–11, all eleven)
- ``synthetic_expected``  the values those records must give, straight from the definitions
- ``synthetic_sheets``  the records written as messy .xlsx or CSV, with the expected values

Only aggregates leave this package: child identifiers, names and dates of birth are read into
memory where a rule of counting needs them (linking referrals, ages) and are never written.
"""
