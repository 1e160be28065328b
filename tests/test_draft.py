"""selfeval draft: the three questions per area, strengths with figures, weaknesses serious first,
plans with [owner]/[date], what could not be evidenced; Markdown and a real Word document."""

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
    "What are our plans for the next 12 months to maintain or improve practice?",
)
STRENGTH = ("We meet the expectation that every child in care who needs it has life-story work that helps "
            "them understand their history: Life-story work in place: 15 of 20 applicable cases (75%; 90% interval 57% to 87%) answered yes.")
PLAN_ACTION = "Review every open assessment past working day 35 each week, and record why any is late."


def _example_draft() -> draft.Draft:
    opts = Options(rules=(STARTER,), builtin=False, generated=dt.date(2026, 4, 30))
    sub = submission.load(EXAMPLES / "metrics.yaml")
    return draft.build(sub, check_submission(sub, load_rules(opts), opts))


@pytest.fixture(scope="module")
def md() -> str:
    return draft.to_markdown(_example_draft())


def test_three_questions_per_area(md: str) -> None:
    areas = _example_draft().data["areas"]
    assert [a["id"] for a in areas] == ["help_and_protection", "children_in_care", "leaders"]
    for q in QUESTIONS:
        assert md.count(f"### {q}") == len(areas), q
    for a in areas:
        assert f"\n## {a['title']}\n" in md


def test_title_block(md: str) -> None:
    assert md.startswith("<!-- header: Harrowdale Metropolitan Borough Council (fictional) — self-evaluation, "
                         "draft for discussion -->\n# Self-evaluation: Harrowdale Metropolitan Borough Council (fictional)\n")
    for part in ("**Draft — for discussion.**", "- **Period:** 2025-04-01 to 2026-03-31",
                 "- **Generated:** 2026-04-30 by selfeval", "Starter pack (every condition kind) (ILACS 2026-04, version 0.1.0)",
                 "- **Case file audit:** 40 cases, completed 2026-03-20"):
        assert part in md, part
    assert "not a prediction of the grade Ofsted would give" in md


def test_strengths_carry_their_figures(md: str) -> None:
    assert f"- **Children in care have life-story work.** {STRENGTH}" in md


def test_weaknesses_serious_first_with_figures(md: str) -> None:
    hp = md.split("## Help and protection")[1].split("## Children in care")[0]
    serious = hp.index("- **Serious weakness: Assessments are completed within 45 working days.**")
    concern = hp.index("- **Weakness: Return home interviews are monitored by leaders.**")
    assert serious < concern
    assert ("We do not yet meet the expectation that children's needs are assessed without delay, so that help "
            "starts when it is needed. Child and family assessments completed within 45 working days: 68% (England: 85.7%, year ending 31 March 2025); "
            "Assessment analyses history: 29 of 40 applicable cases (72.5%; 90% interval 60% to 82%) answered no or partly.") in hp
    statuses = [w["status"] for a in _example_draft().data["areas"] for w in a["weaknesses"]]
    assert statuses == ["serious", "concern", "serious"]


def test_how_we_know_names_period_sample_and_date(md: str) -> None:
    hp = md.split("## Help and protection")[1].split("## Children in care")[0]
    assert ("| Child and family assessments completed within 45 working days | 68% (England: 85.7%, year ending 31 March 2025) | "
            "2025-04-01 to 2026-03-31; source: Annex A List 4; note: dipped in Q3 after a system change; England "
            "figure: ") in hp
    assert "| yes 11 · partly 15 · no 14 · not applicable 0 | case file audit of 40 cases, completed 2026-03-20 |" in hp


def test_plans_one_per_gap_with_placeholders(md: str) -> None:
    data = _example_draft().data
    for a in data["areas"]:
        assert len(a["plans"]) == len(a["weaknesses"])
        assert all(p["owner"] is None and p["due"] is None for p in a["plans"])
    assert (f"| {PLAN_ACTION} | Serious weakness: Assessments are completed within 45 working days (rule "
            "`starter-assessment-timeliness`) | Child and family assessments completed within 45 working days "
            "(now 68%); Assessment analyses history (now 29 of 40 applicable cases (72.5%; 90% interval 60% to 82%) answered no or partly) "
            "| [owner] | [date] |") in md
    assert md.count("| [owner] | [date] |") == 3


def test_what_could_not_be_evidenced(md: str) -> None:
    leaders = md.split("## Impact of leaders")[1].split("## What this draft does not cover")[0]
    assert ("- **Social worker caseloads are not rising.** We cannot yet show that caseloads stay manageable, so that "
            "social workers know their children well. We have Average social worker caseload: 21 (England: 15.2, "
            "30 September 2025), but not enough "
            "to judge it. Missing:") in leaders
    assert "  - Average social worker caseload (previous period's figure) — how to evidence it: Add it under" in leaders
    closing = md.split("## What this draft does not cover")[1]
    assert "- **Care leavers:** no rule in the loaded rule packs covers this area" in closing
    assert "| Average social worker caseload | previous period's figure | starter-caseloads-worsening |" in closing
    assert "children's and families' experiences" in closing


def test_wording_comes_from_the_rule(tmp_path: Path, run: Run) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(STARTER.read_text().replace(
        "Every child in care who needs it has life-story work that helps them understand their history.",
        "IROs see that each child's life story is written with them."))
    out = run("draft", EXAMPLES / "metrics.yaml", "--no-builtin", "--rules", pack).stdout
    assert "We meet the expectation that IROs see that each child's life story is written with them:" in out


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
    assert "- **Limited to:** Children in care." in out
    assert "## Help and protection" not in out and "## Children in care" in out
    assert "- **Impact of leaders:** left out, because this draft is limited to Children in care." in out
    err = run("draft", EXAMPLES / "metrics.yaml", "--areas", "children-in-cere", *STARTER_ONLY, expect=2).stderr
    assert "did you mean" in err


def test_draft_with_little_evidence(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics: {}\n")
    out = run("draft", p, *STARTER_ONLY).stdout
    assert "No strengths can be drawn from this evidence" in out
    assert "We cannot yet show that" in out
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
    assert h1 == ["Help and protection", "Children in care", "Impact of leaders", "What this draft does not cover"]
    h2 = [t for s, t in styles if s == "Heading 2"]
    assert h2.count(QUESTIONS[0]) == 3 and h2.count(QUESTIONS[2]) == 3
    authority = "Authority: Harrowdale Metropolitan Borough Council (fictional)"
    assert ("Heading 3", "Strengths") in styles and ("List Bullet", authority) in styles
    strength = next(p for p in doc.paragraphs if STRENGTH in p.text)
    assert strength.style.name == "List Bullet"
    assert strength.runs[0].bold and strength.runs[0].text == "Children in care have life-story work."
    assert ("List Bullet 2" in {s for s, _ in styles})
    # real Word tables with a header row, and the plan in one
    assert len(doc.tables) >= 6
    plans = [t for t in doc.tables if t.rows[0].cells[0].text == "Action"]
    assert len(plans) == 2
    assert [c.text for c in plans[0].rows[0].cells] == ["Action", "Gap it addresses", "Measure to watch", "Owner", "By when"]
    assert plans[0].style.name == "Table Grid"
    assert plans[0].rows[1].cells[0].text == PLAN_ACTION
    assert [c.text for c in plans[0].rows[1].cells][3:] == ["[owner]", "[date]"]
    assert all(r.bold for r in plans[0].rows[0].cells[0].paragraphs[0].runs)
    # no Markdown markup left anywhere
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
    assert ("- **Children in care have life-story work** does not apply to us: Life-story work is delivered by the "
            "regional adoption agency.") in out
    assert ("answered no or partly. *(Accepted as a risk until 2099-06-30, approved by Director of Children's "
            "Services: New supervision policy launches in May; audit again in June.)*") in out
    assert "## Progress on the last inspection's recommendations" in out
    assert ("| 1. Ensure assessments are timely. | Assessments are completed within 45 working days: Serious | "
            "Not yet met |") in out
    assert "does not apply" not in run("draft", metrics, "--no-settings", *STARTER_ONLY).stdout


def test_multiline_notes_stay_in_their_bullet(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "notes: |\n  First line.\n  - not a bullet\nmetrics: {}\n")
    out = run("draft", p, *STARTER_ONLY).stdout
    assert "- **Notes on the evidence:** First line. - not a bullet\n" in out


def test_draft_limited_to_a_theme(run: Run) -> None:
    out = run("draft", EXAMPLES / "metrics.yaml", "--areas", "supervision", *STARTER_ONLY).stdout
    label = "theme: Supervision regular, reflective and recorded on the child's file"
    assert f"- **Limited to:** {label}." in out
    assert "## Impact of leaders" in out and "Social worker caseloads are not rising" not in out
    assert f"- **Help and protection:** left out, because this draft is limited to {label}." in out


def test_draft_shows_a_changed_threshold_and_what_the_pack_says(run: Run, tmp_path: Path) -> None:
    metrics = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text())
    write(tmp_path, "overrides:\n  - {rule: starter-assessment-timeliness, level: serious, below: 60, "
                    "reason: Our plan accepts 60% this year.}\n", "selfeval.yaml")
    out = run("draft", metrics, *STARTER_ONLY).stdout
    assert "- **Weakness: Assessments are completed within 45 working days.**" in out
    assert ("*(Threshold changed in local settings — serious: below 60 (the pack says: all of: ") in out
    assert "Our plan accepts 60% this year; by the pack's own thresholds: Serious.)*" in out
