"""Write the computed metrics as a metrics.yaml a performance lead can read and finish.

Each computed value carries ``value``, ``numerator``/``denominator`` (for percentages; the core
uses the denominator to suppress small numbers in reports), ``source`` and ``note``, with a
comment above it giving the list and the rule of counting. Catalogue entries the lists cannot
give follow as commented lines, ready to uncomment and fill in; so do the audit questions and
facts. Nothing child-level is written: only counts, shares and averages.

Files are written atomically (a temporary file in the same folder, then ``os.replace``), so a
failed run never leaves a half-written file.
"""

from __future__ import annotations


import json
import os
import tempfile
import textwrap
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from selfeval.annexa.compute import Result, Value
from selfeval.annexa.headers import LISTS

WIDTH = 98


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    text = resources.files("selfeval.data").joinpath("catalogue.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)]


def _note(v: Value, unit: str) -> str:
    if unit == "percent" and v.numerator is not None:
        text = f"{v.numerator} of {v.denominator}"
    elif v.denominator is not None and v.numerator is None:
        text = f"average over {v.denominator} children"
    else:
        text = "count"
    parts = [text, *v.notes]
    return "; ".join(parts)



def render_metrics(result: Result, *, source_name: str, authority: str) -> str:
    """The text of the metrics file."""
    s = result.settings
    cat = catalogue()
    out = [
        f"# Metrics computed by selfeval from the Annex A lists in '{source_name}'.",
        f"# As at {s.as_at.isoformat()}; period {s.start.isoformat()} to {s.as_at.isoformat()} "
        f"(the {s.period_months} months to the as-at date).",
        "# Only totals, shares and averages are written here: no child identifier, name or date of birth.",
        "# Above each value: the list and the rule of counting that produced it. Check the values,",
        "# then fill in the entries at the end of each section that Annex A cannot give.",
        "#",
        "# What was read:",
        *[f"#   {line}" for line in result.summary],
        "",
        f"authority: {_q(authority)}",
        "period:",
        f"  start: {s.start.isoformat()}",
        f"  end: {s.as_at.isoformat()}",
        "metrics:",
    ]
    for metric_id, entry in cat["metrics"].items():
        v = result.values.get(metric_id)
        if v is None:
            continue
        out.append("")
        out += _comment(f"{entry['label']} — {v.source}. {v.rule}", "  ")
        out.append(f"  {metric_id}:")
        out.append(f"    value: {v.value}")
        if v.numerator is not None:
            out.append(f"    numerator: {v.numerator}")
        if v.denominator is not None:
            out.append(f"    denominator: {v.denominator}")
        out.append(f"    source: {_q(f'{v.source}, as at {s.as_at.isoformat()}')}")
        out.append(f"    note: {_q(_note(v, entry['unit']))}")
    left = [(m, e) for m, e in cat["metrics"].items() if m not in result.values]
    if left:
        out += ["", "  # ---- left for you to fill in: Annex A cannot give these. Uncomment the id line",
                "  # ---- and write the value (percentages 0–100).", ""]
        for metric_id, entry in left:
            why = result.not_computed.get(metric_id, "not in the Annex A lists")
            out += _comment(f"{entry['label']} ({entry['unit']}). Why not computed: {why}. "
                            f"Where to find it: {entry['source']}.", "  ")
            out.append(f"  # {metric_id}: ")
    out += ["", "# ---- audits: case-file audit answers, counted from your audit tool. Uncomment and fill in.",
            "# audits:", "#   answers:"]
    for qid, entry in cat.get("audit_questions", {}).items():
        out.append(f"#     {qid}: {{yes: 0, partly: 0, no: 0, not_applicable: 0}}  # {entry['label']}")
    out += ["", "# ---- facts: yes or no. Uncomment and answer.", "# facts:"]
    for fid, entry in cat.get("facts", {}).items():
        out.append(f"#   {fid}:   # yes or no — {entry['label']}")
    return "\n".join(out) + "\n"


def write_metrics(result: Result, path: str | os.PathLike[str], *, source_name: str,
                  authority: str) -> None:
    write_atomic(path, render_metrics(result, source_name=source_name, authority=authority))


