"""The package's shape: no import cycles, and each stage imports only the stages below it.

Every import in the source counts, including those inside functions and under TYPE_CHECKING,
so a lazy import cannot hide a cycle or a dependency that points the wrong way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "selfeval"
ALLOWED = {
    "core": {"core"},
    "render": {"core", "render"},
    "reports": {"core", "render", "reports"},
    "sources": {"core", "render", "sources"},
    "api": {"core", "render", "reports", "sources", "api"},
    "cli": {"core", "render", "reports", "sources", "api", "cli"},
}
"""Stage → the stages it may import (``selfeval`` itself, for ``__version__``, is always allowed)."""


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The selfeval modules ``path`` imports: ``from pkg import mod`` is an edge to ``pkg.mod``,
    not to ``pkg`` (the parent package is loaded first by Python, but is not a dependency)."""
    mod = _module(path)
    pkg = mod if path.name == "__init__.py" else mod.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                base = ".".join(up + ([base] if base else []))
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base)
    return {m for m in found if m in modules and m != mod}


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {mod: _imports(path, set(files)) for mod, path in files.items()}


def _stage(mod: str) -> str | None:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def test_no_import_cycles() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("mod", sorted(_graph()))
def test_stage_imports_only_lower_stages(mod: str) -> None:
    stage = _stage(mod)
    if stage is None:
        return
    wrong = sorted(d for d in _graph()[mod] if (_stage(d) or "selfeval") not in ALLOWED[stage] | {"selfeval"}
                   and _stage(d) is not None)
    assert not wrong, f"{mod} ({stage}) imports {wrong}; {stage} may import only {sorted(ALLOWED[stage])}"


def test_library_api_needs_no_click() -> None:
    import subprocess
    import sys

    code = "import sys, selfeval.api; print('click' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_checking_yaml_loads_no_importer_word_or_charts() -> None:
    """`selfeval check metrics.yaml` (text) imports no Annex A, Word, chart, compare or draft code."""
    import subprocess
    import sys

    example = PACKAGE.parent / "examples" / "metrics.yaml"
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from selfeval.cli import app\n"
        f"CliRunner().invoke(app.cli, ['check', {str(example)!r}, '--fail-on', 'never'])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('selfeval', 'docx', 'openpyxl', 'python_calamine')))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    unwanted = [m for m in out if m.startswith(("selfeval.sources", "selfeval.render.word", "selfeval.render.charts",
                                                 "selfeval.reports.compare", "selfeval.reports.draft",
                                                 "selfeval.reports.matrix", "docx", "openpyxl", "python_calamine"))]
    assert "selfeval.reports.report" in out
    assert not unwanted, unwanted


def test_every_package_is_installed() -> None:
    """pyproject.toml lists the packages to install by name: a new sub-package missing from that
    list works in an editable install and fails on a user's `pip install .`."""
    import re

    text = (PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8")
    listed = set(re.findall(r'"(selfeval[a-z0-9_.]*)"', text.split("packages = [", 1)[1].split("]", 1)[0]))
    on_disk = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert not on_disk - listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
