"""A synthetic Annex A for trying the whole flow without real data, for tests and for benchmarks.

``generate(size, seed)`` makes clean child-level records for the eleven lists of a made-up
authority, as at :data:`AS_AT`, and ``expected(...)`` works out the metric values those records
must give, straight from each catalogue definition applied to the clean records (no parsing, no
tolerance, no shared code with the rules of counting beyond the working-day calendar, which has
its own tests). ``synthetic_sheets`` then writes the records the way real exports look — coded
prefixes, ``#N/A``, dates as text and serial numbers, title rows, blank rows, odd header case —
so a test that imports the workbook and gets the expected values checks reading and counting
together.

Every identifier, name and date of birth here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from selfeval.sources.dates import add_months, add_years, age_on
from selfeval.sources.workdays import is_working_day

AS_AT = dt.date(2026, 9, 30)
PERIOD_START = dt.date(2026, 4, 1)  # the 6 months to AS_AT
CHILD_POPULATION = {"small": 25_000, "large": 260_000}


@dataclass(frozen=True)
class Size:
    contacts: int
    early_help: int
    referrals: int
    assessments: int
    s47: int
    cin: int
    cp: int
    cla: int
    leavers: int
    adoption: int
    adopters: int


SIZES = {
    "small": Size(300, 40, 160, 120, 50, 140, 80, 110, 70, 24, 12),
    # about a big city: tens of thousands of contacts, thousands of assessments, ~1,000 in care
    "large": Size(45_000, 5_000, 12_000, 9_500, 3_200, 4_600, 1_000, 1_100, 700, 110, 70),
}

Record = dict[str, Any]
FIRST = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Ivy", "Leo", "Freya", "Arthur",
         "Zara", "Musa", "Aisha", "Kacper", "Lily", "Theo", "Maya", "Yusuf", "Ruby", "Alfie"]
LAST = ["Smith", "Jones", "Khan", "Williams", "Brown", "Taylor", "Patel", "Davies", "Evans",
        "Wilson", "Nowak", "Ali", "Roberts", "Walker", "Wright", "Hughes", "Green", "Hall"]


def sub_working_days(d: dt.date, n: int) -> dt.date:
    """The date ``n`` working days before ``d``."""
    while n > 0:
        d -= dt.timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.next_id = 100_000

    def day(self, lo: dt.date, hi: dt.date) -> dt.date:
        return lo + dt.timedelta(days=self.r.randint(0, (hi - lo).days))

    def child(self, min_age: int = 0, max_age: int = 17) -> Record:
        self.next_id += self.r.randint(1, 9)
        dob = self.day(add_years(AS_AT, -max_age - 1) + dt.timedelta(days=1), add_years(AS_AT, -min_age))
        return {"child_id": f"CH{self.next_id:07d}",
                "name": f"{self.r.choice(FIRST)} {self.r.choice(LAST)}",
                "gender": self.r.choice(["a) Male", "b) Female"]),
                "ethnicity": self.r.choice(["WBRI", "WOTH", "MWBC", "ASIA", "BAFR", "OOTH"]),
                "dob": dob, "age": age_on(dob, AS_AT)}

    def chance(self, p: float) -> bool:
        return self.r.random() < p


def referrals(g: _Gen, z: Size, out: list[Record]) -> None:
    for _ in range(z.referrals):
        child = g.child()
        d = g.day(add_months(PERIOD_START, -2), AS_AT)
        kind = g.r.random()
        if kind < 0.12:  # an earlier referral of the same child in the list, within 12 months
            earlier = d - dt.timedelta(days=g.r.randint(20, 200))
            out.append({**child, "referral_date": earlier, "referrals_12m": 1})
            out.append({**child, "referral_date": d, "referrals_12m": None})
        elif kind < 0.25:
            out.append({**child, "referral_date": d, "referrals_12m": g.r.randint(2, 5)})
        else:
            out.append({**child, "referral_date": None if g.chance(0.01) else d, "referrals_12m": 1})


def cin(g: _Gen, z: Size, out: list[Record]) -> None:
    for _ in range(z.cin):
        start = g.day(dt.date(2024, 6, 1), add_months(AS_AT, -3))
        closed = g.day(start, AS_AT) if g.chance(0.2) else None
        k = g.r.choice([g.r.randint(0, 20)] * 4 + [g.r.randint(21, 50)])
        seen = None if g.chance(0.03) else sub_working_days(AS_AT, k)
        status = g.r.choice(["a) Child in need plan"] * 6 + ["b) Open assessment", "c) Child protection plan",
                                                           "d) Looked after child"])
        worker = None if g.chance(0.03) else "Unallocated" if g.chance(0.03) else g.r.choice(
            ["J. Okafor", "S. Patel", "R. Hughes", "M. Nowak"])
        out.append({**g.child(), "cin_start": start, "last_seen": seen, "k": k, "cin_closed": closed,
                    "case_status": status, "worker": worker})


def cp(g: _Gen, z: Size, out: list[Record]) -> None:
    for _ in range(z.cp):
        ended = g.chance(0.3)
        if ended:
            end = g.day(add_months(PERIOD_START, -2), AS_AT)
            long = g.chance(0.15)
            start = add_years(end, -2) - dt.timedelta(days=g.r.randint(0, 200)) if long \
                else end - dt.timedelta(days=g.r.randint(60, 700))
            review = g.day(start, end)
            rec = {"plan_start": start, "plan_end": end, "latest_review": review, "last_visit": end,
                   "seen_alone": g.r.choice([True, False])}
        else:
            start = AS_AT - dt.timedelta(days=g.r.choice([g.r.randint(60, 85), g.r.randint(100, 700)]))
            review = None
            if (AS_AT - start).days >= 100 and g.chance(0.85):
                review = AS_AT - dt.timedelta(days=g.r.choice([g.r.randint(5, 150)] * 5 + [g.r.randint(190, 260)]))
                review = max(review, start)
            k = g.r.choice([g.r.randint(0, 10)] * 5 + [g.r.randint(11, 30)])
            visit = None if g.chance(0.03) else sub_working_days(AS_AT, k)
            rec = {"plan_start": start, "plan_end": None, "latest_review": review, "last_visit": visit,
                   "seen_alone": g.r.choice([True] * 6 + [False, None, "not applicable"])}
        rec["previous_plans"] = None if g.chance(0.02) else g.r.choice([0, 0, 0, 0, 1, 2])
        out.append({**g.child(), **rec})
