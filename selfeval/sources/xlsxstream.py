"""A very large .xlsx sheet's rows, streamed from its XML with the standard library.

python-calamine reads a whole sheet into memory before the first row is returned (about 320 MB
for the biggest list at ten times the large demo Annex A). For a sheet whose XML is over
:data:`STREAM_BYTES`, ``sources.workbook`` reads through here instead: the sheet's XML is read
from the zip 1 MB at a time, cut at row boundaries, and each batch of rows is parsed by the C
parser in one call, so memory holds one batch. Every value is the one calamine's
``to_python(skip_empty_area=False)`` gives (numbers as floats; dates, times and durations by
the cell's number format, as calamine decides them; shared, inline and rich strings with their
``_xHHHH_`` escapes; error cells empty), at the same row and column; a row ends at its last
cell (calamine pads it with empty strings to the sheet's width: the same to every reader here).
Anything rarer (a 1904 workbook, an ISO date cell, a date out of Excel's range, XML the cut
cannot parse) raises :class:`Unstreamable`, and the caller reads the sheet with calamine.
The values are read by ``xlsxcells``; ``tests/test_xlsxstream.py`` compares the rows with
calamine's, cell by cell.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import overload

from selfeval.sources.xlsxcells import MAIN as _MAIN
from selfeval.sources.xlsxcells import Reader, Unstreamable, is_1904, shared_strings, style_kinds

__all__ = ["BATCH", "HEAD", "STREAM_BYTES", "Book", "StreamedSheet", "Unstreamable", "rows", "sheet_parts"]

STREAM_BYTES = 32 * 1024 * 1024
"""A sheet's XML over this is streamed: the large demo's biggest list is 19 MB (76 MB at 4×,
190 MB at 10×); a real Annex A (5 MB at most) is read by calamine whole."""
BATCH = 1 << 20
HEAD = 32
"""Rows kept after the first read: more than the header search looks at (15)."""

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW_END = re.compile(rb"</(?:[\w.-]+:)?row\s*>")
_DATA_START = re.compile(rb"<(?:[\w.-]+:)?sheetData(\s[^>]*)?(/?)>")
_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_ROOT = re.compile(rb"<((?:[\w.-]+:)?worksheet)[\s>]")


def sheet_parts(z: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Sheet name → its XML member, from the workbook and its relationships."""
    try:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL))
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        try:
            out[sheet.get("name", "")] = z.getinfo(path)
        except KeyError:
            continue
    return out


def _batches(fh: object) -> Iterator[bytes]:
    """The sheet's rows, a batch of whole rows (about 1 MB of XML) at a time (``fh`` is the
    open XML member)."""
    read = fh.read  # type: ignore[attr-defined]
    buf = b""
    while (start := _DATA_START.search(buf)) is None:
        chunk = read(BATCH)
        if not chunk:
            return
        buf += chunk
    if start.group(2):  # <sheetData/>
        return
    buf = buf[start.end():]
    done = False
    while not done:
        chunk = read(BATCH)
        buf += chunk
        end = _DATA_END.search(buf)
        if end is not None:
            body, done = buf[:end.start()], True
        elif not chunk:
            raise Unstreamable("the sheet's XML ends early")
        else:
            cuts = list(_ROW_END.finditer(buf, max(0, len(buf) - BATCH - len(chunk))))
            if not cuts:
                continue
            body, buf = buf[:cuts[-1].end()], buf[cuts[-1].end():]
        yield body


class Book:
    """What every sheet of one workbook shares: its styles and shared strings, read once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._meta: tuple[list[str], list[str]] | None = None

    def meta(self, z: zipfile.ZipFile) -> tuple[list[str], list[str]]:
        if self._meta is None:
            if is_1904(z):
                raise Unstreamable("a 1904 workbook")
            try:
                self._meta = style_kinds(z), shared_strings(z)
            except ET.ParseError:
                raise Unstreamable("styles or shared strings that do not parse") from None
        return self._meta


def rows(book: Book, member: str) -> Iterator[list[object]]:
    """Each row of the sheet in ``member``, from row 1 (a missing row is an empty list)."""
    with zipfile.ZipFile(book.path) as z:
        kinds, strings = book.meta(z)
        with z.open(member) as fh:
            first = fh.read(4096)
            root = _ROOT.search(first)
            if root is None or b">" not in first[root.start():]:
                raise Unstreamable("no worksheet element")
            tag_end = first.index(b">", root.start())
            opening = first[root.start():tag_end].rstrip(b"/")
            head = b"<_r" + opening[len(root.group(1)) + 1:] + b">"
            reader = Reader(kinds, strings)
            for body in _batches(_Prefixed(first, fh)):
                fast = reader.fast(body)
                if fast is not None:
                    yield from fast
                    continue
                try:
                    elements = ET.fromstring(head + body + b"</_r>")
                except ET.ParseError:
                    raise Unstreamable("the sheet's XML could not be cut into rows") from None
                yield from reader.parsed(elements)


class StreamedSheet(Sequence[list[object]]):
    """One sheet's rows as a read-only sequence for the Annex A reader: the first :data:`HEAD`
    rows are kept (the header search looks only there); iterating streams the rest afresh.

    ``fallback`` reads the whole sheet with calamine: used from the row where the stream met
    something it does not mirror (:class:`Unstreamable`). ``failed`` is the error for a sheet
    that cannot be read at all.
    """

    def __init__(self, book: Book, member: str, fallback: Callable[[], list[list[object]]],
                 failed: Callable[[], Exception]) -> None:
        self.book, self.member, self.fallback, self.failed = book, member, fallback, failed
        self._head: list[list[object]] | None = None

    def __iter__(self) -> Iterator[list[object]]:
        done = 0
        try:
            for row in rows(self.book, self.member):
                yield row
                done += 1
        except Unstreamable:
            yield from self.fallback()[done:]
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError, IndexError):
            raise self.failed() from None

    @property
    def head(self) -> list[list[object]]:
        if self._head is None:
            self._head = list(islice(self, HEAD))
        return self._head

    def __len__(self) -> int:  # a full pass: the reader never asks
        return sum(1 for _ in self)

    @overload
    def __getitem__(self, index: int) -> list[object]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[object]]: ...

    def __getitem__(self, index: int | slice) -> list[object] | list[list[object]]:
        if isinstance(index, slice):
            if index.step in (None, 1) and (index.start or 0) >= 0 and index.stop is not None \
                    and 0 <= index.stop <= HEAD:
                return self.head[index]
            return list(self)[index]
        if 0 <= index < HEAD:
            head = self.head
            if index < len(head):
                return head[index]
            raise IndexError("sheet row out of range")
        if index < 0:
            return list(self)[index]
        for i, row in enumerate(self):
            if i == index:
                return row
        raise IndexError("sheet row out of range")


class _Prefixed:
    """A file whose first bytes were already read."""

    def __init__(self, first: bytes, fh: object) -> None:
        self.first, self.fh = first, fh

    def read(self, n: int) -> bytes:
        if self.first:
            out, self.first = self.first, b""
            return out
        return self.fh.read(n)  # type: ignore[attr-defined, no-any-return]


