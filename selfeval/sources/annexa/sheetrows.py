"""The rows of a workbook sheet, streamed: what the Annex A reader iterates instead of a copy.

``to_python()`` copied a whole sheet into Python lists before any row was parsed (about 240 MB
at ten times the large demo, on top of the parsed rows). :class:`SheetRows` reads the first rows
once (the header search looks only there) and streams the rest one row at a time from
python-calamine, with exactly the values and positions ``to_python(skip_empty_area=False)`` gives
(calamine's ``iter_rows`` leaves out empty leading columns; they are put back). At most one sheet
of a workbook is held open (in calamine's compact form) at a time: opening another releases it,
and a sheet iterated to its end is released too. ``tests/annexa/test_sheetrows.py`` compares the
rows with ``to_python`` on the demo workbooks and on sheets with empty leading rows and columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any, overload

HEAD = 32
"""Rows kept after the first read: more than the header search looks at (15)."""


class Book:
    """An open calamine workbook, holding at most one of its sheets open."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.current: SheetRows | None = None

    def open(self, rows: SheetRows) -> Any:
        if self.current is not None and self.current is not rows:
            self.current.release()
        self.current = rows
        return self.workbook.get_sheet_by_name(rows.name)


class SheetRows(Sequence[list[object]]):
    """One sheet's rows as a read-only sequence: indexing within the first :data:`HEAD` rows and
    iteration are cheap; indexing further down streams to that row (use iteration)."""

    def __init__(self, book: Book, name: str) -> None:
        self.book, self.name = book, name
        self._sheet: Any = None
        self._head: list[list[object]] | None = None
        self._length = 0

    def _open(self) -> Any:
        if self._sheet is None:
            self._sheet = self.book.open(self)
            end = self._sheet.end
            self._length = 0 if end is None else end[0] + 1
        return self._sheet

    def release(self) -> None:
        self._sheet = None
        if self.book.current is self:
            self.book.current = None

    def _stream(self) -> Iterator[list[object]]:
        sheet = self._open()
        start = sheet.start
        pad: list[object] = [""] * (start[1] if start else 0)
        if pad:
            for row in sheet.iter_rows():
                yield pad + row
        else:
            yield from sheet.iter_rows()
        if self._sheet is sheet:
            self.release()  # read to the end: calamine's copy of the sheet is not needed again

    @property
    def head(self) -> list[list[object]]:
        if self._head is None:
            self._head = list(islice(self._stream(), HEAD))
        return self._head

    def __len__(self) -> int:
        self.head  # noqa: B018 - opens the sheet once, which measures it
        return self._length

    def __iter__(self) -> Iterator[list[object]]:
        head = self.head
        if len(head) < HEAD:
            yield from head
            return
        yield from head
        yield from islice(self._stream(), HEAD, None)

    @overload
    def __getitem__(self, index: int) -> list[object]: ...
    @overload
    def __getitem__(self, index: slice) -> list[list[object]]: ...

    def __getitem__(self, index: int | slice) -> list[object] | list[list[object]]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and stop <= len(self.head):
                return self.head[start:stop]
            return list(self)[index]
        if index < 0:
            index += len(self)
        head = self.head
        if 0 <= index < len(head):
            return head[index]
        if index < 0 or index >= len(self):
            raise IndexError("sheet row out of range")
        return next(islice(self._stream(), index, None))
