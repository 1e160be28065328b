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
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
MAX_SHEET_BYTES = 256 * 1024 * 1024


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


_ERROR_VALUE = re.compile(rb"<v>([^<]*)</v>")


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
                data = z.read(part)
                if b"<f" not in data and b't="e"' not in data:
                    continue
                found: dict[tuple[int, int], str] = {}
                for m in _CELL.finditer(data):
                    inner = m[2] or b""
                    error = b't="e"' in m[1]
                    if not error and not (b"<f" in inner and b"<v" not in inner):
                        continue
                    ref = _REF.search(m[1])
                    if ref is None:
                        continue
                    what = ""
                    if error and (v := _ERROR_VALUE.search(inner)):
                        what = v[1].decode("ascii", "replace").upper()
                    found[(int(ref[2]), _col_index(ref[1]))] = what
                if found:
                    out[sheet.get("name", "")] = found
    except (KeyError, OSError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return out
