"""The CIN and workforce census importers give the synthetic censuses' known answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from selfeval.core.errors import SelfevalError
from selfeval.sources.cin import run as cin_run
from selfeval.sources.cin.counting import OptionsCin, reviews_on_time
from selfeval.sources.cin.read import read_cin
from selfeval.sources.workforce.counting import OptionsWorkforce, compute
from selfeval.sources.workforce.read import read_workforce

from .conftest import check, got

Cin = tuple[Path, Path, dict[str, Any]]
Csww = tuple[Path, dict[str, Any]]


def test_cin_gives_the_known_answers(rcin: Cin) -> None:
    cur, prev, answers = rcin
    check(cin_run.compute(read_cin(cur), read_cin(prev), OptionsCin()), answers)


def test_without_last_years_census_re_referrals_are_a_lower_bound(rcin: Cin) -> None:
    cur, prev, answers = rcin
    alone = cin_run.compute(read_cin(cur), None, OptionsCin())
    v = alone.values["re_referrals_within_12_months_pct"]
    assert "LOWER BOUND" in (v.judgement or "")
    assert v.value <= answers["metrics"]["re_referrals_within_12_months_pct"]["value"]


def test_previous_must_be_last_years_census(rcin: Cin) -> None:
    cur, _, _ = rcin
    with pytest.raises(SelfevalError, match="not 2024/25"):
        cin_run.compute(read_cin(cur), read_cin(cur), OptionsCin())


@pytest.mark.parametrize("option", [{"assessment_from": "referral"}, {"cp_repeat": "children"},
                                    {"cp_reviews_include_ended": True}, {"count_start_day": True}])
def test_cin_judgement_calls_have_flags(rcin: Cin, option: dict[str, Any]) -> None:
    cur, prev, _ = rcin
    a = cin_run.compute(read_cin(cur), read_cin(prev), OptionsCin())
    b = cin_run.compute(read_cin(cur), read_cin(prev), OptionsCin(**option))
    changed = [m for m in a.values if got(a, m) != got(b, m) or a.values[m].judgement != b.values[m].judgement]
    assert changed, option


def test_cin_as_at_inside_the_year(rcin: Cin) -> None:
    cur, prev, _ = rcin
    r = cin_run.compute(read_cin(cur), read_cin(prev), OptionsCin(as_at=dt.date(2025, 9, 30)))
    full = cin_run.compute(read_cin(cur), read_cin(prev), OptionsCin())
    assert r.values["assessments_within_45_working_days_pct"].denominator < \
        full.values["assessments_within_45_working_days_pct"].denominator  # type: ignore[operator]
    with pytest.raises(SelfevalError, match="outside the census year"):
        cin_run.compute(read_cin(cur), None, OptionsCin(as_at=dt.date(2026, 4, 1)))


@pytest.mark.parametrize(("start", "reviews", "upto", "ok"), [
    (dt.date(2025, 1, 10), (dt.date(2025, 4, 10), dt.date(2025, 10, 10)), dt.date(2026, 3, 31), True),
    (dt.date(2025, 1, 10), (dt.date(2025, 4, 11), dt.date(2025, 10, 10)), dt.date(2026, 3, 31), False),  # first late
    (dt.date(2025, 1, 10), (dt.date(2025, 4, 10), dt.date(2025, 10, 11)), dt.date(2026, 3, 31), False),  # second late
    (dt.date(2025, 1, 10), (dt.date(2025, 4, 10),), dt.date(2026, 3, 31), False),  # overdue at the as-at date
    (dt.date(2025, 11, 30), (), dt.date(2026, 2, 28), True),  # first review not yet due (3 months: 28 Feb)
    (dt.date(2025, 11, 30), (), dt.date(2026, 3, 1), False),
])
def test_cp_review_timeliness_in_calendar_months(start: dt.date, reviews: tuple[dt.date, ...], upto: dt.date,
                                                  ok: bool) -> None:
    assert reviews_on_time(start, reviews, upto) is ok


def test_workforce_gives_the_known_answers(rcsww: Csww) -> None:
    check(compute(read_workforce(rcsww[0]), OptionsWorkforce()), rcsww[1])


def test_workforce_caseload_readings(rcsww: Csww) -> None:
    wf = read_workforce(rcsww[0])
    base = compute(wf, OptionsWorkforce()).values["social_worker_caseload_average"]
    perm = compute(read_workforce(rcsww[0]), OptionsWorkforce(caseload_workers="permanent")).values[
        "social_worker_caseload_average"]
    role = compute(read_workforce(rcsww[0]), OptionsWorkforce(case_holder="role")).values[
        "social_worker_caseload_average"]
    assert "other reading" in (base.judgement or "")
    assert perm.denominator != base.denominator and role.denominator != base.denominator


def test_workforce_as_at_before_the_census_date(rcsww: Csww) -> None:
    r = compute(read_workforce(rcsww[0]), OptionsWorkforce(as_at=dt.date(2025, 3, 31)))
    assert "social_worker_turnover_pct" in r.values
    assert "2025-09-30 only" in r.not_computed["social_worker_caseload_average"]


def test_fte_is_kept_out_of_the_count_fields(rcsww: Csww) -> None:
    from selfeval.sources.returnsfile import render

    text = render(compute(read_workforce(rcsww[0]), OptionsWorkforce()), authority="X", source_name="f")
    assert "numerator:" not in text and " FTE of " in text
