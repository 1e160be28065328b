"""The 2026 topic packs fit the rest of the product: each rule rolls up into one of its area's
core themes (so indicative positions judge an area by its themes, not by how many rules it has),
and every row of issue #14's table has rules."""

from __future__ import annotations

import pytest
import yaml

from selfeval.core import packs
from selfeval.core.resources import read_text

RULES = packs.load((), builtin=True)
CORE = yaml.safe_load(read_text("data", "positions.yaml"))["areas"]
TOPIC_RULES = [r for r in RULES.rules.values() if r.file.endswith("-2026.yaml")]


@pytest.mark.parametrize("rule", TOPIC_RULES, ids=[r.id for r in TOPIC_RULES])
def test_rule_rolls_up_into_a_core_theme(rule: packs.Rule) -> None:
    tags = {t for theme in CORE[rule.area] for t in theme["tags"]}
    assert tags & set(rule.themes), f"{rule.id}: tag it with one of its area's core themes (positions.yaml)"


# issue #14's table, row by row: a theme each row's rules carry
ROWS = ["family-help", "kinship-support", "missing-education", "exploitation", "disabled-children",
        "private-fostering", "unregulated-settings", "deprivation-of-liberty", "unaccompanied-children",
        "remand-and-custody", "education-of-children-in-care", "learning-from-reviews", "care-leavers-21-25",
        "workforce-culture", "leadership-stability", "foster-carer-retention", "siblings-together", "edge-of-care",
        "early-help-thresholds", "s47-safety-planning", "pre-birth", "personal-advisers", "neighbour-comparison"]


@pytest.mark.parametrize("theme", ROWS)
def test_every_row_of_the_issue_has_rules(theme: str) -> None:
    assert any(theme in r.themes for r in TOPIC_RULES), theme


def test_every_fact_says_where_its_evidence_is_held() -> None:
    """The evidence plan names the document that answers each fact (the 2026 topics' facts too)."""
    from selfeval.core import catalogue as cat
    from selfeval.reports import evidence_plan

    cfg = evidence_plan.config()
    holders = {h["key"] for h in cfg["holders"]}
    missing = [f for f in cat.load().facts if f not in cfg["facts"]]
    assert not missing, f"add these to selfeval/data/evidence_plan.yaml: {missing}"
    assert all(e["held_in"] in holders and e.get("document") for e in cfg["facts"].values())


def test_a_match_word_starts_a_word() -> None:
    """'ONS' (DfE returns) must not claim 'Legal services' list of ... applications'."""
    from selfeval.core import catalogue as cat
    from selfeval.reports import evidence_plan

    c = cat.load()
    assert evidence_plan.holder_of("metric", "cla_deprivation_of_liberty_orders_count", c)[0] == "services"
    assert evidence_plan.holder_of("metric", "cla_attainment_8_average", c)[0] == "dfe_return"
