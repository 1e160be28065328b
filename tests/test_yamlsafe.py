from __future__ import annotations

from pathlib import Path

import pytest

from selfeval.core import yamlsafe
from selfeval.core.errors import SelfevalError


def test_keeps_line_and_column_of_keys() -> None:
    data, loc = yamlsafe.loads("a:\n  b: 1\n  c: [x, y]\n", "f.yaml")
    assert data == {"a": {"b": 1, "c": ["x", "y"]}}
    assert (loc.where(("a", "c")).line, loc.where(("a", "c")).column) == (3, 3)
    assert loc.where(("a", "c", 1)).line == 3
    assert loc.where(("a", "nope")).line == 1  # falls back to the nearest known place


@pytest.mark.parametrize("text, message", [
    ("a: !!python/object/apply:os.system [ls]\n", "refusing the YAML tag"),
    ("a: !custom 1\n", "refusing the YAML tag"),
    ("a: 1\na: 2\n", "'a' is given twice"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", "merge keys"),
    ("a: [1, 2\n", "YAML syntax error"),
    ("", "the file is empty"),
    ("# only a comment\n", "the file is empty"),
])
def test_refuses_bad_yaml(text: str, message: str) -> None:
    with pytest.raises(SelfevalError, match=message) as exc:
        yamlsafe.loads(text, "f.yaml")
    assert str(exc.value).startswith("f.yaml")


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(SelfevalError, match="too many aliases"):
        yamlsafe.loads("\n".join(lines) + "\n", "bomb.yaml")


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(SelfevalError, match="file not found"):
        yamlsafe.load(tmp_path / "missing.yaml")
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(SelfevalError, match="not UTF-8|binary"):
        yamlsafe.load(tmp_path / "bin.yaml")
    with pytest.raises(SelfevalError, match="folder"):
        yamlsafe.load(tmp_path)


@pytest.mark.parametrize("text, message", [
    ("a: &a [*a]\n", "an alias refers to itself"),
    ("a: " + "[" * 100 + "]" * 100 + "\n", "nested"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
])
def test_cycles_and_deep_nesting(text: str, message: str) -> None:
    with pytest.raises(SelfevalError, match=message):
        yamlsafe.loads(text, "f.yaml")
