"""The Excel metrics template, and reading a filled-in one back for ``selfeval check``.

The workbook has four sheets: **About** (authority, period, notes), **Metrics** (one row per
catalogue metric: id, area, label, unit, definition, where to find it, then the value with data
validation for its unit, a note, its source, and optional numerator and denominator), **Audit
answers** (one row per audit question: yes / partly / no / not applicable counts) and **Facts**
(one row per fact: yes or no from a drop-down).

``read_metrics_xlsx`` returns ``(raw, locator)``: ``raw`` has exactly the shape a metrics.yaml
loads to, and the locator maps each key path to its sheet and cell, so the core validates the
workbook as it validates YAML and reports problems at the user's cells. A number typed as a
percentage in Excel ("78%" is stored as 0.78 with a % format) is read as 78.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import warnings
from pathlib import Path
from typing import Any, BinaryIO

from selfeval.core import catalogue as cat
from selfeval.core.errors import KeyPath, SelfevalError, Where
from selfeval.core.textsafe import text_stays_text

ABOUT, METRICS, AUDITS, FACTS = "About", "Metrics", "Audit answers", "Facts"
METRIC_HEADERS = ["ID", "Area", "Metric", "Unit", "Better", "Definition", "Where to find it",
                  "Value", "Note", "Source of the value", "Numerator", "Denominator"]
AUDIT_HEADERS = ["ID", "Area", "Question (short)", "Question", "Yes", "Partly", "No", "Not applicable"]
FACT_HEADERS = ["ID", "Area", "Fact", "Definition", "Yes or no"]
ANSWER_COLUMNS = dict(zip(cat.ANSWERS, ("Yes", "Partly", "No", "Not applicable"), strict=True))
ABOUT_ROWS = {"authority": 4, "start": 5, "end": 6, "notes": 7, "authority_code": 8}  # LA code last: older workbooks lack it


# ---------------------------------------------------------------- writing

def write_template(path: str | os.PathLike[str], *, authority: str | None = None,
                   start: dt.date | None = None, end: dt.date | None = None,
                   values: dict[str, dict[str, Any]] | None = None, intro: str | None = None,
                   authority_code: str | None = None) -> None:
    """Write the template (optionally filled with ``values``: id -> {value, note, source, ...})."""
    from selfeval.core.files import write_atomic

    write_atomic(path, lambda p: _build(authority, start, end, values or {}, intro, authority_code).save(p))


def _build(authority: str | None, start: dt.date | None, end: dt.date | None,
           values: dict[str, dict[str, Any]], intro: str | None, authority_code: str | None = None) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    c = cat.load()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    wb = Workbook()
    about = wb.active
    about.title = ABOUT
    about["A1"] = "selfeval metrics workbook"
    about["A1"].font = Font(bold=True, size=14)
    about["A2"] = intro or ("Fill in the yellow cells on each sheet; leave a cell blank if you do not "
                            "know (it is reported as not evidenced). Then run: selfeval check THIS_FILE.xlsx")
    for label, key in (("Authority", "authority"), ("Period start", "start"), ("Period end", "end"),
                       ("Notes", "notes"), ("LA code", "authority_code")):
        row = ABOUT_ROWS[key]
        about.cell(row, 1, label).font = bold
        about.cell(row, 2).fill = fill
    about.cell(ABOUT_ROWS["authority"], 2, authority)
    about.cell(ABOUT_ROWS["authority_code"], 2, authority_code)
    about.cell(ABOUT_ROWS["authority_code"], 3, "DfE's LA code (e.g. 340), optional: shows your published "
                                                "figures and statistical neighbours beside England")
    for key, d in (("start", start), ("end", end)):
        cell = about.cell(ABOUT_ROWS[key], 2, d)
        cell.number_format = "dd/mm/yyyy"
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                           errorTitle="Date", error="Enter a date, e.g. 31/03/2026")
    about.add_data_validation(dates)
    dates.add("B5:B6")
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 16, 60

    ws = wb.create_sheet(METRICS)
    ws.append(METRIC_HEADERS)
    rules = {
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                  error="A percentage from 0 to 100 (write 78 for 78%)"),
        "count": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                error="A whole number, 0 or more"),
        "other": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                error="A number, 0 or more"),
    }
    for dv in rules.values():
        dv.allow_blank, dv.errorTitle, dv.showErrorMessage = True, "Value", True
        ws.add_data_validation(dv)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            errorTitle="Count", error="A whole number, 0 or more", showErrorMessage=True)
    ws.add_data_validation(counts)
    for r, m in enumerate(c.metrics.values(), start=2):
        v = values.get(m.id, {})
        ws.append([m.id, cat.AREAS[m.area], m.label, cat.UNITS[m.unit], m.better, m.definition, m.source,
                   v.get("value"), v.get("note"), v.get("source"), v.get("numerator"), v.get("denominator")])
        rules.get(m.unit, rules["other"]).add(f"H{r}")
        if m.unit == "percent":
            ws.cell(r, 8).number_format = "0.0"
        for col in range(8, 13):
            ws.cell(r, col).fill = fill
    counts.add(f"K2:L{len(c.metrics) + 1}")

    wa = wb.create_sheet(AUDITS)
    wa.append(AUDIT_HEADERS)
    answers = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             errorTitle="Answers", error="The number of audited cases with this answer",
                             showErrorMessage=True)
    wa.add_data_validation(answers)
    for q in c.audit_questions.values():
        wa.append([q.id, cat.AREAS[q.area], q.label, q.question])
    answers.add(f"E2:H{len(c.audit_questions) + 1}")

    wf = wb.create_sheet(FACTS)
    wf.append(FACT_HEADERS)
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True, errorTitle="Yes or no",
                            error="Choose yes or no", showErrorMessage=True)
    wf.add_data_validation(yes_no)
    for f in c.facts.values():
        wf.append([f.id, cat.AREAS[f.area], f.label, f.definition])
    yes_no.add(f"E2:E{len(c.facts) + 1}")

    for sheet, widths in ((ws, [40, 18, 40, 22, 8, 60, 40, 10, 30, 30, 11, 12]),
                          (wa, [36, 18, 34, 70, 7, 7, 7, 14]), (wf, [40, 18, 40, 70, 10])):
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(65 + i)].width = w
        for cell in sheet[1]:
            cell.font = bold
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
            for cell in row[len(widths) - (8 if sheet is ws else 4 if sheet is wa else 1):]:
                cell.fill = fill
        sheet.freeze_panes = "B2"
    text_stays_text(wb)  # an authority or note such as '=1+1' is text, never a live formula
    return wb


# ---------------------------------------------------------------- reading

class CellLocator:
    """Key paths in the loaded data -> sheet and cell."""

    def __init__(self) -> None:
        self.cells: dict[KeyPath, Where] = {}

    def add(self, path: KeyPath, sheet: str, cell: str) -> None:
        self.cells[path] = Where(place=f"sheet '{sheet}', cell {cell}")

    def where(self, path: KeyPath) -> Where:
        p = tuple(path)
        while p:
            if p in self.cells:
                return self.cells[p]
            p = p[:-1]
        return Where(place="the workbook")


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _columns(header: tuple[Any, ...], wanted: list[str], sheet: str, file: str) -> dict[str, int]:
    have = {str(h).strip().lower(): i for i, h in enumerate(header) if h is not None}
    cols = {}
    for name in wanted:
        if name.lower() not in have:
            raise SelfevalError(f"the sheet has no column '{name}' in its first row", file=file,
                                where=Where(place=f"sheet '{sheet}', row 1"),
                                hint="start again from `selfeval template --format xlsx`")
        cols[name] = have[name.lower()]
    return cols


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(i + 1))


def _value(cell: Any) -> Any:
    v = cell.value
    if isinstance(v, str):
        v = v.strip() or None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in (cell.number_format or ""):
        v = round(v * 100, 10)  # Excel stores 78% as 0.78
    if isinstance(v, dt.datetime):
        v = v.date() if v.time() == dt.time() else v
    return v


def read_metrics_xlsx(path: str | os.PathLike[str] | BinaryIO, *,
                      file: str | None = None) -> tuple[dict[str, Any], CellLocator]:
    """Read a filled-in template: ``(raw data, locator)`` as a metrics.yaml would load.

    ``path`` may be an open binary file (a workbook dropped in a browser); ``file`` names it.
    """
    import openpyxl

    from selfeval.sources.workbook import check_bounds

    file = file or str(path)
    source = path if hasattr(path, "read") else Path(path)
    # a zip bomb or a far-out cell is refused before openpyxl opens it; the template has about
    # 1,500 cells, so 100,000 leaves room for notes without letting a check take minutes
    check_bounds(source, file=file, max_cells=100_000)
    # openpyxl warns (on stderr) about workbook features it ignores and about impossible dates,
    # which it then reads as '#VALUE!'; the validation reports such a cell by its place instead.
    # the file is opened here, not by openpyxl: openpyxl 3.1.0 leaves it open when a damaged
    # workbook fails half-way through loading
    with warnings.catch_warnings(), (open(source, "rb") if isinstance(source, Path) else contextlib.nullcontext(source)) as fh:
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file
            raise SelfevalError(f"cannot open this file as an Excel workbook ({type(exc).__name__})",
                                file=file, hint="open it in Excel and save it as .xlsx") from None
        try:
            return _read(wb, file)
        finally:
            wb.close()


def _read(wb: Any, file: str) -> tuple[dict[str, Any], CellLocator]:
    for name in (ABOUT, METRICS):
        if name not in wb.sheetnames:
            raise SelfevalError(f"the workbook has no '{name}' sheet", file=file,
                                hint="is this a selfeval metrics workbook? Start from "
                                     "`selfeval template --format xlsx`; for an Annex A workbook "
                                     "use `selfeval metrics from-annex-a`")
    loc = CellLocator()
    raw: dict[str, Any] = {}
    about = dict(enumerate(wb[ABOUT].iter_rows(min_row=1, max_row=10, max_col=2), start=1))
    for key, row in ABOUT_ROWS.items():
        cells = about.get(row)
        value = _value(cells[1]) if cells and len(cells) > 1 else None
        path: KeyPath = (key,) if key in ("authority", "notes", "authority_code") else ("period", key)
        loc.add(path, ABOUT, f"B{row}")
        if key == "authority_code":
            if value is not None:
                # typed as a number (340, which Excel may hold as 340.0) or as text ("E08000011")
                raw[key] = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        elif key in ("authority", "notes"):
            raw[key] = None if value is None else str(value) if key == "notes" else value
        elif value is not None:
            raw.setdefault("period", {})[key] = value
    loc.add(("period",), ABOUT, f"B{ABOUT_ROWS['start']}")
    if "period" not in raw:
        raw["period"] = {}
    raw["metrics"] = _rows(wb[METRICS], METRICS, file, loc)
    raw["audits"] = {"answers": _answers(wb, file, loc)} if AUDITS in wb.sheetnames else {}
    raw["facts"] = _facts(wb, file, loc) if FACTS in wb.sheetnames else {}
    return raw, loc


def _rows(ws: Any, sheet: str, file: str, loc: CellLocator) -> dict[str, Any]:
    rows = ws.iter_rows()
    header = next(rows, ())
    cols = _columns(tuple(c.value for c in header), ["ID", "Value"], sheet, file)
    optional = {k: i for k, i in ((k, next((i for i, c in enumerate(header)
                                            if str(c.value or "").strip().lower() == h.lower()), None))
                                  for k, h in (("note", "Note"), ("source", "Source of the value"),
                                               ("numerator", "Numerator"), ("denominator", "Denominator")))
                if i is not None}
    out: dict[str, Any] = {}
    for r, row in enumerate(rows, start=2):
        if not row or len(row) <= cols["ID"]:
            continue
        mid = row[cols["ID"]].value
        if _blank(mid):
            continue
        mid = str(mid).strip()
        value = _value(row[cols["Value"]]) if len(row) > cols["Value"] else None
        extra = {k: _value(row[i]) for k, i in optional.items() if len(row) > i and not _blank(row[i].value)}
        if value is None and not extra:
            continue
        loc.add(("metrics", mid), sheet, f"{_letter(cols['Value'])}{r}")
        loc.add(("metrics", mid, "value"), sheet, f"{_letter(cols['Value'])}{r}")
        for k, i in optional.items():
            loc.add(("metrics", mid, k), sheet, f"{_letter(i)}{r}")
        if mid in out:
            raise SelfevalError(f"the metric '{mid}' has two rows", file=file,
                                where=loc.where(("metrics", mid)), hint="keep one of them")
        if extra:
            for k in ("note", "source"):
                if k in extra:
                    extra[k] = str(extra[k])
            out[mid] = {"value": value, **extra}
        else:
            out[mid] = value
    return out


def _answers(wb: Any, file: str, loc: CellLocator) -> dict[str, Any]:
    ws = wb[AUDITS]
    rows = ws.iter_rows()
    header = tuple(c.value for c in next(rows, ()))
    cols = _columns(header, ["ID", *ANSWER_COLUMNS.values()], AUDITS, file)
    out: dict[str, Any] = {}
    for r, row in enumerate(rows, start=2):
        if not row or len(row) <= cols["ID"] or _blank(row[cols["ID"]].value):
            continue
        qid = str(row[cols["ID"]].value).strip()
        counts = {}
        for key, name in ANSWER_COLUMNS.items():
            i = cols[name]
            v = _value(row[i]) if len(row) > i else None
            loc.add(("audits", "answers", qid, key), AUDITS, f"{_letter(i)}{r}")
            if v is not None:
                counts[key] = v
        loc.add(("audits", "answers", qid), AUDITS, f"{_letter(cols['Yes'])}{r}")
        if counts:
            out[qid] = counts
    loc.add(("audits", "answers"), AUDITS, "E2")
    return out


def _facts(wb: Any, file: str, loc: CellLocator) -> dict[str, Any]:
    ws = wb[FACTS]
    rows = ws.iter_rows()
    header = tuple(c.value for c in next(rows, ()))
    cols = _columns(header, ["ID", "Yes or no"], FACTS, file)
    out: dict[str, Any] = {}
    for r, row in enumerate(rows, start=2):
        if not row or len(row) <= cols["ID"] or _blank(row[cols["ID"]].value):
            continue
        fid = str(row[cols["ID"]].value).strip()
        v = _value(row[cols["Yes or no"]]) if len(row) > cols["Yes or no"] else None
        loc.add(("facts", fid), FACTS, f"{_letter(cols['Yes or no'])}{r}")
        if v is not None:
            out[fid] = v
    return out
