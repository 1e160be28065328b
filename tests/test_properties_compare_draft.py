"""Hypothesis properties of compare and draft on random evidence, with the built-in packs too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
import yaml
from hypothesis import example, given, settings
from test_properties import CAT, RULESETS, evidence

from selfeval.core import schemas, submission
from selfeval.core.check import Options
from selfeval.render import word
from selfeval.reports import compare, draft
from selfeval.reports.check import check_submission

OPTS = Options(generated=dt.date(2026, 4, 30))
SCHEMA = schemas.load("compare")


def _sub(ev: dict[str, Any], end: str) -> submission.Submission:
    raw = {"authority": "Testshire", "period": {"as_at": end}, **ev}
    return submission.parse(yaml.safe_load(yaml.safe_dump(raw)), file=f"{end}.yaml", catalogue=CAT)


@settings(max_examples=30, deadline=None)
@given(evidence(), evidence())
def test_compare_fits_its_schema_and_its_own_rules(before_ev: dict[str, Any], after_ev: dict[str, Any]) -> None:
    before, after = _sub(before_ev, "2025-03-31"), _sub(after_ev, "2026-03-31")
    for rs in RULESETS:
        data = compare.build(before, after, rs, OPTS, CAT).data
        jsonschema.validate(data, SCHEMA)
        assert len(data["rules"]) == len(rs.rules) == data["summary"]["counts"]["total"]
        for r in data["rules"]:
            assert r["category"] == compare.category(r["before"]["status"], r["after"]["status"])
        for m in data["metrics"]:
            delta = m["change"]["value"]
            if m["verdict"] == "better":
                assert (delta > 0) == (m["better"] == "higher"), m
            if m["verdict"] == "not_comparable":
                assert delta is None and m["missing_in"] in ("before", "after")


@settings(max_examples=25, deadline=None)
@given(evidence())
@example({"metrics": {}, "audits": {"answers": {"assessment_analyses_history": {
    "yes": 0, "partly": 0, "no": 0, "not_applicable": 1}}}, "facts": {}, "previous": {"metrics": {}}})
def test_a_period_compared_with_itself_has_no_change(ev: dict[str, Any]) -> None:
    sub = _sub(ev, "2026-03-31")
    data = compare.build(sub, sub, RULESETS[0], OPTS, CAT).data
    assert data["summary"]["counts"]["new"] == data["summary"]["counts"]["closed"] == 0
    assert all(r["severity_change"] in (None, "unchanged") for r in data["rules"])
    for m in data["metrics"] + data["audits"]:
        # a question answered only "not applicable" has no share in either period to compare
        assert m["verdict"] == "same" or (m["verdict"] == "not_comparable" and m["missing_in"] == "both"), m
    assert {f["verdict"] for f in data["facts"]} <= {"same"}


@settings(max_examples=20, deadline=None)
@given(evidence())
def test_draft_keeps_its_shape(ev: dict[str, Any]) -> None:
    sub = _sub(ev, "2026-03-31")
    for rs in RULESETS:
        d = draft.build(sub, check_submission(sub, rs, OPTS, CAT), CAT)
        for a in d.data["areas"]:
            assert len(a["plan"]) == len(a["priorities"]) <= 6 and len(a["strengths"]) <= 6
            assert [w["status"] for w in a["priorities"]] == sorted(
                (w["status"] for w in a["priorities"]), key=["serious", "concern"].index)
        md = draft.to_markdown(d)
        assert md.count("## How do we know it?") == 1
        for block in word.parse(md):
            texts = [block.text] + [c for row in block.rows for c in row]
            for text in texts:
                assert "<!--" not in text and not text.startswith(("#", "|", "- ", "> ")), text
    word.to_document(md)  # the Word conversion never fails on what the template writes
