"""Streaming the census XML files (``Message`` root) with the standard library.

``Census.records`` yields each record element (``Child``, ``CSWWWorker``), read in batches by
``xmlchunks.scan``, so memory stays flat for a big city's census. Namespaced files are read the
same as plain ones. A file that does not parse raises a located :class:`SelfevalError`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

from selfeval.core.errors import SelfevalError, Where
from selfeval.sources.xmlchunks import scan


def local(tag: str) -> str:
    return tag if tag[0] != "{" else tag.rsplit("}", 1)[-1]


class Census:
    """One census file: its header items, then its records, streamed."""

    def __init__(self, path: Path, expect: str, record: str, other: dict[str, str]) -> None:
        self.path = path
        self.expect = expect  # the Collection value, "CIN" or "CSWW"
        self.record = record
        self.other = other  # Collection value -> the command that reads it
        self.header: dict[str, str] = {}
        self.singles: dict[str, ET.Element] = {}  # top-level elements other than records, e.g. LALevelVacancies

    def records(self, keep: Callable[[str], bool] = lambda tag: False) -> Iterator[ET.Element]:
        """Each record element; other elements ``keep`` accepts are kept in ``singles``."""
        f = str(self.path)
        if not self.path.is_file():
            raise SelfevalError("no such file", file=f, hint="give the census XML file")
        skeleton, records = scan(self.path, self.record)
        root = local(skeleton.tag)
        if root != "Message":
            what = ("an SSDA903 return (use `selfeval metrics from-903`)" if root in ("EXPSSDA903", "CHILDREN", "CHILD")
                    else f"root element '{root}'")
            raise SelfevalError(f"not a {self.expect} census: the XML is {what}; a census file's root is "
                                "'Message'", file=f, where=Where(line=1))
        for el in skeleton.iter():
            tag = local(el.tag)
            if tag in ("CollectionDetails", "Source"):
                for item in el:
                    self.header[local(item.tag)] = (item.text or "").strip()
            elif keep(tag):
                self.singles[tag] = el
        self._check_collection()
        for el in records:
            tag = local(el.tag)
            if tag == self.record:
                yield el
            elif keep(tag):
                self.singles[tag] = el

    def _check_collection(self) -> None:
        got = self.header.get("Collection", "").upper()
        if got and got != self.expect:
            hint = self.other.get(got)
            raise SelfevalError(
                f"this is the {got} collection, not {self.expect} (Header/CollectionDetails/Collection)",
                file=str(self.path), hint=f"use `selfeval metrics {hint}`" if hint else None)


def text(el: ET.Element, tag: str) -> str | None:
    """The stripped text of the first child called ``tag``, or None when absent or blank."""
    t = el.findtext(tag)
    return t.strip() or None if t else None


def children(el: ET.Element, tag: str) -> Iterator[ET.Element]:
    for child in el:
        if local(child.tag) == tag:
            yield child
