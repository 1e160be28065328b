"""SSDA903 measures by DfE's counting rules (returns.md §4, "Children in care" and "Care leavers").

"In the year" is 1 April to the as-at date (31 March unless ``--as-at`` says otherwise).
Children whose episodes could not be read are left out of episode-based measures (the data
quality list names the rows). A blank never improves a figure: a missing OC2 answer is "no".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from selfeval.sources import returns_codes as codes
from selfeval.sources.computed import Computed, Quality, percent, rounded
from selfeval.sources.dates import add_months, add_years, age_on
from selfeval.sources.ssda903.cohorts import chain, open_at_end, spell_start, upto
from selfeval.sources.ssda903.model import Ep, Year903, where
from selfeval.sources.ssda903.options import Options903

Outcome = Computed | str


def looked_after(y: Year903, as_at: dt.date) -> dict[str, list[Ep]]:
    """Children looked after at the as-at date (episodes cut there), short breaks left out."""
    out = {}
    for child, eps in y.episodes.items():
        cut = upto(eps, as_at)
        if open_at_end(cut) is not None:
            out[child] = cut
    return out


def placements_3_plus(cla: dict[str, list[Ep]], start: dt.date, o: Options903) -> Outcome:
    if not cla:
        return "no child was looked after at the as-at date"
    new = codes.RNE_CARER_CHANGE | (codes.RNE_SAME_CARER if o.count_same_carer_changes else frozenset())
    num = 0
    for eps in cla.values():
        n = 0
        for e in eps:
            if e.dec is not None and e.dec <= start:
                continue
            if o.exclude_temporary_placements and e.place in codes.PLACE_TEMPORARY:
                continue
            if n == 0 or e.rne in new:
                n += 1
        num += n >= 3
    call = ("a new placement is a change of carer (RNE S, P or B); a same-carer change (T, U) "
            "is not" + ("" if not o.count_same_carer_changes else " — overridden: T and U counted too"))
    temp = ("temporary placements (T0–T4) count like any other"
            if not o.exclude_temporary_placements else "temporary placements (T0–T4) are not counted")
    flags = "other readings: --count-same-carer-changes, --exclude-temporary-placements"
    return Computed("cla_3_plus_placements_pct", percent(num, len(cla)), "Episodes",
                    "children looked after at the as-at date (not short breaks, V3/V4) with 3 or "
                    "more placements in the year: the placement open at 1 April (or the first in "
                    "the year) plus each new one; a legal-status-only change (RNE L) is not a placement.",
                    num, len(cla), judgement=f"{call}; {temp} ({flags})")


def long_term_stability(hist: dict[str, list[Ep]], cla: dict[str, list[Ep]], dob: dict[str, dt.date],
                        as_at: dt.date) -> Outcome:
    cared_since = add_months(as_at, -30)
    carer_since = add_years(as_at, -2)
    num = den = 0
    for child in cla:
        d = dob.get(child)
        if d is None or age_on(d, as_at) >= 16:
            continue
        eps = upto(hist[child], as_at)
        period = chain(eps, len(eps) - 1)
        if period[0].decom > cared_since:
            continue
        den += 1
        s = spell_start(period)
        ok = period[s].decom <= carer_since
        if not ok and period[-1].place in codes.PLACE_ADOPTION and s > 0:
            ok = period[spell_start(period, s - 1)].decom <= carer_since
        num += ok
    if den == 0:
        return "no child under 16 had been looked after for 2½ years at the as-at date"
    return Computed("cla_long_term_stability_pct", percent(num, den), "Episodes (three years)",
                    "children under 16 looked after for at least 2½ years at the as-at date (period of "
                    "care unbroken since 30 September 2½ years before) who have lived with the same "
                    "carer for at least 2 years (spell from the latest RNE S, P or B; L, T, U continue "
                    "it), or are placed for adoption (A3–A6) and with the placement before together "
                    "have 2 years; short breaks (V3/V4) left out.", num, den)


def oc2_cohort(hist: dict[str, list[Ep]], cla: dict[str, list[Ep]], as_at: dt.date) -> list[str]:
    """Looked after at the as-at date and continuously for the 12 months before (validator
    rules 190/191): period of care began on or before the day after as-at less a year, and no
    short-break episode in those 12 months."""
    since = add_years(as_at, -1) + dt.timedelta(days=1)
    out = []
    for child in cla:
        eps = upto(hist[child], as_at)
        period = chain(eps, len(eps) - 1)
        if period[0].decom > since:
            continue
        if any(e.ls in codes.LS_SHORT_BREAKS and (e.dec is None or e.dec >= since) for e in period):
            continue
        out.append(child)
    return out


_OC2_ITEMS = {  # metric -> (OC2 column index, column name, label)
    "cla_health_assessments_on_time_pct": (3, "HEALTH_ASSESSMENT", "had their annual health assessment"),
    "cla_dental_checks_pct": (2, "TEETH_CHECK", "had their teeth checked by a dentist"),
    "cla_immunisations_up_to_date_pct": (1, "IMMUNISATIONS", "immunisations up to date"),
}


def oc2_measures(y: Year903, cohort: list[str], cla: dict[str, list[Ep]], as_at: dt.date,
                 o: Options903, q: Quality) -> dict[str, Outcome]:
    if "OC2" not in y.found:
        return dict.fromkeys([*_OC2_ITEMS, "cla_sdq_completed_pct"], "the return has no OC2 table")
    if not cohort:
        return dict.fromkeys([*_OC2_ITEMS, "cla_sdq_completed_pct"],
                             "no child had been looked after continuously for 12 months")
    members = set(cohort)
    for child, (_, place) in y.oc2.items():
        if child not in members:
            q.add("OC2", "completed for a child outside the 12-month cohort; not counted", place)
    for child in cohort:
        if child not in y.oc2:
            q.add("OC2", "child in the 12-month cohort has no OC2 record; counted as not done",
                  f"the child's open episode ({where(cla[child][-1])})")
    out: dict[str, Outcome] = {}
    blank = (None, None, None, None)
    for metric, (i, col, label) in _OC2_ITEMS.items():
        num = sum(y.oc2.get(c, (blank, ""))[0][i] == "1" for c in cohort)
        out[metric] = Computed(metric, percent(num, len(cohort)), f"OC2 {col}",
                               f"children looked after continuously for 12 months at the as-at date "
                               f"with {col} = 1 ({label}); a blank counts as no.", num, len(cohort))
    start = dt.date(y.year - 1, 4, 1)
    num = den = 0
    for c in cohort:
        d = y.dob.get(c)
        if d is None:
            continue
        if o.sdq_ages == "return":
            if age_on(d, start) < 4 or age_on(d, as_at) >= 17:
                continue
        elif not 5 <= age_on(d, as_at) <= 16:
            continue
        den += 1
        row = y.oc2.get(c)
        score = row[0][0] if row else None
        if score is not None and score.isdigit() and 0 <= int(score) <= 40:
            num += 1
        elif score is not None and row is not None:
            q.add("OC2 SDQ_SCORE", "not a whole number 0–40; counted as not completed", row[1])
    band = ("aged 4 or over at 1 April and under 17 at the as-at date (the return's eligibility)"
            if o.sdq_ages == "return" else "aged 5 to 16 at the as-at date (DfE's published tables)")
    out["cla_sdq_completed_pct"] = (Computed(
        "cla_sdq_completed_pct", percent(num, den), "OC2 SDQ_SCORE",
        "children looked after continuously for 12 months with an SDQ score (0–40) recorded; a "
        "reason (SDQ_REASON) alone counts as not completed.", num, den,
        judgement=f"age band: {band} (other reading: --sdq-ages "
                  f"{'published' if o.sdq_ages == 'return' else 'return'})")
        if den else "no child in the 12-month cohort is of SDQ age")
    return out


def per_10k(cla: dict[str, list[Ep]], o: Options903) -> Outcome:
    if o.child_population is None:
        return ("the return holds no population: give --child-population (the ONS mid-year "
                "estimate of 0–17s; say which mid-year)")
    n = len(cla)
    return Computed("children_in_care_per_10k", rounded(n * 10000 / o.child_population), "Episodes",
                    "children looked after at the as-at date (not short breaks) per 10,000 children "
                    "aged 0–17 (the population given with --child-population).", n, o.child_population)


def staying_put(y: Year903, as_at: dt.date) -> Outcome:
    start = dt.date(y.year - 1, 4, 1)
    num = den = 0
    born_from, born_to = start.year - 19, as_at.year - 17  # a cheap bound before the exact birthday
    for child, eps in y.episodes.items():
        d = y.dob.get(child)
        if d is None or not born_from <= d.year <= born_to:
            continue
        eighteen = add_years(d, 18)
        if not start <= eighteen <= as_at:
            continue
        for e in eps:
            if (e.dec == eighteen and e.rec not in (None, codes.REC_CONTINUES)
                    and e.place in codes.PLACE_FOSTER):
                den += 1
                num += e.rec == codes.REC_STAYED_WITH_CARERS
    if den == 0:
        return "no young person's care ended on their 18th birthday in a foster placement in the year"
    return Computed("care_leavers_staying_put_pct", percent(num, den), "Episodes and Header",
                    "young people whose care ended on their 18th birthday in the year while in a "
                    "foster placement (U1–U6) who stayed with their carers (REC E17).", num, den,
                    judgement="DfE's exact eligibility is not established beyond 'ceased care at 18 "
                              "from foster care'; this is that reading")


def care_leavers(y: Year903, as_at: dt.date, o: Options903, q: Quality) -> dict[str, Outcome]:
    names = ("care_leavers_in_touch_pct", "care_leavers_eet_pct",
             "care_leavers_suitable_accommodation_pct", "care_leavers_bed_and_breakfast_count")
    if "OC3" not in y.found:
        return dict.fromkeys(names, "the return has no OC3 table")
    start = dt.date(y.year - 1, 4, 1)
    cohort = []
    for _child, dob, touch, act, accom, at in y.oc3:
        if dob is None:
            q.add("OC3 DOB", "missing or not a date; young person left out", at)
            continue
        birthday = add_years(dob, start.year - dob.year)
        if birthday < start:
            birthday = add_years(dob, start.year + 1 - dob.year)
        if birthday > as_at:
            continue
        age = age_on(dob, birthday)
        if not 17 <= age <= 21:
            q.add("OC3 DOB", "the birthday in the year is not a 17th–21st; left out", at)
            continue
        cohort.append((touch, act, accom))
    if not cohort:
        return dict.fromkeys(names, "no care leaver's 17th–21st birthday fell in the year")
    den_rows = [r for r in cohort if r[0] not in codes.IN_TOUCH_OUT_OF_COHORT]
    # DfE's codes by name; anything else is counted, never quoted (it could be a child's data)
    touch_counts = Counter((r[0] if r[0] in codes.IN_TOUCH else "not a DfE code") if r[0] else "blank"
                           for r in cohort)
    breakdown = ", ".join(f"{k} {v}" for k, v in sorted(touch_counts.items()))
    snap = "at each young person's 17th–21st birthday in the year (OC3 is a birthday snapshot)"
    base = f"care leavers {snap}, leaving out those who died (DIED) or went home for 6+ months (RHOM)"
    out: dict[str, Outcome] = {}
    den = len(den_rows)
    if den:
        in_touch = {"YES", "NREQ"} if o.nreq_in_touch else {"YES"}
        n = sum(r[0] in in_touch for r in den_rows)
        out[names[0]] = Computed(names[0], percent(n, den), "OC3 IN_TOUCH",
                                 f"{base}, in touch (IN_TOUCH = YES{', NREQ' if o.nreq_in_touch else ''}).",
                                 n, den, judgement="NREQ (no longer requires services) counted as "
                                 + ("in touch" if o.nreq_in_touch else "not in touch (other reading: --nreq-in-touch)"),
                                 notes=[f"IN_TOUCH breakdown: {breakdown}"])
        eet = codes.eet_codes(y.year) | (codes.ACTIV_RETIRED_2022 if y.year >= 2022 else frozenset())
        n = sum(r[1] in eet for r in den_rows)
        out[names[1]] = Computed(names[1], percent(n, den), "OC3 ACTIV",
                                 f"{base}, in education, employment or training (ACTIV "
                                 f"{', '.join(sorted(codes.eet_codes(y.year)))}); no information (0) "
                                 "stays in the denominator.", n, den)
        n = sum(r[2] is not None and len(r[2]) == 2 and r[2][1] == "1" for r in den_rows)
        out[names[2]] = Computed(names[2], percent(n, den), "OC3 ACCOM",
                                 f"{base}, in accommodation the authority judged suitable (ACCOM "
                                 "ending 1); no information (0) stays in the denominator.", n, den)
    else:
        for m in names[:3]:
            out[m] = "every care leaver in the cohort died or returned home for 6+ months"
    n = sum(r[2] in codes.ACCOM_BED_AND_BREAKFAST for r in cohort)
    out[names[3]] = Computed(names[3], n, "OC3 ACCOM",
                             f"care leavers in bed and breakfast (ACCOM W1 or W2) {snap}, not at the "
                             "period end.", judgement="the catalogue asks for the period end; the "
                             "return has only the birthday snapshots")
    return out
