"""The import as one call: read the lists, compute, write the metrics file (or nothing at all)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from selfeval.core.errors import SelfevalError
from selfeval.sources.annexa.compute import Result, Settings
from selfeval.sources.annexa.metrics import compute
from selfeval.sources.annexa.read import Progress, read_annex_a
from selfeval.sources.annexa.write import write_metrics
from selfeval.sources.metrics_workbook import write_template


def metrics_from_annex_a(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str] | None,
    *,
    as_at: dt.date,
    authority: str,
    period_months: int = 6,
    cp_visit_working_days: int = 10,
    cin_visit_working_days: int = 20,
    child_population: int | None = None,
    authority_code: str | None = None,
    overwrite: bool = False,
    engine: str | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> Result:
    """Import an Annex A workbook or CSV folder and write ``output`` (if given) atomically.

    A cell that cannot be read is a data-quality finding, not an error; with ``strict`` any
    finding raises. Any error raises :class:`SelfevalError` before anything is written.
    ``authority_code`` (DfE's LA code) is checked first and written to the file.
    """
    if authority_code is not None:
        from selfeval.core.comparators import authority as la

        authority_code = la(authority_code, file="--la-code").code
    if output is not None:
        out = Path(output)
        if out.exists() and not overwrite:
            raise SelfevalError("the file already exists", file=str(output),
                                hint="choose another name, or add --force to replace it")
        if out.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
            raise SelfevalError("the metrics file should end in .yaml (or .xlsx for a workbook)",
                                file=str(output))
    settings = Settings(as_at=as_at, period_months=period_months,
                        cp_visit_working_days=cp_visit_working_days,
                        cin_visit_working_days=cin_visit_working_days,
                        child_population=child_population)
    annex = read_annex_a(source, engine=engine, progress=progress)
    result = compute(annex, settings)
    problems = result.quality.problems if result.quality is not None else []
    if strict and problems:
        raise SelfevalError(
            f"{len(problems)} data-quality finding{'s' if len(problems) != 1 else ''} (--strict); "
            f"the first: {problems[0]}", file=str(source),
            hint="fix the workbook, or run without --strict: the findings are then listed in the "
                 "metrics file's comments and the figures leave those rows out")
    if output is not None and Path(output).suffix.lower() == ".xlsx":
        write_workbook(result, output, source_name=Path(source).name, authority=authority,
                       authority_code=authority_code)
    elif output is not None:
        write_metrics(result, output, source_name=Path(source).name, authority=authority,
                      authority_code=authority_code)
    return result


def write_workbook(result: Result, output: str | os.PathLike[str], *, source_name: str,
                   authority: str, authority_code: str | None = None) -> None:
    """The Excel template, filled with the computed values (the rest left for the user)."""
    from selfeval.core import catalogue as cat
    from selfeval.sources.annexa.write import note_for, source_for

    c = cat.load()
    s = result.settings
    values = {m: {"value": v.value, "note": f"{v.rule} ({note_for(v, c.metrics[m].unit)})",
                  "source": source_for(v, s.as_at),
                  "numerator": v.numerator, "denominator": v.denominator}
              for m, v in result.values.items()}
    write_template(output, authority=authority, authority_code=authority_code, start=s.start, end=s.as_at, values=values,
                   intro=f"Computed by selfeval from the Annex A lists in '{source_name}' as at "
                         f"{s.as_at.isoformat()}: only totals, no child-level data. The Note column "
                         "gives each value's rule of counting. Fill in the blank yellow cells, then "
                         "run: selfeval check THIS_FILE.xlsx" + _quality_note(result))


def _quality_note(result: Result) -> str:
    n = len(result.quality.problems) if result.quality is not None else 0
    if not n:
        return ""
    return (f" Data quality: {n} finding{'s' if n != 1 else ''} (cells that could not be read, codes "
            "that are not DfE's, sanity warnings); import with -o metrics.yaml or --format json to see "
            "them, by cell reference.")
