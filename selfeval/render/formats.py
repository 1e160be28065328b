"""The report, compare, summary and draft formats by name, and the output suffixes.

Kept apart from ``templates`` (which imports Jinja2) so the command line builds its choices at
start-up without loading the template engine: ``selfeval metrics from-903`` never renders a report.
"""

from __future__ import annotations

FORMATS: dict[str, str | None] = {
    "text": "report.txt.j2",
    "markdown": "report.md.j2",
    "html": "report.html.j2",
    "json": None,  # the model itself, as JSON
}
"""Report formats by name; CLI choices are built from these keys."""

DETAIL: dict[str, str] = {"text": "report-detail.txt.j2", "markdown": "report-detail.md.j2"}
"""``--detail``: every finding as a full card (HTML keeps one template and shows more)."""

COMPARE_FORMATS: dict[str, str | None] = {
    "text": "compare.txt.j2", "markdown": "compare.md.j2", "html": "compare.html.j2", "json": None,
}
SUMMARY_FORMATS: dict[str, str | None] = {
    "text": "summary.txt.j2", "markdown": "summary.md.j2", "html": "summary.html.j2", "json": None,
}
DRAFT_FORMATS: dict[str, str | None] = {
    "markdown": "draft.md.j2",
    "docx": "draft.md.j2",  # the same Markdown, turned into a Word document by word.py
}
DRAFT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".docx": "docx"}
"""The tables of each command, here so the CLI builds its choices without importing the models."""

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".json": "json"}
