"""Synthetic CIN censuses with known answers: this year's and last year's, of invented children.

The model is a list of referrals per child with true dates (assessment, s47, ICPC, plan and its
reviews); each census is written from it the way DfE's schema lays it out (a referral is in a
census when it was open at any time in the year). Coded items come from the shared DfE code
table. ``expected`` counts the known answers from the model, not from the files. Sizes: "small"
(about 400 children in need in the year) and "large" (a big city: about 15,000).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from selfeval.sources.codes import code_list
from selfeval.sources.dates import add_months

YEAR = 2026
CHILDREN = {"small": 900, "large": 34_000}


@dataclass
class Referral:
    date: dt.date
    nfa: bool
    closed: dt.date | None
    assessment: tuple[dt.date, dt.date] | None = None
    s47: tuple[dt.date, dt.date | None] | None = None
    plan: tuple[dt.date, dt.date | None, int, list[dt.date]] | None = None


@dataclass
class Child:
    id: str
    dob: dt.date
    referrals: list[Referral] = field(default_factory=list)


def _referral(rng: random.Random, when: dt.date, end: dt.date) -> Referral:
    def cap(d: dt.date) -> dt.date | None:
        return d if d <= end else None
    if rng.random() < 0.12:
        return Referral(when, True, when)
    r = Referral(when, False, cap(when + dt.timedelta(days=rng.randint(20, 400))))
    a_start = when + dt.timedelta(days=rng.randint(0, 4))
    auth = a_start + dt.timedelta(days=rng.choice((rng.randint(8, 62), rng.randint(40, 110))))
    if auth <= end and (r.closed is None or auth <= r.closed):
        r.assessment = (a_start, auth)
    if rng.random() < 0.22:
        s_start = when + dt.timedelta(days=rng.randint(0, 6))
        icpc = s_start + dt.timedelta(days=rng.randint(6, 25)) if rng.random() < 0.6 else None
        if icpc is not None and icpc > end:
            icpc = None
        r.s47 = (s_start, icpc)
        if icpc is not None and rng.random() < 0.85:
            p_end = cap(icpc + dt.timedelta(days=rng.randint(90, 700) if rng.random() < 0.94 else rng.randint(731, 1000)))
            reviews, due, day = [], add_months(icpc, 3), icpc
            while True:
                day = due - dt.timedelta(days=rng.randint(0, 20)) if rng.random() < 0.93 else \
                    due + dt.timedelta(days=rng.randint(1, 30))
                if day > end or (p_end is not None and day >= p_end):
                    break
                reviews.append(day)
                due = add_months(day, 6)
            prev = 0 if rng.random() < 0.78 else rng.randint(1, 3)
            r.plan = (icpc, p_end, prev, reviews)
            r.closed = None if p_end is None else max(r.closed or p_end, p_end)
    return r


def generate(size: str, seed: int = 2026) -> list[Child]:
    rng = random.Random(f"cin-{size}-{seed}")
    first, end = dt.date(YEAR - 4, 4, 1), dt.date(YEAR, 3, 31)
    out = []
    for n in range(CHILDREN[size]):
        when = first + dt.timedelta(days=rng.randint(0, (end - first).days))
        c = Child(f"A{n:07d}", when - dt.timedelta(days=rng.randint(0, 17 * 365)))
        c.referrals.append(_referral(rng, when, end))
        if rng.random() < 0.4:
            again = when + dt.timedelta(days=rng.choice((rng.randint(30, 365), rng.randint(366, 500))))
            last = c.referrals[-1]
            if again <= end and (last.closed is not None and last.closed < again):
                c.referrals.append(_referral(rng, again, end))
        out.append(c)
    return out


def _in_census(r: Referral, year: int) -> bool:
    return r.date <= dt.date(year, 3, 31) and (r.closed is None or r.closed >= dt.date(year - 1, 4, 1))


def _el(tag: str, value: object) -> str:
    if value is None or value == "":
        return ""
    v = value.isoformat() if isinstance(value, dt.date) else str(value)
    return f"<{tag}>{escape(v)}</{tag}>"


def write_census(children: list[Child], path: Path, year: int) -> None:
    sources = code_list("referral_source").valid_codes(str(year))
    needs = [c for c in code_list("primary_need").valid_codes(str(year)) if c not in ("N0", "N9")]
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<Message><Header><CollectionDetails>'
                f"<Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate>"
                "</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>000</LEA>"
                "<SoftwareCode>selfeval-synthetic</SoftwareCode></Source></Header><Children>\n")
        for k, c in enumerate(children):
            refs = [r for r in c.referrals if _in_census(r, year)]
            if not refs:
                continue
            sex = ("M", "F")[k % 2] if year >= 2025 else ("1", "2")[k % 2]
            parts = ["<Child><ChildIdentifiers>", _el("LAchildID", c.id), _el("UPNunknown", "UN1"),
                     _el("PersonBirthDate", c.dob), _el("Sex" if year >= 2025 else "GenderCurrent", sex),
                     "</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
                     "<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>"]
            for j, r in enumerate(refs):
                closed = r.closed if r.closed is not None and r.closed <= dt.date(year, 3, 31) else None
                parts += ["<CINdetails>", _el("CINreferralDate", r.date), _el("ReferralSource", sources[(k + j) % len(sources)]),
                          _el("PrimaryNeedCode", None if r.nfa else needs[k % len(needs)]),
                          _el("CINclosureDate", closed), _el("ReasonForClosure", None if closed is None else ("RC8" if r.nfa else "RC7"))]
                if r.assessment and r.assessment[1] <= dt.date(year, 3, 31):
                    parts += ["<Assessments>", _el("AssessmentActualStartDate", r.assessment[0]),
                              _el("AssessmentAuthorisationDate", r.assessment[1]),
                              "<FactorsIdentifiedAtAssessment><AssessmentFactors>16A</AssessmentFactors>"
                              "</FactorsIdentifiedAtAssessment></Assessments>"]
                if r.s47 and r.s47[0] <= dt.date(year, 3, 31):
                    icpc = r.s47[1] if r.s47[1] and r.s47[1] <= dt.date(year, 3, 31) else None
                    parts += ["<Section47>", _el("S47ActualStartDate", r.s47[0]), _el("DateOfInitialCPC", icpc),
                              _el("ICPCnotRequired", "false" if icpc else "true"), "</Section47>"]
                parts.append(_el("ReferralNFA", "true" if r.nfa else "false"))
                if r.plan and r.plan[0] <= dt.date(year, 3, 31):
                    p_end = r.plan[1] if r.plan[1] and r.plan[1] <= dt.date(year, 3, 31) else None
                    revs = [d for d in r.plan[3] if d <= dt.date(year, 3, 31)]
                    parts += ["<ChildProtectionPlans>", _el("CPPstartDate", r.plan[0]), _el("CPPendDate", p_end),
                              "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
                              "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>",
                              _el("NumberOfPreviousCPP", r.plan[2])]
                    if revs:
                        parts += ["<Reviews>", *(_el("CPPreviewDate", d) for d in revs), "</Reviews>"]
                    parts.append("</ChildProtectionPlans>")
                parts.append("</CINdetails>")
            parts.append("</Child>\n")
            f.write("".join(parts))
        f.write("</Children></Message>\n")
