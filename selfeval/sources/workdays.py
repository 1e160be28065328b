"""Working days in England and Wales.

A working day is a Monday to Friday that is not an England and Wales bank holiday. The holidays
come from ``selfeval/data/bank_holidays.yaml``, which says which years it covers; a date outside
those years raises :class:`SelfevalError` rather than being miscounted.

Convention (the one timeliness measures use): the day something starts is day 0, so
``working_days_between(a, b)`` counts the working days after ``a`` up to and including ``b``.
An assessment started on a Monday and authorised on the Tuesday took 1 working day; it is
"within 45 working days" when ``working_days_between(start, end) <= 45``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import lru_cache
from importlib import resources

from selfeval.core import yamlsafe
from selfeval.core.errors import SelfevalError


class BankHolidays:
    """The shipped table of bank holidays and the years it covers."""

    def __init__(self, holidays: list[dt.date], first_year: int, last_year: int) -> None:
        self.days = sorted(set(holidays))
        self._set = frozenset(self.days)
        self.first = dt.date(first_year, 1, 1)
        self.last = dt.date(last_year, 12, 31)
        # Working days from self.first up to each date are computed from these ordinals.
        self._ordinals = [d.toordinal() for d in self.days]

    def covers(self, d: dt.date) -> bool:
        return self.first <= d <= self.last

    def check(self, d: dt.date) -> None:
        if not self.covers(d):
            raise SelfevalError(
                f"the date {d.isoformat()} is outside the bank holiday table "
                f"({self.first.year}–{self.last.year}), so working days cannot be counted",
                hint="check the date; if it is right, extend selfeval/data/bank_holidays.yaml",
            )

    def is_working_day(self, d: dt.date) -> bool:
        self.check(d)
        return d.weekday() < 5 and d not in self._set

    def _weekdays_upto(self, ordinal: int) -> int:
        """Weekdays (Mon–Fri) from a fixed Monday epoch up to and including ``ordinal``."""
        # dt.date(1, 1, 1) is a Monday (ordinal 1).
        n = ordinal  # days 1..ordinal
        weeks, rest = divmod(n, 7)
        return weeks * 5 + min(rest, 5)

    def _working_upto(self, d: dt.date) -> int:
        o = d.toordinal()
        holidays_upto = bisect.bisect_right(self._ordinals, o)
        return self._weekdays_upto(o) - holidays_upto

    def between(self, a: dt.date, b: dt.date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative if ``b`` is before ``a``)."""
        self.check(a)
        self.check(b)
        return self._working_upto(b) - self._working_upto(a)

    def add(self, a: dt.date, n: int) -> dt.date:
        """The date ``n`` (≥ 0) working days after ``a``: ``between(a, add(a, n)) == n``."""
        if n < 0:
            raise ValueError("n must be zero or more")
        self.check(a)
        d = a
        while n > 0:
            d += dt.timedelta(days=1)
            self.check(d)
            if d.weekday() < 5 and d not in self._set:
                n -= 1
        return d


@lru_cache(maxsize=1)
def bank_holidays() -> BankHolidays:
    text = resources.files("selfeval.data").joinpath("bank_holidays.yaml").read_text("utf-8")
    data = yamlsafe.loads_trusted(text, "bank_holidays.yaml")[0]  # parsed once, then cached
    covers = data["covers"]
    days = [entry["date"] for entry in data["holidays"]]
    return BankHolidays(days, int(covers["from"]), int(covers["to"]))


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b``; see the module docstring."""
    return bank_holidays().between(a, b)


def add_working_days(a: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``a``."""
    return bank_holidays().add(a, n)


def is_working_day(d: dt.date) -> bool:
    return bank_holidays().is_working_day(d)
