"""Rules that apply only from a date (`since`): a period ending before it is not held to them —
reported as not applicable with the reason, in every format — and one ending after it is judged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run, write

RULE = "cic-unregistered-supported-accommodation"  # since 2023-10-28 (Supported Accommodation Regulations)
EVIDENCE = "metrics:\n  cla_16_17_unregistered_supported_accommodation_count: 3\n"


def _status(run: Run, path: Path) -> dict[str, object]:
    data = json.loads(run("check", path, "--no-settings", "-f", "json", expect=None).stdout)
    return next(f for a in data["areas"] for f in a["findings"] if f["id"] == RULE)


def test_a_period_before_the_date_is_not_held_to_the_rule(run: Run, tmp_path: Path) -> None:
    before = write(tmp_path, "authority: Testshire\nperiod: {start: 2022-04-01, end: 2023-03-31}\n" + EVIDENCE)
    f = _status(run, before)
    assert f["status"] == "not_applicable"
    assert "applies from 2023-10-28" in f["adjustment"]["reason"] and "2023-03-31" in f["adjustment"]["reason"]
    after = write(tmp_path, "authority: Testshire\nperiod: {as_at: 2024-03-31}\n" + EVIDENCE, "after.yaml")
    assert _status(run, after)["status"] == "serious"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_reason_is_shown_in_every_format(run: Run, tmp_path: Path, fmt: str) -> None:
    p = write(tmp_path, "authority: Testshire\nperiod: {as_at: 2023-03-31}\n" + EVIDENCE)
    out = run("check", p, "--no-settings", "-f", fmt, expect=None).stdout
    assert "applies from 2023-10-28; this period ends 2023-03-31" in out, fmt


def test_draft_says_it_does_not_apply(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, "authority: Testshire\nperiod: {as_at: 2023-03-31}\n" + EVIDENCE)
    md = run("draft", p, "--no-settings").stdout
    line = next(x for x in md.splitlines() if "unregistered supported accommodation" in x)
    assert line.startswith("Not applicable to us:") and "(applies from 2023-10-28; this period ends 2023-03-31" in line


def test_rules_show_prints_the_date(run: Run) -> None:
    assert "Applies to periods ending on or after 2023-10-28" in run("rules", "show", RULE).stdout


def test_a_bad_since_is_a_lint_error(run: Run, tmp_path: Path) -> None:
    pack = write(tmp_path, """\
pack: dated
title: Dated
version: 1
framework: {name: ILACS, version: "2026-04"}
rules:
  - id: hp-dated
    title: Dated
    area: help_and_protection
    themes: [early-help]
    since: April 2026
    expectation: x
    levels:
      concern:
        when: {fact: out_of_hours_service_effective, is: false}
        rationale: {basis: local_standard, source: OFSTED-ILACS-2026, note: x}
    findings: [{source: KNO-2016, paraphrase: x}]
    action: x
""", "pack.yaml")
    err = run("rules", "lint", "--rules", pack, expect=None).stdout + run("rules", "lint", "--rules", pack, expect=None).stderr
    assert "pack.yaml:10:" in err and "since" in err
