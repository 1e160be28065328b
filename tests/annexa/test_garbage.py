"""Any cell content gives a clean error or a result, never a crash."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from selfeval.core.errors import SelfevalError
from selfeval.sources.annexa import metrics  # noqa: F401  (registers the rules of counting)
from selfeval.sources.annexa.compute import RULES, Settings, run_rule
from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.annexa.read import parse_table

cell = st.one_of(
    st.none(), st.booleans(), st.integers(-1000, 100_000), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["#N/A", "a) Yes", "b) No", "01/02/2024", "31/12/2099",
                                           "K2", "P1: Placed with parents", "C2", "Not applicable",
                                           "13/13/2013", "#REF!", "F1", "YES", "DIED"]),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([3, 4, 5, 6, 7, 8, 9, 10]), st.lists(st.lists(cell, min_size=0, max_size=30), max_size=6))
def test_garbage_rows_give_an_error_or_a_result(number: int, rows: list[list[object]]) -> None:
    spec = LISTS[number]
    header = [c.header for c in spec.columns]
    s = Settings(as_at=dt.date(2024, 6, 28), child_population=1000)
    try:
        table = parse_table(spec, "x.xlsx", f"List {number}", [header, *rows])
        for r in RULES.values():
            if r.list_number == number:
                run_rule(r, table, s)
    except SelfevalError as exc:
        assert str(exc) and "\n" not in str(exc)
