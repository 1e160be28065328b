"""The fuzz targets, bounded for CI: a fixed seed and a few dozen inputs per kind.

``FUZZ_EXAMPLES=N`` runs N inputs per kind; ``python tests/fuzz/run.py`` runs long campaigns
and counts exit codes. Every failure ever found is pinned: ``run.py`` saves each failing input
as a file, and a copy in ``tests/fuzz/pinned/`` (named ``<kind>-<hash>.txt``) is replayed by
:func:`test_pinned_failures` on every run.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings

from . import fuzzlib
from .fuzzlib import TARGETS, scratch, speed_up

# In the suite the time limit only catches a hang (a busy CI machine can stall any input for
# seconds); `run.py` holds every input to the 10 s and reports the slowest.
fuzzlib.TIME_LIMIT = 60.0

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True, scope="module")
def _fast() -> Iterator[None]:
    """The fuzz shortcuts (packs and templates loaded once) for this module only."""
    with pytest.MonkeyPatch.context() as mp:
        speed_up(mp.setattr)
        yield


@seed(17)
@SETTINGS
@given(TARGETS["metrics"].strategy)
def test_metrics_files(inp: Any) -> None:
    TARGETS["metrics"].run(inp, _FOLDER)


@seed(17)
@SETTINGS
@given(TARGETS["packs"].strategy)
def test_rule_packs(inp: Any) -> None:
    TARGETS["packs"].run(inp, _FOLDER)


@seed(17)
@SETTINGS
@given(TARGETS["settings"].strategy)
def test_settings_files(inp: Any) -> None:
    TARGETS["settings"].run(inp, _FOLDER)


@seed(17)
@SETTINGS
@given(TARGETS["workbooks"].strategy)
def test_workbooks(inp: Any) -> None:
    TARGETS["workbooks"].run(inp, _FOLDER)


@seed(17)
@SETTINGS
@given(TARGETS["returns"].strategy)
def test_statutory_returns(inp: Any) -> None:
    TARGETS["returns"].run(inp, _FOLDER)


_FOLDER = scratch()


PINNED = sorted((Path(__file__).parent / "pinned").glob("*.txt"))


@pytest.mark.parametrize("path", PINNED, ids=[p.stem for p in PINNED])
def test_pinned_failures(path: Path) -> None:
    """Each input a fuzz run ever failed on (its message is the file's first line) now passes."""
    kind = path.name.split("-")[0]
    inp = ast.literal_eval(path.read_text(encoding="utf-8").split("--- input\n", 1)[1])
    TARGETS[kind].run(inp, _FOLDER)
