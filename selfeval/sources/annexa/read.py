"""Read an Annex A workbook (or a folder of CSV files, one per list) into parsed lists.

Excel files are bounded and opened by ``sources.workbook``: with python-calamine (a Rust reader:
the benchmark in ``benchmarks/bench_annexa.py`` measured it several times faster than openpyxl's
read-only mode) when it is installed, else with openpyxl (``engine="openpyxl"`` forces it, for
comparison). Calamine also opens .xlsm, .xlsb, .xls and .ods files.

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
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from selfeval.core.errors import SelfevalError
from selfeval.sources import cells, privacy, workbook
from selfeval.sources.annexa.formulas import hidden_cells
from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.annexa.identify import Identified, identify
from selfeval.sources.annexa.table import (  # noqa: F401  (re-exported: the reader's results)
    UNREADABLE,
    UNRECOGNISED,
    AnnexA,
    ColumnQuality,
    Table,
    parse_table,
)

Progress = Callable[[str], None]
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_SHEET_WORDS = privacy.COMMON_WORDS | privacy.words_of(*(spec.title for spec in LISTS.values()))
__all__ = ["UNREADABLE", "UNRECOGNISED", "AnnexA", "ColumnQuality", "EXCEL_SUFFIXES", "Progress", "Table",
           "as_of", "parse_table", "read_annex_a"]


# ---------------------------------------------------------------- sources

Loader = Callable[[], Sequence[list[object]]]


def _excel_sheets(path: Path, engine: str | None) -> tuple[list[tuple[str, Loader]], Callable[[], None]]:
    """The workbook's sheets as (name, load rows) pairs, and a function that closes the file
    (bounded and read by ``sources.workbook``: calamine if installed, else openpyxl)."""
    return workbook.open_sheets(path, engine)


def _csv_loader(path: Path) -> Loader:
    return lambda: _csv_rows(path)


MAX_CSV_BYTES = 64 * 1024 * 1024


def _csv_rows(path: Path) -> list[list[object]]:
    """A CSV file's rows: UTF-8, UTF-16 (Excel's "Unicode text") or Windows-1252; separated by
    commas, semicolons (Excel in many European locales) or tabs, whichever the header row uses."""
    from selfeval.core.files import read_bytes

    raw = read_bytes(path, MAX_CSV_BYTES, "CSV file")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = max((",", ";", "\t"), key=first.count) if first else ","
        try:
            return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        except csv.Error:
            raise SelfevalError("cannot read this CSV file (a quote is not closed?)", file=str(path),
                                hint="save it from Excel as 'CSV UTF-8'") from None
    raise SelfevalError("cannot read this file as text", file=str(path),
                        hint="save it from Excel as 'CSV UTF-8 (comma delimited)'")


def read_annex_a(path: str | os.PathLike[str], *, engine: str | None = None,
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
        safe = [name for name in ignored if privacy.known_words(name, _SHEET_WORDS)]
        shown = ", ".join(f"'{s}'" for s in safe[:6])
        if len(safe) < len(ignored):  # a sheet may be named after a child: counted, not quoted
            hidden = len(ignored) - len(safe)
            shown = f"{shown}{' and ' if shown else ''}{hidden} other{'s' if hidden > 1 else ''}"
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
