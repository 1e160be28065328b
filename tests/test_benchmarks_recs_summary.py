"""England figures beside metrics, last inspection's recommendations, and the summary matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, STARTER, STARTER_ONLY, Run, write

from selfeval.core import benchmarks, packs
from selfeval.core.catalogue import load as load_catalogue
from selfeval.core.conditions import Context, parse
from selfeval.core.submission import Evidence, MetricValue


def test_every_benchmark_names_its_year_and_source() -> None:
    cat = load_catalogue()
    for b in benchmarks.load().values():
        assert b.metric in cat.metrics and b.year and b.source and b.publisher
        if cat.metrics[b.metric].unit == "percent":
            assert 0 <= b.value <= 100


def test_reports_show_the_england_figure_with_its_year(run: Run) -> None:
    out = run("check", EXAMPLES / "metrics.yaml", "-f", "json", *STARTER_ONLY, expect=1).stdout
    tests = [t for a in json.loads(out)["areas"] for f in a["findings"] for lv in f["levels"] for t in lv["tests"]
             if t["id"] == "assessments_within_45_working_days_pct"]
    assert tests and all(t["national"]["display"] == "85.7%" and t["national"]["year"] == "year ending 31 March 2025" for t in tests)
    md = run("check", EXAMPLES / "metrics.yaml", "-f", "markdown", *STARTER_ONLY, expect=1).stdout
    assert "England 85.7% (year ending 31 March 2025)" in md
    assert "(England: 85.7%, year ending 31 March 2025)" in run("check", EXAMPLES / "metrics.yaml", "-f", "markdown", "--detail", *STARTER_ONLY, expect=1).stdout


def test_worse_than_national_uses_the_shipped_figure() -> None:
    cat = load_catalogue()
    cond = parse({"metric": "social_worker_turnover_pct", "worse_than": "national", "margin": 2})
    ctx = lambda v: Context(Evidence(metrics={"social_worker_turnover_pct": MetricValue(v)}), None, cat,  # noqa: E731
                            benchmarks.values())
    assert cond.evaluate(ctx(14.0)).value is True   # 11.8% (30 September 2025) + 2 points
    assert cond.evaluate(ctx(13.0)).value is False


RECS = """recommendations:
  - ref: "1"
    text: Make sure assessments are timely and analyse history.
    rules: [starter-assessment-timeliness]
  - text: Make life-story work available to every child who needs it.
    rules: [starter-life-story-work]
  - text: Know whether children who went missing were offered a return interview.
    rules: [starter-return-home-interviews, starter-caseloads-worsening]
"""


def test_recommendations_show_progress(tmp_path: Path, run: Run) -> None:
    p = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text() + RECS)
    recs = json.loads(run("check", p, "-f", "json", *STARTER_ONLY, expect=1).stdout)["recommendations"]
    assert [r["progress"] for r in recs] == ["not_met", "met", "not_met"]
    assert recs[0]["rules"][0]["status"] == "serious"
    text = run("check", p, *STARTER_ONLY, expect=1).stdout
    assert "LAST INSPECTION'S RECOMMENDATIONS" in text and "Linked rules now met" in text


def test_recommendation_naming_an_unknown_rule(tmp_path: Path, run: Run) -> None:
    p = write(tmp_path, HEADER + "recommendations:\n  - text: Do better.\n    rules: [starter-life-story]\n")
    err = run("check", p, *STARTER_ONLY, expect=2).stderr
    assert f"{p}:5:5:" in err and "did you mean 'starter-life-story-work'" in err


@pytest.mark.parametrize("fmt, marker", [("text", "selfeval summary"), ("markdown", "# Summary: 2 files"),
                                         ("html", "<table>"), ("json", '"kind": "summary"')])
def test_summary_matrix_in_every_format(tmp_path: Path, run: Run, fmt: str, marker: str) -> None:
    better = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text().replace(
        "assessments_within_45_working_days_pct: {value: 68", "assessments_within_45_working_days_pct: {value: 92"))
    out = run("check", EXAMPLES / "metrics.yaml", better, "--summary", "-f", fmt, *STARTER_ONLY, expect=1).stdout
    assert marker in out
    if fmt == "json":
        data = json.loads(out)
        row = next(r for a in data["areas"] for r in a["rows"] if r["id"] == "starter-assessment-timeliness")
        assert [c["status"] for c in row["cells"]] == ["serious", "met"]


def test_several_files_without_summary(tmp_path: Path, run: Run) -> None:
    out = run("check", EXAMPLES / "metrics.yaml", EXAMPLES / "minimal.yaml", *STARTER_ONLY, expect=1).stdout
    assert out.count("selfeval gap report") == 2
    err = run("check", EXAMPLES / "metrics.yaml", EXAMPLES / "minimal.yaml", "-f", "html", *STARTER_ONLY, expect=2).stderr
    assert "--summary" in err


def test_starter_rules_load_for_fixture() -> None:
    assert len(packs.load([STARTER], builtin=False).rules) == 5
