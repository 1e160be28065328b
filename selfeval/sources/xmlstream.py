"""Streaming the census XML files (``Message`` root) with the standard library.

``iter_records`` yields each record element (``Child``, ``CSWWWorker``) once it is complete and
then clears it, so memory stays flat for a big city's census. Namespaced files are read the
same as plain ones. A file that does not parse raises a located :class:`SelfevalError`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

from selfeval.core.errors import SelfevalError, Where


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


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
        """Each record element; top-level elements ``keep`` accepts are kept in ``singles``."""
        f = str(self.path)
        if not self.path.is_file():
            raise SelfevalError("no such file", file=f, hint="give the census XML file")
        stack: list[ET.Element] = []
        root: ET.Element | None = None
        try:
            for event, el in ET.iterparse(f, events=("start", "end")):
                if event == "start":
                    stack.append(el)
                    if root is None:
                        root = el
                        if local(el.tag) != "Message":
                            what = ("an SSDA903 return (use `selfeval metrics from-903`)"
                                    if local(el.tag) in ("EXPSSDA903", "CHILDREN", "CHILD") else
                                    f"root element '{local(el.tag)}'")
                            raise SelfevalError(f"not a {self.expect} census: the XML is {what}; a census "
                                                "file's root is 'Message'", file=f, where=Where(line=1))
                    continue
                stack.pop()
                tag = local(el.tag)
                if tag == "CollectionDetails" or tag == "Source":
                    for item in el:
                        self.header[local(item.tag)] = (item.text or "").strip()
                    if tag == "CollectionDetails":
                        self._check_collection()
                elif tag == self.record:
                    yield el
                    if stack:
                        stack[-1].remove(el)  # the parent holds only this one: flat memory
                elif keep(tag):
                    self.singles[tag] = el
        except ET.ParseError as exc:
            line, col = exc.position
            raise SelfevalError("the XML does not parse (not well-formed)", file=f,
                                where=Where(line=line, column=col + 1),
                                hint="export the census again from the case management or HR system") from None
        if root is None:
            raise SelfevalError("the file is empty", file=f)

    def _check_collection(self) -> None:
        got = self.header.get("Collection", "").upper()
        if got and got != self.expect:
            hint = self.other.get(got)
            raise SelfevalError(
                f"this is the {got} collection, not {self.expect} (Header/CollectionDetails/Collection)",
                file=str(self.path), hint=f"use `selfeval metrics {hint}`" if hint else None)


def text(el: ET.Element, tag: str) -> str | None:
    """The text of the first child called ``tag`` (namespace ignored), or None."""
    for child in el:
        if local(child.tag) == tag:
            t = child.text
            return t.strip() if t and t.strip() else None
    return None


def children(el: ET.Element, tag: str) -> Iterator[ET.Element]:
    for child in el:
        if local(child.tag) == tag:
            yield child
