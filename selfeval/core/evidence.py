"""The evidence of one metrics file as small frozen dataclasses, every value in its catalogue unit.

Built only by :mod:`selfeval.core.submission`; read by conditions, evaluation and the reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from selfeval.core.errors import NOWHERE, Where
from selfeval.core.records import dataclass, field

_ANSWER_ALIASES = {"n/a": "not_applicable", "na": "not_applicable", "not applicable": "not_applicable"}


@dataclass(frozen=True)
class MetricValue:
    value: float
    note: str | None = None
    source: str | None = None
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class Answers:
    """Counts of audit answers for one question."""

    yes: int = 0
    partly: int = 0
    no: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def total(self) -> int:
        return self.applicable + self.not_applicable

    def count(self, answers: tuple[str, ...]) -> int:
        n = 0  # a loop, not sum() of a generator: the status pass counts this for every audit rule
        for a in answers:
            if a != "not_applicable":
                n += getattr(self, a)
        return n

    def share(self, answers: tuple[str, ...]) -> float | None:
        """Share of the given answers among applicable answers (None if there are none)."""
        return self.count(answers) / self.applicable if self.applicable else None


@dataclass(frozen=True)
class Evidence:
    metrics: Mapping[str, MetricValue] = field(default_factory=dict)
    answers: Mapping[str, Answers] = field(default_factory=dict)
    facts: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None
    as_at: dt.date | None = None

    @property
    def reference(self) -> dt.date | None:
        """The date the period's figures describe: its as-at date or its end."""
        return self.as_at or self.end

    @property
    def label(self) -> str:
        if self.as_at:
            return f"as at {self.as_at.isoformat()}"
        if self.start and self.end:
            return f"{self.start.isoformat()} to {self.end.isoformat()}"
        return "period not given"


@dataclass(frozen=True)
class AuditSample:
    cases: int | None = None
    completed: dt.date | None = None
    method: str | None = None


@dataclass(frozen=True)
class Recommendation:
    text: str
    rules: tuple[str, ...]
    ref: str | None = None
    where: Where = NOWHERE


@dataclass(frozen=True)
class Submission:
    file: str
    authority: str
    period: Period
    evidence: Evidence
    notes: str | None = None
    sample: AuditSample | None = None
    previous: Evidence | None = None
    previous_period: Period | None = None
    recommendations: tuple[Recommendation, ...] = ()
    warnings: tuple[str, ...] = ()
    authority_code: str | None = None  # DfE's three-digit LA code: turns on the published comparators


def answer_word(key: Any) -> str:
    """An audit answer key as its canonical word (yes, partly, no, not_applicable)."""
    if key is True:
        return "yes"  # YAML reads a bare yes as true
    if key is False:
        return "no"
    word = str(key).strip().lower()
    return _ANSWER_ALIASES.get(word, word.replace(" ", "_"))
