"""docs/severity.md lists every red flag and serious line as the packs have them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_severity_table_is_current() -> None:
    spec = importlib.util.spec_from_file_location("build_severity", ROOT / "tools" / "build_severity.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.table() == (ROOT / "docs" / "severity.md").read_text(encoding="utf-8"), \
        "docs/severity.md is out of date: run python tools/build_severity.py"
