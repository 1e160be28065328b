#!/usr/bin/env python3
"""Build ``selfeval/data/benchmarks.yaml``: England figures by year, from DfE official statistics.

Usage::

    python tools/build_benchmarks.py [--data ../shared/data/dfe] [-o selfeval/data/benchmarks.yaml]
    python tools/build_benchmarks.py --check      # exit 1 if the committed file is out of date

Reads the National rows of the DfE CSV downloads (Explore Education Statistics; Open Government
Licence) described in the data folder's README, and writes one series per metric: each published
year with its value, the date it describes, its publication and a definition. Figures DfE
publishes that are not among the CSV downloads (assessments in 45 working days, table C2; plans
ending after two years or more) are kept in ``MANUAL`` below, and years DfE has published
beyond a CSV download in a series' ``extra``, each with its own citation, so that the one file
stays the single record of England figures.

Why a script: DfE revises figures and adds a year every autumn. Rerun this after downloading the
new CSVs, read the diff, commit. Never edit benchmarks.yaml by hand.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "dfe"  # ../shared beside the project
DEFAULT_OUT = ROOT / "selfeval" / "data" / "benchmarks.yaml"

EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"
CIN = {"publication": "Children in need", "link": EES + "characteristics-of-children-in-need",
       "month_day": "03-31", "period": "year ending 31 March {y}"}
CLA = {"publication": "Children looked after in England including adoptions",
       "link": EES + "children-looked-after-in-england-including-adoptions",
       "month_day": "03-31", "period": "year ending 31 March {y}"}
CSWW = {"publication": "Children's social work workforce", "link": EES + "children-s-social-work-workforce",
        "month_day": "09-30", "period": "30 September {y}"}

Row = dict[str, str]


def rows(data: Path, name: str, level: str = "National") -> list[Row]:
    with open(data / name, encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["geographic_level"] == level]


def num(x: str | None) -> float | None:
    """A published number, or None where DfE suppressed it (c, x, z, low, k, blank)."""
    try:
        return float(str(x).replace(",", ""))
    except (TypeError, ValueError):
        return None


# ----------------------------------------------------------------------------- extractors
# Each takes the rows of one geography (National for England, or one authority) grouped by
# year and returns {year: value}. The same functions give the authority figures for
# docs/threshold-distribution.md (tools/build_distribution.py), so England and authorities are
# always counted the same way.

def col(column: str, where: Callable[[Row], bool] = lambda r: True) -> Callable[[list[Row]], float | None]:
    def get(rs: list[Row]) -> float | None:
        for r in rs:
            if where(r):
                return num(r.get(column))
        return None
    return get


def icpc_15(rs: list[Row]) -> float | None:
    r = rs[0] if rs else None
    if r is None:
        return None
    early, mid, total = num(r.get("Duration_0-10_days")), num(r.get("Duration_11-15_days")), num(r.get("ICPC"))
    if early is None or mid is None or not total:
        return None
    return round(100 * (early + mid) / total, 1)


def pooled(breakdown: str, total: str) -> Callable[[list[Row]], float | None]:
    """The 17-21 share from DfE's 17-18 and 19-21 counts (the catalogue asks for 17-21)."""
    def get(rs: list[Row]) -> float | None:
        top = [num(r["care_leaver_count"]) for r in rs if r["breakdown"] == breakdown]
        bottom = [num(r["care_leaver_count"]) for r in rs if r["breakdown"] == total]
        if len(top) != 2 or len(bottom) != 2 or None in top or None in bottom:
            return None
        den = sum(b for b in bottom if b is not None)
        return round(100 * sum(t for t in top if t is not None) / den, 1) if den else None
    return get


def far_new_placements(rs: list[Row]) -> float | None:
    by = {r["breakdown"]: num(r["children_count"]) for r in rs
          if r["characteristic"] == "Location of new placements during the year"}
    far = [by.get("Placed inside LA boundary more than 20 miles from home"),
           by.get("Placed outside LA boundary more than 20 miles from home")]
    total = by.get("Total new placements")
    if None in far or not total:
        return None
    return round(100 * sum(f for f in far if f is not None) / total, 1)


SERIES: dict[str, dict[str, Any]] = {
    "re_referrals_within_12_months_pct": {
        **CIN, "file": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "get": col("rereferral_percent"),
        "definition": "Referrals in the year for a child referred within the previous 12 months, as a share of all referrals (DfE table C1).",
    },
    "icpc_within_15_working_days_pct": {
        **CIN, "file": "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv", "get": icpc_15,
        "definition": "Initial child protection conferences held within 15 working days of the start of the section 47 enquiry, as a share of all ICPCs in the year (DfE table C4: 0-10 and 11-15 day bands).",
    },
    "cp_plans_second_or_subsequent_pct": {
        **CIN, "file": "d3_cpps_subsequent_plan_2013_to_2025.csv", "get": col("CPP_subsequent_percent"),
        "definition": "Child protection plans started in the year that were a second or subsequent plan (DfE table D3).",
    },
    "children_in_care_per_10k": {
        **CLA, "file": "cla_number_and_rate_per_10k_children.csv",
        "get": col("rate_per_10000", lambda r: r["population_type"] == "Children looked after on 31 March each year"),
        "definition": "Children looked after at 31 March per 10,000 children aged under 18.",
    },
    "cla_3_plus_placements_pct": {
        **CLA, "file": "la_cla_placement_stability.csv",
        "get": col("children_percent", lambda r: r["cla_group"] == "CLA on 31 March"
                   and r["placement_stability"] == "With 3 or more placements during the year"),
        "definition": "Children looked after at 31 March who had three or more placements during the year.",
    },
    "cla_long_term_stability_pct": {
        **CLA, "file": "la_cla_placement_stability.csv",
        "get": col("children_percent", lambda r: r["cla_group"].startswith("Children looked after continuously for at least 2.5 years")
                   and r["placement_stability"] == "Living with the same carer for at least 2 years"),
        "definition": "Children under 16 looked after for at least 2.5 years at 31 March who had lived with the same carer for at least 2 years.",
    },
    "cla_placed_over_20_miles_pct": {
        **CLA, "file": "la_cla_during_year_new_placements.csv", "get": far_new_placements,
        "definition": "New placements in the year more than 20 miles from home, as a share of all new placements.",
        "differs": "DfE counts new placements made in the year; the catalogue's metric counts children in care at the period end. Compare with care.",
    },
    "children_with_3_plus_social_workers_pct": {
        **CLA, "file": "la_cla_swcount.csv",
        "get": col("percentage", lambda r: r["sw_stability"] == "3 or more social workers during the year"),
        "definition": "Children looked after at 31 March who had three or more social workers during the year (DfE stability measures).",
        "differs": "DfE counts children in care only; the catalogue's metric counts every child open to social care.",
        "extra": [{"year": 2025, "value": 24,
                   "source": "Stability measures for children looked after in England, reporting year 2025",
                   "link": EES + "stability-measures-for-children-looked-after-in-england",
                   "note": "Entered by hand: 19,900 of 81,770 children looked after at 31 March 2025 (DfE data set "
                           "'CLA social worker stability - by local authority', national row); the data folder's "
                           "la_cla_swcount.csv holds 2024 only."}],
    },
    "care_leavers_suitable_accommodation_pct": {
        **CLA, "file": "la_care_leavers_accommodation_suitability.csv",
        "get": pooled("Accommodation considered suitable", "Suitability total"),
        "definition": "Care leavers aged 17 to 21 in accommodation considered suitable: DfE's counts for ages 17-18 and 19-21 added together; 'no information' stays in the denominator.",
    },
    "care_leavers_eet_pct": {
        **CLA, "file": "la_care_leavers_activity.csv",
        "get": pooled("Total in education, employment or training", "Total"),
        "definition": "Care leavers aged 17 to 21 in education, employment or training: DfE's counts for ages 17-18 and 19-21 added together; 'information not known' stays in the denominator.",
    },
    "agency_social_worker_pct": {
        **CSWW, "file": "csww_indicators_2017_to_2025.csv", "get": col("agency_rate_fte"),
        "definition": "Agency children and family social workers in post at 30 September as a share of all (agency and permanent) FTE.",
    },
    "social_worker_turnover_pct": {
        **CSWW, "file": "csww_indicators_2017_to_2025.csv", "get": col("turnover_rate_fte"),
        "definition": "Permanent FTE leavers in the year to 30 September as a share of permanent FTE in post.",
    },
    "social_worker_vacancy_pct": {
        **CSWW, "file": "csww_indicators_2017_to_2025.csv", "get": col("vacancy_rate_fte"),
        "definition": "Vacant FTE posts at 30 September as a share of vacancies plus permanent FTE in post.",
    },
    "social_worker_caseload_average": {
        **CSWW, "file": "csww_indicators_2017_to_2025.csv", "get": col("caseload_fte"),
        "definition": "Cases held at 30 September per FTE case-holding children and family social worker.",
    },
}

OC2_NOTE = ("Entered by hand: DfE's OC2 outcomes (children looked after for at least 12 months at 31 March, "
            "England row) are not among the CSV downloads in the data folder; taken from DfE's table as "
            "republished with its England row by Trafford Data Lab (github.com/traffordDataLab/trafford_themes, "
            "data/children/{file}).")


def _oc2(values: dict[int, int], file: str) -> list[dict[str, Any]]:
    return [{"year": y, "value": v, "note": OC2_NOTE.format(file=file)} for y, v in sorted(values.items())]


MANUAL: dict[str, dict[str, Any]] = {
    # Published by DfE but not among the CSV downloads in the data folder.
    "cla_health_assessments_on_time_pct": {
        **CLA, "definition": "Children looked after for at least 12 months at 31 March who had their annual health assessment (DfE OC2 outcomes).",
        "series": _oc2({2018: 88, 2019: 90, 2020: 90, 2021: 91, 2022: 89, 2023: 89, 2024: 89}, "cla_health_assessment.csv"),
    },
    "cla_dental_checks_pct": {
        **CLA, "definition": "Children looked after for at least 12 months at 31 March who had their teeth checked by a dentist in the year (DfE OC2 outcomes).",
        "series": _oc2({2018: 84, 2019: 86, 2020: 86, 2021: 40, 2022: 70, 2023: 76, 2024: 79}, "cla_dental_check.csv"),
    },
    "assessments_within_45_working_days_pct": {
        **CIN, "definition": "Assessments completed in the year that took 45 working days or fewer (DfE table C2).",
        "series": [{"year": 2025, "value": 85.7,
                    "note": "555,820 of 648,830 assessments completed in the year ending 31 March 2025 (table C2); entered by hand, C2 is not among the CSV downloads."}],
    },
    "cp_plans_lasting_2_years_plus_pct": {
        **CIN, "definition": "Child protection plans ended in the year that had lasted two years or more (DfE table D4).",
        "series": [{"year": 2025, "value": 4.4,
                    "note": "Entered by hand: the CSV download D5 counts plans open at 31 March by duration (2.3% in 2025), a different measure."}],
    },
}

HEADER = """\
# England figures by year: built by tools/build_benchmarks.py from DfE official statistics
# (../shared/data/dfe, national rows). Do not edit by hand: rerun the script and commit the diff.
#
# Shape (read by selfeval/benchmarks.py; other tools may read it too):
#   benchmarks:
#     <metric id from the catalogue>:
#       publication: DfE publication the figures come from
#       publisher:   Department for Education
#       link:        the publication's page
#       definition:  what DfE counts, in our words
#       differs:     (optional) how DfE's measure differs from the catalogue's metric
#       series:      one entry per published year, oldest first:
#         - year:   reporting year (the year the period ends)
#           as_at:  the date the figure describes (31 March, or 30 September for the workforce)
#           period: the period in words ("year ending 31 March 2025", "30 September 2025")
#           value:  the England figure, in the catalogue's unit
#           source: publication and reporting year, as cited in reports
#           link:   (optional) the year's own publication page, where it is not the metric's
#           note:   (optional)
# A report compares a period with the figure of its own year, or the latest before it (or,
# before the first published year, the earliest), says which, and warns when the figure used
# describes a date more than a year from the period's end.
"""


def build(data: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for metric, spec in SERIES.items():
        by_year: dict[int, list[Row]] = {}
        for r in rows(data, spec["file"]):
            by_year.setdefault(int(r["time_period"][:4]), []).append(r)
        series = []
        for year in sorted(by_year):
            value = spec["get"](by_year[year])
            if value is not None:
                series.append({"year": year, "value": value})
        held = {s["year"] for s in series}  # a year the CSV holds always wins over one entered by hand
        series += [e for e in spec.get("extra", []) if e["year"] not in held]
        out[metric] = _entry(spec, sorted(series, key=lambda e: e["year"]))
    for metric, spec in MANUAL.items():
        out[metric] = _entry(spec, spec["series"])
    return dict(sorted(out.items()))


def _entry(spec: dict[str, Any], series: Iterable[dict[str, Any]]) -> dict[str, Any]:
    entry: dict[str, Any] = {"publication": spec["publication"], "publisher": "Department for Education",
                             "link": spec["link"], "definition": spec["definition"]}
    if "differs" in spec:
        entry["differs"] = spec["differs"]
    entry["series"] = [
        {"year": s["year"], "as_at": f"{s['year']}-{spec['month_day']}", "period": spec["period"].format(y=s["year"]),
         "value": _clean(s["value"]), "source": s.get("source") or f"{spec['publication']}, reporting year {s['year']}",
         **({"link": s["link"]} if s.get("link") else {}), **({"note": s["note"]} if s.get("note") else {})}
        for s in series]
    return entry


def _clean(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(float(v), 1)


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump(data: dict[str, Any]) -> str:
    """Stable, readable YAML without a dependency on a YAML writer's layout choices."""
    lines = [HEADER.rstrip("\n"), "benchmarks:"]
    for metric, e in data.items():
        lines.append(f"  {metric}:")
        for key in ("publication", "publisher", "link", "definition", "differs"):
            if key in e:
                lines.append(f"    {key}: {_q(e[key])}")
        lines.append("    series:")
        for s in e["series"]:
            parts = [f"year: {s['year']}", f"as_at: {s['as_at']}", f"period: {_q(s['period'])}",
                     f"value: {s['value']}", f"source: {_q(s['source'])}"]
            if "link" in s:
                parts.append(f"link: {_q(s['link'])}")
            if "note" in s:
                parts.append(f"note: {_q(s['note'])}")
            lines.append("      - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of DfE CSV downloads")
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="exit 1 if the output file is out of date")
    args = ap.parse_args(argv)
    text = dump(build(args.data))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run tools/build_benchmarks.py", file=sys.stderr)
            return 1
        return 0
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
