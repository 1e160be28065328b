"""Write the computed metrics as a metrics.yaml a performance lead can read and finish.

Each computed value carries ``value``, ``numerator``/``denominator`` (percentages and rates; the
core uses the denominator to suppress small numbers in reports), ``source`` and ``note``, with a
comment above it naming the list and the rule of counting. Catalogue entries the lists cannot
give follow, blank (so "not evidenced" until filled in), each with why it was not computed and
where to find it; so do the facts, and the audit questions as commented lines, exactly as in
``selfeval template``. Nothing child-level is written: only counts, shares and averages.

The file is written atomically (``core.files.write_atomic``): a failed run never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap

from selfeval.core import catalogue as cat
from selfeval.core.files import write_atomic
from selfeval.core.textsafe import visible
from selfeval.sources.annexa.compute import Result, Value
from selfeval.sources.metricsfile import WIDTH, comment, entry, q

NOT_IN_ANNEX_A = {
    "contacts_decided_within_1_working_day_pct": "List 1 records when a contact came in, not when it was decided",
    "cin_reviews_on_time_pct": "List 6 has no review dates",
    "core_groups_on_time_pct": "List 7 has no core group dates",
    "cla_immunisations_up_to_date_pct": "List 8 has no immunisation dates",
    "cla_sdq_completed_pct": "List 8 has no SDQ dates",
    "cla_pep_completed_pct": "List 8 has no personal education plan dates",
    "cla_placed_over_20_miles_pct": "List 8 gives the placement postcode, not the distance from home",
    "permanence_plan_by_second_review_pct": "List 8 holds only the latest review, not when the plan was made",
    "care_leavers_staying_put_pct": "List 9 does not say who turned 18 in foster care",
}


def source_for(v: Value, as_at: dt.date) -> str:
    """Where a value came from; a counted one, as at when (a given one is as the user gave it)."""
    return v.source if v.given is not None else f"{v.source}, as at {as_at.isoformat()}"


def note_for(v: Value, unit: str) -> str:
    if unit == "percent" and v.numerator is not None:
        text = f"{v.numerator} of {v.denominator}"
    elif unit == "days":
        text = f"average over {v.denominator} {'child' if v.denominator == 1 else 'children'}"
    elif unit == "per_10k":
        text = f"{v.numerator} children in care, population {v.denominator}"
    elif v.given is not None:
        text = f"{v.given}, not counted from the lists"
    else:
        text = f"{v.value} {'child' if v.value == 1 else 'children'} counted"
    return "; ".join([text, *v.notes])


def _quality_comment(result: Result) -> list[str]:
    q = result.quality
    if q is None:
        return []
    lines = q.lines()
    out = ["#", f"# Data quality ({len(q.problems)} finding{'s' if len(q.problems) != 1 else ''}; "
                "--strict makes any of them an error):"]
    for line in lines:
        indent = "#   " + " " * (len(line) - len(line.lstrip()))
        out += [indent + w for w in textwrap.wrap(line.strip(), WIDTH - len(indent))] or [indent]
    return out


def render_metrics(result: Result, *, source_name: str, authority: str, authority_code: str | None = None) -> str:
    """The text of the metrics file (``authority_code``: DfE's LA code, already checked)."""
    s = result.settings
    c = cat.load()
    out = [
        f"# Metrics computed by selfeval from the Annex A lists in '{visible(source_name)}'.",
        (f"# As at {s.as_at.isoformat()}; period {s.start.isoformat()} to {s.as_at.isoformat()} "
         f"(the {s.period_months} months to the as-at date)."),
        "# Only totals, shares and averages are written here: no child identifier, name or date of birth.",
        "# Above each value: the list and the rule of counting that produced it. Blank entries are",
        "# the ones Annex A cannot give: fill them in, or leave them blank (reported as not evidenced).",
        "# Check it with:  selfeval check <this file>",
        "#",
        "# What was read:",
        *[f"#   {line}" for line in result.summary],
        *_quality_comment(result),
        "",
        f"authority: {q(authority)}",
        *([f"authority_code: {q(authority_code)}"] if authority_code else []),
        "period:",
        f"  start: {s.start.isoformat()}",
        f"  end: {s.as_at.isoformat()}",
        "",
        "metrics:",
    ]
    for area, title in cat.AREAS.items():
        out.append(f"  # ---- {title}")
        for m in (m for m in c.metrics.values() if m.area == area):
            v = result.values.get(m.id)
            if v is None:
                why = result.not_computed.get(m.id) or NOT_IN_ANNEX_A.get(
                    m.id, "the Annex A lists do not hold it")
                out += comment(f"{m.label} ({cat.UNITS[m.unit]}). NOT COMPUTED: {why}. "
                                f"Where to find it: {m.source}.", "  ")
                out += [f"  {m.id}:", ""]
                continue
            out += comment(f"{m.label} — {v.source}. {v.rule}", "  ")
            out += entry(m.id, str(v.value), numerator=None if v.numerator is None else str(v.numerator),
                         denominator=None if v.denominator is None else str(v.denominator),
                         source=source_for(v, s.as_at), note=note_for(v, m.unit))
    out += ["audits:", "  answers:",
            "    # Case-file audit answers, from your audit tool: uncomment and fill in, e.g.",
            "    # child_seen_alone: {yes: 12, partly: 10, no: 18, not_applicable: 0}"]
    for aq in c.audit_questions.values():
        out += comment(aq.question, "    ")
        out.append(f"    # {aq.id}: {{yes: , partly: , no: , not_applicable: }}")
    out += ["", "facts:", "  # yes or no"]
    for f in c.facts.values():
        out += comment(f.definition, "  ")
        out.append(f"  {f.id}:")
    return "\n".join(out) + "\n"


def import_document(result: Result, *, source_name: str, authority: str) -> dict[str, object]:
    """The import as JSON: values with their rule and notes, what was not computed, data quality."""
    s = result.settings
    return {
        "source": source_name, "authority": authority, "as_at": s.as_at.isoformat(),
        "period": {"start": s.start.isoformat(), "end": s.as_at.isoformat()},
        "values": {m: {"value": v.value, "numerator": v.numerator, "denominator": v.denominator,
                       "list": v.source, "rule": v.rule, "notes": v.notes} for m, v in result.values.items()},
        "not_computed": result.not_computed,
        "read": result.summary,
        "data_quality": result.quality.to_dict() if result.quality is not None else None,
    }


def write_metrics(result: Result, path: str | os.PathLike[str], *, source_name: str,
                  authority: str, authority_code: str | None = None) -> None:
    write_atomic(path, render_metrics(result, source_name=source_name, authority=authority,
                                      authority_code=authority_code))
