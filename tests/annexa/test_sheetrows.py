"""Streamed sheet rows are exactly calamine's ``to_python(skip_empty_area=False)``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import python_calamine

from selfeval.sources.annexa.sheetrows import HEAD, Book, SheetRows
from selfeval.sources.annexa.synthetic_sheets import write_synthetic

# Streaming rows needs calamine's iter_rows (not in the oldest python-calamine pyproject allows);
# the Annex A import itself reads through sources.workbook and does not depend on it.
pytestmark = pytest.mark.skipif(not hasattr(python_calamine.CalamineSheet, "iter_rows"),
                                reason="this python-calamine has no iter_rows: streamed sheet rows need a newer one")


def both(path: Path) -> None:
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    book = Book(wb)
    for name in wb.sheet_names:
        want = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows = SheetRows(book, name)
        assert len(rows) == len(want), name
        assert list(rows) == want, name
        assert list(rows) == want, name  # a second pass re-opens the released sheet
        assert rows[: min(15, len(want))] == want[:15]
        for i in (0, len(want) // 2, len(want) - 1, HEAD - 1, HEAD, HEAD + 1):
            if 0 <= i < len(want):
                assert rows[i] == want[i], (name, i)


def test_demo_workbook(tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    write_synthetic(path, "small", seed=5)
    both(path)


@pytest.mark.parametrize("cells", [["A3", "B3", "A5"], ["C1", "D1", "C40"], ["C3", "D3", "C50"], ["E10"],
                                   ["A1"], []])
def test_empty_leading_rows_and_columns(tmp_path: Path, cells: list[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "List 1"
    for i, c in enumerate(cells):
        ws[c] = f"v{i}" if i % 2 else i
    wb.create_sheet("List 2")["B2"] = "x"
    path = tmp_path / "w.xlsx"
    wb.save(path)
    both(path)


def test_one_sheet_open_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "demo.xlsx"
    write_synthetic(path, "small", seed=5)
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    book = Book(wb)
    a, b = SheetRows(book, "List 1"), SheetRows(book, "List 2")
    assert a.head and a._sheet is not None
    assert b.head and b._sheet is not None and a._sheet is None
    assert len(list(a)) == len(a) and a._sheet is None and book.current is None
