"""Rendering: turns a report model (plain data) into text, Markdown, HTML, or Word.

Owns the Jinja2 environment and the renderers by name (``templates``), the inline SVG charts
(``charts``), what each finding's figures show (``figures``), colours and icons (``palette``),
and Markdown → Word (``word``). It decides nothing: every status and verdict comes from the
report model. May import: ``selfeval.core`` only.
"""
