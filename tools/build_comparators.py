#!/usr/bin/env python3
"""Build ``selfeval/data/comparators.json``: every authority's, region's and England's published
figures by year, and DfE's statistical neighbour groupings, from DfE official statistics.

Usage::

    python tools/build_comparators.py [--data ../shared/data/dfe] [-o selfeval/data/comparators.json]
    python tools/build_comparators.py --check      # exit 1 if the committed file is out of date

Reads the Local authority, Regional and National rows of the DfE CSV downloads (Explore Education
Statistics; Open Government Licence) described in the data folder's README. Each figure is
counted by the same extractor that gives England's in ``tools/build_benchmarks.py`` (its
``SERIES``), so an authority, its region and England are always counted the same way. Figures
DfE suppressed (``c``, ``x``, ``z``, ``low``) are left out, never guessed.

Statistical neighbours: DfE's two models in the data folder, each authority's ten nearest
neighbours: the April 2021 groupings (``New_Statistical_Neighbour_Groupings_April_2021.csv``) and
the 2025 model (``sn_model_2025_wide.csv``). selfeval uses, for a period, the latest model
published by the period's year (2021 groupings up to 2024, the 2025 model from 2025), and says
which; the neighbours' average is the plain mean of the neighbours' published figures, as DfE's
LAIT computes it, with the number of neighbours it rests on.

Why a script: DfE revises figures and adds a year every autumn. Rerun this after downloading the
new CSVs, read the diff, commit. Never edit comparators.json by hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_benchmarks import DEFAULT_DATA, SERIES, Row, _clean  # noqa: E402  (one set of extractors)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "selfeval" / "data" / "comparators.json"
LEVELS = ("National", "Regional", "Local authority")
REGION_OF = {"Inner London": "London", "Outer London": "London"}
"""Some files name London authorities' sub-region; an authority's region is one of England's nine."""
SN_MODELS = {
    "2021": {"file": "New_Statistical_Neighbour_Groupings_April_2021.csv", "from_year": 2013,
             "title": "DfE statistical neighbour groupings, April 2021"},
    "2025": {"file": "sn_model_2025_wide.csv", "from_year": 2025,
             "title": "DfE statistical neighbour model, 2025"},
}


def read(data: Path, name: str) -> list[Row]:
    with open(data / name, encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r.get("geographic_level") in LEVELS]


def geo_key(r: Row) -> str | None:
    """'E' for England, 'R:<region>' for a region, the three-digit LA code for an authority."""
    level = r["geographic_level"]
    if level == "National":
        return "E"
    if level == "Regional":
        return f"R:{r['region_name']}" if r.get("region_name") else None
    code = (r.get("old_la_code") or "").strip()
    return code or None


def build_values(data: Path) -> tuple[dict[str, dict[str, dict[str, float | int]]], dict[str, dict[str, str]]]:
    values: dict[str, dict[str, dict[str, float | int]]] = {}
    authorities: dict[str, dict[str, str]] = {}
    cache: dict[str, list[Row]] = {}
    for metric, spec in SERIES.items():
        rows = cache.setdefault(spec["file"], read(data, spec["file"]))
        groups: dict[tuple[int, str], list[Row]] = {}
        for r in rows:
            key = geo_key(r)
            if key is None:
                continue
            groups.setdefault((int(r["time_period"][:4]), key), []).append(r)
            if r["geographic_level"] == "Local authority":
                authorities[key] = {"name": r["la_name"], "region": REGION_OF.get(r["region_name"], r["region_name"]),
                                    "new_code": r.get("new_la_code") or ""}
        out: dict[str, dict[str, float | int]] = {}
        for (year, key), rs in sorted(groups.items()):
            v = spec["get"](rs)
            if v is not None:
                out.setdefault(str(year), {})[key] = _clean(v)
        values[metric] = out
    return values, dict(sorted(authorities.items()))


def build_neighbours(data: Path) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for model, spec in SN_MODELS.items():
        with open(data / spec["file"], encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            code_col = 0
            sn_cols = [i for i, h in enumerate(header) if h.strip() in {f"SN{n}" for n in range(1, 11)}
                       | {f"SN_{n}" for n in range(1, 11)}]
            groups = {}
            for row in reader:
                if not row or not row[code_col].strip().isdigit():
                    continue
                groups[row[code_col].strip()] = [row[i].strip() for i in sn_cols if row[i].strip()]
        out[model] = dict(sorted(groups.items()))
    return out


def build(data: Path) -> dict[str, Any]:
    values, authorities = build_values(data)
    metrics = {
        m: {"publication": s["publication"], "link": s["link"], "definition": s["definition"],
            "as_at": s["month_day"], "period": s["period"], **({"differs": s["differs"]} if "differs" in s else {})}
        for m, s in SERIES.items()}
    return {
        "about": ("Published figures of every English local authority, region and England by year, and DfE's "
                  "statistical neighbour groupings. Built by tools/build_comparators.py from DfE official "
                  "statistics (Explore Education Statistics, Open Government Licence); do not edit by hand."),
        "keys": "values[metric][year]: 'E' England, 'R:<region>' a region, a three-digit LA code an authority",
        "metrics": metrics,
        "neighbour_models": {k: {"title": v["title"], "from_year": v["from_year"]} for k, v in SN_MODELS.items()},
        "authorities": authorities,
        "neighbours": build_neighbours(data),
        "values": values,
    }


def dump(table: dict[str, Any]) -> str:
    """One line per metric-year so a yearly rebuild reads as a small diff."""
    head = {k: v for k, v in table.items() if k != "values"}
    text = json.dumps(head, indent=1, ensure_ascii=False, sort_keys=False)[:-2]
    lines = [text + ',\n "values": {']
    metrics = list(table["values"].items())
    for i, (metric, years) in enumerate(metrics):
        lines.append(f'  {json.dumps(metric)}: {{')
        ys = list(years.items())
        for j, (year, geo) in enumerate(ys):
            sep = "," if j < len(ys) - 1 else ""
            lines.append(f'   {json.dumps(year)}: {json.dumps(geo, separators=(",", ":"), sort_keys=True)}{sep}')
        lines.append("  }" + ("," if i < len(metrics) - 1 else ""))
    lines.append(" }\n}\n")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of DfE CSV downloads")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if the output file is out of date")
    args = ap.parse_args(argv)
    text = dump(build(args.data))
    json.loads(text)  # the writer above is hand-rolled: prove it is JSON
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run tools/build_comparators.py", file=sys.stderr)
            return 1
        return 0
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output} ({len(text) // 1024} KB, {len(table_metrics(text))} metrics)")
    return 0


def table_metrics(text: str) -> list[str]:
    return list(json.loads(text)["values"])


if __name__ == "__main__":
    sys.exit(main())
