"""Values from the user's files cannot act in an output: no markup in Markdown (checked through
a real Markdown renderer), no escape sequence on a terminal, no formula in Excel, no forged
structure or crash in the Word draft."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run
from markdown_it import MarkdownIt

from selfeval.core import textsafe

NASTY = [
    "<script>alert(1)</script>", "<img src=http://evil.invalid/a.png>", "![x](http://evil.invalid/b.png)",
    "[click](javascript:alert(1))", "# Heading", "\n\n# Forged heading\n\n", "| a | b |",
    "<!-- page break -->", "<!-- header: forged -->", "**bold** _em_ `code`", "&lt;b&gt;", "--> x",
    "<http://evil.invalid/c>", "\x1b[2J\x1b]0;title\x07", "a\x0bb\x01c\ufffe\u202e",
]


def _yq(s: str) -> str:
    """``s`` inside a YAML double-quoted string: every character that is not plain printable
    ASCII written as an escape (YAML refuses raw control characters)."""
    return "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else f"\\u{ord(ch):04x}" for ch in s)


def _fields(nasty: str) -> str:
    """A metrics file with ``nasty`` in every text field it has (and a settings file, below)."""
    q = _yq(nasty)
    return f'''authority: "Council {q}"
period: {{start: 2025-04-01, end: 2026-03-31}}
notes: "{q}"
metrics:
  assessments_within_45_working_days_pct: {{value: 68, note: "{q}", source: "{q}"}}
  agency_social_worker_pct: 30
audits:
  sample: {{cases: 40, completed: 2026-03-20, method: "{q}"}}
  answers:
    supervision_reflective: {{yes: 12, partly: 10, no: 18}}
previous:
  period: {{as_at: 2025-03-31}}
  metrics: {{assessments_within_45_working_days_pct: 80}}
recommendations:
  - {{ref: "{q}", text: "{q}", rules: [hp-assessment-timeliness]}}
'''


def _settings(nasty: str) -> str:
    q = _yq(nasty)
    return f'''overrides:
  - {{rule: hp-assessment-timeliness, level: concern, below: 90, reason: "{q}"}}
not_applicable:
  - {{rule: cic-adoption-a1, reason: "{q}"}}
waivers:
  - {{rule: ld-supervision-reflective, reason: "{q}", approved_by: "{q}", expires: 2099-01-01}}
'''


def _setup(tmp_path: Path, nasty: str) -> Path:
    (tmp_path / "selfeval.yaml").write_text(_settings(nasty), encoding="utf-8")
    p = tmp_path / "metrics.yaml"
    p.write_text(_fields(nasty), encoding="utf-8")
    return p


def _rendered_markup(md: str) -> list[str]:
    """What a Markdown renderer would make of ``md`` that a value could have put there: raw
    HTML, images, links, and headings or tables beyond the template's own."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    found = []
    for tok in tokens:
        for t in [tok, *(tok.children or [])]:
            if t.type in ("html_block", "html_inline") and not t.content.strip().startswith("<!-- "):
                found.append(f"{t.type}: {t.content!r}")
            if t.type == "image" or (t.type == "link_open" and "evil" in str(t.attrGet("href"))):
                found.append(f"{t.type}: {t.attrs}")
            if t.type == "link_open" and str(t.attrGet("href")).startswith("javascript"):
                found.append(f"{t.type}: {t.attrs}")
    # a comment is inert (the draft's running header is one); a value cannot close it early
    html = re.sub(r"<!--.*?-->", "", MarkdownIt("commonmark").enable("table").render(md), flags=re.S)
    for bad in (r"<script", r"<img", r"(src|href)=\"[^\"]*evil", r"<h\d>\s*Forged", r"<t[dh]>\s*b\s*</t[dh]>"):
        if re.search(bad, html):
            found.append(f"rendered HTML has {bad!r}")
    return found


@pytest.mark.parametrize("nasty", NASTY, ids=range(len(NASTY)))
def test_markdown_outputs_escape_every_field(run: Run, tmp_path: Path, nasty: str) -> None:
    p = _setup(tmp_path, nasty)
    outputs = {
        "check": run("check", p, "-f", "markdown", expect=None).stdout,
        "compare": run("compare", p, "-f", "markdown", expect=None).stdout,
        "draft": run("draft", p, expect=None).stdout,
        "summary": run("check", p, p, "--summary", "-f", "markdown", expect=None).stdout,
    }
    for name, md in outputs.items():
        assert md.strip(), name
        assert _rendered_markup(md) == [], (name, _rendered_markup(md))
        assert "\x1b" not in md and "\x0b" not in md and "\ufffe" not in md, name
        # the value is still there to read, as text
        assert "Council" in MarkdownIt().render(md), name


@pytest.mark.parametrize("nasty", ["\x1b[2J\x1b[31mfake\x1b]0;title\x07", "line\rover", "\x9b2J csi", "\u202eevil"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_no_escape_sequence_reaches_the_terminal(run: Run, tmp_path: Path, nasty: str, fmt: str) -> None:
    p = _setup(tmp_path, nasty)
    for args in (("check", p), ("compare", p), ("check", p, p, "--summary")):
        out = run(*args, "-f", fmt, "--color", expect=None).stdout
        assert "Council" in out
        raw = re.sub(r"\x1b\[[0-9;]*m", "", out)  # our own colours
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", raw), (args, fmt, repr(raw[:300]))


def test_error_messages_show_control_characters_as_text(run: Run, tmp_path: Path) -> None:
    p = tmp_path / "metrics.yaml"
    p.write_text('authority: x\nperiod: {as_at: 2026-01-01}\nmetrics:\n  "\\e[2Jbad\\x85id\\r": 1\n', encoding="utf-8")
    err = run("check", p, "--no-settings", expect=2).stderr
    assert err.count("\n") == 1 and "\x1b" not in err and "\x85" not in err and "\r" not in err
    assert "\\x1b[2Jbad" in err


def test_long_values_are_cut_short_in_messages(run: Run, tmp_path: Path) -> None:
    p = tmp_path / "metrics.yaml"
    p.write_text(f"authority: x\nperiod: {{as_at: 2026-01-01}}\nmetrics:\n  agency_social_worker_pct: '{'9x' * 5000}'\n",
                 encoding="utf-8")
    err = run("check", p, "--no-settings", expect=2).stderr
    assert len(err) < 400 and "…" in err


@pytest.mark.parametrize("authority", ["A" * 400, "Council\x01\x0b\ufffe", "Council\n# Forged\n<!-- page break -->\n| a | b |\n|---|---|"])
def test_word_draft_cannot_be_broken_or_restructured_by_a_value(run: Run, tmp_path: Path, authority: str) -> None:
    import docx

    p = tmp_path / "m.yaml"
    q = _yq(authority)
    p.write_text(f'authority: "{q}"\nperiod: {{as_at: 2026-03-31}}\nmetrics:\n  agency_social_worker_pct: 30\n',
                 encoding="utf-8")
    out = tmp_path / "sef.docx"
    run("draft", p, "--no-settings", "-o", out)
    doc = docx.Document(str(out))
    assert len(doc.core_properties.title) <= 255
    texts = [para.text for para in doc.paragraphs]
    assert not any(t.strip() == "Forged" for t in texts)
    headings = [para.text for para in doc.paragraphs if para.style.name.startswith(("Heading", "Title"))]
    assert not any("Forged" in h and not h.startswith(("Self-evaluation", "Draft")) and "Council" not in h for h in headings)
    assert sum(1 for t in doc.tables if t.rows[0].cells[0].text == "a") == 0


def test_excel_output_keeps_formula_like_text_as_text(run: Run, tmp_path: Path) -> None:
    import openpyxl

    from selfeval.sources.metrics_workbook import write_template

    out = tmp_path / "m.xlsx"
    write_template(out, authority="=1+1", values={"agency_social_worker_pct": {"value": 20, "note": "@SUM(A1)",
                                                                             "source": "+44 20 7946"}})
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert wb["About"]["B4"].value == "=1+1" and wb["About"]["B4"].data_type == "s"


def test_textsafe_markdown_round_trips_for_word() -> None:
    for s in ["a*b*c", "**x**", "<b>", "not_evidenced", "_x_", "# h", "1. x", "a|b", "\\", "[l](u)"]:
        assert textsafe.unmarkdown(textsafe.markdown(s)) == s


def test_examples_render_the_same_words(run: Run) -> None:
    # ordinary text is untouched by the escaping: the worked example's report reads as before
    md = run("check", EXAMPLES / "metrics.yaml", "--no-settings", "-f", "markdown", expect=1).stdout
    assert "Harrowdale Metropolitan Borough Council (fictional)" in md
    assert "\\" not in MarkdownIt().render(md).replace("\\\\", "")
