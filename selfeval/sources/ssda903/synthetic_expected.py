"""The known answers of a synthetic 903, counted from the model (not from the written files).

Written separately from the importer's counting, over the model's own objects, so that a bug
in one is caught by the other. Defaults of every judgement call (see ``options.Options903``).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from selfeval.sources.dates import add_months, add_years, age_on
from selfeval.sources.ssda903.synthetic import CHILD_POPULATION, FOSTER, YEAR, YEARS, Child, Ep

START = dt.date(YEAR - 1, 4, 1)
END = dt.date(YEAR, 3, 31)


def _pct(n: int, d: int) -> dict[str, Any]:
    v = float((Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return {"value": v, "numerator": n, "denominator": d}


def _mean(total: int, n: int) -> dict[str, Any]:
    return {"value": int((Decimal(total) / Decimal(n)).quantize(Decimal(1), ROUND_HALF_UP)),
            "numerator": total, "denominator": n}


def _period_of(c: Child, i: int) -> list[Ep]:
    j = i
    while j > 0 and c.eps[j].rne != "S":
        j -= 1
    return c.eps[j:i + 1]


def in_care(c: Child) -> bool:
    return bool(c.eps) and c.eps[-1].dec is None and c.eps[-1].ls not in ("V3", "V4")


def oc2_cohort(children: list[Child]) -> list[Child]:
    return [c for c in children if in_care(c) and _period_of(c, len(c.eps) - 1)[0].decom <= START]


def _spell(period: list[Ep], k: int) -> int:
    while k > 0 and period[k].rne not in ("S", "P", "B"):
        k -= 1
    return k


def expected(children: list[Child], size: str) -> dict[str, Any]:
    cla = [c for c in children if in_care(c)]
    out: dict[str, Any] = {}
    pop = CHILD_POPULATION[size]
    out["children_in_care_per_10k"] = {
        "value": float((Decimal(len(cla)) * 10000 / Decimal(pop)).quantize(Decimal("0.1"), ROUND_HALF_UP)),
        "numerator": len(cla), "denominator": pop}
    out["child_population_under_18"] = {"value": pop}  # written as given, for the per-10,000 rules
    three = 0
    for c in cla:
        in_year = [e for e in c.eps if e.dec is None or e.dec > START]
        n = sum(1 for k, e in enumerate(in_year) if k == 0 or e.rne in ("S", "P", "B"))
        three += n >= 3
    out["cla_3_plus_placements_pct"] = _pct(three, len(cla))
    num = den = 0
    for c in cla:
        if age_on(c.dob, END) >= 16:
            continue
        period = _period_of(c, len(c.eps) - 1)
        if period[0].decom > add_months(END, -30):
            continue
        den += 1
        s = _spell(period, len(period) - 1)
        ok = period[s].decom <= add_years(END, -2)
        if not ok and period[-1].place.startswith("A") and s > 0:
            ok = period[_spell(period, s - 1)].decom <= add_years(END, -2)
        num += ok
    out["cla_long_term_stability_pct"] = _pct(num, den)
    cohort = oc2_cohort(children)
    for metric, i in (("cla_immunisations_up_to_date_pct", 1), ("cla_dental_checks_pct", 2),
                      ("cla_health_assessments_on_time_pct", 3)):
        out[metric] = _pct(sum(c.oc2 is not None and c.oc2[i] == "1" for c in cohort), len(cohort))
    sdq = [c for c in cohort if age_on(c.dob, START) >= 4 and age_on(c.dob, END) < 17]
    out["cla_sdq_completed_pct"] = _pct(sum(c.oc2 is not None and c.oc2[0] != "" for c in sdq), len(sdq))
    a1: list[int] = []
    a2: list[int] = []
    window = dt.date(YEAR - 3, 4, 1)
    visible = dt.date(YEARS[0] - 1, 4, 1)  # the earliest return written starts here
    for c in children:
        for k, e in enumerate(c.eps):
            if e.rec in ("E11", "E12") and e.dec is not None and e.dec >= window:
                period = _period_of(c, k)
                placed = next(x for x in period if x.place.startswith("A"))
                if period[0].dec is not None and period[0].dec < visible:
                    continue  # entry not in the three returns written
                a1.append((placed.decom - period[0].decom).days)
                order = next(x.decom for x in period if x.ls == "E1")
                assert c.match is not None
                a2.append(max(0, (c.match - order).days))
    out["adoption_a1_days"] = _mean(sum(a1), len(a1))
    out["adoption_a2_days"] = _mean(sum(a2), len(a2))
    leavers = [c for c in children if c.oc3 is not None]
    den_rows = [c.oc3 for c in leavers if c.oc3 and c.oc3[0] not in ("DIED", "RHOM")]
    out["care_leavers_in_touch_pct"] = _pct(sum(r[0] == "YES" for r in den_rows), len(den_rows))
    eet = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
    out["care_leavers_eet_pct"] = _pct(sum(r[1] in eet for r in den_rows), len(den_rows))
    out["care_leavers_suitable_accommodation_pct"] = _pct(sum(r[2].endswith("1") for r in den_rows),
                                                          len(den_rows))
    out["care_leavers_bed_and_breakfast_count"] = {
        "value": sum(c.oc3 is not None and c.oc3[2] in ("W1", "W2") for c in leavers)}
    num = den = 0
    for c in children:
        for e in c.eps:
            if e.dec is not None and START <= e.dec <= END and e.dec == add_years(c.dob, 18) \
                    and e.rec != "X1" and e.place in FOSTER:
                den += 1
                num += e.rec == "E17"
    out["care_leavers_staying_put_pct"] = _pct(num, den)
    return out
