"""Indicative positions held to published inspections.

The evidence each authority could have held is rebuilt from the calibration cases
(``../shared/calibration/inspections.yaml``) by ``tests/calibration/derive.py`` — its docstring
says exactly how: stated figures mapped to catalogue metrics, every finding turned into a
12-case audit (a weakness: 6 yes, 3 partly, 3 no, or 3/3/6 where the report says "most cases"
and 8/2/2 where it says "some"; a strength: 11 yes, 1 partly) or a yes/no fact by keyword, DfE figures the report does not mention taken at England's level for the year,
nothing taken from the judgement. The worked examples in ``examples/seeds/`` with a published
judgement (LIV-2014) are scored alongside. ``python tools/calibrate.py -v`` prints the table.

The method is tuned to the framework (see docs/positions.md), not to these cases: a larger set
of published inspections, not held here, measures it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibration import derive, score  # noqa: E402

pytestmark = pytest.mark.skipif(not derive.CASES.is_file(), reason="the calibration cases are not on this machine")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    return score.run()


def test_agreement_with_published_bands_is_at_least_three_quarters(rows: list[dict[str, object]]) -> None:
    agree = sum(1 for r in rows if r["agree"])
    assert agree / len(rows) >= 0.75, score.table(rows)


def test_never_serious_weaknesses_where_inspectors_judged_good_or_outstanding(rows: list[dict[str, object]]) -> None:
    wrong = [f"{r['case']} {r['area']}" for r in rows if r["published"] == "good" and r["key"] == "serious_weaknesses"]
    assert not wrong


def test_liv_2014_shows_no_serious_weaknesses(rows: list[dict[str, object]]) -> None:
    liv = [r for r in rows if r["case"] == "liv-2014"]
    assert len(liv) == 4 and all(r["key"] != "serious_weaknesses" and r["band"] == "requires_improvement" for r in liv)


def test_inadequate_areas_read_serious_weaknesses(rows: list[dict[str, object]]) -> None:
    """Somerset 2015's children in care show one serious result on the audit alone (permanence
    drift "in most cases"); they read serious weaknesses because its leaders do (docs/positions.md:
    a result to check is not left to failing leadership to check)."""
    missed = sorted(f"{r['case']} {r['area']} ({r['key']})" for r in rows
                    if r["published"] == "inadequate" and r["key"] != "serious_weaknesses")
    assert not missed


@pytest.mark.parametrize("name", list(derive.SENSITIVITY))
def test_the_method_holds_under_other_readings_of_the_reports_words(name: str) -> None:
    """The counts a finding's words stand for are a choice; the promises must not rest on it.
    Under each other reading (``derive.SENSITIVITY``) no good area reads serious weaknesses and
    agreement stays at three quarters or more."""
    rows = score.run(derive.SENSITIVITY[name])
    assert not [r for r in rows if r["published"] == "good" and r["key"] == "serious_weaknesses"]
    assert sum(1 for r in rows if r["agree"]) / len(rows) >= 0.75, score.table(rows)


def test_every_case_is_built_from_its_report_only() -> None:
    for case in derive.load_cases():
        doc = derive.evidence(case)
        assert "judgements" not in str(doc)
        for counts in (doc.get("audits") or {}).get("answers", {}).values():
            assert sum(counts.values()) % 12 == 0


def test_a_finding_feeds_only_evidence_its_own_area_judges() -> None:
    """A children-in-care finding about seen-alone visits once became the help-and-protection
    audit question, so it moved the wrong area. Each keyword's evidence must be read by a rule
    of every area it applies to; leaders may take a finding from another section (supervision
    and oversight are reported with the practice they shape, and judged under leaders)."""
    import re

    import yaml

    areas: dict[str, set[str]] = {}
    for pack in sorted((Path(__file__).resolve().parent.parent / "rules" / "ilacs").glob("*.yaml")):
        for rule in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]:
            for ident in re.findall(r"(?:audit|fact): ([a-z0-9_]+)", yaml.safe_dump(rule)):
                areas.setdefault(ident, set()).add(rule["area"])
    wrong = [f"{key} -> {ident} for {area}" for key, finding_areas, evidence in derive.FINDING_EVIDENCE
             for _, ident in evidence for area in finding_areas
             if not areas.get(ident, set()) & {derive.AREA_OF_FINDING.get(area, area), "leaders"}]
    assert not wrong


@pytest.mark.parametrize(("finding", "no"), [
    ("No agreed permanence planning process; drift and delay in most cases.", 6),
    ("Most assessments need improvement; rarely use research.", 6),
    ("Most staff get reflective supervision, but not assessment and safeguarding teams.", 3),
    ("PEPs too variable; some lack clear targets.", 2),
    ("Not all care leavers have health passports.", 2),
    ("Written care plans not specific about needs and support.", 3),
])
def test_a_weakness_audit_follows_how_widespread_the_report_says_it_is(finding: str, no: int) -> None:
    counts = derive.weak_audit(finding)
    assert sum(counts.values()) == 12 and counts["no"] == no


def test_a_neet_share_gives_the_eet_share_left_after_neet_and_not_in_touch() -> None:
    case = {"id": "x", "authority": "X", "visit_dates": {"start": "2015-01-20"},
            "facts": [{"name": "care_leavers_neet", "value": 47}, {"name": "care_leavers_not_in_touch", "value": 2.6}]}
    assert derive.evidence(case)["metrics"]["care_leavers_eet_pct"] == 50.4
    stated = dict(case, facts=case["facts"] + [{"name": "care_leavers_19_21_in_eet", "value": 60}])
    assert derive.evidence(stated)["metrics"]["care_leavers_eet_pct"] == 60  # a stated EET share wins
