"""Rules of counting for children in care (List 8)."""

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
    age_at_as_at,
    code_is,
    is_open,
    rule,
    text_has,
    wd,
)
from selfeval.sources.annexa.read import Table
from selfeval.sources.cells import NOT_APPLICABLE
from selfeval.sources.codes import code_list
from selfeval.sources.dates import add_months, add_years
from selfeval.sources.workdays import add_working_days, bank_holidays

# ---------------------------------------------------------------- List 8: children in care

def _in_care(t: Table, s: Settings, tally: Tally | None = None) -> list[dict[str, Any]]:
    """Open at the as-at date; a row aged 18 or over then is not a child in care (a leaving date
    not recorded, or a wrong date of birth): left out, and counted where a tally is given."""
    out = []
    for r in t.rows:
        if not is_open(r["cla_start"], r["ceased"], s):
            continue
        age = age_at_as_at(r, s)
        if age is not None and age >= 18:
            if tally is not None:
                tally.leave_out("aged 18 or over at the as-at date (not a child in care)")
            continue
        out.append(r)
    return out


@rule("cla_visits_within_timescale_pct", 8, """
    Children in care at the as-at date whose social work visit is not overdue under regulation 28:
    with no visit since the placement started, due 1 week after the placement start; otherwise
    due 6 weeks after the last visit, or 3 months where the permanence plan is long-term fostering
    and the placement has lasted a year. A blank visit date counts against.""")
def cla_visits(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _in_care(t, s, tally):
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
    for row in _in_care(t, s, tally):
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


def _in_care_12_months(t: Table, s: Settings, tally: Tally | None = None) -> list[dict[str, Any]]:
    year_ago = add_years(s.as_at, -1)
    return [r for r in _in_care(t, s, tally) if r["cla_start"] <= year_ago]


@rule("cla_health_assessments_on_time_pct", 8, """
    Children in care at the as-at date who had been in care for 12 months or more; up to date
    when the last health assessment was in the 12 months before the as-at date (6 months for a
    child under 5). A blank date counts against.""")
def cla_health(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _in_care_12_months(t, s, tally):
        d = row["last_health"]
        if d is not None and d > s.as_at:
            tally.leave_out("health assessment after the as-at date")
            continue
        age = age_at_as_at(row, s)
        since = add_months(s.as_at, -6) if age is not None and age < 5 else add_years(s.as_at, -1)
        tally.count(d is not None and d >= since)
    return _pct("cla_health_assessments_on_time_pct", tally, "no children in care for 12 months or more")


@rule("cla_dental_checks_pct", 8, """
    Children in care at the as-at date who had been in care for 12 months or more, with a dental
    check in the 12 months before the as-at date. A blank date counts against.""")
def cla_dental(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    since = add_years(s.as_at, -1)
    for row in _in_care_12_months(t, s, tally):
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
    for row in _in_care(t, s, tally):
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
    for row in _in_care(t, s, tally):
        if row["cla_start"] > long_ago:
            continue
        age = age_at_as_at(row, s)
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
    Children in care at the as-at date placed in a children's home (DfE Placement Type K1 secure
    children's home or K2 children's home) whose
    'URN of Placement' is blank or not an Ofsted URN (SC and 6 digits, or 6–7 digits): a list of
    placements to check, since a home awaiting its URN on the list also counts.""")
def cla_unregistered(t: Table, s: Settings) -> Outcome:
    if not t.has("urn"):
        return "List 8 has no 'URN of Placement' column"
    n = 0
    for row in _in_care(t, s):
        if code_is(row["placement_type"], *code_list("placement_type").group("childrens_home")):
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
            if code_is(row["placement_type"], "P1")
            and code_is(row["legal_status"], *code_list("legal_status").group("care_order"))
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
    for row in _in_care(t, s, tally):
        if row["seen_alone"] == NOT_APPLICABLE:
            tally.leave_out("seen alone 'not applicable'")
            continue
        tally.count(row["seen_alone"] is True)
    return _pct("cla_seen_alone_pct", tally, "no children in care at the as-at date")
