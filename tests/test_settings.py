"""Local settings: overrides, not applicable, waivers — always shown, never hiding a finding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, HEADER, STARTER, STARTER_ONLY, Run, write
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from selfeval.core import packs, submission
from selfeval.core import settings as sts
from selfeval.core.check import Options
from selfeval.core.errors import SelfevalError
from selfeval.reports.check import check_submission

RS = packs.load([STARTER], builtin=False)
OPTS = Options(rules=(STARTER,), builtin=False, generated=dt.date(2026, 4, 30))
SUB = submission.load(EXAMPLES / "metrics.yaml")


def findings(local: sts.Settings) -> dict[str, dict[str, Any]]:
    rep = check_submission(SUB, RS, OPTS, local=local)
    return {f["id"]: f for f in rep.findings}


def load_text(tmp_path: Path, text: str) -> sts.Settings:
    return sts.load(write(tmp_path, text, "selfeval.yaml"), RS)


def test_override_changes_one_number_and_says_so(tmp_path: Path) -> None:
    local = load_text(tmp_path, """
overrides:
  - rule: starter-assessment-timeliness
    level: serious
    below: 60
    reason: Our improvement plan accepts 60% as the floor this year.
""")
    f = findings(local)["starter-assessment-timeliness"]
    assert f["status"] == "concern"  # 68% is not below 60
    adj = f["adjustment"]
    assert adj["kind"] == "override" and adj["pack_status"] == "serious"
    assert "below 60" in adj["detail"][0] and "below 70" in adj["detail"][0]
    serious = next(lv for lv in f["levels"] if lv["name"] == "serious")
    assert any(t["test"] == "below 60" for t in serious["tests"])  # the audit part of the level is inherited
    assert any(t["kind"] == "audit" for t in serious["tests"])


def test_not_applicable_is_shown_and_never_fails(tmp_path: Path, run: Run) -> None:
    write(tmp_path, "not_applicable:\n  - {rule: starter-supervision-reflective, reason: Run by a trust}\n"
                    "  - {rule: starter-assessment-timeliness, reason: Run by a trust}\n"
                    "  - {rule: starter-return-home-interviews, reason: Run by a trust}\n", "selfeval.yaml")
    p = tmp_path / "m.yaml"
    p.write_text((EXAMPLES / "metrics.yaml").read_text())
    out = run("check", p, *STARTER_ONLY, expect=0).stdout  # nothing left at concern or above
    assert "[N/A] Supervision is reflective" in out and "Run by a trust" in out
    md = run("check", p, "-f", "markdown", *STARTER_ONLY, expect=0).stdout
    assert "Not applicable (local settings)" in md and "Local settings applied from" in md
    run("check", p, "--no-settings", *STARTER_ONLY, expect=1)


def test_waiver_active_and_expired(tmp_path: Path) -> None:
    text = """
waivers:
  - rule: starter-supervision-reflective
    reason: New supervision policy starts in May.
    approved_by: Director of Children's Services
    approved: 2026-01-10
    expires: {expires}
"""
    active = findings(load_text(tmp_path, text.format(expires="2026-09-30")))["starter-supervision-reflective"]
    assert active["status"] == "serious" and active["adjustment"]["kind"] == "waived"
    expired = findings(load_text(tmp_path, text.format(expires="2026-03-31")))["starter-supervision-reflective"]
    assert expired["adjustment"]["kind"] == "waiver_expired" and "counted as not waived" in expired["adjustment"]["label"]


def test_waived_gap_does_not_fail_but_expired_does(tmp_path: Path) -> None:
    def rep(expires: str) -> Any:
        return check_submission(SUB, RS, OPTS, local=load_text(tmp_path, f"""
fail_on: serious
waivers:
  - {{rule: starter-supervision-reflective, reason: r, approved_by: DCS, expires: {expires}}}
  - {{rule: starter-assessment-timeliness, reason: r, approved_by: DCS, expires: {expires}}}
"""))
    ok = rep("2026-12-31")
    assert ok.exit_status(ok.default_fail_on) == 0 and ok.data["summary"]["counts"]["waived"] == 2
    assert ok.data["summary"]["counts"]["serious"] == 2  # still counted by status
    late = rep("2026-01-01")
    assert late.exit_status(late.default_fail_on) == 1


def test_command_line_wins_over_settings(tmp_path: Path, run: Run) -> None:
    write(tmp_path, "fail_on: never\n", "selfeval.yaml")
    p = tmp_path / "m.yaml"
    p.write_text((EXAMPLES / "metrics.yaml").read_text())
    run("check", p, *STARTER_ONLY, expect=0)
    run("check", p, "--fail-on", "concern", *STARTER_ONLY, expect=1)
    run("check", p, "--config", write(tmp_path, "fail_on: serious\n", "other.yaml"), *STARTER_ONLY, expect=1)


@pytest.mark.parametrize("text, message", [
    ("overrides:\n  - {rule: starter-assesment-timeliness, level: concern, below: 80, reason: r}\n",
     "unknown rule 'starter-assesment-timeliness' — did you mean 'starter-assessment-timeliness'?"),
    ("overrides:\n  - {rule: starter-assessment-timeliness, level: concern, below: 80}\n", "needs a 'reason'"),
    ("overrides:\n  - {rule: starter-assessment-timeliness, level: concern, above: 80, reason: r}\n",
     "has no 'above' test"),
    ("overrides:\n  - {rule: starter-assessment-timeliness, level: grave, below: 80, reason: r}\n", "has no level 'grave'"),
    ("waivers:\n  - {rule: starter-life-story-work, reason: r, expires: 2026-01-01}\n", "needs 'approved_by'"),
    ("waivers:\n  - {rule: starter-life-story-work, reason: r, approved_by: x}\n", "needs 'expires'"),
    ("waivers:\n  - {rule: starter-life-story-work, reason: r, approved_by: x, expires: soon}\n", "should be a date"),
    ("not_applicable:\n  - {rule: starter-life-story-work, reason: '  '}\n", "needs a 'reason'"),
    ("overides: []\n", "unknown setting 'overides' — did you mean 'overrides'?"),
    ("fail_on: sometimes\n", "'fail_on' should be one of"),
])
def test_bad_settings_are_one_line_errors(tmp_path: Path, run: Run, text: str, message: str) -> None:
    cfg = write(tmp_path, text, "cfg.yaml")
    err = run("check", EXAMPLES / "metrics.yaml", "--config", cfg, *STARTER_ONLY, expect=2).stderr
    assert message in err and err.startswith(f"selfeval: {cfg}:") and err.count("\n") == 1, err


rule_ids = st.sampled_from(sorted(RS.rules))


@st.composite
def random_settings(draw: st.DrawFn) -> sts.Settings:
    na = {r: sts.NotApplicable(r, "reason") for r in draw(st.sets(rule_ids, max_size=3))}
    waivers = {r: sts.Waiver(r, "reason", "DCS", draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 1, 1))))
               for r in draw(st.sets(rule_ids, max_size=3)) if r not in na}
    overrides = []
    for rid in draw(st.sets(rule_ids, max_size=3)):
        for lv_name, lv in RS.rules[rid].levels.items():
            for m in sts._matching(lv.when, sts.Override(rid, lv_name, "below", 0, "r")) + \
                    sts._matching(lv.when, sts.Override(rid, lv_name, "above", 0, "r")):
                hi = 1.0 if hasattr(m, "audit") else 100.0
                overrides.append(sts.Override(rid, lv_name, m.op, draw(st.floats(0, hi)), "r", sts._measure(m)))  # type: ignore[attr-defined]
    return sts.Settings("s.yaml", tuple(overrides), na, waivers)


@hsettings(max_examples=100, deadline=None)
@given(random_settings())
def test_settings_never_make_a_finding_disappear(local: sts.Settings) -> None:
    plain = findings(sts.NONE)
    adjusted = findings(local)
    assert set(adjusted) == set(plain)
    touched = set(local.not_applicable) | set(local.waivers) | {o.rule for o in local.overrides}
    for rid in touched:
        assert adjusted[rid]["adjustment"] is not None, rid
    for rid in set(plain) - touched:
        assert adjusted[rid] == plain[rid]


def test_settings_file_is_found_beside_the_metrics_file(tmp_path: Path) -> None:
    p = write(tmp_path, HEADER)
    assert sts.find(p, None) is None
    write(tmp_path, "fail_on: never\n", "selfeval.yaml")
    assert sts.find(p, None) == (tmp_path / "selfeval.yaml").resolve()
    with pytest.raises(SelfevalError, match="file not found"):
        sts.load(tmp_path / "missing.yaml", RS)


def test_readme_settings_example_loads_against_the_builtin_packs(tmp_path: Path, run: Run) -> None:
    """The README's settings and recommendations examples name real rules, so users can copy them."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    settings_yaml = next(b for b in blocks if b.startswith("overrides:"))
    recs_yaml = next(b for b in blocks if b.startswith("recommendations:"))
    local = sts.load(write(tmp_path, settings_yaml, "selfeval.yaml"), packs.load())
    assert local.overrides and local.not_applicable and local.waivers
    p = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text() + recs_yaml, "m.yaml")
    out = run("check", p, "-f", "json", expect=None).stdout
    assert '"progress_label"' in out and '"kind": "override"' in out
