"""England figures by year (``data/benchmarks.yaml``, built by ``tools/build_benchmarks.py``).

Reports show them beside an authority's metrics and ``worse_than: national`` conditions compare
with them. A period is compared with the England figure of its own year, or the latest before
it; before the first published year, the earliest. :func:`for_date` says which figure it chose
and how far it is from the period, so a report can warn when that is more than a year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Callable, Sequence, TypeVar

from selfeval.core import catalogue as cat
from selfeval.core import yamlsafe
from selfeval.core.records import dataclass
from selfeval.core.resources import read_text

T = TypeVar("T")

FAR_DAYS = 366
"""A figure describing a date more than this many days from the period's end earns a warning."""


@dataclass(frozen=True)
class Benchmark:
    metric: str
    value: float
    year: str  # the period the figure describes, in words ("year ending 31 March 2025")
    source: str
    publisher: str
    link: str | None = None
    note: str | None = None
    as_at: dt.date | None = None
    definition: str | None = None
    differs: str | None = None
    distance_days: int = 0  # from the period's end to the figure's date (negative: figure is older)

    @property
    def far(self) -> bool:
        return abs(self.distance_days) > FAR_DAYS


@dataclass(frozen=True)
class Series:
    metric: str
    points: tuple[Benchmark, ...]  # oldest first

    def for_date(self, when: dt.date | None) -> Benchmark:
        """The figure of the period's own year or the latest before it (else the earliest)."""
        chosen = choose(self.points, when, lambda p: p.as_at or dt.date.min)
        if when is None:
            return chosen
        assert chosen.as_at is not None
        return _with_distance(chosen, (chosen.as_at - when).days)


def choose(points: Sequence[T], when: dt.date | None, date_of: Callable[[T], dt.date]) -> T:
    """The point of the period's own year or the latest before it; before the first, the earliest;
    with no period date, the latest. ``points`` are oldest first. England's figures, the bundled
    comparators and a user's comparator file all choose their year with this one rule."""
    if when is None:
        return points[-1]
    before = [p for p in points if date_of(p) <= when]
    return before[-1] if before else points[0]


def _with_distance(b: Benchmark, days: int) -> Benchmark:
    from dataclasses import replace

    return replace(b, distance_days=days)


@lru_cache(maxsize=1)
def load_series() -> dict[str, Series]:
    data = yamlsafe.loads_builtin(read_text("data", "benchmarks.yaml"), "benchmarks.yaml")
    known = cat.load().metrics
    out: dict[str, Series] = {}
    for metric, b in data["benchmarks"].items():
        if metric not in known:
            raise RuntimeError(f"benchmarks.yaml names unknown metric {metric}")
        points = tuple(
            Benchmark(metric=metric, value=float(p["value"]), year=str(p["period"]), source=str(p["source"]),
                      publisher=str(b["publisher"]), link=p.get("link") or b.get("link"), note=p.get("note"),
                      as_at=_date(p["as_at"]), definition=b.get("definition"), differs=b.get("differs"))
            for p in b["series"])
        if not points:
            raise RuntimeError(f"benchmarks.yaml: {metric} has an empty series")
        out[metric] = Series(metric, tuple(sorted(points, key=lambda p: p.as_at or dt.date.min)))
    return out


def _date(v: object) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def for_date(when: dt.date | None) -> dict[str, Benchmark]:
    """Each metric's England figure for a period ending ``when`` (None: the latest)."""
    return {k: s.for_date(when) for k, s in load_series().items()}


def load() -> dict[str, Benchmark]:
    """The latest England figure of every metric."""
    return for_date(None)


def values(when: dt.date | None = None) -> dict[str, float]:
    return {k: b.value for k, b in for_date(when).items()}


def warning(b: Benchmark) -> str | None:
    """A sentence for the report when the figure used is more than a year from the period."""
    if not b.far:
        return None
    years = abs(b.distance_days) / 365.25
    side = "before" if b.distance_days < 0 else "after"
    return (f"the England figure for {b.metric} describes {b.year}, about {years:.0f} year"
            f"{'s' if round(years) != 1 else ''} {side} the end of this period: selfeval's England figures hold no nearer one")
