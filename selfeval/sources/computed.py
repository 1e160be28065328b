"""What a statutory-return importer produces: values with their provenance, and data quality.

Every value carries where it came from (the return and year, the table or element, the rule of
counting, the as-at date) and, where the counting rule is not settled by DfE's published
methodology, the judgement made and the option that chooses the other reading. Data-quality
entries name places (file, table, row, column or element) and what was wrong, never a value:
a child's identifier or date of birth must not reach any output.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MAX_PLACES = 5  # places quoted per data-quality entry; the rest are counted


def percent(numerator: int | float, denominator: int | float) -> float:
    """0–100, rounded half up to one decimal place (as Annex A's figures are)."""
    exact = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def rounded(x: float, places: int = 1) -> float:
    return float(Decimal(str(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def mean_days(total: int, n: int) -> int:
    return int((Decimal(total) / Decimal(n)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Computed:
    """One catalogue metric computed from a return."""

    metric: str
    value: float | int
    table: str  # the table(s) or element(s) read, e.g. "Episodes" or "ChildProtectionPlans"
    rule: str  # the rule of counting, in plain words
    numerator: int | float | None = None
    denominator: int | float | None = None
    judgement: str | None = None  # the reading chosen where DfE's rule is not established
    notes: list[str] = field(default_factory=list)
    fte: bool = False  # numerator/denominator are FTE, not children: kept out of the count fields
    given: bool = False  # the user gave it (e.g. --child-population); ``table`` says how

    def counts(self, unit: str) -> tuple[int | float | None, int | float | None]:
        """The numerator and denominator the metrics file's count fields take: children counted,
        for suppressing small numbers (a mean of days keeps only how many children it averages)."""
        if self.fte or self.numerator is None:
            return None, None
        if unit in ("percent", "per_10k"):
            return self.numerator, self.denominator
        if unit == "days":
            return None, self.denominator
        return None, None


@dataclass
class Quality:
    """Problems found while reading, grouped by (where, what); places only, never values."""

    entries: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, where: str, problem: str, place: str) -> None:
        """``where`` is a table and column (or element path), ``place`` a row or record number."""
        self.entries[(where, problem)].append(place)

    def lines(self) -> list[str]:
        out = []
        for (where, problem), places in sorted(self.entries.items()):
            shown = ", ".join(places[:MAX_PLACES])
            more = f" and {len(places) - MAX_PLACES} more" if len(places) > MAX_PLACES else ""
            n = len(places)
            out.append(f"{where}: {problem} — {n} record{'s' if n != 1 else ''} ({shown}{more})")
        return out

    def __len__(self) -> int:
        return sum(len(p) for p in self.entries.values())


@dataclass
class SourceResult:
    """All a return gave: values, what it could not give and why, data quality, what was read."""

    source: str  # e.g. "SSDA903 2025/26" — the return and its year
    kind: str  # "903", "cin" or "workforce"
    as_at: dt.date
    start: dt.date
    values: dict[str, Computed]
    not_computed: dict[str, str]
    quality: Quality
    summary: list[str]

    def source_text(self, v: Computed) -> str:
        return v.table if v.given else f"{self.source}, {v.table}, as at {self.as_at.isoformat()}"

    @property
    def counted(self) -> int:
        """Values counted from the return (not the ones the user gave)."""
        return sum(1 for v in self.values.values() if not v.given)
