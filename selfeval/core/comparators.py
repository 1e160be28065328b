"""Comparators beside England: an authority's own published figure, its statistical neighbours'
average and its region, from the table shipped in ``data/comparators.json`` (built from DfE's
official statistics by ``tools/build_comparators.py``), and the groups in a comparator file the
user supplies (:mod:`selfeval.core.local_comparators`).

A period is compared with the figures of its own year, or the latest before it (else the
earliest), and every figure says which year it describes: the same choice England's figures make
(:func:`selfeval.core.benchmarks.choose`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from functools import lru_cache
from typing import Any, Mapping

from selfeval.core import benchmarks as bm
from selfeval.core.catalogue import suggest
from selfeval.core.errors import NOWHERE, SelfevalError, Where
from selfeval.core.records import dataclass, field
from selfeval.core.resources import read_text

GROUPS: dict[str, str] = {
    "authority": "Published figure for the authority",
    "statistical_neighbours": "Statistical neighbours' average",
    "region": "Region",
    "national": "England",
}
"""Comparator groups selfeval knows by name. A user's file may add named groups of its own."""
WORSE_THAN = ("national", "statistical_neighbours", "region")
"""Words `worse_than` takes besides a named group from a comparator file."""


@dataclass(frozen=True)
class Authority:
    code: str  # DfE's three-digit LA code
    name: str
    region: str
    new_code: str = ""


@dataclass(frozen=True)
class Figure:
    """One comparator's figure for one metric, with the year it describes and its source."""

    metric: str
    group: str
    label: str
    value: float
    period: str
    source: str
    origin: str  # "published" (the bundled DfE table) or "local" (the user's file)
    as_at: dt.date | None = None
    note: str | None = None
    distance_days: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "label": self.label, "value": self.value, "period": self.period,
                "source": self.source, "origin": self.origin, "note": self.note,
                "as_at": self.as_at.isoformat() if self.as_at else None,
                "far": abs(self.distance_days) > bm.FAR_DAYS}


@dataclass(frozen=True)
class Comparators:
    """Every comparator figure for one period, metric by metric, in the order reports show them."""

    authority: Authority | None = None
    figures: Mapping[str, tuple[Figure, ...]] = field(default_factory=dict)
    local_file: str | None = None
    local_source: str | None = None

    def for_metric(self, metric: str) -> tuple[Figure, ...]:
        return self.figures.get(metric, ())

    def values(self) -> dict[str, dict[str, float]]:
        """group -> metric -> value for conditions. A group the user's file gives wins over the
        bundled figure for the same group (the user's is the one they chose to compare with)."""
        out: dict[str, dict[str, float]] = {}
        for metric, figs in self.figures.items():
            for f in sorted(figs, key=lambda f: f.origin == "local"):
                out.setdefault(f.group, {})[metric] = f.value
        return out

    def figure(self, metric: str, group: str) -> Figure | None:
        found = [f for f in self.for_metric(metric) if f.group == group]
        return next((f for f in found if f.origin == "local"), found[0] if found else None)

    def to_dict(self) -> dict[str, Any]:
        a = self.authority
        return {"authority": None if a is None else {"code": a.code, "name": a.name, "region": a.region,
                                                     "new_code": a.new_code},
                "local_file": self.local_file, "local_source": self.local_source,
                "published_source": TABLE_SOURCE if a is not None else None}


NONE = Comparators()
TABLE_SOURCE = ("Department for Education official statistics (children in need; children looked after; "
                "children's social work workforce) and DfE statistical neighbour models, as bundled with selfeval")


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(read_text("data", "comparators.json"))
    return data


def authority(code: object, *, file: str | None = None, where: Where = NOWHERE) -> Authority:
    """The authority with this LA code (three-digit, e.g. 340, or nine-character, e.g. E08000011)."""
    auths: dict[str, dict[str, str]] = table()["authorities"]
    text = str(code).strip()
    if text in auths:
        a = auths[text]
        return Authority(text, a["name"], a["region"], a.get("new_code", ""))
    for k, a in auths.items():
        if a.get("new_code", "").upper() == text.upper() and text:
            return Authority(k, a["name"], a["region"], a.get("new_code", ""))
    by_name = {a["name"]: k for k, a in auths.items()}
    hint = suggest(text, by_name)
    if hint is not None:
        name = hint.split("'")[1]
        hint = f"{name} is LA code {by_name[name]}"
    else:
        close = suggest(text, auths)
        hint = close or "use DfE's three-digit LA code (e.g. 340) or the nine-character code (e.g. E08000011)"
    raise SelfevalError(f"unknown LA code '{text}'", file=file, where=where, hint=hint)


def _as_at(meta: Mapping[str, Any], year: str) -> dt.date:
    return dt.date.fromisoformat(f"{int(year)}-{meta['as_at']}")


def published(auth: Authority, when: dt.date | None) -> dict[str, list[Figure]]:
    """The authority's own figure, its neighbours' average and its region for each metric DfE
    publishes, for the period ending ``when``: all of one year, chosen as England's are."""
    t = table()
    out: dict[str, list[Figure]] = {}
    for metric, years in t["values"].items():
        meta: dict[str, Any] = t["metrics"][metric]
        dated: list[str] = sorted(years, key=int)
        year = bm.choose(dated, when, lambda y: _as_at(meta, y))  # noqa: B023 - called here, at once
        row: dict[str, float] = years[year]
        base = Figure(metric, "", "", 0.0, meta["period"].format(y=year),
                      f"{meta['publication']}, reporting year {year} (DfE)", "published", _as_at(meta, year))
        if when is not None:
            base = replace(base, distance_days=(_as_at(meta, year) - when).days)
        model, neighbours = _neighbours(auth.code, int(year))
        vals = [row[c] for c in neighbours if c in row]
        candidates: list[tuple[str, str, float | None, str | None]] = [
            ("authority", f"{auth.name} (published)", row.get(auth.code), None),
            ("statistical_neighbours", f"Statistical neighbours ({len(vals)})",
             round(sum(vals) / len(vals), 1) if vals else None,
             f"mean of {len(vals)} of {len(neighbours)} neighbours' published figures; "
             f"{t['neighbour_models'][model]['title']}"),
            ("region", auth.region, row.get(f"R:{auth.region}"), None),
        ]
        figs = [replace(base, group=g, label=label, value=float(v), note=note)
                for g, label, v, note in candidates if v is not None]
        if figs:
            out[metric] = figs
    return out


def _neighbours(code: str, year: int) -> tuple[str, list[str]]:
    """The latest statistical neighbour model published by ``year`` that groups this authority."""
    t = table()
    models = sorted(t["neighbour_models"], key=lambda m: t["neighbour_models"][m]["from_year"], reverse=True)
    usable = [m for m in models if t["neighbour_models"][m]["from_year"] <= year] + models[::-1]
    for m in usable:
        if code in t["neighbours"][m]:
            return m, list(t["neighbours"][m][code])
    return models[0], []


def merge(*parts: Mapping[str, list[Figure]]) -> dict[str, tuple[Figure, ...]]:
    out: dict[str, list[Figure]] = {}
    for part in parts:
        for metric, figs in part.items():
            out.setdefault(metric, []).extend(figs)
    return {m: tuple(f) for m, f in out.items()}
