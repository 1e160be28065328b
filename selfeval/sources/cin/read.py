"""Read a CIN census XML into the few dated records the measures need (returns.md §2).

Each Child is read once and dropped. Places are element counts ("Child 12, CINdetails 2,
Assessments 1"), never a child's identifier or date. Dates are ``yyyy-mm-dd``; a date that does
not read becomes a data-quality entry and the record it dates is left out of that measure.
"""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.core.errors import SelfevalError
from selfeval.sources import fields
from selfeval.sources.computed import Quality
from selfeval.sources.nogc import paused
from selfeval.sources.xmlstream import Census, text

OTHER = {"CSWW": "from-workforce"}


@dataclass
class CinCensus:
    path: str
    year: int | None  # the census year (ending 31 March), from ReferenceDate
    reference_date: dt.date | None
    referrals: list[tuple[str, dt.date]] = field(default_factory=list)  # (child, CINreferralDate)
    # (AssessmentActualStartDate, AssessmentAuthorisationDate, CINreferralDate, place)
    assessments: list[tuple[dt.date | None, dt.date, dt.date, str]] = field(default_factory=list)
    s47: list[tuple[dt.date | None, dt.date, str]] = field(default_factory=list)  # (start, ICPC date, place)
    transfer_in_icpcs: int = 0
    # (child, CPPstartDate, CPPendDate, NumberOfPreviousCPP, review dates, place)
    plans: list[tuple[str, dt.date, dt.date | None, int | None, tuple[dt.date, ...], str]] = field(default_factory=list)
    n_children: int = 0
    quality: Quality = field(default_factory=Quality)


def _date(el: ET.Element, tag: str, where: str, place: str, q: Quality) -> dt.date | None:
    d = fields.date(el.findtext(tag))
    if d is fields.BAD:
        q.add(f"{where}/{tag}", "not a yyyy-mm-dd date; the record is left out where it is needed", place)
        return None
    return d if isinstance(d, dt.date) else None


def _child_id(child: ET.Element) -> str | None:
    """``child.findtext("ChildIdentifiers/LAchildID")`` without ElementPath's Python path walk."""
    for ids in child:
        if ids.tag == "ChildIdentifiers":
            el = ids.find("LAchildID")
            if el is not None:
                return el.text or ""
    return None


@paused
def read_cin(path: str | os.PathLike[str]) -> CinCensus:
    p = Path(path)
    census = Census(p, "CIN", "Child", OTHER)
    out = CinCensus(str(path), None, None)
    q = out.quality
    date = fields.date
    for n, child in enumerate(census.records(), start=1):
        out.n_children = n
        cid = _child_id(child)
        at = f"Child {n}"
        if not cid or not cid.strip():
            q.add("ChildIdentifiers/LAchildID", "missing; the child is left out", at)
            continue
        cid = cid.strip()
        k = 0
        for det in child:  # direct children by tag: ElementPath's iterfind costs a Python generator each
            if det.tag != "CINdetails":
                continue
            k += 1
            dat = f"{at}, CINdetails {k}"
            ref = _date(det, "CINreferralDate", "CINdetails", dat, q)
            if ref is None:
                if text(det, "CINreferralDate") is None:
                    q.add("CINdetails/CINreferralDate", "missing; the referral is left out", dat)
                continue
            out.referrals.append((cid, ref))
            if det.findtext("DateOfInitialCPC"):
                out.transfer_in_icpcs += 1
            parts: dict[str, list[ET.Element]] = {"Assessments": [], "Section47": [], "ChildProtectionPlans": []}
            for el in det:
                got = parts.get(el.tag)
                if got is not None:
                    got.append(el)
            for j, a in enumerate(parts["Assessments"], start=1):
                aat = f"{dat}, Assessments {j}"
                auth = _date(a, "AssessmentAuthorisationDate", "Assessments", aat, q)
                if auth is not None:
                    out.assessments.append((_date(a, "AssessmentActualStartDate", "Assessments", aat, q),
                                            auth, ref, aat))
            for j, s in enumerate(parts["Section47"], start=1):
                sat = f"{dat}, Section47 {j}"
                icpc = _date(s, "DateOfInitialCPC", "Section47", sat, q)
                if icpc is not None:
                    out.s47.append((_date(s, "S47ActualStartDate", "Section47", sat, q), icpc, sat))
            for j, c in enumerate(parts["ChildProtectionPlans"], start=1):
                cat = f"{dat}, ChildProtectionPlans {j}"
                start = _date(c, "CPPstartDate", "ChildProtectionPlans", cat, q)
                if start is None:
                    continue
                prev = fields.whole(c.findtext("NumberOfPreviousCPP"))
                if prev is fields.BAD:
                    q.add("ChildProtectionPlans/NumberOfPreviousCPP", "not a whole number", cat)
                reviews = []
                for rv in (rv for r in c if r.tag == "Reviews" for rv in r if rv.tag == "CPPreviewDate"):
                    d = date(rv.text)
                    if isinstance(d, dt.date):
                        reviews.append(d)
                    elif d is fields.BAD:
                        q.add("ChildProtectionPlans/Reviews/CPPreviewDate", "not a yyyy-mm-dd date; "
                              "the review is not counted", cat)
                out.plans.append((cid, start, _date(c, "CPPendDate", "ChildProtectionPlans", cat, q),
                                  prev if isinstance(prev, int) else None, tuple(sorted(reviews)), cat))
    if out.n_children == 0:
        raise SelfevalError("no Child elements: the census holds no children", file=str(path),
                            hint="a CIN census is Message/Children/Child")
    ref_text = census.header.get("ReferenceDate")
    ref_date = fields.date(ref_text) if ref_text else None
    if isinstance(ref_date, dt.date) and fields.plausible(ref_date):
        out.reference_date = ref_date
        out.year = ref_date.year if ref_date.month <= 3 else ref_date.year + 1
    elif isinstance(ref_date, dt.date):
        q.add("Header/CollectionDetails/ReferenceDate", "not a census date (its year is not plausible)", "Header")
    elif ref_text:
        q.add("Header/CollectionDetails/ReferenceDate", "not a yyyy-mm-dd date", "Header")
    return out
