"""CIN census measures by DfE's counting rules (returns.md §4, "Help and protection").

"In the year" is 1 April to the as-at date (the census ReferenceDate, 31 March, unless
``--as-at`` says otherwise); records dated after the as-at date are left out. Working days skip
weekends and England and Wales bank holidays; the start day is day 0 (``--count-start-day``
counts it as day 1 instead, the other reading).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from selfeval.core.errors import SelfevalError
from selfeval.sources.cin.read import CinCensus
from selfeval.sources.computed import Computed, Quality, percent
from selfeval.sources.dates import add_months, add_years
from selfeval.sources.workdays import working_days_between

Outcome = Computed | str


@dataclass(frozen=True)
class OptionsCin:
    as_at: dt.date | None = None
    assessment_from: Literal["start", "referral"] = "start"
    cp_repeat: Literal["plans", "children"] = "plans"
    cp_reviews_include_ended: bool = False
    re_referral_boundary: Literal["inclusive", "exclusive"] = "inclusive"
    count_start_day: bool = False


def wd(a: dt.date, b: dt.date, o: OptionsCin) -> int:
    n = working_days_between(a, b)
    if o.count_start_day and a.weekday() < 5:
        n += 1
    return n


WD_RULE = "working days after the start day up to and including the end day (start day = day 0)"


def _wd_call(o: OptionsCin) -> str:
    return ("the start day counts as day 1 (--count-start-day)" if o.count_start_day else
            "the start day is day 0 (other reading: --count-start-day)")


def re_referrals(cur: CinCensus, prev: CinCensus | None, start: dt.date, as_at: dt.date,
                 o: OptionsCin) -> Outcome:
    by_child: dict[str, set[dt.date]] = defaultdict(set)
    for census in (cur, prev):
        if census is not None:
            for child, d in census.referrals:
                by_child[child].add(d)
    num = den = 0
    for dates in by_child.values():
        ordered = sorted(dates)
        for i, d in enumerate(ordered):
            if not start <= d <= as_at:
                continue
            den += 1
            back = add_months(d, -12)
            if i > 0 and (ordered[i - 1] >= back if o.re_referral_boundary == "inclusive"
                          else ordered[i - 1] > back):
                num += 1
    if den == 0:
        return "no referral in the year"
    bound = ("'within 12 months' includes a referral exactly 12 months before (other reading: "
             "--re-referral-boundary exclusive)" if o.re_referral_boundary == "inclusive" else
             "a referral exactly 12 months before does not count (--re-referral-boundary exclusive)")
    lower = ("" if prev is not None else "; LOWER BOUND: only this census was read, so earlier "
             "referrals closed before 1 April are missed — add --previous LAST_YEAR.xml")
    return Computed("re_referrals_within_12_months_pct", percent(num, den), "CINdetails CINreferralDate",
                    "referrals in the year (no-further-action referrals included) for a child with "
                    "another referral in the 12 months before"
                    + (", read across this census and the previous one." if prev is not None else "."),
                    num, den, judgement=bound + lower)


def assessments(cur: CinCensus, start: dt.date, as_at: dt.date, o: OptionsCin, q: Quality) -> Outcome:
    num = den = 0
    for a_start, auth, ref, at in cur.assessments:
        if not start <= auth <= as_at:
            continue
        begin = ref if o.assessment_from == "referral" else a_start
        if begin is None:
            q.add("Assessments/AssessmentActualStartDate", "missing; assessment left out of the 45-day measure", at)
            continue
        try:
            n = wd(begin, auth, o)
        except SelfevalError:
            q.add("Assessments", "a date outside the bank-holiday table; left out", at)
            continue
        den += 1
        num += n <= 45
    if den == 0:
        return "no assessment was authorised in the year"
    frm = ("from the assessment's start (AssessmentActualStartDate) — a well-founded reading of DfE's "
           "'duration of assessments'; other reading: --assessment-from referral"
           if o.assessment_from == "start" else "from the referral date (--assessment-from referral), "
           "the catalogue's 'of the referral'")
    return Computed("assessments_within_45_working_days_pct", percent(num, den), "Assessments",
                    f"assessments authorised in the year completed within 45 working days ({WD_RULE}).",
                    num, den, judgement=f"{frm}; {_wd_call(o)}")


def icpcs(cur: CinCensus, start: dt.date, as_at: dt.date, o: OptionsCin, q: Quality) -> Outcome:
    num = den = 0
    for s_start, icpc, at in cur.s47:
        if not start <= icpc <= as_at:
            continue
        if s_start is None:
            q.add("Section47/S47ActualStartDate", "missing; ICPC left out of the 15-day measure", at)
            continue
        try:
            n = wd(s_start, icpc, o)
        except SelfevalError:
            q.add("Section47", "a date outside the bank-holiday table; left out", at)
            continue
        den += 1
        num += n <= 15
    if den == 0:
        return "no initial child protection conference in the year"
    return Computed("icpc_within_15_working_days_pct", percent(num, den), "Section47",
                    f"initial child protection conferences held in the year (Section47 DateOfInitialCPC) "
                    f"within 15 working days of the s47 start ({WD_RULE}); transfer-in conferences "
                    "(CINdetails DateOfInitialCPC) are left out, as DfE reports them separately.",
                    num, den, judgement=_wd_call(o),
                    notes=[f"{cur.transfer_in_icpcs} transfer-in conferences not counted"])


def cp_repeat(cur: CinCensus, start: dt.date, as_at: dt.date, o: OptionsCin, q: Quality) -> Outcome:
    firsts: dict[str, tuple[dt.date, int | None, str]] = {}
    plans = []
    for child, s, _, prev, _, at in cur.plans:
        if start <= s <= as_at:
            plans.append((child, s, prev, at))
            if child not in firsts or s < firsts[child][0]:
                firsts[child] = (s, prev, at)
    rows = [(p[2], p[3]) for p in plans] if o.cp_repeat == "plans" else [(v[1], v[2]) for v in firsts.values()]
    num = den = 0
    for prev, at in rows:
        if prev is None:
            q.add("ChildProtectionPlans/NumberOfPreviousCPP", "missing; plan left out of the repeat-plan measure", at)
            continue
        den += 1
        num += prev >= 1
    if den == 0:
        return "no child protection plan started in the year"
    what = ("plans starting in the year (other reading: --cp-repeat-count children)" if o.cp_repeat == "plans"
            else "children starting a plan in the year, by their first plan (--cp-repeat-count children)")
    return Computed("cp_plans_second_or_subsequent_pct", percent(num, den), "ChildProtectionPlans",
                    "child protection plans starting in the year that were a second or subsequent plan "
                    "(NumberOfPreviousCPP 1 or more, any earlier plan in any authority).", num, den,
                    judgement=f"counts {what}")


def cp_two_years(cur: CinCensus, start: dt.date, as_at: dt.date) -> Outcome:
    ended = [(s, e) for _, s, e, _, _, _ in cur.plans if e is not None and start <= e <= as_at]
    if not ended:
        return "no child protection plan ended in the year"
    num = sum(e >= add_years(s, 2) for s, e in ended)
    return Computed("cp_plans_lasting_2_years_plus_pct", percent(num, len(ended)), "ChildProtectionPlans",
                    "child protection plans ending in the year that had lasted 2 years or more "
                    "(CPPendDate on or after CPPstartDate + 2 years).", num, len(ended))


def reviews_on_time(s: dt.date, reviews: tuple[dt.date, ...], upto: dt.date) -> bool:
    """First review within 3 months of the start, each later within 6 months of the one
    before, and none overdue at ``upto`` (calendar months)."""
    due = add_months(s, 3)
    for r in reviews:
        if r <= s or r > upto:
            continue
        if r > due:
            return False
        due = add_months(r, 6)
    return due >= upto


def cp_reviews(cur: CinCensus, start: dt.date, as_at: dt.date, o: OptionsCin) -> Outcome:
    three = add_months(as_at, -3)
    num = den = 0
    for _, s, e, _, reviews, _ in cur.plans:
        if s > as_at:
            continue
        if e is None or e > as_at:
            if s <= three:
                den += 1
                num += reviews_on_time(s, reviews, as_at)
        elif o.cp_reviews_include_ended and start <= e <= as_at and e >= add_months(s, 3):
            den += 1
            num += reviews_on_time(s, reviews, e)
    if den == 0:
        return "no child had been on a plan for 3 months at the as-at date"
    cohort = ("plans open at the as-at date for at least 3 months (the former national indicator's "
              "cohort; other reading: --cp-reviews-include-ended)" if not o.cp_reviews_include_ended
              else "plans open at the as-at date for 3 months or more, and plans that ended in the year "
              "after 3 months or more (--cp-reviews-include-ended)")
    return Computed("cp_review_conferences_on_time_pct", percent(num, den),
                    "ChildProtectionPlans, Reviews/CPPreviewDate",
                    "child protection plans whose every review was on time: the first within 3 months "
                    "of the start, each later one within 6 months of the one before, and none overdue "
                    "at the as-at date (calendar months).", num, den, judgement=f"cohort: {cohort}")
