"""selfeval compare: categories of change, direction-aware movement, the one-file form, formats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, HEADER, STARTER_ONLY, Run, write

from selfeval.core import schemas
from selfeval.core.check import Options
from selfeval.reports import compare

# Each starter rule lands in a different category between these two files:
#   rule                              before          after           category
#   starter-assessment-timeliness     concern (80)    met (90)        closed
#   starter-supervision-reflective    serious         concern         persisting, less severe
#   starter-life-story-work           met             concern         new
#   starter-return-home-interviews    concern         not evidenced   gone_dark (a gap no longer seen)
#   starter-caseloads-worsening       not evidenced   serious         evidence_changed (before)
BEFORE = """authority: Testshire
period: {start: 2024-04-01, end: 2025-03-31}
metrics:
  assessments_within_45_working_days_pct: 80
  re_referrals_within_12_months_pct: 24
  children_in_care_per_10k: 70
  care_leavers_in_touch_pct: 93
  cla_reviews_on_time_pct: 96
audits:
  answers:
    supervision_reflective: {yes: 10, partly: 12, no: 18}
    life_story_work_in_place: {yes: 16, no: 4}
facts:
  return_home_interview_monitoring_in_place: no
"""
AFTER = """authority: Testshire
period: {start: 2025-04-01, end: 2026-03-31}
metrics:
  assessments_within_45_working_days_pct: 90
  re_referrals_within_12_months_pct: 20
  children_in_care_per_10k: 75
  care_leavers_in_touch_pct: 93
  social_worker_caseload_average: 25
audits:
  answers:
    supervision_reflective: {yes: 24, partly: 8, no: 8}
    life_story_work_in_place: {yes: 6, partly: 4, no: 10}
facts:
  return_home_interview_monitoring_in_place: yes
previous:
  metrics: {social_worker_caseload_average: 21}
"""
EXPECTED = {
    "starter-assessment-timeliness": ("concern", "met", "closed"),
    "starter-supervision-reflective": ("serious", "concern", "persisting"),
    "starter-life-story-work": ("met", "concern", "new"),
    "starter-return-home-interviews": ("concern", "not_evidenced", "gone_dark"),
    "starter-caseloads-worsening": ("not_evidenced", "serious", "evidence_changed"),
}


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, BEFORE, "before.yaml"), write(tmp_path, AFTER, "after.yaml")


def _json(run: Run, *args: object) -> dict:  # type: ignore[type-arg]
    data = json.loads(run("compare", *args, "-f", "json", *STARTER_ONLY).stdout)
    jsonschema.validate(data, schemas.load("compare"))
    return data  # type: ignore[no-any-return]


def test_categories(run: Run, pair: tuple[Path, Path]) -> None:
    data = _json(run, *pair)
    got = {r["id"]: (r["before"]["status"], r["after"]["status"], r["category"]) for r in data["rules"]}
    assert got == EXPECTED
    rules = {r["id"]: r for r in data["rules"]}
    assert rules["starter-supervision-reflective"]["severity_change"] == "improved"
    assert rules["starter-return-home-interviews"]["not_judged_in"] == "after"
    assert [m["label"] for m in rules["starter-return-home-interviews"]["missing"]] == [
        "Return home interviews offered within 72 hours"]
    assert rules["starter-caseloads-worsening"]["not_judged_in"] == "before"
    counts = data["summary"]["counts"]
    assert (counts["gone_dark"], counts["closed"], counts["persisting"], counts["new"], counts["evidence_changed"],
            counts["total"]) == (1, 1, 1, 1, 1, 5)
    # a readiness review reads first what was a gap and can no longer be seen, then closed, persisting, new
    assert [r["category"] for r in data["rules"]][:4] == ["gone_dark", "closed", "persisting", "new"]
    by_area = {a["id"]: a["counts"] for a in data["summary"]["areas"]}
    assert by_area["leaders"]["persisting"] == 1 and by_area["help_and_protection"]["closed"] == 1


@pytest.mark.parametrize("before, after, expected", [
    ("met", "met", "still_met"), ("met", "serious", "new"), ("serious", "met", "closed"),
    ("concern", "serious", "persisting"), ("not_evidenced", "not_evidenced", "not_evidenced"),
    ("serious", "not_evidenced", "gone_dark"), ("concern", "not_evidenced", "gone_dark"),
    ("met", "not_evidenced", "evidence_changed"), ("not_evidenced", "serious", "evidence_changed"),
    ("met", "not_applicable", "not_applicable"),
    ("not_applicable", "not_evidenced", "not_applicable"),
])
def test_category_table(before: str, after: str, expected: str) -> None:
    assert compare.category(before, after) == expected


def test_direction_aware_movement(run: Run, pair: tuple[Path, Path]) -> None:
    metrics = {m["id"]: m for m in _json(run, *pair)["metrics"]}
    rereferrals = metrics["re_referrals_within_12_months_pct"]  # lower is better, and it went down
    assert (rereferrals["verdict"], rereferrals["change"]["display"]) == ("better", "down 4 percentage points")
    assert metrics["assessments_within_45_working_days_pct"]["verdict"] == "better"
    assert metrics["children_in_care_per_10k"]["verdict"] == "no_direction"
    assert metrics["care_leavers_in_touch_pct"]["verdict"] == "same"
    caseload = metrics["social_worker_caseload_average"]
    assert (caseload["verdict"], caseload["missing_in"], caseload["before"]["display"]) == ("not_comparable", "before", "not given")
    assert metrics["cla_reviews_on_time_pct"]["missing_in"] == "after"


def test_audit_and_fact_movement(run: Run, pair: tuple[Path, Path]) -> None:
    data = _json(run, *pair)
    audits = {a["id"]: a for a in data["audits"]}
    sup = audits["supervision_reflective"]  # share answering yes: 10/40 → 24/40
    assert sup["before"]["display"] == "10 of 40 applicable cases (25%) answered yes"
    assert (sup["change"]["display"], sup["verdict"]) == ("up 35 percentage points", "better")
    assert audits["life_story_work_in_place"]["verdict"] == "worse"
    (fact,) = data["facts"]
    assert (fact["before"]["display"], fact["after"]["display"], fact["verdict"]) == ("no", "yes", "changed")


def test_movements_inside_the_noise_are_no_clear_change(run: Run, tmp_path: Path) -> None:
    """+0.5 points on audit samples of 38 and 30 is not 'Better'; +35 points on 40 and 40 is."""
    head = "authority: Testshire\nperiod: {start: %s, end: %s}\n"
    before = write(tmp_path, head % ("2024-04-01", "2025-03-31") + (
        "metrics:\n  assessments_within_45_working_days_pct: {value: 80, numerator: 40, denominator: 50}\n"
        "  re_referrals_within_12_months_pct: 24\n"
        "audits:\n  answers:\n    supervision_reflective: {yes: 15, partly: 13, no: 10}\n"), "b.yaml")
    after = write(tmp_path, head % ("2025-04-01", "2026-03-31") + (
        "metrics:\n  assessments_within_45_working_days_pct: {value: 84, numerator: 42, denominator: 50}\n"
        "  re_referrals_within_12_months_pct: 20\n"
        "audits:\n  answers:\n    supervision_reflective: {yes: 12, partly: 10, no: 8}\n"), "a.yaml")
    data = _json(run, before, after)
    sup = {a["id"]: a for a in data["audits"]}["supervision_reflective"]
    assert (sup["before"]["applicable"], sup["after"]["applicable"]) == (38, 30)
    assert sup["change"]["display"] == "up 0.5 percentage points"
    assert (sup["verdict"], sup["verdict_label"]) == ("no_clear_change", "No clear change")
    metrics = {m["id"]: m for m in data["metrics"]}
    # 80% → 84% of 50 assessments each time: inside the noise; re-referrals with no sample size: judged as given
    assert metrics["assessments_within_45_working_days_pct"]["verdict"] == "no_clear_change"
    assert metrics["re_referrals_within_12_months_pct"]["verdict"] == "better"
    assert data["summary"]["movement"]["no_clear_change"] == 2
    assert "no clear change (inside the noise of the two samples)" in run("compare", before, after, *STARTER_ONLY).stdout


@pytest.mark.parametrize("p1, n1, p2, n2, noise", [
    (0.5, 38, 0.505, 30, True), (0.25, 40, 0.60, 40, False), (0.8, 50, 0.84, 50, True),
    (0.8, 5000, 0.84, 5000, False), (0.5, None, 0.9, 40, False), (1.0, 20, 1.0, 20, False),
])
def test_within_noise(p1: float, n1: int | None, p2: float, n2: int | None, noise: bool) -> None:
    assert compare.within_noise(p1, n1, p2, n2) is noise


def test_format_change() -> None:
    assert compare.format_change(-11, "percent") == "down 11 percentage points"
    assert compare.format_change(1, "percent") == "up 1 percentage point"
    assert compare.format_change(2.5, "days") == "up 2.5 days"
    assert compare.format_change(0, "count") == "no change"


def test_one_file_previous_block(run: Run) -> None:
    data = _json(run, EXAMPLES / "metrics.yaml")
    assert data["one_file"] is True
    assert data["before"]["period"] == "2024-04-01 to 2025-03-31"
    assert data["after"]["period"] == "2025-04-01 to 2026-03-31"
    metrics = {m["id"]: m for m in data["metrics"]}
    moved = metrics["assessments_within_45_working_days_pct"]
    assert (moved["before"]["display"], moved["after"]["display"], moved["verdict"]) == ("79%", "68%", "worse")
    text = run("compare", EXAMPLES / "metrics.yaml", *STARTER_ONLY).stdout
    assert "Before: 2024-04-01 to 2025-03-31 — the 'previous' block of" in text


def test_one_file_previous_without_period(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics: {assessments_within_45_working_days_pct: 90}\n"
                                 "previous: {metrics: {assessments_within_45_working_days_pct: 80}}\n")
    data = _json(run, p)
    assert data["before"]["period"] == "previous period (dates not given)"
    assert data["rules"][0]["category"] == "closed"


def test_one_file_without_previous_is_a_clear_error(run: Run) -> None:
    result = run("compare", EXAMPLES / "minimal.yaml", *STARTER_ONLY, expect=2)
    assert result.stdout == ""
    assert "minimal.yaml: this file has no 'previous:' block to compare with" in result.stderr
    assert "selfeval compare BEFORE.yaml AFTER.yaml" in result.stderr


def test_three_files_is_a_usage_error(run: Run, pair: tuple[Path, Path]) -> None:
    assert "give one or two metrics files" in run("compare", *pair, pair[0], *STARTER_ONLY, expect=2).stderr


def test_bad_input_in_either_file_exits_2(run: Run, pair: tuple[Path, Path], tmp_path: Path) -> None:
    bad = write(tmp_path, HEADER + "metrics: {assesments_within_45_working_days_pct: 90}\n", "bad.yaml")
    err = run("compare", pair[0], bad, *STARTER_ONLY, expect=2).stderr
    assert "bad.yaml:3:" in err and "did you mean 'assessments_within_45_working_days_pct'" in err


def test_warnings_for_swapped_files_and_other_authority(run: Run, pair: tuple[Path, Path], tmp_path: Path) -> None:
    data = _json(run, pair[1], pair[0])
    assert any("given in the wrong order" in w for w in data["warnings"])
    other = write(tmp_path, AFTER.replace("Testshire", "Otherborough"), "other.yaml")
    data = _json(run, pair[0], other)
    assert data["warnings"] == ["The two files name different authorities: 'Testshire' and 'Otherborough'."]


@pytest.mark.parametrize("fmt, markers", [
    ("text", ["selfeval progress report — Testshire", "== GAPS CLOSED (1) ==",
              "Supervision is reflective and recorded on the child's file (starter-supervision-reflective): Serious → Concern — less severe",
              "not judged in the later period, missing: Return home interviews offered within 72 hours (metric)",
              "Re-referrals within 12 months: 24% → 20% (down 4 percentage points) — Better"]),
    ("markdown", ["# Progress report: Testshire", "## New gaps (1)",
                  "| Help and protection | Re-referrals within 12 months | 24% | 20% | down 4 percentage points | Better |"]),
    ("html", ["<!DOCTYPE html>", "<h2 id=\"cat-closed\">Gaps closed (1)</h2>", "--serious:",
              '<td class="verdict better">Better</td>']),
    ("json", ['"format_version": 1']),
])
def test_every_format_renders(run: Run, pair: tuple[Path, Path], fmt: str, markers: list[str]) -> None:
    out = run("compare", *pair, "-f", fmt, *STARTER_ONLY).stdout
    for marker in markers:
        assert marker in out, f"{fmt}: {marker!r} missing"


def test_output_file_by_suffix(run: Run, pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "progress.html"
    assert run("compare", *pair, "-o", out, *STARTER_ONLY).stdout == ""
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_html_escapes_user_text(run: Run, pair: tuple[Path, Path], tmp_path: Path) -> None:
    after = write(tmp_path, AFTER.replace("Testshire", "<script>x</script>"), "after2.yaml")
    out = run("compare", pair[0], after, "-f", "html", *STARTER_ONLY).stdout
    assert "<script>x" not in out and "&lt;script&gt;" in out


def test_areas_limit_compare(run: Run, pair: tuple[Path, Path]) -> None:
    data = _json(run, *pair, "--areas", "leaders")
    assert {r["area"] for r in data["rules"]} == {"leaders"}
    assert data["scope"]["labels"] == ["Impact of leaders"]
    # measures: those of the chosen area, and those the chosen rules use
    assert {m["id"] for m in data["metrics"]} == {"social_worker_caseload_average"}
    assert {a["id"] for a in data["audits"]} == {"supervision_reflective"}
    text = run("compare", *pair, "--areas", "leaders", *STARTER_ONLY).stdout
    assert "Limited to: Impact of leaders." in text
    err = run("compare", *pair, "--areas", "leader", *STARTER_ONLY, expect=2).stderr
    assert "did you mean 'leaders'?" in err


def test_library_build_matches_cli(pair: tuple[Path, Path], starter: object) -> None:
    from selfeval.core import submission

    before, after = (submission.load(p) for p in pair)
    result = compare.build(before, after, starter, Options(generated=dt.date(2026, 4, 30)))  # type: ignore[arg-type]
    assert result.data["generated"] == "2026-04-30"
    assert {r["id"]: r["category"] for r in result.data["rules"]} == {k: v[2] for k, v in EXPECTED.items()}


def test_compare_in_help_and_schema(run: Run) -> None:
    assert "compare" in run("--help").stdout
    schema = json.loads(run("schema", "compare").stdout)
    jsonschema.validators.validator_for(schema).check_schema(schema)


def test_local_settings_are_shown(run: Run, pair: tuple[Path, Path], tmp_path: Path) -> None:
    write(tmp_path, "not_applicable:\n  - {rule: starter-life-story-work, reason: Done by the regional agency.}\n",
          "selfeval.yaml")
    data = _json(run, *pair)
    life = next(r for r in data["rules"] if r["id"] == "starter-life-story-work")
    assert life["category"] == "not_applicable"
    assert life["adjustment"]["after"] == "Marked not applicable in local settings: Done by the regional agency"
    text = run("compare", *pair, *STARTER_ONLY).stdout
    assert "Not applicable → Not applicable — both periods: Marked not applicable in local settings" in text
    assert _json(run, *pair, "--no-settings")["summary"]["counts"]["not_applicable"] == 0


def test_suppression_follows_the_option(run: Run, tmp_path: Path) -> None:
    before = write(tmp_path, HEADER + "metrics: {cla_unregistered_placements_count: 2}\n", "b.yaml")
    after = write(tmp_path, HEADER + "metrics: {cla_unregistered_placements_count: 3}\n", "a.yaml")
    (m,) = _json(run, before, after)["metrics"]
    assert (m["before"]["display"], m["change"]["display"]) == ("2", "up 1")
    data = _json(run, before, after, "--suppress")
    (m,) = data["metrics"]
    assert data["suppress_below"] == 5
    assert (m["before"]["display"], m["after"]["display"], m["change"]["display"], m["verdict"]) == (
        "suppressed (fewer than 5)", "suppressed (fewer than 5)", "—", "worse")
    assert "Small numbers: figures based on fewer than 5" in run("compare", before, after, "--suppress", *STARTER_ONLY).stdout
