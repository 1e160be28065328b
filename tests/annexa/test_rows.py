"""A parsed Row reads exactly like the dict it replaced."""

from __future__ import annotations

import datetime as dt

from selfeval.sources.annexa.rows import interner, row_class


def test_row_reads_like_a_dict() -> None:
    r = row_class(["child_id", "start", "end"])()
    d: dict[str, object] = {}
    for key, value in (("_row", 7), ("child_id", "C1"), ("start", dt.date(2026, 1, 2))):
        r[key] = value
        d[key] = value
    assert r["child_id"] == d["child_id"] and r["_row"] == 7
    assert r.get("end") is None and r.get("end", 3) == 3 and r.get("nothing") is None
    assert ("start" in r) and ("end" not in r) and ("_bad" not in r) and ("get" not in r)
    assert r.items() == list(d.items()) and r.keys() == list(d) and list(r) == list(d) and len(r) == 3
    assert r == d and repr(r) == repr(d)
    r["_bad"] = ["start"]
    assert "_bad" in r and r["_bad"] == ["start"]


def test_equal_dates_are_stored_once() -> None:
    same = interner()
    a, b = dt.date(2026, 1, 2), dt.date(2026, 1, 2)
    assert a is not b and same(a) is same(b) is a
    assert same(1) == 1 and same(True) is True and same("x") == "x"
