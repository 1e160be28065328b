"""Write a statutory return's computed metrics as a metrics file anyone can read and check.

Each value carries ``value``, ``numerator``/``denominator``, ``source`` (the return and year,
table, as-at date) and ``note`` (the counts, the rule of counting, and any judgement call with
the option that takes the other reading), so the provenance travels into every report. The
metrics the return could give but did not (a missing earlier year, an empty cohort) are written
blank with the reason. The data-quality section names places, never values. The top-level
``notes`` repeats the provenance and the data-quality count, so reports show both.
"""

from __future__ import annotations

import os

from selfeval.core import catalogue as cat
from selfeval.core.files import write_atomic
from selfeval.sources.computed import Computed, SourceResult
from selfeval.sources.metricsfile import comment, entry, q


def count_text(v: Computed, unit: str) -> str | None:
    if v.numerator is None or v.denominator is None:
        return None
    if v.fte:
        return f"{_num(v.numerator)} FTE of {_num(v.denominator)} FTE" if unit == "percent" else \
            f"{_num(v.numerator)} cases over {_num(v.denominator)} FTE"
    if unit == "percent":
        return f"{_num(v.numerator)} of {_num(v.denominator)}"
    if unit == "days":
        return f"mean over {_num(v.denominator)} children"
    if unit == "per_10k":
        return f"{_num(v.numerator)} children looked after, population {_num(v.denominator)}"
    return f"{_num(v.numerator)} over {_num(v.denominator)}"


def _num(x: float | int) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def note_for(v: Computed, unit: str) -> str:
    parts = [p for p in (count_text(v, unit), f"rule: {v.rule}") if p]
    if v.judgement:
        parts.append(f"judgement: {v.judgement}")
    return "; ".join(parts + v.notes)


def quality_lines(result: SourceResult) -> list[str]:
    lines = result.quality.lines()
    return lines or ["nothing was left out"]


def notes_text(result: SourceResult) -> str:
    n = len(result.quality)
    dq = (f"data quality: {n} record{'s' if n != 1 else ''} left out or questioned (see the "
          "file's data-quality section)") if n else "data quality: nothing left out"
    return (f"Computed by selfeval from {result.source} (as at {result.as_at.isoformat()}); "
            f"each value's source and note give its table and rule of counting; {dq}.")


def render(result: SourceResult, *, authority: str, source_name: str, authority_code: str | None = None) -> str:
    """The text of the metrics file (``authority_code``: DfE's LA code, already checked)."""
    c = cat.load()
    out = [
        f"# Metrics computed by selfeval from {result.source} in '{source_name}'.",
        f"# Period {result.start.isoformat()} to {result.as_at.isoformat()}.",
        "# Only totals, shares and averages are written here: no child or worker identifier, name",
        "# or date of birth. Above each value: the table and the rule of counting that produced it.",
        "# Combine with other sources:  selfeval metrics merge THIS.yaml OTHER.yaml -o metrics.yaml",
        "#",
        "# What was read:",
        *[f"#   {line}" for line in result.summary],
        "#",
        "# Data quality (places only, never values):",
        *[f"#   {line}" for line in quality_lines(result)],
        "",
        f"authority: {q(authority)}",
        *([f"authority_code: {q(authority_code)}"] if authority_code else []),
        "period:",
        f"  start: {result.start.isoformat()}",
        f"  end: {result.as_at.isoformat()}",
        f"notes: {q(notes_text(result))}",
        "",
        "metrics:",
    ]
    ids = [m for m in c.metrics if m in result.values or m in result.not_computed]
    for mid in ids:
        m = c.metrics[mid]
        v = result.values.get(mid)
        if v is None:
            out += comment(f"{m.label} ({cat.UNITS[m.unit]}). NOT COMPUTED from {result.source}: "
                           f"{result.not_computed[mid]}.", "  ")
            out += [f"  {mid}:", ""]
            continue
        out += comment(f"{m.label} — {v.table}. {v.rule}", "  ")
        if v.judgement:
            out += comment(f"Judgement: {v.judgement}", "  ")
        num, den = v.counts(m.unit)
        out += entry(mid, str(v.value), numerator=None if num is None else _num(num),
                     denominator=None if den is None else _num(den),
                     source=result.source_text(v), note=note_for(v, m.unit))
    return "\n".join(out) + "\n"


def write(result: SourceResult, path: str | os.PathLike[str], *, authority: str, source_name: str,
          authority_code: str | None = None) -> None:
    write_atomic(path, render(result, authority=authority, source_name=source_name, authority_code=authority_code))


def check_output(output: str | os.PathLike[str] | None, overwrite: bool) -> None:
    """Refuse to replace a file without --force, and anything but .yaml, before reading input."""
    from pathlib import Path

    from selfeval.core.errors import SelfevalError

    if output is None:
        return
    out = Path(output)
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise SelfevalError("the metrics file should end in .yaml", file=str(output))
    if out.exists() and not overwrite:
        raise SelfevalError("the file already exists", file=str(output),
                            hint="choose another name, or add --force to replace it")
