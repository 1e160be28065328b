"""selfeval draft: context, the three questions, ranked strengths and priorities written as impact
on children, the QA narrative, an improvement plan with [owner]/[date]/[target], the data and
the evidence plan in appendices; Markdown and a real Word document. The rules a draft must keep
(no rule ids, no positions without the flag, no strength worse than England's, varied sentences)
and its length are tested in test_draft_rules.py."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, STARTER, STARTER_ONLY, Run, write

from selfeval.core import submission
from selfeval.core.check import Options, load_rules
from selfeval.render import word
from selfeval.reports import draft
from selfeval.reports.check import check_submission

QUESTIONS = (
    "What do we know about the quality and impact of social work practice?",
    "How do we know it?",
    "What are our plans for the next 12 months?",
)
STRENGTH = "**Children in care have life-story work.** This year 15 of 20 audited cases fully met our standard ‘Life-story work in place’."
PLAN_ACTION = "Review every open assessment past working day 35 each week, and record why any is late."


def _example_draft(**kw: bool) -> draft.Draft:
    opts = Options(rules=(STARTER,), builtin=False, generated=dt.date(2026, 4, 30))
    sub = submission.load(EXAMPLES / "metrics.yaml")
    return draft.build(sub, check_submission(sub, load_rules(opts), opts), **kw)


@pytest.fixture(scope="module")
def md() -> str:
    return draft.to_markdown(_example_draft())


def test_the_three_questions_in_the_shape_authorities_use(md: str) -> None:
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads == ["## Context", f"## {QUESTIONS[0]}", f"## {QUESTIONS[1]}", f"## {QUESTIONS[2]}",
                     "## Appendix 1: the evidence behind this self-evaluation",
                     "## Appendix 2: evidence plan (for the quality assurance lead)"]
    areas = _example_draft().data["areas"]
    assert [a["id"] for a in areas] == ["help_and_protection", "children_in_care", "leaders"]
    know = md.split(f"## {QUESTIONS[0]}")[1].split(f"## {QUESTIONS[1]}")[0]
    assert [line for line in know.splitlines() if line.startswith("### ")] == [f"### {a['title']}" for a in areas]


def test_title_block_and_context_placeholders(md: str) -> None:
    assert md.startswith("<!-- header: Harrowdale Metropolitan Borough Council (fictional) — self-evaluation, "
                         "draft for discussion -->\n# Self-evaluation: Harrowdale Metropolitan Borough Council (fictional)\n")
    for part in ("**Draft — for discussion.**", "- **Period:** 2025-04-01 to 2026-03-31",
                 "- **Prepared:** 2026-04-30 by selfeval", "Starter pack (every condition kind) (ILACS 2026-04)"):
        assert part in md, part
    context = md.split("## Context")[1].split("## ")[0]
    for place in ("Our area and its children", "Leadership and governance", "Partnership", "Our last inspection",
                  "What children and families tell us"):
        assert f"- **{place}:** " in context and "[To complete: " in context.split(f"- **{place}:** ")[1].split("\n")[0]


def test_strengths_carry_their_figures_and_read_as_impact(md: str) -> None:
    assert f"- {STRENGTH}" in md
    assert "helps them understand their history" in md.split(STRENGTH)[1].split("\n")[0]


def test_priorities_serious_first_reading_metric_and_audit_together(md: str) -> None:
    hp = md.split("### Help and protection")[1].split("### Children in care")[0]
    serious = hp.index("- **Assessments are completed within 45 working days.**")
    concern = hp.index("- **Return home interviews are monitored by leaders.**")
    assert serious < concern
    bullet = hp[serious:].split("\n")[0]
    assert "Child and family assessments completed within 45 working days stood at 68% (England 85.7%, year ending 31 March 2025)" in bullet
    assert "only 11 of 40 audited cases fully met our standard ‘Assessment analyses history’ (15 partly, 14 not at all)" in bullet
    statuses = [p["status"] for a in _example_draft().data["areas"] for p in a["priorities"]]
    assert statuses == ["serious", "concern", "serious"]


def test_how_we_know_is_a_narrative_with_the_data_in_an_appendix(md: str) -> None:
    how = md.split(f"## {QUESTIONS[1]}")[1].split(f"## {QUESTIONS[2]}")[0]
    assert "quality assurance framework" in how and "|" not in how  # prose, no table
    assert ("Our case file audit looked at 40 children's records, completed on 2026-03-20, asking 12 questions "
            "about help and protection, 4 questions about children in care and 3 questions about impact of leaders.") in how
    assert "moderation lowered 38% of the grades it checked" in how
    assert "Appendix 1" in how
    data = md.split("## Appendix 1")[1].split("## Appendix 2")[0]
    assert ("| Child and family assessments completed within 45 working days | 68% (last period 79%) | 85.7% (year ending 31 March 2025) | "
            "Annex A List 4; dipped in Q3 after a system change |") in data
    assert "| Assessment analyses history | yes 11 · partly 15 · no 14 |  | case file audit |" in data


def test_plans_are_an_improvement_plan_with_placeholders(md: str) -> None:
    data = _example_draft().data
    for a in data["areas"]:
        assert len(a["plan"]) == len(a["priorities"])
        assert all(p["owner"] is None and p["due"] is None for p in a["plan"])
    plans = md.split(f"## {QUESTIONS[2]}")[1].split("## Appendix 1")[0]
    assert (f"| Assessments are completed within 45 working days | {PLAN_ACTION} | Child and family assessments "
            "completed within 45 working days: now 68%; target [target]; Assessment analyses history: now 11 of 40 "
            "audited cases fully met the standard; target [target] | [owner] | [date] |") in plans
    assert plans.count("| [owner] | [date] |") == 3


def test_what_could_not_be_evidenced_is_an_appendix_not_admissions(md: str) -> None:
    body = md.split("## Appendix 1")[0]
    assert "We cannot yet show" not in md and "could not evidence" not in body
    plan = md.split("## Appendix 2")[1]
    assert "### Last period's figures (for trends)" in plan
    assert "| Average social worker caseload | Last period's figure" in plan
    assert "Social worker caseloads are not rising" in plan


def test_wording_comes_from_the_rule(tmp_path: Path, run: Run) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(STARTER.read_text().replace(
        "Every child in care who needs it has life-story work that helps them understand their history.",
        "IROs see that each child's life story is written with them."))
    out = run("draft", EXAMPLES / "metrics.yaml", "--no-builtin", "--rules", pack).stdout
    assert "IROs see that each child's life story is written with them" in out


def test_draft_cli_markdown_to_screen_and_file(run: Run, tmp_path: Path) -> None:
    out = run("draft", EXAMPLES / "metrics.yaml", *STARTER_ONLY).stdout
    assert "\n# Self-evaluation: " in out and STRENGTH in out
    target = tmp_path / "sef.md"
    assert run("draft", EXAMPLES / "metrics.yaml", "-o", target, *STARTER_ONLY).stdout == ""
    assert target.read_text(encoding="utf-8") == out


def test_draft_cli_refusals(run: Run, tmp_path: Path) -> None:
    err = run("draft", EXAMPLES / "metrics.yaml", "-f", "docx", *STARTER_ONLY, expect=2).stderr
    assert "a Word document cannot be shown on the screen — add -o sef.docx" in err
    err = run("draft", EXAMPLES / "metrics.yaml", "-o", tmp_path / "sef.txt", *STARTER_ONLY, expect=2).stderr
    assert "cannot tell the format from the name 'sef.txt'" in err
    existing = write(tmp_path, "my edits\n", "sef.md")
    err = run("draft", EXAMPLES / "metrics.yaml", "-o", existing, *STARTER_ONLY, expect=2).stderr
    assert "the file already exists" in err and "--force" in err
    assert existing.read_text() == "my edits\n"
    run("draft", EXAMPLES / "metrics.yaml", "-o", existing, "--force", *STARTER_ONLY)
    assert "# Self-evaluation" in existing.read_text()
    run("draft", EXAMPLES / "metrics.yaml", "-o", tmp_path / "sef.txt", "-f", "markdown", *STARTER_ONLY)


def test_draft_areas(run: Run) -> None:
    out = run("draft", EXAMPLES / "metrics.yaml", "--areas", "children-in-care", *STARTER_ONLY).stdout
    assert "> **Limited to:** Children in care." in out
    assert "### Help and protection" not in out and "### Children in care" in out
    assert "*Impact of leaders is not covered by this draft: it is limited to Children in care.*" in out
    err = run("draft", EXAMPLES / "metrics.yaml", "--areas", "children-in-cere", *STARTER_ONLY, expect=2).stderr
    assert "did you mean" in err


def test_draft_with_little_evidence(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics: {}\n")
    out = run("draft", p, *STARTER_ONLY).stdout
    assert "our evidence does not yet show a clear strength" in out or "shows no clear strengths" in out
    assert "We cannot yet evidence" in out and "## Appendix 2" in out
    assert out.count("[owner]") == 1, "no gap, so no plan: [owner] only in the note on filling them in"


# ------------------------------------------------------------------------------------- Word
def _docx(run: Run, tmp_path: Path) -> Path:
    target = tmp_path / "sef.docx"
    assert run("draft", EXAMPLES / "metrics.yaml", "-o", target, *STARTER_ONLY).stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sef.docx"], "no temporary files left"
    return target


def test_docx_structure(run: Run, tmp_path: Path) -> None:
    import docx

    doc = docx.Document(str(_docx(run, tmp_path)))
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styles[0] == ("Title", "Self-evaluation: Harrowdale Metropolitan Borough Council (fictional)")
    h1 = [t for s, t in styles if s == "Heading 1"]
    assert h1 == ["Context", *QUESTIONS, "Appendix 1: the evidence behind this self-evaluation",
                  "Appendix 2: evidence plan (for the quality assurance lead)"]
    h2 = [t for s, t in styles if s == "Heading 2"]
    assert h2[:3] == ["Help and protection", "Children in care", "Impact of leaders"]
    strength = next(p for p in doc.paragraphs if p.text.startswith("Children in care have life-story work."))
    assert strength.style.name == "List Bullet"
    assert strength.runs[0].bold and strength.runs[0].text == "Children in care have life-story work."
    # real Word tables with a header row; the improvement plan in one per area with gaps
    plans = [t for t in doc.tables if t.rows[0].cells[0].text == "Priority"]
    assert len(plans) == 2
    assert [c.text for c in plans[0].rows[0].cells] == ["Priority", "What we will do", "How we will know", "Owner", "By when"]
    assert plans[0].style.name == "Table Grid"
    assert plans[0].rows[1].cells[1].text == PLAN_ACTION
    assert [c.text for c in plans[0].rows[1].cells][3:] == ["[owner]", "[date]"]
    assert all(r.bold for r in plans[0].rows[0].cells[0].paragraphs[0].runs)
    # A4, and no Markdown markup left anywhere
    assert round(doc.sections[0].page_height.cm, 1) == 29.7
    texts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    for text in texts:
        assert "**" not in text and "<!--" not in text and not text.startswith(("#", "|", "- ")), text
    assert doc.sections[0].header.paragraphs[0].text.endswith("— self-evaluation, draft for discussion")
    assert doc.core_properties.title == "Self-evaluation (draft): Harrowdale Metropolitan Borough Council (fictional)"


def test_docx_opens_in_libreoffice(run: Run, tmp_path: Path) -> None:
    """Converted headlessly where LibreOffice is installed; the structure test above runs anyway."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was checked with python-docx only")
    src = tmp_path / "in"
    src.mkdir()
    target = _docx(run, src)
    out = tmp_path / "pdf"
    profile = (tmp_path / "profile").as_uri()
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out), str(target)], capture_output=True, text=True, timeout=300, check=False)
    pdf = out / "sef.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert pdf.read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------------------- the converter
def test_word_parse_subset() -> None:
    blocks = word.parse("# T\n\npara one\ncontinues\n\n- a **b**\n  - nested\n> note\n<!-- page break -->\n"
                        "| h1 | h2 |\n|---|---:|\n| x \\| y | 2 |\n")
    kinds = [(b.kind, b.text, b.level) for b in blocks if b.kind != "table"]
    assert kinds == [("heading", "T", 1), ("paragraph", "para one continues", 0), ("bullet", "a **b**", 1),
                     ("bullet", "nested", 2), ("quote", "note", 0), ("page_break", "", 0)]
    table = blocks[-1]
    assert table.rows == [["h1", "h2"], ["x | y", "2"]] and table.align == ["left", "right"]


def test_word_inline_runs() -> None:
    assert list(word.runs("a **b** *c* `d` e*f")) == [
        ("a ", {}), ("b", {"bold": True}), (" ", {}), ("c", {"italic": True}), (" ", {}),
        ("d", {"code": True}), (" e*f", {})]


SETTINGS = """not_applicable:
  - rule: starter-life-story-work
    reason: Life-story work is delivered by the regional adoption agency.
waivers:
  - rule: starter-supervision-reflective
    reason: New supervision policy launches in May; audit again in June.
    approved_by: Director of Children's Services
    approved: 2026-01-10
    expires: 2099-06-30
"""


def test_draft_shows_local_settings_and_recommendations(run: Run, tmp_path: Path) -> None:
    metrics = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text() + (
        "recommendations:\n  - {ref: '1', text: Ensure assessments are timely., rules: [starter-assessment-timeliness]}\n"))
    write(tmp_path, SETTINGS, "selfeval.yaml")
    out = run("draft", metrics, *STARTER_ONLY).stdout
    assert ("Not applicable to us: children in care have life-story work (life-story work is delivered by the "
            "regional adoption agency).") in out
    assert ("*(Accepted as a risk until 2099-06-30, approved by Director of Children's "
            "Services: New supervision policy launches in May; audit again in June.)*") in out
    assert "### Progress on the last inspection's recommendations" in out
    assert ("| 1. Ensure assessments are timely. | Assessments are completed within 45 working days: serious | "
            "Not yet met |") in out
    assert "Not applicable to us" not in run("draft", metrics, "--no-settings", *STARTER_ONLY).stdout


def test_multiline_notes_stay_in_their_bullet(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "notes: |\n  First line.\n  - not a bullet\nmetrics: {}\n")
    out = run("draft", p, *STARTER_ONLY).stdout
    assert "- **Notes on the evidence:** First line. - not a bullet\n" in out


def test_draft_limited_to_a_theme(run: Run) -> None:
    out = run("draft", EXAMPLES / "metrics.yaml", "--areas", "supervision", *STARTER_ONLY).stdout
    label = "theme: Supervision regular, reflective and recorded on the child's file"
    assert f"> **Limited to:** {label}." in out
    assert "### Impact of leaders" in out and "Social worker caseloads are not rising" not in out
    assert f"*Help and protection is not covered by this draft: it is limited to {label}.*" in out


def test_draft_shows_a_changed_threshold_and_what_the_pack_says(run: Run, tmp_path: Path) -> None:
    metrics = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text())
    write(tmp_path, "overrides:\n  - {rule: starter-assessment-timeliness, level: serious, below: 60, "
                    "reason: Our plan accepts 60% this year.}\n", "selfeval.yaml")
    out = run("draft", metrics, *STARTER_ONLY).stdout
    assert "- **Assessments are completed within 45 working days.**" in out
    assert ("*(Threshold changed in local settings — serious: below 60 (the pack says: all of: ") in out
    assert "Our plan accepts 60% this year; by the pack's own thresholds: serious.)*" in out
