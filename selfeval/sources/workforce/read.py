"""Read a workforce census XML (CSWW, returns.md §3) into one tuple per worker record.

Places are record counts ("CSWWWorker 12"), never a registration number or date of birth.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, NamedTuple

from selfeval.core.errors import SelfevalError
from selfeval.sources import fields
from selfeval.sources.computed import Quality
from selfeval.sources.nogc import paused
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
    at: int  # the record's number: its place is "CSWWWorker {at}"


@dataclass
class Workforce:
    path: str
    reference_date: dt.date | None
    vacancies: float | None
    workers: list[Worker] = field(default_factory=list)
    quality: Quality = field(default_factory=Quality)


_MISS: Final = object()
_ITEMS = ("AgencyWorker", "RoleStartDate", "RoleEndDate", "FTE", "FTE30", "Cases30", "OrgRole")


@paused
def read_workforce(path: str | os.PathLike[str]) -> Workforce:
    census = Census(Path(path), "CSWW", "CSWWWorker", OTHER)
    out = Workforce(str(path), None, None)
    q = out.quality
    date, flag, number, whole, BAD = fields.date, fields.flag, fields.number, fields.whole, fields.BAD
    nums: dict[str | None, float | int | None | fields._Bad] = {}  # FTEs and case counts repeat: read each once
    nget = nums.get
    append, new = out.workers.append, tuple.__new__
    for n, w in enumerate(census.records(keep=lambda tag: tag == "LALevelVacancies"), start=1):
        # C-level lookups of just the items read (an element's text is built on first access)
        agency_t, start_t, end_t, fte_t, fte30_t, cases_t, role = map(w.findtext, _ITEMS)
        agency = flag(agency_t)
        if not isinstance(agency, bool):
            q.add("CSWWWorker/AgencyWorker", "missing or not 0/1; the record is left out", f"CSWWWorker {n}")
            continue
        start, end = date(start_t), date(end_t)
        if start is BAD or end is BAD:
            for tag, d in (("RoleStartDate", start), ("RoleEndDate", end)):
                if d is BAD:
                    q.add(f"CSWWWorker/{tag}", "not a yyyy-mm-dd date; treated as blank", f"CSWWWorker {n}")
        vals: list[float | int | None] = []
        for tag, raw in (("FTE", fte_t), ("FTE30", fte30_t), ("Cases30", cases_t)):
            v = nget(raw, _MISS)
            if v is _MISS:
                v = nums[raw] = (whole if tag == "Cases30" else number)(raw)
            if v is BAD:
                q.add(f"CSWWWorker/{tag}", "not a number; treated as blank", f"CSWWWorker {n}")
                v = None
            vals.append(v)  # type: ignore[arg-type]
        fte, fte30, cases = vals
        append(new(Worker, (agency, None if fte is None else float(fte), None if fte30 is None else float(fte30),
                            None if cases is None else int(cases), (role.strip() or None) if role else None,
                            start if isinstance(start, dt.date) else None,
                            end if isinstance(end, dt.date) else None, n)))
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
    if isinstance(ref, dt.date) and fields.plausible(ref):
        out.reference_date = ref
    elif isinstance(ref, dt.date):
        q.add("Header/CollectionDetails/ReferenceDate", "not a census date (its year is not plausible)", "Header")
    return out
