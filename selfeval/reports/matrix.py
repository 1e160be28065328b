"""The summary matrix ("tartan rug") of several reports: rules × files, each cell a status.

Regional alliances use it to compare authorities; an authority uses it to compare periods.
Built from finished report models, so every cell is exactly the verdict its own report gives.
"""

from __future__ import annotations

from typing import Any

from selfeval import __version__
from selfeval.core.catalogue import AREAS
from selfeval.render import templates
from selfeval.reports.report import STATUS_LABELS, Report

FORMATS = templates.SUMMARY_FORMATS
SYMBOLS = {"serious": "S", "concern": "C", "not_evidenced": "?", "met": "M", "not_applicable": "-"}


def build(reports: list[Report]) -> dict[str, Any]:
    columns = []
    for i, rep in enumerate(reports, start=1):
        sub = rep.data["submission"]
        columns.append({"n": i, "file": sub["file"], "authority": sub["authority"], "period": sub["period"],
                        "counts": rep.data["summary"]["counts"]})
    cells: dict[str, list[dict[str, Any]]] = {}
    titles: dict[str, tuple[str, str]] = {}
    by_id: list[dict[str, dict[str, Any]]] = []  # each report's findings by rule id: linear, not quadratic
    for rep in reports:
        index: dict[str, dict[str, Any]] = {}
        for finding in rep.findings:
            titles.setdefault(finding["id"], (finding["area"], finding["title"]))
            index.setdefault(finding["id"], finding)
        by_id.append(index)
    for rid in titles:
        row = []
        for findings in by_id:
            f: dict[str, Any] | None = findings.get(rid)
            if f is None:
                row.append({"status": None, "label": "not checked", "symbol": " ", "adjustment": None})
            else:
                adj = (f["adjustment"] or {}).get("kind")
                row.append({"status": f["status"], "label": STATUS_LABELS[f["status"]],
                            "symbol": SYMBOLS[f["status"]] + ("*" if adj else ""), "adjustment": adj})
        cells[rid] = row
    areas = []
    for area, title in AREAS.items():
        rows = [{"id": rid, "title": t, "cells": cells[rid]} for rid, (a, t) in titles.items() if a == area]
        if rows:
            areas.append({"id": area, "title": title, "rows": rows})
    return {
        "format_version": 1,
        "kind": "summary",
        "tool": {"name": "selfeval", "version": __version__},
        "generated": reports[0].data["generated"] if reports else None,
        "columns": columns,
        "areas": areas,
        "legend": {v: STATUS_LABELS[k] for k, v in SYMBOLS.items()} | {"*": "changed by local settings"},
    }
