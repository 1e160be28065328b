"""Report models: what each command shows, as plain JSON-ready data.

Owns the gap report model (``report``), progress between two periods (``compare``), the
summary matrix of many files (``matrix``), the self-evaluation draft (``draft``) and the views of
rules for ``selfeval rules`` (``rulesview``). Every status comes from ``selfeval.core``; every
renderer reads these models. May import: ``selfeval.core`` and ``selfeval.render``.
"""
