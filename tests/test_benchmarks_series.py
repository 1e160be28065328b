"""England figures by year: a period is judged against the figure of its own year (or the latest
before it), the report says which, and warns when the nearest figure is more than a year away."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, write

from selfeval.core import benchmarks as bm
from selfeval.core.catalogue import load as load_catalogue
from selfeval.core.conditions import Context, parse
from selfeval.core.evidence import Evidence, MetricValue

ROOT = Path(__file__).resolve().parent.parent
DFE = ROOT.parent / "shared" / "data" / "dfe"  # ../shared beside the project, as the brief places it


def test_every_series_is_ordered_sourced_and_in_the_catalogues_unit() -> None:
    cat = load_catalogue()
    for metric, series in bm.load_series().items():
        assert metric in cat.metrics
        dates = [p.as_at for p in series.points]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
        for p in series.points:
            assert p.source and p.publisher and p.definition and p.year
            if cat.metrics[metric].unit == "percent":
                assert 0 <= p.value <= 100


def test_a_period_gets_the_figure_of_its_own_year_or_the_latest_before() -> None:
    s = bm.load_series()["re_referrals_within_12_months_pct"]
    assert s.for_date(dt.date(2014, 3, 31)).value == 23.5           # its own year
    assert s.for_date(dt.date(2014, 6, 11)).year == "year ending 31 March 2014"  # latest before
    latest = s.for_date(dt.date(2026, 3, 31))
    assert latest.year == "year ending 31 March 2025" and not latest.far  # one year: no warning
    early = bm.load_series()["social_worker_caseload_average"].for_date(dt.date(2014, 6, 11))
    assert early.year == "30 September 2017" and early.far               # nothing before: earliest, warned
    assert "about 3 years after" in (bm.warning(early) or "")


def test_worse_than_national_holds_for_2014_as_for_2026() -> None:
    cat = load_catalogue()
    cond = parse({"metric": "re_referrals_within_12_months_pct", "worse_than": "national"})
    ev = Evidence(metrics={"re_referrals_within_12_months_pct": MetricValue(23.0)})
    at = lambda d: cond.evaluate(Context(ev, None, cat, bm.values(d))).value  # noqa: E731
    assert at(dt.date(2014, 3, 31)) is False   # England 23.5% in 2014
    assert at(dt.date(2026, 3, 31)) is True    # England 22.6% in 2025


def test_a_report_for_2014_names_the_years_used_and_warns(tmp_path: Path, run: Run) -> None:
    p = write(tmp_path, "authority: Test\nperiod: {as_at: 2014-03-31}\nmetrics:\n"
                        "  re_referrals_within_12_months_pct: 23\n  social_worker_caseload_average: 20\n")
    data = json.loads(run("check", p, "-f", "json", expect=None).stdout)
    nationals = {t["id"]: t["national"] for a in data["areas"] for f in a["findings"] for lv in f["levels"]
                 for t in lv["tests"] if "national" in t}
    assert nationals["re_referrals_within_12_months_pct"]["year"] == "year ending 31 March 2014"
    assert nationals["social_worker_caseload_average"]["far"] is True
    warning = " ".join(data["submission"]["warnings"])
    assert "Average social worker caseload (30 September 2017)" in warning  # named as the findings name it
    assert "re-referral" not in warning.lower()


@pytest.mark.skipif(not DFE.is_dir(), reason="the DfE downloads (../shared/data/dfe) are not on this machine")
def test_benchmarks_yaml_is_what_the_script_builds_from_the_dfe_files() -> None:
    mod = _build_module()
    built = mod.dump(mod.build(DFE))
    assert built == (ROOT / "selfeval" / "data" / "benchmarks.yaml").read_text(encoding="utf-8"), \
        "benchmarks.yaml is out of date: run python tools/build_benchmarks.py"


def _build_module() -> Any:
    """tools/build_benchmarks.py as a module."""
    spec = importlib.util.spec_from_file_location("build_benchmarks", ROOT / "tools" / "build_benchmarks.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_benchmarks"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_a_year_entered_by_hand_carries_its_own_source_and_a_year_in_the_csv_wins(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """DfE published 2025's social worker stability (24%) in its own publication; the data
    folder's CSV holds 2024 only. The hand-entered year says where it comes from, and once the
    CSV holds that year too, the CSV's figure is used."""
    point = bm.load_series()["children_with_3_plus_social_workers_pct"].for_date(dt.date(2026, 3, 31))
    assert (point.value, point.year) == (24.0, "year ending 31 March 2025") and not point.far
    assert point.source.startswith("Stability measures") and point.link and "stability-measures" in point.link
    mod = _build_module()
    header = "time_period,geographic_level,sw_stability,percentage\n"
    (tmp_path / "la_cla_swcount.csv").write_text(
        header + "2024,National,3 or more social workers during the year,27\n"
        "2025,National,3 or more social workers during the year,25\n", encoding="utf-8")
    monkeypatch.setattr(mod, "SERIES", {"children_with_3_plus_social_workers_pct": mod.SERIES["children_with_3_plus_social_workers_pct"]})
    monkeypatch.setattr(mod, "MANUAL", {})
    series = mod.build(tmp_path)["children_with_3_plus_social_workers_pct"]["series"]
    assert [(s["year"], s["value"]) for s in series] == [(2024, 27), (2025, 25)]
    assert all("link" not in s for s in series)
