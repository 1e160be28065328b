"""The C-encoder JSON writer gives exactly the bytes of ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from conftest import EXAMPLES
from hypothesis import example, given, settings
from hypothesis import strategies as st

from selfeval import api
from selfeval.core.check import Options
from selfeval.render import jsonout

FILES = [EXAMPLES / "metrics.yaml", *(p for p in sorted((EXAMPLES / "seeds").glob("*.yaml")) if p.name != "expected.yaml")]


def same(data: Any) -> None:
    assert jsonout.dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_reports_summaries_and_comparisons() -> None:
    opts = Options(generated=dt.date(2026, 11, 30))
    reports = api.check_files(FILES, opts)
    for rep in reports:
        same(rep.data)
    same(api.summary(reports))
    same(api.summary(api.check_statuses(FILES, opts)))
    same(api.compare(FILES[0], None, opts).data)


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(alphabet=st.characters(), max_size=8)
           | st.sampled_from(["}", "{", "},\n  {", "\n", '"', "\\", "é", "\u2028"]))
keys = st.text(max_size=5) | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values)
@example({"a": [{"x": "}, {"}, {"y": 1, "z": "},\n    {"}]})
@example([{"a": 1}, {}, {"b": [1]}])
@example({"": [[], {}, [{}], [[{}]]]})
def test_any_json_value(data: Any) -> None:
    same(data)
