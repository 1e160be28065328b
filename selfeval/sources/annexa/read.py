"""Read an Annex A workbook (or a folder of CSV files, one per list) into parsed lists.

Excel files are read with python-calamine (a Rust reader: the benchmark in
``benchmarks/bench_annexa.py`` measured it several times faster than openpyxl's read-only mode);
openpyxl remains available as ``engine="openpyxl"`` for comparison. Calamine also opens .xlsm,
.xlsb, .xls and .ods files.

Only the columns a rule of counting needs are parsed. Blank rows are skipped; the header row may
sit below title rows (the first 15 rows are searched). Any cell that cannot be read raises
:class:`SelfevalError` naming the file, sheet, row and column, and never echoes a value from a
column holding identifying data (child identifier, date of birth).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from selfeval.core.errors import SelfevalError, Where
from selfeval.sources.annexa.rows import interner, row_class
from selfeval.sources.annexa.sheetrows import Book, SheetRows
from selfeval.sources import cells
from selfeval.sources.annexa.headers import (
    LISTS,
    Column,
    ListSpec,
    closest_header,
    list_number_for,
    match_headers,
)

Progress = Callable[[str], None]
HEADER_SEARCH_ROWS = 15
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")

_PARSERS: dict[str, Callable[[object], Any]] = {
    "date": cells.parse_date,
    "count": cells.parse_count,
    "yes_no": cells.parse_yes_no,
    "code": cells.parse_code,
    "text": lambda v: None if cells.is_blank(v) else cells.clean_text(v),
}
_KIND_WORDS = {"date": "a date", "count": "a whole number", "yes_no": "yes or no",
               "code": "a code", "text": "text"}


@dataclass
class Table:
    """One list: its rows as ``{field: value}`` with the spreadsheet row number under ``_row``."""

    spec: ListSpec
    file: str
    sheet: str | None  # None for a CSV file
    header_row: int
    headers: dict[str, str]  # field -> header as written in the file
    rows: list[dict[str, Any]] = field(default_factory=list)  # rows.Row: reads as this dict

    def has(self, name: str) -> bool:
        return name in self.headers

    def where(self, row: int, name: str) -> Where:
        return _where(self.sheet, row, self.headers.get(name, name), None)


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


def parse_table(spec: ListSpec, file: str, sheet: str | None, rows: Sequence[list[object]]) -> Table:
    """Find the header row, check the required columns, and parse every data row."""
    label = f"sheet '{sheet}'" if sheet is not None else "this file"
    if all(_blank_row(row) for row in rows):  # an empty list: nothing to count, not an error
        return Table(spec, file, sheet, 0, {})
    best_row, best = -1, dict[str, int]()
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = match_headers(spec, row)
        if len(found) > len(best):
            best_row, best = r, found
    required = [c for c in spec.columns if c.required]
    if not best and spec.columns:
        raise SelfevalError(
            f"{label} looks like {spec.name} ({spec.title}) but no header row with its columns "
            f"was found in the first {HEADER_SEARCH_ROWS} rows",
            file=file, where=Where(place=label),
            hint=f"the header row should include '{required[0].header}'" if required else None,
        )
    headers_row = rows[best_row] if best_row >= 0 else []
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
    table = Table(spec, file, sheet, best_row + 1, headers)
    plan = [(c, best[c.field], _PARSERS[c.kind]) for c in spec.columns if c.field in best]
    new_row, same = row_class(c.field for c, _, _ in plan), interner()  # small rows (rows.py)
    for r, row in enumerate(islice(rows, best_row + 1, None), start=best_row + 1):  # streamed
        if _blank_row(row):
            continue
        parsed: dict[str, Any] = new_row()  # type: ignore[assignment]  # a Row reads as this dict
        parsed["_row"] = r + 1
        for col, i, parse in plan:
            raw = row[i] if i < len(row) else None
            try:
                parsed[col.field] = same(parse(raw))
            except cells.CellError as exc:
                raise _cell_error(file, sheet, r + 1, col, headers[col.field], i, exc) from None
        table.rows.append(parsed)
    return table


def _cell_error(file: str, sheet: str | None, row: int, col: Column, header: str, index: int,
                exc: cells.CellError) -> SelfevalError:
    message = str(exc)
    if col.personal:  # never echo identifying data
        message = f"the value cannot be read as {_KIND_WORDS[col.kind]}"
    return SelfevalError(message, file=file, where=_where(sheet, row, header, index),
                         hint=f"write {_KIND_WORDS[col.kind]} or leave the cell blank")


# ---------------------------------------------------------------- sources

Loader = Callable[[], Sequence[list[object]]]


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

    book = Book(wb)

    def load(name: str) -> Sequence[list[object]]:
        try:
            rows = SheetRows(book, name)  # streamed, not copied (see sheetrows.py)
            len(rows)  # opens the sheet: a sheet calamine cannot read fails here, by name
            return rows
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
    try:
        return _read_sources(display, sources, progress)
    finally:
        close()


def _read_sources(display: str, sources: list[tuple[str, str | None, str, Loader]],
                  progress: Progress | None) -> AnnexA:
    tables: dict[int, Table] = {}
    seen: dict[int, str] = {}
    ignored: list[str] = []
    for name, sheet, file, load in sources:
        n = list_number_for(name)
        if n is None:
            ignored.append(name)
            continue
        if n in seen:
            raise SelfevalError(
                f"both '{seen[n]}' and '{name}' look like {LISTS[n].name} ({LISTS[n].title})",
                file=display, hint="rename or remove one of them")
        seen[n] = name
        if progress:
            progress(f"{LISTS[n].name} ({LISTS[n].title})")
        if not LISTS[n].columns:  # no rule of counting reads this list
            continue
        tables[n] = parse_table(LISTS[n], file, sheet, load())
    if not seen:
        shown = ", ".join(f"'{s}'" for s in ignored[:6])
        raise SelfevalError(
            f"no Annex A list found (sheets or files: {shown or 'none'})", file=display,
            hint="name each sheet or file after its list: 'List 1' … 'List 11'")
    return AnnexA(display, tables, ignored, seen)


def as_of(value: str) -> dt.date:
    """The --as-at date from the command line (ISO or UK day/month/year)."""
    try:
        d = cells.parse_date(value)
    except cells.CellError as exc:
        raise SelfevalError(f"--as-at: {exc}", hint="write the date as YYYY-MM-DD") from None
    if d is None:
        raise SelfevalError("--as-at: a date is needed", hint="write the date as YYYY-MM-DD")
    return d
