"""The built-in ILACS rule packs: their self-tests, lint, coverage and the worked examples.

Data drives these tests: every rule's ``cases`` become one parametrised test with id
``<rule-id>::<case-name>``; ``examples/seeds/expected.yaml`` says what each worked example must show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from selfeval.core import catalogue as cat
from selfeval.core import benchmarks, packs, selftest, submission
from selfeval.core.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "seeds"
ILACS_PREFIX = "rules/ilacs/"
CATALOGUE = cat.load()
RULESET, PROBLEMS = packs.load_and_lint(builtin=True, catalogue=CATALOGUE)
ILACS_RULES = [r for r in RULESET.rules.values() if r.file.startswith(ILACS_PREFIX)]
EXPECTED: dict[str, Any] = yaml.safe_load((EXAMPLES / "expected.yaml").read_text(encoding="utf-8"))["examples"]


def test_builtin_ilacs_packs_are_loaded() -> None:
    files = {r.file for r in ILACS_RULES}
    areas = ("help-and-protection", "children-in-care", "care-leavers", "leaders")
    assert files == {f"{ILACS_PREFIX}{n}.yaml" for n in areas} | {f"{ILACS_PREFIX}{n}-2026.yaml" for n in areas}
    assert 80 <= len(ILACS_RULES) <= 220, len(ILACS_RULES)


def test_lint_passes_on_builtin_packs() -> None:
    assert not PROBLEMS, "\n".join(map(str, PROBLEMS))


# Each rule's own cases run as tests in test_rule_cases.py (ids <rule-id>::<case>).


@pytest.mark.parametrize("rule", ILACS_RULES, ids=[r.id for r in ILACS_RULES])
def test_rule_has_a_case_for_every_outcome(rule: packs.Rule) -> None:
    assert not selftest.missing_cases(rule), f"{rule.id} has no case for {selftest.missing_cases(rule)}"
    assert any(c.expect == "not_evidenced" for c in rule.cases), f"{rule.id} has no not_evidenced case"


@pytest.mark.parametrize("rule", ILACS_RULES, ids=[r.id for r in ILACS_RULES])
def test_rule_is_cited_and_explained(rule: packs.Rule) -> None:
    prefix = {"help_and_protection": "hp-", "children_in_care": "cic-",
              "care_leavers": "cl-", "leaders": "ld-"}[rule.area]
    assert rule.id.startswith(prefix)
    assert rule.findings, f"{rule.id} cites no finding"
    assert rule.sources and all(s in RULESET.sources for s in rule.sources)
    for level in rule.levels.values():
        assert level.rationale.note.strip() and level.rationale.source in RULESET.sources
    assert rule.expectation.strip() and rule.action.strip()
    assert all(t in RULESET.themes for t in rule.themes), rule.themes


def test_every_theme_is_covered_by_a_rule() -> None:
    covered = {t for r in ILACS_RULES for t in r.themes}
    themes = yaml.safe_load((ROOT / "rules" / "themes.yaml").read_text(encoding="utf-8"))["themes"]
    uncovered = [k for k, v in themes.items() if k not in covered and v.get("evidence") != "none"]
    assert not uncovered, f"themes with no rule: {uncovered}"
    seed = [k for k, v in themes.items() if v.get("origin") == "seed"]
    assert len(seed) >= 55, "one seed theme per row of seed-findings.md"
    for key, theme in themes.items():
        assert theme.get("area") in ("help_and_protection", "children_in_care", "care_leavers", "leaders"), key
        assert theme.get("origin") in ("seed", "framework"), key
        assert theme.get("where"), key


def test_every_source_has_a_title_and_type() -> None:
    sources = yaml.safe_load((ROOT / "rules" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    for key, s in sources.items():
        assert s.get("title") and s.get("year"), key
        assert s.get("type") in ("inspection_report", "statutory_guidance", "regulation",
                                 "national_statistics", "other"), key
    for key in ("LIV-2014", "LIV-2019", "KNO-2016", "SEF-2023", "LIV-2024"):
        assert sources[key]["type"] == "inspection_report"


def _statuses(name: str) -> dict[str, str]:
    sub = submission.load(EXAMPLES / EXPECTED[name]["file"], CATALOGUE)
    england = benchmarks.values(sub.period.reference)  # the England figures of the period's year, as `check` uses
    return {r.id: evaluate(r, sub.evidence, sub.previous, CATALOGUE, england, period_end=sub.period.reference).status
            for r in ILACS_RULES}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_worked_example_matches_its_report(name: str) -> None:
    spec = EXPECTED[name]
    got = _statuses(name)
    unknown = [r for key in ("gaps", "serious", "met") for r in spec.get(key, []) if r not in got]
    assert not unknown, f"expected.yaml names unknown rules: {unknown}"
    wrong = [f"{r}: expected a gap, got {got[r]}" for r in spec.get("gaps", [])
             if got[r] not in ("concern", "serious")]
    wrong += [f"{r}: expected serious, got {got[r]}" for r in spec.get("serious", []) if got[r] != "serious"]
    wrong += [f"{r}: expected met, got {got[r]}" for r in spec.get("met", []) if got[r] != "met"]
    assert not wrong, f"{name}:\n" + "\n".join(wrong)
