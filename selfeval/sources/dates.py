"""Calendar arithmetic used by the rules of counting (months and years, clamped to month end)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` moved by whole months; 31 August + 6 months is 28/29 February."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def add_years(d: dt.date, years: int) -> dt.date:
    return add_months(d, 12 * years)


def age_on(dob: dt.date, on: dt.date) -> int:
    """Age in whole years on a date."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def period_start(as_at: dt.date, months: int) -> dt.date:
    """First day of the ``months`` months that end on ``as_at`` (both days included)."""
    return add_months(as_at + dt.timedelta(days=1), -months)
