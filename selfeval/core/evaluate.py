"""Rule + evidence → result: met, concern, serious or not_evidenced, with what was used.

Order of verdicts (see docs/rule-packs.md): serious if its condition holds; else concern if its
condition holds; else not_evidenced if any level could not be tested; else met. Missing evidence
never counts as a pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Container, Literal, Mapping

from selfeval.core import yamlsafe
from selfeval.core.catalogue import Catalogue
from selfeval.core.conditions import AuditMethod, Context, Observation, Ref
from selfeval.core.evidence import Evidence
from selfeval.core.failon import FAIL_ON as FAIL_ON  # re-exported: its home was here
from selfeval.core.packs import LEVELS, Rule
from selfeval.core.records import dataclass
from selfeval.core.resources import read_text

Status = Literal["met", "concern", "serious", "not_evidenced", "not_applicable"]
SEVERITY: dict[str, int] = {"not_applicable": -1, "met": 0, "not_evidenced": 1, "concern": 2, "serious": 3}
"""Higher is worse. not_evidenced sits between met and concern: unknown is never a pass.
not_applicable (set only by local settings) is below met: it is shown, last, and never fails."""


@dataclass(frozen=True)
class LevelResult:
    name: str
    value: bool | None
    observations: tuple[Observation, ...]
    missing: tuple[Ref, ...]


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    status: Status
    levels: Mapping[str, LevelResult]
    missing: tuple[Ref, ...]  # evidence that would have decided the rule (not_evidenced) or a level
    untested: tuple[str, ...]  # levels that could not be tested although the rule was decided
    reason: str | None = None  # why a rule is not applicable, when the pack (not settings) says so


@lru_cache(maxsize=1)
def audit_method() -> AuditMethod:
    """The audit-share method from data/positions.yaml (``audit: {confidence, serious_min_cases}``)."""
    data = yamlsafe.loads_builtin(read_text("data", "positions.yaml"), "positions.yaml").get("audit") or {}
    z = {0.8: 1.2816, 0.9: 1.6449, 0.95: 1.96, 0.99: 2.5758}[float(data.get("confidence", 0.9))]
    return AuditMethod(z=z, serious_min_cases=int(data.get("serious_min_cases", 10)))


def not_applicable(rule: Rule) -> RuleResult:
    """The result for a rule that local settings mark not applicable: shown, never evaluated."""
    return RuleResult(rule=rule, status="not_applicable", levels={}, missing=(), untested=())


def not_yet_in_force(rule: Rule, period_end: dt.date | None) -> str | None:
    """Why the period is not held to the rule (it ends before the rule's ``since``), or None."""
    if rule.since is None or period_end is None or period_end >= rule.since:
        return None
    return (f"applies from {rule.since.isoformat()}; this period ends {period_end.isoformat()}, "
            "before the expectation took effect")


def evaluate(rule: Rule, evidence: Evidence, previous: Evidence | None, catalogue: Catalogue,
             benchmarks: Mapping[str, float] | None = None, *,
             period_end: dt.date | None = None,
             comparators: Mapping[str, Mapping[str, float]] | None = None,
             ctxs: Mapping[str, Context] | None = None) -> RuleResult:
    """``period_end`` (the period's end or as-at date) decides whether a rule with ``since`` applies;
    ``comparators`` (group -> metric -> figure) feed ``worse_than`` a comparator group. ``ctxs``:
    :func:`contexts` of the same arguments, made once for many rules."""
    why = not_yet_in_force(rule, period_end)
    if why is not None:
        return RuleResult(rule=rule, status="not_applicable", levels={}, missing=(), untested=(), reason=why)
    if ctxs is None:
        ctxs = contexts(evidence, previous, catalogue, benchmarks, comparators)
    levels: dict[str, LevelResult] = {}
    for name in LEVELS:
        level = rule.levels.get(name)
        if level is None:
            continue
        out = level.when.evaluate(ctxs[name])
        levels[name] = LevelResult(name, out.value, tuple(out.observations), tuple(out.missing))
    serious, concern = levels.get("serious"), levels.get("concern")
    status: Status
    untested: tuple[str, ...] = ()
    if serious is not None and serious.value is True:
        status = "serious"
    elif concern is not None and concern.value is True:
        status = "concern"
        untested = ("serious",) if serious is not None and serious.value is None else ()
    elif any(lv.value is None for lv in levels.values()):
        status = "not_evidenced"
    else:
        status = "met"
    undecided = [lv for lv in levels.values() if lv.value is None]
    missing = tuple(dict.fromkeys(r for lv in undecided for r in lv.missing))
    return RuleResult(rule=rule, status=status, levels=levels, missing=missing, untested=untested)


def contexts(evidence: Evidence, previous: Evidence | None, catalogue: Catalogue,
             benchmarks: Mapping[str, float] | None = None,
             comparators: Mapping[str, Mapping[str, float]] | None = None) -> dict[str, Context]:
    """The context of each level, as :func:`evaluate` makes them: build once, decide many rules."""
    ctx = Context(evidence=evidence, previous=previous, catalogue=catalogue, benchmarks=benchmarks or {},
                  comparators=comparators or {}, audit=audit_method())
    return {name: replace(ctx, level=name) for name in LEVELS}


def status(rule: Rule, ctxs: Mapping[str, Context], period_end: dt.date | None = None) -> Status:
    """The rule's verdict alone, by the same order as :func:`evaluate` but with no explanation
    (no observations, no missing evidence): for passes that show only statuses, such as the
    summary of many files. ``ctxs`` comes from :func:`contexts`. ``status(...) ==
    evaluate(...).status`` always (a test holds it)."""
    return status_pass({rule.id: rule}, ctxs, period_end)[rule.id]


def status_pass(rules: Mapping[str, Rule], ctxs: Mapping[str, Context], period_end: dt.date | None = None,
                skip: Container[str] = ()) -> dict[str, Status]:
    """:func:`status` of every rule by id (``skip``: rules local settings mark not applicable),
    in one loop over each rule's ``since`` and levels' ``decide``, looked up once per set of
    rules: a call and five lookups a rule were half the status pass's time."""
    serious_ctx, concern_ctx = ctxs["serious"], ctxs["concern"]
    out: dict[str, Status] = {}
    for rid, since, serious, concern in _plan(rules):
        if rid in skip or (since is not None and period_end is not None and period_end < since):
            out[rid] = "not_applicable"  # (not_yet_in_force, inline)
            continue
        s = False if serious is None else serious(serious_ctx)
        if s is True:
            out[rid] = "serious"
            continue
        c = False if concern is None else concern(concern_ctx)
        if c is True:
            out[rid] = "concern"
        else:
            out[rid] = "not_evidenced" if s is None or c is None else "met"
    return out


_Decide = Callable[[Context], "bool | None"]
_Plan = list[tuple[str, "dt.date | None", "_Decide | None", "_Decide | None"]]
_plans: dict[int, tuple[Mapping[str, Rule], _Plan]] = {}


def _plan(rules: Mapping[str, Rule]) -> _Plan:
    """(id, since, serious level's decide, concern level's decide) of each rule, made once per
    mapping of rules (``RuleSet.rules`` is the same mapping until its packs change; the
    mapping is kept with its plan, so its id cannot be reused while the plan is)."""
    kept = _plans.get(id(rules))
    if kept is not None and kept[0] is rules:
        return kept[1]
    plan: _Plan = []
    for rid, rule in rules.items():
        serious, concern = rule.levels.get("serious"), rule.levels.get("concern")
        plan.append((rid, rule.since, None if serious is None else serious.when.decide,
                     None if concern is None else concern.when.decide))
    if len(_plans) >= 8:  # settings' overrides make a new mapping a check: keep a few
        _plans.clear()
    _plans[id(rules)] = (rules, plan)
    return plan
