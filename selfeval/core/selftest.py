"""Run each rule's ``cases`` (used by ``selfeval rules test`` and by pytest)."""

from __future__ import annotations

from typing import Iterator

from selfeval.core.catalogue import Catalogue
from selfeval.core.evaluate import evaluate
from selfeval.core.packs import Case, Rule, RuleSet
from selfeval.core.records import dataclass
from selfeval.core.submission import parse_evidence


@dataclass(frozen=True)
class CaseResult:
    rule: Rule
    case: Case
    got: str

    @property
    def id(self) -> str:
        return f"{self.rule.id}::{self.case.name}"

    @property
    def passed(self) -> bool:
        return self.got == self.case.expect


def run_case(rule: Rule, case: Case, catalogue: Catalogue, benchmarks: dict[str, float] | None = None) -> CaseResult:
    evidence, previous = parse_evidence(case.evidence, file=rule.file, catalogue=catalogue)
    if benchmarks is None:  # `worse_than: national` in a case is judged against the latest England figure
        from selfeval.core import benchmarks as bm

        benchmarks = bm.values()
    return CaseResult(rule, case, evaluate(rule, evidence, previous, catalogue, benchmarks,
                                            period_end=case.as_at, comparators=case.comparators).status)


def run(ruleset: RuleSet, catalogue: Catalogue, benchmarks: dict[str, float] | None = None) -> Iterator[CaseResult]:
    for rule in ruleset.rules.values():
        for case in rule.cases:
            yield run_case(rule, case, catalogue, benchmarks)


def missing_cases(rule: Rule) -> list[str]:
    """The outcomes a rule's cases should show but do not: met, and each level it defines."""
    wanted = ["met", *rule.levels]
    have = {c.expect for c in rule.cases}
    return [w for w in wanted if w not in have]
