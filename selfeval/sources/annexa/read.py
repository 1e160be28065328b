"""Read an Annex A workbook (or a folder of CSV files, one per list) into parsed lists.

Excel files are read with python-calamine (a Rust reader: the benchmark in
``benchmarks/bench_annexa.py`` measured it several times faster than openpyxl's read-only mode);
openpyxl remains available as ``engine="openpyxl"`` for comparison. Calamine also opens .xlsm,
.xlsb, .xls and .ods files.

Only the columns a rule of counting needs are parsed. Blank rows are skipped; the header row may
sit below title rows (the first 15 rows are searched). Which list a sheet is comes from its
headers (``identify``), whatever the sheet or file is called. A cell that cannot be read is
recorded by reference (never its value) and its row left out where it is needed; the import
goes on. Structural problems (no header row, a required column missing, two sheets holding the
same list) raise :class:`SelfevalError` naming the file, sheet and what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from selfeval.sources.annexa.formulas import hidden_cells
from selfeval.sources.annexa.identify import HEADER_SEARCH_ROWS, Identified, identify
from selfeval.core.errors import SelfevalError, Where
from selfeval.sources.codes import code_list

Progress = Callable[[str], None]
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")

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


def parse_table(spec: ListSpec, file: str, sheet: str | None, rows: list[list[object]], *,
                header_row: int = -1, formulas: dict[tuple[int, int], str] | None = None) -> Table:
    """Find the header row, check the required columns, and parse every data row.

    A cell that cannot be read never stops the import: it is recorded in ``Table.quality`` (by
    cell reference) and its row is left out of the metrics that need it.
    """
    label = f"sheet '{sheet}'" if sheet is not None else "this file"
    if all(_blank_row(row) for row in rows):  # an empty list: nothing to count, not an error
        return Table(spec, file, sheet, 0, {})
    best_row, best = -1, dict[str, int]()
    search = [header_row] if header_row >= 0 else range(min(HEADER_SEARCH_ROWS, len(rows)))
    for r in search:
        found = match_headers(spec, rows[r], fuzzy=False)
        if len(found) > len(best):
            best_row, best = r, found
    if best_row < 0:
        best_row = 0
    best, reads = match_headers_read(spec, rows[best_row])
    required = [c for c in spec.columns if c.required]
    if not best and spec.columns:
        raise SelfevalError(
            f"{label} looks like {spec.name} ({spec.title}) but no header row with its columns "
            f"was found in the first {HEADER_SEARCH_ROWS} rows",
            file=file, where=Where(place=label),
            hint=f"the header row should include '{required[0].header}'" if required else None,
        )
    headers_row = rows[best_row]
    missing = [c for c in required if c.field not in best]
    if missing:
        col = missing[0]
        close = closest_header(col.header, headers_row)
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise SelfevalError(
            f"{spec.name} ({spec.title}) has no column '{col.header}'{more}",
            file=file, where=Where(place=f"{label}, header row {best_row + 1}"),
            hint=(f"the closest header is '{close}': rename it to '{col.header}'" if close
                  else f"add the column '{col.header}' as in Ofsted's Annex A template"),
        )
    headers = {f: " ".join(str(headers_row[i]).split()) for f, i in best.items()}
    table = Table(spec, file, sheet, best_row + 1, headers, reads=reads)
    quality = {f: ColumnQuality(h) for f, h in headers.items()}
    plan = [(c, best[c.field], _parser(c), quality[c.field]) for c in spec.columns if c.field in best]
    formulas = formulas or {}
    for r in range(best_row + 1, len(rows)):
        row = rows[r]
        if _blank_row(row):
            continue
        n = r + 1
        parsed: dict[str, Any] = {"_row": n}
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
            parsed[col.field] = value
        if bad:
            parsed["_bad"] = bad
            table.bad_rows.append(parsed)
        table.rows.append(parsed)
    table.quality = {f: q for f, q in quality.items() if q.unreadable or q.unrecognised or q.na_as_blank}
    return table


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


# ---------------------------------------------------------------- sources

Loader = Callable[[], list[list[object]]]


def _excel_sheets(path: Path, engine: str) -> tuple[list[tuple[str, Loader]], Callable[[], None]]:
    """The workbook's sheets as (name, load rows) pairs, and a function that closes the file."""
    if engine == "openpyxl":
        import openpyxl

        try:
            owb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file
            raise SelfevalError(f"cannot open this file as an Excel workbook ({type(exc).__name__})",
                                file=str(path), hint="open it in Excel and save it as .xlsx") from None
        def rows_of(ws: Any) -> Loader:
            return lambda: [list(r) for r in ws.iter_rows(values_only=True)]

        return [(ws.title, rows_of(ws)) for ws in owb.worksheets], owb.close
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise SelfevalError("the workbook is password-protected", file=str(path),
                            hint="save an unprotected copy for the import") from None
    except Exception as exc:  # noqa: BLE001 - calamine raises several error types for files it cannot open
        raise SelfevalError(f"cannot open this file as an Excel workbook ({type(exc).__name__})",
                            file=str(path), hint="open it in Excel and save it as .xlsx") from None

    def load(name: str) -> list[list[object]]:
        try:
            rows: list[list[Any]] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            return list(rows)
        except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file
            raise SelfevalError(f"cannot read the sheet ({type(exc).__name__})", file=str(path),
                                where=Where(place=f"sheet '{name}'"),
                                hint="open it in Excel and save it as .xlsx") from None

    def loader(name: str) -> Loader:
        return lambda: load(name)

    return [(name, loader(name)) for name in wb.sheet_names], getattr(wb, "close", lambda: None)


def _csv_loader(path: Path) -> Loader:
    return lambda: _csv_rows(path)


def _csv_rows(path: Path) -> list[list[object]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            with path.open(newline="", encoding=encoding) as fh:
                return [list(r) for r in csv.reader(fh)]
        except UnicodeDecodeError:
            continue
        except csv.Error as exc:
            raise SelfevalError(f"cannot read this CSV file ({exc})", file=str(path),
                                hint="save it from Excel as 'CSV UTF-8'") from None
    raise SelfevalError("cannot read this file as text", file=str(path),
                        hint="save it from Excel as 'CSV UTF-8'")


def read_annex_a(path: str | os.PathLike[str], *, engine: str = "calamine",
                 progress: Progress | None = None) -> AnnexA:
    """Read a workbook or a folder of CSV files; see the module docstring."""
    p = Path(path)
    display = str(path)
    if not p.exists():
        raise SelfevalError("no such file or folder", file=display)
    sources: list[tuple[str, str | None, str, Loader]] = []

    def close() -> None:
        return None

    if p.is_dir():
        for f in sorted(p.iterdir()):
            if f.suffix.lower() == ".csv":
                sources.append((f.stem, None, str(f), _csv_loader(f)))
        if not sources:
            raise SelfevalError("the folder has no .csv files", file=display,
                                hint="save each Annex A list as a CSV file named 'List 1.csv' … 'List 11.csv'")
    elif p.suffix.lower() in EXCEL_SUFFIXES:
        sheets, close = _excel_sheets(p, engine)
        sources = [(name, name, display, load) for name, load in sheets]
    elif p.suffix.lower() == ".csv":
        raise SelfevalError("give the folder that holds the CSV files, not one file", file=display,
                            hint="one CSV file per Annex A list, named 'List 1.csv' … 'List 11.csv'")
    else:
        raise SelfevalError(f"cannot read '{p.suffix or 'no extension'}' files", file=display,
                            hint="give an Excel workbook (.xlsx) or a folder of CSV files")
    formulas = hidden_cells(p) if p.is_file() else {}
    try:
        return _read_sources(display, sources, progress, formulas)
    finally:
        close()


def _read_sources(display: str, sources: list[tuple[str, str | None, str, Loader]],
                  progress: Progress | None, formulas: dict[str, dict[tuple[int, int], str]] | None = None) -> AnnexA:
    """Identify and parse one sheet at a time, so only one sheet's raw rows are held at once."""
    tables: dict[int, Table] = {}
    seen: dict[int, tuple[str, Identified]] = {}
    ignored: list[str] = []
    send: list[str] = []
    for name, sheet, file, load in sources:
        rows = load()
        got = identify(name, rows)
        if got.number is None:
            (send if got.send else ignored).append(name)
            continue
        n = got.number
        if n in seen:
            other, before = seen[n]
            if before.by == got.by:
                raise SelfevalError(
                    f"both '{other}' and '{name}' look like {LISTS[n].name} ({LISTS[n].title})",
                    file=display, hint="rename or remove one of them")
            if got.by == "name":  # the other sheet's headers say it is this list: keep that one
                ignored.append(name)
                continue
            ignored.append(other)
        seen[n] = (name, got)
        if progress:
            progress(f"{LISTS[n].name} ({LISTS[n].title})")
        if not LISTS[n].columns:  # no rule of counting reads this list
            continue
        tables[n] = parse_table(LISTS[n], file, sheet, rows, header_row=got.header_row,
                                formulas=(formulas or {}).get(sheet or ""))
        tables[n].identified_by = got.by
        del rows
    if not seen:
        if send:
            raise SelfevalError(
                "this looks like the SEND Annex A (for area SEND inspections), not the Annex A of "
                "children's social care (ILACS) lists", file=display,
                hint="selfeval reads the ILACS lists: contacts, referrals, assessments … care leavers, adoption")
        shown = ", ".join(f"'{s}'" for s in ignored[:6])
        raise SelfevalError(
            f"no Annex A list found (sheets or files: {shown or 'none'})", file=display,
            hint="each list needs its header row, e.g. List 4 with 'Continuous Assessment Start Date'; "
                 "or name each sheet or file after its list: 'List 1' … 'List 11'")
    ignored += send
    return AnnexA(display, dict(sorted(tables.items())), ignored, {n: name for n, (name, _) in seen.items()})


def as_of(value: str) -> dt.date:
    """The --as-at date from the command line (ISO or UK day/month/year)."""
    try:
        d = cells.parse_date(value)
    except cells.CellError as exc:
        raise SelfevalError(f"--as-at: {exc}", hint="write the date as YYYY-MM-DD") from None
    if d is None:
        raise SelfevalError("--as-at: a date is needed", hint="write the date as YYYY-MM-DD")
    return d
