"""Rule + evidence → status, including honest handling of missing evidence."""

from __future__ import annotations

from selfeval.core import packs
from selfeval.core.catalogue import Catalogue
from selfeval.core.evaluate import evaluate
from selfeval.core.submission import parse_evidence


def status(rs: packs.RuleSet, catalogue: Catalogue, rule_id: str, raw: dict) -> tuple[str, object]:  # type: ignore[type-arg]
    ev, prev = parse_evidence(raw)
    res = evaluate(rs.rule(rule_id), ev, prev, catalogue)
    return res.status, res


def test_serious_wins_over_concern(starter: packs.RuleSet, catalogue: Catalogue) -> None:
    s, _ = status(starter, catalogue, "starter-supervision-reflective",
                  {"audits": {"answers": {"supervision_reflective": {"yes": 1, "no": 9}}}})
    assert s == "serious"


def test_concern_notes_an_untestable_serious_level(starter: packs.RuleSet, catalogue: Catalogue) -> None:
    s, res = status(starter, catalogue, "starter-assessment-timeliness",
                    {"metrics": {"assessments_within_45_working_days_pct": 60}})
    assert s == "concern"
    assert res.untested == ("serious",)  # type: ignore[attr-defined]
    assert [m.id for m in res.missing] == ["assessment_analyses_history"]  # type: ignore[attr-defined]


def test_missing_evidence_is_never_met(starter: packs.RuleSet, catalogue: Catalogue) -> None:
    for rule_id in starter.rules:
        s, res = status(starter, catalogue, rule_id, {})
        assert s == "not_evidenced", rule_id
        assert res.missing, rule_id  # type: ignore[attr-defined]


def test_any_with_one_true_part_decides_despite_missing(starter: packs.RuleSet, catalogue: Catalogue) -> None:
    s, res = status(starter, catalogue, "starter-return-home-interviews",
                    {"facts": {"return_home_interview_monitoring_in_place": False}})
    assert s == "concern" and res.missing == ()  # type: ignore[attr-defined]
