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
    mean_days,
    rule,
    text_has,
)
from selfeval.sources.annexa.read import Table
from selfeval.sources.cells import strip_prefix
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
        if text_has(row["in_touch"], "died") or text_has(row["in_touch"], "deceased"):
            tally.leave_out("young person has died")
            continue
        out.append(row)
    return out


def _yes_text(v: tuple[str | None, str] | None, *yes: str) -> bool:
    if v is None:
        return False
    text = v[1]
    return text in yes or text.split(" ", 1)[0].strip(",;:-") in {"yes", "y"}


@rule("care_leavers_in_touch_pct", 9, """
    Care leavers aged 17 to 21 at the as-at date (those who have died left out) for whom 'LA in
    Touch' is yes; refused, not required, no, or blank count against.""")
def leavers_in_touch(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        tally.count(_yes_text(row["in_touch"], "yes", "in touch"))
    return _pct("care_leavers_in_touch_pct", tally, "no care leavers aged 17 to 21")


_EET = {f"F{i}" for i in range(1, 7)} | {f"P{i}" for i in range(1, 6)}


def _eet(v: tuple[str | None, str] | None) -> bool:
    if v is None:
        return False
    if v[0] is not None:
        return v[0] in _EET
    text = v[1]
    if "neet" in text or text.startswith("not ") or " not in " in f" {text} ":
        return False
    return any(w in text for w in ("education", "employment", "training", "apprentice", "employed"))


@rule("care_leavers_eet_pct", 9, """
    Care leavers aged 17 to 21 at the as-at date (those who have died left out) whose Activity
    Status is in education, employment or training (codes F1–F6, P1–P5); G codes (NEET), other
    codes and blanks count against.""")
def leavers_eet(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        tally.count(_eet(row["activity"]))
    return _pct("care_leavers_eet_pct", tally, "no care leavers aged 17 to 21")


def _suitable(v: tuple[str | None, str] | None) -> bool:
    if v is None:
        return False
    text = v[1]
    if text.startswith(("unsuitable", "not suitable", "no")) or text in {"n"}:
        return False
    return text.startswith("suitable") or text in {"y", "yes"} or v[0] == "1"


@rule("care_leavers_suitable_accommodation_pct", 9, """
    Care leavers aged 17 to 21 at the as-at date (those who have died left out) whose Suitability
    of Accommodation is suitable; unsuitable and blank count against.""")
def leavers_suitable(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        tally.count(_suitable(row["suitability"]))
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


def _bed_and_breakfast(v: tuple[str | None, str] | None) -> bool:
    if v is None:
        return False
    text = v[1].replace(" ", "")
    return "bedandbreakfast" in text or "b&b" in text or text == "b" or text.startswith(("b-", "b:", "b)"))


@rule("care_leavers_bed_and_breakfast_count", 9, """
    Everyone on List 9 whose Type of Accommodation is bed and breakfast (code B, or the words).""")
def leavers_bnb(t: Table, s: Settings) -> Outcome:
    return _count("care_leavers_bed_and_breakfast_count",
                  sum(1 for r in t.rows if _bed_and_breakfast(r["accommodation"])))


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
            tally.count(not _eet(row["activity"]))
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
