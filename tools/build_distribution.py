#!/usr/bin/env python3
"""Write ``docs/threshold-distribution.md``: where each concern and serious line of the built-in
rules falls among all English authorities' figures of DfE's latest year.

Usage::

    python tools/build_distribution.py [--data ../shared/data/dfe] [-o docs/threshold-distribution.md]

For every rule level that compares a metric DfE publishes by authority with a fixed number, the
table gives the share of authorities (with a published figure) that the line would flag. A line
that flags most authorities, or almost none, is either moved or carries its reason in
``REASONS`` below (shown in the table). ``tests/test_threshold_distribution.py`` rebuilds the
table and fails when it is out of date, so a changed threshold or a new DfE year shows up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import build_benchmarks as bb  # noqa: E402

DEFAULT_OUT = bb.ROOT / "docs" / "threshold-distribution.md"
MOST, FEW = 0.5, 0.03
"""A line flagging more than half of authorities, or fewer than 3%, needs a reason."""

REASONS: dict[tuple[str, str], str] = {
    ("cic-rate-explained", "concern"): "A rate above 100 per 10,000 is a prompt to explain, not a failure; it should flag few authorities.",
    ("cl-eet", "serious"): "Serious only where well under half of care leavers are in education, employment or training; few authorities are.",
    ("ld-caseload-average", "serious"): "An average above 22 is rare and was the level of the failing services in LIV-2014 and Medway 2019: serious by design.",
    ("ld-vacancies", "serious"): "A third of posts vacant is rare and means the service depends on agency cover: serious by design.",
    ("ld-agency-staff", "serious"): "A quarter of the workforce from agencies is rare and a serious finding in its own right.",
    ("ld-turnover", "serious"): "One worker in five leaving each year is rare; serious by design.",
    ("cic-long-term-stability", "concern"): "Set at the England figure (69%, 2025): below England is a concern by design, so about half of authorities are flagged; the serious line (60) separates the weak.",
    ("cl-suitable-accommodation", "serious"): "LIV-2014's 77% (¶151), over ten points below England: rare, and serious by design.",
    ("hp-icpc-timeliness", "concern"): "A statutory timescale (Working Together: 15 working days): the line follows the duty, not the average, and England itself (81.4%) is below it.",
    ("hp-re-referrals", "serious"): "A third of referrals being re-referrals (Plymouth 2014: 33%, called high) is rare: serious by design.",
}


def rule_lines() -> Iterator[tuple[str, str, str, str, float]]:
    """(rule id, level, metric, op, threshold) for each simple metric comparison in the packs."""
    from selfeval.core import packs
    from selfeval.core.conditions import All, Any_, MetricCompare

    def walk(c: Any) -> Iterator[MetricCompare]:
        if isinstance(c, MetricCompare):
            yield c
        elif isinstance(c, (All, Any_)):
            for p in c.parts:
                yield from walk(p)

    rs = packs.load((), builtin=True)
    for rule in rs.rules.values():
        for name, level in rule.levels.items():
            for mc in walk(level.when):
                if mc.metric in bb.SERIES:
                    yield rule.id, name, mc.metric, mc.op, mc.threshold


def authority_values(data: Path, metric: str) -> tuple[int, list[float]]:
    spec = bb.SERIES[metric]
    by: dict[tuple[int, str], list[bb.Row]] = {}
    for r in bb.rows(data, spec["file"], level="Local authority"):
        by.setdefault((int(r["time_period"][:4]), r["new_la_code"] or r["la_name"]), []).append(r)
    year = max(y for y, _ in by)
    values = [v for (y, _), rs in by.items() if y == year and (v := spec["get"](rs)) is not None]
    return year, values


OPS = {"above": lambda v, t: v > t, "below": lambda v, t: v < t,
       "at_least": lambda v, t: v >= t, "at_most": lambda v, t: v <= t}


def table(data: Path) -> str:
    out = [
        "# Where the thresholds fall among all authorities",
        "",
        "Built by `python tools/build_distribution.py` from DfE's latest published year in",
        "`../shared/data/dfe/` (local authority rows); `tests/test_threshold_distribution.py` keeps it",
        "current. For each built-in rule level that compares a metric DfE publishes by authority with a",
        "fixed line, *flags* is the share of authorities with a published figure that the line would",
        f"flag. A line flagging more than {MOST:.0%} or fewer than {FEW:.0%} of authorities has its reason",
        "written here (or has been moved). DfE's measure can differ from the catalogue's (see",
        "`selfeval/data/benchmarks.yaml`, `differs`); the share is a guide to where a line sits, not a",
        "verdict on any authority.",
        "",
        "| rule | level | metric | line | year | authorities | flags | England | why it sits there |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    series = bb.build(data)
    cache: dict[str, tuple[int, list[float]]] = {}
    for rid, level, metric, op, threshold in sorted(rule_lines()):
        year, values = cache.setdefault(metric, authority_values(data, metric))
        flagged = sum(1 for v in values if OPS[op](v, threshold)) / len(values) if values else 0.0
        england = next((p["value"] for p in reversed(series[metric]["series"]) if p["year"] == year), "")
        reason = REASONS.get((rid, level), "")
        if not reason and (flagged > MOST or flagged < FEW):
            reason = "**needs a reason or a new line**"
        out.append(f"| {rid} | {level} | {metric} | {op.replace('_', ' ')} {threshold:g} | {year} | "
                   f"{len(values)} | {flagged:.0%} | {england} | {reason} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=bb.DEFAULT_DATA)
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    text = table(args.data)
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
