"""Reading the fixed-format fields of the statutory returns: dates, whole numbers, flags.

The returns' formats are fixed by DfE: 903 dates are ``dd/mm/yyyy`` text (in CSV and XML), CIN
and workforce dates are XML ``xs:date`` (``yyyy-mm-dd``). Both forms are accepted everywhere,
so a 903 exported through a spreadsheet still reads. Anything else is ``BAD`` (the caller
records a data-quality entry naming the place, never the value). Blank is ``None``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final


class _Bad:
    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()


_DATES: dict[str | None, dt.date | None | _Bad] = {}  # keyed by the raw text (None never stored)
_CODES: dict[str | None, str | None] = {}


def date(text: str | None) -> dt.date | None | _Bad:
    """``dd/mm/yyyy`` or ``yyyy-mm-dd`` (a time part after a space or 'T' is ignored).

    Results are cached by text: a return repeats the same few thousand dates many times."""
    if not text:
        return None
    got = _DATES.get(text, BAD)
    if got is not BAD or text in _DATES:
        return got
    if len(_DATES) > 200_000:
        _DATES.clear()
    _DATES[text] = got = _parse_date(text)
    return got


def _parse_date(text: str) -> dt.date | None | _Bad:
    s = text.strip()
    if not s:
        return None
    try:
        if len(s) >= 10 and s[2] == "/" and s[5] == "/":
            return dt.date(int(s[6:10]), int(s[3:5]), int(s[0:2]))
        if len(s) >= 10 and s[4] == "-" and s[7] == "-":
            return dt.date(int(s[0:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        return BAD
    return BAD


def whole(text: str | None) -> int | None | _Bad:
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError:
        return BAD


def number(text: str | None) -> float | None | _Bad:
    if text is None or not text.strip():
        return None
    try:
        return float(text.strip())
    except ValueError:
        return BAD


_TRUE = frozenset({"true", "1", "yes", "y"})
_FALSE = frozenset({"false", "0", "no", "n"})


def flag(text: str | None) -> bool | None | _Bad:
    """XML booleans as DfE's files write them: true/false, TRUE/FALSE or 1/0."""
    if text is None or not text.strip():
        return None
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return BAD


def code(text: str | None) -> str | None:
    """A coded value, compared case-insensitively (the 903 validator upper-cases them)."""
    if not text:
        return None
    got = _CODES.get(text)
    if got is None and text not in _CODES:
        if len(_CODES) > 10_000:
            _CODES.clear()
        _CODES[text] = got = text.strip().upper() or None
    return got


def plausible(d: dt.date) -> bool:
    """A return's own date (its reference date, its latest episode) falls from 1951 to next year:
    a later one (31/12/9999) is a typing error, not the return's year."""
    return 1950 < d.year <= dt.date.today().year + 1
