"""Write synthetic Annex A records the way real exports look, as .xlsx or a folder of CSV files.

Messiness on purpose: coded values with prefixes, ``#N/A`` and empty cells for blanks, dates as
Excel dates, as UK text and as serial numbers, yes/no spelt several ways, headers in odd case or
with non-breaking spaces, title rows above the header, blank rows, extra columns (including a
child's name, which the import must never write anywhere), and a sheet that is not a list.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from selfeval.sources.annexa.synthetic import (
    AS_AT,
    CHILD_POPULATION,
    PERIOD_START,
    Record,
)
from selfeval.sources.annexa.synthetic_expected import expected
from selfeval.sources.annexa.synthetic_lists import generate

Cell = Any
Col = tuple[str, str, str]  # header, record key, kind: date | yesno | count | age | coded | text

_CHILD: list[Col] = [("Child Unique ID", "child_id", "text"), ("Child Name", "name", "text"),
                     ("Gender", "gender", "text"), ("Ethnicity", "ethnicity", "text"),
                     ("Date of Birth", "dob", "date"), ("Age", "age", "age")]
_DIS: list[Col] = [("Does the Child have a Disability", "-disability", "text")]
_TEAM: list[Col] = [("Allocated Team", "-team", "text"), ("Allocated Worker", "worker", "text")]

COLUMNS: dict[int, list[Col]] = {
    1: _CHILD + [("Date of Contact", "contact_date", "date"), ("Contact Source", "source", "text")],
    2: _CHILD + [("Assessment start date", "eh_start", "date"),
                 ("Assessment completion date", "eh_completed", "date"),
                 ("Organisation completing assessment", "-org", "text")],
    3: _CHILD + [("Date of Referral", "referral_date", "date"), ("Referral Source", "-src", "text"),
                 ("Referral NFA?", "-nfa", "text"),
                 ("Number of Referrals in Last 12 Months", "referrals_12m", "count")] + _TEAM,
    4: _CHILD + _DIS + [("Continuous Assessment Start Date", "start", "date"),
                        ("Child Seen During Continuous Assessment", "-seen", "text"),
                        ("Continuous Assessment Date of Authorisation", "authorised", "date"),
                        ("Was the child assessed as requiring LA children's social care support?",
                         "-support", "text")] + _TEAM,
    5: _CHILD + _DIS + [("Strategy discussion initiating Section 47 Enquiry Start Date", "strategy_date", "date"),
                        ("Was an Initial Child Protection Conference deemed unnecessary?", "-unn", "text"),
                        ("Date of Initial Child Protection Conference", "icpc_date", "date"),
                        ("Number of Section 47 Enquiries in the last 12 months", "-s47n", "count")] + _TEAM,
    6: _CHILD + _DIS + [("CIN Start Date", "cin_start", "date"), ("Primary Need Code", "-need", "text"),
                        ("Date Child Was Last Seen", "last_seen", "date"),
                        ("CIN Closure Date", "cin_closed", "date"), ("Reason for Closure", "-rc", "text"),
                        ("Case Status", "case_status", "text")] + _TEAM,
    7: _CHILD + _DIS + [("Child Protection Plan Start Date", "plan_start", "date"),
                        ("Initial Category of Abuse", "-cat", "text"),
                        ("Date of the Last Statutory Visit", "last_visit", "date"),
                        ("Was the Child Seen Alone?", "seen_alone", "yesno"),
                        ("Date of latest review conference", "latest_review", "date"),
                        ("Child Protection Plan End Date", "plan_end", "date"),
                        ("Number of Previous Child Protection Plans", "previous_plans", "count")] + _TEAM,
    8: _CHILD + _DIS + [("Date Started to be Looked After", "cla_start", "date"),
                        ("Child's Legal Status", "legal_status", "coded"),
                        ("Date of Latest Statutory Review", "latest_review", "date"),
                        ("Date of Last Social Work Visit", "last_visit", "date"),
                        ("What is the permanence plan for this child?", "permanence_plan", "text"),
                        ("Date of Last Health Assessment", "last_health", "date"),
                        ("Date of Last Dental Check", "last_dental", "date"),
                        ("Number of Placements in the Last 12 months", "placements_12m", "count"),
                        ("Date Ceased to be Looked After", "ceased", "date"),
                        ("Start Date of Most Recent Placement", "placement_start", "date"),
                        ("Placement Type", "placement_type", "coded"), ("URN of Placement", "urn", "text"),
                        ("Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
                         "missing_12m", "count"),
                        ("Was the child offered a Return Interview after their last missing episode (Y/N)?",
                         "rhi_offered", "yesno"),
                        ("Was the Child Seen Alone?", "seen_alone", "yesno")] + _TEAM,
    9: _CHILD + _DIS + [("Eligibility Category", "eligibility", "text"), ("LA in Touch", "in_touch", "text"),
                        ("Type of Accommodation", "accommodation", "coded"),
                        ("Suitability of Accommodation", "suitability", "text"),
                        ("Activity Status", "activity", "coded"),
                        ("Latest pathway plan review date", "pathway_review", "date"),
                        ("Personal adviser allocated", "personal_adviser", "text")] + _TEAM,
    10: _CHILD + [("Family identifier", "family", "text"),
                  ("Date the Child Entered Care", "entered_care", "date"),
                  ("Date of Decision that Child Should be Placed for Adoption", "decision", "date"),
                  ("Date of Placement Order", "placement_order", "date"),
                  ("Date of Matching Child and Prospective Adopters", "matched", "date"),
                  ("Date Placed for Adoption", "placed", "date"),
                  ("Date the child was placed for fostering in FFA or concurrent planning placement",
                   "ffa_placed", "date")],
    11: [("Individual adopter identifier", "adopter_id", "text"), ("Family identifier", "family", "text"),
         ("Gender", "gender", "text"), ("Date enquiry received", "enquiry", "date"),
         ("Date Stage 1 started", "stage1", "date")],
}
SHEET_NAMES = {n: f"List {n}" for n in range(1, 12)} | {10: "List 10 - Adoption", 9: "list 9"}
TITLE_ROWS = {7: "Child protection plans", 8: "Children in care (Annex A List 8)"}
_EPOCH = dt.date(1899, 12, 30)


class _Mess:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def blank(self) -> Cell:
        return self.r.choice([None, None, " ", ""])

    def coded(self, v: str) -> Cell:
        """A ``CODE: description`` cell written as real exports write it (the import must read
        every one of these the same way)."""
        code, _, desc = v.partition(": ")
        x = self.r.random()
        if x < 0.5:
            return v
        return self.r.choice([
            code, f"{code} - {desc.title()}", f"{desc.upper()} [{code}]", f"{desc.capitalize()} ({code})",
            f"CLA - {code} - {desc.title()}" if len(code) > 1 else f"{code}) {desc}",
            f"{code}OUT - {desc}" if any(c.isdigit() for c in code) else f"{code}: {desc.upper()}",
        ])

    def cell(self, kind: str, v: Any, text_dates: bool) -> Cell:
        if v is None:
            return self.blank()
        if kind == "date":
            if text_dates:
                return v.strftime("%d/%m/%Y")
            x = self.r.random()
            return v if x < 0.85 else v.strftime("%d/%m/%Y") if x < 0.93 else (v - _EPOCH).days
        if kind == "yesno":
            if v == "not applicable":
                return "Not applicable"
            return self.r.choice(["Yes", "Y", "a) Yes"] if v else ["No", "N", "b) No"])
        if kind == "count":
            return v if self.r.random() < 0.9 else str(v)
        if kind == "coded":
            return self.coded(v)
        if kind == "age":
            return v if self.r.random() < 0.8 else f"{v} years" if v else "<1"
        return v

    def header(self, h: str) -> str:
        x = self.r.random()
        return h.upper() if x < 0.05 else h.replace(" ", "\u00a0", 1) if x < 0.1 else h + " " if x < 0.15 else h


def rows_for(n: int, records: list[Record], mess: _Mess, text_dates: bool = False) -> list[list[Cell]]:
    cols = COLUMNS[n]
    out: list[list[Cell]] = []
    if n in TITLE_ROWS and not text_dates:
        out += [[TITLE_ROWS[n]], []]
    out.append([mess.header(h) for h, _, _ in cols])
    filler: dict[str, Callable[[], Cell]] = {
        "-disability": lambda: mess.r.choice(["a) Yes", "b) No", "b) No", "b) No"]),
        "-team": lambda: mess.r.choice(["Assessment Team 1", "Safeguarding North", "Children in Care"]),
    }
    for i, rec in enumerate(records):
        if i and i % 97 == 0:
            out.append([None] * len(cols))
        row = []
        for _, key, kind in cols:
            if key.startswith("-"):
                row.append(filler.get(key, lambda: mess.r.choice(["a) Yes", "b) No", "N1", None]))())
            else:
                row.append(mess.cell(kind, rec.get(key), text_dates))
        out.append(row)
    return out


def write_xlsx(lists: dict[int, list[Record]], path: str | os.PathLike[str], seed: int = 1) -> None:
    import openpyxl

    mess = _Mess(seed)
    wb = openpyxl.Workbook(write_only=True)
    notes = wb.create_sheet("Notes")
    notes.append(["Synthetic Annex A made by `selfeval demo annex-a`: every child here is invented."])
    for n in range(1, 12):
        ws = wb.create_sheet(SHEET_NAMES[n])
        for row in rows_for(n, lists[n], mess):
            ws.append(row)
    wb.save(path)


def write_csv_folder(lists: dict[int, list[Record]], folder: str | os.PathLike[str], seed: int = 1) -> None:
    mess = _Mess(seed)
    Path(folder).mkdir(parents=True, exist_ok=True)
    for n in range(1, 12):
        with open(Path(folder) / f"List {n}.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(["" if c is None else c for c in row]
                                     for row in rows_for(n, lists[n], mess, text_dates=True))


def expected_document(lists: dict[int, list[Record]], size: str, seed: int) -> dict[str, Any]:
    return {"as_at": AS_AT.isoformat(), "period": {"start": PERIOD_START.isoformat(), "end": AS_AT.isoformat()},
            "size": size, "seed": seed, "child_population": CHILD_POPULATION[size],
            "metrics": expected(lists, CHILD_POPULATION[size])}


def write_synthetic(path: str | os.PathLike[str], size: str = "small", seed: int = 2026) -> Path:
    """Write the workbook (or CSV folder, for a path without .xlsx) and ``<stem>.expected.yaml``."""
    from selfeval.core.files import write_atomic

    lists = generate(size, seed)
    p = Path(path)
    doc = expected_document(lists, size, seed)
    if p.suffix.lower() == ".xlsx":
        tmp = p.with_name(f".{p.name}.tmp.xlsx")
        write_xlsx(lists, tmp, seed)
        os.replace(tmp, p)
        answers = p.with_suffix(".expected.yaml")
    else:
        write_csv_folder(lists, p, seed)
        answers = p.with_name(p.name + ".expected.yaml")
    header = ("# The metric values selfeval must compute from the synthetic Annex A beside this file,\n"
              f"# as at {AS_AT.isoformat()} (import it with --as-at {AS_AT.isoformat()}"
              f" --child-population {CHILD_POPULATION[size]}).\n")
    write_atomic(answers, header + yaml.safe_dump(doc, sort_keys=False))
    return answers
