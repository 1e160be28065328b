"""Workbooks the import cannot use: one clear located error, and nothing written; and bad cells,
which never stop the import but are reported by reference (and with --strict are errors)."""

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


def reads_on(tmp_path: Path, source: Path, *, as_at: dt.date = AS_AT) -> tuple[object, str]:
    """One bad cell never stops the import: the result and the metrics file's text."""
    out = tmp_path / "metrics.yaml"
    result = metrics_from_annex_a(source, out, as_at=as_at, authority="Test")
    text = out.read_text(encoding="utf-8")
    assert "# Data quality (" in text
    return result, " | ".join(result.quality.problems) + " | " + text


def test_bad_date_is_reported_by_cell_and_its_row_left_out(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [
        ASSESS, ["A1", None, "01/03/2024", "01/04/2024"], ["A2", None, "01/03/2024", "31/13/2024"]]})
    result, text = reads_on(tmp_path, src)
    v = result.values["assessments_within_45_working_days_pct"]  # type: ignore[attr-defined]
    assert (v.numerator, v.denominator) == (1, 1)
    assert "1 row left out: a cell could not be read" in " ".join(v.notes)
    assert "column 'Continuous Assessment Date of Authorisation': 1 cell could not be read (not a real date): D3" in text
    assert "31/13/2024" not in text
    fails_strict(tmp_path, src, "--strict", "List 4 (sheet 'List 4') column 'Continuous Assessment Date of "
                 "Authorisation': 1 cell could not be read (not a real date): D3")


def fails_strict(tmp_path: Path, source: Path, *messages: str) -> str:
    out = tmp_path / "strict.yaml"
    with pytest.raises(SelfevalError) as info:
        metrics_from_annex_a(source, out, as_at=AS_AT, authority="Test", strict=True)
    text = str(info.value)
    assert "\n" not in text
    for m in messages:
        assert m in text, text
    assert not out.exists()
    return text


def test_us_date_order_is_explained(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "03/25/2024", "04/01/2024"]]})
    _, text = reads_on(tmp_path, src)
    assert "written month/day/year; Annex A dates are day/month/year): C2" in text


def test_formula_error_written_as_text_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "List 4.csv").write_text(",".join(ASSESS) + "\nA1,,#REF!,01/04/2024\n", encoding="utf-8")
    _, text = reads_on(tmp_path, folder)
    assert "column 'Continuous Assessment Start Date': 1 cell could not be read (Excel error #REF!): row 2 column 3" in text


def test_identifying_values_are_never_echoed(tmp_path: Path) -> None:
    headers = ["Child Unique ID", "Date of Birth", "LA in Touch", "Type of Accommodation",
               "Suitability of Accommodation", "Activity Status"]
    src = make_xlsx(tmp_path / "a.xlsx", {"List 9": [headers, ["CL1", "31/02/2005", "YES", "S", "Suitable", "F1"]]})
    _, text = reads_on(tmp_path, src)
    assert "column 'Date of Birth': 1 cell could not be read (not a real date): B2" in text
    assert "31/02/2005" not in text and "CL1" not in text
    assert "31/02/2005" not in fails_strict(tmp_path, src, "B2")


def test_date_outside_the_bank_holiday_table(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "01/03/2009", "01/04/2024"]]})
    result, _ = reads_on(tmp_path, src)
    why = result.not_computed["assessments_within_45_working_days_pct"]  # type: ignore[attr-defined]
    assert "outside the bank holiday table" in why and "row 2, column 'Continuous Assessment Start Date'" in why


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


def test_csv_folder_findings_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "List 4.csv").write_text(",".join(ASSESS) + "\nA1,,01/03/2024,not a date\n", encoding="utf-8")
    _, text = reads_on(tmp_path, folder)
    assert "file 'List 4.csv'" in text
    assert "column 'Continuous Assessment Date of Authorisation': 1 cell could not be read (not a date): row 2 column 4" in text


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


CLA_MIN = ["Date of Birth", "Date Started to be Looked After", "Child's Legal Status", "Date of Latest Statutory Review",
           "Date of Last Social Work Visit", "Date of Last Health Assessment", "Date of Last Dental Check",
           "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
           "Start Date of Most Recent Placement", "Placement Type",
           "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
           "Was the child offered a Return Interview after their last missing episode (Y/N)?"]


def _cla(dob: str, start: str, visit: str) -> list[object]:
    return [dob, start, "C2", "01/06/2024", visit, "01/06/2024", "01/06/2024", 1, None, start, "U4", 0, None]


def test_when_every_row_is_left_out_the_note_says_why(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 8": [CLA_MIN] + [_cla("01/01/2015", "01/01/2020", "01/07/2024")] * 3})
    result, _ = reads_on(tmp_path, src)
    why = result.not_computed["cla_visits_within_timescale_pct"]  # type: ignore[attr-defined]
    assert why == "every row was left out (3 rows left out: last social work visit after the as-at date)"


def test_unreadable_cohort_dates_give_an_honest_reason(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 8": [CLA_MIN] + [_cla("01/01/2015", "#REF!", "01/06/2024")] * 2})
    result, _ = reads_on(tmp_path, src)
    why = result.not_computed["cla_visits_within_timescale_pct"]  # type: ignore[attr-defined]
    assert why.startswith("no children in care at the as-at date among the rows that could be read; "
                          "2 rows left out: a cell could not be read (columns 'Date Started to be Looked After', "
                          "'Start Date of Most Recent Placement')")


def test_impossible_ages_and_dates_of_birth_are_warned_about(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 8": [CLA_MIN,
        _cla("01/01/2005", "01/01/2020", "20/06/2024"),  # 19 at the as-at date: not a child in care
        _cla("01/01/2021", "01/01/2020", "20/06/2024"),  # born after care started
        _cla("01/01/2015", "01/01/2020", "20/06/2024")]})
    result, text = reads_on(tmp_path, src)
    v = result.values["cla_visits_within_timescale_pct"]  # type: ignore[attr-defined]
    assert v.denominator == 2 and "1 row left out: aged 18 or over at the as-at date" in " ".join(v.notes)
    assert "List 8: 1 row aged 18 or over at the as-at date but still in care (rows 2)" in text
    assert "List 8: 1 row with a date of birth after the date care started (rows 3)" in text
    assert "01/01/2005" not in text and "2005-01-01" not in text


def test_an_as_at_far_from_the_data_is_warned_about(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", None, "01/03/2024", "01/04/2024"]]})
    (tmp_path / "late").mkdir()
    (tmp_path / "early").mkdir()
    result, text = reads_on(tmp_path / "late", src, as_at=dt.date(2026, 6, 30))
    assert "--as-at 2026-06-30 is 820 days after the latest date in the lists" in text
    result, text = reads_on(tmp_path / "early", src, as_at=dt.date(2024, 2, 1))
    assert "--as-at 2024-02-01 is before every date in the lists" in text


def test_counts_of_one_read_as_english(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 8": [CLA_MIN + ["URN of Placement"],
                                                     _cla("01/01/2015", "01/01/2020", "20/06/2024")[:10] + ["K2", 0, None, None]]})
    _, text = reads_on(tmp_path, src)
    assert "1 child counted" in text and "1 children" not in text and "1 rows" not in text
