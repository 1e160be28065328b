"""Adoption scorecard A1 and A2 over three years of 903 returns (returns.md §4).

Both pool every child adopted in the three years ending at the as-at date (an episode ending
with REC E11 or E12) and take one mean, not a mean of yearly means. A child whose period of care
began before the earliest return loaded (the start of care, RNE S, is not in the files) cannot
be timed: they are left out and counted in the data-quality list, with the advice to load
earlier returns.
"""

from __future__ import annotations

import datetime as dt

from selfeval.sources import returns_codes as codes
from selfeval.sources.computed import Computed, Quality, mean_days
from selfeval.sources.dates import add_years
from selfeval.sources.ssda903.cohorts import chain, spell_start, upto
from selfeval.sources.ssda903.model import Ep, Year903, where, year_of
from selfeval.sources.ssda903.options import Options903

Outcome = Computed | str


def adoptions(hist: dict[str, list[Ep]], start: dt.date, as_at: dt.date) -> list[tuple[str, list[Ep]]]:
    """(child, period of care ending in adoption) for adoptions from ``start`` to ``as_at``."""
    out = []
    for child, eps in hist.items():
        cut = upto(eps, as_at)
        for i, e in enumerate(cut):
            if e.rec in codes.REC_ADOPTED and e.dec is not None and start <= e.dec <= as_at:
                out.append((child, chain(cut, i)))
    return out


def a1_a2(hist: dict[str, list[Ep]], years: dict[int, Year903], as_at: dt.date, o: Options903,
          q: Quality) -> dict[str, Outcome]:
    start = add_years(as_at, -3) + dt.timedelta(days=1)
    adopted = adoptions(hist, start, as_at)
    if not adopted:
        return dict.fromkeys(("adoption_a1_days", "adoption_a2_days"), "no child was adopted in the three years")
    a1_days: list[int] = []
    a2_days: list[int] = []
    for child, period in adopted:
        last = period[-1]
        place_i = next((i for i, e in enumerate(period) if e.place in codes.PLACE_ADOPTION), None)
        assert last.dec is not None
        ad1 = years.get(year_of(last.dec))
        ad1_row = ad1.ad1.get(child) if ad1 is not None else None
        if period[0].rne != "S":
            q.add("Episodes", "adopted child's period of care began before the earliest return "
                  "loaded; left out of A1 and A2 (load earlier returns)", where(last))
            continue
        if place_i is None:
            q.add("Episodes PLACE", "adopted child has no adoptive placement (A3–A6) recorded; "
                  "left out of A1 and A2", where(last))
            continue
        entry = period[0].decom
        if o.adoption_measure == "a10" and ad1_row is not None and ad1_row[1] == "1":
            entry = period[spell_start(period, place_i)].decom
        a1_days.append((period[place_i].decom - entry).days)
        order = next((e.decom for e in period if e.ls in codes.LS_COURT_AUTHORITY_TO_PLACE), None)
        if order is None:
            continue  # no placement or freeing order: outside A2
        if ad1_row is None or ad1_row[0] is None:
            q.add("AD1 DATE_MATCH", "adopted child has no AD1 record or match date; left out of A2", where(last))
            continue
        a2_days.append(max(0, (ad1_row[0] - order).days))
    three = f"three years to {as_at.isoformat()}"
    out: dict[str, Outcome] = {}
    if a1_days:
        which = ("A10: for adoptions by the child's foster carers (AD1 FOSTER_CARE = 1), from the "
                 "start of the same-carer spell (the 903 does not identify carers; this is the nearest proxy)"
                 if o.adoption_measure == "a10" else
                 "A1, not A10 (other reading: --adoption-measure a10)")
        out["adoption_a1_days"] = Computed(
            "adoption_a1_days", mean_days(sum(a1_days), len(a1_days)), "Episodes and AD1 (three years)",
            f"children adopted in the {three} (REC E11/E12): mean days from entering care (the RNE S "
            "episode that began the period of care) to moving in with the adoptive family (the first "
            "A3–A6 placement), pooled over the three years.", sum(a1_days), len(a1_days), judgement=which)
    else:
        out["adoption_a1_days"] = "no adopted child's entry to care is in the returns loaded"
    if a2_days:
        out["adoption_a2_days"] = Computed(
            "adoption_a2_days", mean_days(sum(a2_days), len(a2_days)), "Episodes and AD1 (three years)",
            f"children adopted in the {three} with a placement or freeing order (LS E1/D1): mean days "
            "from the first E1/D1 episode to the match (AD1 DATE_MATCH), 0 where the match came "
            "first, pooled over the three years.", sum(a2_days), len(a2_days))
    else:
        out["adoption_a2_days"] = "no adopted child had both a placement order and a match date"
    return out
