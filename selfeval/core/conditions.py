"""The condition language of rule packs: one small class per kind, registered by key.

Conditions are data parsed into these objects, never evaluated code. Evaluation is three-valued:
``True``, ``False`` or ``None`` (unknown: the evidence is missing). ``evaluate`` also returns
what it looked at, so a report can show the value against the threshold; ``decide`` returns the
value alone (the same value, about ten times faster), for passes that need only statuses.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Iterator, Mapping, Protocol

from selfeval.core.catalogue import Catalogue
from selfeval.core.evidence import Evidence, answer_word
from selfeval.core.records import dataclass, field

COMPARISONS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "above": ("above", lambda a, b: a > b),
    "below": ("below", lambda a, b: a < b),
    "at_least": ("at least", lambda a, b: a >= b),
    "at_most": ("at most", lambda a, b: a <= b),
}


@dataclass(frozen=True)
class Ref:
    """A piece of evidence a condition needs: ('metric' | 'audit' | 'fact' | 'previous_metric', id)."""

    kind: str
    id: str


@dataclass(frozen=True)
class Observation:
    """One test made during evaluation, for the report: the value against the threshold."""

    kind: str  # metric | audit | fact | change | benchmark
    id: str
    test: str  # e.g. "below 85", "share of no or partly above 0.4"
    actual: float | bool | None
    result: bool | None
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    value: bool | None
    observations: list[Observation] = field(default_factory=list)
    missing: list[Ref] = field(default_factory=list)


@dataclass(frozen=True)
class AuditMethod:
    """How audit shares are judged (the numbers live in data/positions.yaml, ``audit:``)."""

    z: float = 1.645  # a two-sided 90% Wilson interval: each bound is a one-sided 95% bound
    serious_min_cases: int = 10  # fewer applicable cases: indicative, never serious


@dataclass
class Context:
    evidence: Evidence
    previous: Evidence | None
    catalogue: Catalogue
    benchmarks: Mapping[str, float] = field(default_factory=dict)
    comparators: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """group -> metric -> figure: statistical_neighbours, region, and the user's named groups."""
    level: str = "concern"  # the level being tested: at "serious", audit shares use their interval
    audit: AuditMethod = AuditMethod()


POPULATION = "child_population_under_18"
"""The catalogue metric that counts judged per 10,000 children are divided by."""


def wilson(count: int, n: int, z: float) -> tuple[float, float]:
    """The Wilson score interval for a share of ``count`` in ``n``: honest for small samples and
    for shares near 0 or 1, where the usual normal interval is not."""
    if n <= 0:
        return 0.0, 1.0
    p = count / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


class Condition(Protocol):
    def evaluate(self, ctx: Context) -> Outcome: ...
    def decide(self, ctx: Context) -> bool | None: ...
    def refs(self) -> Iterator[Ref]: ...
    def describe(self, name: Namer = ...) -> str: ...


Namer = Callable[[str, str], str]


def _ident(kind: str, id_: str) -> str:
    return id_


def _fmt(x: float) -> str:
    return f"{x:g}"


def _pct(share: float) -> str:
    return f"{round(share * 100, 1):g}%"


@dataclass(frozen=True)
class MetricCompare:
    metric: str
    op: str
    threshold: float
    per: str | None = None  # "10k_children": a count judged per 10,000 children (needs child_population)

    def evaluate(self, ctx: Context) -> Outcome:
        mv = ctx.evidence.metrics.get(self.metric)
        test = f"{COMPARISONS[self.op][0]} {_fmt(self.threshold)}" + (" per 10,000 children" if self.per else "")
        detail: dict[str, Any] = {"op": self.op, "threshold": self.threshold}
        if mv is None:
            return Outcome(None, [Observation("metric", self.metric, test, None, None, detail)],
                           [Ref("metric", self.metric)])
        value = mv.value
        if self.per:
            pv = ctx.evidence.metrics.get(POPULATION)
            if mv.value == 0:  # none is none at any size
                pv = None
            elif pv is None or not pv.value:
                return Outcome(None, [Observation("metric", self.metric, test, mv.value, None,
                                                  {**detail, "per": self.per})],
                               [Ref("metric", POPULATION)])
            pop = pv.value if pv is not None else None
            value = round(mv.value / pop * 10000, 2) if pop else 0.0
            detail = {**detail, "per": self.per, "rate": value, "child_population": pop}
        result = COMPARISONS[self.op][1](value, self.threshold)
        return Outcome(result, [Observation("metric", self.metric, test, mv.value, result, detail)])

    def refs(self) -> Iterator[Ref]:
        yield Ref("metric", self.metric)
        if self.per:
            yield Ref("metric", POPULATION)

    def describe(self, name: Namer = _ident) -> str:
        per = " per 10,000 children" if self.per else ""
        return f"{name('metric', self.metric)}{per} {COMPARISONS[self.op][0]} {_fmt(self.threshold)}"

    def decide(self, ctx: Context) -> bool | None:
        mv = ctx.evidence.metrics.get(self.metric)
        if mv is None:
            return None
        value = mv.value
        if self.per:  # as in evaluate: none is none at any size; else per 10,000 children
            if mv.value != 0:
                pv = ctx.evidence.metrics.get(POPULATION)
                if pv is None or not pv.value:
                    return None
                value = round(mv.value / pv.value * 10000, 2)
            else:
                value = 0.0
        return COMPARISONS[self.op][1](value, self.threshold)


@dataclass(frozen=True)
class AuditShare:
    audit: str
    answers: tuple[str, ...]
    op: str
    threshold: float
    min_sample: int = 1

    def _label(self) -> str:
        return " or ".join(a.replace("_", " ") for a in self.answers)

    def evaluate(self, ctx: Context) -> Outcome:
        counts = ctx.evidence.answers.get(self.audit)
        test = f"share answering {self._label()} {COMPARISONS[self.op][0]} {_pct(self.threshold)}"
        if counts is None or counts.applicable < self.min_sample:
            small = {} if counts is None else {"applicable": counts.applicable, "min_sample": self.min_sample}
            return Outcome(None, [Observation("audit", self.audit, test, None, None, small)],
                           [Ref("audit", self.audit)])
        share = counts.share(self.answers)
        assert share is not None
        n, k = counts.applicable, counts.count(self.answers)
        low, high = wilson(k, n, ctx.audit.z)
        detail: dict[str, Any] = {"yes": counts.yes, "partly": counts.partly, "no": counts.no,
                  "not_applicable": counts.not_applicable, "applicable": n,
                  "count": k, "op": self.op, "threshold": self.threshold,
                  "answers_counted": list(self.answers), "interval": [round(low, 4), round(high, 4)]}
        if ctx.level == "serious":
            # serious only when the whole interval is past the line, and never on a small sample
            detail["judged_on"] = "interval"
            if n < ctx.audit.serious_min_cases:
                detail["indicative"] = True
                detail["serious_min_cases"] = ctx.audit.serious_min_cases
                result = False
            else:
                bound = low if self.op in ("above", "at_least") else high
                result = COMPARISONS[self.op][1](bound, self.threshold)
        else:
            result = COMPARISONS[self.op][1](share, self.threshold)
        return Outcome(result, [Observation("audit", self.audit, test, round(share, 4), result, detail)])

    def refs(self) -> Iterator[Ref]:
        yield Ref("audit", self.audit)

    def decide(self, ctx: Context) -> bool | None:
        counts = ctx.evidence.answers.get(self.audit)
        if counts is None or counts.applicable < self.min_sample:
            return None
        share = counts.share(self.answers)
        assert share is not None
        if ctx.level == "serious":  # as in evaluate: the interval, and never on a small sample
            n = counts.applicable
            if n < ctx.audit.serious_min_cases:
                return False
            low, high = wilson(counts.count(self.answers), n, ctx.audit.z)
            return COMPARISONS[self.op][1](low if self.op in ("above", "at_least") else high, self.threshold)
        return COMPARISONS[self.op][1](share, self.threshold)

    def describe(self, name: Namer = _ident) -> str:
        return (f"share of '{name('audit', self.audit)}' answers that are {self._label()} "
                f"{COMPARISONS[self.op][0]} {_pct(self.threshold)}")


@dataclass(frozen=True)
class FactIs:
    fact: str
    expected: bool

    def evaluate(self, ctx: Context) -> Outcome:
        value = ctx.evidence.facts.get(self.fact)
        test = f"is {'yes' if self.expected else 'no'}"
        if value is None:
            return Outcome(None, [Observation("fact", self.fact, test, None, None)], [Ref("fact", self.fact)])
        result = value == self.expected
        return Outcome(result, [Observation("fact", self.fact, test, value, result)])

    def refs(self) -> Iterator[Ref]:
        yield Ref("fact", self.fact)

    def decide(self, ctx: Context) -> bool | None:
        value = ctx.evidence.facts.get(self.fact)
        return None if value is None else value == self.expected

    def describe(self, name: Namer = _ident) -> str:
        return f"{name('fact', self.fact)} is {'yes' if self.expected else 'no'}"


@dataclass(frozen=True)
class Worsened:
    """The metric moved at least ``by`` units in its bad direction since the previous period."""

    metric: str
    by: float

    def evaluate(self, ctx: Context) -> Outcome:
        test = f"worse by at least {_fmt(self.by)} since the previous period"
        now = ctx.evidence.metrics.get(self.metric)
        before = ctx.previous.metrics.get(self.metric) if ctx.previous else None
        missing = []
        if now is None:
            missing.append(Ref("metric", self.metric))
        if before is None:
            missing.append(Ref("previous_metric", self.metric))
        if now is None or before is None:
            return Outcome(None, [Observation("change", self.metric, test, None, None)], missing)
        m = ctx.catalogue.metrics[self.metric]
        change = now.value - before.value
        worse_by = -change if m.better == "higher" else change
        result = worse_by >= self.by
        return Outcome(result, [Observation("change", self.metric, test, now.value, result,
                                            {"previous": before.value, "change": round(change, 4)})])

    def refs(self) -> Iterator[Ref]:
        yield Ref("metric", self.metric)

    def describe(self, name: Namer = _ident) -> str:
        return f"{name('metric', self.metric)} worse by at least {_fmt(self.by)} since the previous period"

    def decide(self, ctx: Context) -> bool | None:
        now = ctx.evidence.metrics.get(self.metric)
        before = ctx.previous.metrics.get(self.metric) if ctx.previous else None
        if now is None or before is None:
            return None
        change = now.value - before.value
        worse_by = -change if ctx.catalogue.metrics[self.metric].better == "higher" else change
        return worse_by >= self.by


@dataclass(frozen=True)
class WorseThanNational:
    """The metric is worse than the England figure (by at least ``margin`` units)."""

    metric: str
    margin: float = 0.0

    def evaluate(self, ctx: Context) -> Outcome:
        national = ctx.benchmarks.get(self.metric)
        test = "worse than England" + (f" by at least {_fmt(self.margin)}" if self.margin else "")
        mv = ctx.evidence.metrics.get(self.metric)
        if mv is None:
            return Outcome(None, [Observation("benchmark", self.metric, test, None, None)],
                           [Ref("metric", self.metric)])
        if national is None:  # no benchmark is a gap in our data, not the authority's
            return Outcome(None, [Observation("benchmark", self.metric, test, mv.value, None)],
                           [Ref("benchmark", self.metric)])
        m = ctx.catalogue.metrics[self.metric]
        gap = (national - mv.value) if m.better == "higher" else (mv.value - national)
        result = gap > 0 and gap >= self.margin
        return Outcome(result, [Observation("benchmark", self.metric, test, mv.value, result,
                                            {"national": national})])

    def refs(self) -> Iterator[Ref]:
        yield Ref("metric", self.metric)

    def describe(self, name: Namer = _ident) -> str:
        extra = f" by at least {_fmt(self.margin)}" if self.margin else ""
        return f"{name('metric', self.metric)} worse than the England figure{extra}"

    def decide(self, ctx: Context) -> bool | None:
        mv = ctx.evidence.metrics.get(self.metric)
        national = ctx.benchmarks.get(self.metric)
        if mv is None or national is None:
            return None
        gap = (national - mv.value) if ctx.catalogue.metrics[self.metric].better == "higher" else (mv.value - national)
        return gap > 0 and gap >= self.margin


GROUP_WORDS = {"statistical_neighbours": "the statistical neighbours' average", "region": "the region's figure"}


@dataclass(frozen=True)
class WorseThanGroup:
    """The metric is worse than a comparator group's figure: the statistical neighbours' average,
    the region, or a group named in the user's comparator file (by at least ``margin`` units)."""

    metric: str
    group: str
    margin: float = 0.0

    def _name(self) -> str:
        return GROUP_WORDS.get(self.group, f"the '{self.group}' comparator figure")

    def evaluate(self, ctx: Context) -> Outcome:
        figure = ctx.comparators.get(self.group, {}).get(self.metric)
        test = f"worse than {self._name()}" + (f" by at least {_fmt(self.margin)}" if self.margin else "")
        mv = ctx.evidence.metrics.get(self.metric)
        if mv is None:
            return Outcome(None, [Observation("benchmark", self.metric, test, None, None, {"group": self.group})],
                           [Ref("metric", self.metric)])
        if figure is None:  # no comparator figure: a gap in the comparators, not in the authority's data
            return Outcome(None, [Observation("benchmark", self.metric, test, mv.value, None, {"group": self.group})],
                           [Ref("comparator", f"{self.group}:{self.metric}")])
        m = ctx.catalogue.metrics[self.metric]
        gap = (figure - mv.value) if m.better == "higher" else (mv.value - figure)
        result = gap > 0 and gap >= self.margin
        return Outcome(result, [Observation("benchmark", self.metric, test, mv.value, result,
                                            {"group": self.group, "comparator": figure})])

    def decide(self, ctx: Context) -> bool | None:
        figure = ctx.comparators.get(self.group, {}).get(self.metric)
        mv = ctx.evidence.metrics.get(self.metric)
        if mv is None or figure is None:
            return None
        gap = (figure - mv.value) if ctx.catalogue.metrics[self.metric].better == "higher" else (mv.value - figure)
        return gap > 0 and gap >= self.margin

    def refs(self) -> Iterator[Ref]:
        yield Ref("metric", self.metric)

    def describe(self, name: Namer = _ident) -> str:
        extra = f" by at least {_fmt(self.margin)}" if self.margin else ""
        return f"{name('metric', self.metric)} worse than {self._name()}{extra}"


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        outs = [p.evaluate(ctx) for p in self.parts]
        value: bool | None
        if any(o.value is False for o in outs):
            value = False
        elif any(o.value is None for o in outs):
            value = None
        else:
            value = True
        return _combine(value, outs)

    def refs(self) -> Iterator[Ref]:
        for p in self.parts:
            yield from p.refs()

    def describe(self, name: Namer = _ident) -> str:
        return "all of: " + "; ".join(p.describe(name) for p in self.parts)

    def decide(self, ctx: Context) -> bool | None:
        unknown = False
        for p in self.parts:
            v = p.decide(ctx)
            if v is False:
                return False
            unknown = unknown or v is None
        return None if unknown else True


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        outs = [p.evaluate(ctx) for p in self.parts]
        value: bool | None
        if any(o.value is True for o in outs):
            value = True
        elif any(o.value is None for o in outs):
            value = None
        else:
            value = False
        return _combine(value, outs)

    def refs(self) -> Iterator[Ref]:
        for p in self.parts:
            yield from p.refs()

    def describe(self, name: Namer = _ident) -> str:
        return "any of: " + "; ".join(p.describe(name) for p in self.parts)

    def decide(self, ctx: Context) -> bool | None:
        unknown = False
        for p in self.parts:
            v = p.decide(ctx)
            if v is True:
                return True
            unknown = unknown or v is None
        return None if unknown else False


@dataclass(frozen=True)
class Not:
    part: Condition

    def evaluate(self, ctx: Context) -> Outcome:
        out = self.part.evaluate(ctx)
        return Outcome(None if out.value is None else not out.value, out.observations, out.missing)

    def refs(self) -> Iterator[Ref]:
        yield from self.part.refs()

    def describe(self, name: Namer = _ident) -> str:
        return f"not ({self.part.describe(name)})"

    def decide(self, ctx: Context) -> bool | None:
        v = self.part.decide(ctx)
        return None if v is None else not v


def _combine(value: bool | None, outs: list[Outcome]) -> Outcome:
    obs = [o for out in outs for o in out.observations]
    missing = [m for out in outs for m in out.missing] if value is None else []
    return Outcome(value, obs, list(dict.fromkeys(missing)))


class ConditionError(ValueError):
    """A malformed condition; ``path`` is where inside the condition mapping it is."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


def _number(data: Mapping[str, Any], key: str, path: tuple[str | int, ...]) -> float:
    v = data[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ConditionError(f"'{key}' should be a number, not '{v}'", path + (key,))
    return float(v)


def _ops(data: Mapping[str, Any]) -> list[str]:
    return [k for k in data if k in COMPARISONS]


def _answers(raw: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    words = tuple(answer_word(a) for a in items)
    for w in words:
        if w not in ("yes", "partly", "no"):
            raise ConditionError(f"'share_of' takes yes, partly and no, not '{w}'", path + ("share_of",))
    return words


def _parse_metric(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
    ops = _ops(data)
    others = [k for k in ("worsened_by", "worse_than") if k in data]
    if len(ops) + len(others) != 1:
        raise ConditionError("a metric condition takes exactly one of above, below, at_least, "
                             "at_most, worsened_by or worse_than", path)
    allowed = {"metric", *ops, *others, "margin", "per"}
    _no_extra(data, allowed, path)
    metric = str(data["metric"])
    if "per" in data and (not ops or data["per"] != "10k_children"):
        raise ConditionError("'per' takes 10k_children, with above, below, at_least or at_most", path + ("per",))
    if ops:
        return MetricCompare(metric, ops[0], _number(data, ops[0], path), data.get("per"))
    if others[0] == "worsened_by":
        return Worsened(metric, _number(data, "worsened_by", path))
    word = data["worse_than"]
    margin = _number(data, "margin", path) if "margin" in data else 0.0
    if word == "national":
        return WorseThanNational(metric, margin)
    if word in GROUP_WORDS:
        return WorseThanGroup(metric, str(word), margin)
    named = re.fullmatch(r"group:([a-z0-9_]+)", str(word))
    if named:
        return WorseThanGroup(metric, named.group(1), margin)
    import difflib  # only for a message

    close = difflib.get_close_matches(str(word), ["national", *GROUP_WORDS], n=1)
    raise ConditionError("'worse_than' takes national, statistical_neighbours, region or group:NAME (a group "
                         "in your comparator file)" + (f" — did you mean '{close[0]}'?" if close else ""),
                         path + ("worse_than",))


def _parse_audit(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
    ops = _ops(data)
    if len(ops) != 1 or "share_of" not in data:
        raise ConditionError("an audit condition takes 'share_of' and exactly one of above, "
                             "below, at_least or at_most", path)
    _no_extra(data, {"audit", "share_of", ops[0], "min_sample"}, path)
    threshold = _number(data, ops[0], path)
    if not 0 <= threshold <= 1:
        raise ConditionError(f"an audit share runs from 0 to 1, not {threshold:g}", path + (ops[0],))
    min_sample = data.get("min_sample", 1)
    if isinstance(min_sample, bool) or not isinstance(min_sample, int) or min_sample < 1:
        raise ConditionError("'min_sample' should be a whole number of 1 or more", path + ("min_sample",))
    return AuditShare(str(data["audit"]), _answers(data["share_of"], path), ops[0], threshold, min_sample)


def _parse_fact(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
    _no_extra(data, {"fact", "is"}, path)
    if not isinstance(data.get("is"), bool):
        raise ConditionError("a fact condition takes 'is: yes' or 'is: no'", path)
    return FactIs(str(data["fact"]), data["is"])


def _parse_group(kind: str) -> Callable[[Mapping[str, Any], tuple[str | int, ...]], Condition]:
    def parse_group(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
        _no_extra(data, {kind}, path)
        items = data[kind]
        if kind == "not":
            return Not(parse(items, path + ("not",)))
        if not isinstance(items, list) or not items:
            raise ConditionError(f"'{kind}' takes a list of conditions", path + (kind,))
        parts = tuple(parse(p, path + (kind, i)) for i, p in enumerate(items))
        return All(parts) if kind == "all" else Any_(parts)
    return parse_group


def _no_extra(data: Mapping[str, Any], allowed: set[str], path: tuple[str | int, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise ConditionError(f"unexpected key '{key}' in a condition", path + (key,))


KINDS: dict[str, Callable[[Mapping[str, Any], tuple[str | int, ...]], Condition]] = {
    "metric": _parse_metric,
    "audit": _parse_audit,
    "fact": _parse_fact,
    "all": _parse_group("all"),
    "any": _parse_group("any"),
    "not": _parse_group("not"),
}
"""Condition kinds by the key that introduces them. The JSON Schema enum is built from these keys."""


def parse(data: Any, path: tuple[str | int, ...] = ()) -> Condition:
    """Parse a condition mapping from a pack into a :class:`Condition`."""
    if not isinstance(data, dict):
        raise ConditionError("a condition should be a mapping such as {metric: ID, below: 85}", path)
    kinds = [k for k in KINDS if k in data]
    if len(kinds) != 1:
        raise ConditionError(f"a condition needs exactly one of {', '.join(KINDS)}", path)
    return KINDS[kinds[0]](data, path)
