from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from selfeval.sources.cells import (
    NOT_APPLICABLE,
    CellError,
    ExcelError,
    parse_age,
    parse_code,
    parse_count,
    parse_date,
    parse_yes_no,
)

D = dt.date


@pytest.mark.parametrize("raw,want", [
    (D(2024, 3, 1), D(2024, 3, 1)),
    (dt.datetime(2024, 3, 1, 13, 5), D(2024, 3, 1)),
    (45352, D(2024, 3, 1)),  # Excel serial
    (45352.75, D(2024, 3, 1)),  # serial with a time
    ("45352", D(2024, 3, 1)),
    ("01/03/2024", D(2024, 3, 1)),  # UK day/month/year
    ("1/3/24", D(2024, 3, 1)),
    ("01-03-2024", D(2024, 3, 1)),
    ("01.03.2024", D(2024, 3, 1)),
    (" 01/03/2024\u00a0", D(2024, 3, 1)),
    ("01/03/2024 00:00:00", D(2024, 3, 1)),
    ("2024-03-01", D(2024, 3, 1)),
    ("2024-03-01T00:00:00", D(2024, 3, 1)),
    ("1 Mar 2024", D(2024, 3, 1)),
    ("1st March 2024", D(2024, 3, 1)),
    ("01-Mar-24", D(2024, 3, 1)),
    ("13/01/2024", D(2024, 1, 13)),
    (None, None), ("", None), ("   ", None), ("N/A", None), ("unknown", None),
])
def test_dates(raw: object, want: dt.date | None) -> None:
    assert parse_date(raw) == want


@pytest.mark.parametrize("raw,message", [
    ("12/31/2024", "month/day/year"),
    ("31/02/2024", "not a real date"),
    ("yesterday", "not a date"),
    ("#REF!", "Excel error #REF!"),
    (True, "TRUE/FALSE"),
    (-5, "not a date"),
    ("01/01/1850", "not plausible"),
    (dt.time(9, 30), "time of day"),
])
def test_bad_dates(raw: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_date(raw)


@pytest.mark.parametrize("raw,want", [
    ("a) Yes", True), ("b) No", False), ("Y", True), ("n", False), ("YES", True), (1, True),
    (0, False), (True, True), ("Yes - seen alone", True), ("Not applicable", NOT_APPLICABLE),
    (None, None), ("1 - Yes", True), ("0 - No", False), ("Child seen alone", True), ("Not seen", False),
    ("c) Unknown", None), ("Yes-See care notes for details", True), ("Offered and Accepted", True),
    ("Not Offered (Missing Again)", False), ("Offered but declined", True), ("Not seen alone", False),
])
def test_yes_no(raw: object, want: object) -> None:
    assert parse_yes_no(raw) == want


def test_yes_no_rejects_other_words() -> None:
    with pytest.raises(CellError, match="not yes or no"):
        parse_yes_no("perhaps")


@pytest.mark.parametrize("raw,want", [
    ("E1: Placement order", ("E1", "placement order")),
    ("q) 6: Police", ("6", "police")),
    ("a) Yes", (None, "yes")),
    ("C2", ("C2", "")),
    ("g5 - NEET other", ("G5", "neet other")),
    ("K2 Children's home", ("K2", "children's home")),
    ("Suitable", (None, "suitable")),
    (3, ("3", "")),
])
def test_codes(raw: object, want: object) -> None:
    assert parse_code(raw) == want


@pytest.mark.parametrize("raw,want", [(3, 3), (3.0, 3), ("3", 3), (" 4 ", 4), (None, None)])
def test_counts(raw: object, want: int | None) -> None:
    assert parse_count(raw) == want


@pytest.mark.parametrize("raw", [-1, 2.5, "two", True, "1e9"])
def test_bad_counts(raw: object) -> None:
    with pytest.raises(CellError):
        parse_count(raw)


cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**7, 10**12), st.floats(allow_nan=True),
    st.text(max_size=30), st.dates(), st.datetimes(), st.times(),
)


@given(cell_values)
@example(float("inf"))
@example(float("nan"))
def test_garbage_never_crashes(value: object) -> None:
    for parse in (parse_date, parse_count, parse_yes_no, parse_code):
        try:
            parse(value)
        except CellError:
            pass


@pytest.mark.parametrize("raw", ["#N/A", "#n/a", "#REF!", "#VALUE!"])
def test_excel_errors_are_never_blank(raw: str) -> None:
    # a failed lookup hides the real value: the reader records it, it does not count as blank
    for parse in (parse_date, parse_count, parse_yes_no, parse_code):
        with pytest.raises(ExcelError):
            parse(raw)


@pytest.mark.parametrize("raw,want", [
    (19.0855, 19), ("19.0855", 19), (17.99, 17), ("<1", 0), ("18 months", 1), ("5 years", 5),
    ("6 weeks", 0), (4, 4), ("4", 4), ("Unborn", None), (None, None), ("3 yrs", 3),
])
def test_ages(raw: object, want: int | None) -> None:
    assert parse_age(raw) == want


@pytest.mark.parametrize("raw", ["old", -1, "200", True])
def test_bad_ages(raw: object) -> None:
    with pytest.raises(CellError):
        parse_age(raw)
