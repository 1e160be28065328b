"""One check, end to end: evidence → the core's evaluation → the gap report model."""

from __future__ import annotations

from collections.abc import Mapping

from selfeval.core import benchmarks as bm
from selfeval.core import catalogue as cat
from selfeval.core import packs, scope, submission
from selfeval.core import settings as st
from selfeval.core.check import Options, comparators_for, evaluate_all, scope_of
from selfeval.core.comparators import Comparators
from selfeval.core.evaluate import RuleResult, evaluate
from selfeval.core.records import dataclass
from selfeval.reports import report

__all__ = ["Evaluated", "Options", "check_submission", "evaluate_period"]


@dataclass(frozen=True)
class Evaluated:
    """One period evaluated as its report needs: the rules in scope, and what the report beside
    them reads (the scope chosen, comparators, the pack's own status of overridden rules, the
    small-number threshold)."""

    chosen: scope.Scope
    results: list[RuleResult]
    comparators: Comparators
    pack_status: Mapping[str, str]
    suppress: int


def evaluate_period(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options, c: cat.Catalogue,
                    local: st.Settings = st.NONE) -> Evaluated:
    """The evaluation both the gap report and each period of ``compare`` are built from."""
    chosen = scope_of(opts, ruleset)
    in_scope = scope.limit(ruleset, chosen).rules
    comps = comparators_for(sub, opts, c, local)
    results = [r for r in evaluate_all(sub, ruleset, c, local, comps) if r.rule.id in in_scope]
    overridden = {o.rule for o in local.overrides}
    pack_status = {
        r.id: evaluate(r, sub.evidence, sub.previous, c, bm.values(sub.period.reference),
                       period_end=sub.period.reference, comparators=comps.values()).status
        for r in ruleset.rules.values() if r.id in overridden
    }
    suppress = opts.suppress_below if opts.suppress_below is not None else (local.suppress or 0)
    return Evaluated(chosen, results, comps, pack_status, suppress)


def check_submission(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options,
                     catalogue: cat.Catalogue | None = None, local: st.Settings = st.NONE) -> report.Report:
    c = catalogue or cat.load()
    e = evaluate_period(sub, ruleset, opts, c, local)
    return report.build(sub, ruleset, e.results, c, generated=opts.today, suppress_below=e.suppress,
                        benchmarks=bm.for_date(sub.period.reference), local=local, pack_status=e.pack_status,
                        scope=e.chosen.to_dict(ruleset), comparators=e.comparators)
