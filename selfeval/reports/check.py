"""One check, end to end: evidence → the core's evaluation → the gap report model."""

from __future__ import annotations

from selfeval.core import benchmarks as bm
from selfeval.core import catalogue as cat
from selfeval.core import packs, scope, submission
from selfeval.core import settings as st
from selfeval.core.check import Options, evaluate_all, scope_of
from selfeval.core.evaluate import evaluate
from selfeval.reports import report

__all__ = ["Options", "check_submission"]


def check_submission(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options,
                     catalogue: cat.Catalogue | None = None, local: st.Settings = st.NONE) -> report.Report:
    c = catalogue or cat.load()
    chosen = scope_of(opts, ruleset)
    in_scope = scope.limit(ruleset, chosen).rules
    results = [r for r in evaluate_all(sub, ruleset, c, local) if r.rule.id in in_scope]
    overridden = {o.rule for o in local.overrides}
    pack_status = {
        r.id: evaluate(r, sub.evidence, sub.previous, c, bm.values(sub.period.reference)).status
        for r in ruleset.rules.values() if r.id in overridden
    }
    suppress = opts.suppress_below if opts.suppress_below is not None else (local.suppress or 0)
    return report.build(sub, ruleset, results, c, generated=opts.today, suppress_below=suppress,
                        benchmarks=bm.for_date(sub.period.reference), local=local, pack_status=pack_status,
                        scope=chosen.to_dict(ruleset))
