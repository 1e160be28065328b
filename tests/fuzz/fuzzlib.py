"""Fuzz targets for every input kind: metrics files, rule packs, settings files, workbooks and
the statutory returns (the last in ``returns_inputs``, registered at the end of this module).

Each target takes an input Hypothesis generated (a real input mutated: a value replaced by
garbage, a key dropped or added, a nasty line spliced into the text), writes it to a file, runs
the CLI on it in-process as a user would, and checks the oracle every input must satisfy:

- exit status 0, 1 or 2 only (3 is a bug, anything else a crash);
- exit 2 prints one line, ``selfeval: …``, and never a traceback;
- it finishes in under 10 seconds.

``tests/fuzz/test_fuzz.py`` runs each target for a few dozen inputs with a fixed seed in CI;
``python tests/fuzz/run.py`` runs them for as long as you like (see its docstring).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from click.testing import CliRunner
from hypothesis import strategies as st

from selfeval.cli.app import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TIME_LIMIT = 10.0


# ----------------------------------------------------------------------------- the oracle
class FuzzFailure(AssertionError):
    """An input that broke the oracle; the message says how and shows the input's command."""


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float


def run_cli(args: list[str], cwd: Path) -> Outcome:
    """Run ``selfeval ARGS`` in ``cwd`` as a user would, and check the oracle."""
    start = time.perf_counter()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args, catch_exceptions=True)
    finally:
        os.chdir(old)
    seconds = time.perf_counter() - start
    out = Outcome(result.exit_code, result.stdout, result.stderr, seconds)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise FuzzFailure(f"selfeval {' '.join(args)}: uncaught {type(result.exception).__name__}: "
                          f"{result.exception}")
    if out.exit_code not in (0, 1, 2):
        raise FuzzFailure(f"selfeval {' '.join(args)}: exit {out.exit_code}\n{out.stderr[-2000:]}")
    if "Traceback" in out.stderr:
        raise FuzzFailure(f"selfeval {' '.join(args)}: a traceback\n{out.stderr[-2000:]}")
    if out.exit_code == 2 and args[:2] != ["rules", "lint"]:  # lint lists every problem, one a line
        lines = out.stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("selfeval: "):
            raise FuzzFailure(f"selfeval {' '.join(args)}: exit 2 without one 'selfeval:' line\n{out.stderr[-2000:]}")
    if seconds > TIME_LIMIT:
        raise FuzzFailure(f"selfeval {' '.join(args)}: took {seconds:.1f} s (limit {TIME_LIMIT:g} s)")
    return out


# ------------------------------------------------------------------------ generic mutation
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=20), st.dates(),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
    st.sampled_from(["", " ", "78%", "1e999", "-0", "yes", "no", "n/a", "2026-02-30", "=1+1",
                     "\x1b[2J", "<script>x</script>", "**b**", "a|b", "\u202e", "\ufffe", "\x0b",
                     "9" * 400, "nan", "inf", "x" * 300, "# h\n\n---\n", "[x](http://e.invalid)"]),
)
GARBAGE = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=6)

NASTY_LINES = [
    "x: !!timestamp 2026-13-45", "x: !!timestamp 2026-02-30 25:61:61", "x: !!float 1e999",
    "x: 1e999", "x: " + "9" * 400, "x: !!int 0x" + "f" * 200, "x: !!binary ====", "x: \x01",
    "x: \x0b", "x: \ufffe", "x: &a [*a]", "x: !!python/object:os.system ls", "<<: {a: 1}",
    "x: 2026-06-30 10:00:00", "x: \x1b]0;title\x07", "\t\tx: 1", "x: '", "? [a]\n: b",
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in ``data`` (the root too)."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, prefix + (i,))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> Any:
    if not path:
        return value
    node = data
    for k in path[:-1]:
        node = node[k]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@st.composite
def mutated(draw: st.DrawFn, bases: list[Any], extra_keys: list[str]) -> str:
    """YAML text: one of ``bases`` with 1–3 structural mutations and maybe a nasty line."""
    data = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "delete" and path:
            data = _set(data, path, None, delete=True)
        elif action == "add":
            node = data
            for k in path:
                node = node[k]
            if isinstance(node, dict):
                node[draw(st.one_of(st.sampled_from(extra_keys), st.text(max_size=6)))] = draw(GARBAGE)
            elif isinstance(node, list):
                node.append(draw(GARBAGE))
            else:
                data = _set(data, path, draw(GARBAGE))
        else:
            data = _set(data, path, draw(GARBAGE))
    text = to_yaml(data)
    if draw(st.integers(0, 4)) == 0:
        lines = text.splitlines()
        at = draw(st.integers(0, len(lines)))
        indent = draw(st.sampled_from(["", "  ", "    "]))
        lines.insert(at, indent + draw(st.sampled_from(NASTY_LINES)))
        text = "\n".join(lines) + "\n"
    return text


def _flow(value: Any) -> str:
    """One value as YAML flow text (JSON strings are YAML double-quoted strings)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flow(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return ".nan" if value != value else ".inf" if value == float("inf") else "-.inf" if value == float("-inf") else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return json.dumps(str(value))


def to_yaml(data: Any) -> str:
    """YAML text for ``data``, fast (PyYAML's own dumper is pure Python and took most of a
    fuzz input's time): block style for the top three levels, so errors have lines to point
    at, flow style below."""
    lines: list[str] = []
    _block(data, "", 0, lines)
    return "\n".join(lines) + "\n"


def _block(value: Any, indent: str, depth: int, lines: list[str]) -> None:
    if depth >= 3 or not isinstance(value, (dict, list)) or not value:
        lines.append(indent + _flow(value))
        return
    items = value.items() if isinstance(value, dict) else [(None, v) for v in value]
    for k, v in items:
        head = f"{indent}{_flow(k)}:" if k is not None or isinstance(value, dict) else f"{indent}-"
        if isinstance(v, (dict, list)) and v and depth < 2:
            lines.append(head)
            _block(v, indent + "  ", depth + 1, lines)
        else:
            lines.append(f"{head} {_flow(v)}")


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------- targets
@dataclass
class Target:
    """One fuzz target: a strategy for inputs and a function that runs one."""

    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any, Path], Outcome]
    weight: int = 1
    counts: dict[int, int] = field(default_factory=dict)


def _metrics_bases() -> list[Any]:
    """The examples, and slices of the full one (a mutation of a small file costs a tenth as
    much, and reaches the same code): the full example is one base in six."""
    files = [EXAMPLES / "metrics.yaml", EXAMPLES / "minimal.yaml", *sorted((EXAMPLES / "seeds").glob("*-20*.yaml"))]
    bases = [_yaml(f) for f in files]
    full = bases[0]
    for n in (3, 8):
        part = {k: v for k, v in full.items() if k not in ("metrics", "audits", "facts", "previous")}
        part["metrics"] = dict(list(full["metrics"].items())[:n])
        part["audits"] = {"sample": full["audits"]["sample"],
                          "answers": dict(list(full["audits"]["answers"].items())[:n // 2 + 1])}
        part["facts"] = dict(list(full["facts"].items())[:n // 2])
        part["previous"] = {"period": full["previous"]["period"],
                            "metrics": dict(list(full["previous"]["metrics"].items())[:2])}
        bases += [part, part]
    return bases


METRIC_KEYS = ["authority", "period", "metrics", "audits", "facts", "previous", "recommendations",
               "value", "numerator", "denominator", "as_at", "start", "end", "answers", "sample"]
FORMATS = ["text", "markdown", "html", "json"]


@st.composite
def metrics_inputs(draw: st.DrawFn) -> tuple[str, str, str] | tuple[str, str, str, bool]:
    return (draw(mutated(_METRICS_BASES, METRIC_KEYS)), draw(st.sampled_from(["check"] * 6 + ["compare", "draft"])),
            draw(st.sampled_from(FORMATS + ["text", "json"])), draw(st.integers(0, 3)) == 0)


STARTER = ["--no-builtin", "--rules", str(EXAMPLES / "packs" / "starter.yaml")]


def run_metrics(inp: tuple[Any, ...], folder: Path) -> Outcome:
    """One metrics file through check, compare or draft: with all the built-in packs one time in
    four, else with the starter pack (every condition kind, a fifth of the cost to render)."""
    text, command, fmt = inp[:3]
    rules = [] if len(inp) < 4 or inp[3] else STARTER
    (folder / "metrics.yaml").write_text(text, encoding="utf-8")
    if command == "check":
        return run_cli(["check", "metrics.yaml", "--no-settings", "-f", fmt, *rules], folder)
    if command == "compare":
        return run_cli(["compare", "metrics.yaml", "--no-settings", "-f", fmt, *rules], folder)
    return run_cli(["draft", "metrics.yaml", "--no-settings", "-o", "sef.md", "--force", *rules], folder)


PACK_KEYS = ["pack", "title", "version", "framework", "rules", "sources", "themes", "id", "area",
             "levels", "concern", "serious", "when", "rationale", "findings", "cases", "expect"]


@st.composite
def pack_inputs(draw: st.DrawFn) -> tuple[str, str]:
    return draw(mutated(_PACK_BASES, PACK_KEYS)), draw(st.sampled_from(["lint", "list", "show", "test", "check"]))


def run_pack(inp: tuple[str, str], folder: Path) -> Outcome:
    text, command = inp
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    base = ["--no-builtin", "--rules", "pack.yaml"]
    if command == "show":
        return run_cli(["rules", "show", "starter-assessment-timeliness", *base], folder)
    if command == "check":
        return run_cli(["check", str(EXAMPLES / "minimal.yaml"), "--no-settings", *base], folder)
    return run_cli(["rules", command, *base], folder)


SETTINGS_BASE = {
    "overrides": [{"rule": "hp-assessment-timeliness", "level": "concern", "below": 90,
                   "reason": "Our local standard is 90%."},
                  {"rule": "hp-assessment-timeliness", "level": "serious", "below": 60,
                   "metric": "assessments_within_45_working_days_pct", "reason": "Local."}],
    "not_applicable": [{"rule": "cic-adoption-a1", "reason": "Regional adoption agency."}],
    "waivers": [{"rule": "ld-supervision-reflective", "reason": "New policy in May.",
                 "approved_by": "Director of Children's Services", "approved": dt.date(2026, 1, 10),
                 "expires": dt.date(2026, 6, 30)}],
    "fail_on": "serious",
    "suppress": 5,
}
SETTINGS_KEYS = ["overrides", "not_applicable", "waivers", "fail_on", "suppress", "rule", "level",
                 "reason", "below", "above", "at_least", "at_most", "metric", "audit", "approved_by",
                 "approved", "expires"]


@st.composite
def settings_inputs(draw: st.DrawFn) -> tuple[str, str, str]:
    return (draw(mutated([SETTINGS_BASE], SETTINGS_KEYS)), draw(st.sampled_from(["check", "compare", "config"])),
            draw(st.sampled_from(FORMATS)))


def run_settings(inp: tuple[str, str, str], folder: Path) -> Outcome:
    text, command, fmt = inp
    metrics = folder / "metrics.yaml"
    if not metrics.exists():
        metrics.write_bytes((EXAMPLES / "metrics.yaml").read_bytes())
    (folder / "selfeval.yaml").write_text(text, encoding="utf-8")
    if command == "compare":
        return run_cli(["compare", "metrics.yaml", "-f", fmt], folder)
    if command == "config":
        return run_cli(["check", "metrics.yaml", "--config", "selfeval.yaml", "-f", fmt], folder)
    return run_cli(["check", "metrics.yaml", "-f", fmt], folder)


# Workbooks: a metrics workbook (About, Metrics, Audit answers, Facts) or an Annex A workbook.
CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-1000, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=15), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["#N/A", "78%", "=1+1", "yes", "no", "a) Yes", "01/03/2026", "12/31/2025", "K2",
                     "CH0102508", "Ava Wright", "25/04/2026", "\x01", "x" * 300, "assessments_within_45_working_days_pct"]),
)


@st.composite
def workbook_inputs(draw: st.DrawFn) -> tuple[str, dict[str, list[list[Any]]]]:
    kind = draw(st.sampled_from(["metrics", "annexa", "annexa-csv"]))
    if kind == "metrics":
        from selfeval.sources.metrics_workbook import AUDIT_HEADERS, FACT_HEADERS, METRIC_HEADERS

        ids = _metric_ids()
        about = [["selfeval metrics workbook"], [""], [""], ["Authority", draw(CELLS)],
                 ["Period start", draw(st.one_of(CELLS, st.just(dt.date(2025, 4, 1))))],
                 ["Period end", draw(st.one_of(CELLS, st.just(dt.date(2026, 3, 31))))]]
        rows = [METRIC_HEADERS if draw(st.integers(0, 9)) else draw(st.lists(CELLS, max_size=12))]
        for _ in range(draw(st.integers(0, 6))):
            row: list[Any] = [draw(st.one_of(st.sampled_from(ids), CELLS))] + [None] * 6
            row += draw(st.lists(CELLS, max_size=5))
            rows.append(row)
        sheets = {"About": about, "Metrics": rows}
        if draw(st.booleans()):
            sheets["Audit answers"] = [AUDIT_HEADERS, [draw(st.one_of(st.just("supervision_reflective"), CELLS)),
                                                       None, None, None, *draw(st.lists(CELLS, max_size=4))]]
        if draw(st.booleans()):
            sheets["Facts"] = [FACT_HEADERS, [draw(st.one_of(st.just("return_home_interview_monitoring_in_place"), CELLS)),
                                              None, None, None, draw(CELLS)]]
        return kind, sheets
    from selfeval.sources.annexa.headers import LISTS

    sheets = {}
    for n in draw(st.lists(st.sampled_from(sorted(LISTS)), min_size=1, max_size=3, unique=True)):
        header = [c.header for c in LISTS[n].columns]
        if header and draw(st.integers(0, 3)) == 0:
            header[draw(st.integers(0, len(header) - 1))] = draw(st.one_of(CELLS, st.just("Child Name")))
        rows = [header] + [draw(st.lists(CELLS, max_size=len(header) + 1)) for _ in range(draw(st.integers(0, 5)))]
        name = draw(st.sampled_from([f"List {n}", f"List {n} - {LISTS[n].title}", LISTS[n].title, "Ava Wright (CH0101734)"]))
        sheets[name[:31]] = rows
    return kind, sheets


def _excel_safe(v: Any) -> Any:
    if isinstance(v, str):
        return "".join(ch for ch in v if ch in "\t\n\r" or ord(ch) >= 32)[:32000]
    return v


def run_workbook(inp: tuple[str, dict[str, list[list[Any]]]], folder: Path) -> Outcome:
    kind, sheets = inp
    if kind == "annexa-csv":
        import csv

        csvs = folder / "annexa"
        if csvs.exists():
            for f in csvs.iterdir():
                f.unlink()
        csvs.mkdir(exist_ok=True)
        for name, rows in sheets.items():
            buf = io.StringIO()
            csv.writer(buf).writerows([["" if v is None else v for v in r] for r in rows])
            (csvs / f"{name.replace('/', ' ')}.csv").write_text(buf.getvalue(), encoding="utf-8")
        return run_cli(["metrics", "from-annex-a", "annexa", "--as-at", "2026-09-30", "--authority", "X"], folder)
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet("".join(ch for ch in name if ch not in "[]:*?/\\") or "Sheet")
        for row in rows:
            ws.append([_excel_safe(v) for v in row])
    path = folder / "book.xlsx"
    wb.save(path)
    if kind == "metrics":
        return run_cli(["check", "book.xlsx", "--no-settings"], folder)
    return run_cli(["metrics", "from-annex-a", "book.xlsx", "--as-at", "2026-09-30", "--authority", "X"], folder)


def _metric_ids() -> list[str]:
    from selfeval.core import catalogue as cat

    return sorted(cat.load().metrics)[:20]


_METRICS_BASES = _metrics_bases()
def _pack_bases() -> list[Any]:
    """The starter pack, and the starter pack with its first two rules only (twice as likely:
    a mutation of a small pack costs half as much and reaches the same checks)."""
    full = _yaml(EXAMPLES / "packs" / "starter.yaml")
    small = {**full, "rules": full["rules"][:2]}
    return [full, small, small]


_PACK_BASES = _pack_bases()

TARGETS = {
    "metrics": Target("metrics", metrics_inputs(), run_metrics, weight=9),
    "packs": Target("packs", pack_inputs(), run_pack, weight=6),
    "settings": Target("settings", settings_inputs(), run_settings, weight=4),
    "workbooks": Target("workbooks", workbook_inputs(), run_workbook, weight=1),
}


def speed_up(patch: Any = setattr) -> None:
    """Make one input cost milliseconds, not a tenth of a second: compile the templates once and
    load the built-in packs once (both are the same for every input; the packs target fuzzes pack
    loading itself, with ``--no-builtin --rules``). In pytest, pass ``monkeypatch.setattr`` so the
    shortcuts end with the test and never reach another test (the cache tests edit packs)."""
    import functools

    from selfeval.core import packs
    from selfeval.render import templates as render

    if getattr(render.environment, "cache_info", None) is None:
        patch(render, "environment", functools.lru_cache(maxsize=None)(render.environment))
    if getattr(packs.load, "fuzz_cached", False):
        return
    original = packs.load
    cache: dict[Any, Any] = {}

    def load(extra: Any = (), *, builtin: bool = True, catalogue: Any = None, cases: bool = True) -> Any:
        extra = tuple(str(e) for e in extra)
        if extra and extra != (STARTER[-1],):  # a user's pack (the packs target): load it every time
            return original(extra, builtin=builtin, catalogue=catalogue, cases=cases)
        if (extra, builtin, cases) not in cache:
            cache[(extra, builtin, cases)] = original(extra, builtin=builtin, catalogue=catalogue, cases=cases)
        return cache[(extra, builtin, cases)]

    load.fuzz_cached = True  # type: ignore[attr-defined]
    patch(packs, "load", load)

    # The built-in registries (sources.yaml, themes.yaml) are parsed for every pack a user adds;
    # they are the same files every time, so parse them once (a user's pack is never cached).
    from selfeval.core import yamlsafe

    for name in ("loads", "loads_trusted"):
        parse = getattr(yamlsafe, name)
        memo: dict[tuple[str, str], Any] = {}

        def cached(text: str, file: str, _parse: Any = parse, _memo: dict[tuple[str, str], Any] = memo) -> Any:
            if not file.startswith("rules/"):
                return _parse(text, file)
            if (text, file) not in _memo:
                _memo[(text, file)] = _parse(text, file)
            return _memo[(text, file)]

        patch(yamlsafe, name, cached)


def scratch() -> Path:
    """A folder for one target's inputs (reused: each input overwrites the last)."""
    shm = Path("/dev/shm")  # a memory file system: opening a file on a busy disk took 3 ms
    return Path(tempfile.mkdtemp(prefix="selfeval-fuzz-", dir=shm if shm.is_dir() else None))


def _register_returns() -> None:
    """The returns target lives in its own module (it uses this one's oracle)."""
    from .returns_inputs import returns_inputs, run_returns

    TARGETS["returns"] = Target("returns", returns_inputs(), run_returns, weight=4)


_register_returns()
