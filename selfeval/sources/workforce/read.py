"""Read a workforce census XML (CSWW, returns.md §3) into one tuple per worker record.

Places are record counts ("CSWWWorker 12"), never a registration number or date of birth.
"""

from __future__ import annotations

import datetime as dt
import os
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


def _num(el: object, tag: str, at: str, q: Quality, whole: bool = False) -> float | int | None:
    assert hasattr(el, "tag")
    raw = text(el, tag)  # type: ignore[arg-type]
    v = fields.whole(raw) if whole else fields.number(raw)
    if v is fields.BAD:
        q.add(f"CSWWWorker/{tag}", "not a number; treated as blank", at)
        return None
    return v if isinstance(v, (int, float)) else None


def read_workforce(path: str | os.PathLike[str]) -> Workforce:
    census = Census(Path(path), "CSWW", "CSWWWorker", OTHER)
    out = Workforce(str(path), None, None)
    q = out.quality
    for n, w in enumerate(census.records(keep=lambda tag: tag == "LALevelVacancies"), start=1):
        at = f"CSWWWorker {n}"
        agency = fields.flag(text(w, "AgencyWorker"))
        if not isinstance(agency, bool):
            q.add("CSWWWorker/AgencyWorker", "missing or not 0/1; the record is left out", at)
            continue
        dates = []
        for tag in ("RoleStartDate", "RoleEndDate"):
            d = fields.date(text(w, tag))
            if d is fields.BAD:
                q.add(f"CSWWWorker/{tag}", "not a yyyy-mm-dd date; treated as blank", at)
            dates.append(d if isinstance(d, dt.date) else None)
        role = text(w, "OrgRole")
        fte, fte30 = _num(w, "FTE", at, q), _num(w, "FTE30", at, q)
        cases = _num(w, "Cases30", at, q, whole=True)
        out.workers.append(Worker(agency, None if fte is None else float(fte),
                                  None if fte30 is None else float(fte30),
                                  None if cases is None else int(cases), role, dates[0], dates[1], at))
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
