"""The CIN census import as one call: read (this year's and optionally last year's), count, write."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from selfeval.core.errors import SelfevalError
from selfeval.sources.cin import counting as c
from selfeval.sources.cin.read import CinCensus, read_cin
from selfeval.sources.computed import Computed, SourceResult
from selfeval.sources.nogc import paused
from selfeval.sources.ssda903.model import year_label


def _year(census: CinCensus, as_at: dt.date | None) -> int:
    if census.year is not None:
        return census.year
    if as_at is not None:
        return as_at.year if as_at.month <= 3 else as_at.year + 1
    raise SelfevalError("the census has no usable ReferenceDate (Header/CollectionDetails), so its year is unknown",
                        file=census.path, hint="give --as-at with a date in the census year")


@paused
def compute(cur: CinCensus, prev: CinCensus | None, o: c.OptionsCin) -> SourceResult:
    year = _year(cur, o.as_at)
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    as_at = o.as_at or end
    if not start <= as_at <= end:
        raise SelfevalError(f"--as-at {as_at.isoformat()} is outside the census year ({start} to {end})",
                            hint="give a date inside the census year, or leave --as-at out for 31 March")
    if prev is not None:
        py = _year(prev, None if prev.year else dt.date(year - 2, 12, 31))
        if py != year - 1:
            raise SelfevalError(f"--previous is the {year_label(py)} census, not {year_label(year - 1)}",
                                file=prev.path, hint="give last year's census as --previous")
    q = cur.quality
    out: dict[str, Computed | str] = {
        "re_referrals_within_12_months_pct": c.re_referrals(cur, prev, start, as_at, o),
        "assessments_within_45_working_days_pct": c.assessments(cur, start, as_at, o, q),
        "icpc_within_15_working_days_pct": c.icpcs(cur, start, as_at, o, q),
        "cp_plans_second_or_subsequent_pct": c.cp_repeat(cur, start, as_at, o, q),
        "cp_plans_lasting_2_years_plus_pct": c.cp_two_years(cur, start, as_at),
        "cp_review_conferences_on_time_pct": c.cp_reviews(cur, start, as_at, o),
    }
    summary = [f"CIN census {year_label(year)} from '{Path(cur.path).name}': {cur.n_children} children, "
               f"{len(cur.referrals)} referrals, {len(cur.assessments)} authorised assessments, "
               f"{len(cur.s47)} s47 enquiries with an ICPC, {len(cur.plans)} child protection plans"]
    if prev is not None:
        summary.append(f"previous census from '{Path(prev.path).name}': {len(prev.referrals)} referrals "
                       "(read for re-referrals only)")
    return SourceResult(f"CIN census {year_label(year)}", "cin", as_at, start,
                        {m: v for m, v in out.items() if isinstance(v, Computed)},
                        {m: v for m, v in out.items() if isinstance(v, str)}, q, summary)


def metrics_from_cin(path: str | os.PathLike[str], output: str | os.PathLike[str] | None, *,
                     authority: str, options: c.OptionsCin, previous: str | os.PathLike[str] | None = None,
                     overwrite: bool = False, authority_code: str | None = None) -> SourceResult:
    from selfeval.sources.returnsfile import check_output, write

    check_output(output, overwrite)
    cur = read_cin(path)
    prev = read_cin(previous) if previous is not None else None
    result = compute(cur, prev, options)
    if output is not None:
        write(result, output, authority=authority, source_name=Path(path).name, authority_code=authority_code)
    return result



