"""Every loaded rule's own cases, one test each, with id ``<rule-id>::<case>``.

Covers the built-in packs (whatever they are) and the starter pack.
"""

from __future__ import annotations

import pytest
from conftest import STARTER

from selfeval.core import catalogue as cat
from selfeval.core import packs, selftest

_CAT = cat.load()
_RULESETS = [packs.load(), packs.load([STARTER], builtin=False)]
_CASES = list({f"{r.id}::{c.name}": (r, c) for rs in _RULESETS for r in rs.rules.values()
               for c in r.cases}.values())


@pytest.mark.parametrize("rule, case", _CASES, ids=[f"{r.id}::{c.name}" for r, c in _CASES])
def test_rule_case(rule: packs.Rule, case: packs.Case) -> None:
    result = selftest.run_case(rule, case, _CAT)
    assert result.passed, f"{result.id}: expected {case.expect}, got {result.got}"


@pytest.mark.parametrize("rs", _RULESETS, ids=["builtin", "starter"])
def test_every_rule_has_a_case_per_outcome(rs: packs.RuleSet) -> None:
    gaps = {r.id: selftest.missing_cases(r) for r in rs.rules.values() if selftest.missing_cases(r)}
    assert gaps == {}
