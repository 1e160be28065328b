"""Rules of counting for care leavers (List 9) and adoption (List 10)."""

from __future__ import annotations

from typing import Any

from selfeval.sources.annexa.compute import (
    RULES,
    Outcome,
    Settings,
    Tally,
    Value,
    _count,
    _pct,
    age_at_as_at,
    code_is,
    mean_days,
    rule,
)
from selfeval.sources.annexa.read import Table
from selfeval.sources.cells import strip_prefix
from selfeval.sources.codes import code_list
from selfeval.sources.dates import add_months, add_years

# ---------------------------------------------------------------- List 9: care leavers

def _leavers(t: Table, s: Settings, tally: Tally) -> list[dict[str, Any]]:
    out = []
    for row in t.rows:
        age = age_at_as_at(row, s)
        if age is None:
            tally.leave_out("no date of birth or age")
            continue
        if not 17 <= age <= 21:
            continue
        if code_is(row["in_touch"], "DIED"):
            tally.leave_out("young person has died")
            continue
        out.append(row)
    return out


@rule("care_leavers_in_touch_pct", 9, """
    Care leavers aged 17 to 21 at the as-at date (those who have died, DfE code DIED, left out)
    for whom 'LA in Touch' is YES (in touch); refused (REFU), no longer requires services (NREQ),
    returned home (RHOM), not in touch (NO), unrecognised or blank count against.""")
def leavers_in_touch(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        tally.count(code_is(row["in_touch"], "YES"))
    return _pct("care_leavers_in_touch_pct", tally, "no care leavers aged 17 to 21")


def _eet(row: dict[str, Any]) -> bool:
    return code_is(row["activity"], *code_list("activity").group("eet"))


@rule("care_leavers_eet_pct", 9, """
    Care leavers aged 17 to 21 at the as-at date (those who have died left out) whose Activity
    Status is in education, employment or training (DfE codes F1, F2, F4, F5 and P1, P2, P4, P5;
    F3 and P3 before 2021/22); G4–G6 (NEET), 0 (no information), unrecognised values and blanks
    count against.""")
def leavers_eet(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        tally.count(_eet(row))
    return _pct("care_leavers_eet_pct", tally, "no care leavers aged 17 to 21")


@rule("care_leavers_suitable_accommodation_pct", 9, """
    Care leavers aged 17 to 21 at the as-at date (those who have died left out) whose Suitability
    of Accommodation is suitable (the SSDA903 suitability digit 1); unsuitable, no information,
    unrecognised and blank count against.""")
def leavers_suitable(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        tally.count(code_is(row["suitability"], "1"))
    return _pct("care_leavers_suitable_accommodation_pct", tally, "no care leavers aged 17 to 21")


@rule("care_leavers_pathway_plans_up_to_date_pct", 9, """
    Everyone on List 9 whose latest pathway plan review was in the 6 months before the as-at
    date; a blank date counts against.""")
def leavers_pathway(t: Table, s: Settings) -> Outcome:
    if not t.has("pathway_review"):
        return "List 9 has no 'Latest pathway plan review date' column"
    tally = Tally()
    since = add_months(s.as_at, -6)
    for row in t.rows:
        d = row["pathway_review"]
        if d is not None and d > s.as_at:
            tally.leave_out("pathway plan review after the as-at date")
            continue
        tally.count(d is not None and d >= since)
    return _pct("care_leavers_pathway_plans_up_to_date_pct", tally, "no care leavers on List 9")


@rule("care_leavers_bed_and_breakfast_count", 9, """
    Everyone on List 9 whose Type of Accommodation is bed and breakfast: the SSDA903
    accommodation code W (W1, W2), or the words. B is 'with parents or relatives', not B&B.""")
def leavers_bnb(t: Table, s: Settings) -> Outcome:
    bnb = code_list("accommodation_type").group("bed_and_breakfast")
    return _count("care_leavers_bed_and_breakfast_count",
                  sum(1 for r in t.rows if code_is(r["accommodation"], *bnb)))


# ---------------------------------------------------------------- List 10: adoption

def _mean(metric: str, days: list[int], tally: Tally, empty: str) -> Outcome:
    if not days:
        return empty
    r = RULES[metric]
    return Value(metric, mean_days(sum(days), len(days)), 10, r.text, None, len(days), tally.notes())


@rule("adoption_a1_days", 10, """
    Children who moved in with their adoptive family in the 12 months to the as-at date (the
    earlier of 'Date Placed for Adoption' and the fostering-for-adoption placement date): the
    average days from entering care to moving in. The adoption scorecard's A1 averages three
    years of adopted children; Annex A gives this year's.""")
def adoption_a1(t: Table, s: Settings) -> Outcome:
    tally, days = Tally(), []
    year_ago = add_years(s.as_at, -1)
    for row in t.rows:
        moved = [d for d in (row["placed"], row.get("ffa_placed")) if d is not None]
        if not moved:
            continue
        moved_in = min(moved)
        if not year_ago < moved_in <= s.as_at:
            continue
        if row["entered_care"] is None or row["entered_care"] > moved_in:
            tally.leave_out("no date entered care, or entered care after moving in")
            continue
        days.append((moved_in - row["entered_care"]).days)
    return _mean("adoption_a1_days", days, tally, "no child moved in with adopters in the 12 months")


@rule("adoption_a2_days", 10, """
    Children matched with adopters in the 12 months to the as-at date: the average days from the
    placement order to the match.""")
def adoption_a2(t: Table, s: Settings) -> Outcome:
    tally, days = Tally(), []
    year_ago = add_years(s.as_at, -1)
    for row in t.rows:
        matched = row["matched"]
        if matched is None or not year_ago < matched <= s.as_at:
            continue
        if row["placement_order"] is None or row["placement_order"] > matched:
            tally.leave_out("no placement order date, or matched before the order")
            continue
        days.append((matched - row["placement_order"]).days)
    return _mean("adoption_a2_days", days, tally, "no child matched in the 12 months")


@rule("care_leavers_aged_20_neet_pct", 9, """
    Care leavers aged 20 at the as-at date (those who have died left out) whose Activity Status
    is not education, employment or training: G codes, other codes and blanks (the complement of
    the EET measure).""")
def leavers_20_neet(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        if age_at_as_at(row, s) == 20:
            tally.count(not _eet(row))
    return _pct("care_leavers_aged_20_neet_pct", tally, "no care leavers aged 20")


_NO_PA = {"no", "n", "none", "unallocated", "not allocated", "false", "0"}


@rule("eligible_young_people_with_personal_adviser_pct", 9, """
    Young people on List 9 whose Eligibility Category is 'eligible' (16 or 17 and in care): counted
    when the personal adviser column names an adviser or says yes; blank or no counts against.""")
def eligible_with_pa(t: Table, s: Settings) -> Outcome:
    if not t.has("personal_adviser") or not t.has("eligibility"):
        return "List 9 has no 'Personal adviser allocated' or 'Eligibility Category' column"
    tally = Tally()
    for row in t.rows:
        cat_ = row["eligibility"]
        if cat_ is None or "eligible" not in cat_[1] or "former" in cat_[1]:
            continue
        pa = row["personal_adviser"]
        tally.count(pa is not None and strip_prefix(pa).lower() not in _NO_PA)
    return _pct("eligible_young_people_with_personal_adviser_pct", tally, "no eligible young people on List 9")
