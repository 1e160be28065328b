"""Read one SSDA903 return — a folder of CSV tables or one XML file — into raw rows.

Rows are tuples of the needed columns only (``tables.NEEDED``), each with its place ("episodes.csv
row 14", "XML CHILD 12, EPISODE 2") so problems can be located without quoting a value. The XML
is streamed with ``iterparse`` and each CHILD cleared once read, so memory stays flat. A file
that is not a 903 table, a missing required table, or XML that does not parse raises a located
:class:`SelfevalError` (exit 2); problems inside rows are left to the model's data-quality list.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from selfeval.core.errors import SelfevalError, Where
from selfeval.sources.ssda903.tables import (
    NEEDED,
    REQUIRED,
    TABLES,
    XML_BLOCKS,
    XML_HEADER_TABLES,
    XML_RENAME,
    match_table,
)

Row = tuple[str | None, ...]  # a blank is '' or None
# Where a row was read: a CSV line number, an XML episode as (CHILD number, EPISODE number)
# (formatted only when a data-quality entry names it), or the XML place as text.
Place = int | str | tuple[int, int]


def place_text(where: str, place: Place) -> str:
    if isinstance(place, int):
        return f"{where} row {place}"
    if isinstance(place, tuple):
        return f"{where} CHILD {place[0]}, EPISODE {place[1]}"
    return place


@dataclass
class Rows:
    """A table's rows (needed columns only). CSV rows are split only when asked for
    (``materialise``), and then perhaps only for some children: an earlier year's return is read
    for the children the newest year needs."""

    table: str
    where: str  # the file (and for XML the element kind) the rows came from
    rows: list[Row] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # CSV line numbers, or XML element places
    text: str = ""  # CSV: the file's text, until materialised
    unsplit: bool = False  # CSV: the text is split into rows only when a measure needs the table
    pick: itemgetter[Any] | None = None
    width: int = 0

    def col(self, name: str) -> int:
        return NEEDED[self.table].index(name)

    def materialise(self, wanted: set[str] | None = None,
                    short_rows: list[tuple[str, str]] | None = None) -> Rows:
        """Split the pending lines into rows (only those of ``wanted`` children, if given)."""
        if not self.unsplit:
            if wanted is not None:  # rows read eagerly (XML): keep only the wanted children's
                keep = [i for i, r in enumerate(self.rows) if r[0] in wanted]
                self.rows = [self.rows[i] for i in keep]
                self.places = [self.places[i] for i in keep]
            return self
        assert self.pick is not None
        append, place, pick, width = self.rows.append, self.places.append, self.pick, self.width
        lines = _lines(self.text)
        for n, line in enumerate(lines[1:], start=2):
            if isinstance(line, str):
                if wanted is not None and line[:line.find(",")] not in wanted:
                    continue
                r: list[str] = line.split(",")
            else:
                r = list(line)
                if wanted is not None and (not r or r[0] not in wanted):
                    continue
            if len(r) < width:
                if short_rows is not None and (len(r) > 1 or r[0].strip()):
                    short_rows.append((self.table, f"{self.where} row {n}"))
                continue
            append(pick(r))
            place(n)
        self.unsplit, self.text = False, ""
        return self

    def fmt(self, place: Place) -> str:
        return place_text(self.where, place)


@dataclass
class Raw903:
    path: str
    tables: dict[str, Rows]
    found: dict[str, str]  # every 903 table found -> where, including ones no measure reads
    short_rows: list[tuple[str, str]] = field(default_factory=list)  # (table, place)


def read_903(path: str | os.PathLike[str]) -> Raw903:
    p = Path(path)
    if not p.exists():
        raise SelfevalError("no such file or folder", file=str(path),
                            hint="give the folder of the 903 CSV files, or the 903 XML file")
    if p.is_dir():
        raw = _read_folder(p)
    elif p.suffix.lower() == ".xml":
        raw = _read_xml(p)
    elif p.suffix.lower() == ".csv":
        raise SelfevalError("one CSV file is one table; the 903 needs at least Header and Episodes",
                            file=str(path), hint="give the folder holding all the 903 CSV files")
    else:
        raise SelfevalError("not a folder of CSV files or an .xml file", file=str(path),
                            hint="give the folder of the 903 CSV files, or the 903 XML file")
    missing = [t for t in REQUIRED if t not in raw.found]
    if missing:
        names = " and ".join(f"{t} ({TABLES[t].file_name})" for t in missing)
        raise SelfevalError(f"the 903 {names} table{'s are' if len(missing) > 1 else ' is'} missing",
                            file=str(path),
                            hint=f"a CSV is recognised by its headers: {', '.join(TABLES[missing[0]].columns)}")
    return raw


def _read_folder(folder: Path) -> Raw903:
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() == ".csv")
    if not files:
        xml = sorted(f for f in folder.iterdir() if f.suffix.lower() == ".xml")
        if len(xml) == 1:
            return _read_xml(xml[0])
        raise SelfevalError("no CSV files in the folder", file=str(folder),
                            hint="give the folder holding the 903 CSV files (header.csv, episodes.csv …)")
    raw = Raw903(str(folder), {}, {})
    for f in files:
        _read_csv(f, raw)
    return raw


def _decode(f: Path) -> str:
    """The file's text: UTF-8 (a byte-order mark stripped) or, failing that, Windows-1252."""
    data = f.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SelfevalError("the file is not readable text", file=str(f), hint="save it as CSV (UTF-8)")


def _lines(text: str) -> list[str] | list[list[str]]:
    """The CSV lines: plain text lines where no field is quoted (DfE's exports; split later, by
    ``Rows.materialise``), else rows parsed by the csv module."""
    if '"' not in text:
        return text.splitlines()
    return list(csv.reader(io.StringIO(text, newline="")))


_LINE_END = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # where str.splitlines splits


def _first_line(text: str) -> list[str]:
    """The header row, without splitting the rest of the file (a table no measure reads is
    never split)."""
    if not text:
        return []
    if '"' in text:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    end = _LINE_END.search(text)
    return (text if end is None else text[:end.start()]).split(",")


def _read_csv(f: Path, raw: Raw903) -> None:
    text = _decode(f)
    header = [h.strip().lstrip("\ufeff") for h in _first_line(text)]
    spec, closest, missing, extra = match_table(header)
    if spec is None:
        bits = []
        if missing:
            bits.append(f"missing {', '.join(sorted(missing))}")
        known = {c for t in TABLES.values() for c in t.columns}
        named = sorted(extra & known)  # only DfE's column names are quoted: a first row that is
        others = len(extra - known)  # not a header could be a child's identifier and birth date
        if named:
            bits.append(f"unexpected {', '.join(named)}")
        if others:
            bits.append(f"{others} other heading{'s' if others > 1 else ''} that {'are' if others > 1 else 'is'} "
                        "no 903 column (not shown: they could be a child's data)")
        if not set(header) & known:
            bits.append("the first row holds no 903 column name: is the header row missing?")
        raise SelfevalError(
            f"not a 903 table: its headers match none; nearest is {closest.name} ({'; '.join(bits)})",
            file=str(f), where=Where(line=1),
            hint="the validator matches each file by its exact set of column headers; fix the header "
                 "row or move the file out of the folder")
    if spec.name in raw.found:
        raise SelfevalError(f"a second {spec.name} table (the first is {raw.found[spec.name]})",
                            file=str(f), hint="keep one file per table in the folder")
    raw.found[spec.name] = f.name
    if spec.name not in NEEDED:
        return
    label = f"{f.parent.name}/{f.name}"  # the year's folder too: places stay unique across years
    raw.tables[spec.name] = Rows(spec.name, label, text=text, unsplit=True,
                                 pick=itemgetter(*[header.index(c) for c in NEEDED[spec.name]]),
                                 width=len(header))


def _read_xml(f: Path) -> Raw903:
    from selfeval.sources.xmlchunks import scan

    raw = Raw903(str(f), {}, {})
    tables = {name: Rows(name, f"{f.name}") for name in ("Header", "Episodes", "OC2", "OC3", "AD1")}
    ep_cols = [next((k for k, v in XML_RENAME.items() if v == c), c) for c in NEEDED["Episodes"]][1:]
    skeleton, children = scan(f, "CHILD")
    if skeleton.tag.rsplit("}", 1)[-1] == "Message":
        raise SelfevalError("this is a census file (root 'Message'), not an SSDA903 return", file=str(f),
                            where=Where(line=1),
                            hint="use `selfeval metrics from-cin` or `from-workforce` for census files")
    n_child = 0
    name = f.name
    others = [(tables[t], c, t == "OC3") for t, c in XML_HEADER_TABLES.items() if t != "Header"]
    blocks = [(block, tables[table], NEEDED[table][1:]) for block, table in XML_BLOCKS.items()]
    header, episodes = tables["Header"], tables["Episodes"]
    ep_rows, ep_places = episodes.rows.append, episodes.places.append
    # The hot loop: only the items read are looked up, by C-level findtext through map() (an
    # element's text is built when first read; an empty item reads '', a blank, as None would).
    for el in children:
        n_child += 1
        at = f"{name} CHILD {n_child}"
        head_el = el.find("HEADER")
        if head_el is None:
            child_id = el.findtext("CHILDID")
        else:
            find = head_el.findtext
            child_id = find("CHILDID") or el.findtext("CHILDID")
            dob = find("DOB")
            header.rows.append((child_id, dob))
            header.places.append(at)
            for rows, cols, with_dob in others:
                vals = tuple(map(find, cols))
                if any(vals):
                    rows.rows.append((child_id, dob, *vals) if with_dob else (child_id, *vals))
                    rows.places.append(at)
            for block, rows, cols in blocks:
                b = head_el.find(block)
                if b is not None:
                    rows.rows.append((child_id, *map(b.findtext, cols)))
                    rows.places.append(f"{at}, {block}")
        k = 0
        for ep in el.iter("EPISODE"):
            k += 1
            ep_rows((child_id, *map(ep.findtext, ep_cols)))  # C-level; an empty item is '' (blank)
            ep_places((n_child, k))
    if n_child == 0:
        raise SelfevalError("no CHILD elements: this is not an SSDA903 XML return", file=str(f),
                            hint="the 903 XML holds one CHILD per child, each with a HEADER and EPISODEs")
    for name, rows in tables.items():
        if rows.rows or name in ("Header", "Episodes"):
            raw.tables[name] = rows
            raw.found[name] = f.name
    return raw
