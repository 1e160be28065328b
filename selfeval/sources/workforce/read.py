"""Read a workforce census XML (CSWW, returns.md §3) into one tuple per worker record.

Places are record counts ("CSWWWorker 12"), never a registration number or date of birth.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from selfeval.core.errors import SelfevalError
from selfeval.sources import fields
from selfeval.sources.computed import Quality
from selfeval.sources.xmlstream import Census, text

OTHER = {"CIN": "from-cin"}


class Worker(NamedTuple):
    agency: bool
    fte: float | None
    fte30: float | None
    cases30: int | None
    role: str | None
    start: dt.date | None
    end: dt.date | None
    at: str


@dataclass
class Workforce:
    path: str
    reference_date: dt.date | None
    vacancies: float | None
    workers: list[Worker] = field(default_factory=list)
    quality: Quality = field(default_factory=Quality)


def _num(raw: str | None, tag: str, at: str, q: Quality, whole: bool = False) -> float | int | None:
    v = fields.whole(raw) if whole else fields.number(raw)
    if v is fields.BAD:
        q.add(f"CSWWWorker/{tag}", "not a number; treated as blank", at)
        return None
    return v if isinstance(v, (int, float)) else None


def _items(w: ET.Element) -> dict[str, str | None]:
    """A record's items by tag, stripped, blank as None; the first of a repeated tag wins (as
    ``findtext`` would). One pass over the children, not one search per item."""
    out: dict[str, str | None] = {}
    for c in reversed(w):
        t = c.text
        out[c.tag] = (t.strip() or None) if t else None
    return out


def read_workforce(path: str | os.PathLike[str]) -> Workforce:
    census = Census(Path(path), "CSWW", "CSWWWorker", OTHER)
    out = Workforce(str(path), None, None)
    q = out.quality
    date, flag, BAD = fields.date, fields.flag, fields.BAD
    append = out.workers.append
    for n, w in enumerate(census.records(keep=lambda tag: tag == "LALevelVacancies"), start=1):
        at = f"CSWWWorker {n}"
        get = _items(w).get
        agency = flag(get("AgencyWorker"))
        if not isinstance(agency, bool):
            q.add("CSWWWorker/AgencyWorker", "missing or not 0/1; the record is left out", at)
            continue
        start, end = date(get("RoleStartDate")), date(get("RoleEndDate"))
        if start is BAD:
            q.add("CSWWWorker/RoleStartDate", "not a yyyy-mm-dd date; treated as blank", at)
        if end is BAD:
            q.add("CSWWWorker/RoleEndDate", "not a yyyy-mm-dd date; treated as blank", at)
        fte, fte30 = _num(get("FTE"), "FTE", at, q), _num(get("FTE30"), "FTE30", at, q)
        cases = _num(get("Cases30"), "Cases30", at, q, whole=True)
        append(Worker(agency, None if fte is None else float(fte), None if fte30 is None else float(fte30),
                      None if cases is None else int(cases), get("OrgRole"),
                      start if isinstance(start, dt.date) else None, end if isinstance(end, dt.date) else None, at))
    if not out.workers and not len(q):
        raise SelfevalError("no CSWWWorker records: the census holds no workers", file=str(path),
                            hint="a workforce census is Message/CSWWWorker (one per worker record)")
    vac = census.singles.get("LALevelVacancies")
    if vac is None:
        q.add("LALevelVacancies", "missing; the vacancy rate cannot be computed", "Message")
    else:
        v = fields.number(text(vac, "NumberOfVacancies"))
        if isinstance(v, float):
            out.vacancies = v
        else:
            q.add("LALevelVacancies/NumberOfVacancies", "missing or not a number", "LALevelVacancies")
    ref = fields.date(census.header.get("ReferenceDate"))
    if isinstance(ref, dt.date):
        out.reference_date = ref
    return out
