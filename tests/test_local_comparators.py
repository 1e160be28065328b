"""A comparator file the user supplies (--benchmarks): shown beside England in every report and
format, and what `worse_than` comparator rules find changes with it — end to end, as a user runs it."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, Run, write

from selfeval.core import local_comparators as lc

PACK = """\
pack: local-comparisons
title: Comparisons with our own groups
version: 1
framework: {name: ILACS, version: "2026-04"}
rules:
  - id: hp-assessments-vs-neighbours
    title: Assessments are no later than our statistical neighbours'
    area: help_and_protection
    themes: [assessment-timeliness]
    expectation: Assessments are at least as timely as in similar authorities.
    levels:
      concern:
        when: {metric: assessments_within_45_working_days_pct, worse_than: statistical_neighbours, margin: 1}
        rationale: {basis: local_standard, source: OFSTED-ILACS-2026, note: Our regional benchmarking group's average.}
    findings:
      - {source: KNO-2016, paraphrase: Assessments were late.}
    action: Review late assessments weekly.
    cases:
      - {name: in line, evidence: {metrics: {assessments_within_45_working_days_pct: 85}}, comparators: {statistical_neighbours: {assessments_within_45_working_days_pct: 84}}, expect: met}
      - {name: behind, evidence: {metrics: {assessments_within_45_working_days_pct: 80}}, comparators: {statistical_neighbours: {assessments_within_45_working_days_pct: 84}}, expect: concern}
      - {name: no comparator, evidence: {metrics: {assessments_within_45_working_days_pct: 80}}, expect: not_evidenced}
  - id: hp-assessments-vs-core-cities
    title: Assessments are no later than the core cities'
    area: help_and_protection
    themes: [assessment-timeliness]
    expectation: Assessments are at least as timely as in the core cities.
    levels:
      concern:
        when: {metric: assessments_within_45_working_days_pct, worse_than: "group:core_cities"}
        rationale: {basis: local_standard, source: OFSTED-ILACS-2026, note: The core cities group's figure.}
    findings:
      - {source: KNO-2016, paraphrase: Assessments were late.}
    action: Compare with the core cities each quarter.
    cases:
      - {name: ahead, evidence: {metrics: {assessments_within_45_working_days_pct: 85}}, comparators: {core_cities: {assessments_within_45_working_days_pct: 80}}, expect: met}
      - {name: behind, evidence: {metrics: {assessments_within_45_working_days_pct: 75}}, comparators: {core_cities: {assessments_within_45_working_days_pct: 80}}, expect: concern}
      - {name: no comparator, evidence: {metrics: {assessments_within_45_working_days_pct: 75}}, expect: not_evidenced}
"""
METRICS = """\
authority: Harrowdale Metropolitan Borough Council (fictional)
period: {start: 2025-04-01, end: 2026-03-31}
metrics:
  assessments_within_45_working_days_pct: 80
previous:
  period: {start: 2024-04-01, end: 2025-03-31}
  metrics:
    assessments_within_45_working_days_pct: 78
"""
YAML_FILE = EXAMPLES / "comparators" / "regional-benchmarking.yaml"  # SN 82.4, region 84, core cities 79.5 (2025-26)
SN_LABEL = "Statistical neighbours (regional benchmarking)"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, METRICS), write(tmp_path, PACK, "pack.yaml")


def statuses(run: Run, metrics: Path, pack: Path, *extra: Any) -> dict[str, str]:
    data = json.loads(run("check", metrics, "--rules", pack, "--no-settings", "-f", "json", *extra,
                          expect=None).stdout)
    return {f["id"]: f["status"] for a in data["areas"] for f in a["findings"]}


def test_the_file_changes_what_comparator_rules_find(run: Run, files: tuple[Path, Path], tmp_path: Path) -> None:
    metrics, pack = files
    run("rules", "test", "--rules", pack)
    before = statuses(run, metrics, pack)
    assert before["hp-assessments-vs-neighbours"] == "not_evidenced"
    assert before["hp-assessments-vs-core-cities"] == "not_evidenced"
    after = statuses(run, metrics, pack, "--benchmarks", YAML_FILE)
    assert after["hp-assessments-vs-neighbours"] == "concern"  # 80 against 82.4
    assert after["hp-assessments-vs-core-cities"] == "met"  # 80 against 79.5
    csv_file = write(tmp_path, "metric,group,value,year,source\n"
                               "assessments_within_45_working_days_pct,Statistical neighbours,78.0,2025-26,LAIT\n",
                     "sn.csv")
    assert statuses(run, metrics, pack, "--benchmarks", csv_file)["hp-assessments-vs-neighbours"] == "met"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_check_shows_the_file_in_every_format(run: Run, files: tuple[Path, Path], fmt: str) -> None:
    metrics, pack = files
    out = run("check", metrics, "--rules", pack, "--no-settings", "-f", fmt, "--benchmarks", YAML_FILE,
              expect=None).stdout
    assert SN_LABEL in out and "82.4%" in out and "Core cities" in out, fmt
    assert "Regional benchmarking report, quarter 2 2025-26 (illustrative)" in out, fmt
    plain = run("check", metrics, "--rules", pack, "--no-settings", "-f", fmt, expect=None).stdout
    assert SN_LABEL not in plain and "82.4%" not in plain


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_compare_shows_the_file_in_every_format(run: Run, files: tuple[Path, Path], fmt: str) -> None:
    metrics, pack = files
    out = run("compare", metrics, "--rules", pack, "--no-settings", "-f", fmt, "--benchmarks", YAML_FILE).stdout
    assert SN_LABEL in out and "82.4%" in out, fmt


def test_draft_shows_the_file_in_markdown_and_word(run: Run, files: tuple[Path, Path], tmp_path: Path) -> None:
    metrics, pack = files
    md = run("draft", metrics, "--rules", pack, "--no-settings", "--benchmarks", YAML_FILE).stdout
    assert f"{SN_LABEL}: 82.4%" in md and "Core cities: 79.5%" in md
    docx = tmp_path / "sef.docx"
    run("draft", metrics, "--rules", pack, "--no-settings", "--benchmarks", YAML_FILE, "-o", docx)
    with zipfile.ZipFile(io.BytesIO(docx.read_bytes())) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert SN_LABEL in body and "82.4%" in body


def test_lait_shaped_csv_takes_the_periods_year() -> None:
    f = lc.load(EXAMPLES / "comparators" / "lait-knowsley.csv")
    figs = f.figures(dt.date(2026, 3, 31))["re_referrals_within_12_months_pct"]
    by = {x.group: x for x in figs}
    assert by["statistical_neighbours"].value == 22.6 and by["statistical_neighbours"].period == "2025"
    assert by["region"].label == "North West (your comparators)" and by["national"].label == "England (your comparators)"
    older = {x.group: x for x in f.figures(dt.date(2023, 3, 31))["re_referrals_within_12_months_pct"]}
    assert older["statistical_neighbours"].value == 23.6  # the 2023 column
    workforce = {x.group: x for x in f.figures(dt.date(2025, 3, 31))["agency_social_worker_pct"]}
    assert workforce["national"].period == "2024"  # 30 September 2025 is after the period


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.csv", "metric,group,value,year\nassesments_within_45_working_days_pct,SN,80,2025\n",
     "bad.csv:2: unknown metric 'assesments_within_45_working_days_pct' — did you mean 'assessments_within_45_working_days_pct'?"),
    ("bad.csv", "metric,group,value,year\nassessments_within_45_working_days_pct,SN,eighty,2025\n",
     "bad.csv:2: the figure for assessments_within_45_working_days_pct should be a number"),
    ("bad.csv", "metric,group,value\nassessments_within_45_working_days_pct,SN,80\n",
     "bad.csv:2: the figure for assessments_within_45_working_days_pct needs a year"),
    ("bad.csv", "area,2025\nEngland,80\n", "bad.csv: no header row with a 'metric' column"),
    ("bad.yaml", "groups: {region: {metrics: {agency_social_worker_pct: 15}}}\n",
     "bad.yaml:1:1: a comparator file needs 'source' and 'groups'"),
    ("bad.yaml", "source: x\nyear: 2025\ngroups:\n  region:\n    metrics:\n      agency_social_worker_pct: 1 5\n",
     "bad.yaml:6:7: the figure for agency_social_worker_pct should be a number"),
    ("bad.txt", "x", "bad.txt: a comparator file should be .yaml, .yml or .csv"),
])
def test_bad_comparator_file_is_one_line(run: Run, tmp_path: Path, name: str, text: str, message: str) -> None:
    metrics = write(tmp_path, METRICS)
    bad = write(tmp_path, text, name)
    err = run("check", metrics, "--benchmarks", bad, expect=2).stderr
    assert message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_settings_file_names_the_comparator_file(run: Run, files: tuple[Path, Path], tmp_path: Path) -> None:
    metrics, pack = files
    (tmp_path / "benchmarking").mkdir()
    (tmp_path / "benchmarking" / "nw.yaml").write_text(YAML_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    write(tmp_path, "benchmarks: benchmarking/nw.yaml\n", "selfeval.yaml")  # relative to the settings file
    out = run("check", metrics, "--rules", pack, expect=None).stdout
    assert SN_LABEL in out and "benchmarking/nw.yaml" in out
    assert SN_LABEL not in run("check", metrics, "--rules", pack, "--no-settings", expect=None).stdout
    write(tmp_path, "benchmarks: 3\n", "selfeval.yaml")
    assert "'benchmarks' should be the path of your comparator file" in run("check", metrics, expect=2).stderr
