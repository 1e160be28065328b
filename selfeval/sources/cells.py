"""One cell of an Annex A list to a value: a date, a whole number, yes/no, or a code.

Every parser takes the raw cell (whatever the reader gave: str, int, float, bool, date,
datetime) and returns a clean value or ``None`` for a blank, or raises :class:`CellError` with a
message in the user's words. The reader adds the file, sheet, row and column.

Blank means: an empty cell, only spaces, ``N/A``, ``NA``, ``-``, ``null``, ``none``, ``unknown``,
``not known``, ``not recorded``. Excel errors (``#N/A``, ``#REF!``, ``#VALUE!`` ...) come from
formulas that failed (a lookup that found nothing) and hide the real value: they raise
:class:`ExcelError`, which the reader records as a data-quality finding. ``#N/A`` in a column
where blank means "has not happened" (an end date) reads as blank, still recorded.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Final

BLANKS: Final = frozenset(
    {"", "n/a", "na", "null", "none", "-", "--", "unknown", "not known", "not recorded", "nan",
     "nat", "c) unknown", "unknown - not recorded"}
)
EXCEL_ERRORS: Final = frozenset({"#n/a", "#na", "#ref!", "#value!", "#div/0!", "#name?", "#num!",
                                 "#null!", "#getting_data", "#spill!", "#calc!"})
NOT_APPLICABLE: Final = "not applicable"

_EPOCH = dt.date(1899, 12, 30)  # Excel's 1900 date system, as every reader counts it
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_RE_DMY = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4}|\d{2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_RE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_RE_NAMED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-]([a-z]{3,9})[ \-,]+(\d{4}|\d{2})$")
_RE_SERIAL = re.compile(r"^\d{4,6}(?:\.\d+)?$")
_RE_LETTER_PREFIX = re.compile(r"^[a-z]{1,2}\)\s*", re.IGNORECASE)
_RE_CODE = re.compile(r"^([a-z]{0,4}\d{1,2}|\d{1,2}[a-z]?)(?:\s*[:\-–)]\s*|\s+|$)(.*)$", re.IGNORECASE)


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


class ExcelError(CellError):
    """A cell holding an Excel error such as ``#N/A`` (a failed lookup) or ``#REF!``."""

    def __init__(self, code: str) -> None:
        self.code = code
        what = "a failed lookup" if code == "#N/A" else "a broken formula"
        super().__init__(f"the cell holds the Excel error {code} ({what}); fix the formula or paste values")


def clean_text(value: object) -> str:
    """The cell as text with non-breaking and repeated spaces folded, trimmed."""
    text = value if isinstance(value, str) else str(value)
    return " ".join(text.replace("\u00a0", " ").replace("\u200b", "").split())


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        low = clean_text(value).lower()
        if low in EXCEL_ERRORS:
            raise ExcelError("#N/A" if low in ("#n/a", "#na") else low.upper())
        return low in BLANKS
    return False


def _plausible(d: dt.date) -> dt.date:
    if not _MIN_YEAR <= d.year <= _MAX_YEAR:
        raise CellError(f"the date {d.isoformat()} is not plausible")
    return d


def _from_serial(number: float) -> dt.date:
    if not 1 <= number < 2958466:
        raise CellError(f"{number:g} is not a date (as an Excel date number it is out of range)")
    return _plausible(_EPOCH + dt.timedelta(days=int(number)))


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _build(y: int, m: int, d: int, shown: str) -> dt.date:
    try:
        date = dt.date(y, m, d)
    except ValueError:
        raise CellError(f"'{shown}' is not a real date") from None
    return _plausible(date)


def parse_date(value: object) -> dt.date | None:
    """Excel date, Excel serial number, or UK text (dd/mm/yyyy, 1 Mar 2024, ISO 2024-03-01)."""
    if type(value) is dt.date:  # the usual cell from calamine: answered first (hot path)
        return value if _MIN_YEAR <= value.year <= _MAX_YEAR else _plausible(value)
    if value is None or value == "":
        return None
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, bool):
        raise CellError("expected a date, found TRUE/FALSE")
    if isinstance(value, (int, float)):
        return _from_serial(float(value))
    if isinstance(value, (dt.timedelta, dt.time)):
        raise CellError("expected a date, found a time of day")
    text = clean_text(value)
    low = text.lower()
    if m := _RE_DMY.match(low):
        d, mo, y = int(m[1]), int(m[2]), _year(m[3])
        if mo > 12 and d <= 12:
            raise CellError(f"'{text}' looks like month/day/year; Annex A dates are day/month/year")
        return _build(y, mo, d, text)
    if m := _RE_ISO.match(low):
        return _build(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _RE_NAMED.match(low):
        month = _MONTHS.get(m[2][:3])
        if month is None:
            raise CellError(f"'{text}' is not a date")
        return _build(_year(m[3]), month, int(m[1]), text)
    if _RE_SERIAL.match(low):
        return _from_serial(float(low))
    raise CellError(f"'{text}' is not a date; write dates as dd/mm/yyyy")


def parse_count(value: object) -> int | None:
    """A whole number of 0 or more (``3``, ``3.0``, ``'3'``)."""
    if type(value) is int and 0 <= value <= 1_000_000:  # hot path
        return value
    if value is None or value == "":
        return None
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("expected a whole number, found TRUE/FALSE")
    number: float
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        text = clean_text(value)
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"'{text}' is not a whole number") from None
    else:
        raise CellError("expected a whole number")
    if not math.isfinite(number) or number < 0 or number != int(number) or number > 1_000_000:
        raise CellError(f"{value!s} is not a whole number of 0 or more")
    return int(number)


def strip_prefix(value: object) -> str:
    """Drop a list-item prefix such as ``a) `` from a coded value: ``a) Yes`` -> ``Yes``."""
    return _RE_LETTER_PREFIX.sub("", clean_text(value), count=1)


def parse_code(value: object) -> tuple[str | None, str] | None:
    """A coded value as ``(CODE, text)``: ``E1: Placement order`` -> ``("E1", "placement order")``.

    ``q) 6: Police`` -> ``("6", "police")``; ``a) Yes`` -> ``(None, "yes")``; ``C2`` -> ``("C2", "")``.
    """
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return (str(int(value)), "")
    text = strip_prefix(value)
    if m := _RE_CODE.match(text):
        code, rest = m[1].upper(), m[2]
        return (code, rest.lower())
    return (None, text.lower())


# Yes/no as real forms write it: "1 - Yes", "0 - No", "Child seen alone", "Not seen", "c) Unknown",
# "Yes-See care notes for details", "Offered and Accepted", "Not Offered (Missing Again)".
_YES_WORDS = frozenset({"y", "yes", "true", "1", "seen", "offered", "accepted", "done", "completed"})
_NO_WORDS = frozenset({"n", "no", "false", "0", "none", "never"})
_NOT_APPLICABLE = frozenset({"not applicable", "n/a - not applicable", "not appropriate", "too young",
                             "na - not applicable", "not required", "child too young"})
_RE_NEGATION = re.compile(r"\b(not|no|never|non|refused|declined)\b")
_RE_YES_PHRASE = re.compile(r"\b(seen alone|offered|accepted|child seen|yes)\b")


def parse_yes_no(value: object) -> bool | str | None:
    """Yes/No in any common spelling -> True/False; "not applicable" -> ``NOT_APPLICABLE``.

    The first word decides when it is yes or no (``1 - Yes``, ``Yes-See care notes``, ``No -
    refused``); otherwise a negation (``Not seen``, ``Not Offered (Missing Again)``) is no and a
    positive phrase (``Child seen alone``, ``Offered and Accepted``) is yes.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        raise CellError(f"{value!s} is not yes or no")
    text = strip_prefix(value).lower().rstrip(".").strip()
    if text in _NOT_APPLICABLE or text.startswith("not applicable"):
        return NOT_APPLICABLE
    words = re.split(r"[^a-z0-9]+", text)
    words = [w for w in words if w]
    if not words:
        raise CellError("the cell is not yes or no")
    first = words[0]
    if first in {"1", "0"} and len(words) > 1:  # "1 - Yes", "0 - No": the code decides
        return first == "1"
    if first in _YES_WORDS - {"seen", "offered", "accepted", "done", "completed"}:
        return True
    if first in _NO_WORDS:
        return False
    if text in {"unknown", "not known"}:
        return None
    if "offered" in words and not re.search(r"\b(not|never|no)\s+(been\s+)?offered\b", text):
        return True  # "Offered and declined": it was offered
    if _RE_NEGATION.search(text):
        return False
    if _RE_YES_PHRASE.search(text) or first in _YES_WORDS:
        return True
    raise CellError("the cell is not yes or no")


_RE_AGE = re.compile(r"^(<|under|less than)?\s*(\d+(?:\.\d+)?)\s*(years?|yrs?|y|months?|mths?|m|weeks?|wks?|w|days?|d)?(?:\s*old)?$")


def parse_age(value: object) -> int | None:
    """An age in whole years, rounded down: ``19.0855``, ``<1``, ``18 months``, ``5 years``."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("expected an age, found TRUE/FALSE")
    if isinstance(value, (int, float)):
        number = float(value)
        unit = ""
        below = False
    else:
        text = clean_text(value).lower()
        if text in {"unborn", "pre-birth", "prebirth", "pre birth"}:
            return None
        m = _RE_AGE.match(text)
        if not m:
            raise CellError("the cell is not an age")
        below, number, unit = bool(m[1]), float(m[2]), (m[3] or "")
    if not math.isfinite(number) or number < 0:
        raise CellError("the cell is not an age")
    if unit.startswith("m"):
        number /= 12
    elif unit.startswith("w"):
        number /= 52
    elif unit.startswith("d"):
        number /= 365
    age = math.floor(number)
    if below:
        age = max(0, math.ceil(number) - 1)
    if age > 120:
        raise CellError("the cell is not a plausible age")
    return age
