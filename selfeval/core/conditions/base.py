"""What every condition kind shares: the evidence it refers to, what it observed, the
context it is evaluated in, and the small formatting helpers its descriptions use."""

from __future__ import annotations

import math
import operator
from typing import Any, Callable, Iterator, Mapping, Protocol

from selfeval.core.catalogue import Catalogue
from selfeval.core.evidence import Evidence
from selfeval.core.records import dataclass, field

COMPARISONS: dict[str, tuple[str, Callable[[float, float], bool]]] = {
    "above": ("above", operator.gt),  # the operator module's functions: a call costs the status
    "below": ("below", operator.lt),  # pass a third of what a lambda's does
    "at_least": ("at least", operator.ge),
    "at_most": ("at most", operator.le),
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


def ident_name(kind: str, id_: str) -> str:
    return id_


def fmt_number(x: float) -> str:
    return f"{x:g}"


def fmt_share(share: float) -> str:
    return f"{round(share * 100, 1):g}%"
