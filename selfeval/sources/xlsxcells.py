"""The values of an .xlsx sheet's cells as python-calamine gives them, read from the sheet's XML.

For :mod:`selfeval.sources.xlsxstream`, which streams very large sheets: numbers are floats;
dates, times and durations follow the cell's number format as calamine decides it (the built-in
format ids, and a custom format's first section with quoted, escaped and bracketed text left
out but for ``[h]``, ``[m]``, ``[s]``); shared, inline and rich strings are joined without their
phonetic runs and with their ``_xHHHH_`` escapes decoded; error cells are empty. A batch of rows
written the plain way Excel and openpyxl write them is read by one regular expression
(:meth:`Reader.fast`), anything else by the XML parser (:meth:`Reader.parsed`), with the same
values. What this does not mirror raises :class:`Unstreamable`.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MAIN = MAIN
_T, _RUN = f"{_MAIN}t", f"{_MAIN}r/{_MAIN}t"  # a string's text; a rich run's text
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ESCAPE = ESCAPE
_FAST = re.compile(  # a cell as Excel writes it, with a value, an inline string or nothing; a row's tags
    rb'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    rb"(?:>(?:(<v>)([^<&\r]*)</v>|(<is>)<t>([^<&\r]*)</t></is>)?(</c>)|/>)"
    rb"|<(row)((?: [^<>/]*)?)(/?)>|</row>")
_ROW_NUMBER = re.compile(rb'\sr="([0-9]+)"')
_DATE_IDS = frozenset({*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)})
_DURATION_IDS = frozenset({46})
_MAX_SERIAL = 2958466.0  # 10000-01-01: calamine gives such a number as a float
_EPOCH = dt.datetime(1899, 12, 30)


class Unstreamable(Exception):
    """The sheet holds something this reader does not mirror exactly: read it with calamine."""


def is_1904(z: zipfile.ZipFile) -> bool:
    pr = ET.fromstring(z.read("xl/workbook.xml")).find(f"{_MAIN}workbookPr")
    return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")


def format_kind(code: str) -> str:
    """'date', 'duration' or '' for a custom number format, as calamine decides it: the first
    section only; quoted, escaped and bracketed text ignored, except [h], [m], [s]."""
    escaped = quoted = ap = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return ""
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return "duration"
        elif ch == "]":
            brackets = max(0, brackets - 1)
        elif brackets == 0 and not ap and ch in "aA":
            ap = True
        elif brackets == 0 and ap and ch in "pPmM/":
            return "date"
        elif brackets == 0 and not ap and ch in "dmhysDMHYS":
            return "date"
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return ""


def style_kinds(z: zipfile.ZipFile) -> list[str]:
    """Per cell style (``s``): 'date', 'duration' or ''."""
    try:
        root = ET.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return []
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    kinds = []
    for xf in xfs if xfs is not None else ():
        n = int(xf.get("numFmtId", "0"))
        if n in custom:
            kinds.append(format_kind(custom[n]))
        else:
            kinds.append("date" if n in _DATE_IDS else "duration" if n in _DURATION_IDS else "")
    return kinds


def _text(el: ET.Element | None) -> str:
    """A string item's text: its ``t``, or its rich runs' ``t`` joined (phonetic runs left out)."""
    if el is None:
        return ""
    t = el.find(_T)
    if t is not None and len(el) == 1:
        text = t.text or ""
    else:
        text = (t.text or "" if t is not None else "") + "".join(r.text or "" for r in el.iterfind(_RUN))
    return _ESCAPE.sub(_unescape, text) if "_x" in text else text


def _unescape(m: re.Match[str]) -> str:
    return chr(int(m.group(1), 16))


def shared_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        info = z.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    out = []
    root: ET.Element | None = None
    with z.open(info) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            if root is None:
                root = el
            elif event == "end" and el.tag == f"{_MAIN}si":
                out.append(_text(el))
                root.clear()  # the items read so far are not kept in the tree
    return out


def _date(value: float) -> object:
    if value < 0 or value >= _MAX_SERIAL:
        raise Unstreamable("a date outside Excel's range")
    if value < 1:
        ms = round(value * 86_400_000)
        if ms >= 86_400_000:
            raise Unstreamable("a time that rounds to a day")
        return (dt.datetime.min + dt.timedelta(milliseconds=ms)).time()
    stamp = _EPOCH + dt.timedelta(milliseconds=round((value if value >= 60 else value + 1) * 86_400_000))
    return stamp.date() if stamp.time() == dt.time() else stamp


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Reader:
    """Cell values from a sheet's rows, batch after batch (the row count and caches carry on)."""

    def __init__(self, kinds: list[str], strings: list[str]) -> None:
        self.kinds, self.strings = kinds, strings
        self.at = 0  # the next row's index
        self.columns: dict[str, int] = {}  # "AB" → 27
        self.numbers: dict[tuple[str, str], object] = {}  # (style, text) → value: most dates repeat
        self.bcolumns: dict[bytes, int] = {}  # the same two, for :meth:`fast`
        self.bnumbers: dict[tuple[bytes, bytes], object] = {}

    def column(self, letters: str) -> int:
        col = self.columns.get(letters, -1)
        if col < 0:
            if not letters.isalpha() or not letters.isupper() or not letters.isascii():
                raise Unstreamable("a cell reference that is not A1-style")
            col = self.columns[letters] = _column(letters)
        return col

    def number(self, s: str, text: str) -> object:
        key = (s, text)
        value = self.numbers.get(key, self.numbers)
        if value is self.numbers:
            value = _number(text, self.kinds[int(s)] if int(s) < len(self.kinds) else "")
            if len(self.numbers) < 100_000:
                self.numbers[key] = value
        return value

    def fast(self, body: bytes) -> list[list[object]] | None:
        """The rows of a batch written the plain way Excel and openpyxl write them, read with
        one regular expression; None if any of it is written otherwise (an attribute, a
        formula, an entity, a carriage return, a space between tags), which the XML parser then
        reads (:meth:`parsed`): the same values either way."""
        try:
            return self._fast(body)
        except (UnicodeDecodeError, ValueError, IndexError):
            return None

    def _fast(self, body: bytes) -> list[list[object]] | None:
        out: list[list[object]] = []
        cells: list[object] | None = None
        at, strings, kinds = self.at, self.strings, self.kinds
        columns, numbers = self.bcolumns, self.bnumbers
        tags = 0  # the tags the expression read: all the batch's, or something was not read
        for letters, s, t, v_tag, v, is_tag, inline, closed, row, attrs, empty in _FAST.findall(body):
            if letters:
                tags += 1 + (1 if closed else 0) + (2 if v_tag else 0) + (4 if is_tag else 0)
                if cells is None:
                    return None
                col = columns.get(letters)
                if col is None:
                    col = columns[letters] = _column(letters.decode("ascii"))
                value: object
                if t == b"inlineStr":
                    text = inline.decode("utf-8")
                    value = _ESCAPE.sub(_unescape, text) if "_x" in text else text
                elif inline:
                    return None
                elif not v:
                    value = ""
                elif not t or t == b"n":
                    key = (s, v)
                    value = numbers.get(key, numbers)
                    if value is numbers:
                        style = int(s) if s else 0
                        value = _number(v.decode("ascii"), kinds[style] if style < len(kinds) else "")
                        if len(numbers) < 100_000:
                            numbers[key] = value
                elif t == b"s":
                    value = strings[int(v)]
                elif t == b"str":
                    value = v.decode("utf-8")
                elif t == b"b":
                    value = v == b"1"
                elif t == b"e":
                    value = ""
                else:
                    return None
                if col >= len(cells):
                    cells.extend([""] * (col - len(cells) + 1))
                cells[col] = value
            elif row:  # <row …> or <row …/>
                tags += 1
                if cells is not None:
                    return None
                r = _ROW_NUMBER.search(attrs) if attrs else None
                index = int(r.group(1)) - 1 if r else at
                if index < at:
                    return None
                out.extend([] for _ in range(index - at))
                at = index
                cells = []
                if empty:
                    out.append(cells)
                    cells, at = None, at + 1
            else:  # </row>
                tags += 1
                if cells is None:
                    return None
                out.append(cells)
                cells, at = None, at + 1
        if cells is not None or tags != body.count(b"<"):  # a tag the expression skipped (text
            return None  # between tags, which it skips too, is not read by the XML parser either)
        self.at = at
        return out

    def parsed(self, elements: ET.Element) -> Iterator[list[object]]:
        """The rows of a batch the XML parser read."""
        strings, columns = self.strings, self.columns
        c_tag, v_tag, is_tag, t_tag, row_tag = f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is", _T, f"{_MAIN}row"
        digits = "0123456789"
        at = self.at
        for row in elements:
            if row.tag != row_tag:
                continue
            r = row.get("r")
            index = int(r) - 1 if r else at
            while at < index:
                yield []
                at += 1
                self.at = at
            cells: list[object] = []
            col = -1
            for c in row:
                if c.tag != c_tag:
                    continue
                ref = c.get("r")
                if ref:
                    letters = ref.rstrip(digits)
                    col = columns.get(letters, -1)
                    if col < 0:
                        if not letters.isalpha() or not letters.isupper() or not letters.isascii():
                            raise Unstreamable("a cell reference that is not A1-style")
                        col = columns[letters] = _column(letters)
                else:
                    col += 1
                t = c.get("t")
                value: object
                if t == "inlineStr":
                    item = c.find(is_tag)
                    if item is not None and len(item) == 1 and item[0].tag == t_tag and "_x" not in (item[0].text or ""):
                        value = item[0].text or ""
                    else:
                        value = _text(item)
                else:
                    v = c.find(v_tag)
                    text = v.text if v is not None else None
                    if not text:
                        value = ""
                    elif t is None or t == "n":
                        value = self.number(c.get("s") or "0", text)
                    elif t == "s":
                        value = strings[int(text)]
                    elif t == "str":
                        value = text
                    elif t == "b":
                        value = text == "1"
                    elif t == "e":
                        value = ""
                    else:
                        raise Unstreamable(f"a cell of type {t!r}")
                if col >= len(cells):
                    cells.extend([""] * (col - len(cells) + 1))
                cells[col] = value
            yield cells
            at = self.at = index + 1


def _number(text: str, kind: str) -> object:
    try:
        number = float(text)
    except ValueError:
        raise Unstreamable("a number that is not one") from None
    if kind == "date":
        return _date(number)
    if kind == "duration":
        return dt.timedelta(milliseconds=round(number * 86_400_000))
    return number
