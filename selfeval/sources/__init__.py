"""Sources: the authority's own data turned into a metrics file (only aggregates leave here).

One subpackage per kind of input data (``annexa``: the Annex A lists; ``ssda903``, ``cin``,
``workforce``: DfE's statutory returns; ``merge``: one metrics file from several), the metrics workbook
(``metrics_workbook``: the Excel template and reading it back), and what the importers share:
cells (``cells``), calendar dates and ages (``dates``), working days (``workdays``), DfE's codes
(``codes``), and for the returns: fixed-format fields (``fields``), streamed census XML
(``xmlstream``), computed values with provenance (``computed``) and their metrics file (``returnsfile``).
Child identifiers, names and dates of birth are read into memory only where a rule of counting
needs them and are never written or quoted in a message.
May import: ``selfeval.core`` and ``selfeval.render``.
"""
