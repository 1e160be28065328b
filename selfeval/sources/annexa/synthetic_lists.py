"""All eleven lists of a synthetic authority: Lists 1–7 from ``synthetic``, 8–11 from ``synthetic_care``."""

from __future__ import annotations

import datetime as dt

from selfeval.sources.annexa.synthetic import (
    AS_AT,
    PERIOD_START,
    SIZES,
    Record,
    _Gen,
    cin,
    cp,
    referrals,
)
from selfeval.sources.annexa.synthetic_care import adopters, adoption, cla, leavers
from selfeval.sources.dates import add_months
from selfeval.sources.workdays import add_working_days


def generate(size: str = "small", seed: int = 2026) -> dict[int, list[Record]]:
    """Clean records for each list number."""
    z, g = SIZES[size], _Gen(seed)
    lists: dict[int, list[Record]] = {n: [] for n in range(1, 12)}
    window = (add_months(PERIOD_START, -1), AS_AT)
    for _ in range(z.contacts):
        lists[1].append({**g.child(), "contact_date": g.day(*window),
                         "source": g.r.choice(["q) 6: Police", "c) 2: Schools", "e) 3: Health"])})
    for _ in range(z.early_help):
        start = g.day(*window)
        done = start + dt.timedelta(days=g.r.randint(5, 60))
        lists[2].append({**g.child(), "eh_start": start, "eh_completed": done if done <= AS_AT else None})
    referrals(g, z, lists[3])
    for _ in range(z.assessments):
        start = g.day(dt.date(2026, 1, 5), AS_AT)
        days = g.r.choice([g.r.randint(5, 45)] * 4 + [g.r.randint(46, 80)])
        auth = add_working_days(start, days)
        lists[4].append({**g.child(), "start": None if g.chance(0.01) else start, "wd": days,
                         "authorised": auth if auth <= AS_AT else None})
    for _ in range(z.s47):
        strategy = g.day(dt.date(2026, 2, 1), AS_AT)
        held = g.chance(0.7)
        days = g.r.choice([g.r.randint(3, 15)] * 5 + [g.r.randint(16, 30)])
        icpc = add_working_days(strategy, days) if held else None
        lists[5].append({**g.child(), "strategy_date": strategy, "wd": days,
                         "icpc_date": icpc if icpc and icpc <= AS_AT else None})
    cin(g, z, lists[6])
    cp(g, z, lists[7])
    cla(g, z, lists[8])
    leavers(g, z, lists[9])
    adoption(g, z, lists[10])
    adopters(g, z, lists[11])
    return lists
