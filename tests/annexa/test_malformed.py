"""Workbooks the import cannot use: one clear located error, and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from selfeval.core.errors import SelfevalError
from selfeval.sources.annexa.run import metrics_from_annex_a

from .conftest import make_xlsx

AS_AT = dt.date(2024, 6, 28)
ASSESS = ["Child Unique ID", "Date of Birth", "Continuous Assessment Start Date",
          "Continuous Assessment Date of Authorisation"]


def fails(tmp_path: Path, source: Path, *messages: str) -> str:
    out = tmp_path / "metrics.yaml"
    with pytest.raises(SelfevalError) as info:
        metrics_from_annex_a(source, out, as_at=AS_AT, authority="Test")
    text = str(info.value)
    assert "\n" not in text
    for m in messages:
        assert m in text, text
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left
    return text


def test_missing_column_names_it_and_the_closest_header(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [
        ["Child Unique ID", "Continuous Assessment Start Date", "Cont. Assessment Date of Authorization"],
        ["A1", "01/03/2024", "01/04/2024"]]})
    fails(tmp_path, src, "a.xlsx", "sheet 'List 4', header row 1",
          "List 4 (assessments) has no column 'Continuous Assessment Date of Authorisation'",
          "closest header is 'Cont. Assessment Date of Authorization'")


def test_bad_date_names_sheet_row_column_and_cell(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [
        ASSESS, ["A1", None, "01/03/2024", "01/04/2024"], ["A2", None, "01/03/2024", "31/13/2024"]]})
    fails(tmp_path, src,
          "sheet 'List 4', row 3, column 'Continuous Assessment Date of Authorisation' (cell D3)",
          "'31/13/2024' is not a real date")


def test_us_date_order_is_explained(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "03/25/2024", "04/01/2024"]]})
    fails(tmp_path, src, "row 2", "looks like month/day/year")


def test_formula_error_written_as_text_is_reported(tmp_path: Path) -> None:
    # In an .xlsx, python-calamine reads a formula error cell as empty (so it counts as blank);
    # written out as text (CSV, or pasted values) the error is reported.
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "List 4.csv").write_text(",".join(ASSESS) + "\nA1,,#REF!,01/04/2024\n", encoding="utf-8")
    fails(tmp_path, folder, "row 2, column 'Continuous Assessment Start Date'", "Excel error #REF!")


def test_identifying_values_are_never_echoed(tmp_path: Path) -> None:
    headers = ["Child Unique ID", "Date of Birth", "LA in Touch", "Type of Accommodation",
               "Suitability of Accommodation", "Activity Status"]
    src = make_xlsx(tmp_path / "a.xlsx", {"List 9": [headers, ["CL1", "31/02/2005", "YES", "S", "Suitable", "F1"]]})
    text = fails(tmp_path, src, "column 'Date of Birth' (cell B2)", "cannot be read as a date")
    assert "31/02/2005" not in text


def test_date_outside_the_bank_holiday_table(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "01/03/2009", "01/04/2024"]]})
    fails(tmp_path, src, "row 2, column 'Continuous Assessment Start Date'", "outside the bank holiday table")


def test_unreadable_file(tmp_path: Path) -> None:
    src = tmp_path / "a.xlsx"
    src.write_bytes(b"this is not a workbook")
    fails(tmp_path, src, "a.xlsx", "cannot open this file as an Excel workbook")


def test_workbook_without_lists(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"Sheet1": [["a", "b"]], "Pivot": [[1]]})
    fails(tmp_path, src, "no Annex A list found", "'Sheet1', 'Pivot'", "'List 1' … 'List 11'")


def test_two_sheets_for_one_list(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS], "Assessments": [ASSESS]})
    fails(tmp_path, src, "both 'List 4' and 'Assessments' look like List 4")


def test_list_sheet_without_header_row(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [["x", "y"], [1, 2]]})
    fails(tmp_path, src, "sheet 'List 4' looks like List 4", "no header row")


def test_wrong_kind_of_file_and_missing_file(tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF")
    fails(tmp_path, src, "cannot read '.pdf' files")
    fails(tmp_path, tmp_path / "nothere.xlsx", "no such file")


def test_csv_folder_errors_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "List 4.csv").write_text(",".join(ASSESS) + "\nA1,,01/03/2024,not a date\n", encoding="utf-8")
    fails(tmp_path, folder, "List 4.csv", "row 2, column 'Continuous Assessment Date of Authorisation'")


def test_existing_output_is_not_overwritten(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "01/03/2024", "01/04/2024"]]})
    out = tmp_path / "metrics.yaml"
    out.write_text("mine")
    with pytest.raises(SelfevalError, match="already exists"):
        metrics_from_annex_a(src, out, as_at=AS_AT, authority="Test")
    assert out.read_text() == "mine"


def test_as_at_outside_the_bank_holiday_table(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "01/03/2024", "01/04/2024"]]})
    out = tmp_path / "metrics.yaml"
    with pytest.raises(SelfevalError, match="--as-at 2031-01-31 is outside the bank holiday table"):
        metrics_from_annex_a(src, out, as_at=dt.date(2031, 1, 31), authority="Test")
    assert not out.exists()
