"""The 903 import as one call: read each year's return, join the years, count, write.

Several returns can be given together (any order); each one's collection year is read from its
latest episode date. The newest is the year being reported; earlier ones supply history.
Long-term stability needs the two years before; A1/A2 need the two years before as well (three
years of adoptions). When one is missing the measure is written blank with a message naming the
year to add.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from selfeval.core.errors import SelfevalError
from selfeval.sources.computed import Computed, Quality, SourceResult
from selfeval.sources.nogc import paused
from selfeval.sources.ssda903 import adoption, counting
from selfeval.sources.ssda903.cohorts import history
from selfeval.sources.ssda903.model import Year903, adopted_children, build, infer_year, year_label
from selfeval.sources.ssda903.options import Options903
from selfeval.sources.ssda903.read import Raw903, read_903

ALWAYS_NOT = {
    "cla_placed_over_20_miles_pct": "the distance is derived by DfE from the home and placement "
                                    "postcodes (PL_DISTANCE) and is not in the return; it needs a "
                                    "postcode-to-grid lookup",
}


@paused
def load_years(paths: list[str | os.PathLike[str]]) -> list[Year903]:
    """Each return read and typed, newest first; two returns for one year is an error.

    The newest is read whole. Earlier ones supply history only, so they are read for the
    children the newest return holds and for children adopted in any of them (A1/A2)."""
    raws: dict[int, Raw903] = {}
    for p in paths:
        raw = read_903(p)
        year = infer_year(raw)
        if year is None:
            raise SelfevalError("no episode has a readable date, so the return's year is unknown",
                                file=str(p), hint="check the Episodes table's DECOM column (dd/mm/yyyy)")
        if year in raws:
            raise SelfevalError(f"two returns for {year_label(year)} (the other is {raws[year].path})",
                                file=str(p), hint="give each year's return once")
        raws[year] = raw
    order = sorted(raws, reverse=True)
    newest = build(raws[order[0]], order[0])
    wanted = set(newest.episodes)
    for y in order[1:]:
        wanted |= adopted_children(raws[y])
    return [newest, *(build(raws[y], y, wanted) for y in order[1:])]


def missing_years(have: set[int], current: int, back: int) -> list[str]:
    return [year_label(current - k) for k in range(1, back + 1) if current - k not in have]


@paused
def compute(years: list[Year903], o: Options903) -> SourceResult:
    cur = years[0]
    as_at = o.as_at or cur.end
    if not cur.start <= as_at <= cur.end:
        raise SelfevalError(
            f"--as-at {as_at.isoformat()} is outside the {cur.label} return's year "
            f"({cur.start.isoformat()} to {cur.end.isoformat()})",
            hint="give a date inside the newest return's year, or leave --as-at out for 31 March")
    q = Quality()
    many = len(years) > 1
    for y in years:
        for (where, problem), places in y.quality.entries.items():
            for p in places:
                q.add(f"{y.label} {where}" if many else where, problem, p)
    hist = history(years)
    cla = counting.looked_after(cur, as_at)
    have = {y.year for y in years}
    by_year = {y.year: y for y in years}
    out: dict[str, Computed | str] = {}
    out["children_in_care_per_10k"] = counting.per_10k(cla, o)
    if o.child_population is not None:  # written too: the rules judged per 10,000 children read it
        out["child_population_under_18"] = Computed(
            "child_population_under_18", o.child_population, "given with --child-population",
            "the number of children aged 0 to 17 given with --child-population (not in the return)", given=True)
    out["cla_3_plus_placements_pct"] = counting.placements_3_plus(cla, cur.start, o)
    gap = missing_years(have, cur.year, 2)
    out["cla_long_term_stability_pct"] = (
        f"it needs the returns for the two years before too; add {' and '.join(gap)}" if gap
        else counting.long_term_stability(hist, cla, cur.dob, as_at))
    out.update(counting.oc2_measures(cur, counting.oc2_cohort(hist, cla, as_at), cla, as_at, o, q))
    if gap:
        out.update(dict.fromkeys(("adoption_a1_days", "adoption_a2_days"),
                                 f"it pools three years of adoptions; add the {' and '.join(gap)} returns"))
    else:
        out.update(adoption.a1_a2(hist, by_year, as_at, o, q))
    out.update(counting.care_leavers(cur, as_at, o, q))
    out["care_leavers_staying_put_pct"] = counting.staying_put(cur, as_at)
    out.update(ALWAYS_NOT)
    values = {m: v for m, v in out.items() if isinstance(v, Computed)}
    not_computed = {m: v for m, v in out.items() if isinstance(v, str)}
    span = cur.label if not many else f"{years[-1].label}–{cur.label}"
    return SourceResult(f"SSDA903 {cur.label}", "903", as_at, cur.start, values, not_computed, q,
                        summary(years, cla) + ([f"years joined for history: {span}"] if many else []))


def summary(years: list[Year903], cla: Mapping[str, object]) -> list[str]:
    lines = []
    for y in years:
        tables = ", ".join(f"{t} {y.counts.get(t, 0)} rows" if t in y.counts else t for t in y.found)
        left = f"; {y.left_out_children} children left out of episode measures" if y.left_out_children else ""
        lines.append(f"SSDA903 {y.label} from '{Path(y.path).name}': {tables}{left}")
    lines.append(f"children looked after at the as-at date: {len(cla)}")
    return lines


def metrics_from_903(paths: list[str | os.PathLike[str]], output: str | os.PathLike[str] | None, *,
                     authority: str, options: Options903, overwrite: bool = False,
                     authority_code: str | None = None) -> SourceResult:
    from selfeval.sources.returnsfile import check_output, write

    check_output(output, overwrite)
    years = load_years(paths)
    result = compute(years, options)
    if output is not None:
        write(result, output, authority=authority, source_name=Path(years[0].path).name,
              authority_code=authority_code)
    return result

