"""Local settings (``selfeval.yaml``): threshold overrides, rules marked not applicable, waivers.

Precedence, lowest first: built-in packs → packs added with ``--rules`` (new rules only) → this
settings file (changes to rules, and defaults for options) → command-line options. Every change
carries a reason, and reports always show it: nothing a setting touches is hidden.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core import conditions, yamlsafe
from selfeval.core.errors import KeyPath, SelfevalError
from selfeval.core.evaluate import FAIL_ON
from selfeval.core.packs import Level, Rule, RuleSet
from selfeval.core.records import dataclass, field

FILENAME = "selfeval.yaml"
TOP_KEYS = ("overrides", "not_applicable", "waivers", "fail_on", "suppress", "benchmarks")


@dataclass(frozen=True)
class Override:
    rule: str
    level: str
    op: str
    value: float
    reason: str
    target: str | None = None  # the metric or audit question, when the level tests several


@dataclass(frozen=True)
class NotApplicable:
    rule: str
    reason: str


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    approved_by: str
    expires: dt.date
    approved: dt.date | None = None

    def active(self, on: dt.date) -> bool:
        return on <= self.expires


@dataclass(frozen=True)
class Settings:
    file: str | None = None
    overrides: tuple[Override, ...] = ()
    not_applicable: dict[str, NotApplicable] = field(default_factory=dict)
    waivers: dict[str, Waiver] = field(default_factory=dict)
    fail_on: str | None = None
    suppress: int | None = None
    benchmarks: str | None = None  # the user's comparator file, resolved beside the settings file


NONE = Settings()


def find(metrics_file: Path | str, config: Path | str | None) -> Path | None:
    """``--config`` if given, else ``selfeval.yaml`` beside the metrics file, else none."""
    if config is not None:
        return Path(config)
    beside = Path(metrics_file).resolve().parent / FILENAME
    return beside if beside.is_file() else None


class _Reader:
    def __init__(self, file: str, locator: Any, ruleset: RuleSet) -> None:
        self.file, self.locator, self.rs = file, locator, ruleset

    def error(self, path: KeyPath, message: str, hint: str | None = None) -> SelfevalError:
        return SelfevalError(message, file=self.file, where=self.locator.where(path), hint=hint)

    def entries(self, data: dict[str, Any], key: str) -> list[tuple[KeyPath, dict[str, Any]]]:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise self.error((key,), f"'{key}' should be a list", "write one '- rule: ...' entry per item")
        out: list[tuple[KeyPath, dict[str, Any]]] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.error((key, i), f"each entry of '{key}' should be a mapping with 'rule' and 'reason'")
            out.append(((key, i), item))
        return out

    def rule(self, path: KeyPath, item: dict[str, Any]) -> Rule:
        rid = item.get("rule")
        if not isinstance(rid, str):
            raise self.error(path, "this entry does not name a 'rule'")
        if rid not in self.rs.rules:
            message, hint = cat.unknown_id("rule", rid, self.rs.rules)
            raise self.error(path + ("rule",), message, hint if "did you mean" in hint else "see `selfeval rules list`")
        return self.rs.rules[rid]

    def reason(self, path: KeyPath, item: dict[str, Any]) -> str:
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise self.error(path, f"the entry for '{item.get('rule')}' needs a 'reason'",
                             "say why, so readers of the report can see it")
        return reason.strip()

    def keys(self, path: KeyPath, item: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for k in item:
            if k not in allowed:
                raise self.error(path + (k,), f"unknown key '{k}'", f"this entry takes {', '.join(allowed)}")

    def date(self, path: KeyPath, value: Any, name: str) -> dt.date:
        if isinstance(value, dt.datetime):  # "2026-06-30 10:00:00": the day is what counts
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise self.error(path, f"'{name}' should be a date such as 2026-09-30, not '{value}'")

    def override(self, path: KeyPath, item: dict[str, Any]) -> Override:
        ops = [k for k in conditions.COMPARISONS if k in item]
        self.keys(path, item, ("rule", "level", "reason", "metric", "audit", *conditions.COMPARISONS))
        rule = self.rule(path, item)
        level = item.get("level")
        if not isinstance(level, str) or level not in rule.levels:
            raise self.error(path + ("level",), f"rule '{rule.id}' has no level '{level}'",
                             f"its levels are {', '.join(rule.levels)}")
        if len(ops) != 1:
            raise self.error(path, "an override changes one number: give exactly one of above, below, at_least or at_most")
        value = item[ops[0]]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            raise self.error(path + (ops[0],), f"'{ops[0]}' should be a number")
        target = item.get("metric") or item.get("audit")
        override = Override(rule.id, str(level), ops[0], float(value), self.reason(path, item),
                            str(target) if target else None)
        matches = _matching(rule.levels[override.level].when, override)
        if not matches:
            raise self.error(path, f"the {level} level of '{rule.id}' has no '{ops[0]}' test"
                                   + (f" on '{target}'" if target else ""),
                             f"it tests: {rule.levels[override.level].when.describe()}")
        if len({_measure(m) for m in matches}) > 1:
            raise self.error(path, f"the {level} level of '{rule.id}' has '{ops[0]}' tests on several measures",
                             "name the one to change with 'metric:' or 'audit:'")
        if isinstance(matches[0], conditions.AuditShare) and not 0 <= value <= 1:
            raise self.error(path + (ops[0],), "an audit share runs from 0 to 1")
        return override

    def read(self, data: Any) -> Settings:
        if not isinstance(data, dict):
            raise self.error((), "a settings file should be a mapping", f"it takes {', '.join(TOP_KEYS)}")
        for k in data:
            if k not in TOP_KEYS:
                raise self.error((k,), f"unknown setting '{k}'", cat.suggest(str(k), TOP_KEYS) or f"settings are {', '.join(TOP_KEYS)}")
        overrides = tuple(self.override(p, item) for p, item in self.entries(data, "overrides"))
        na: dict[str, NotApplicable] = {}
        for p, item in self.entries(data, "not_applicable"):
            self.keys(p, item, ("rule", "reason"))
            rule = self.rule(p, item)
            na[rule.id] = NotApplicable(rule.id, self.reason(p, item))
        waivers: dict[str, Waiver] = {}
        for p, item in self.entries(data, "waivers"):
            self.keys(p, item, ("rule", "reason", "approved_by", "approved", "expires"))
            rule = self.rule(p, item)
            if not isinstance(item.get("approved_by"), str) or not item["approved_by"].strip():
                raise self.error(p, f"the waiver for '{rule.id}' needs 'approved_by'", "name who accepted the risk")
            if "expires" not in item:
                raise self.error(p, f"the waiver for '{rule.id}' needs 'expires'", "a waiver is reviewed by a date")
            waivers[rule.id] = Waiver(rule.id, self.reason(p, item), item["approved_by"].strip(),
                                      self.date(p + ("expires",), item["expires"], "expires"),
                                      self.date(p + ("approved",), item["approved"], "approved") if "approved" in item else None)
        both = set(na) & set(waivers)
        if both:
            raise self.error(("waivers",), f"'{sorted(both)[0]}' is both not applicable and waived", "choose one")
        fail_on = data.get("fail_on")
        if fail_on is not None and (not isinstance(fail_on, str) or fail_on not in FAIL_ON):
            raise self.error(("fail_on",), f"'fail_on' should be one of {', '.join(FAIL_ON)}")
        suppress = data.get("suppress")
        if suppress is not None and (isinstance(suppress, bool) or not isinstance(suppress, int) or suppress < 1):
            raise self.error(("suppress",), "'suppress' should be a whole number of 1 or more")
        bench = data.get("benchmarks")
        if bench is not None and (not isinstance(bench, str) or not bench.strip()):
            raise self.error(("benchmarks",), "'benchmarks' should be the path of your comparator file",
                             "e.g. benchmarks: regional-benchmarking.csv (relative to this settings file)")
        if bench is not None:
            bench = str(Path(self.file).parent / bench) if not Path(bench).is_absolute() else bench
        return Settings(self.file, overrides, na, waivers, fail_on, suppress, bench)


def _finite(value: int | float) -> bool:
    """A number that fits a float and is not infinite (a 400-digit integer or 1e999 is not)."""
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def load(path: Path | str | None, ruleset: RuleSet) -> Settings:
    if path is None:
        return NONE
    data, locator = yamlsafe.load(path)
    return _Reader(str(path), locator, ruleset).read(data)


def _measure(c: conditions.Condition) -> str:
    return c.metric if isinstance(c, conditions.MetricCompare) else c.audit  # type: ignore[attr-defined]


def _matching(cond: conditions.Condition, o: Override) -> list[conditions.Condition]:
    found: list[conditions.Condition] = []

    def walk(c: conditions.Condition) -> None:
        if isinstance(c, (conditions.MetricCompare, conditions.AuditShare)):
            if c.op == o.op and (o.target is None or _measure(c) == o.target):
                found.append(c)
        elif isinstance(c, (conditions.All, conditions.Any_)):
            for p in c.parts:
                walk(p)
        elif isinstance(c, conditions.Not):
            walk(c.part)
    walk(cond)
    return found


def _replace(cond: conditions.Condition, o: Override) -> conditions.Condition:
    if isinstance(cond, (conditions.MetricCompare, conditions.AuditShare)):
        if cond.op == o.op and (o.target is None or _measure(cond) == o.target):
            return dataclasses.replace(cond, threshold=o.value)
        return cond
    if isinstance(cond, conditions.All):
        return conditions.All(tuple(_replace(p, o) for p in cond.parts))
    if isinstance(cond, conditions.Any_):
        return conditions.Any_(tuple(_replace(p, o) for p in cond.parts))
    if isinstance(cond, conditions.Not):
        return conditions.Not(_replace(cond.part, o))
    return cond


def apply(ruleset: RuleSet, settings: Settings) -> RuleSet:
    """A rule set with the settings' threshold overrides applied (other rules unchanged)."""
    if not settings.overrides:
        return ruleset
    changed: dict[str, Rule] = {}
    for o in settings.overrides:
        rule = changed.get(o.rule, ruleset.rules[o.rule])
        level = rule.levels[o.level]
        levels = {**rule.levels, o.level: Level(level.name, _replace(level.when, o), level.rationale, level.raw_when)}
        changed[o.rule] = dataclasses.replace(rule, levels=levels)
    packs = [dataclasses.replace(p, rules=tuple(changed.get(r.id, r) for r in p.rules)) for p in ruleset.packs]
    return RuleSet(packs=packs, sources=ruleset.sources, themes=ruleset.themes)
