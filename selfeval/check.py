"""One check, end to end: load → validate → evaluate → report model. The CLI only calls this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import catalogue as cat
from . import packs, report, submission
from .evaluate import RuleResult, evaluate


@dataclass
class Options:
    """What a user chose on the command line."""

    rules: tuple[Path | str, ...] = ()
    builtin: bool = True
    suppress_below: int = 0
    generated: dt.date | None = None
    extra: dict[str, object] = field(default_factory=dict)


def load_rules(opts: Options, catalogue: cat.Catalogue | None = None) -> packs.RuleSet:
    return packs.load(opts.rules, builtin=opts.builtin, catalogue=catalogue)


def evaluate_all(sub: submission.Submission, ruleset: packs.RuleSet,
                 catalogue: cat.Catalogue) -> list[RuleResult]:
    return [evaluate(rule, sub.evidence, sub.previous, catalogue) for rule in ruleset.rules.values()]


def check_submission(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options,
                     catalogue: cat.Catalogue | None = None) -> report.Report:
    c = catalogue or cat.load()
    results = evaluate_all(sub, ruleset, c)
    return report.build(sub, ruleset, results, c, generated=opts.generated,
                        suppress_below=opts.suppress_below)


def check_files(paths: Iterable[Path | str], opts: Options) -> list[report.Report]:
    c = cat.load()
    ruleset = load_rules(opts, c)
    return [check_submission(submission.load(p, c), ruleset, opts, c) for p in paths]
