"""Workbooks are bounded before a reader expands them; the reader falls back to openpyxl."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import Run

from selfeval.sources import workbook

AS_AT = ["--as-at", "2026-09-30", "--authority", "X"]


def _xlsx(path: Path, sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A minimal .xlsx with one sheet named 'List 4' whose XML is ``sheet_xml``."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        b"</Types>",
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        b"</Relationships>",
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        b'<sheet name="List 4" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        b"</Relationships>",
        "xl/worksheets/sheet1.xml": sheet_xml,
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet(cells: bytes) -> bytes:
    return (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>" + cells + b"</sheetData></worksheet>")


FAR_CELL = _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c></row>'
                  b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


@pytest.mark.parametrize("command", ["annexa", "metrics"])
def test_a_cell_far_out_is_refused_before_any_reader_allocates(run: Run, tmp_path: Path, command: str) -> None:
    book = _xlsx(tmp_path / "far.xlsx", FAR_CELL)
    args = ["metrics", "from-annex-a", book, *AS_AT] if command == "annexa" else ["check", book, "--no-settings"]
    err = run(*args, expect=2).stderr
    assert "too large to read safely" in err and "row 1,048,576, column 16,384" in err
    assert err.count("\n") == 1


def _bomb(path: Path, rows: int = 250_000, per_row: int = 4) -> Path:
    # cells without references (allowed: they follow one another), so the XML repeats exactly
    row = b"<row>" + b"".join(b"<c><v>%d</v></c>" % (i % 4 + 1) for i in range(per_row)) + b"</row>"
    return _xlsx(path, _sheet(row * rows))


def test_a_zip_bomb_is_refused_in_little_memory(tmp_path: Path) -> None:
    """A small file that unpacks to more cells than the limit: refused, and the process stays
    far below 500 MB (measured as the child's peak resident memory)."""
    book = _bomb(tmp_path / "bomb.xlsx", rows=workbook.MAX_CELLS // 16 + 50_000, per_row=16)  # 10.8 million cells
    assert book.stat().st_size < 5 * 1024 * 1024
    # The child reports its own peak: VmHWM of its own memory (ru_maxrss would keep the peak of the
    # pytest process it was forked from, which Linux carries across exec; RUSAGE_CHILDREN would
    # count the suite's other children).
    code = ("import resource, sys\nfrom selfeval.cli import main\nsys.argv = ['selfeval', *sys.argv[1:]]\n"
            "def peak():\n"
            "    try:\n"
            "        for line in open('/proc/self/status'):\n"
            "            if line.startswith('VmHWM:'):\n"
            "                return int(line.split()[1])\n"
            "    except OSError:\n"
            "        pass\n"
            "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "try:\n    main()\nexcept SystemExit as e:\n"
            "    print('peak-kb', peak(), file=sys.stderr)\n"
            "    raise\n")
    proc = subprocess.run([sys.executable, "-c", code, "metrics", "from-annex-a", str(book), *AS_AT],
                          capture_output=True, text=True, timeout=120)
    peak_mb = int(proc.stderr.rsplit("peak-kb", 1)[1].split()[0]) / 1024
    assert proc.returncode == 2, proc.stderr
    assert "too large to read safely" in proc.stderr and "cells" in proc.stderr
    assert peak_mb < 500, peak_mb


def test_sheets_read_whole_are_held_to_three_million_cells(tmp_path: Path) -> None:
    """openpyxl (the web edition, installs without python-calamine) and calamine's sheets under
    xlsxstream.STREAM_BYTES hold every cell: 3 million at most across them, as before streaming
    raised the workbook's total to 10 million. Two sheets of 1.6 million cells each, both within
    the area limit and too small to stream, are refused whichever reader would run."""
    row = b"<row>" + b"<c><v>1</v></c>" * 16 + b"</row>"
    sheet = _sheet(row * 100_000)
    assert len(sheet) < workbook.xlsxstream.STREAM_BYTES
    book = _xlsx(tmp_path / "two.xlsx", sheet, extra={"xl/worksheets/sheet2.xml": sheet})
    for streamed in (False, True):
        with pytest.raises(workbook.SelfevalError, match="over 3,000,000 cells in sheets read whole"):
            workbook.check_bounds(book, streamed=streamed)


def test_limits_on_unpacked_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = _bomb(tmp_path / "b.xlsx", rows=2000)
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 10_000)
    with pytest.raises(workbook.SelfevalError, match="unpacks to"):
        workbook.check_bounds(book)
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED", 10**9)
    monkeypatch.setattr(workbook, "MAX_CELLS", 1000)
    with pytest.raises(workbook.SelfevalError, match="cells"):
        workbook.check_bounds(book)


def test_an_ordinary_workbook_passes(small_annex: Path) -> None:
    assert workbook.check_bounds(small_annex) == small_annex


@pytest.fixture
def small_annex(tmp_path: Path) -> Path:
    from selfeval.sources.annexa.synthetic_sheets import write_synthetic

    p = tmp_path / "annex.xlsx"
    write_synthetic(p, "small", seed=7)
    return p


def test_without_calamine_openpyxl_reads_the_workbook(run: Run, small_annex: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with_calamine = run("metrics", "from-annex-a", small_annex, *AS_AT, "--verbose").stdout
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # import fails, as without its wheel
    assert workbook.reader() == "openpyxl"
    result = run("metrics", "from-annex-a", small_annex, *AS_AT, "--verbose")
    assert "openpyxl" in result.stderr
    assert result.stdout == with_calamine  # the same figures from either reader


def test_without_calamine_an_xlsb_says_what_to_install(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "annex.xlsb"
    book.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    err = run("metrics", "from-annex-a", book, *AS_AT, expect=2).stderr
    assert "python-calamine" in err and "internal error" not in err


def test_a_metrics_workbook_full_of_cells_is_refused(run: Run, tmp_path: Path) -> None:
    """A metrics workbook has about 1,500 cells: one with 200,000 is refused before openpyxl
    opens it (such a file took 1.6 GB before)."""
    book = _bomb(tmp_path / "metrics.xlsx", rows=50_000)
    err = run("check", book, "--no-settings", expect=2).stderr
    assert "over 100,000 cells" in err and err.count("\n") == 1



def test_a_workbook_refused_half_way_through_leaves_no_file_open(tmp_path: Path) -> None:
    """openpyxl 3.1.0 (the lowest allowed) left the file open when reading stopped at an error
    (here: a Metrics sheet with no ID column); a later garbage collection then warned, which
    failed CI's fuzz run. The reader now opens and closes the file itself."""
    import gc
    import warnings

    import openpyxl

    from selfeval.core.errors import SelfevalError
    from selfeval.sources import metrics_workbook

    wb = openpyxl.Workbook()
    wb.active.title = "About"
    wb.active.append(["selfeval metrics workbook"])
    wb.create_sheet("Metrics").append(["", 1])
    wb.save(tmp_path / "book.xlsx")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ResourceWarning)
        with pytest.raises(SelfevalError, match="no column 'ID'"):
            metrics_workbook.read_metrics_xlsx(tmp_path / "book.xlsx")
        gc.collect()
    assert not [w for w in seen if issubclass(w.category, ResourceWarning)]


def _wide_rows(n_rows: int, last_col: str = "BN") -> bytes:
    return _sheet(b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="%s%d"><v>2</v></c></row>'
                           % (r, r, last_col.encode(), r) for r in range(1, n_rows + 1)))


def test_a_wide_sheet_of_few_rows_is_read(tmp_path: Path) -> None:
    """66 columns (to BN) and 300 rows: the audit template's shape, or an Annex A export with
    extra columns. It was refused as if it held 99,999 rows of that width."""
    book = _xlsx(tmp_path / "wide.xlsx", _wide_rows(300))
    assert workbook.check_bounds(book) == book


def test_a_wide_sheet_of_many_rows_is_still_bounded(tmp_path: Path) -> None:
    book = _xlsx(tmp_path / "wide.xlsx", _wide_rows(61_000))  # 61,000 x 66 > 4 million cells' rectangle
    with pytest.raises(Exception, match="row 61,000, column 66"):
        workbook.check_bounds(book)
