"""Case-audit spreadsheets in: counts and the sample out, never a case or child identifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from selfeval.cli.app import cli
from selfeval.core import submission
from selfeval.sources.audit_sheet import answer, read_audit_sheet

NAMES = ["Zebedee Quartermaine", "Philomena Oyelaran-Sprackling", "CHILD-ID-99817"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def show(r: Result) -> str:
    return f"exit {r.exit_code}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


@pytest.mark.parametrize(("cell", "want"), [
    ("Yes", "yes"), ("y", "yes"), ("a) Yes", "yes"), ("Partly", "partly"), ("Partially met", "partly"),
    ("No", "no"), ("N", "no"), ("N/A", "not_applicable"), ("Not applicable", "not_applicable"),
    (1, "yes"), (2, "yes"), (3, "partly"), (4, "no"), ("2 - Good", "yes"), ("3 Requires improvement", "partly"),
    ("Inadequate", "no"), ("Outstanding", "yes"), (None, None), ("  ", None), (True, "yes"),
])
def test_answers_in_the_usual_spellings_and_grades(cell: object, want: str | None) -> None:
    assert answer(cell) == want


@pytest.mark.parametrize("cell", ["maybe", 7, 0, 2.5, "see notes"])
def test_other_answers_are_not_guessed(cell: object) -> None:
    with pytest.raises(ValueError):
        answer(cell)


def _fill(path: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Audits"]
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_template_fill_import_and_check(tmp_path: Path) -> None:
    sheet = tmp_path / "audit.xlsx"
    r = run("template", "--audits", "-o", str(sheet))
    assert r.exit_code == 0, show(r)
    headers = [c.value for c in openpyxl.load_workbook(sheet)["Audits"][1]]
    seen_alone = headers.index("Child seen alone")
    views = headers.index("Child's views inform the plan")
    rows = []
    for i, (sa, vw) in enumerate([("Yes", "Partly"), ("No", 3), ("N/A", 1), ("Yes", None), ("y", "No")]):
        row: list[object] = [None] * len(headers)
        row[0], row[1] = NAMES[i % 3], dt.date(2026, 2, 1 + i)
        row[seen_alone], row[views] = sa, vw
        rows.append(row)
    _fill(sheet, rows)
    out = tmp_path / "audits.yaml"
    r = run("audits", "from-sheet", str(sheet), "-o", str(out))
    assert r.exit_code == 0, show(r)
    text = out.read_text(encoding="utf-8")
    for name in NAMES:
        assert name not in text and name not in r.stderr
    assert "child_seen_alone: {yes: 3, partly: 0, no: 1, not_applicable: 1}" in text
    assert "child_views_inform_plan: {yes: 1, partly: 2, no: 1, not_applicable: 0}" in text
    assert "cases: 5" in text and "completed: 2026-02-05" in text and "2026-02-01 to 2026-02-05" in text
    metrics = tmp_path / "metrics.yaml"
    metrics.write_text('authority: "Testshire"\nperiod: {as_at: 2026-03-31}\n' + text, encoding="utf-8")
    sub = submission.load(metrics)
    assert sub.sample is not None and sub.sample.cases == 5
    r = run("check", str(metrics), "--format", "json")
    assert r.exit_code in (0, 1), show(r)


def test_csv_headers_by_id_wording_or_misspelt(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("Case ID,Child name,Date of audit,child_seen_alone,Has the child been seen alone?,"
                   "Child's veiws inform the plan,Auditor\n"
                   f"C1,{NAMES[0]},03/02/2026,Yes,,Partly,A. Auditor\n"
                   f"C2,{NAMES[1]},04/02/2026,No,,maybe,A. Auditor\n", encoding="utf-8")
    result = read_audit_sheet(src)
    assert result.answers["child_seen_alone"] == {"yes": 1, "partly": 0, "no": 1, "not_applicable": 0}
    assert result.answers["child_views_inform_plan"]["partly"] == 1
    assert any("read 'Child's veiws inform the plan' as" in r for r in result.reads)
    assert result.problems == ["column 'Child's veiws inform the plan': 1 answer not read as yes, partly, no, "
                               "not applicable or a grade 1–4: row 3 column 6"]
    r = run("audits", "from-sheet", str(src), "--strict")
    assert r.exit_code == 2, show(r)
    assert "row 3 column 6" in r.stderr and "maybe" not in r.stderr and NAMES[1] not in r.stderr
    r = run("audits", "from-sheet", str(src), "--format", "json")
    assert r.exit_code == 0 and NAMES[0] not in r.stdout and '"cases": 2' in r.stdout


def test_a_sheet_with_no_question_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("Case ID,Child name\nC1,X\n", encoding="utf-8")
    r = run("audits", "from-sheet", str(src))
    assert r.exit_code == 2, show(r)
    assert "no column matches an audit question" in r.stderr and "template --audits" in r.stderr


def test_existing_output_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    out.write_text("mine")
    r = run("template", "--audits", "-o", str(out))
    assert r.exit_code == 2 and out.read_text() == "mine"


def test_csv_template_reads_back(tmp_path: Path) -> None:
    sheet = tmp_path / "audit.csv"
    assert run("template", "--audits", "-o", str(sheet)).exit_code == 0
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text + "C1,01/02/2026,Yes,No\n", encoding="utf-8")
    result = read_audit_sheet(sheet)
    assert result.cases == 1 and result.answers["child_seen_alone"]["yes"] == 1 and not result.ignored[1:]
