"""Case-audit spreadsheets in: one row per audited case, one column per audit question.

Authorities keep case-file audits in a spreadsheet exported from their audit tool or kept by
hand. This reads it (.xlsx and the other workbook formats calamine opens, or .csv) and gives the
metrics file's ``audits:`` block: per catalogue question the counts of yes / partly / no / not
applicable, and the sample (cases audited, the audit dates' range). Only counts leave here: the
case reference, child's name or any other column is never read into the output or a message.

- **Headers** are matched to catalogue questions by id (``child_seen_alone``), short label
  ("Child seen alone") or the question's full wording, ignoring case, spacing and punctuation
  and allowing a small misspelling; each non-exact match is reported "read 'X' as 'Y'".
  Columns that are no question are ignored (and listed, by header only).
- **Answers**: yes / partly / no / not applicable in the usual spellings (``Y``, ``Partially``,
  ``N/A`` ...), or graded 1–4 as most audit tools grade (Ofsted's scale): 1 outstanding and 2
  good count as *yes*, 3 requires improvement as *partly*, 4 inadequate as *no*. A blank is not
  answered. Anything else is a data-quality finding by cell reference and is not counted.
- **Audit date**: a column called "Audit date" (or "Date of audit", "Date audited", "Date
  completed") gives the sample's date range; the latest is the sample's ``completed`` date.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from selfeval.core import catalogue as cat
from selfeval.core.errors import SelfevalError, Where
from selfeval.sources import cells
from selfeval.sources.annexa.headers import loose
from selfeval.sources.annexa.identify import HEADER_SEARCH_ROWS

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
DATE_HEADERS = ("audit date", "date of audit", "date audited", "date completed", "audit completed",
                "date of the audit", "completed")
GRADES = {1: "yes", 2: "yes", 3: "partly", 4: "no"}
_WORDS = {
    "yes": "yes", "y": "yes", "met": "yes", "fully": "yes", "fully met": "yes", "outstanding": "yes",
    "good": "yes", "partly": "partly", "partially": "partly", "part": "partly", "partly met": "partly",
    "partially met": "partly", "some": "partly", "in part": "partly", "requires improvement": "partly",
    "ri": "partly", "no": "no", "n": "no", "not met": "no", "inadequate": "no",
    "n a": "not_applicable", "na": "not_applicable", "not applicable": "not_applicable",
    "not_applicable": "not_applicable", "n/a": "not_applicable",
}


@dataclass
class AuditResult:
    file: str
    cases: int
    answers: dict[str, dict[str, int]]  # question id -> {yes, partly, no, not_applicable}
    first: dt.date | None
    last: dt.date | None
    reads: list[str] = field(default_factory=list)  # "read 'X' as 'Y'"
    ignored: list[str] = field(default_factory=list)  # headers that are no question
    unreadable: dict[str, list[str]] = field(default_factory=dict)  # header -> cell references

    @property
    def problems(self) -> list[str]:
        return [f"column '{h}': {len(refs)} answer{'s' if len(refs) != 1 else ''} not read as yes, partly, "
                f"no, not applicable or a grade 1–4: {', '.join(refs[:10])}"
                + (f" and {len(refs) - 10} more" if len(refs) > 10 else "")
                for h, refs in self.unreadable.items()]


def answer(value: object) -> str | None:
    """One cell to yes / partly / no / not_applicable, None for blank; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if float(value).is_integer() and int(value) in GRADES:
            return GRADES[int(value)]
        raise ValueError("not a grade")
    text = cells.strip_prefix(value).lower().strip().rstrip(".")
    if text in _WORDS:
        return _WORDS[text]
    key = " ".join(text.replace("/", " ").replace("-", " ").split())
    if key in _WORDS:
        return _WORDS[key]
    head = text.split(" ", 1)[0].strip(",;:-")
    if head.isdigit() and int(head) in GRADES:  # "2 - Good", "3 Requires improvement"
        return GRADES[int(head)]
    if head in ("yes", "partly", "partially", "no"):
        return _WORDS[head]
    raise ValueError("not an answer")


def _question_keys(c: cat.Catalogue) -> dict[str, str]:
    keys: dict[str, str] = {}
    for q in c.audit_questions.values():
        for text in (q.id.replace("_", " "), q.label, q.question):
            keys.setdefault(loose(text), q.id)
    return keys


def match_questions(headers: list[object], c: cat.Catalogue) -> tuple[dict[int, str], int | None, list[str]]:
    """Column index -> question id, the audit date column, and how non-exact headers were read."""
    from selfeval.sources.annexa.headers import _distance, _typo_limit

    keys = _question_keys(c)
    found: dict[int, str] = {}
    reads: list[str] = []
    date_col = None
    for i, h in enumerate(headers):
        if not isinstance(h, str) or not h.strip():
            continue
        key = loose(h)
        if key in {loose(d) for d in DATE_HEADERS} and date_col is None:
            date_col = i
            continue
        qid, how = keys.get(key), None
        if qid is None:
            best = min(((d, k) for k in keys if (d := _distance(key, k, _typo_limit(k))) <= _typo_limit(k)),
                       default=None)
            if best is not None:
                qid, how = keys[best[1]], "close spelling"
        elif key not in (loose(qid.replace("_", " ")), loose(c.audit_questions[qid].label)):
            how = "question wording"
        if qid is None or qid in found.values():
            continue
        found[i] = qid
        if how:
            reads.append(f"read '{' '.join(h.split())}' as '{c.audit_questions[qid].label}' ({how})")
    return found, date_col, reads


def _rows(path: Path) -> tuple[list[list[object]], str | None]:
    if path.suffix.lower() == ".csv":
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                with path.open(newline="", encoding=encoding) as fh:
                    return [list(r) for r in csv.reader(fh)], None
            except UnicodeDecodeError:
                continue
        raise SelfevalError("cannot read this file as text", file=str(path), hint="save it from Excel as 'CSV UTF-8'")
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise SelfevalError(f"cannot read '{path.suffix or 'no extension'}' files", file=str(path),
                            hint="give an Excel workbook (.xlsx) or a .csv file")
    from selfeval.sources.workbook import open_sheets

    # the shared reader bounds the workbook first (a zip bomb is refused before it is unpacked)
    # and falls back to openpyxl without python-calamine; its errors are one line already
    sheets, close = open_sheets(path)
    best: tuple[int, list[list[object]], str] | None = None
    c = cat.load()
    try:
        for name, load in sheets:
            rows = [list(r) for r in load()]
            score = max((len(match_questions(r, c)[0]) for r in rows[:HEADER_SEARCH_ROWS]), default=0)
            if best is None or score > best[0]:
                best = (score, rows, name)
    finally:
        close()
    if best is None:
        raise SelfevalError("the workbook has no sheets", file=str(path))
    return best[1], best[2]


def _ref(sheet: str | None, row: int, col: int) -> str:
    if sheet is None:
        return f"row {row} column {col + 1}"
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def read_audit_sheet(path: str | os.PathLike[str]) -> AuditResult:
    """Read a case-audit spreadsheet; see the module docstring."""
    p = Path(path)
    if not p.is_file():
        raise SelfevalError("no such file", file=str(path))
    rows, sheet = _rows(p)
    c = cat.load()
    header_at, found, date_col, reads = 0, dict[int, str](), None, list[str]()
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        got = match_questions(row, c)
        if len(got[0]) > len(found):
            header_at, (found, date_col, reads) = r, got
    if not found:
        raise SelfevalError(
            "no column matches an audit question", file=str(path),
            where=Where(place=f"sheet '{sheet}'") if sheet else Where(),
            hint="head each question's column with its id or label, as in: selfeval template --audits -o audit.xlsx")
    header = rows[header_at]
    counts = {qid: dict.fromkeys(cat.ANSWERS, 0) for qid in found.values()}
    unreadable: dict[str, list[str]] = {}
    dates: list[dt.date] = []
    cases = 0
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        answered = False
        for i, qid in found.items():
            raw = row[i] if i < len(row) else None
            try:
                a = answer(raw)
            except (ValueError, cells.CellError):
                unreadable.setdefault(" ".join(str(header[i]).split()), []).append(_ref(sheet, r + 1, i))
                answered = True
                continue
            if a is not None:
                counts[qid][a] += 1
                answered = True
        if not answered:
            continue
        cases += 1
        if date_col is not None and date_col < len(row):
            try:
                d = cells.parse_date(row[date_col])
            except cells.CellError:
                unreadable.setdefault(" ".join(str(header[date_col]).split()), []).append(_ref(sheet, r + 1, date_col))
                d = None
            if d is not None:
                dates.append(d)
    ignored = [" ".join(str(h).split()) for i, h in enumerate(header)
               if isinstance(h, str) and h.strip() and i not in found and i != date_col]
    answers = {qid: n for qid, n in counts.items() if sum(n.values())}
    return AuditResult(str(path), cases, answers, min(dates, default=None), max(dates, default=None),
                       reads, ignored, unreadable)


def render_audits(result: AuditResult, *, source_name: str) -> str:
    """The ``audits:`` block of a metrics file, with comments saying what was read."""
    span = (f" audited {result.first.isoformat()} to {result.last.isoformat()}" if result.first and result.last
            else "")
    method = f"Case audit spreadsheet '{source_name}': {result.cases} cases{span}"
    out = [f"# Case-file audit answers computed by selfeval from '{source_name}': counts only, no case",
           "# or child identifier. Paste this 'audits:' block into your metrics file (replacing any",
           "# audits: block there), then run: selfeval check <metrics file>"]
    out += [f"# {line}" for line in result.reads]
    if result.ignored:
        out.append(f"# Columns that are no audit question (not read): {len(result.ignored)}")
    out += [f"# DATA QUALITY: {p}" for p in result.problems]
    out += ["audits:", "  sample:", f"    cases: {result.cases}"]
    if result.last:
        out.append(f"    completed: {result.last.isoformat()}")
    out += [f"    method: {json.dumps(method, ensure_ascii=False)}", "  answers:"]
    c = cat.load()
    for qid, n in result.answers.items():
        out.append(f"    # {c.audit_questions[qid].label}")
        out.append(f"    {qid}: {{" + ", ".join(f"{k}: {v}" for k, v in n.items()) + "}")
    return "\n".join(out) + "\n"


def write_audit_template(path: str | os.PathLike[str]) -> None:
    """An audit workbook (or CSV) to fill in: one row per case, one column per catalogue question."""
    from selfeval.core.files import write_atomic

    c = cat.load()
    questions = list(c.audit_questions.values())
    headers = ["Case reference (kept locally: never read)", "Audit date"] + [q.label for q in questions]
    if Path(path).suffix.lower() == ".csv":
        import io

        buf = io.StringIO()
        csv.writer(buf).writerow(headers)
        write_atomic(path, buf.getvalue())
        return

    def build(p: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.worksheet.datavalidation import DataValidation

        wb = Workbook()
        ws = wb.active
        ws.title = "Audits"
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        dv = DataValidation(type="list", formula1='"Yes,Partly,No,Not applicable,1,2,3,4"', allow_blank=True,
                            error="Yes, Partly, No, Not applicable, or a grade 1-4", showErrorMessage=True)
        ws.add_data_validation(dv)
        last = ws.cell(row=1, column=len(headers)).column_letter
        dv.add(f"C2:{last}1000")
        ws.freeze_panes = "C2"
        guide = wb.create_sheet("Questions")
        guide.append(["Column", "ID", "Area", "Question"])
        for q in questions:
            guide.append([q.label, q.id, cat.AREAS[q.area], q.question])
        guide.append([])
        guide.append(["Answers: Yes, Partly, No, Not applicable; or grades 1 outstanding, 2 good (yes), "
                      "3 requires improvement (partly), 4 inadequate (no). Blank: not answered."])
        wb.save(p)

    write_atomic(path, build)


__all__ = ["AuditResult", "answer", "read_audit_sheet", "render_audits", "write_audit_template"]
