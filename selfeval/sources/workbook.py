"""Opening workbooks safely, with whichever reader is installed.

Both workbook inputs (an Annex A workbook, a filled-in metrics workbook) come through here:

- **Bounded before they are expanded.** An .xlsx is a zip of XML: 1.6 MB can hold gigabytes, and
  one cell at XFD1048576 makes a reader allocate the whole rectangle up to it (half a terabyte
  for python-calamine, which aborts the process). :func:`check_bounds` reads the zip's directory
  and streams each sheet's XML, counting its cells and the rectangle they span, and refuses a
  workbook over the limits below with one clear line, before any reader allocates for it.
- **python-calamine if it is there, else openpyxl.** Calamine (a Rust reader) is several times
  faster; a platform without its wheel still works, more slowly, with openpyxl. ``reader()``
  says which one runs (``--verbose`` prints it).
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, Callable

from selfeval.core.errors import SelfevalError, Where
from selfeval.core.files import regular_file
from selfeval.sources import xlsxstream

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A workbook file: Ofsted's largest Annex A (a big city's) is about 5 MB."""
MAX_UNCOMPRESSED = 512 * 1024 * 1024
"""All the XML inside an .xlsx: the large synthetic Annex A (84,587 rows) holds 42 MB, ten times
its rows 409 MB (the scale ``benchmarks/bench_scale.py`` imports)."""
MAX_CELLS = 10_000_000
"""Cells in the whole workbook: the large synthetic Annex A has about 0.8 million, ten times its
rows 8.2 million (a streamed sheet's cells are parsed a row at a time, never held as cells)."""
MAX_HELD_CELLS = 3_000_000
"""Cells in the sheets a reader holds whole (every sheet for openpyxl — the web edition and
installs without python-calamine — and calamine's sheets under ``STREAM_BYTES``): the large
synthetic Annex A has about 0.8 million. Streamed sheets count only towards ``MAX_CELLS``."""
MAX_AREA = 4_000_000
"""Rows × columns of the rectangle one sheet's cells span (a reader allocates all of it). A sheet
that python-calamine's import streams (``xlsxstream``: its XML is over ``STREAM_BYTES``) is not
allocated as a rectangle and is bounded by the cell limit alone."""
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")

_WIDE = re.compile(rb" r=\"([A-Z]{2,3})[0-9]")  # a cell beyond column Z
_DEEP = re.compile(rb" r=\"[A-Z]{1,3}([0-9]{6,7})\"")  # a cell beyond row 99,999
_ROW = re.compile(rb"<row[^>]*? r=\"([0-9]+)\"")  # a row's number (one per row: cheap)
_REPEATED = re.compile(rb"number-(?:columns|rows)-repeated=\"([0-9]+)\"")
_CHUNK = 1 << 20

Loader = Callable[[], Sequence[list[object]]]


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _too_big(file: str, what: str, place: str | None = None) -> SelfevalError:
    return SelfevalError(f"the workbook is too large to read safely: {what}", file=file,
                         where=Where(place=place) if place else Where(),
                         hint="is this the right file? Save a copy with only the lists or sheets "
                              "needed, and delete any stray cell far below or to the right of the data")


def check_bounds(path: str | os.PathLike[str] | BinaryIO, *, file: str | None = None,
                 max_cells: int | None = None, streamed: bool = False) -> Path | BinaryIO:
    """Refuse a workbook that would take too much memory to read, before any reader opens it.

    ``path`` is a path (it must be a regular file) or an open binary file (a workbook dropped in
    a browser), which ``file`` names. Returns it. Raises a :class:`SelfevalError` naming the
    limit passed. ``max_cells`` lowers the cell limit (a metrics workbook has a few hundred).
    ``streamed``: the caller streams sheets over ``xlsxstream.STREAM_BYTES`` (no area limit there).
    """
    cell_limit = min(MAX_CELLS, max_cells or MAX_CELLS)
    held_limit = min(MAX_HELD_CELLS, cell_limit)
    source: Path | BinaryIO
    if isinstance(path, (str, os.PathLike)):
        source = regular_file(path, "workbook")
        file = file or str(path)
        size = source.stat().st_size
        suffix = source.suffix.lower()
    else:
        source = path
        file = file or "workbook"
        size = path.seek(0, os.SEEK_END)
        path.seek(0)
        suffix = Path(file).suffix.lower() or ".xlsx"
    if size > MAX_FILE_BYTES:
        raise _too_big(file, f"the file is {size // (1024 * 1024)} MB (the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    if suffix not in ZIP_SUFFIXES:
        return source  # .xls: a compound file, bounded by its size alone
    try:
        with zipfile.ZipFile(source) as z:
            members = z.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED:
                raise _too_big(file, f"it unpacks to {total // (1024 * 1024)} MB "
                                     f"(the limit is {MAX_UNCOMPRESSED // (1024 * 1024)} MB)")
            cells = held = 0
            for m in members:
                name = m.filename.lower()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    streams = streamed and m.file_size > xlsxstream.STREAM_BYTES
                    n = _scan_sheet(z, m, file, streams)
                    cells, held = cells + n, held + (0 if streams else n)
                elif name == "content.xml":  # OpenDocument: repeated cells are expanded by readers
                    cells += _scan_ods(z, m, file)
                if cells > cell_limit:
                    raise _too_big(file, f"it has over {cell_limit:,} cells")
                if held > held_limit:  # sheets read whole: memory grows with every cell
                    raise _too_big(file, f"it has over {held_limit:,} cells in sheets read whole")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError):
        raise _cannot_open(file) from None
    except OSError as exc:
        raise SelfevalError(f"cannot read the workbook ({exc.errno or 'damaged'})", file=file,
                            hint="open it in Excel and save it as .xlsx") from None
    if not isinstance(source, Path):
        source.seek(0)
    return source


def _scan_sheet(z: zipfile.ZipFile, member: zipfile.ZipInfo, file: str, streamed: bool = False) -> int:
    """Cells in one sheet's XML; refuses a sheet whose cells span too large a rectangle.

    Fast on real sheets: cells are counted with ``bytes.count``, rows by their tags, and only
    the rare cell references that could make the rectangle large (a column of two or three
    letters, a row number of six or seven digits) are looked at. The rectangle's height is the
    last row there really is: a wide sheet of a few hundred rows (an audit sheet, an Annex A
    export with extra columns) is not taken for 99,999 rows of that width.
    """
    max_row, max_col, cells, rows = 0, 26, 0, 0
    tail = b""
    with z.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut <= 0:
                cut = len(data)
            body, tail = data[:cut], data[cut:]
            cells += body.count(b"<c ") + body.count(b"<c>") + body.count(b":c ")
            rows += body.count(b"<row ") + body.count(b"<row>") + body.count(b":row ")
            numbers = _ROW.findall(body)
            if numbers:
                max_row = max(max_row, max(map(int, numbers)))
            for letters in set(_WIDE.findall(body)):
                max_col = max(max_col, _column_number(letters))
            for digits in set(_DEEP.findall(body)):
                max_row = max(max_row, int(digits))
    max_row = max(max_row, rows)  # rows without a number follow one another
    if max_row * max_col > MAX_AREA and not streamed:
        raise _too_big(file, f"a sheet's cells reach row {max_row:,}, column {max_col:,}",
                       place=f"worksheet {Path(member.filename).stem}")
    if cells > MAX_CELLS:
        raise _too_big(file, f"a sheet has over {MAX_CELLS:,} cells", place=f"worksheet {Path(member.filename).stem}")
    return cells


def _scan_ods(z: zipfile.ZipFile, member: zipfile.ZipInfo, file: str) -> int:
    repeated = 0
    with z.open(member) as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            for n in _REPEATED.findall(data[:-64] if len(data) > 64 else data):
                repeated = max(repeated, int(n))
            tail = data[-64:]
    if repeated > MAX_AREA:
        raise _too_big(file, f"a row or column is repeated {repeated:,} times")
    return 0


# ---------------------------------------------------------------------------- the readers
def reader() -> str:
    """The reader that will run: ``python-calamine`` if installed, else ``openpyxl``."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return "openpyxl"
    return "python-calamine"


def open_sheets(path: str | os.PathLike[str], engine: str | None = None) -> tuple[list[tuple[str, Loader]], Callable[[], None]]:
    """The workbook's sheets as (name, load rows) pairs, and a function that closes the file.

    ``engine`` is ``"calamine"``, ``"openpyxl"`` or None (calamine if it is installed). The
    workbook is bounded first (:func:`check_bounds`).
    """
    p = Path(path)
    if engine is None:
        engine = "calamine" if reader() == "python-calamine" else "openpyxl"
    check_bounds(p, streamed=engine == "calamine")
    if engine == "openpyxl":
        return _openpyxl_sheets(p, str(path))
    return _calamine_sheets(p, str(path))


def _cannot_open(file: str) -> SelfevalError:
    return SelfevalError("cannot open this file as an Excel workbook", file=file,
                         hint="open it in Excel and save it as .xlsx")


def _openpyxl_sheets(p: Path, file: str) -> tuple[list[tuple[str, Loader]], Callable[[], None]]:
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        raise SelfevalError(f"'{p.suffix}' workbooks need python-calamine, which is not installed", file=file,
                            hint="pip install python-calamine, or save the workbook as .xlsx")
    owb = open_openpyxl(p, file)

    def rows_of(ws: Any) -> Loader:
        def load() -> list[list[object]]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return [list(r) for r in ws.iter_rows(values_only=True)]
        return load

    return [(ws.title, rows_of(ws)) for ws in owb.worksheets], owb.close


def open_openpyxl(p: Path | BinaryIO, file: str) -> Any:
    """An openpyxl read-only workbook (bounded first by the caller), its warnings silenced:
    openpyxl warns on stderr about features it ignores; the import reports cells by place.

    A path is opened here, not by openpyxl: openpyxl 3.1.0 leaves its file open when a damaged
    workbook fails half-way through loading. The workbook's ``close()`` closes the file too.
    """
    import openpyxl

    fh: BinaryIO = open(p, "rb") if isinstance(p, Path) else p  # noqa: SIM115 - closed below or by close()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any reader failure is the user's file
            if fh is not p:
                fh.close()
            raise _cannot_open(file) from None
    if fh is not p:
        close_book = wb.close

        def close() -> None:
            try:
                close_book()
            finally:
                fh.close()
        wb.close = close
    return wb


def _calamine_sheets(p: Path, file: str) -> tuple[list[tuple[str, Loader]], Callable[[], None]]:
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(p))
    except python_calamine.PasswordError:
        raise SelfevalError("the workbook is password-protected", file=file,
                            hint="save an unprotected copy for the import") from None
    except Exception:  # noqa: BLE001 - calamine raises several error types for files it cannot open
        raise _cannot_open(file) from None

    def load(name: str) -> list[list[object]]:
        try:
            rows: list[list[Any]] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            return list(rows)
        except Exception:  # noqa: BLE001 - any reader failure is the user's file
            raise unreadable(name) from None

    def unreadable(name: str) -> SelfevalError:
        return SelfevalError("cannot read the sheet", file=file, where=Where(place=f"sheet '{name}'"),
                             hint="open it in Excel and save it as .xlsx")

    streamed = _streamed_parts(p)
    book = xlsxstream.Book(p)

    def loader(name: str) -> Loader:
        member = streamed.get(name)
        if member is not None:  # a very large sheet: streamed, not held whole
            return lambda: xlsxstream.StreamedSheet(book, member, lambda: load(name), lambda: unreadable(name))
        return lambda: load(name)

    return [(name, loader(name)) for name in wb.sheet_names], getattr(wb, "close", lambda: None)


def _streamed_parts(p: Path) -> dict[str, str]:
    """The sheets of an .xlsx whose XML is over ``xlsxstream.STREAM_BYTES``, and their members."""
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    try:
        with zipfile.ZipFile(p) as z:
            return {name: m.filename for name, m in xlsxstream.sheet_parts(z).items()
                    if m.file_size > xlsxstream.STREAM_BYTES}
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return {}
