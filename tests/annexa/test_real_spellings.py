"""Annex A as case-management systems really export it: each class of real spelling imports
first time and gives the values the clean workbook gives.

The clean workbook is the small synthetic one (its values are also held to hand-derived answers
in test_synthetic). Each fixture rewrites it the way one class of real export differs: header
names, pivot headers, codes inside descriptions, yes/no forms, fractional ages, #N/A, sheet
names, formulas with no saved value.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfeval.sources.annexa.compute import Settings
from selfeval.sources.annexa.identify import identify
from selfeval.sources.annexa.metrics import compute
from selfeval.sources.annexa.read import read_annex_a
from selfeval.sources.annexa.synthetic import CHILD_POPULATION

from .conftest import AS_AT, make_xlsx

Sheets = dict[str, list[list[Any]]]
SETTINGS = Settings(as_at=AS_AT, child_population=CHILD_POPULATION["small"])


def load_sheets(path: Path) -> Sheets:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return {n: [list(r) for r in wb.get_sheet_by_name(n).to_python(skip_empty_area=False)] for n in wb.sheet_names}


def values(path: Path) -> dict[str, tuple[Any, Any, Any]]:
    result = compute(read_annex_a(path), SETTINGS)
    return {m: (v.value, v.numerator, v.denominator) for m, v in result.values.items()}


@pytest.fixture(scope="module")
def clean(small_workbook: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> tuple[Sheets, dict[str, Any]]:
    sheets = load_sheets(small_workbook[0])
    path = make_xlsx(tmp_path_factory.mktemp("clean") / "clean.xlsx", sheets)
    return sheets, values(path)


def header_row(name: str, rows: list[list[Any]]) -> int:
    got = identify(name, rows)
    return got.header_row if got.number is not None and got.header_row >= 0 else -1


def columns(sheets: Sheets, header: str) -> list[tuple[str, int, int]]:
    """(sheet, header row, column) of every column headed ``header``."""
    out = []
    for name, rows in sheets.items():
        h = header_row(name, rows)
        if h < 0:
            continue
        for i, v in enumerate(rows[h]):
            if isinstance(v, str) and " ".join(v.split()).lower() == header.lower():
                out.append((name, h, i))
    return out


def rename(sheets: Sheets, old: str, new: str) -> None:
    for name, h, i in columns(sheets, old):
        sheets[name][h][i] = new


def map_cells(sheets: Sheets, header: str, fn: Callable[[Any], Any]) -> None:
    for name, h, i in columns(sheets, header):
        for row in sheets[name][h + 1:]:
            if i < len(row):
                row[i] = fn(row[i])


# ---------------------------------------------------------------- one fixture per class

def names(sheets: Sheets) -> None:
    for old, new in [("Child Unique ID", "Child Unique Identifier"), ("Date of Birth", "Child's Date of Birth"),
                     ("Date of Contact", "Date contact received"),
                     ("Personal adviser allocated", "Allocated Personal Advisor"),
                     ("Suitability of Accommodation", "Suitability of Accomodation"),
                     ("Eligibility Category", "Eligibity Category"),
                     ("Date Started to be Looked After", "Date started to be looked after "),
                     ("Continuous Assessment Date of Authorisation", "CONTINUOUS ASSESSMENT - DATE OF AUTHORISATION")]:
        rename(sheets, old, new)
    list3 = next(n for n in sheets if identify(n, sheets[n]).number == 3)
    rename({list3: sheets[list3]}, "Child Unique Identifier", "LCS Child ID")


def pivot_headers(sheets: Sheets) -> None:
    for h in ("Number of Previous Child Protection Plans", "Number of Placements in the Last 12 months",
              "Number of Referrals in Last 12 Months"):
        rename(sheets, h, "Sum of " + h)
    rename(sheets, "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
           "Count of Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months")


def _describe(style: int) -> Callable[[Any], Any]:
    def fn(v: Any) -> Any:
        if not isinstance(v, str) or not v.strip():
            return v
        from selfeval.sources.codes import table

        for lst in ("legal_status", "placement_type", "activity", "accommodation_type"):
            codes = table()[lst]
            m = codes.match(v)
            if m is not None and m.code and m.how == "code":
                code, desc = m.code, codes.describe(m.code)
                return [f"CLA - {code} - {desc.title()}", desc.upper() + f" [{code}]", desc.capitalize(),
                        f"{code}OUT - {desc}" if lst == "placement_type" else f"{desc} ({code})"][style]
        return v
    return fn


def code_in_description(sheets: Sheets) -> None:
    for i, h in enumerate(["Child's Legal Status", "Placement Type", "Activity Status", "Type of Accommodation"]):
        map_cells(sheets, h, _describe(i % 4))
        map_cells(sheets, h, _describe((i + 2) % 4))  # a second style over the first is still read


_YES_NO = {"Was the Child Seen Alone?": ("Child seen alone", "Not seen"),
           "Was the child offered a Return Interview after their last missing episode (Y/N)?":
               ("Offered and Accepted", "Not Offered (Missing Again)")}


def yes_no_variants(sheets: Sheets) -> None:
    from selfeval.sources.cells import parse_yes_no

    for header, (yes, no) in _YES_NO.items():
        forms = iter([yes, "1 - Yes", "Yes-See care notes for details"] * 10_000)
        nos = iter([no, "0 - No"] * 10_000)

        def fn(v: Any, forms: Any = forms, nos: Any = nos) -> Any:
            try:
                a = parse_yes_no(v)
            except ValueError:
                return v
            return next(forms) if a is True else next(nos) if a is False else v
        map_cells(sheets, header, fn)


def fractional_ages(sheets: Sheets) -> None:
    map_cells(sheets, "Age", lambda v: (v + 0.0855) if isinstance(v, (int, float)) and not isinstance(v, bool)
              else v)


def na_cells(sheets: Sheets) -> None:
    # a failed lookup where there is nothing to find: end dates still open, columns no rule reads
    for h in ("Date Ceased to be Looked After", "Child Protection Plan End Date", "CIN Closure Date",
              "Allocated Team", "Contact Source"):
        always = h in ("Allocated Team", "Contact Source")
        map_cells(sheets, h, lambda v, always=always: "#N/A" if always or v in (None, "", " ") else v)


def odd_sheet_names(sheets: Sheets) -> None:
    odd = {3: "Sheet3", 7: "CP", 8: "Annex_A_L8", 9: "Sheet1", 4: "Export (2)", 10: "Sheet11"}
    for name in list(sheets):
        n = identify(name, sheets[name]).number
        if n in odd:
            sheets[odd[n]] = sheets.pop(name)


FORMULA = "=FORMULA"  # written as a formula with no saved value


def formulas_without_values(sheets: Sheets) -> None:
    # a calculated Age (the date of birth is there, so no rule needs it) and team lookups
    map_cells(sheets, "Age", lambda v: FORMULA)
    map_cells(sheets, "Allocated Team", lambda v: FORMULA)


def write(path: Path, sheets: Sheets) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(['=VLOOKUP(A2,Other!A:B,2,FALSE)' if v == FORMULA else v for v in row])
    wb.save(path)
    return path


CLASSES = {"names": names, "pivot headers": pivot_headers, "code in description": code_in_description,
           "yes/no variants": yes_no_variants, "fractional ages": fractional_ages, "#N/A": na_cells,
           "odd sheet names": odd_sheet_names, "formulas without values": formulas_without_values}


@pytest.mark.parametrize("kind", list(CLASSES))
def test_real_spellings_import_first_time_with_the_clean_values(
        kind: str, clean: tuple[Sheets, dict[str, Any]], tmp_path: Path) -> None:
    sheets = {n: [list(r) for r in rows] for n, rows in clean[0].items()}
    CLASSES[kind](sheets)
    assert sheets != clean[0], "the fixture changed nothing"
    path = write(tmp_path / "real.xlsx", sheets)
    got = values(path)
    assert got == clean[1], {m: (got.get(m), v) for m, v in clean[1].items() if got.get(m) != v}


def test_each_class_is_reported_as_read(clean: tuple[Sheets, dict[str, Any]], tmp_path: Path) -> None:
    sheets = {n: [list(r) for r in rows] for n, rows in clean[0].items()}
    for fn in (names, pivot_headers, na_cells, formulas_without_values):
        fn(sheets)
    result = compute(read_annex_a(write(tmp_path / "real.xlsx", sheets)), SETTINGS)
    lines = " | ".join(result.quality.lines())
    assert "read 'Suitability of Accomodation' as 'Suitability of Accommodation' (close spelling)" in lines
    assert "read 'Sum of Number of Previous Child Protection Plans' as" in lines
    assert "read 'LCS Child ID' as 'Child Unique ID' (alternative name)" in lines
    assert "formula with no saved value" in lines
    assert "held #N/A (a failed lookup), read as blank" in lines


# ---------------------------------------------------------------- the property

@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rnd=st.randoms(use_true_random=False), upper=st.booleans(), extra_sheet=st.booleans())
def test_sheet_order_names_header_case_and_extra_columns_never_change_a_value(
        rnd: random.Random, upper: bool, extra_sheet: bool, clean: tuple[Sheets, dict[str, Any]],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    items = [(n, [list(r) for r in rows]) for n, rows in clean[0].items()]
    rnd.shuffle(items)
    sheets: Sheets = {}
    for i, (name, rows) in enumerate(items):
        h = header_row(name, rows)
        if h >= 0:
            rows[h] = [(v.upper() if upper else v.lower()) if isinstance(v, str) else v for v in rows[h]]
            at = rnd.randint(0, len(rows[h]))
            for r, row in enumerate(rows):  # an unrelated column, anywhere
                row.insert(at, "Notes from the worker" if r == h else ("x" if r > h else None))
        sheets[f"Export {i}" if rnd.random() < 0.7 else name] = rows
    if extra_sheet:
        sheets["Pivot"] = [["Team", "Sum of cases"], ["North", 12], ["South", 9]]
    path = write(tmp_path_factory.mktemp("prop") / "shuffled.xlsx", sheets)
    assert values(path) == clean[1]


def test_the_send_annex_a_is_refused_with_a_message_that_says_so(tmp_path: Path) -> None:
    from selfeval.core.errors import SelfevalError

    path = make_xlsx(tmp_path / "send.xlsx", {
        "EHCP": [["Child ID", "Date EHC needs assessment requested", "Date EHC plan issued", "SEN support"]],
        "Tribunals": [["Child ID", "Date of appeal", "Education, Health and Care plan section"]]})
    with pytest.raises(SelfevalError, match="SEND Annex A"):
        read_annex_a(path)


def test_a_date_stays_a_date(clean: tuple[Sheets, dict[str, Any]]) -> None:
    assert any(isinstance(v, dt.date) for rows in clean[0].values() for row in rows for v in row)
