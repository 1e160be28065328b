"""Rules of counting for children in care, care leavers and adoption (Lists 8, 9 and 10)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from selfeval.core.errors import SelfevalError
from selfeval.sources.annexa.compute import (
    RULES,
    Outcome,
    Settings,
    Tally,
    Value,
    _count,
    _pct,
    code_is,
    is_open,
    mean_days,
    rule,
    text_has,
    wd,
)
from selfeval.sources.annexa.read import Table
from selfeval.sources.cells import NOT_APPLICABLE, strip_prefix
from selfeval.sources.dates import add_months, add_years, age_on
from selfeval.sources.workdays import add_working_days, bank_holidays


def _age(row: dict[str, Any], s: Settings) -> int | None:
    if row.get("dob") is not None:
        return age_on(row["dob"], s.as_at)
    return row.get("age")


# ---------------------------------------------------------------- List 8: children in care

def _in_care(t: Table, s: Settings) -> list[dict[str, Any]]:
    return [r for r in t.rows if is_open(r["cla_start"], r["ceased"], s)]


@rule("cla_visits_within_timescale_pct", 8, """
    Children in care at the as-at date whose social work visit is not overdue under regulation 28:
    with no visit since the placement started, due 1 week after the placement start; otherwise
    due 6 weeks after the last visit, or 3 months where the permanence plan is long-term fostering
    and the placement has lasted a year. A blank visit date counts against.""")
def cla_visits(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _in_care(t, s):
        visit, placed = row["last_visit"], row["placement_start"] or row["cla_start"]
        if visit is not None and visit > s.as_at:
            tally.leave_out("last social work visit after the as-at date")
            continue
        if visit is None or visit < placed:
            due = placed + dt.timedelta(days=7)
        elif text_has(row.get("permanence_plan"), "long-term", "long term") and \
                placed <= add_years(s.as_at, -1):
            due = add_months(visit, 3)
        else:
            due = visit + dt.timedelta(weeks=6)
        tally.count(s.as_at <= due)
    return _pct("cla_visits_within_timescale_pct", tally, "no children in care at the as-at date")


@rule("cla_reviews_on_time_pct", 8, """
    Children in care at the as-at date whose review is not overdue under regulation 33: with no
    review since the child came into care, due 20 working days after; a latest review held within
    those 20 working days is the first, and the next is due 3 months later; otherwise the next is
    due 6 months after the latest. Annex A holds only the latest review, so this shows reviews up
    to date at the as-at date.""")
def cla_reviews(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _in_care(t, s):
        review, start = row["latest_review"], row["cla_start"]
        if review is not None and review > s.as_at:
            tally.leave_out("latest review after the as-at date")
            continue
        first_due = _first_review_due(t, row, s, review)
        if review is None or review < start:
            due = first_due
        elif review <= first_due:
            due = add_months(review, 3)
        else:
            due = add_months(review, 6)
        tally.count(s.as_at <= due)
    return _pct("cla_reviews_on_time_pct", tally, "no children in care at the as-at date")


def _first_review_due(t: Table, row: dict[str, Any], s: Settings, review: dt.date | None) -> dt.date:
    """20 working days after the child came into care. For a child in care since before the bank
    holiday table, a bound is exact enough: the as-at date and any later review fall after it."""
    start = row["cla_start"]
    bh = bank_holidays()
    try:
        if bh.covers(start):
            return add_working_days(start, 20)
        bound = add_working_days(bh.first, 20)  # start + 20 working days is on or before this
        if s.as_at > bound and (review is None or review < start or review > bound):
            return bound
        bh.check(start)  # too close to the table's first day to be sure: the located error below
    except SelfevalError as exc:
        raise SelfevalError(exc.message, file=t.file, where=t.where(row["_row"], "cla_start"),
                            hint=exc.hint) from None
    raise AssertionError("unreachable")


def _in_care_12_months(t: Table, s: Settings) -> list[dict[str, Any]]:
    year_ago = add_years(s.as_at, -1)
    return [r for r in _in_care(t, s) if r["cla_start"] <= year_ago]


@rule("cla_health_assessments_on_time_pct", 8, """
    Children in care at the as-at date who had been in care for 12 months or more; up to date
    when the last health assessment was in the 12 months before the as-at date (6 months for a
    child under 5). A blank date counts against.""")
def cla_health(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _in_care_12_months(t, s):
        d = row["last_health"]
        if d is not None and d > s.as_at:
            tally.leave_out("health assessment after the as-at date")
            continue
        age = _age(row, s)
        since = add_months(s.as_at, -6) if age is not None and age < 5 else add_years(s.as_at, -1)
        tally.count(d is not None and d >= since)
    return _pct("cla_health_assessments_on_time_pct", tally, "no children in care for 12 months or more")


@rule("cla_dental_checks_pct", 8, """
    Children in care at the as-at date who had been in care for 12 months or more, with a dental
    check in the 12 months before the as-at date. A blank date counts against.""")
def cla_dental(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    since = add_years(s.as_at, -1)
    for row in _in_care_12_months(t, s):
        d = row["last_dental"]
        if d is not None and d > s.as_at:
            tally.leave_out("dental check after the as-at date")
            continue
        tally.count(d is not None and d >= since)
    return _pct("cla_dental_checks_pct", tally, "no children in care for 12 months or more")


@rule("cla_3_plus_placements_pct", 8, """
    Children in care at the as-at date with 3 or more in 'Number of Placements in the Last 12
    months'.""")
def cla_placements(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _in_care(t, s):
        if row["placements_12m"] is None:
            tally.leave_out("no number of placements")
            continue
        tally.count(row["placements_12m"] >= 3)
    return _pct("cla_3_plus_placements_pct", tally, "no children in care at the as-at date")


@rule("cla_long_term_stability_pct", 8, """
    Children under 16 in care at the as-at date who had been in care for 2½ years or more;
    counted when the most recent placement started 2 years or more before the as-at date (the
    DfE measure also counts a move to adopters from the same carers, which Annex A cannot show).""")
def cla_stability(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    long_ago = add_months(s.as_at, -30)
    for row in _in_care(t, s):
        if row["cla_start"] > long_ago:
            continue
        age = _age(row, s)
        if age is None:
            tally.leave_out("no date of birth or age")
            continue
        if age >= 16:
            continue
        if row["placement_start"] is None:
            tally.leave_out("no placement start date")
            continue
        tally.count(row["placement_start"] <= add_years(s.as_at, -2))
    return _pct("cla_long_term_stability_pct", tally, "no children under 16 in care for 2½ years")


_URN = re.compile(r"^(SC)?\d{6,7}$", re.IGNORECASE)


@rule("cla_unregistered_placements_count", 8, """
    Children in care at the as-at date placed in a children's home (Placement Type K1 or K2) whose
    'URN of Placement' is blank or not an Ofsted URN (SC and 6 digits, or 6–7 digits): a list of
    placements to check, since a home awaiting its URN on the list also counts.""")
def cla_unregistered(t: Table, s: Settings) -> Outcome:
    if not t.has("urn"):
        return "List 8 has no 'URN of Placement' column"
    n = 0
    for row in _in_care(t, s):
        if code_is(row["placement_type"], "K1", "K2"):
            urn = (row.get("urn") or "").replace(" ", "")
            n += not _URN.match(urn)
    return _count("cla_unregistered_placements_count", n)


@rule("placed_with_parents_over_2_years_count", 8, """
    Children in care at the as-at date on a care order (legal status C1 or C2) placed with
    parents (Placement Type P1) whose placement started more than 2 years before the as-at
    date.""")
def pwp_two_years(t: Table, s: Settings) -> Outcome:
    two_years = add_years(s.as_at, -2)
    n = sum(1 for row in _in_care(t, s)
            if code_is(row["placement_type"], "P1") and code_is(row["legal_status"], "C1", "C2")
            and row["placement_start"] is not None and row["placement_start"] < two_years)
    return _count("placed_with_parents_over_2_years_count", n)


@rule("return_home_interviews_within_72_hours_pct", 8, """
    Children in care in the period with one or more missing episodes in the last 12 months whose
    answer to 'offered a Return Interview after their last missing episode' is yes. Annex A
    records neither each episode nor the 72 hours, so this is the share offered an interview
    after the last episode: it can be higher than the 72-hour measure.""")
def return_interviews(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in t.rows:
        start, ceased = row["cla_start"], row["ceased"]
        if start is None or start > s.as_at or (ceased is not None and ceased < s.start):
            continue
        if not row["missing_12m"]:
            continue
        tally.count(row["rhi_offered"] is True)
    return _pct("return_home_interviews_within_72_hours_pct", tally, "no children in care went missing")


@rule("children_in_care_per_10k", 8, """
    Children in care at the as-at date per 10,000 children under 18 (the population given with
    --child-population).""")
def per_10k(t: Table, s: Settings) -> Outcome:
    if not s.child_population:
        return "needs the number of children under 18 (--child-population)"
    n = len(_in_care(t, s))
    from decimal import ROUND_HALF_UP, Decimal

    v = float((Decimal(n) * 10000 / Decimal(s.child_population)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    r = RULES["children_in_care_per_10k"]
    return Value("children_in_care_per_10k", v, 8, r.text, n, s.child_population)


# ---------------------------------------------------------------- List 9: care leavers

def _leavers(t: Table, s: Settings, tally: Tally) -> list[dict[str, Any]]:
    out = []
    for row in t.rows:
        age = _age(row, s)
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


# ---------------------------------------------------------------- later catalogue entries

@rule("cla_initial_health_assessments_within_20_working_days_pct", 8, """
    Children who came into care in the period (whether or not still in care); in time when the
    health assessment is no more than 20 working days after the start. Not yet 20 working days in
    care with no assessment: left out. A latest health assessment more than 5 months after the
    start may be a review, not the initial one: left out.""")
def cla_initial_health(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in t.rows:
        start = row["cla_start"]
        if start is None or not s.start <= start <= s.as_at:
            continue
        ha = row["last_health"]
        if ha is not None and ha > s.as_at:
            tally.leave_out("health assessment after the as-at date")
            continue
        if ha is not None and ha > add_months(start, 5):
            tally.leave_out("latest health assessment may be a review, not the initial one")
            continue
        if ha is None or ha < start:
            if wd(t, row, "cla_start", s.as_at) <= 20:
                tally.leave_out("in care under 20 working days, no assessment yet")
                continue
            tally.count(False)
            continue
        tally.count(wd(t, row, "cla_start", "last_health") <= 20)
    return _pct("cla_initial_health_assessments_within_20_working_days_pct", tally,
                "no child came into care in the period")


@rule("cla_seen_alone_pct", 8, """
    Children in care at the as-at date whose answer to 'Was the Child Seen Alone?' (an optional
    List 8 column) is yes; a blank or no counts against; 'not applicable' is left out.""")
def cla_seen_alone(t: Table, s: Settings) -> Outcome:
    if not t.has("seen_alone"):
        return "List 8 has no 'Was the Child Seen Alone?' column"
    tally = Tally()
    for row in _in_care(t, s):
        if row["seen_alone"] == NOT_APPLICABLE:
            tally.leave_out("seen alone 'not applicable'")
            continue
        tally.count(row["seen_alone"] is True)
    return _pct("cla_seen_alone_pct", tally, "no children in care at the as-at date")


@rule("care_leavers_aged_20_neet_pct", 9, """
    Care leavers aged 20 at the as-at date (those who have died left out) whose Activity Status
    is not education, employment or training: G codes, other codes and blanks (the complement of
    the EET measure).""")
def leavers_20_neet(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _leavers(t, s, tally):
        if _age(row, s) == 20:
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
