"""Shared fixtures: the catalogue, the starter pack, and a CLI runner that shows its output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

# the parsed-data and template caches of this test run, never the user's (see selfeval/core/cache.py)
os.environ.setdefault("SELFEVAL_CACHE_DIR", tempfile.mkdtemp(prefix="selfeval-test-cache-"))

import pytest  # noqa: E402
from click.testing import CliRunner, Result

from selfeval.cli.app import cli
from selfeval.core import catalogue as cat
from selfeval.core import packs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
STARTER = ROOT / "examples" / "packs" / "starter.yaml"
STARTER_ONLY = ["--no-builtin", "--rules", str(STARTER)]


@pytest.fixture(scope="session")
def catalogue() -> cat.Catalogue:
    return cat.load()


@pytest.fixture(scope="session")
def starter() -> packs.RuleSet:
    return packs.load([STARTER], builtin=False)


class Run:
    """Drive the CLI as a user does; failures print the exit code, stdout and stderr."""

    def __call__(self, *args: Any, expect: int | None = 0, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code} (wanted {expect})\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
        return result


@pytest.fixture
def run() -> Run:
    return Run()


def write(tmp_path: Path, text: str, name: str = "metrics.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


HEADER = "authority: Testshire\nperiod: {start: 2025-04-01, end: 2026-03-31}\n"
