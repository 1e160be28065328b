"""Cells an .xlsx reader shows as empty that are not: formulas with no saved result, and errors.

A workbook written by a script (or saved by a tool that does not calculate) can hold formulas
with no cached value, and a failed lookup saves the error ``#N/A``; python-calamine shows both as
an empty cell, and an empty visit date or worker counts against the figure. This finds those
cells so the import reports them as data-quality findings instead. Only sheets whose XML holds a
formula or an error are scanned, so a workbook of values costs two substring searches a sheet.

(A generic workbook mechanism: it can move to ``selfeval/sources/workbook.py`` with the
workbook bounds checks.)
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_ERROR_CELL = re.compile(rb'<c ([^>]*?\bt="e"[^>]*)>(.*?)</c>', re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
MAX_SHEET_BYTES = 256 * 1024 * 1024


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


_ERROR_VALUE = re.compile(rb"<v>([^<]*)</v>")
_HAS_VALUE = re.compile(rb"<v>[^<]")  # "<v></v>" and "<v/>" (openpyxl writes them) hold nothing


def _scan(data: bytes) -> dict[tuple[int, int], str]:
    """Error cells and formulas without a value in one sheet's XML, found without walking every
    cell in Python: a regex for error cells, a find loop over formulas. ``data`` is whole cells
    (a sheet, or a run of its cells: :func:`_scan_part`)."""
    found: dict[tuple[int, int], str] = {}
    if b't="e"' in data:
        for m in _ERROR_CELL.finditer(data):
            ref = _REF.search(m[1])
            if ref is not None:
                v = _ERROR_VALUE.search(m[2])
                found[(int(ref[2]), _col_index(ref[1]))] = v[1].decode("ascii", "replace").upper() if v else ""
    pos = data.find(b"<f")
    while pos != -1:
        if data[pos + 2:pos + 3] in (b">", b" ", b"/"):
            start, end = data.rfind(b"<c ", 0, pos), data.find(b"</c>", pos)
            if start != -1 and end != -1 and not _HAS_VALUE.search(data, pos, end):
                ref = _REF.search(data, start, data.find(b">", start))
                if ref is not None:
                    found.setdefault((int(ref[2]), _col_index(ref[1])), "")
            pos = data.find(b"<f", max(end, pos + 2))
        else:
            pos = data.find(b"<f", pos + 2)
    return found


_CHUNK = 4 << 20


def _scan_part(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[tuple[int, int], str]:
    """:func:`_scan` over one sheet's XML 4 MB at a time, cut after a cell's end (``</c>``), so
    a very large sheet is never held whole (at ten times the large demo one is 190 MB)."""
    found: dict[tuple[int, int], str] = {}
    tail = b""
    with z.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = tail + chunk
            cut = data.rfind(b"</c>") + 4 if chunk else len(data)
            if cut < 4:  # no cell has ended yet: read on
                tail = data
                continue
            body, tail = data[:cut], data[cut:]
            if b't="e"' in body or b"<f" in body:
                found.update(_scan(body))
            if not chunk:
                return found


def hidden_cells(path: str | Path) -> dict[str, dict[tuple[int, int], str]]:
    """Sheet name -> {(row number, 0-based column): what}, ``what`` being an Excel error such as
    ``#N/A``, or ``""`` for a formula without a saved value.

    Any problem reading the parts gives an empty answer: this is a check, not the reader.
    """
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = ET.fromstring(z.read("xl/workbook.xml"))
            rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
            for sheet in book.findall("m:sheets/m:sheet", _NS):
                target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                info = z.getinfo(part)
                if info.file_size > MAX_SHEET_BYTES:
                    continue
                found = _scan_part(z, info)
                if found:
                    out[sheet.get("name", "")] = found
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return out
