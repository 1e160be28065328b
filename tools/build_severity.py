#!/usr/bin/env python3
"""Write ``docs/severity.md``: every red-flag rule and every rule with a serious level, with its
serious line and basis, so severity can be compared across rules in one place.

Usage: python tools/build_severity.py [-o docs/severity.md]

``tests/test_severity_table.py`` fails when the file is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_OUT = ROOT / "docs" / "severity.md"
AREA_ORDER = ("help_and_protection", "children_in_care", "care_leavers", "leaders")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    from selfeval.core import catalogue as cat
    from selfeval.core import packs, positions
    from selfeval.reports.report import BASIS_LABELS

    rs = packs.load((), builtin=True)
    c = cat.load()
    cfg = positions.config()
    at_risk = {tag: True for area in cfg["areas"].values() for t in area if t.get("at_risk") for tag in t["tags"]}
    out = [
        "# Red flags and serious lines",
        "",
        "Built by `python tools/build_severity.py` from the built-in packs and",
        "`selfeval/data/positions.yaml`; `tests/test_severity_table.py` keeps it current.",
        "",
        "## Red flags",
        "",
        "Each indicates serious weaknesses in its area by itself, at the level shown; at the *sign* level it",
        "marks gaps elsewhere in the area as leaving children at risk (see `docs/positions.md`). A sign only",
        "never indicates serious weaknesses by itself: it counts only when gaps are widespread.",
        "",
        "| rule | title | red flag at | sign at | why |",
        "|---|---|---|---|---|",
    ]
    for f in cfg["red_flags"]:
        r = rs.rules[f["rule"]]
        out.append(f"| {r.id} | {_cell(r.title)} | {f.get('level') or 'never alone (a sign only)'} | "
                   f"{f.get('sign', 'concern')} | {_cell(f['why'])} |")
    out += [
        "",
        "## Serious lines",
        "",
        "Audit shares are serious only when the whole 90% Wilson interval is past the line and at least",
        "10 applicable cases were audited. *At risk* marks rules in a core theme where failures leave",
        "children harmed or at risk: only there does a corroborated serious result by itself indicate",
        "serious weaknesses.",
        "",
        "| area | rule | serious when | basis | at risk |",
        "|---|---|---|---|---|",
    ]
    rules = sorted((r for r in rs.rules.values() if "serious" in r.levels),
                   key=lambda r: (AREA_ORDER.index(r.area), r.id))
    for r in rules:
        lv = r.levels["serious"]
        risk = "yes" if any(at_risk.get(t) for t in r.themes) else ""
        out.append(f"| {r.area.replace('_', ' ')} | {r.id} | {_cell(lv.when.describe(c.label))} | "
                   f"{BASIS_LABELS.get(lv.rationale.basis, lv.rationale.basis)} ({lv.rationale.source}) | {risk} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    text = table()
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
