"""The condition language: each kind, three-valued logic, and parse errors."""

from __future__ import annotations

from typing import Any

import pytest

from selfeval.core import conditions as c
from selfeval.core.catalogue import Catalogue
from selfeval.core.submission import Answers, Evidence, MetricValue


def ctx(catalogue: Catalogue, metrics: dict[str, float] | None = None, answers: dict[str, Answers] | None = None,
        facts: dict[str, bool] | None = None, previous: dict[str, float] | None = None,
        benchmarks: dict[str, float] | None = None) -> c.Context:
    ev = Evidence(metrics={k: MetricValue(v) for k, v in (metrics or {}).items()}, answers=answers or {},
                  facts=facts or {})
    prev = None if previous is None else Evidence(metrics={k: MetricValue(v) for k, v in previous.items()})
    return c.Context(ev, prev, catalogue, benchmarks or {})


A45 = "assessments_within_45_working_days_pct"


@pytest.mark.parametrize("op, threshold, value, expected", [
    ("below", 85, 84.9, True), ("below", 85, 85, False),
    ("at_most", 85, 85, True), ("above", 85, 85, False), ("at_least", 85, 85, True),
])
def test_metric_comparisons(catalogue: Catalogue, op: str, threshold: float, value: float, expected: bool) -> None:
    cond = c.parse({"metric": A45, op: threshold})
    assert cond.evaluate(ctx(catalogue, {A45: value})).value is expected


def test_missing_metric_is_unknown_not_false(catalogue: Catalogue) -> None:
    out = c.parse({"metric": A45, "below": 85}).evaluate(ctx(catalogue))
    assert out.value is None
    assert out.missing == [c.Ref("metric", A45)]


def test_audit_share_ignores_not_applicable(catalogue: Catalogue) -> None:
    cond = c.parse({"audit": "supervision_reflective", "share_of": [False, "partly"], "above": 0.4})
    answers = {"supervision_reflective": Answers(yes=6, partly=2, no=2, not_applicable=30)}
    out = cond.evaluate(ctx(catalogue, answers=answers))
    assert out.value is False  # 4 of 10 applicable, not above 0.4
    assert out.observations[0].actual == 0.4
    assert out.observations[0].detail["applicable"] == 10


def test_audit_min_sample(catalogue: Catalogue) -> None:
    cond = c.parse({"audit": "supervision_reflective", "share_of": ["no"], "above": 0.4, "min_sample": 5})
    out = cond.evaluate(ctx(catalogue, answers={"supervision_reflective": Answers(no=3, not_applicable=9)}))
    assert out.value is None and out.missing == [c.Ref("audit", "supervision_reflective")]


def test_fact(catalogue: Catalogue) -> None:
    cond = c.parse({"fact": "single_improvement_plan_in_place", "is": False})
    assert cond.evaluate(ctx(catalogue, facts={"single_improvement_plan_in_place": False})).value is True
    assert cond.evaluate(ctx(catalogue, facts={"single_improvement_plan_in_place": True})).value is False
    assert cond.evaluate(ctx(catalogue)).value is None


def test_worsened_by_respects_direction(catalogue: Catalogue) -> None:
    higher_better = c.parse({"metric": A45, "worsened_by": 5})
    assert higher_better.evaluate(ctx(catalogue, {A45: 70}, previous={A45: 80})).value is True
    assert higher_better.evaluate(ctx(catalogue, {A45: 80}, previous={A45: 70})).value is False
    lower_better = c.parse({"metric": "agency_social_worker_pct", "worsened_by": 2})
    assert lower_better.evaluate(ctx(catalogue, {"agency_social_worker_pct": 20},
                                     previous={"agency_social_worker_pct": 17})).value is True
    out = higher_better.evaluate(ctx(catalogue, {A45: 70}))
    assert out.value is None and out.missing == [c.Ref("previous_metric", A45)]


def test_worse_than_national(catalogue: Catalogue) -> None:
    cond = c.parse({"metric": A45, "worse_than": "national", "margin": 5})
    assert cond.evaluate(ctx(catalogue, {A45: 70}, benchmarks={A45: 82})).value is True
    assert cond.evaluate(ctx(catalogue, {A45: 79}, benchmarks={A45: 82})).value is False
    assert cond.evaluate(ctx(catalogue, {A45: 70})).missing == [c.Ref("benchmark", A45)]


@pytest.mark.parametrize("parts, expected", [
    ([True, True], (True, True, False)), ([True, False], (False, True, False)),
    ([True, None], (None, True, False)), ([False, None], (False, None, None)),
    ([None, None], (None, None, None)),
])
def test_three_valued_logic(catalogue: Catalogue, parts: list[bool | None], expected: tuple[Any, Any, Any]) -> None:
    metrics, conds = {}, []
    for i, p in enumerate(parts):
        mid = ["agency_social_worker_pct", "social_worker_turnover_pct"][i]
        conds.append({"metric": mid, "above": 10})
        if p is not None:
            metrics[mid] = 20 if p else 5
    cx = ctx(catalogue, metrics)
    assert c.parse({"all": conds}).evaluate(cx).value is expected[0]
    assert c.parse({"any": conds}).evaluate(cx).value is expected[1]
    assert c.parse({"not": {"all": conds}}).evaluate(cx).value is (
        None if expected[0] is None else not expected[0])
    assert c.parse({"not": {"any": conds}}).evaluate(cx).value is expected[2]


@pytest.mark.parametrize("raw, message", [
    ("text", "a condition should be a mapping"),
    ({"metric": A45}, "exactly one of above"),
    ({"metric": A45, "below": "85"}, "'below' should be a number"),
    ({"metric": A45, "below": 85, "extra": 1}, "unexpected key 'extra'"),
    ({"audit": "x", "share_of": ["maybe"], "above": 0.4}, "'share_of' takes yes, partly and no"),
    ({"fact": "x", "is": "perhaps"}, "'is: yes' or 'is: no'"),
    ({"all": []}, "'all' takes a list"),
    ({"metric": A45, "worse_than": "regional"}, "'worse_than' takes the word national"),
])
def test_parse_errors(raw: Any, message: str) -> None:
    with pytest.raises(c.ConditionError, match=message):
        c.parse(raw)


def test_describe_uses_given_names(catalogue: Catalogue) -> None:
    cond = c.parse({"any": [{"metric": A45, "below": 85}, {"fact": "single_improvement_plan_in_place", "is": False}]})
    assert cond.describe() == f"any of: {A45} below 85; single_improvement_plan_in_place is no"
    assert "Single improvement plan is no" in cond.describe(catalogue.label)
