"""Fast, flat-memory reading of record-based XML (a census's Child or CSWWWorker, the 903's CHILD).

``iterparse`` hands every element to Python; for a big city's census that is millions of events.
Here the file is cut at record boundaries instead and each batch of records (about 1 MB) is
parsed by the C parser in one call: Python touches only the records, never the events. The
document with its records taken out (root, Header, LALevelVacancies …) is parsed on its own and
returned as the skeleton. If anything does not parse, ``scan`` falls back to ``iterparse`` over
the whole file, which names the line and column of the fault (or, if the file is in fact
well-formed, reads it the slow way), so speed never costs a worse message. Records are parsed
without the root's default namespace, so their tags are plain names (``el.findtext("LAchildID")``
works for a namespaced file too); prefixed namespace declarations are kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from selfeval.core.errors import SelfevalError, Where

BATCH = 1 << 20
_XMLNS = re.compile(rb'\sxmlns:[\w.-]+="[^"]*"')  # prefixed only: records keep plain tag names
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)>")


def _located(path: Path) -> SelfevalError | None:
    try:
        for _ in ET.iterparse(str(path)):
            pass
    except ET.ParseError as exc:
        line, col = exc.position
        return SelfevalError("the XML does not parse (not well-formed)", file=str(path),
                             where=Where(line=line, column=col + 1),
                             hint="export the file again from the system that made it")
    return None


def _slow(path: Path, record: str) -> tuple[ET.Element, Iterator[ET.Element]]:
    """Whole-file parse (only when the fast cut failed on a file that is well-formed)."""
    root = ET.parse(str(path)).getroot()
    recs = [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == record]
    return root, iter(recs)


def scan(path: Path, record: str) -> tuple[ET.Element, Iterator[ET.Element]]:
    """The skeleton (the document without its records) and an iterator over the records."""
    data = path.read_bytes()
    if not data.strip():
        raise SelfevalError("the file is empty", file=str(path))
    opening = re.compile(rb"<(?:[\w.-]+:)?" + record.encode() + rb"[\s>/]")
    closing = re.compile(rb"</(?:[\w.-]+:)?" + record.encode() + rb"\s*>")
    first = opening.search(data)
    last = None
    if first is not None:  # the last closing tag, looked for from the end, where it is
        tail = len(data)
        while last is None and tail > first.start():
            tail = max(first.start(), tail - (1 << 16))
            found = list(closing.finditer(data, tail))
            last = found[-1] if found else None
    try:
        if first is None or last is None:
            return ET.fromstring(data), iter(())
        skeleton = ET.fromstring(data[:first.start()] + data[last.end():])
    except ET.ParseError:
        err = _located(path)
        if err is not None:
            raise err from None
        return _slow(path, record)
    start_tag = _ROOT.search(data[:first.start()].split(b"?>")[-1]) if b"<" in data[:first.start()] else None
    ns = b"".join(_XMLNS.findall(start_tag.group(2))) if start_tag else b""
    decl = data[:data.index(b"?>") + 2] if data.lstrip().startswith(b"<?xml") else b""  # keeps the encoding
    return skeleton, _records(path, data, first.start(), last.end(), closing, decl + b"<_r" + ns + b">")


def _records(path: Path, data: bytes, pos: int, end: int, closing: re.Pattern[bytes],
             head: bytes) -> Iterator[ET.Element]:
    while pos < end:
        cut = closing.search(data, min(pos + BATCH, end - 1))
        stop = end if cut is None or cut.end() > end else cut.end()
        try:
            batch = ET.fromstring(head + data[pos:stop] + b"</_r>")
        except ET.ParseError:
            err = _located(path)
            if err is not None:
                raise err from None
            raise SelfevalError("the XML could not be read in parts", file=str(path),
                                hint="report this to selfeval with the file's structure (not its data)") from None
        yield from batch
        pos = stop

