"""One check, end to end: load → validate → evaluate → report model. The CLI only calls this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import benchmarks as bm
from . import catalogue as cat
from . import packs, report, scope, submission
from . import settings as st
from .evaluate import RuleResult, evaluate, not_applicable


@dataclass
class Options:
    """What a user chose on the command line."""

    rules: tuple[Path | str, ...] = ()
    builtin: bool = True
    suppress_below: int | None = None  # None: the settings file's, else 0 (off)
    generated: dt.date | None = None
    config: Path | str | None = None  # --config; else selfeval.yaml beside each metrics file
    use_settings: bool = True
    areas: tuple[str, ...] = ()
    """``--areas`` values: judgement areas or themes to limit the report to (empty: all)."""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.generated or dt.date.today()


def load_rules(opts: Options, catalogue: cat.Catalogue | None = None) -> packs.RuleSet:
    """Every rule pack chosen. ``--areas`` is checked here (so a typo fails before any work) but
    applied in :func:`check_submission`: settings and recommendations may name any loaded rule."""
    ruleset = packs.load(opts.rules, builtin=opts.builtin, catalogue=catalogue)
    scope.limit(ruleset, scope_of(opts, ruleset))
    return ruleset


def scope_of(opts: Options, ruleset: packs.RuleSet) -> scope.Scope:
    return scope.parse(opts.areas, ruleset)


def evaluate_all(sub: submission.Submission, ruleset: packs.RuleSet, catalogue: cat.Catalogue,
                 local: st.Settings = st.NONE) -> list[RuleResult]:
    """Every rule's result, with local settings applied (overridden thresholds, not applicable)."""
    effective = st.apply(ruleset, local)
    national = bm.values(sub.period.reference)  # England figures of the period's own year
    return [
        not_applicable(rule) if rule.id in local.not_applicable
        else evaluate(rule, sub.evidence, sub.previous, catalogue, national, period_end=sub.period.reference)
        for rule in effective.rules.values()
    ]


def check_submission(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options,
                     catalogue: cat.Catalogue | None = None, local: st.Settings = st.NONE) -> report.Report:
    c = catalogue or cat.load()
    chosen = scope_of(opts, ruleset)
    in_scope = scope.limit(ruleset, chosen).rules
    results = [r for r in evaluate_all(sub, ruleset, c, local) if r.rule.id in in_scope]
    overridden = {o.rule for o in local.overrides}
    pack_status = {
        r.id: evaluate(r, sub.evidence, sub.previous, c, bm.values(sub.period.reference),
                       period_end=sub.period.reference).status
        for r in ruleset.rules.values() if r.id in overridden
    }
    suppress = opts.suppress_below if opts.suppress_below is not None else (local.suppress or 0)
    return report.build(sub, ruleset, results, c, generated=opts.today, suppress_below=suppress,
                        benchmarks=bm.for_date(sub.period.reference), local=local, pack_status=pack_status,
                        scope=chosen.to_dict(ruleset))


def settings_for(path: Path | str, ruleset: packs.RuleSet, opts: Options) -> st.Settings:
    if not opts.use_settings:
        return st.NONE
    return st.load(st.find(path, opts.config), ruleset)


def check_files(paths: Iterable[Path | str], opts: Options) -> list[report.Report]:
    c = cat.load()
    ruleset = load_rules(opts, c)
    reports = []
    for p in paths:
        sub = submission.load(p, c)
        reports.append(check_submission(sub, ruleset, opts, c, settings_for(p, ruleset, opts)))
    return reports
