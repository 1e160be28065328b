"""Comparators beside England: the bundled DfE table (an authority named by LA code) checked
against values read straight from the DfE CSVs, for three authorities in three regions; the year
chosen for a period; and the errors a user sees for a bad LA code."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, write

from selfeval import api
from selfeval.core import comparators as cmp
from selfeval.core.check import Options

DFE = ROOT.parent / "shared" / "data" / "dfe"  # ../shared beside the project, as the brief places it
needs_data = pytest.mark.skipif(not DFE.is_dir(), reason=f"DfE CSVs not found at {DFE}")

# Knowsley (North West), Barnet (London), Cornwall (South West)
AUTHORITIES = [("340", "Knowsley", "North West"), ("302", "Barnet", "London"), ("908", "Cornwall", "South West")]
METRICS = """\
metrics:
  re_referrals_within_12_months_pct: 20
  agency_social_worker_pct: 18
  cp_plans_second_or_subsequent_pct: 22
"""


def _rows(name: str) -> list[dict[str, str]]:
    with open(DFE / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _csv_figures(name: str, column: str, year: str, code: str, region: str) -> dict[str, float]:
    """The authority's, its region's, England's and its 2025-model neighbours' mean, straight from the CSV."""
    rows = [r for r in _rows(name) if r["time_period"] == year]
    la = {r["old_la_code"]: r[column] for r in rows if r["geographic_level"] == "Local authority"}
    out = {"authority": float(la[code]),
           "region": float(next(r[column] for r in rows if r["geographic_level"] == "Regional"
                                and r["region_name"] == region)),
           "national": float(next(r[column] for r in rows if r["geographic_level"] == "National"))}
    sn_row = next(r for r in _rows("sn_model_2025_wide.csv") if r["old_la_code"] == code)
    neighbours = [sn_row[f"SN_{i}"] for i in range(1, 11)]
    vals = []
    for n in neighbours:
        try:
            vals.append(float(la[n]))
        except (KeyError, ValueError):
            pass  # suppressed or not published
    out["statistical_neighbours"] = round(sum(vals) / len(vals), 1)
    return out


def comparator_figures(data: dict[str, Any], metric: str) -> dict[str, dict[str, Any]]:
    """group -> the comparator shown beside ``metric`` in the report model (first finding using it)."""
    for area in data["areas"]:
        for f in area["findings"]:
            for lv in f["levels"]:
                for t in lv["tests"]:
                    if t["id"] == metric and t.get("comparators"):
                        return {c["group"]: c for c in t["comparators"]}
    return {}


def national_figure(data: dict[str, Any], metric: str) -> dict[str, Any] | None:
    for area in data["areas"]:
        for f in area["findings"]:
            for lv in f["levels"]:
                for t in lv["tests"]:
                    if t["id"] == metric and t.get("national"):
                        return dict(t["national"])
    return None


@needs_data
@pytest.mark.parametrize(("code", "name", "region"), AUTHORITIES, ids=[a[1] for a in AUTHORITIES])
def test_report_shows_published_figures_read_from_the_csvs(tmp_path: Path, code: str, name: str,
                                                           region: str) -> None:
    p = write(tmp_path, f"authority: {name}\nperiod: {{start: 2025-04-01, end: 2026-03-31}}\n" + METRICS)
    data = api.check(p, Options(la_code=code, use_settings=False)).data
    assert data["comparators"]["authority"]["code"] == code
    cases = [
        ("re_referrals_within_12_months_pct", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
         "rereferral_percent", "2025", "year ending 31 March 2025"),
        ("cp_plans_second_or_subsequent_pct", "d3_cpps_subsequent_plan_2013_to_2025.csv",
         "CPP_subsequent_percent", "2025", "year ending 31 March 2025"),
        # the workforce census is at 30 September: the period ending March 2026 takes September 2025
        ("agency_social_worker_pct", "csww_indicators_2017_to_2025.csv", "agency_rate_fte", "2025",
         "30 September 2025"),
    ]
    for metric, file, column, year, period in cases:
        want = _csv_figures(file, column, year, code, region)
        shown = comparator_figures(data, metric)
        assert set(shown) == {"authority", "statistical_neighbours", "region"}, (metric, shown)
        for group in ("authority", "statistical_neighbours", "region"):
            assert shown[group]["value"] == pytest.approx(want[group]), (metric, group)
            assert shown[group]["period"] == period
        assert shown["region"]["label"] == region
        assert national_figure(data, metric)["value"] == pytest.approx(want["national"]), metric  # type: ignore[index]


@needs_data
def test_authority_code_in_the_metrics_file_and_every_text_format(tmp_path: Path, run: Any) -> None:
    p = write(tmp_path, "authority: Knowsley\nauthority_code: E08000011\n"
                        "period: {start: 2024-04-01, end: 2025-03-31}\n" + METRICS)
    want = _csv_figures("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
                        "rereferral_percent", "2025", "340", "North West")
    for args in (("-f", "text", "--detail"), ("-f", "markdown"), ("-f", "html")):
        out = run("check", p, *args, expect=None).stdout
        assert "Knowsley (LA 340)" in out, args
        assert f"{want['authority']:g}%" in out and f"{want['statistical_neighbours']:g}%" in out, args
    # the screen view lists only gaps (met rules are counted): the concern's line carries its comparators
    screen = run("check", p, "-f", "text", expect=None).stdout
    assert "Knowsley (LA 340)" in screen
    agency = next(line for line in screen.splitlines() if "agency social workers" in line)
    assert "England" in agency and "Statistical neighbours" in agency and "North West" in agency
    data = json.loads(run("check", p, "-f", "json", expect=None).stdout)
    assert comparator_figures(data, "re_referrals_within_12_months_pct")["region"]["value"] == want["region"]


def test_year_is_the_periods_own_or_the_latest_before() -> None:
    knowsley = cmp.authority("340")
    figs = cmp.published(knowsley, dt.date(2020, 3, 31))["re_referrals_within_12_months_pct"]
    assert {f.period for f in figs} == {"year ending 31 March 2020"}
    figs = cmp.published(knowsley, dt.date(2019, 12, 31))["re_referrals_within_12_months_pct"]
    assert {f.period for f in figs} == {"year ending 31 March 2019"}  # 2020's figure is after the period
    early = cmp.published(knowsley, dt.date(2015, 3, 31))["children_in_care_per_10k"]  # table starts 2021
    assert {f.period for f in early} == {"year ending 31 March 2021"} and all(f.to_dict()["far"] for f in early)


def test_neighbour_model_follows_the_year() -> None:
    t = cmp.table()
    model_2021 = [cmp._neighbours("340", 2019), cmp._neighbours("340", 2024)]
    assert all(m == "2021" for m, _ in model_2021) and model_2021[0][1] == t["neighbours"]["2021"]["340"]
    assert cmp._neighbours("340", 2025) == ("2025", t["neighbours"]["2025"]["340"])


@pytest.mark.parametrize(("code", "message"), [
    ("999", "unknown LA code '999'"),
    ("Knowsley", "Knowsley is LA code 340"),
])
def test_bad_la_code_is_one_line(tmp_path: Path, run: Any, code: str, message: str) -> None:
    p = write(tmp_path, "authority: Knowsley\nperiod: {as_at: 2026-03-31}\n")
    err = run("check", p, "--la-code", code, expect=2).stderr
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    p = write(tmp_path, f"authority: Knowsley\nauthority_code: {code}\nperiod: {{as_at: 2026-03-31}}\n")
    err = run("check", p, expect=2).stderr
    assert "metrics.yaml:2:" in err and message in err


def test_no_code_and_no_file_shows_no_comparators(tmp_path: Path) -> None:
    p = write(tmp_path, "authority: Testshire\nperiod: {as_at: 2026-03-31}\n" + METRICS)
    data = api.check(p, Options(use_settings=False)).data
    assert data["comparators"] is None
    assert comparator_figures(data, "re_referrals_within_12_months_pct") == {}


@needs_data
def test_the_bundled_table_is_current() -> None:
    """Rebuilding from the CSVs gives the committed table (rerun tools/build_comparators.py)."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_comparators.py"), "--check",
                             "--data", str(DFE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_summary_figures_carry_comparators_on_the_model(tmp_path: Path, run: Any) -> None:
    """The one-line summaries read the headline figures: the comparators ride on the figure (model),
    never inside its display text, and the draft says them beside England's figure."""
    p = write(tmp_path, "authority: Knowsley\nauthority_code: 340\n"
                        "period: {start: 2024-04-01, end: 2025-03-31}\n" + METRICS)
    data = json.loads(run("check", p, "-f", "json", expect=None).stdout)
    agency = next(f for a in data["areas"] for f in a["findings"] if f["id"] == "ld-agency-staff")
    (h,) = [h for h in agency["headline"] if h["id"] == "agency_social_worker_pct"]
    assert {c["group"] for c in h["comparators"]} == {"authority", "statistical_neighbours", "region"}
    assert "neighbours" not in h["short"] and "North West" not in h["short"]
    md = run("check", p, "-f", "markdown", expect=None).stdout
    row = next(line for line in md.splitlines() if line.startswith("| **Concern** | Reliance on agency"))
    assert "England" in row and "Statistical neighbours" in row and "North West" in row
    draft = run("draft", p, expect=None).stdout
    assert "Statistical neighbours (" in draft and "England and comparators" in draft
