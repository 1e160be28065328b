"""The web edition's Python parts under CPython: the bridge the worker calls gives the CLI's
output and one-line errors, and the build re-packs a wheel without its compiled modules.

The page itself is tested in tests/e2e/test_web_browser.py (Chromium) and under Pyodide by
web/node-smoke.mjs and web/node-pytest.mjs.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import EXAMPLES, Run

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


bridge: Any = _module("selfeval_web_bridge", ROOT / "web" / "src" / "bridge.py")
build: Any = _module("selfeval_web_build", ROOT / "web" / "build.py")


@pytest.fixture(autouse=True)
def _workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bridge, "WORKDIR", tmp_path / "web-in")
    monkeypatch.chdir(tmp_path)


def test_check_gives_the_cli_report(run: Run, tmp_path: Path) -> None:
    data = (EXAMPLES / "metrics.yaml").read_bytes()
    (tmp_path / "metrics.yaml").write_bytes(data)
    run("check", "metrics.yaml", "--fail-on", "never", "--no-settings", "-o", "report.html")
    got = bridge.check("metrics.yaml", data)
    assert got["ok"], got
    assert got["html"] == (tmp_path / "report.html").read_text(encoding="utf-8")
    assert got["counts"]["total"] > 100 and got["authority"].startswith("Harrowdale")


def test_draft_gives_the_cli_markdown(run: Run, tmp_path: Path) -> None:
    data = (EXAMPLES / "metrics.yaml").read_bytes()
    (tmp_path / "metrics.yaml").write_bytes(data)
    run("draft", "metrics.yaml", "--no-settings", "-o", "sef.md")
    got = bridge.draft("metrics.yaml", data)
    assert got["ok"] and got["markdown"] == (tmp_path / "sef.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, data, start", [
    ("metrics.yaml", b"authority: x\n", "selfeval: metrics.yaml:1:1: the period is missing"),
    ("notes.txt", b"x", "selfeval: notes.txt: cannot read '.txt' files"),
    ("../../etc/metrics.yaml", b"authority: [\n", "selfeval: metrics.yaml:"),  # only the bare name
])
def test_bad_input_is_the_cli_one_line(run: Run, tmp_path: Path, name: str, data: bytes, start: str) -> None:
    got = bridge.check(name, data)
    assert not got["ok"] and got["status"] == 2
    assert got["error"].startswith(start) and "\n" not in got["error"], got["error"]
    bare = Path(name).name
    (tmp_path / bare).write_bytes(data)
    assert got["error"] == run("check", bare, "--no-settings", expect=2).stderr.strip()


def test_a_bug_is_named_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from selfeval import api

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(api, "check", broken)
    got = bridge.check("metrics.yaml", b"")
    assert got == {"ok": False, "status": 3, "error": "selfeval: internal error (a bug in selfeval, "
                   "please report it): KeyError: 'oops'"}


def test_annex_a_import_equals_the_cli(run: Run, tmp_path: Path) -> None:
    run("demo", "annex-a", "annex-a.xlsx")
    run("metrics", "from-annex-a", "annex-a.xlsx", "--as-at", "2026-09-30", "--authority", "Synthetic Borough",
        "-o", "metrics.yaml")
    run("metrics", "from-annex-a", "annex-a.xlsx", "--as-at", "2026-09-30", "--authority", "Synthetic Borough",
        "--la-code", "340", "--child-population", "40000", "-o", "coded.yaml")
    steps: list[str] = []
    got = bridge.from_annex_a("annex-a.xlsx", (tmp_path / "annex-a.xlsx").read_bytes(),
                              {"as_at": "2026-09-30", "authority": "Synthetic Borough"}, steps.append)
    assert got["ok"], got
    assert got["yaml"] == (tmp_path / "metrics.yaml").read_text(encoding="utf-8")
    assert len(steps) == 11 and steps[0].startswith("List 1")
    got = bridge.from_annex_a("annex-a.xlsx", (tmp_path / "annex-a.xlsx").read_bytes(),
                              {"as_at": "2026-09-30", "authority": "Synthetic Borough", "la_code": "E08000011",
                               "child_population": "40000"})
    assert got["yaml"] == (tmp_path / "coded.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("options, message", [
    ({"authority": "A"}, "selfeval: give the date the lists were run (as at) — for example 2026-09-30"),
    ({"as_at": "30/09/2026", "authority": "A"}, "selfeval: '30/09/2026' is not a date — write it as YYYY-MM-DD"),
    ({"as_at": "2026-09-30"}, "selfeval: give the authority's name — as it should appear on the report"),
    ({"as_at": "2026-09-30", "authority": "A", "period_months": "six"},
     "selfeval: the months covered should be a whole number, not 'six'"),
    ({"as_at": "2026-09-30", "authority": "A", "la_code": "34O"},
     "selfeval: LA code: unknown LA code '34O' — did you mean '394'?"),
])
def test_annex_a_options_are_checked(options: dict[str, str], message: str) -> None:
    assert bridge.from_annex_a("annex-a.xlsx", b"", options)["error"] == message


def test_templates_and_rules(run: Run, tmp_path: Path) -> None:
    run("template", "-o", "metrics.yaml")
    assert bridge.template("yaml")["yaml"] == (tmp_path / "metrics.yaml").read_text(encoding="utf-8")
    xlsx = bridge.template("xlsx")
    assert xlsx["filename"] == "metrics.xlsx" and xlsx["bytes"][:2] == b"PK"
    rules = bridge.rules()
    assert rules["ok"] and len(rules["rules"]) == bridge.about()["rules"]
    first = rules["rules"][0]
    assert first["area"] in rules["areas"] and first["id"] in first["text"]


def test_purify_drops_compiled_modules_and_retags(tmp_path: Path) -> None:
    wheel = tmp_path / "demo-1.0-cp314-cp314-manylinux_2_17_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("demo/__init__.py", "try:\n    from ._speed import f\nexcept ImportError:\n    f = None\n")
        z.writestr("demo/_speed.cpython-314-x86_64-linux-gnu.so", b"\x7fELF")
        z.writestr("demo/_speed.c", "int x;")
        z.writestr("demo-1.0.dist-info/METADATA", "Name: demo\nVersion: 1.0\n")
        z.writestr("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\n"
                   "Tag: cp314-cp314-manylinux_2_17_x86_64\n")
        z.writestr("demo-1.0.dist-info/RECORD", "stale\n")
    out = tmp_path / "out"
    out.mkdir()
    pure = build.purify(wheel, out)
    assert pure.name == "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(pure) as z:
        names = z.namelist()
        assert not [n for n in names if n.endswith((".so", ".c"))]
        assert "Tag: py3-none-any" in z.read("demo-1.0.dist-info/WHEEL").decode()
        record = z.read("demo-1.0.dist-info/RECORD").decode().splitlines()
    assert sorted(line.split(",")[0] for line in record) == sorted(names)
    assert build.purify(wheel, out).read_bytes() == pure.read_bytes()  # reproducible


def test_metrics_workbook_gives_the_cli_report(run: Run, tmp_path: Path) -> None:
    run("demo", "annex-a", "annex-a.xlsx")
    run("metrics", "from-annex-a", "annex-a.xlsx", "--as-at", "2026-09-30", "--authority", "Synthetic Borough",
        "-o", "metrics.xlsx")
    run("check", "metrics.xlsx", "--fail-on", "never", "--no-settings", "-o", "report.html")
    got = bridge.check("metrics.xlsx", (tmp_path / "metrics.xlsx").read_bytes())
    assert got["ok"], got
    assert got["html"] == (tmp_path / "report.html").read_text(encoding="utf-8")
