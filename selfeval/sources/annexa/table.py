"""One Annex A list parsed: its header matched, every cell read, unreadable cells recorded.

A cell that cannot be read never stops the import: it holds :data:`UNREADABLE`, its row lists
the field under ``_bad``, and ``Table.quality`` records it by cell reference (never its value);
the rules leave the row out only where they need that field (``compute.run_rule``). Coded
columns are read against the DfE table (``selfeval.sources.codes``); a value with no DfE code or
description in it is :data:`UNRECOGNISED` and counted by value in memory only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from selfeval.core.errors import SelfevalError, Where
from selfeval.sources import cells
from selfeval.sources.annexa.headers import (
    LISTS,
    Column,
    HeaderRead,
    ListSpec,
    closest_header,
    match_headers,
    match_headers_read,
)
from selfeval.sources.annexa.identify import HEADER_SEARCH_ROWS
from selfeval.sources.annexa.rows import interner, row_class
from selfeval.sources.codes import code_list

_PARSERS: dict[str, Callable[[object], Any]] = {
    "date": cells.parse_date,
    "count": cells.parse_count,
    "age": cells.parse_age,
    "yes_no": cells.parse_yes_no,
    "code": cells.parse_code,
    "text": lambda v: None if cells.is_blank(v) else cells.clean_text(v),
}
_KIND_WORDS = {"date": "a date", "count": "a whole number", "age": "an age", "yes_no": "yes or no",
               "code": "a code", "dfe": "a DfE code", "text": "text"}


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNREADABLE: Any = _Marker("UNREADABLE")  # a cell that could not be read: its row is left out where needed
UNRECOGNISED: Any = _Marker("UNRECOGNISED")  # a coded cell with no DfE code or description in it


@dataclass
class ColumnQuality:
    """What could not be read in one column: cell references and counts, never values."""

    header: str
    unreadable: dict[str, list[str]] = field(default_factory=dict)  # reason -> cell references
    unrecognised: Counter[str] = field(default_factory=Counter)  # cell text -> rows (shown only if common)
    na_as_blank: list[str] = field(default_factory=list)  # "#N/A" read as blank (an end date)

    def add(self, reason: str, ref: str) -> None:
        self.unreadable.setdefault(reason, []).append(ref)

    @property
    def unreadable_count(self) -> int:
        return sum(len(v) for v in self.unreadable.values())


@dataclass
class Table:
    """One list: its rows as ``{field: value}`` with the spreadsheet row number under ``_row``.

    A row with a cell that could not be read holds :data:`UNREADABLE` there and lists the
    fields under ``_bad``; rules leave it out only where they need that field (``compute``).
    """

    spec: ListSpec
    file: str
    sheet: str | None  # None for a CSV file
    header_row: int
    headers: dict[str, str]  # field -> header as written in the file
    rows: list[dict[str, Any]] = field(default_factory=list)
    reads: list[HeaderRead] = field(default_factory=list)
    quality: dict[str, ColumnQuality] = field(default_factory=dict)
    identified_by: str = "name"
    bad_rows: list[dict[str, Any]] = field(default_factory=list)  # rows with an unreadable cell

    def has(self, name: str) -> bool:
        return name in self.headers

    def where(self, row: int, name: str) -> Where:
        return _where(self.sheet, row, self.headers.get(name, name), None)

    @property
    def label(self) -> str:
        return f"sheet '{self.sheet}'" if self.sheet is not None else f"file '{Path(self.file).name}'"


@dataclass
class AnnexA:
    file: str
    tables: dict[int, Table]
    ignored: list[str]  # sheets or files that are not an Annex A list
    found: dict[int, str] = field(default_factory=dict)  # list number -> sheet or file name

    def missing_lists(self) -> list[int]:
        return [n for n in LISTS if n not in self.tables]


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _where(sheet: str | None, row: int, header: str, index: int | None) -> Where:
    header = " ".join(header.split())
    place = f"row {row}, column '{header}'"
    if sheet is not None:
        place = f"sheet '{sheet}', {place}"
        if index is not None:
            place += f" (cell {_col_letter(index)}{row})"
    return Where(place=place)


def _blank_row(row: list[object]) -> bool:
    for v in row:
        if v is None or v == "":
            continue
        if isinstance(v, str) and not v.strip():
            continue
        return False
    return True


def parse_table(spec: ListSpec, file: str, sheet: str | None, rows: Sequence[list[object]], *,
                header_row: int = -1, formulas: dict[tuple[int, int], str] | None = None) -> Table:
    """Find the header row, check the required columns, and parse every data row.

    A cell that cannot be read never stops the import: it is recorded in ``Table.quality`` (by
    cell reference) and its row is left out of the metrics that need it.
    """
    label = f"sheet '{sheet}'" if sheet is not None else "this file"
    if all(_blank_row(row) for row in rows):  # an empty list: nothing to count, not an error
        return Table(spec, file, sheet, 0, {})
    best_row, best = -1, dict[str, int]()
    head = rows[:HEADER_SEARCH_ROWS]  # a streamed sheet keeps its first rows; only those are searched
    search = [header_row] if header_row >= 0 else range(len(head))
    for r in search:
        found = match_headers(spec, head[r], fuzzy=False)
        if len(found) > len(best):
            best_row, best = r, found
    if best_row < 0:
        best_row = 0
    best, reads = match_headers_read(spec, head[best_row])
    required = [c for c in spec.columns if c.required]
    if not best and spec.columns:
        raise SelfevalError(
            f"{label} looks like {spec.name} ({spec.title}) but no header row with its columns "
            f"was found in the first {HEADER_SEARCH_ROWS} rows",
            file=file, where=Where(place=label),
            hint=f"the header row should include '{required[0].header}'" if required else None,
        )
    headers_row = head[best_row]
    missing = [c for c in required if c.field not in best]
    if missing:
        col = missing[0]
        close = _header_hint(spec, col, closest_header(col.header, headers_row))
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise SelfevalError(
            f"{spec.name} ({spec.title}) has no column '{col.header}'{more}",
            file=file, where=Where(place=f"{label}, header row {best_row + 1}"),
            hint=(f"{close}: rename it to '{col.header}'" if close
                  else f"add the column '{col.header}' as in Ofsted's Annex A template"),
        )
    headers = {f: " ".join(str(headers_row[i]).split()) for f, i in best.items()}
    table = Table(spec, file, sheet, best_row + 1, headers, reads=reads)
    quality = {f: ColumnQuality(h) for f, h in headers.items()}
    plan = [(c, best[c.field], _parser(c), quality[c.field]) for c in spec.columns if c.field in best]
    formulas = formulas or {}
    new_row, same = row_class(c.field for c, _, _, _ in plan), interner()  # small rows (rows.py)
    for r, row in enumerate(islice(rows, best_row + 1, None), start=best_row + 1):  # streamed
        if _blank_row(row):
            continue
        n = r + 1
        parsed: dict[str, Any] = new_row()  # type: ignore[assignment]  # a Row reads as this dict
        parsed["_row"] = n
        bad: list[str] = []
        for col, i, parse, q in plan:
            raw = row[i] if i < len(row) else None
            if formulas and (raw is None or raw == "") and (n, i) in formulas:
                raw = formulas[n, i] or raw  # an error cell the reader showed as empty: "#N/A"
            try:
                value = parse(raw)
            except cells.ExcelError as exc:
                if col.na_blank and exc.code == "#N/A":
                    q.na_as_blank.append(_ref(sheet, n, i))
                    value = None
                else:
                    q.add(f"Excel error {exc.code}" + (" (failed lookup)" if exc.code == "#N/A" else ""),
                          _ref(sheet, n, i))
                    value = UNREADABLE
            except cells.CellError as exc:
                q.add(_reason(col, exc), _ref(sheet, n, i))
                value = UNREADABLE
            if value is None and formulas and formulas.get((n, i)) == "":
                q.add("formula with no saved value", _ref(sheet, n, i))
                value = UNREADABLE
            elif value is UNRECOGNISED:
                q.unrecognised[cells.clean_text(raw)] += 1
            if value is UNREADABLE:
                bad.append(col.field)
            parsed[col.field] = same(value)
        if bad:
            parsed["_bad"] = bad
            table.bad_rows.append(parsed)
        table.rows.append(parsed)
    table.quality = {f: q for f, q in quality.items() if q.unreadable or q.unrecognised or q.na_as_blank}
    return table


def _header_hint(spec: ListSpec, col: Column, close: str | None) -> str | None:
    """The closest header, as far as it is made of the list's own words: a header may carry a
    name ('… Date - Ava Wright'), and an identifier column is never linked to a name column."""
    from selfeval.sources import privacy

    if close is None or col.personal:
        return None
    vocabulary = privacy.words_of(*(c.header for c in spec.columns), *(a for c in spec.columns for a in c.aliases))
    if privacy.known_words(close, vocabulary | privacy.COMMON_WORDS):
        return f"the closest header is '{close}'"
    start = privacy.known_prefix(close, vocabulary)
    return f"the closest header starts with '{start}'" if start else None


def _reason(col: Column, exc: cells.CellError) -> str:
    """Why a cell could not be read, in words that never repeat its value."""
    text = str(exc)
    for clue, reason in (("month/day/year", "written month/day/year; Annex A dates are day/month/year"),
                         ("not plausible", "a date before 1900 or after 2100"),
                         ("not a real date", "not a real date"),
                         ("time of day", "a time of day, not a date"),
                         ("TRUE/FALSE", "TRUE/FALSE, not " + _KIND_WORDS[col.kind])):
        if clue in text:
            return reason
    return f"not {_KIND_WORDS[col.kind]}"


def _parser(col: Column) -> Callable[[object], Any]:
    if col.kind != "dfe":
        return _PARSERS[col.kind]
    codes = code_list(col.codes or "")

    def parse(value: object) -> Any:
        if cells.is_blank(value):
            return None
        match = codes.match(value)
        return match if match is not None else UNRECOGNISED
    return parse


def _ref(sheet: str | None, row: int, index: int) -> str:
    return f"{_col_letter(index)}{row}" if sheet is not None else f"row {row} column {index + 1}"


