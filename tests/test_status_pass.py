"""The status pass gives exactly the statuses of the full evaluation, and the summary built from
status reports is exactly the summary built from full reports (settings, waivers, --areas)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run

from selfeval import api
from selfeval.core import benchmarks as bm
from selfeval.core import catalogue as cat
from selfeval.core import packs, submission
from selfeval.core.check import Options, evaluate_all, statuses
from selfeval.core.evaluate import contexts, evaluate, status
from selfeval.core.submission import parse_evidence

FILES = [EXAMPLES / "metrics.yaml", EXAMPLES / "minimal.yaml",
         *(p for p in sorted((EXAMPLES / "seeds").glob("*.yaml")) if p.name != "expected.yaml")]


def test_status_equals_evaluate_on_every_rule_case_and_example() -> None:
    c = cat.load()
    rs = packs.load()
    evidence = [parse_evidence(case.evidence, file=rule.file, catalogue=c)
                for rule in rs.rules.values() for case in rule.cases]
    evidence += [(s.evidence, s.previous) for s in (submission.load(f, c) for f in FILES)]
    evidence += [(ev, None) for ev, _ in evidence]  # and each without its previous period
    checked = 0
    for national in (bm.values(), {}):
        for ev, previous in evidence:
            ctxs = contexts(ev, previous, c, national)
            for rule in rs.rules.values():
                assert status(rule, ctxs) == evaluate(rule, ev, previous, c, national).status, rule.id
                checked += 1
    assert checked > 200_000


def test_statuses_equal_evaluate_all() -> None:
    c = cat.load()
    rs = packs.load()
    for f in FILES:
        sub = submission.load(f, c)
        assert statuses(sub, rs, c) == {r.rule.id: r.status for r in evaluate_all(sub, rs, c)}


SETTINGS = """
fail_on: serious
overrides:
  - {rule: hp-assessment-timeliness, level: concern, below: 99, reason: r}
not_applicable:
  - {rule: cl-pathway-plans-meaningful, reason: r}
waivers:
  - {rule: cic-iro-challenge, reason: r, approved_by: DCS, expires: 2026-12-31}
  - {rule: cl-staying-put, reason: r, approved_by: DCS, expires: 2026-01-01}
"""


@pytest.mark.parametrize("areas", [(), ("care-leavers", "leaders")])
def test_summary_from_statuses_equals_summary_from_full_reports(tmp_path: Path, areas: tuple[str, ...]) -> None:
    local = tmp_path / "local"
    local.mkdir()
    (local / "selfeval.yaml").write_text(SETTINGS, encoding="utf-8")
    files = [str(f) for f in FILES]
    for f in FILES[:3]:
        shutil.copyfile(f, local / f.name)
        files.append(str(local / f.name))
    opts = Options(generated=dt.date(2026, 6, 1), areas=areas)
    rs = packs.load()
    for rid in ("hp-assessment-timeliness", "cl-pathway-plans-meaningful", "cic-iro-challenge",
                "cl-staying-put"):
        rs.rule(rid)  # the settings name real rules
    full, quick = api.check_files(files, opts), api.check_statuses(files, opts)
    assert api.summary(quick) == api.summary(full)
    for a, b in zip(full, quick, strict=True):
        assert a.default_fail_on == b.default_fail_on
        for fail_on in ("concern", "serious", "never"):
            assert a.exit_status(fail_on) == b.exit_status(fail_on)
    kinds = {f["adjustment"]["kind"] for r in quick for f in r.findings if f["adjustment"]}
    assert kinds >= ({"not_applicable", "waiver_expired"} if areas else {"override", "not_applicable", "waived", "waiver_expired"})


def test_cli_summary_uses_the_status_pass(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import selfeval.cli.app

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a summary should not build full reports")

    monkeypatch.setattr(selfeval.cli.app, "check_files", boom)
    out = run("check", *FILES[:2], "--summary", "-f", "json", expect=1).stdout
    assert '"kind": "summary"' in out
