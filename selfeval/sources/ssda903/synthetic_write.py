"""Write the synthetic 903 model as each year's return: CSV tables or one XML file per year."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from selfeval.sources.ssda903.synthetic import CHILD_POPULATION, YEAR, YEARS, Child, generate
from selfeval.sources.ssda903.synthetic_expected import expected, oc2_cohort
from selfeval.sources.ssda903.tables import TABLES

Record = dict[str, str]


def _dmy(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def _records(children: list[Child], year: int, cohort: set[str]) -> Iterator[tuple[Child, Record, list[Record], dict[str, Record]]]:
    """Per child in the year's return: header, episodes, and one-row tables (OC2, OC3, AD1)."""
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    for c in children:
        eps = [e for e in c.eps if e.decom <= end and (e.dec is None or e.dec >= start)]
        leaver = c.oc3 is not None and year == YEAR
        if not eps and not leaver:
            continue
        sex = str(c.sex) if year <= 2024 else "MF"[c.sex - 1]
        head = {"CHILD": c.id, "SEX": sex, "DOB": _dmy(c.dob), "ETHNIC": c.ethnic, "UPN": "UN2",
                "MOTHER": "", "MC_DOB": ""}
        rows = []
        for e in eps:
            closed = e.dec is not None and e.dec <= end
            rows.append({"CHILD": c.id, "DECOM": _dmy(e.decom), "RNE": e.rne, "LS": e.ls, "CIN": "N1",
                         "PLACE": e.place, "PLACE_PROVIDER": "" if e.place.startswith("T") else "PR1",
                         "DEC": _dmy(e.dec) if closed else "", "REC": (e.rec or "") if closed else "",
                         "REASON_PLACE_CHANGE": "", "HOME_POST": "", "PL_POST": "", "URN": ""})
        one: dict[str, Record] = {}
        if year == YEAR and c.id in cohort and c.oc2 is not None:
            one["OC2"] = {"CHILD": c.id, "DOB": _dmy(c.dob), "SDQ_SCORE": c.oc2[0],
                          "SDQ_REASON": "" if c.oc2[0] else "SDQ1", "CONVICTED": "0", "HEALTH_CHECK": "",
                          "IMMUNISATIONS": c.oc2[1], "TEETH_CHECK": c.oc2[2],
                          "HEALTH_ASSESSMENT": c.oc2[3], "SUBSTANCE_MISUSE": "0",
                          "INTERVENTION_RECEIVED": "", "INTERVENTION_OFFERED": ""}
        if leaver and c.oc3 is not None:
            one["OC3"] = {"CHILD": c.id, "DOB": _dmy(c.dob), "IN_TOUCH": c.oc3[0], "ACTIV": c.oc3[1],
                          "ACCOM": c.oc3[2]}
        adopted = [e for e in eps if e.rec in ("E11", "E12") and e.dec is not None and e.dec <= end]
        if adopted:
            one["AD1"] = {"CHILD": c.id, "DOB": _dmy(c.dob), "DATE_INT": "", "DATE_MATCH": _dmy(c.match),
                          "FOSTER_CARE": str(c.foster_care or 0), "NB_ADOPTR": "2",
                          "SEX_ADOPTR": "MF", "LS_ADOPTR": "L0"}
        yield c, head, rows, one


def write_csv(children: list[Child], folder: Path, year: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    cohort = {c.id for c in oc2_cohort(children)}
    names = ("Header", "Episodes", "OC2", "OC3", "AD1")
    handles = {n: (folder / TABLES[n].file_name).open("w", newline="", encoding="utf-8") for n in names}
    try:
        writers = {n: csv.DictWriter(h, fieldnames=TABLES[n].columns) for n, h in handles.items()}
        for w in writers.values():
            w.writeheader()
        for _, head, rows, one in _records(children, year, cohort):
            writers["Header"].writerow(head)
            writers["Episodes"].writerows(rows)
            for table, rec in one.items():
                writers[table].writerow(rec)
    finally:
        for h in handles.values():
            h.close()


def _el(tag: str, value: str) -> str:
    return f"<{tag}>{escape(value)}</{tag}>" if value else ""


def write_xml(children: list[Child], path: Path, year: int) -> None:
    cohort = {c.id for c in oc2_cohort(children)}
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<EXPSSDA903>\n')
        for _, head, rows, one in _records(children, year, cohort):
            parts = [_el("CHILDID", head["CHILD"])]
            parts += [_el(k, v) for k, v in head.items() if k != "CHILD"]
            for table in ("OC3", "AD1"):
                if table in one:
                    parts += [_el(k, v) for k, v in one[table].items() if k not in ("CHILD", "DOB")]
            if "OC2" in one:
                parts.append("<OC2>" + "".join(_el(k, v) for k, v in one["OC2"].items()
                                               if k not in ("CHILD", "DOB")) + "</OC2>")
            f.write("<CHILD><HEADER>" + "".join(parts) + "</HEADER>")
            for r in rows:
                f.write("<EPISODE>" + "".join(_el("PL" if k == "PLACE" else k, v)
                                              for k, v in r.items() if k != "CHILD") + "</EPISODE>")
            f.write("</CHILD>\n")
        f.write("</EXPSSDA903>\n")


def folder_name(year: int, fmt: str) -> str:
    return f"ssda903_{year - 1}-{str(year)[2:]}" + (".xml" if fmt == "xml" else "")


def write_synthetic(out: str | os.PathLike[str], size: str, seed: int, fmt: str = "csv") -> tuple[list[Path], Path]:
    """Three years of returns under ``out`` and ``expected.yaml`` beside them."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    children = generate(size, seed)
    paths = []
    for year in YEARS:
        p = root / folder_name(year, fmt)
        if fmt == "xml":
            write_xml(children, p, year)
        else:
            write_csv(children, p, year)
        paths.append(p)
    answers = root / "expected.yaml"
    answers.write_text(
        "# Known answers of this synthetic SSDA903 (every child invented), default readings.\n"
        + yaml.safe_dump({"as_at": dt.date(YEAR, 3, 31).isoformat(), "child_population": CHILD_POPULATION[size],
                          "metrics": expected(children, size)}, sort_keys=True), encoding="utf-8")
    return paths, answers
