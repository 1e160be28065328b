"""Pack loading and lint. Each file in tests/packs_bad/ says the problem lint must report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import STARTER, Run

from selfeval.core import packs
from selfeval.core.errors import SelfevalError

BAD = sorted((Path(__file__).parent / "packs_bad").glob("*.yaml"))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_lint_reports_the_problem(path: Path, run: Run) -> None:
    expected = re.search(r"^# expect: (.*)$", path.read_text(), re.M).group(1)  # type: ignore[union-attr]
    result = run("rules", "lint", "--no-builtin", "--rules", path, expect=2)
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    # a broken pack also stops a check, with the same kind of one-line message
    check = run("check", "examples/minimal.yaml", "--no-builtin", "--rules", path, expect=2)
    assert check.stderr.startswith(f"selfeval: {path}:"), check.stderr


def test_starter_pack_lints_clean(run: Run) -> None:
    out = run("rules", "lint", "--no-builtin", "--rules", STARTER).stdout
    assert "1 pack(s), 5 rules: no problems" in out


def test_lint_requires_a_case_per_outcome(tmp_path: Path, run: Run) -> None:
    text = STARTER.read_text().replace(
        "      - {name: failing, evidence", "      - {name: failing-removed, evidence")
    text = re.sub(r"      - name: late and shallow\n(        .*\n)+?        expect: serious\n", "", text)
    p = tmp_path / "pack.yaml"
    p.write_text(text)
    err = run("rules", "lint", "--no-builtin", "--rules", p, expect=2).stderr
    assert "rule 'starter-assessment-timeliness' has no case expecting 'serious'" in err


def test_builtin_and_extra_packs_merge(tmp_path: Path) -> None:
    rs = packs.load([STARTER], builtin=False)
    assert list(rs.rules)[0] == "starter-assessment-timeliness"
    assert rs.sources["LIV-2014"]["title"].startswith("Liverpool")
    assert rs.rule("starter-life-story-work").area == "children_in_care"
    with pytest.raises(SelfevalError, match="did you mean 'starter-life-story-work'"):
        rs.rule("starter-life-story")


def test_rules_folder_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(STARTER.read_text())
    assert len(packs.load([tmp_path], builtin=False).rules) == 5
    with pytest.raises(SelfevalError, match="rule pack not found"):
        packs.load([tmp_path / "missing.yaml"], builtin=False)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SelfevalError, match="no .yaml rule packs"):
        packs.load([empty], builtin=False)


def test_builtin_packs_lint_clean() -> None:
    _, problems = packs.load_and_lint()
    assert [str(p) for p in problems] == []
