"""From the returns to one metrics file and a report, as a user runs it; and merging's rules."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from selfeval.cli.app import cli

AUTH = ["--authority", "Synthetic Borough"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def show(r: Result) -> str:
    return f"exit {r.exit_code}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


def _written_matches(path: Path, answers: dict[str, Any]) -> None:
    written = yaml.safe_load(path.read_text())["metrics"]
    for metric, want in answers.items():
        entry = written[metric]
        assert entry["value"] == want["value"], metric
        assert entry["source"] and entry["note"], metric


def test_demo_import_merge_check(tmp_path: Path) -> None:
    d = tmp_path
    for kind in ("903", "cin", "workforce"):
        r = run("demo", kind, str(d / kind))
        assert r.exit_code == 0, show(r)
    years = sorted((d / "903").glob("ssda903_*"), reverse=True)
    r = run("metrics", "from-903", *map(str, years), *AUTH, "--child-population", "40000", "--la-code", "E08000011",
            "-o", str(d / "903.yaml"))
    assert r.exit_code == 0 and "14 metrics from SSDA903 2025/26 (and the child population given)" in r.stderr, show(r)
    r = run("metrics", "from-cin", str(d / "cin" / "cin_2025-26.xml"), "--previous",
            str(d / "cin" / "cin_2024-25.xml"), *AUTH, "-o", str(d / "cin.yaml"))
    assert r.exit_code == 0, show(r)
    r = run("metrics", "from-workforce", str(d / "workforce" / "csww_2025.xml"), *AUTH, "-o", str(d / "wf.yaml"))
    assert r.exit_code == 0, show(r)
    for name, folder in (("903.yaml", "903"), ("cin.yaml", "cin"), ("wf.yaml", "workforce")):
        _written_matches(d / name, yaml.safe_load((d / folder / "expected.yaml").read_text())["metrics"])
    r = run("metrics", "merge", str(d / "903.yaml"), str(d / "cin.yaml"), str(d / "wf.yaml"), "-o", str(d / "m.yaml"))
    assert r.exit_code == 0 and "26 metrics from 3 files" in r.stderr, show(r)  # 25 counted + the population
    merged = yaml.safe_load((d / "m.yaml").read_text())
    assert merged["authority_code"] == "340" and merged["metrics"]["child_population_under_18"]["value"] == 40000
    assert merged["metrics"]["social_worker_turnover_pct"]["source"].startswith("workforce census 2025")
    assert "Episodes" in merged["metrics"]["cla_3_plus_placements_pct"]["source"]
    r = run("check", str(d / "m.yaml"), "-f", "json")
    assert r.exit_code in (0, 1), show(r)
    assert "SSDA903 2025/26" in r.stdout  # provenance reaches the report
    assert not re.search(r"\b[CLB]\d{6}\b", (d / "m.yaml").read_text() + r.stdout)  # no child identifiers


def _file(path: Path, metrics: dict[str, Any], authority: str = "Synthetic Borough", **extra: Any) -> Path:
    path.write_text(yaml.safe_dump({"authority": authority, "period": {"start": "2025-04-01", "end": "2026-03-31"},
                                    "metrics": metrics, **extra}))
    return path


def test_two_sources_for_one_metric_are_both_shown_and_a_difference_reported(tmp_path: Path) -> None:
    a = _file(tmp_path / "annexa.yaml", {"cla_dental_checks_pct": {"value": 70.0, "source": "Annex A List 8"},
                                         "cla_immunisations_up_to_date_pct": 80})
    b = _file(tmp_path / "903.yaml", {"cla_dental_checks_pct": {"value": 75.5, "source": "SSDA903 OC2"},
                                      "cla_immunisations_up_to_date_pct": 80.4})
    out = tmp_path / "m.yaml"
    r = run("metrics", "merge", str(a), str(b), "-o", str(out))
    assert r.exit_code == 0, show(r)
    assert "sources differ: cla_dental_checks_pct: 70 from annexa.yaml and 75.5 from 903.yaml" in r.stderr
    assert "1 given twice and agreeing, 1 differences beyond tolerance" in r.stderr
    data = yaml.safe_load(out.read_text())
    dental = data["metrics"]["cla_dental_checks_pct"]
    assert dental["value"] == 70 and "also 75.5 from SSDA903 OC2" in dental["note"] and "DIFFERS" in dental["note"]
    assert data["metrics"]["cla_immunisations_up_to_date_pct"]["source"] == "annexa.yaml"  # provenance kept
    assert "SOURCES DISAGREE" in data["notes"]
    r = run("metrics", "merge", str(a), str(b), "-o", str(tmp_path / "m2.yaml"), "--tolerance", "percent=6")
    assert "0 differences beyond tolerance" in r.stderr, show(r)


def test_audits_and_facts_merge_and_conflicts_are_reported(tmp_path: Path) -> None:
    a = _file(tmp_path / "a.yaml", {"cla_dental_checks_pct": 70}, facts={"single_improvement_plan_in_place": True})
    b = _file(tmp_path / "b.yaml", {}, facts={"single_improvement_plan_in_place": False},
              audits={"answers": {"child_seen_alone": {"yes": 3, "partly": 1, "no": 1, "not_applicable": 0}}})
    r = run("metrics", "merge", str(a), str(b), "-o", str(tmp_path / "m.yaml"))
    assert r.exit_code == 0, show(r)
    assert "fact single_improvement_plan_in_place: yes from a.yaml kept" in r.stderr
    data = yaml.safe_load((tmp_path / "m.yaml").read_text())
    assert data["audits"]["answers"]["child_seen_alone"]["yes"] == 3


def test_merge_refuses_mixed_authorities_and_overwriting_an_input(tmp_path: Path) -> None:
    a = _file(tmp_path / "a.yaml", {"cla_dental_checks_pct": 70})
    b = _file(tmp_path / "b.yaml", {"cla_dental_checks_pct": 70}, authority="Elsewhere")
    r = run("metrics", "merge", str(a), str(b), "-o", str(tmp_path / "m.yaml"))
    assert r.exit_code == 2 and "different authorities" in r.stderr and "--authority" in r.stderr, show(r)
    assert run("metrics", "merge", str(a), str(b), "-o", str(tmp_path / "m.yaml"), "--authority", "A").exit_code == 0
    r = run("metrics", "merge", str(a), str(b), "-o", str(a), "--force", "--authority", "A")
    assert r.exit_code == 2 and "one of the inputs" in r.stderr, show(r)
    r = run("metrics", "merge", str(a), str(tmp_path / "bad.yaml"), "-o", str(tmp_path / "x.yaml"))
    assert r.exit_code == 2 and "bad.yaml" in r.stderr, show(r)


def test_la_codes_are_carried_through_a_merge_and_must_agree(tmp_path: Path) -> None:
    a = _file(tmp_path / "a.yaml", {"cla_dental_checks_pct": 70}, authority_code="340")
    b = _file(tmp_path / "b.yaml", {"cla_immunisations_up_to_date_pct": 80})
    c = _file(tmp_path / "c.yaml", {"cla_sdq_completed_pct": 60}, authority_code="341")
    r = run("metrics", "merge", str(a), str(b), "-o", str(tmp_path / "m.yaml"))
    assert r.exit_code == 0, show(r)
    assert yaml.safe_load((tmp_path / "m.yaml").read_text())["authority_code"] == "340"
    r = run("metrics", "merge", str(a), str(b), str(c), "-o", str(tmp_path / "m2.yaml"))
    assert r.exit_code == 2 and "different LA codes (340, 341)" in r.stderr and "c.yaml" in r.stderr, show(r)
    assert not (tmp_path / "m2.yaml").exists()


def test_a_wrong_la_code_stops_a_return_import_before_it_reads(tmp_path: Path) -> None:
    r = run("metrics", "from-workforce", str(tmp_path / "missing.xml"), *AUTH, "--la-code", "99999")
    assert r.exit_code == 2 and "--la-code: unknown LA code '99999'" in r.stderr, show(r)
