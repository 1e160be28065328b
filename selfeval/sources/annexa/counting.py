"""The rules of counting, one function per catalogue metric (see ``compute`` for conventions).

Each rule's registered text is what the metrics file says beside the value, so it is written for
a performance lead, not a programmer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from selfeval.sources.annexa.compute import (
    Outcome,
    Settings,
    Tally,
    _count,
    _pct,
    is_open,
    rule,
    text_has,
    wd,
    within_working_days,
)
from selfeval.sources.annexa.read import Table
from selfeval.sources.cells import NOT_APPLICABLE
from selfeval.sources.dates import add_months, add_years


def _in_cohort(tally: Tally, d: dt.date | None, s: Settings, column: str) -> bool:
    """Whether a cohort-defining date is in the period; blanks and later dates are counted."""
    if d is None:
        tally.leave_out(f"no {column}")
        return False
    if d > s.as_at:
        tally.leave_out(f"{column} after the as-at date")
        return False
    return d >= s.start


def _measured(tally: Tally, d: dt.date | None, s: Settings, column: str) -> bool:
    """False (and counted) when a measured date is after the as-at date."""
    if d is not None and d > s.as_at:
        tally.leave_out(f"{column} after the as-at date")
        return False
    return True


def _visited_in_time(t: Table, row: dict[str, Any], s: Settings, visit: str, start: str, limit: int) -> bool:
    """Within the local visiting standard at the as-at date, measured from the last visit, or
    from the plan's start when there is no visit since it (a blank visit counts against)."""
    last = row[visit]
    since = visit if last is not None and last >= row[start] else start
    return within_working_days(t, row, since, s.as_at, limit)


# ---------------------------------------------------------------- List 3: referrals

@rule("re_referrals_within_12_months_pct", 3, """
    Referrals with a Date of Referral in the period. A referral is a re-referral when 'Number of
    Referrals in Last 12 Months' is 2 or more (the count includes the referral itself), or when
    the list holds an earlier referral of the same child within the 12 months before it.""")
def re_referrals(t: Table, s: Settings) -> Outcome:
    by_child: dict[str, list[dt.date]] = defaultdict(list)
    for row in t.rows:
        if row.get("child_id") and row["referral_date"]:
            by_child[row["child_id"]].append(row["referral_date"])
    tally = Tally()
    for row in t.rows:
        d = row["referral_date"]
        if not _in_cohort(tally, d, s, "Date of Referral"):
            continue
        n = row.get("referrals_12m")
        year_before = add_months(d, -12)
        earlier = any(year_before <= e < d for e in by_child.get(row.get("child_id") or "", ()))
        tally.count((n is not None and n >= 2) or earlier)
    return _pct("re_referrals_within_12_months_pct", tally, "no referrals in the period")


# ---------------------------------------------------------------- List 4: assessments

@rule("assessments_within_45_working_days_pct", 4, """
    Assessments authorised in the period; on time when the Continuous Assessment Date of
    Authorisation is no more than 45 working days after the Continuous Assessment Start Date
    (Annex A holds the assessment start, which many systems set to the referral date).""")
def assessments_45(t: Table, s: Settings) -> Outcome:
    return _within_working_days(
        t, s, "assessments_within_45_working_days_pct", start="start", end="authorised", limit=45,
        end_label="date of authorisation", no_start="no assessment start date",
        backwards="authorised before it started", none="no assessments authorised in the period")


def _within_working_days(t: Table, s: Settings, metric: str, *, start: str, end: str, limit: int,
                         end_label: str, no_start: str, backwards: str, none: str) -> Outcome:
    """Share of rows whose ``end`` date falls in the period and is at most ``limit`` working days
    after ``start``; rows without a start, or ending before they start, are left out (and said)."""
    tally = Tally()
    for row in t.rows:
        if not _in_cohort(tally, row[end], s, end_label):
            continue
        if row[start] is None:
            tally.leave_out(no_start)
            continue
        days = wd(t, row, start, end)
        if days < 0:
            tally.leave_out(backwards)
            continue
        tally.count(days <= limit)
    return _pct(metric, tally, none)


# ---------------------------------------------------------------- List 5: section 47 and ICPC

@rule("icpc_within_15_working_days_pct", 5, """
    Initial child protection conferences held in the period; on time when held no more than 15
    working days after the strategy discussion that started the section 47 enquiry.""")
def icpc_15(t: Table, s: Settings) -> Outcome:
    return _within_working_days(
        t, s, "icpc_within_15_working_days_pct", start="strategy_date", end="icpc_date", limit=15,
        end_label="conference date", no_start="no strategy discussion date",
        backwards="conference before the strategy discussion", none="no initial conferences in the period")


# ---------------------------------------------------------------- List 7: child protection plans

@rule("cp_plans_second_or_subsequent_pct", 7, """
    Child protection plans that started in the period; second or subsequent when 'Number of
    Previous Child Protection Plans' is 1 or more.""")
def cp_second(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in t.rows:
        if not _in_cohort(tally, row["plan_start"], s, "plan start date"):
            continue
        if row["previous_plans"] is None:
            tally.leave_out("no number of previous plans")
            continue
        tally.count(row["previous_plans"] >= 1)
    return _pct("cp_plans_second_or_subsequent_pct", tally, "no plans started in the period")


@rule("cp_plans_lasting_2_years_plus_pct", 7, """
    Child protection plans that ended in the period; counted when the plan had lasted two years
    or more (end date on or after the second anniversary of the start date).""")
def cp_two_years(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in t.rows:
        if row["plan_end"] is None:
            continue  # open plans are not in this measure
        if not _in_cohort(tally, row["plan_end"], s, "plan end date"):
            continue
        start = row["plan_start"]
        if start is None or start > row["plan_end"]:
            tally.leave_out("no plan start date, or a start after the end")
            continue
        tally.count(row["plan_end"] >= add_years(start, 2))
    return _pct("cp_plans_lasting_2_years_plus_pct", tally, "no plans ended in the period")


def _open_plans(t: Table, s: Settings) -> list[dict[str, Any]]:
    return [r for r in t.rows if is_open(r["plan_start"], r["plan_end"], s)]


@rule("cp_review_conferences_on_time_pct", 7, """
    Children on a plan at the as-at date whose review conference is not overdue: the first review
    is due 3 months after the plan started, later ones 6 months after the latest review. Annex A
    holds only the latest review, so this shows reviews up to date at the as-at date.""")
def cp_reviews(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _open_plans(t, s):
        review = row["latest_review"]
        if not _measured(tally, review, s, "latest review date"):
            continue
        if review is None or review < row["plan_start"]:
            due = add_months(row["plan_start"], 3)
        else:
            due = add_months(review, 6)
        tally.count(s.as_at <= due)
    return _pct("cp_review_conferences_on_time_pct", tally, "no children on a plan at the as-at date")


@rule("cp_visits_within_timescale_pct", 7, """
    Children on a plan at the as-at date whose last statutory visit (or, with no visit since, the
    plan start) is no more than {cp} working days before the as-at date (local standard,
    changeable with --cp-visit-working-days); a blank visit date counts against.""")
def cp_visits(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _open_plans(t, s):
        if not _measured(tally, row["last_visit"], s, "last statutory visit date"):
            continue
        tally.count(_visited_in_time(t, row, s, "last_visit", "plan_start", s.cp_visit_working_days))
    return _pct("cp_visits_within_timescale_pct", tally, "no children on a plan at the as-at date")


@rule("cp_children_seen_alone_pct", 7, """
    Children on a plan at the as-at date whose answer to 'Was the Child Seen Alone?' is yes; a
    blank or no counts against; 'not applicable' (for example a baby) is left out.""")
def cp_seen_alone(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in _open_plans(t, s):
        if row["seen_alone"] == NOT_APPLICABLE:
            tally.leave_out("seen alone 'not applicable'")
            continue
        tally.count(row["seen_alone"] is True)
    return _pct("cp_children_seen_alone_pct", tally, "no children on a plan at the as-at date")


# ---------------------------------------------------------------- List 6: children in need

_NOT_CIN_WORDS = ("protection", "looked after", "in care", "assessment", "care leaver")
_NOT_CIN_CODES = {"cp", "cpp", "cla", "lac", "cic"}


def _cin_plan(status: tuple[str | None, str] | None) -> bool:
    if status is None:
        return True
    words = set(re.split(r"[^a-z]+", status[1])) | {(status[0] or "").lower()}
    return not (text_has(status, *_NOT_CIN_WORDS) or words & _NOT_CIN_CODES)


@rule("cin_visits_within_timescale_pct", 6, """
    Children open as children in need at the as-at date (Case Status, where given, not a child
    protection plan, child in care or open assessment) whose last visit (or, with none since, the
    CIN start) is no more than {cin} working days before the as-at date (local standard,
    changeable with --cin-visit-working-days); a blank date counts against.""")
def cin_visits(t: Table, s: Settings) -> Outcome:
    tally = Tally()
    for row in t.rows:
        if not is_open(row["cin_start"], row["cin_closed"], s) or not _cin_plan(row.get("case_status")):
            continue
        if not _measured(tally, row["last_seen"], s, "date last seen"):
            continue
        tally.count(_visited_in_time(t, row, s, "last_seen", "cin_start", s.cin_visit_working_days))
    return _pct("cin_visits_within_timescale_pct", tally, "no children in need open at the as-at date")


_UNALLOCATED = {"unallocated", "not allocated", "none allocated", "awaiting allocation", "none",
                "no worker", "duty"}


@rule("unallocated_cases_count", 6, """
    Children open as children in need at the as-at date (any case status) with no allocated
    worker: 'Allocated Worker' blank, 'unallocated', 'awaiting allocation' or 'duty'.""")
def unallocated(t: Table, s: Settings) -> Outcome:
    if not t.has("worker"):
        return "List 6 has no 'Allocated Worker' column"
    n = sum(1 for r in t.rows if is_open(r["cin_start"], r["cin_closed"], s)
            and (r["worker"] is None or r["worker"].lower() in _UNALLOCATED))
    return _count("unallocated_cases_count", n)



