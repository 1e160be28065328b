"""Conditions on one piece of evidence: a metric against a threshold (per 10,000 children
if asked), an audit share judged on its interval, a yes/no fact."""

from __future__ import annotations

from typing import Any, Iterator

from selfeval.core.conditions.base import (
    COMPARISONS,
    POPULATION,
    Context,
    Namer,
    Observation,
    Outcome,
    Ref,
    fmt_number,
    fmt_share,
    ident_name,
    wilson,
)
from selfeval.core.records import dataclass

_TEST = {op: test for op, (_, test) in COMPARISONS.items()}
"""Each comparison's test alone: the status pass looks one up per rule."""


@dataclass(frozen=True, rebuilt=True)
class MetricCompare:
    metric: str
    op: str
    threshold: float
    per: str | None = None  # "10k_children": a count judged per 10,000 children (needs child_population)

    def evaluate(self, ctx: Context) -> Outcome:
        mv = ctx.evidence.metrics.get(self.metric)
        test = f"{COMPARISONS[self.op][0]} {fmt_number(self.threshold)}" + (" per 10,000 children" if self.per else "")
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

    def describe(self, name: Namer = ident_name) -> str:
        per = " per 10,000 children" if self.per else ""
        return f"{name('metric', self.metric)}{per} {COMPARISONS[self.op][0]} {fmt_number(self.threshold)}"

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
        return _TEST[self.op](value, self.threshold)


@dataclass(frozen=True, rebuilt=True)
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
        test = f"share answering {self._label()} {COMPARISONS[self.op][0]} {fmt_share(self.threshold)}"
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
        if counts is None:
            return None
        n = counts.applicable
        if n < self.min_sample or not n:
            return None
        k = counts.count(self.answers)
        if ctx.level == "serious":  # as in evaluate: the interval, and never on a small sample
            if n < ctx.audit.serious_min_cases:
                return False
            low, high = wilson(k, n, ctx.audit.z)
            return _TEST[self.op](low if self.op in ("above", "at_least") else high, self.threshold)
        return _TEST[self.op](k / n, self.threshold)  # the share, as counts.share gives it

    def describe(self, name: Namer = ident_name) -> str:
        return (f"share of '{name('audit', self.audit)}' answers that are {self._label()} "
                f"{COMPARISONS[self.op][0]} {fmt_share(self.threshold)}")


@dataclass(frozen=True, rebuilt=True)
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

    def describe(self, name: Namer = ident_name) -> str:
        return f"{name('fact', self.fact)} is {'yes' if self.expected else 'no'}"
