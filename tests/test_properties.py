"""Hypothesis properties: garbage never crashes, JSON always fits its schema, worse never improves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
import yaml
from conftest import STARTER
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from selfeval.core import catalogue as cat
from selfeval.core import packs, schemas, submission, yamlsafe
from selfeval.core.check import Options
from selfeval.core.errors import SelfevalError
from selfeval.core.evaluate import SEVERITY, evaluate
from selfeval.reports.check import check_submission

CAT = cat.load()
RULESETS = [packs.load([STARTER], builtin=False), packs.load()]
OPTS = Options(generated=dt.date(2026, 4, 30))
SCHEMA = schemas.load("report")
METRIC_IDS = sorted(CAT.metrics)
AUDIT_IDS = sorted(CAT.audit_questions)
FACT_IDS = sorted(CAT.facts)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=12), st.dates())
keys = st.one_of(st.sampled_from(["authority", "period", "metrics", "audits", "facts", "previous",
                                  "answers", "sample", "value", "start", "end", "as_at", "yes", "no",
                                  "partly", *METRIC_IDS[:8], *AUDIT_IDS[:4], *FACT_IDS[:3]]),
                 st.text(max_size=8))
garbage = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


def _report(sub: submission.Submission, rs: packs.RuleSet) -> dict[str, Any]:
    return check_submission(sub, rs, OPTS, CAT).data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(garbage)
@example({"authority": "x", "period": {"as_at": "2026-01-01"}, "metrics": {"unallocated_cases_count": float("nan")}})
@example({"authority": "x", "period": "2026-13-45"})
@example({"authority": "x", "period": {"as_at": dt.date(2026, 1, 1)}, "audits": {"answers": {"child_seen_alone": {True: 1}}}})
def test_arbitrary_data_gives_a_report_or_a_clean_error(raw: Any) -> None:
    try:
        sub = submission.parse(raw, file="garbage.yaml")
    except SelfevalError as exc:
        assert str(exc).startswith("garbage.yaml") and "\n" not in str(exc)
        return
    jsonschema.validate(_report(sub, RULESETS[0]), SCHEMA)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
@example("a: &a [*a]")
@example("? [a, b]\n: c")
@example("!!binary AAAA")
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    try:
        yamlsafe.loads(text, "t.yaml")
    except SelfevalError:
        pass


def _value(m: cat.Metric) -> st.SearchStrategy[float]:
    if m.unit == "percent":
        return st.floats(0, 100, allow_nan=False)
    if m.unit == "count":
        return st.integers(0, 500).map(float)
    return st.floats(0, 2000, allow_nan=False)


@st.composite
def evidence(draw: st.DrawFn) -> dict[str, Any]:
    chosen = draw(st.lists(st.sampled_from(METRIC_IDS), unique=True, max_size=len(METRIC_IDS)))
    metrics = {k: draw(_value(CAT.metrics[k])) for k in chosen}
    answers = {}
    for k in draw(st.lists(st.sampled_from(AUDIT_IDS), unique=True, max_size=len(AUDIT_IDS))):
        counts = draw(st.fixed_dictionaries({a: st.integers(0, 15) for a in cat.ANSWERS}))
        if sum(counts.values()):
            answers[k] = counts
    facts = {k: draw(st.booleans()) for k in draw(st.lists(st.sampled_from(FACT_IDS), unique=True))}
    prev_ids = draw(st.lists(st.sampled_from(METRIC_IDS), unique=True, max_size=10))
    return {"metrics": metrics, "audits": {"answers": answers}, "facts": facts,
            "previous": {"metrics": {k: draw(_value(CAT.metrics[k])) for k in prev_ids}}}


@settings(max_examples=150, deadline=None)
@given(evidence())
def test_json_report_always_fits_its_schema(ev: dict[str, Any]) -> None:
    raw = {"authority": "Testshire", "period": {"as_at": "2026-03-31"}, **ev}
    sub = submission.parse(yaml.safe_load(yaml.safe_dump(raw)), file="t.yaml")
    for rs in RULESETS:
        jsonschema.validate(_report(sub, rs), SCHEMA)


@settings(max_examples=200, deadline=None)
@given(evidence(), st.data())
def test_worse_metric_never_improves_a_rule(ev: dict[str, Any], data: st.DataObject) -> None:
    directed = [k for k in ev["metrics"] if CAT.metrics[k].better != "neither"]
    if not directed:
        return
    mid = data.draw(st.sampled_from(directed))
    m = CAT.metrics[mid]
    now = ev["metrics"][mid]
    upper = 100.0 if m.unit == "percent" else now + 500
    worse = data.draw(st.floats(0, now) if m.better == "higher" else st.floats(now, upper))
    if m.unit == "count":
        worse = float(round(worse)) if m.better == "lower" and round(worse) >= now else float(int(worse))
    before, prev = submission.parse_evidence(ev)
    after, _ = submission.parse_evidence({**ev, "metrics": {**ev["metrics"], mid: worse}})
    for rs in RULESETS:
        for rule in rs.rules.values():
            s0 = evaluate(rule, before, prev, CAT).status
            s1 = evaluate(rule, after, prev, CAT).status
            assert SEVERITY[s1] >= SEVERITY[s0], f"{rule.id}: {mid} {now} -> {worse} took {s0} to {s1}"
