"""The metric values a synthetic Annex A must give: each catalogue definition applied directly to
the clean records (see ``synthetic``). Written separately from the rules of counting on purpose:
a test that imports the messy workbook and matches these checks both."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from selfeval.sources.annexa.synthetic import AS_AT, PERIOD_START, Record
from selfeval.sources.dates import add_months, add_years, age_on
from selfeval.sources.workdays import add_working_days, working_days_between

Expected = dict[str, dict[str, Any]]


def _pct(num: int, den: int) -> dict[str, Any]:
    v = float((Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return {"value": v, "numerator": num, "denominator": den}


def _mean(days: list[int]) -> dict[str, Any]:
    v = int((Decimal(sum(days)) / Decimal(len(days))).quantize(Decimal(1), ROUND_HALF_UP))
    return {"value": v, "denominator": len(days)}


def _in(d: dt.date | None) -> bool:
    return d is not None and PERIOD_START <= d <= AS_AT


def _open(start: dt.date | None, end: dt.date | None) -> bool:
    return start is not None and start <= AS_AT and (end is None or end > AS_AT)


def expected(lists: dict[int, list[Record]], child_population: int) -> Expected:
    e: Expected = {}
    refs = lists[3]
    cohort = [r for r in refs if _in(r["referral_date"])]
    re = [r for r in cohort if (r["referrals_12m"] or 0) >= 2 or any(
        o["child_id"] == r["child_id"] and o["referral_date"] is not None
        and add_months(r["referral_date"], -12) <= o["referral_date"] < r["referral_date"] for o in refs)]
    e["re_referrals_within_12_months_pct"] = _pct(len(re), len(cohort))
    a = [r for r in lists[4] if _in(r["authorised"]) and r["start"] is not None]
    e["assessments_within_45_working_days_pct"] = _pct(sum(r["wd"] <= 45 for r in a), len(a))
    s = [r for r in lists[5] if _in(r["icpc_date"])]
    e["icpc_within_15_working_days_pct"] = _pct(sum(r["wd"] <= 15 for r in s), len(s))
    cp = lists[7]
    started = [r for r in cp if _in(r["plan_start"]) and r["previous_plans"] is not None]
    e["cp_plans_second_or_subsequent_pct"] = _pct(sum(r["previous_plans"] >= 1 for r in started), len(started))
    ended = [r for r in cp if _in(r["plan_end"])]
    e["cp_plans_lasting_2_years_plus_pct"] = _pct(
        sum(r["plan_end"] >= add_years(r["plan_start"], 2) for r in ended), len(ended))
    open_cp = [r for r in cp if _open(r["plan_start"], r["plan_end"])]
    e["cp_review_conferences_on_time_pct"] = _pct(sum(
        AS_AT <= (add_months(r["latest_review"], 6) if r["latest_review"] else add_months(r["plan_start"], 3))
        for r in open_cp), len(open_cp))
    e["cp_visits_within_timescale_pct"] = _pct(sum(
        r["last_visit"] is not None and working_days_between(r["last_visit"], AS_AT) <= 10
        for r in open_cp), len(open_cp))
    alone = [r for r in open_cp if r["seen_alone"] != "not applicable"]
    e["cp_children_seen_alone_pct"] = _pct(sum(r["seen_alone"] is True for r in alone), len(alone))
    cin = [r for r in lists[6] if _open(r["cin_start"], r["cin_closed"])]
    plans = [r for r in cin if "need" in r["case_status"]]
    e["cin_visits_within_timescale_pct"] = _pct(
        sum(r["last_seen"] is not None and r["k"] <= 20 for r in plans), len(plans))
    e["unallocated_cases_count"] = {"value": sum(r["worker"] in (None, "Unallocated") for r in cin)}
    _care(lists, e, child_population)
    return e


def _age(r: Record) -> int:
    return age_on(r["dob"], AS_AT)


def _care(lists: dict[int, list[Record]], e: Expected, child_population: int) -> None:
    cla = [r for r in lists[8] if _open(r["cla_start"], r["ceased"])]
    ok = 0
    for r in cla:
        v = r["last_visit"]
        if v is None or v < r["placement_start"]:
            due = r["placement_start"] + dt.timedelta(days=7)
        elif "Long-term" in r["permanence_plan"] and r["placement_start"] <= add_years(AS_AT, -1):
            due = add_months(v, 3)
        else:
            due = v + dt.timedelta(days=42)
        ok += AS_AT <= due
    e["cla_visits_within_timescale_pct"] = _pct(ok, len(cla))
    ok = 0
    for r in cla:
        first = add_working_days(r["cla_start"], 20)
        rv = r["latest_review"]
        due = first if rv is None else add_months(rv, 3) if rv <= first else add_months(rv, 6)
        ok += AS_AT <= due
    e["cla_reviews_on_time_pct"] = _pct(ok, len(cla))
    year = [r for r in cla if r["cla_start"] <= add_years(AS_AT, -1)]
    e["cla_health_assessments_on_time_pct"] = _pct(sum(
        r["last_health"] is not None
        and r["last_health"] >= (add_months(AS_AT, -6) if _age(r) < 5 else add_years(AS_AT, -1))
        for r in year), len(year))
    e["cla_dental_checks_pct"] = _pct(sum(
        r["last_dental"] is not None and r["last_dental"] >= add_years(AS_AT, -1) for r in year), len(year))
    known = [r for r in cla if r["placements_12m"] is not None]
    e["cla_3_plus_placements_pct"] = _pct(sum(r["placements_12m"] >= 3 for r in known), len(known))
    stable = [r for r in cla if r["cla_start"] <= add_months(AS_AT, -30) and _age(r) < 16]
    e["cla_long_term_stability_pct"] = _pct(
        sum(r["placement_start"] <= add_years(AS_AT, -2) for r in stable), len(stable))
    e["cla_unregistered_placements_count"] = {"value": sum(
        r["placement_type"].startswith("K2") and not (r["urn"] or "").startswith("SC") for r in cla)}
    e["placed_with_parents_over_2_years_count"] = {"value": sum(
        r["placement_type"].startswith("P1") and r["legal_status"][:2] in ("C1", "C2")
        and r["placement_start"] < add_years(AS_AT, -2) for r in cla)}
    went_missing = [r for r in lists[8] if r["missing_12m"] and r["cla_start"] <= AS_AT
                    and (r["ceased"] is None or r["ceased"] >= PERIOD_START)]
    e["return_home_interviews_within_72_hours_pct"] = _pct(
        sum(r["rhi_offered"] is True for r in went_missing), len(went_missing))
    v = float((Decimal(len(cla)) * 10000 / Decimal(child_population)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    e["children_in_care_per_10k"] = {"value": v, "numerator": len(cla), "denominator": child_population}
    e["child_population_under_18"] = {"value": child_population}  # written as given, for per-10k rules
    leavers = [r for r in lists[9] if 17 <= _age(r) <= 21 and r["in_touch"] != "DIED"]
    e["care_leavers_in_touch_pct"] = _pct(sum(r["in_touch"] == "YES" for r in leavers), len(leavers))
    e["care_leavers_eet_pct"] = _pct(
        sum((r["activity"] or "G")[0] in "FP" for r in leavers), len(leavers))
    e["care_leavers_suitable_accommodation_pct"] = _pct(
        sum(r["suitability"] == "Suitable" for r in leavers), len(leavers))
    e["care_leavers_pathway_plans_up_to_date_pct"] = _pct(
        sum(r["pathway_review"] >= add_months(AS_AT, -6) for r in lists[9]), len(lists[9]))
    e["care_leavers_bed_and_breakfast_count"] = {"value": sum(
        r["accommodation"].startswith("W:") for r in lists[9])}
    ok = den = 0
    for r in lists[8]:
        start, ha = r["cla_start"], r["last_health"]
        if not _in(start) or (ha is not None and ha > add_months(start, 5)):
            continue
        if ha is None or ha < start:
            if working_days_between(start, AS_AT) <= 20:
                continue
            den += 1
        else:
            den += 1
            ok += working_days_between(start, ha) <= 20
    e["cla_initial_health_assessments_within_20_working_days_pct"] = _pct(ok, den)
    alone = [r for r in cla if r["seen_alone"] != "not applicable"]
    e["cla_seen_alone_pct"] = _pct(sum(r["seen_alone"] is True for r in alone), len(alone))
    twenty = [r for r in leavers if _age(r) == 20]
    e["care_leavers_aged_20_neet_pct"] = _pct(
        sum((r["activity"] or "G")[0] not in "FP" for r in twenty), len(twenty))
    eligible = [r for r in lists[9] if r["eligibility"] == "c) Eligible"]
    e["eligible_young_people_with_personal_adviser_pct"] = _pct(
        sum(r["personal_adviser"] not in (None, "No") for r in eligible), len(eligible))
    a1, a2 = [], []
    for r in lists[10]:
        moved = min([d for d in (r["placed"], r["ffa_placed"]) if d], default=None)
        if moved and add_years(AS_AT, -1) < moved <= AS_AT:
            a1.append((moved - r["entered_care"]).days)
        if r["matched"] and add_years(AS_AT, -1) < r["matched"] <= AS_AT:
            a2.append((r["matched"] - r["placement_order"]).days)
    if a1:
        e["adoption_a1_days"] = _mean(a1)
    if a2:
        e["adoption_a2_days"] = _mean(a2)
