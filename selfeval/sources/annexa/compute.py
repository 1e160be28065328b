"""Annex A lists -> catalogue metric values, each with the rule of counting that produced it.

Every rule below is registered with ``@rule(metric_id, list_number, text)``; ``text`` is the rule
of counting in plain words and is written as a comment beside the value. The conventions shared
by all rules:

- **As-at date and period.** ``as_at`` is the date the lists were run. "In the period" means the
  ``period_months`` months (default 6, the Annex A window) ending on ``as_at``, both ends included.
- **Open at the as-at date**: started on or before ``as_at`` and not ended, or ended after it.
- **A blank never improves a figure.** A blank visit, review or check date, or a blank yes/no
  answer, counts as *not* done. Rows missing a date the cohort is defined by are left out, and the
  count left out is stated in the comment.
- **Dates after the as-at date** in a measured column are left out and counted in the comment
  (usually the lists were run later than ``--as-at`` says).
- **Working days** exclude weekends and England and Wales bank holidays (see ``workdays``); the
  start day is day 0.
- Percentages are 0–100, rounded half up to one decimal place; averages of days to whole days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from selfeval.core.errors import SelfevalError
from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.annexa.read import UNREADABLE, Table
from selfeval.sources.codes import Match
from selfeval.sources.dates import age_on, period_start
from selfeval.sources.workdays import working_days_between


@dataclass(frozen=True)
class Settings:
    as_at: dt.date
    period_months: int = 6
    cp_visit_working_days: int = 10  # local standard: children on a CP plan seen every 10 working days
    cin_visit_working_days: int = 20  # local standard: children in need seen every 20 working days
    child_population: int | None = None  # children under 18 (ONS mid-year estimate), for per 10k

    @property
    def start(self) -> dt.date:
        return period_start(self.as_at, self.period_months)

    def in_period(self, d: dt.date | None) -> bool:
        return d is not None and self.start <= d <= self.as_at


@dataclass
class Value:
    metric: str
    value: float | int
    list_number: int
    rule: str
    numerator: int | None = None
    denominator: int | None = None
    notes: list[str] = field(default_factory=list)
    given: str | None = None  # a value the user gave (not counted from a list): where it came from

    @property
    def source(self) -> str:
        if self.given is not None:
            return self.given
        spec = LISTS[self.list_number]
        return f"Annex A {spec.name} ({spec.title})"


@dataclass
class Result:
    settings: Settings
    values: dict[str, Value]
    not_computed: dict[str, str]  # metric id -> why the lists could not give it
    summary: list[str]  # what was read, list by list (counts only)
    quality: Any = None  # quality.Quality: what could not be read, and sanity warnings

    @property
    def counted(self) -> int:
        """Values counted from the lists (not the ones the user gave, like the child population)."""
        return sum(1 for v in self.values.values() if v.given is None)


def percent(numerator: int, denominator: int) -> float:
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def mean_days(total: int, n: int) -> int:
    return int((Decimal(total) / Decimal(n)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Tally:
    """Numerator, denominator and the rows left out, by reason."""

    def __init__(self) -> None:
        self.num = 0
        self.den = 0
        self.left_out: Counter[str] = Counter()

    def count(self, ok: bool) -> None:
        self.den += 1
        self.num += bool(ok)

    def leave_out(self, reason: str) -> None:
        self.left_out[reason] += 1

    def notes(self) -> list[str]:
        return [f"{plural(n, 'row')} left out: {why}" for why, n in sorted(self.left_out.items())]


Outcome = Value | str  # a value, or why the metric could not be computed
RuleFn = Callable[[Table, Settings], Outcome]


@dataclass(frozen=True)
class Rule:
    metric: str
    list_number: int
    text: str
    fn: RuleFn


RULES: dict[str, Rule] = {}


def rule(metric: str, list_number: int, text: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[metric] = Rule(metric, list_number, " ".join(text.split()), fn)
        return fn
    return register


def _pct(metric: str, tally: Tally, empty: str) -> Outcome:
    if tally.den == 0:
        if tally.left_out:  # the cohort was there but every row was left out: say why
            return "every row was left out (" + "; ".join(tally.notes()) + ")"
        return empty
    r = RULES[metric]
    return Value(metric, percent(tally.num, tally.den), r.list_number, r.text, tally.num, tally.den,
                 tally.notes())


def _count(metric: str, n: int, tally: Tally | None = None) -> Value:
    r = RULES[metric]
    return Value(metric, n, r.list_number, r.text, notes=tally.notes() if tally else [])


def wd(table: Table, row: dict[str, Any], a: str, b: str | dt.date) -> int:
    """Working days from column ``a`` to column ``b`` (or a date), errors located at the row."""
    start = row[a]
    end = row[b] if isinstance(b, str) else b
    try:
        return working_days_between(start, end)
    except SelfevalError as exc:
        bad = b if isinstance(b, str) and _covered(start) else a
        raise SelfevalError(exc.message, file=table.file, where=table.where(row["_row"], bad),
                            hint=exc.hint) from None


def within_working_days(table: Table, row: dict[str, Any], column: str, end: dt.date, limit: int) -> bool:
    """Whether column's date is no more than ``limit`` working days before ``end``.

    A date before the bank holiday table (a child open since 2009, say) is still answered
    exactly when ``end`` is more than ``limit`` working days into the table: the answer is no.
    """
    from selfeval.sources.workdays import bank_holidays

    bh = bank_holidays()
    start = row[column]
    if start < bh.first and bh.covers(end) and bh.between(bh.first, end) > limit:
        return False
    return wd(table, row, column, end) <= limit


def _covered(d: dt.date) -> bool:
    from selfeval.sources.workdays import bank_holidays

    return bank_holidays().covers(d)


def is_open(start: dt.date | None, end: dt.date | None, s: Settings) -> bool:
    return start is not None and start <= s.as_at and (end is None or end > s.as_at)


def code_is(value: object, *codes: str) -> bool:
    """Whether a coded cell is one of ``codes`` (a DfE code read by ``sources.codes``); a group
    synonym ("Foster placement") counts only when every code it could be is wanted."""
    if isinstance(value, Match):
        return value.within(codes) is True
    return isinstance(value, tuple) and value[0] in codes


def text_has(value: tuple[str | None, str] | None, *words: str) -> bool:
    return isinstance(value, tuple) and any(w in value[1] for w in words)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 child``, ``2 children``: counts in notes read as English."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


# ---------------------------------------------------------------- running the rules


def age_at_as_at(row: dict[str, Any], s: Settings) -> int | None:
    """The child's age on the as-at date: from the date of birth when given, else the Age column."""
    if row.get("dob") is not None:
        return age_on(row["dob"], s.as_at)
    return row.get("age")


class _Tracking(dict[str, Any]):
    """A row that remembers which fields a rule looked at."""

    def __init__(self, row: dict[str, Any], seen: set[str]) -> None:
        super().__init__({k: (None if v is UNREADABLE else v) for k, v in row.items()})
        self.seen = seen

    def __getitem__(self, key: str) -> Any:
        self.seen.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)


def _needs_unreadable(r: Rule, table: Table, s: Settings) -> list[dict[str, Any]]:
    """The rows with an unreadable cell that this rule would look at.

    The rule is run on just those rows, each read as if the unreadable cells were blank,
    recording which fields it reads; a row is left out when the rule read one of its unreadable
    fields. A rule that fails on them leaves them all out."""
    if not table.bad_rows:
        return []
    present = {id(row) for row in table.rows}
    bad = [row for row in table.bad_rows if id(row) in present]
    if not bad:
        return []
    seen = [set[str]() for _ in bad]
    probe = replace(table, rows=[_Tracking(row, sn) for row, sn in zip(bad, seen, strict=True)], bad_rows=[])
    try:
        r.fn(probe, s)
    except Exception:  # noqa: BLE001 - a rule choking on the blanked cells: leave the rows out
        return bad
    return [row for row, sn in zip(bad, seen, strict=True) if sn & set(row["_bad"])]


def run_rule(r: Rule, table: Table, s: Settings) -> Outcome:
    """One rule, leaving out the rows whose unreadable cells it needs, and saying so; a date it
    cannot count with makes the metric not computed (with the place), not the import fail."""
    out = _needs_unreadable(r, table, s)
    if out:
        skip = {id(row) for row in out}
        table = replace(table, rows=[row for row in table.rows if id(row) not in skip], bad_rows=[])
    try:
        outcome = r.fn(table, s)
    except SelfevalError as exc:
        place = f" at {exc.where.place}" if exc.where and exc.where.place else ""
        return f"could not be computed: {exc.message}{place}"
    if not out:
        return outcome
    columns = sorted({table.headers.get(f, f) for row in out for f in row["_bad"]})
    why = (f"{plural(len(out), 'row')} left out: a cell could not be read "
           f"(column{'s' if len(columns) > 1 else ''} {', '.join(repr(c) for c in columns)})")
    if isinstance(outcome, Value):
        outcome.notes.append(why)
        return outcome
    return f"{outcome} among the rows that could be read; {why}"
