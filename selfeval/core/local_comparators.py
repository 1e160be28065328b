"""A comparator file the user supplies: their statistical neighbours, region or any named group,
as YAML or CSV (including the shape of a LAIT or regional benchmarking export). Shown beside
England in every report with its year and source; `worse_than` rules may compare with it.

YAML::

    source: North West regional benchmarking report, quarter 2 2026-27
    year: 2025-26                       # the year the figures describe (each value may say its own)
    groups:
      statistical_neighbours:
        metrics: {re_referrals_within_12_months_pct: 21.3}
      core_cities:
        label: Core cities
        metrics:
          assessments_within_45_working_days_pct: {value: 84.1, year: 2025-26, source: Core cities group}
          agency_social_worker_pct: {"2024": 17.5, "2025": 15.1}   # a series: the period's year is chosen

CSV, long: ``metric,group,value,year,source`` (``label`` optional). CSV, wide (LAIT): a
``metric`` (or ``indicator``) column, an ``area`` (or ``group``) column, then one column per year
(``2024``, ``2024-25``); title rows above the header are skipped. Area words: "Statistical
neighbours" (or "SN average") → statistical_neighbours, "England" → national, an English region →
region, anything else a named group.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from selfeval.core import benchmarks as bm
from selfeval.core import catalogue as cat
from selfeval.core import yamlsafe
from selfeval.core.comparators import GROUPS, Figure, table
from selfeval.core.errors import SelfevalError, Where

REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West")
_SN = re.compile(r"^(statistical\s+neighbou?rs?|sn)(\s+(average|mean|avg))?$|^sn\s+average$")
_YEAR = re.compile(r"^(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?$")
Point = tuple[str, dt.date, float, str | None]  # year label, date it describes, value, source


def group_of(word: str) -> tuple[str, str]:
    """A CSV area or YAML group name as (group id, label)."""
    text = " ".join(str(word).split())
    low = text.lower().replace("'", "")
    if _SN.match(low) or low in ("statistical_neighbours", "statistical neighbour average"):
        return "statistical_neighbours", "Statistical neighbours"
    if low in ("england", "national"):
        return "national", "England"
    for r in REGIONS:
        if low == r.lower() or low == "region":
            return "region", r if low != "region" else "Region"
    slug = re.sub(r"[^a-z0-9]+", "_", low).strip("_")
    return slug or "group", text


def year_date(label: str, metric: str) -> dt.date | None:
    """The date a year label describes: '2025' → DfE's reference date for the metric (31 March,
    or 30 September for the workforce); '2024-25' → 31 March 2025; an ISO date as itself."""
    text = str(label).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = _YEAR.match(text)
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    if end:
        year = int(end) if len(end) == 4 else (start // 100) * 100 + int(end)
        return dt.date(year, 3, 31)
    month_day = table()["metrics"].get(metric, {}).get("as_at", "03-31")
    return dt.date.fromisoformat(f"{start}-{month_day}")


class LocalFile:
    """The parsed file: group → (label, metric → points)."""

    def __init__(self, file: str, source: str) -> None:
        self.file, self.source = file, source
        self.groups: dict[str, tuple[str, dict[str, list[Point]]]] = {}
        self.custom: set[str] = set()  # groups the file labels itself

    def add(self, group: str, label: str, metric: str, point: Point) -> None:
        self.groups.setdefault(group, (label, {}))[1].setdefault(metric, []).append(point)

    def figures(self, when: dt.date | None) -> dict[str, list[Figure]]:
        out: dict[str, list[Figure]] = {}
        for group, (label, metrics) in self.groups.items():
            for metric, points in metrics.items():
                ordered = sorted(points, key=lambda p: p[1])
                year, as_at, value, source = bm.choose(ordered, when, lambda p: p[1])
                shown = f"{label} (your comparators)" if group in GROUPS and group not in self.custom else label
                out.setdefault(metric, []).append(Figure(
                    metric, group, shown, value, str(year), source or self.source, "local", as_at,
                    f"from {Path(self.file).name}", (as_at - when).days if when else 0))
        return out


def load(path: Path | str, catalogue: cat.Catalogue | None = None) -> LocalFile:
    p = Path(path)
    c = catalogue or cat.load()
    if p.suffix.lower() == ".csv":
        try:
            text = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise SelfevalError("comparator file not found", file=str(p), hint="check the --benchmarks path") from None
        except UnicodeDecodeError:
            raise SelfevalError("the file is not UTF-8 text", file=str(p), hint="save the CSV as UTF-8") from None
        return _csv(text, str(p), c)
    if p.suffix.lower() not in (".yaml", ".yml"):
        raise SelfevalError("a comparator file should be .yaml, .yml or .csv", file=str(p))
    data, locator = yamlsafe.load(p)
    return _yaml(data, str(p), locator, c)


def _metric(word: Any, c: cat.Catalogue, file: str, where: Where) -> str:
    if str(word) not in c.metrics:
        message, hint = cat.unknown_id("metric", word, c.metrics)
        raise SelfevalError(message, file=file, where=where, hint=hint)
    return str(word)


def _number(raw: Any, file: str, where: Where, what: str) -> float:
    if isinstance(raw, bool):
        raise SelfevalError(f"{what} should be a number, not yes/no", file=file, where=where)
    try:
        return float(str(raw).strip().rstrip("%").replace(",", ""))
    except ValueError:
        raise SelfevalError(f"{what} should be a number", file=file, where=where,
                            hint="write the figure in the catalogue's unit, e.g. 21.3") from None


def _yaml(data: Any, file: str, locator: Any, c: cat.Catalogue) -> LocalFile:
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict) or not data.get("source"):
        raise SelfevalError("a comparator file needs 'source' and 'groups'", file=file, where=locator.where(()),
                            hint="see examples/comparators/regional-benchmarking.yaml")
    out = LocalFile(file, str(data["source"]))
    default_year = str(data.get("year", ""))
    for gname, g in data["groups"].items():
        gpath: tuple[Any, ...] = ("groups", gname)
        if not isinstance(g, dict) or not isinstance(g.get("metrics"), dict):
            raise SelfevalError(f"group '{gname}' needs 'metrics'", file=file, where=locator.where(gpath))
        group, label = group_of(gname)
        if g.get("label"):
            label = str(g["label"])
            out.custom.add(group)
        for mid, raw in g["metrics"].items():
            mpath = gpath + ("metrics", mid)
            metric = _metric(mid, c, file, locator.where(mpath))
            items: list[tuple[str, Any, str | None]]
            if isinstance(raw, dict) and "value" in raw:
                items = [(str(raw.get("year", default_year)), raw["value"], raw.get("source"))]
            elif isinstance(raw, dict):
                items = [(str(y), v, None) for y, v in raw.items()]
            else:
                items = [(default_year, raw, None)]
            for year, value, source in items:
                _point(out, group, label, metric, year, value, source, file, locator.where(mpath))
    return out


def _point(out: LocalFile, group: str, label: str, metric: str, year: str, value: Any,
           source: str | None, file: str, where: Where) -> None:
    if not year:
        raise SelfevalError(f"the figure for {metric} needs a year", file=file, where=where,
                            hint="give 'year:' at the top of the file or beside the value")
    when = year_date(year, metric)
    if when is None:
        raise SelfevalError(f"'{year}' is not a year", file=file, where=where,
                            hint="write 2025, 2024-25 or a date such as 2025-03-31")
    out.add(group, label, metric, (year, when, _number(value, file, where, f"the figure for {metric}"), source))


def _csv(text: str, file: str, c: cat.Catalogue) -> LocalFile:
    import csv  # only for a CSV comparator file

    rows = list(csv.reader(io.StringIO(text)))
    start = next((i for i, r in enumerate(rows) if {h.strip().lower() for h in r} & {"metric", "indicator"}), None)
    if start is None:
        raise SelfevalError("no header row with a 'metric' column", file=file,
                            hint="the first row of the table should name 'metric', 'group' (or 'area') and 'value' or years")
    header = [h.strip().lower() for h in rows[start]]
    col = {h: i for i, h in enumerate(header) if h}
    mcol = col.get("metric", col.get("indicator"))
    gcol = col.get("group", col.get("area", col.get("comparator")))
    years = {i: h for i, h in enumerate(rows[start]) if _YEAR.match(h.strip()) or _iso(h)}
    if gcol is None or ("value" not in col and not years):
        raise SelfevalError("the header needs 'group' (or 'area') and 'value' or one column per year",
                            file=file, where=Where(line=start + 1), hint="see examples/comparators/lait-knowsley.csv")
    out = LocalFile(file, "")
    for n, r in enumerate(rows[start + 1:], start=start + 2):
        if not any(x.strip() for x in r):
            continue
        where = Where(line=n)

        def cell(i: int | None, r: list[str] = r) -> str:
            return r[i].strip() if i is not None and i < len(r) else ""
        metric = _metric(cell(mcol), c, file, where)
        group, label = group_of(cell(gcol))
        if cell(col.get("label")):
            label = cell(col.get("label"))
            out.custom.add(group)
        source = cell(col.get("source")) or None
        if "value" in col:
            if cell(col["value"]):
                _point(out, group, label, metric, cell(col.get("year")), cell(col["value"]), source, file, where)
        for i, y in years.items():
            if cell(i) and cell(i).lower() not in ("c", "x", "z", "low", "-", "n/a", ":"):
                _point(out, group, label, metric, y.strip(), cell(i), source, file, where)
    out.source = next((s for _, (_, ms) in out.groups.items() for ps in ms.values() for *_, s in ps if s),
                      Path(file).name)
    return out


def _iso(h: str) -> bool:
    try:
        dt.date.fromisoformat(h.strip())
        return True
    except ValueError:
        return False


def figures(path: Path | str | None, when: dt.date | None,
            catalogue: cat.Catalogue | None = None) -> tuple[dict[str, list[Figure]], str | None]:
    """The file's figures for the period ending ``when``, and its source; nothing without a file."""
    if path is None:
        return {}, None
    f = load(path, catalogue)
    return f.figures(when), f.source


