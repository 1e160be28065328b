"""Conditions that compare a metric with another figure: the previous period, England of the
same year, the statistical neighbours, the region or a group of the user's own."""

from __future__ import annotations

from typing import Iterator

from selfeval.core.conditions.base import (
    Context,
    Namer,
    Observation,
    Outcome,
    Ref,
    fmt_number,
    ident_name,
)
from selfeval.core.records import dataclass


@dataclass(frozen=True, rebuilt=True)
class Worsened:
    """The metric moved at least ``by`` units in its bad direction since the previous period."""

    metric: str
    by: float

    def evaluate(self, ctx: Context) -> Outcome:
        test = f"worse by at least {fmt_number(self.by)} since the previous period"
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

    def describe(self, name: Namer = ident_name) -> str:
        return f"{name('metric', self.metric)} worse by at least {fmt_number(self.by)} since the previous period"

    def decide(self, ctx: Context) -> bool | None:
        now = ctx.evidence.metrics.get(self.metric)
        before = ctx.previous.metrics.get(self.metric) if ctx.previous else None
        if now is None or before is None:
            return None
        change = now.value - before.value
        worse_by = -change if ctx.catalogue.metrics[self.metric].better == "higher" else change
        return worse_by >= self.by


@dataclass(frozen=True, rebuilt=True)
class WorseThanNational:
    """The metric is worse than the England figure (by at least ``margin`` units)."""

    metric: str
    margin: float = 0.0

    def evaluate(self, ctx: Context) -> Outcome:
        national = ctx.benchmarks.get(self.metric)
        test = "worse than England" + (f" by at least {fmt_number(self.margin)}" if self.margin else "")
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

    def describe(self, name: Namer = ident_name) -> str:
        extra = f" by at least {fmt_number(self.margin)}" if self.margin else ""
        return f"{name('metric', self.metric)} worse than the England figure{extra}"

    def decide(self, ctx: Context) -> bool | None:
        mv = ctx.evidence.metrics.get(self.metric)
        national = ctx.benchmarks.get(self.metric)
        if mv is None or national is None:
            return None
        gap = (national - mv.value) if ctx.catalogue.metrics[self.metric].better == "higher" else (mv.value - national)
        return gap > 0 and gap >= self.margin


GROUP_WORDS = {"statistical_neighbours": "the statistical neighbours' average", "region": "the region's figure"}


@dataclass(frozen=True, rebuilt=True)
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
        test = f"worse than {self._name()}" + (f" by at least {fmt_number(self.margin)}" if self.margin else "")
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

    def describe(self, name: Namer = ident_name) -> str:
        extra = f" by at least {fmt_number(self.margin)}" if self.margin else ""
        return f"{name('metric', self.metric)} worse than {self._name()}{extra}"
