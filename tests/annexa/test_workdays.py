from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfeval.core.errors import SelfevalError
from selfeval.sources.workdays import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

D = dt.date
in_range = st.dates(min_value=D(2010, 1, 1), max_value=D(2028, 12, 31))


def brute(a: dt.date, b: dt.date) -> int:
    n, d = 0, a
    while d < b:
        d += dt.timedelta(days=1)
        n += is_working_day(d)
    return n


def test_table_covers_declared_years() -> None:
    bh = bank_holidays()
    assert bh.first == D(2010, 1, 1) and bh.last == D(2028, 12, 31)
    for year in range(2010, 2029):
        assert sum(d.year == year for d in bh.days) >= 8, year


@pytest.mark.parametrize(
    "day",
    [
        D(2022, 9, 19),  # state funeral of Queen Elizabeth II
        D(2022, 6, 2),  # spring bank holiday moved
        D(2022, 6, 3),  # Platinum Jubilee
        D(2023, 5, 8),  # coronation
        D(2012, 6, 5),  # Diamond Jubilee
        D(2011, 4, 29),  # royal wedding
        D(2020, 5, 8),  # VE day
        D(2021, 12, 27),  # Christmas substitute day
        D(2021, 12, 28),  # Boxing Day substitute day
        D(2022, 1, 3),  # New Year substitute day
        D(2024, 3, 29),  # Good Friday
        D(2024, 4, 1),  # Easter Monday
        D(2025, 8, 25),  # summer bank holiday
    ],
)
def test_holidays_are_not_working_days(day: dt.date) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day", [D(2020, 5, 4), D(2022, 5, 30), D(2023, 5, 2), D(2022, 12, 28)]
)
def test_moved_holidays_free_the_usual_day(day: dt.date) -> None:
    assert is_working_day(day)


def test_counting_convention() -> None:
    assert working_days_between(D(2024, 6, 3), D(2024, 6, 3)) == 0
    assert working_days_between(D(2024, 6, 3), D(2024, 6, 4)) == 1  # Monday -> Tuesday
    assert working_days_between(D(2024, 6, 7), D(2024, 6, 10)) == 1  # Friday -> Monday
    assert working_days_between(D(2024, 3, 28), D(2024, 4, 2)) == 1  # across Easter
    assert working_days_between(D(2024, 1, 1), D(2024, 12, 31)) == 254
    assert working_days_between(D(2024, 6, 4), D(2024, 6, 3)) == -1


def test_45_working_days_example() -> None:
    # July 2024 gives 22 working days after the 1st, August 21 (26 August is a holiday).
    assert add_working_days(D(2024, 7, 1), 45) == D(2024, 9, 3)


@pytest.mark.parametrize("a,b", [(D(2009, 12, 31), D(2010, 1, 5)), (D(2028, 12, 1), D(2029, 1, 2))])
def test_outside_the_table_is_an_error(a: dt.date, b: dt.date) -> None:
    with pytest.raises(SelfevalError, match="outside the bank holiday table"):
        working_days_between(a, b)


@given(in_range, in_range)
def test_matches_day_by_day_count(a: dt.date, b: dt.date) -> None:
    if b < a:
        a, b = b, a
    if (b - a).days > 800:
        b = a + dt.timedelta(days=800)
        if b > D(2028, 12, 31):
            return
    assert working_days_between(a, b) == brute(a, b)
    assert working_days_between(b, a) == -brute(a, b)


@given(st.dates(min_value=D(2010, 1, 1), max_value=D(2027, 12, 31)), st.integers(0, 120))
def test_add_is_inverse_of_between(a: dt.date, n: int) -> None:
    assert working_days_between(a, add_working_days(a, n)) == n
