"""docs/threshold-distribution.md stays current: it names every rule line on a metric DfE
publishes by authority, with the rule's own threshold, and every line that flags most authorities
or almost none carries a reason."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "threshold-distribution.md"
DFE = ROOT.parent / "shared" / "data" / "dfe"  # ../shared beside the project, as the brief places it


def _tool():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location("build_distribution", ROOT / "tools" / "build_distribution.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_table_lists_every_line_with_the_packs_threshold() -> None:
    tool = _tool()
    rows = {tuple(c.strip() for c in line.strip("|").split("|")[:4])
            for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "---" not in line}
    for rid, level, metric, op, threshold in tool.rule_lines():
        assert (rid, level, metric, f"{op.replace('_', ' ')} {threshold:g}") in rows, \
            f"{rid} {level} is not in docs/threshold-distribution.md as it is in the pack: run tools/build_distribution.py"


def test_no_line_is_left_without_a_reason() -> None:
    assert "needs a reason" not in DOC.read_text(encoding="utf-8")


@pytest.mark.skipif(not DFE.is_dir(), reason="the DfE downloads (../shared/data/dfe) are not on this machine")
def test_the_table_is_what_the_tool_builds() -> None:
    assert _tool().table(DFE) == DOC.read_text(encoding="utf-8"), "run python tools/build_distribution.py"
