"""Workbooks full of recognisable fake names and identifiers: none reaches any output or message."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from selfeval.cli.app import cli

from .conftest import make_xlsx

NAMES = ["Zebedee Quartermaine", "PHILOMENA OYELARAN", "Xanthippe Blenkinsop", "CHILD-ID-99817",
         "QX778812Z", "Ozymandias Fettiplace"]
CLA = ["Child Unique ID", "Child Name", "Date of Birth", "Age", "Date Started to be Looked After",
       "Child's Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit",
       "Date of Last Health Assessment", "Date of Last Dental Check", "Number of Placements in the Last 12 months",
       "Date Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type",
       "URN of Placement",
       "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
       "Was the child offered a Return Interview after their last missing episode (Y/N)?",
       "Was the Child Seen Alone?", "Allocated Worker"]
LEAVERS = ["Child Unique ID", "Date of Birth", "LA in Touch", "Type of Accommodation",
           "Suitability of Accommodation", "Activity Status", "Personal adviser allocated", "Eligibility Category"]
CIN = ["Child Unique ID", "CIN Start Date", "Date Child Was Last Seen", "CIN Closure Date", "Allocated Worker"]


def _workbook(path: Path) -> Path:
    cla, leavers, cin = [CLA], [LEAVERS], [CIN]
    for i in range(30):
        n = NAMES[i % len(NAMES)]
        # names and identifiers where dates, counts, codes and answers belong; some rows sound
        cla.append([n, n, n if i % 3 == 0 else "01/01/2015", n if i % 4 == 0 else 9, "01/01/2024",
                    n, "01/06/2026", n if i % 5 == 0 else "01/09/2026", "01/01/2026", "01/01/2026", n,
                    None, "01/01/2024", n if i % 2 else "K2", n, 2, n, n, n])
        leavers.append([n, n if i % 2 else "01/01/2006", n, n, n, n, n, n])
        cin.append([n, "01/01/2026", n if i % 2 else "01/09/2026", None, n])
    return make_xlsx(path, {"Sheet1": cla, "Sheet2": leavers, "Sheet3": cin})


def _no_name_in(text: str) -> None:
    low = text.lower()
    for n in NAMES:
        assert n.lower() not in low, f"{n!r} leaked"
        for part in n.split():
            if len(part) > 5:
                assert part.lower() not in low, f"{part!r} leaked"


def test_no_name_or_identifier_in_any_output(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "names.xlsx")
    runner = CliRunner()
    base = ["metrics", "from-annex-a", str(src), "--as-at", "2026-09-30", "--authority", "Testshire"]
    outputs = []
    for extra in ([], ["--format", "json"], ["--strict"], ["-o", str(tmp_path / "m.yaml")],
                  ["-o", str(tmp_path / "m.xlsx")]):
        r = runner.invoke(cli, base + extra, catch_exceptions=False)
        assert r.exit_code in (0, 2), (extra, r.stdout, r.stderr)
        outputs += [r.stdout, r.stderr]
    outputs.append((tmp_path / "m.yaml").read_text(encoding="utf-8"))
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    outputs += [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    r = runner.invoke(cli, ["check", str(tmp_path / "m.yaml"), "--format", "json"], catch_exceptions=False)
    outputs += [r.stdout, r.stderr]
    text = "\n".join(outputs)
    assert "could not be read" in text  # the problems are reported ...
    _no_name_in(text)  # ... by place, never by value


def test_no_name_in_the_audit_import(tmp_path: Path) -> None:
    src = tmp_path / "audit.csv"
    rows = ["Case reference,Child name,Audit date,Child seen alone,Visits are purposeful"]
    rows += [f"{n},{n},{n if i % 2 else '01/02/2026'},{n if i % 3 == 0 else 'Yes'},Partly"
             for i, n in enumerate(NAMES * 2)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    texts = []
    for extra in ([], ["--format", "json"], ["--strict"]):
        r = runner.invoke(cli, ["audits", "from-sheet", str(src), *extra], catch_exceptions=False)
        texts += [r.stdout, r.stderr]
    assert "not read as yes" in "".join(texts)
    _no_name_in("\n".join(texts))
