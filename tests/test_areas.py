"""--areas: limit a report to judgement areas or themes; unknown values are a clear error."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, STARTER_ONLY, Run, write

from selfeval.core import packs, schemas, scope
from selfeval.core.errors import SelfevalError


@pytest.mark.parametrize("value", ["help_and_protection", "help-and-protection", "Help and protection",
                                   "HELP_AND_PROTECTION", " help-and-protection "])
def test_friendly_area_forms(value: str, starter: packs.RuleSet) -> None:
    assert scope.parse([value], starter) == scope.Scope(areas=("help_and_protection",))


def test_comma_separated_and_repeated_areas_and_themes(starter: packs.RuleSet) -> None:
    chosen = scope.parse(["leaders,children-in-care", "supervision", "leaders"], starter)
    assert chosen.areas == ("leaders", "children_in_care") and chosen.themes == ("supervision",)
    limited = scope.limit(starter, scope.parse(["supervision"], starter))
    assert list(limited.rules) == ["starter-supervision-reflective"]
    assert list(starter.rules) != list(limited.rules), "the loaded rule set is not changed"


def test_unknown_value_suggests(starter: packs.RuleSet) -> None:
    with pytest.raises(SelfevalError) as exc:
        scope.parse(["care_leaver"], starter)
    assert "'care_leaver' is neither a judgement area nor a theme" in str(exc.value)
    assert "did you mean 'care_leavers'?" in str(exc.value)


def test_value_with_no_rule_is_an_error(starter: packs.RuleSet) -> None:
    with pytest.raises(SelfevalError, match="no loaded rule is in the area 'Care leavers'"):
        scope.limit(starter, scope.parse(["care-leavers"], starter))


def test_check_limited_report_says_so(run: Run) -> None:
    out = run("check", EXAMPLES / "metrics.yaml", "--areas", "leaders", *STARTER_ONLY, expect=1).stdout
    assert "Limited to: Impact of leaders." in out
    assert "Supervision is reflective" in out and "Assessments are completed within 45" not in out
    data = json.loads(run("check", EXAMPLES / "metrics.yaml", "--areas", "leaders", "-f", "json",
                          *STARTER_ONLY, expect=1).stdout)
    jsonschema.validate(data, schemas.load("report"))
    assert data["scope"]["limited"] is True and data["scope"]["labels"] == ["Impact of leaders"]
    assert [a["id"] for a in data["areas"]] == ["leaders"]
    assert data["summary"]["counts"]["total"] == 2
    for fmt, marker in [("markdown", "**Limited to:** Impact of leaders."),
                        ("html", "Limited to: Impact of leaders.")]:
        assert marker in run("check", EXAMPLES / "metrics.yaml", "--areas", "leaders", "-f", fmt,
                             *STARTER_ONLY, expect=1).stdout


def test_check_unlimited_report_says_nothing(run: Run) -> None:
    out = run("check", EXAMPLES / "metrics.yaml", *STARTER_ONLY, expect=1).stdout
    assert "Limited to" not in out


def test_check_unknown_area_exits_2(run: Run) -> None:
    err = run("check", EXAMPLES / "metrics.yaml", "--areas", "leadres", *STARTER_ONLY, expect=2).stderr
    assert err.startswith("selfeval: --areas: 'leadres' is neither") and "did you mean 'leaders'?" in err


def test_settings_and_recommendations_may_name_rules_outside_the_areas(run: Run, tmp_path: Path) -> None:
    metrics = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text() + (
        "recommendations:\n  - {text: Timely assessments., rules: [starter-assessment-timeliness]}\n"))
    write(tmp_path, "not_applicable:\n  - {rule: starter-life-story-work, reason: Regional agency.}\n", "selfeval.yaml")
    data = json.loads(run("check", metrics, "--areas", "leaders", "-f", "json", *STARTER_ONLY, expect=1).stdout)
    assert [a["id"] for a in data["areas"]] == ["leaders"]
    (rec,) = data["recommendations"]
    assert rec["rules"][0]["status"] == "out_of_scope"
