"""What the import could and could not read, and what looks wrong: the data-quality report.

Per list and column: rows read, cells that could not be read (by reason, with cell references,
never the value, which may name a child), coded values that are not DfE codes (a value is shown
only when it looks like a code and five or more rows share it, so a stray name or identifier in
a coded column is never repeated), and
``#N/A`` read as blank. Then how headers and sheets were read ("read 'X' as 'Y'"), and sanity
warnings: an as-at date far from the data's dates, ages and dates of birth that make no sense for
the list. The same findings go into the metrics file's comments, the ``--format json`` output of
the import, and ``--strict`` (exit 2 when there is any).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.annexa.read import UNREADABLE, AnnexA, Table
from selfeval.sources.dates import age_on

# An unrecognised value is shown only when it looks like a code (``L31``, ``H1``, ``K1X``: never a
# name or a phrase that could describe a child) and at least this many rows share it (so never an
# identifier that strayed into a coded column).
SHOW_VALUE_AT = 5
_CODE_LIKE = re.compile(r"^[A-Za-z]{0,3}\d{1,3}[A-Za-z]{0,3}$")  # a digit: never a name
MAX_CELLS = 10  # cell references listed per reason (the count is always whole)
FAR_DAYS = 31  # --as-at this many days after the latest date in the lists is "far"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _cells(refs: list[str]) -> str:
    shown = ", ".join(refs[:MAX_CELLS])
    return shown + (f" and {len(refs) - MAX_CELLS} more" if len(refs) > MAX_CELLS else "")


@dataclass
class Quality:
    lists: list[dict[str, Any]] = field(default_factory=list)  # per list: rows, columns, reads
    warnings: list[str] = field(default_factory=list)  # sanity warnings, one line each
    ignored: list[str] = field(default_factory=list)  # sheets or files that are not a list

    @property
    def problems(self) -> list[str]:
        """Every finding that ``--strict`` turns into exit 2, one line each."""
        out = []
        for lst in self.lists:
            for col in lst["columns"]:
                out += [f"{lst['list']} ({lst['where']}) column '{col['header']}': {line}" for line in col["lines"]]
        return out + self.warnings

    def lines(self) -> list[str]:
        """The report as comment lines for the metrics file."""
        out: list[str] = []
        for lst in self.lists:
            out.append(f"{lst['list']} ({lst['title']}), {lst['where']}: {_plural(lst['rows'], 'row')} read"
                       + (" (found by its headers)" if lst["identified_by"] == "headers" else ""))
            out += [f"  {r}" for r in lst["reads"]]
            for col in lst["columns"]:
                out += [f"  column '{col['header']}': {line}" for line in col["lines"]]
        out += [f"WARNING: {w}" for w in self.warnings]
        if self.ignored:
            out.append("Not read (not an Annex A list, or not needed): " + ", ".join(f"'{s}'" for s in self.ignored))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"lists": self.lists, "warnings": self.warnings, "ignored": self.ignored,
                "problem_count": len(self.problems)}


def _column(field_name: str, t: Table) -> dict[str, Any] | None:
    q = t.quality.get(field_name)
    if q is None:
        return None
    col = next(c for c in t.spec.columns if c.field == field_name)
    lines: list[str] = []
    unreadable = [{"reason": why, "count": len(refs), "cells": refs[:MAX_CELLS]} for why, refs in q.unreadable.items()]
    for why, refs in q.unreadable.items():
        lines.append(f"{_plural(len(refs), 'cell')} could not be read ({why}): {_cells(refs)}; "
                     "those rows are left out of the metrics that need this column")
    unrecognised = []
    if q.unrecognised:
        common = sorted(((v, n) for v, n in q.unrecognised.items()
                         if n >= SHOW_VALUE_AT and not col.personal and _CODE_LIKE.match(v)),
                        key=lambda x: (-x[1], x[0]))
        rare = sum(n for v, n in q.unrecognised.items() if (v, n) not in common)
        total = sum(q.unrecognised.values())
        shown = [f"'{v}' ({n})" for v, n in common]
        if rare:
            shown.append(f"{_plural(rare, 'other cell')} (values not shown: they may name a child)")
        lines.append(f"{_plural(total, 'cell')} with no DfE code or description: {'; '.join(shown)}; "
                     "counted as not matching any code")
        unrecognised = [{"value": v, "count": n} for v, n in common] + ([{"value": None, "count": rare}] if rare else [])
    if q.na_as_blank:
        lines.append(f"{_plural(len(q.na_as_blank), 'cell')} held #N/A (a failed lookup), read as blank "
                     f"(not yet happened): {_cells(q.na_as_blank)}")
    return {"field": field_name, "header": q.header, "unreadable": unreadable, "unrecognised": unrecognised,
            "na_as_blank": len(q.na_as_blank), "lines": lines}


def _rows_where(t: Table, pred: Any) -> list[str]:
    return [str(r["_row"]) for r in t.rows if pred(r)]


def _date(v: Any) -> dt.date | None:
    return v if isinstance(v, dt.date) else None


def _sanity(annex: AnnexA, as_at: dt.date) -> list[str]:
    out: list[str] = []
    dates: list[dt.date] = []
    date = dt.date
    for t in annex.tables.values():
        for f in (c.field for c in t.spec.columns if c.kind == "date" and not c.personal and c.field in t.headers):
            dates += [v for r in t.rows if type(v := r[f]) is date]
    if dates:
        latest, earliest = max(dates), min(dates)
        after = sum(1 for d in dates if d > as_at)
        if as_at < earliest:
            out.append(f"--as-at {as_at.isoformat()} is before every date in the lists: is it the date the lists were run?")
        elif after * 100 > len(dates):
            out.append(f"{after} of {len(dates)} dates in the lists ({after * 100 // len(dates)}%) are after "
                       f"--as-at {as_at.isoformat()}: were the lists run later? Those dates are left out")
        if (as_at - latest).days > FAR_DAYS:
            out.append(f"--as-at {as_at.isoformat()} is {(as_at - latest).days} days after the latest date in the "
                       "lists: were they run earlier? Timeliness figures measured to --as-at will look worse")
    cla = annex.tables.get(8)
    if cla is not None:
        def _adult(r: dict[str, Any]) -> bool:
            dob, age = _date(r.get("dob")), r.get("age")
            a = age_on(dob, as_at) if dob else age if isinstance(age, int) else None
            start, ceased = _date(r.get("cla_start")), _date(r.get("ceased"))
            return a is not None and a >= 18 and start is not None and start <= as_at and (ceased is None or ceased > as_at)
        rows = _rows_where(cla, _adult)
        if rows:
            out.append(f"List 8: {_plural(len(rows), 'row')} aged 18 or over at the as-at date but still in care "
                       f"(rows {_cells(rows)}): left out of the children in care; check the leaving date or date of birth")
        rows = _rows_where(cla, lambda r: _date(r.get("dob")) and _date(r.get("cla_start")) and r["dob"] > r["cla_start"])
        if rows:
            out.append(f"List 8: {_plural(len(rows), 'row')} with a date of birth after the date care started "
                       f"(rows {_cells(rows)}): check the dates")
    leavers = annex.tables.get(9)
    if leavers is not None:
        def _odd(r: dict[str, Any]) -> bool:
            dob = _date(r.get("dob"))
            a = age_on(dob, as_at) if dob else r.get("age") if isinstance(r.get("age"), int) else None
            return a is not None and not 16 <= a <= 25
        rows = _rows_where(leavers, _odd)
        if rows:
            out.append(f"List 9: {_plural(len(rows), 'row')} aged under 16 or over 25 at the as-at date "
                       f"(rows {_cells(rows)}): not care leavers' ages; check the dates of birth")
    for n, t in annex.tables.items():
        if "dob" not in t.headers:
            continue
        rows = _rows_where(t, lambda r: _date(r.get("dob")) is not None and r["dob"] > as_at)
        if rows:
            out.append(f"{LISTS[n].name}: {_plural(len(rows), 'row')} with a date of birth after the as-at date "
                       f"(rows {_cells(rows)})")
    return out


def assess(annex: AnnexA, as_at: dt.date) -> Quality:
    q = Quality(ignored=list(annex.ignored))
    for n, t in sorted(annex.tables.items()):
        cols = [c for f in t.headers if (c := _column(f, t)) is not None]
        q.lists.append({
            "list": LISTS[n].name, "title": LISTS[n].title, "where": t.label, "rows": len(t.rows),
            "identified_by": t.identified_by,
            "rows_with_unreadable_cells": sum(1 for r in t.rows if "_bad" in r),
            "reads": [f"read '{r.written}' as '{r.read_as}' ({r.how})" for r in t.reads],
            "columns": cols,
        })
    q.warnings = _sanity(annex, as_at)
    return q


__all__ = ["UNREADABLE", "Quality", "assess"]
