"""No child data in any message: workbooks full of recognisable fake names, identifiers and dates
of birth, planted in every column of every list (and in headers and sheet names), never see one
of them quoted in an output or an error message."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import Run

from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.metrics_workbook import write_template

AS_AT = ["--as-at", "2026-09-30", "--authority", "Testshire"]
PLANTED = ["Zebedee Quarrington", "ZQ7734019", "Ava Wright (CH0101734)", "25/04/2016", "Quarrington"]
"""A name, an identifier, both as a sheet might be named, a date of birth, a surname."""
COLUMNS = [(n, c.header) for n, spec in sorted(LISTS.items()) for c in spec.columns]


def _leaks(text: str) -> list[str]:
    return [p for p in PLANTED if p in text] + (["CH0101734"] if "CH0101734" in text else [])


def _csv(folder: Path, number: int, rows: list[list[object]]) -> None:
    folder.mkdir(exist_ok=True)
    with (folder / f"List {number}.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


@pytest.mark.parametrize(("number", "header"), COLUMNS, ids=[f"{n}-{h}" for n, h in COLUMNS])
@pytest.mark.parametrize("planted", PLANTED[:4])
def test_a_planted_value_in_any_column_is_never_quoted(run: Run, tmp_path: Path, number: int, header: str,
                                                      planted: str) -> None:
    spec = LISTS[number]
    headers = [c.header for c in spec.columns]
    row = ["" for _ in headers]
    row[headers.index(header)] = planted
    _csv(tmp_path / "lists", number, [headers, row])
    result = run("metrics", "from-annex-a", tmp_path / "lists", *AS_AT, expect=None)
    assert result.exit_code in (0, 2), result.stderr
    assert _leaks(result.stdout + result.stderr) == [], (result.stderr, header)


@pytest.mark.parametrize("number", sorted(LISTS), ids=str)
def test_a_header_carrying_a_name_is_not_quoted(run: Run, tmp_path: Path, number: int) -> None:
    spec = LISTS[number]
    required = [c for c in spec.columns if c.required]
    if not required:
        pytest.skip("no required column")
    headers = [c.header for c in spec.columns]
    headers[headers.index(required[-1].header)] = f"{required[-1].header[:-2]} - Zebedee Quarrington"
    _csv(tmp_path / "lists", number, [headers, ["" for _ in headers]])
    err = run("metrics", "from-annex-a", tmp_path / "lists", *AS_AT, expect=None).stderr
    assert _leaks(err) == [], err


def test_a_renamed_child_id_column_is_never_linked_to_the_name_column(run: Run, tmp_path: Path) -> None:
    spec = LISTS[3]  # re-referrals link a child's referrals by the identifier
    headers = ["Child Name" if c.field == "child_id" else c.header for c in spec.columns]
    _csv(tmp_path / "lists", 3, [headers, ["" for _ in headers]])
    err = run("metrics", "from-annex-a", tmp_path / "lists", *AS_AT, expect=2).stderr
    assert "Child Name" not in err and "Child Unique ID" in err


def test_sheet_names_carrying_a_child_are_counted_not_quoted(run: Run, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.create_sheet("Ava Wright (CH0101734)")
    wb.save(tmp_path / "a.xlsx")
    err = run("metrics", "from-annex-a", tmp_path / "a.xlsx", *AS_AT, expect=2).stderr
    assert "'Sheet1'" in err and "1 other" in err and _leaks(err) == []


@pytest.mark.parametrize("planted", PLANTED)
@pytest.mark.parametrize("cell", ["About!B4", "About!B5", "Metrics!H2", "Metrics!K2", "Audit answers!E2", "Facts!E2"])
def test_metrics_workbook_messages_do_not_quote_planted_values(run: Run, tmp_path: Path, planted: str, cell: str) -> None:
    import openpyxl

    path = tmp_path / "m.xlsx"
    write_template(path, authority="Testshire")
    wb = openpyxl.load_workbook(path)
    sheet, ref = cell.split("!")
    wb[sheet][ref] = planted
    if sheet == "About" and ref == "B4":
        wb["About"]["B5"] = "2025-04-01"
    wb.save(path)
    result = run("check", path, "--no-settings", expect=None)
    assert result.exit_code in (0, 1, 2)
    if cell != "About!B4":  # the authority's name is the user's own, shown as written
        assert _leaks(result.stderr) == [], result.stderr
