"""Run the calibration cases and the worked examples through `selfeval check` and compare."""

from __future__ import annotations

import collections
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml

from selfeval.api import Options, check_files
from selfeval.core import positions

from . import derive

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"
BANDS = ("inadequate", "requires_improvement", "good")


def _positions(path: Path) -> dict[str, dict[str, Any]]:
    (rep,) = check_files([path], Options(generated=dt.date(2026, 12, 1), use_settings=False))
    return {a["id"]: a["position"] for a in rep.data["areas"]}


def run(model: derive.AuditModel = derive.MODEL) -> list[dict[str, Any]]:
    """One row per judged area of every case and worked example: published band against reading."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in derive.load_cases():
            published = derive.judgements(case)
            if not published:
                continue
            p = Path(tmp) / f"{case['id']}.yaml"
            p.write_text(yaml.safe_dump(derive.evidence(case, model), sort_keys=False), encoding="utf-8")
            got = _positions(p)
            for area, want in published.items():
                rows.append(_row(case["id"], area, want, got.get(area)))
    expected = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))["examples"]
    for name, exp in expected.items():
        published = exp.get("judgements") or {}
        if not published:
            continue
        got = _positions(SEEDS / f"{name}.yaml")
        for area, want in published.items():
            rows.append(_row(name, area, derive.band(want), got.get(area)))
    return rows


def _row(case: str, area: str, want: str, pos: dict[str, Any] | None) -> dict[str, Any]:
    key = pos["key"] if pos else "insufficient_evidence"
    got = positions.band_of(key)
    detail = "" if not pos else f"{pos['judged_themes']}/{pos['core_theme_count']} judged, {pos['gap_themes']} gap themes, " + \
        ", ".join(f"{t['id']}={t['reading']}" for t in pos["core_themes"] if t["reading"] not in ("met", "not_judged"))
    return {"case": case, "area": area, "published": want, "key": key, "band": got, "agree": got == want,
            "detail": detail}


def table(rows: list[dict[str, Any]]) -> str:
    by: dict[str, collections.Counter[str]] = {b: collections.Counter() for b in BANDS}
    for r in rows:
        by[r["published"]][r["band"]] += 1
    lines = ["| published band | areas | agree | serious weaknesses | improvement needed — serious, check | improvement needed | no significant gaps | not enough evidence |",
             "|---|---|---|---|---|---|---|---|"]
    keys = collections.Counter((r["published"], r["key"]) for r in rows)
    for b in BANDS:
        n = sum(by[b].values())
        agree = by[b][b]
        lines.append(f"| {b.replace('_', ' ')} | {n} | {agree} | {keys[(b, 'serious_weaknesses')]} | {keys[(b, 'serious_check')]} | "
                     f"{keys[(b, 'improvement_needed')]} | {keys[(b, 'no_significant_gaps')]} | {keys[(b, 'insufficient_evidence')]} |")
    total = len(rows)
    agree = sum(r["agree"] for r in rows)
    lines.append(f"| all | {total} | {agree} ({agree / total:.0%}) | | | | | |")
    lines.append("")
    lines.append("Agreement by band: serious weaknesses = inadequate; improvement needed (with or without a serious "
                 "result to check) = requires improvement; no significant gaps = good or outstanding; not enough "
                 "evidence agrees with nothing.")
    return "\n".join(lines)


def sensitivity() -> str:
    """The agreement under each reading of the findings' words in ``derive.SENSITIVITY``."""
    lines = ["| audits the words stand for | agree | inadequate read serious | requires improvement read serious | "
             "good read serious | good read no significant gaps |", "|---|---|---|---|---|---|"]
    for name, model in derive.SENSITIVITY.items():
        rows = run(model)
        n = collections.Counter(r["published"] for r in rows)
        hit = collections.Counter((r["published"], r["key"]) for r in rows)
        agree = sum(r["agree"] for r in rows)
        lines.append(f"| {name} | {agree}/{len(rows)} ({agree / len(rows):.0%}) | "
                     f"{hit[('inadequate', 'serious_weaknesses')]}/{n['inadequate']} | "
                     f"{hit[('requires_improvement', 'serious_weaknesses')]}/{n['requires_improvement']} | "
                     f"{hit[('good', 'serious_weaknesses')]}/{n['good']} | {hit[('good', 'no_significant_gaps')]}/{n['good']} |")
    return "\n".join(lines)
