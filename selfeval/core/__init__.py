"""The core: load → validate → evaluate, with no knowledge of any output format or input export.

Owns the one user-error type (``errors``), the safe YAML loader (``yamlsafe``), the catalogue of
metrics, audit questions and facts, the metrics file as validated evidence (``evidence``,
``submission``, which reads each value with ``values``), rule packs and their lint (``packs``, ``lint``), condition kinds
(``conditions``), evaluation (``evaluate``), local settings and scope, national benchmarks,
the indicative positions (``positions``), the pipeline from evidence to report model
(``check``), rules' self-tests, JSON Schemas and atomic file writing (``files``).

May import: the standard library, PyYAML, jsonschema and ``selfeval.reports.report`` never —
nothing outside ``selfeval.core`` (and ``selfeval.data``, which is only data).
"""
