"""Known answers of a synthetic CIN census, counted from the model (default readings)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from selfeval.sources.cin.synthetic import YEAR, Child
from selfeval.sources.dates import add_months, add_years
from selfeval.sources.workdays import working_days_between

S, E = dt.date(YEAR - 1, 4, 1), dt.date(YEAR, 3, 31)


def _pct(n: int, d: int) -> dict[str, Any]:
    return {"value": float((Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"), ROUND_HALF_UP)),
            "numerator": n, "denominator": d}


def expected(children: list[Child]) -> dict[str, Any]:
    tallies = {m: [0, 0] for m in ("re_referrals_within_12_months_pct", "assessments_within_45_working_days_pct",
                                   "icpc_within_15_working_days_pct", "cp_plans_second_or_subsequent_pct",
                                   "cp_plans_lasting_2_years_plus_pct", "cp_review_conferences_on_time_pct")}

    def count(metric: str, ok: bool) -> None:
        tallies[metric][1] += 1
        tallies[metric][0] += ok

    for c in children:
        dates = sorted(r.date for r in c.referrals)
        for r in c.referrals:
            if S <= r.date <= E:
                count("re_referrals_within_12_months_pct",
                      any(add_months(r.date, -12) <= d < r.date for d in dates))
            if r.assessment and S <= r.assessment[1] <= E:
                count("assessments_within_45_working_days_pct", working_days_between(*r.assessment) <= 45)
            if r.s47 and r.s47[1] and S <= r.s47[1] <= E:
                count("icpc_within_15_working_days_pct", working_days_between(r.s47[0], r.s47[1]) <= 15)
            if not r.plan:
                continue
            start, end, prev, reviews = r.plan
            if S <= start <= E:
                count("cp_plans_second_or_subsequent_pct", prev >= 1)
            if end is not None and S <= end <= E:
                count("cp_plans_lasting_2_years_plus_pct", end >= add_years(start, 2))
            if (end is None) and start <= add_months(E, -3):
                due, ok = add_months(start, 3), True
                for d in reviews:
                    ok = ok and d <= due
                    due = add_months(d, 6)
                count("cp_review_conferences_on_time_pct", ok and due >= E)
    return {m: _pct(n, d) for m, (n, d) in tallies.items()}
