"""The core of one check: the rules chosen, local settings, and every rule's result.

The report model is built from these by :mod:`selfeval.reports.check`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from selfeval.core import benchmarks as bm
from selfeval.core import catalogue as cat
from selfeval.core import comparators as cmp
from selfeval.core import local_comparators, packs, scope, submission
from selfeval.core import settings as st
from selfeval.core.evaluate import RuleResult, Status, contexts, evaluate, not_applicable, status_pass
from selfeval.core.records import dataclass, field


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
    la_code: str | None = None
    """``--la-code``: DfE's LA code (wins over the metrics file's ``authority_code``)."""
    benchmarks: Path | str | None = None
    """``--benchmarks``: the user's comparator file (YAML or CSV)."""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.generated or dt.date.today()


def load_rules(opts: Options, catalogue: cat.Catalogue | None = None) -> packs.RuleSet:
    """Every rule pack chosen. ``--areas`` is checked here (so a typo fails before any work) but
    applied in :func:`check_submission`: settings and recommendations may name any loaded rule."""
    ruleset = packs.load(opts.rules, builtin=opts.builtin, catalogue=catalogue, cases=False)  # (no check reads them)
    scope.limit(ruleset, scope_of(opts, ruleset))
    return ruleset


def scope_of(opts: Options, ruleset: packs.RuleSet) -> scope.Scope:
    return scope.parse(opts.areas, ruleset)


def comparators_for(sub: submission.Submission, opts: Options,
                    catalogue: cat.Catalogue | None = None, local: st.Settings = st.NONE) -> cmp.Comparators:
    """The comparators beside England for this period: the bundled published figures when the
    authority is named by LA code (``--la-code`` or ``authority_code:``), and the user's file
    (``--benchmarks``, else the settings file's ``benchmarks:``)."""
    auth = None
    if opts.la_code:
        auth = cmp.authority(opts.la_code, file="--la-code")
    elif sub.authority_code:
        auth = cmp.authority(sub.authority_code, file=sub.file)
    when = sub.period.reference
    published = cmp.published(auth, when) if auth is not None else {}
    path = opts.benchmarks or local.benchmarks
    figures, source = local_comparators.figures(path, when, catalogue)
    if auth is None and not figures:
        return cmp.NONE
    return cmp.Comparators(authority=auth, figures=cmp.merge(published, figures),
                           local_file=str(path) if path else None, local_source=source)


def evaluate_all(sub: submission.Submission, ruleset: packs.RuleSet, catalogue: cat.Catalogue,
                 local: st.Settings = st.NONE, comps: cmp.Comparators = cmp.NONE) -> list[RuleResult]:
    """Every rule's result, with local settings applied (overridden thresholds, not applicable)."""
    effective = st.apply(ruleset, local)
    national = bm.values(sub.period.reference)  # England figures of the period's own year
    groups = comps.values()
    ctxs = contexts(sub.evidence, sub.previous, catalogue, national, groups)
    return [
        not_applicable(rule) if rule.id in local.not_applicable
        else evaluate(rule, sub.evidence, sub.previous, catalogue, national, period_end=sub.period.reference,
                      comparators=groups, ctxs=ctxs)
        for rule in effective.rules.values()
    ]


@lru_cache(maxsize=64)
def _national(when: dt.date | None) -> dict[str, float]:
    """England figures for a period's date, looked up once per date (a batch has few dates);
    the dict is only read."""
    return bm.values(when)


def statuses(sub: submission.Submission, ruleset: packs.RuleSet, catalogue: cat.Catalogue,
             local: st.Settings = st.NONE, comps: cmp.Comparators = cmp.NONE) -> dict[str, Status]:
    """Every rule's status (as :func:`evaluate_all` gives it) by rule id, without building any
    explanation: the pass behind ``check --summary`` of many files."""
    effective = st.apply(ruleset, local)
    ctxs = contexts(sub.evidence, sub.previous, catalogue, _national(sub.period.reference),  # as evaluate_all
                    comps.values())
    return status_pass(effective.rules, ctxs, sub.period.reference, local.not_applicable)


def settings_for(path: Path | str, ruleset: packs.RuleSet, opts: Options) -> st.Settings:
    if not opts.use_settings:
        return st.NONE
    return st.load(st.find(path, opts.config), ruleset)
