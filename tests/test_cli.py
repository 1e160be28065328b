"""The CLI as a user drives it: formats, outputs, exit codes, rules commands, schema, template."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, HEADER, STARTER, STARTER_ONLY, Run, write

from selfeval import __version__
from selfeval.core import schemas, yamlsafe


def test_help_and_version(run: Run) -> None:
    out = run("--help").stdout
    assert "selfeval check examples/metrics.yaml" in out and "Exit status" in out
    assert __version__ in run("--version").stdout
    assert "--fail-on" in run("check", "--help").stdout


@pytest.mark.parametrize("fail_on, expected", [("concern", 1), ("serious", 1), ("never", 0)])
def test_fail_on(run: Run, fail_on: str, expected: int) -> None:
    run("check", EXAMPLES / "metrics.yaml", "--fail-on", fail_on, *STARTER_ONLY, expect=expected)


def test_exit_0_when_all_met(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics: {assessments_within_45_working_days_pct: 95}\n")
    run("check", p, "--no-builtin", "--rules", tmp_path / "pack.yaml", expect=2)  # pack missing
    pack = STARTER.read_text().split("\n  - id: starter-supervision-reflective")[0]
    (tmp_path / "pack.yaml").write_text(pack)
    out = run("check", p, "--no-builtin", "--rules", tmp_path / "pack.yaml", expect=0).stdout
    assert "0 serious · 0 concern · 0 not evidenced · 1 met (1 rule)" in out


def test_output_format_follows_suffix_and_is_atomic(run: Run, tmp_path: Path) -> None:
    for name, marker in [("r.html", "<!DOCTYPE html>"), ("r.md", "# Gap report"), ("r.json", '{\n  "format_version"')]:
        out = tmp_path / name
        result = run("check", EXAMPLES / "metrics.yaml", "-o", out, *STARTER_ONLY, expect=1)
        assert result.stdout == ""
        assert out.read_text().lstrip().startswith(marker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json", "r.md"]  # no temp files left


def test_json_output_matches_schema(run: Run) -> None:
    out = run("check", EXAMPLES / "metrics.yaml", "-f", "json", *STARTER_ONLY, expect=1).stdout
    jsonschema.validate(json.loads(out), schemas.load("report"))


def test_output_folder_missing(run: Run, tmp_path: Path) -> None:
    err = run("check", EXAMPLES / "metrics.yaml", "-o", tmp_path / "no" / "r.md", *STARTER_ONLY, expect=2).stderr
    assert "output folder does not exist" in err


def test_no_color_env_and_tty(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run("check", EXAMPLES / "metrics.yaml", *STARTER_ONLY, expect=1).stdout
    assert "\x1b[" not in out  # the runner is not a terminal
    out = run("check", EXAMPLES / "metrics.yaml", "--color", *STARTER_ONLY, expect=1).stdout
    assert "\x1b[" in out


def test_usage_errors_exit_2(run: Run) -> None:
    assert run("check", expect=2).exit_code == 2
    run("check", EXAMPLES / "metrics.yaml", "--format", "pdf", expect=2)
    run("schema", "nothing", expect=2)


def test_internal_errors_are_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval.cli.app

    def boom(*a: object, **k: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(selfeval.cli.app, "check_files", boom)
    err = run("check", EXAMPLES / "metrics.yaml", expect=3).stderr
    assert "internal error (a bug in selfeval" in err and "Traceback" not in err


def test_rules_list_show_test(run: Run) -> None:
    out = run("rules", "list", *STARTER_ONLY).stdout
    assert "starter-life-story-work" in out and "5 rules" in out
    items = json.loads(run("rules", "list", "--format", "json", *STARTER_ONLY).stdout)
    first = items[0]
    assert set(first) >= {"id", "area", "themes", "levels", "citations"}
    assert first["levels"] == ["concern", "serious"]
    show = run("rules", "show", "starter-assessment-timeliness", *STARTER_ONLY).stdout
    for part in ("Expectation:", "Concern when:", "Why: Statutory guidance", "Working Together to Safeguard Children 2023",
                 "Action:", "Self-test cases:"):
        assert part in show
    err = run("rules", "show", "starter-assessment", *STARTER_ONLY, expect=2).stderr
    assert "did you mean 'starter-assessment-timeliness'" in err
    out = run("rules", "test", *STARTER_ONLY).stdout
    assert out.strip().endswith("18 passed, 0 failed")


def test_rules_test_reports_a_failing_case(run: Run, tmp_path: Path) -> None:
    p = tmp_path / "pack.yaml"
    p.write_text(STARTER.read_text().replace(
        "{name: slipping, evidence: {metrics: {assessments_within_45_working_days_pct: 80}}, expect: concern}",
        "{name: slipping, evidence: {metrics: {assessments_within_45_working_days_pct: 80}}, expect: met}"))
    out = run("rules", "test", "--no-builtin", "--rules", p, expect=1).stdout
    assert "FAIL  starter-assessment-timeliness::slipping: expected met, got concern" in out


def test_rules_coverage(run: Run) -> None:
    out = run("rules", "coverage", *STARTER_ONLY, expect=1).stdout  # the starter covers a few themes only
    assert "ok  supervision [seed]:" in out and "      starter-supervision-reflective" in out
    assert "5 of 95 themes covered" in out and "not covered: " in out
    full = run("rules", "coverage").stdout
    assert "126 of 126 themes covered" in full  # themes.yaml and the 2026 packs
    data = json.loads(run("rules", "coverage", "-f", "json").stdout)
    assert data["total"] == 126 and not data["uncovered"]


@pytest.mark.parametrize("name", ["metrics", "rules", "report"])
def test_schema_prints_valid_json_schema(run: Run, name: str) -> None:
    schema = json.loads(run("schema", name).stdout)
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_examples_validate_against_published_metrics_schema() -> None:
    for path in EXAMPLES.glob("*.yaml"):
        data, _ = yamlsafe.load(path)
        jsonschema.validate(yamlsafe.plain(data), schemas.load("metrics"))


def test_template_lists_everything_and_checks_clean(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "metrics.yaml"
    run("template", "-o", out)
    text = out.read_text()
    assert "assessments_within_45_working_days_pct:" in text and "supervision_reflective" in text
    assert "single_improvement_plan_in_place:" in text
    result = run("check", out, *STARTER_ONLY, expect=0)  # blank template: all not evidenced, nothing fails
    assert "0 met" in result.stdout and "5 not evidenced" in result.stdout
    err = run("template", "-o", out, expect=2).stderr
    assert "already exists" in err


@pytest.mark.parametrize("args", [["--suppress", "-f", "json"], ["-f", "json", "--suppress"], ["--suppress", "5", "-f", "json"]])
def test_suppress_takes_an_optional_number_anywhere_on_the_line(run: Run, args: list[str]) -> None:
    """`--suppress` alone means 5. click 8.3.0 and 8.3.1 took the next option as its value (or
    wanted a value at the end of the line); pyproject.toml excludes them."""
    data = json.loads(run("check", EXAMPLES / "metrics.yaml", "--no-settings", *args, expect=1).stdout)  # 1: gaps
    assert data["suppress_below"] == 5
