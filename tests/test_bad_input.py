"""Every file in tests/bad/ must fail with exit 2 and one line naming the file, the place and the
problem. Each file's header says what: ``# expect: <text in the message>`` and ``# at: line:col``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import STARTER_ONLY, Run

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))


def _header(path: Path, key: str) -> str | None:
    m = re.search(rf"^# {key}: (.*)$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else None


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_file_gives_one_clear_line(path: Path, run: Run) -> None:
    result = run("check", path, *STARTER_ONLY, expect=2)
    err = result.stderr
    assert result.stdout == "", "nothing is reported for a file that cannot be read"
    assert err.count("\n") == 1 and "Traceback" not in err, err
    expected = _header(path, "expect")
    assert expected and expected in err, err
    at = _header(path, "at")
    if at:
        assert f"{path}:{at}" in err, err


def test_missing_file(run: Run, tmp_path: Path) -> None:
    err = run("check", tmp_path / "nope.yaml", *STARTER_ONLY, expect=2).stderr
    assert "nope.yaml: file not found" in err


def test_unknown_suffix(run: Run, tmp_path: Path) -> None:
    p = tmp_path / "metrics.docx"
    p.write_text("x")
    assert "cannot read '.docx' files" in run("check", p, *STARTER_ONLY, expect=2).stderr


def test_input_is_never_modified(run: Run) -> None:
    for path in BAD:
        before = path.read_bytes()
        run("check", path, *STARTER_ONLY, expect=2)
        assert path.read_bytes() == before
