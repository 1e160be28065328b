"""The Excel template read back: same shape as YAML, cells located, garbage never crashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from selfeval.core import submission
from selfeval.core.errors import SelfevalError
from selfeval.sources.metrics_workbook import read_metrics_xlsx, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "metrics.xlsx"
    write_template(path)
    return path


def fill(template: Path, out: Path, cells: dict[tuple[str, str], object]) -> Path:
    wb = openpyxl.load_workbook(template)
    wb["About"]["B4"], wb["About"]["B5"], wb["About"]["B6"] = "Test", dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref] = value
    wb.save(out)
    return out


def test_blank_template_reads_as_an_empty_submission(template: Path, tmp_path: Path) -> None:
    raw, _ = read_metrics_xlsx(fill(template, tmp_path / "m.xlsx", {}))
    assert raw["metrics"] == {} and raw["facts"] == {} and raw["audits"] == {"answers": {}}
    sub = submission.parse(raw, file="m.xlsx")
    assert sub.authority == "Test" and not sub.evidence.metrics


def test_values_notes_counts_and_locations(template: Path, tmp_path: Path) -> None:
    path = fill(template, tmp_path / "m.xlsx", {
        ("Metrics", "H3"): 24.1, ("Metrics", "I3"): "Q2", ("Metrics", "K3"): 241, ("Metrics", "L3"): 1000,
        ("Metrics", "H4"): "7", ("Audit answers", "E3"): 4, ("Facts", "E3"): "no"})
    raw, loc = read_metrics_xlsx(path)
    ws = openpyxl.load_workbook(path)["Metrics"]
    m3 = ws["A3"].value
    assert raw["metrics"][m3] == {"value": 24.1, "note": "Q2", "numerator": 241, "denominator": 1000}
    assert raw["metrics"][ws["A4"].value] == "7"
    assert loc.where(("metrics", m3, "denominator")).place == "sheet 'Metrics', cell L3"
    assert loc.where(("authority",)).place == "sheet 'About', cell B4"
    sub = submission.parse(raw, file=str(path), locator=loc)
    assert sub.evidence.metrics[m3].value == 24.1


@pytest.mark.parametrize("typed", [340, 340.0, "340", " E08000011 "])
def test_la_code_on_the_about_sheet_names_the_authority(template: Path, tmp_path: Path, typed: object) -> None:
    """Typed as a number (Excel may keep 340.0) or as text; a wrong one is refused at its cell."""
    assert openpyxl.load_workbook(template)["About"]["A8"].value == "LA code"
    raw, loc = read_metrics_xlsx(fill(template, tmp_path / "m.xlsx", {("About", "B8"): typed}))
    sub = submission.parse(raw, file="m.xlsx", locator=loc)
    assert sub.authority_code in ("340", "E08000011")


def test_a_wrong_la_code_is_reported_at_its_cell(template: Path, tmp_path: Path) -> None:
    raw, loc = read_metrics_xlsx(fill(template, tmp_path / "m.xlsx", {("About", "B8"): "Knowsly"}))
    with pytest.raises(SelfevalError) as err:
        submission.parse(raw, file="m.xlsx", locator=loc)
    assert "sheet 'About', cell B8" in str(err.value) and "unknown LA code" in str(err.value)


def test_inconsistent_counts_are_reported_at_the_value_cell(template: Path, tmp_path: Path) -> None:
    path = fill(template, tmp_path / "m.xlsx", {("Metrics", "H3"): 50, ("Metrics", "K3"): 241,
                                                ("Metrics", "L3"): 1000})
    raw, loc = read_metrics_xlsx(path)
    with pytest.raises(SelfevalError, match=r"sheet 'Metrics', cell H3: .*24\.1%"):
        submission.parse(raw, file=str(path), locator=loc)


def test_unknown_id_row_is_reported(template: Path, tmp_path: Path) -> None:
    path = fill(template, tmp_path / "m.xlsx", {("Metrics", "A80"): "assesments_pct", ("Metrics", "H80"): 5})
    raw, loc = read_metrics_xlsx(path)
    with pytest.raises(SelfevalError, match="sheet 'Metrics', cell H80: unknown metric 'assesments_pct'"):
        submission.parse(raw, file=str(path), locator=loc)


garbage = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=15), st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["About", "Metrics", "Audit answers", "Facts"]),
                          st.sampled_from(["B4", "B5", "E2", "F3", "H2", "H5", "I7", "K9", "L9", "A12"]),
                          garbage), max_size=6))
@example(cells=[("About", "B5", 2958466.0)])  # a date cell beyond Excel's last date: openpyxl warned
def test_garbage_gives_a_clean_error_or_a_submission(template: Path, tmp_path: Path,
                                                     cells: list[tuple[str, str, object]]) -> None:
    path = fill(template, tmp_path / "g.xlsx", {(s, r): v for s, r, v in cells})
    try:
        submission.load(path)
    except SelfevalError as exc:
        assert "\n" not in str(exc)
