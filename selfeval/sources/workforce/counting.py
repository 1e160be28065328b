"""Workforce census measures by DfE's published formulas (returns.md §3.2, §4 "Workforce").

All FTE. "In post" at the as-at date (the census ReferenceDate, 30 September, unless
``--as-at`` says otherwise): started on or before it and not left by it. Leavers: permanent
workers whose RoleEndDate falls from 1 October to the as-at date. Agency workers are never
leavers. Records with no FTE are left out of FTE sums, as DfE does (data-quality list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from selfeval.sources import returns_codes as codes
from selfeval.sources.computed import Computed, SourceResult, percent, rounded
from selfeval.sources.nogc import paused
from selfeval.sources.workforce.read import Worker, Workforce

Outcome = Computed | str


@dataclass(frozen=True)
class OptionsWorkforce:
    as_at: dt.date | None = None
    caseload_workers: Literal["all", "permanent"] = "all"
    case_holder: Literal["cases", "role"] = "cases"


def in_post(w: Worker, as_at: dt.date) -> bool:
    return (w.start is None or w.start <= as_at) and (w.end is None or w.end > as_at)


@paused
def compute(wf: Workforce, o: OptionsWorkforce) -> SourceResult:
    if wf.reference_date is None and o.as_at is None:
        from selfeval.core.errors import SelfevalError

        raise SelfevalError("the census has no usable ReferenceDate (Header/CollectionDetails), so its date is unknown",
                            file=wf.path, hint="give --as-at (the census date, 30 September)")
    ref = wf.reference_date or o.as_at
    assert ref is not None
    year = ref.year + (1 if ref.month >= 10 else 0)  # the census year ends on 30 September
    start = dt.date(year - 1, 10, 1)
    as_at = o.as_at or ref
    q = wf.quality
    if not start <= as_at <= ref:
        from selfeval.core.errors import SelfevalError

        raise SelfevalError(f"--as-at {as_at.isoformat()} is outside the census year ({start} to {ref})",
                            hint="give a date inside the census year, or leave --as-at out for 30 September")
    for w in wf.workers:
        if w.fte is None and in_post(w, as_at):
            q.add("CSWWWorker/FTE", "missing; left out of FTE figures (as DfE does)", f"CSWWWorker {w.at}")
    posts = [w for w in wf.workers if in_post(w, as_at) and w.fte is not None]
    perm = sum(w.fte or 0.0 for w in posts if not w.agency)
    agency = sum(w.fte or 0.0 for w in posts if w.agency)
    leavers = sum(w.fte or 0.0 for w in wf.workers
                  if not w.agency and w.end is not None and start <= w.end <= as_at and w.fte is not None)
    out: dict[str, Outcome] = {}
    at_ref = as_at == ref
    fte = "FTE (to 2 decimal places in the notes)"
    if perm + agency:
        out["agency_social_worker_pct"] = Computed(
            "agency_social_worker_pct", percent(round(agency, 6), round(perm + agency, 6)), "CSWWWorker AgencyWorker, FTE",
            f"agency workers' FTE in post at the as-at date ÷ (agency + permanent FTE in post) × 100 "
            f"(DfE's agency rate); {fte}.", round(agency, 2), round(perm + agency, 2), fte=True)
    else:
        out["agency_social_worker_pct"] = "no worker with an FTE was in post at the as-at date"
    if perm:
        out["social_worker_turnover_pct"] = Computed(
            "social_worker_turnover_pct", percent(round(leavers, 6), round(perm, 6)), "CSWWWorker RoleEndDate, FTE",
            "permanent leavers' FTE in the year (RoleEndDate from 1 October to the as-at date) ÷ "
            "permanent FTE in post at the as-at date × 100; agency workers are in neither count.",
            round(leavers, 2), round(perm, 2), fte=True)
    else:
        out["social_worker_turnover_pct"] = "no permanent worker in post at the as-at date"
    if not at_ref:
        why = f"the census gives it at {ref.isoformat()} only"
        out.update(dict.fromkeys(("social_worker_vacancy_pct", "social_worker_caseload_average",
                                  "social_worker_caseload_max"), why))
    else:
        if wf.vacancies is not None and (wf.vacancies + perm):
            out["social_worker_vacancy_pct"] = Computed(
                "social_worker_vacancy_pct", percent(round(wf.vacancies, 6), round(wf.vacancies + perm, 6)),
                "LALevelVacancies NumberOfVacancies; CSWWWorker FTE",
                "vacant FTE posts at 30 September ÷ (vacant FTE + permanent FTE in post) × 100.",
                round(wf.vacancies, 2), round(wf.vacancies + perm, 2), fte=True)
        else:
            out["social_worker_vacancy_pct"] = "the census has no NumberOfVacancies"
        out.update(_caseloads(wf, as_at, o))
    summary = [f"workforce census {ref.isoformat()} from '{wf.path.rsplit('/', 1)[-1]}': "
               f"{len(wf.workers)} worker records, {len(posts)} in post at the as-at date "
               f"({round(perm, 2)} permanent FTE, {round(agency, 2)} agency FTE), "
               f"{round(leavers, 2)} permanent leavers' FTE in the year"]
    return SourceResult(f"workforce census {year} (year to 30 September)", "workforce", as_at, start,
                        {m: v for m, v in out.items() if isinstance(v, Computed)},
                        {m: v for m, v in out.items() if isinstance(v, str)}, q, summary)


def _caseloads(wf: Workforce, as_at: dt.date, o: OptionsWorkforce) -> dict[str, Outcome]:
    holders = []
    for w in wf.workers:
        if not in_post(w, as_at) or (o.caseload_workers == "permanent" and w.agency):
            continue
        held = (w.role == codes.ORG_ROLE_CASE_HOLDER) if o.case_holder == "role" else (w.cases30 or 0) >= 1
        if held:
            holders.append(w)
    usable = [w for w in holders if w.fte30 and w.cases30 is not None]
    for w in holders if len(usable) < len(holders) else ():
        if not (w.fte30 and w.cases30 is not None):  # not `w in usable`: quadratic, tuple compares
            wf.quality.add("CSWWWorker/FTE30, Cases30", "case holder with no FTE30 or Cases30; left out "
                           "of the caseload", f"CSWWWorker {w.at}")
    out: dict[str, Outcome] = {}
    if not usable:
        return dict.fromkeys(("social_worker_caseload_average", "social_worker_caseload_max"), "no case holder")
    cases = sum(w.cases30 or 0 for w in usable)
    ftes = sum(w.fte30 or 0.0 for w in usable)
    who = ("agency and permanent case holders" + (" (other reading: --caseload-permanent-only)")
           if o.caseload_workers == "all" else "permanent case holders only (--caseload-permanent-only)")
    how = ("a case holder is a worker holding at least one case (Cases30 ≥ 1; other reading: "
           "--case-holder-by-role, OrgRole 5)" if o.case_holder == "cases" else
           "a case holder is a worker with OrgRole 5 (--case-holder-by-role)")
    out["social_worker_caseload_average"] = Computed(
        "social_worker_caseload_average", rounded(cases / ftes), "CSWWWorker Cases30, FTE30",
        "cases held at 30 September ÷ FTE (FTE30) of the case holders in post.", cases, round(ftes, 2), fte=True,
        judgement=f"{who}; {how}")
    out["social_worker_caseload_max"] = Computed(
        "social_worker_caseload_max", max(w.cases30 or 0 for w in usable), "CSWWWorker Cases30",
        "the highest number of cases one worker held at 30 September (by head, not per FTE).",
        judgement=f"among {who.split(' (')[0]}")
    return out
