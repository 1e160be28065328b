"""The commands as a new user runs them, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner, Result

from selfeval.cli.app import cli

from .conftest import make_xlsx


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def show(r: Result) -> str:
    return f"exit {r.exit_code}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"


def test_round_trip_generate_import_check_render(tmp_path: Path) -> None:
    demo, metrics = tmp_path / "demo.xlsx", tmp_path / "metrics.yaml"
    r = run("demo", "annex-a", str(demo), "--size", "small")
    assert r.exit_code == 0, show(r)
    answers = yaml.safe_load((tmp_path / "demo.expected.yaml").read_text())
    r = run("metrics", "from-annex-a", str(demo), "--as-at", answers["as_at"], "--authority", "Synthetic Borough",
            "--child-population", str(answers["child_population"]), "-o", str(metrics))
    assert r.exit_code == 0, show(r)
    # the population given is written too (per-10,000 rules read it), but not counted as computed
    assert f"{len(answers['metrics']) - 1} metrics computed from Annex A (and the child population given)" in r.stderr
    written = yaml.safe_load(metrics.read_text())
    for metric, want in answers["metrics"].items():
        got = written["metrics"][metric]
        assert {k: got[k] for k in want} == want, metric
    r = run("check", str(metrics), "--fail-on", "serious")
    assert r.exit_code in (0, 1), show(r)
    assert "Synthetic Borough" in r.stdout
    report = tmp_path / "report.html"
    r = run("check", str(metrics), "-o", str(report), "--suppress")
    assert r.exit_code in (0, 1), show(r)
    assert "Synthetic Borough" in report.read_text()


def test_without_a_population_it_is_left_blank_and_per_10k_rules_say_so(tmp_path: Path) -> None:
    demo, metrics = tmp_path / "demo.xlsx", tmp_path / "metrics.yaml"
    assert run("demo", "annex-a", str(demo)).exit_code == 0
    r = run("metrics", "from-annex-a", str(demo), "--as-at", "2026-09-30", "--authority", "X", "-o", str(metrics))
    assert r.exit_code == 0, show(r)
    assert "child population given" not in r.stderr
    written = yaml.safe_load(metrics.read_text())
    assert written["metrics"]["child_population_under_18"] is None
    assert written["metrics"]["children_in_care_per_10k"] is None


def test_import_to_an_excel_workbook_then_check_it(tmp_path: Path) -> None:
    demo, out = tmp_path / "demo.xlsx", tmp_path / "metrics.xlsx"
    assert run("demo", "annex-a", str(demo)).exit_code == 0
    r = run("metrics", "from-annex-a", str(demo), "--as-at", "2026-09-30", "--authority", "Synthetic Borough",
            "-o", str(out))
    assert r.exit_code == 0, show(r)
    r = run("check", str(out), "-f", "json")
    assert r.exit_code in (0, 1), show(r)
    assert '"Synthetic Borough"' in r.stdout


def test_import_prints_yaml_without_output(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [
        ["Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"],
        ["04/03/2024", "09/05/2024"]]})
    r = run("metrics", "from-annex-a", str(src), "--as-at", "2024-06-28", "--authority", "X")
    assert r.exit_code == 0, show(r)
    data = yaml.safe_load(r.stdout)
    assert data["metrics"]["assessments_within_45_working_days_pct"]["value"] == 100.0
    assert data["metrics"]["cp_visits_within_timescale_pct"] is None  # List 7 absent: left to fill in
    assert "List 7 is not in the workbook" in r.stdout


def test_bad_cell_is_a_finding_and_strict_exits_2_writing_nothing(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [
        ["Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"],
        ["04/03/2024", "32/05/2024"], ["04/03/2024", "05/04/2024"]]})
    out = tmp_path / "metrics.yaml"
    args = ("metrics", "from-annex-a", str(src), "--as-at", "2024-06-28", "--authority", "X", "-o", str(out))
    r = run(*args, "--strict")
    assert r.exit_code == 2, show(r)
    assert r.stderr.count("\n") == 1
    assert "sheet 'List 4') column 'Continuous Assessment Date of Authorisation': 1 cell could not be read" in r.stderr
    assert "B2" in r.stderr and "32/05/2024" not in r.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]
    r = run(*args)
    assert r.exit_code == 0, show(r)
    assert "data-quality findings: see the comments" in r.stderr
    assert "1 cell could not be read (not a real" in out.read_text(encoding="utf-8")
    r = run(*args[:-2], "--format", "json")
    assert r.exit_code == 0, show(r)
    doc = json.loads(r.stdout)
    col = doc["data_quality"]["lists"][0]["columns"][0]
    assert col["unreadable"] == [{"reason": "not a real date", "count": 1, "cells": ["B2"]}]
    assert doc["values"]["assessments_within_45_working_days_pct"]["denominator"] == 1


def test_bad_as_at_date(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [["Continuous Assessment Start Date",
                                                     "Continuous Assessment Date of Authorisation"]]})
    r = run("metrics", "from-annex-a", str(src), "--as-at", "next week", "--authority", "X")
    assert r.exit_code == 2, show(r)
    assert "--as-at" in r.stderr


def test_excel_template_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "metrics.xlsx"
    r = run("template", "--format", "xlsx", "-o", str(path))
    assert r.exit_code == 0, show(r)
    wb = openpyxl.load_workbook(path)
    ws = wb["Metrics"]
    ids = [row[0].value for row in ws.iter_rows(min_row=2)]
    assert "assessments_within_45_working_days_pct" in ids
    row = ids.index("assessments_within_45_working_days_pct") + 2
    validations = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert any(f"H{row}" in ref.split() and v == ("decimal", "0", "100") for ref, v in validations.items())
    wb["About"]["B4"] = "Test Council"
    wb["About"]["B5"] = "01/04/2025"
    wb["About"]["B6"] = "31/03/2026"
    ws.cell(row, 8, 0.62).number_format = "0%"  # typed as 62%
    wb["Facts"]["E2"] = "no"
    wb.save(path)
    r = run("check", str(path), "-f", "json")
    assert r.exit_code in (0, 1), show(r)
    assert "62" in r.stdout and "Test Council" in r.stdout


def test_excel_template_errors_name_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "metrics.xlsx"
    assert run("template", "-o", str(path)).exit_code == 0  # format from the suffix
    wb = openpyxl.load_workbook(path)
    wb["About"]["B4"] = "Test Council"
    wb["About"]["B5"], wb["About"]["B6"] = "2025-04-01", "2026-03-31"
    wb["Metrics"]["H3"] = "lots"
    wb.save(path)
    r = run("check", str(path))
    assert r.exit_code == 2, show(r)
    assert "sheet 'Metrics', cell H3" in r.stderr


def test_template_refuses_to_overwrite_and_needs_a_file_for_excel(tmp_path: Path) -> None:
    r = run("template", "--format", "xlsx")
    assert r.exit_code == 2 and "-o FILE.xlsx" in r.stderr
    path = tmp_path / "m.xlsx"
    path.write_text("x")
    assert run("template", "-o", str(path)).exit_code == 2


def test_checking_an_annex_a_workbook_points_to_the_import(tmp_path: Path) -> None:
    src = make_xlsx(tmp_path / "a.xlsx", {"List 4": [["x"]]})
    r = run("check", str(src))
    assert r.exit_code == 2 and "selfeval metrics from-annex-a" in r.stderr


@pytest.mark.parametrize("command", [["metrics", "from-annex-a", "--help"], ["demo", "annex-a", "--help"],
                                     ["template", "--help"], ["--help"]])
def test_help_mentions_annex_a_and_excel(command: list[str]) -> None:
    r = run(*command)
    assert r.exit_code == 0
    assert "Annex A" in r.stdout or "xlsx" in r.stdout or "Excel" in r.stdout


def test_la_code_is_checked_first_and_written_for_the_comparators(tmp_path: Path) -> None:
    demo = tmp_path / "demo.xlsx"
    assert run("demo", "annex-a", str(demo)).exit_code == 0
    for out in (tmp_path / "m.yaml", tmp_path / "m.xlsx"):
        r = run("metrics", "from-annex-a", str(demo), "--as-at", "2026-09-30", "--authority", "X",
                "--la-code", "E08000011", "-o", str(out))
        assert r.exit_code == 0, show(r)
        r = run("check", str(out), "--no-settings")
        assert "Knowsley (LA 340)" in r.stdout, out.suffix  # the nine-character code, written as 340
    assert 'authority_code: "340"' in (tmp_path / "m.yaml").read_text()
    r = run("metrics", "from-annex-a", str(demo), "--as-at", "2026-09-30", "--authority", "X",
            "--la-code", "34O", "-o", str(tmp_path / "wrong.yaml"))
    assert r.exit_code == 2 and "--la-code: unknown LA code '34O'" in r.stderr
    assert not (tmp_path / "wrong.yaml").exists()
