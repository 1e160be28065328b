"""Very large sheets are streamed from their XML (``sources.xlsxstream``) with exactly the values
python-calamine gives, and the Annex A import's results are the same either way."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine

from selfeval.core.errors import SelfevalError
from selfeval.sources import workbook, xlsxcells, xlsxstream
from selfeval.sources.annexa.run import metrics_from_annex_a
from selfeval.sources.annexa.synthetic_sheets import write_synthetic

FORMATS = ["General", "0.00%", '"day" 0', "[Red]0.00", "yyyy-mm-dd", "dd/mm/yyyy", "[$-409]d mmm yy",
           "mm:ss.0", "h:mm AM/PM", "\\d0", "0;[Red]d", "[h]:mm:ss", "[mm]:ss", "@", "_(* #,##0_)",
           "# ?/?", "yy", "am/pm 0", "A/P", '0 "m"', "d mmm yy h:mm", "m/d/yy h:mm"]
NUMBERS = [1, 59, 60, 61, 0, 0.5, 45000, 45000.5, 45000.999999, 1.25, 45000.0000001, 0.00001, 2958465]


def calamine_rows(path: Path, name: str) -> list[list[Any]]:
    """calamine's rows, each without the empty cells that pad it to the sheet's width."""
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    out = []
    for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    getattr(wb, "close", lambda: None)()
    return out


def streamed_rows(path: Path, name: str) -> list[list[Any]]:
    with zipfile.ZipFile(path) as z:
        member = xlsxstream.sheet_parts(z)[name].filename
    out = []
    for row in xlsxstream.rows(xlsxstream.Book(path), member):
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    return out


def _unescaped(value: Any) -> Any:
    return xlsxcells.ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) else value


OLD_CALAMINE = not hasattr(python_calamine.CalamineSheet, "iter_rows")
"""The oldest python-calamine allowed (0.2.0) leaves OOXML's ``_xHHHH_`` escapes in strings;
newer ones, and the streamed reader, decode them (``_x000D_`` is a carriage return)."""


def same(path: Path, name: str) -> None:
    want, got = calamine_rows(path, name), streamed_rows(path, name)
    if OLD_CALAMINE:
        want = [[_unescaped(v) for v in row] for row in want]
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, i
        assert [type(v) for v in g] == [type(v) for v in w], i


def test_numbers_dates_times_and_durations_by_number_format(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "S"
    for r, fmt in enumerate(FORMATS, start=2):
        for c, n in enumerate(NUMBERS, start=2):
            cell = ws.cell(row=r, column=c, value=n)
            cell.number_format = fmt
    ws["A40"] = "text"
    ws["B40"] = True
    ws["C40"] = False
    ws["D40"] = " spaced "
    ws["E40"] = "=1/0"
    ws["F40"] = dt.date(2024, 2, 29)
    ws["G40"] = dt.datetime(2024, 2, 29, 13, 5, 7)
    ws["H40"] = "line\nbreak & <tag>"
    path = tmp_path / "formats.xlsx"
    wb.save(path)
    same(path, "S")


def _part(sheet: bytes, strings: bytes = b"") -> dict[str, bytes]:
    main = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return {"xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet ' + main + b"><sheetData>" + sheet
            + b"</sheetData></worksheet>",
            "xl/sharedStrings.xml": b'<?xml version="1.0"?><sst ' + main + b">" + strings + b"</sst>"}


def _book(path: Path, sheet: bytes, strings: bytes = b"", workbook_pr: bytes = b"") -> Path:
    from test_workbook_bounds import _xlsx

    parts = _part(sheet, strings)
    path = _xlsx(path, parts.pop("xl/worksheets/sheet1.xml"), parts)
    if workbook_pr:  # rewrite the workbook part with a workbookPr
        with zipfile.ZipFile(path) as z:
            members = {n: z.read(n) for n in z.namelist()}
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(b"<sheets>", workbook_pr + b"<sheets>")
        with zipfile.ZipFile(path, "w") as z:
            for n, data in members.items():
                z.writestr(n, data)
    return path


RICH = (b'<row r="2"><c r="B2" t="e"><v>#N/A</v></c><c r="C2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c>'
        b'<c r="E2" t="inlineStr"><is><r><t>a</t></r><r><rPr/><t xml:space="preserve"> b_x000D_c</t></r>'
        b'<rPh><t>PH</t></rPh></is></c><c r="F2" t="str"><f>x</f><v>fs</v></c><c r="H2" t="b"><v>1</v></c>'
        b'<c r="I2" t="n"><v>1.5E3</v></c><c r="J2"><v></v></c><c r="K2" t="s"><v>2</v></c>'
        b'<c r="M2" t="inlineStr"><is><t>x&amp;y&#10;z</t></is></c><c t="n"><v>3</v></c></row>'
        b'<row r="5"><c r="C5" t="inlineStr"><is><t>after a gap</t></is></c></row><row><c><v>7</v></c></row>')
STRINGS = (b'<si><t>plain_x0041_</t></si><si><r><t>r1</t></r><r><t>r2</t></r><rPh sb="0" eb="1"><t>P</t></rPh></si>'
           b"<si><t/></si>")


def test_strings_errors_gaps_and_cells_without_references(tmp_path: Path) -> None:
    same(_book(tmp_path / "rich.xlsx", RICH, STRINGS), "List 4")


@pytest.mark.parametrize("what", ["1904", "iso date"])
def test_what_it_does_not_mirror_is_read_by_calamine_from_that_row(tmp_path: Path, what: str) -> None:
    if what == "1904":
        path = _book(tmp_path / "b.xlsx", RICH, STRINGS, workbook_pr=b'<workbookPr date1904="1"/>')
    else:
        path = _book(tmp_path / "b.xlsx", RICH + b'<row r="9"><c r="A9" t="d"><v>2020-01-02</v></c></row>', STRINGS)
    with pytest.raises(xlsxstream.Unstreamable):
        streamed_rows(path, "List 4")
    sheet = xlsxstream.StreamedSheet(xlsxstream.Book(path), "xl/worksheets/sheet1.xml",
                                     lambda: calamine_rows(path, "List 4"), lambda: AssertionError())
    def norm(rows: Any) -> list[list[Any]]:
        return [[_unescaped(v) for v in r] for r in rows if r]

    assert norm(sheet) == norm(calamine_rows(path, "List 4"))


def test_xml_that_does_not_parse_is_read_as_calamine_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _book(tmp_path / "bad.xlsx", b'<row r="1"><c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c></row>'
                                        b'<row r="2"><c r="A2"><v>1</v></c><row>')
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", 0)
    sheets, close = workbook.open_sheets(path)
    try:
        rows = sheets[0][1]()
        assert isinstance(rows, xlsxstream.StreamedSheet)
        with pytest.raises(xlsxstream.Unstreamable):
            streamed_rows(path, "List 4")
        try:
            want: Any = calamine_rows(path, "List 4")
        except Exception:  # noqa: BLE001 - a calamine that refuses it: so must the import
            with pytest.raises(SelfevalError, match="cannot read the sheet"):
                list(rows)
        else:
            assert [r for r in rows if r] == [r for r in want if r]
    finally:
        close()


@pytest.mark.parametrize("size", ["small", "large"])
def test_the_import_is_the_same_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: str) -> None:
    book = tmp_path / "annex.xlsx"
    write_synthetic(book, size, seed=2026)
    kw: dict[str, Any] = {"as_at": dt.date(2026, 9, 30), "authority": "X", "child_population": 60_000}
    metrics_from_annex_a(book, tmp_path / "whole.yaml", **kw)
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", 0)  # every sheet streamed
    calls: list[str] = []
    real = xlsxstream.rows
    monkeypatch.setattr(xlsxstream, "rows", lambda b, m: calls.append(m) or real(b, m))
    metrics_from_annex_a(book, tmp_path / "streamed.yaml", **kw)
    assert len(set(calls)) >= 10  # the lists were streamed
    assert (tmp_path / "streamed.yaml").read_bytes() == (tmp_path / "whole.yaml").read_bytes()
    with zipfile.ZipFile(book) as z:
        names = list(xlsxstream.sheet_parts(z))
    for name in names[:3]:
        same(book, name)


def test_the_plain_way_and_the_xml_parser_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "annex.xlsx"
    write_synthetic(book, "small", seed=7)
    with zipfile.ZipFile(book) as z:
        members = [m.filename for m in xlsxstream.sheet_parts(z).values()]
    used: list[bool] = []
    fast = xlsxcells.Reader.fast

    def spy(self: Any, body: bytes) -> Any:
        out = fast(self, body)
        used.append(out is not None)
        return out

    monkeypatch.setattr(xlsxcells.Reader, "fast", spy)
    quick = [list(xlsxstream.rows(xlsxstream.Book(book), m)) for m in members]
    assert any(used)
    monkeypatch.setattr(xlsxcells.Reader, "fast", lambda self, body: None)
    parsed = [list(xlsxstream.rows(xlsxstream.Book(book), m)) for m in members]
    assert quick == parsed
    assert [[type(v) for r in s for v in r] for s in quick] == [[type(v) for r in s for v in r] for s in parsed]
