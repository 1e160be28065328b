"""Issue 13's figures, each as a ratio against a reference measured in the same run, with scale
curves and peak memory (a script that reports, not a test that asserts).

    python benchmarks/bench_scale.py [--runs 5] [--only check,evals,compare,files,rules,draft,annexa]
                                     [--tree after=. --tree before=/tmp/old-checkout]
                                     [--annexa-scales 1,4,10] [--callgrind] [--json out.json]

The machine this project runs on is shared and noisy, so no figure is a bare wall time:
- every CLI figure is a ratio against ``python -c 'import yaml'`` (the floor: an interpreter that
  loads PyYAML), timed back to back with it in each run; the figure is the median of the ratios;
  times are CPU seconds (user + system) of the measured process, so time spent waiting for a core
  on a busy machine is not counted;
- the Annex A import is a ratio against pandas reading the same workbook
  (``pandas.read_excel(sheet_name=None, engine='calamine')``), also back to back;
- evaluations per second are per CPU second, timed in batches interleaved with a fixed
  pure-Python calibration loop, and reported as measured and as a ratio to that loop;
- ``--callgrind`` adds instruction counts (``valgrind --tool=callgrind``) for the check and its
  floor, which do not depend on what else the machine is doing.
Peak memory is the VmHWM of the measured process. ``--tree NAME=PATH`` (repeatable) measures the
code in another checkout (put first on ``PYTHONPATH``) in the same run, interleaved, and says
whether its outputs are byte-identical to the first tree's. Needs ``pip install -e '.[bench]'``
for pandas.

What is measured by default is this checkout through the development install (``pip install -e``):
its interpreter, floor included, also imports setuptools' editable-install finder at start-up
(about 10 ms, and pathlib, which selfeval needs anyway). ``--wheel`` adds a tree named ``wheel``:
this checkout built as a wheel and installed in a virtual environment of its own (its
dependencies from this one's site-packages), as a user's ``pip install`` runs it, floor and
command both from that environment's interpreter. A ``--tree`` PATH that is a virtual
environment (it holds ``pyvenv.cfg``) is measured that way too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = Path(os.environ.get("BENCH_EXAMPLES", ROOT / "examples"))  # the same input for every tree
EXAMPLES = [EXAMPLES_DIR / "metrics.yaml",
            *sorted(p for p in (EXAMPLES_DIR / "seeds").glob("*.yaml") if p.name != "expected.yaml")]
WORK = Path(os.environ.get("BENCH_CACHE", Path(tempfile.gettempdir()) / "selfeval-bench"))
AS_AT = "2026-09-30"

# Runs the CLI of whichever selfeval is first on sys.path, then records the peak memory.
_CLI = """
import atexit, os, sys
def _hwm():
    with open('/proc/self/status') as fh:
        kb = next(int(l.split()[1]) for l in fh if l.startswith('VmHWM:'))
    with open(os.environ['BENCH_HWM'], 'w') as out:
        out.write(str(kb))
atexit.register(_hwm)
sys.argv[0] = 'selfeval'
from selfeval.cli import main
main()
"""
_FLOOR = "import yaml"
_PANDAS = """
import atexit, os, sys
def _hwm():
    with open('/proc/self/status') as fh:
        kb = next(int(l.split()[1]) for l in fh if l.startswith('VmHWM:'))
    with open(os.environ['BENCH_HWM'], 'w') as out:
        out.write(str(kb))
atexit.register(_hwm)
import pandas as pd
pd.read_excel(sys.argv[1], sheet_name=None, engine='calamine')
"""
_EVALS = """
import json, sys, time
from pathlib import Path
try:  # the flat package before the layout move (tried first: an editable install of the
    # stage packages would otherwise lend an older checkout its modules)
    from selfeval import catalogue, packs, submission
    from selfeval.check import Options, check_submission, evaluate_all
    statuses = None
except ImportError:  # the stage packages
    from selfeval.core import catalogue, packs, submission
    from selfeval.core.check import Options, evaluate_all, statuses
    from selfeval.reports.check import check_submission

def calibrate():
    t = time.process_time()
    d = {}
    for i in range(200_000):
        d[i & 1023] = d.get(i & 255, 0) + 1
    return time.process_time() - t

def rate(fn, seconds=0.4, batch=20):  # per CPU second of this process: waiting for a core is not counted
    t, n = time.process_time(), 0
    while time.process_time() - t < seconds:
        for _ in range(batch):
            fn()
        n += batch
    return n / (time.process_time() - t)

cat = catalogue.load()
rs = packs.load()
sub = submission.load(Path(sys.argv[1]), cat)
full, status, calib, reports = [], [], [], []
for _ in range(int(sys.argv[2])):
    calib.append(calibrate())
    full.append(rate(lambda: evaluate_all(sub, rs, cat)))
    status.append(rate(lambda: statuses(sub, rs, cat)) if statuses else full[-1])
    reports.append(rate(lambda: check_submission(sub, rs, Options(), cat), batch=1))
print(json.dumps({"evals": status, "explained": full, "calib": calib, "reports": reports,
                  "rules": len(rs.rules), "status_pass": statuses is not None}))
"""


def is_venv(tree: Path) -> bool:
    return (tree / "pyvenv.cfg").is_file()


def python_for(tree: Path) -> str:
    """The interpreter that runs a tree: a virtual environment's own (selfeval installed in it),
    else this one with the checkout first on ``PYTHONPATH``."""
    return str(tree / "bin" / "python") if is_venv(tree) else sys.executable


def env_for(tree: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    if is_venv(tree):
        env.pop("PYTHONPATH", None)
    else:
        env["PYTHONPATH"] = str(tree)
    # as installed (pip compiles every module): never recompile sources on each run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_trees(trees: dict[str, Path]) -> None:
    import compileall

    for tree in trees.values():
        if not is_venv(tree):  # (pip compiled an installed one)
            compileall.compile_dir(tree / "selfeval", quiet=1)


def wheel_venv() -> Path:
    """This checkout as a user installs it: a wheel in a virtual environment of its own, which
    finds the dependencies in this environment's site-packages (a path in a .pth file: that
    folder's own .pth files, the editable install's among them, are not run)."""
    import sysconfig
    import venv

    where = WORK / "wheel-venv"
    shutil.rmtree(where, ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=WORK) as d:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                        "-w", d, str(ROOT)], check=True, capture_output=True)
        venv.create(where, with_pip=False)
        purelib = Path(subprocess.run([str(where / "bin" / "python"), "-c",
                                       "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                      check=True, capture_output=True, text=True).stdout.strip())
        (purelib / "bench-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
        wheel = next(Path(d).glob("*.whl"))
        subprocess.run([sys.executable, "-m", "pip", "--python", str(where / "bin" / "python"), "install",
                        "-q", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    return where


def cpu_of_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, bytes]:
    """CPU seconds (user + system: waiting for a core on a busy machine is not counted), peak MB
    and stdout of one process."""
    hwm = Path(tempfile.mkstemp(prefix="hwm-", dir=WORK)[1])
    t = cpu_of_children()
    proc = subprocess.run(argv, env={**env, "BENCH_HWM": str(hwm)}, cwd=cwd, capture_output=True)
    wall = cpu_of_children() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:4])}... failed ({proc.returncode}):\n{proc.stderr.decode()[-2000:]}")
    text = hwm.read_text()
    hwm.unlink()
    return wall, (int(text) / 1024 if text else math.nan), proc.stdout


def floor(env: dict[str, str], python: str = sys.executable) -> float:
    t = cpu_of_children()
    subprocess.run([python, "-c", _FLOOR], env=env, check=True)
    return cpu_of_children() - t


def cli_ratio(trees: dict[str, Path], args: list[str], runs: int, cwd: Path,
              output: Path | None = None) -> dict[str, dict[str, Any]]:
    """For each tree: median ratio to the floor, median seconds, peak MB, output digest."""
    out: dict[str, dict[str, Any]] = {}
    samples: dict[str, list[tuple[float, float, float]]] = {k: [] for k in trees}
    digest: dict[str, str] = {}
    for i in range(runs + 1):  # the first run of each tree warms caches and is not counted
        for name, tree in trees.items():
            env = env_for(tree)
            f = floor(env, python_for(tree))
            wall, peak, stdout = run([python_for(tree), "-c", _CLI, *args], env, cwd)
            if output is not None:
                stdout = output.read_bytes()
            digest[name] = hashlib.sha256(stdout).hexdigest()[:12]
            if i:
                samples[name].append((wall / f, wall, peak))
    for name, s in samples.items():
        out[name] = {"ratio": statistics.median(x[0] for x in s), "seconds": statistics.median(x[1] for x in s),
                     "floor_s": statistics.median(x[1] / x[0] for x in s), "peak_mb": max(x[2] for x in s),
                     "digest": digest[name]}
    return out


def callgrind(trees: dict[str, Path], args: list[str], cwd: Path) -> dict[str, dict[str, float]]:
    def count(argv: list[str], env: dict[str, str]) -> int:
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                              env={**env, "BENCH_HWM": os.devnull}, cwd=cwd, capture_output=True, text=True)
        line = next(ln for ln in proc.stderr.splitlines() if "Collected" in ln)
        return int(line.split()[-1])

    out = {}
    for name, tree in trees.items():
        env = env_for(tree)
        base = count([python_for(tree), "-c", _FLOOR], env)
        n = count([python_for(tree), "-c", _CLI, *args], env)
        out[name] = {"instructions": n, "floor_instructions": base, "ratio": n / base}
    return out


# ------------------------------------------------------------------------------------ inputs
def metrics_files(n: int) -> list[Path]:
    folder = WORK / f"files-{n}"
    if not folder.is_dir():
        tmp = WORK / f".files-{n}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for i in range(n):
            shutil.copyfile(EXAMPLES[i % len(EXAMPLES)], tmp / f"m{i:05}.yaml")
        tmp.rename(folder)
    return sorted(folder.glob("*.yaml"))


def rules_pack(total: int) -> Path | None:
    """A folder of packs that bring the rules to ``total``: copies of the built-in rules under new
    ids, 1,000 to a pack (a pack file has a size limit)."""
    import yaml

    builtin = [r for p in sorted((ROOT / "rules" / "ilacs").glob("*.yaml"))
               for r in yaml.safe_load(p.read_text(encoding="utf-8"))["rules"]]
    extra = total - len(builtin)
    if extra <= 0:
        return None
    folder = WORK / f"rules-{total}"
    if not folder.is_dir():
        tmp = WORK / f".rules-{total}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        copies = []
        for k in range(extra):
            rule = dict(builtin[k % len(builtin)])
            rule["id"] = f"{rule['id']}-x{k // len(builtin)}"
            copies.append(rule)
        for n in range(0, extra, 1000):
            doc = {"pack": f"bench-{total}-{n // 1000}", "title": "Benchmark copies", "version": "1",
                   "framework": {"name": "ILACS", "version": "2026-04"}, "rules": copies[n:n + 1000]}
            (tmp / f"bench-{n // 1000:03}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True),
                                                         encoding="utf-8")
        tmp.rename(folder)
    return folder


def annexa_workbook(scale: int) -> Path:
    """The large synthetic Annex A, or ``scale`` times its rows (built once, kept in WORK)."""
    path = WORK / f"annexa-x{scale}.xlsx"
    if not path.exists():
        try:
            from selfeval.sources.annexa import synthetic
            from selfeval.sources.annexa.synthetic_sheets import write_synthetic
        except ImportError:  # before the layout move
            from selfeval.annexa import synthetic  # type: ignore[no-redef]
            from selfeval.annexa.synthetic_sheets import write_synthetic  # type: ignore[no-redef]

        name = "large" if scale == 1 else f"large-x{scale}"
        base = synthetic.SIZES["large"]
        synthetic.SIZES[name] = type(base)(*(getattr(base, f) * scale for f in base.__dataclass_fields__))
        synthetic.CHILD_POPULATION[name] = synthetic.CHILD_POPULATION["large"] * scale
        t = time.perf_counter()
        write_synthetic(path, name, seed=2026)
        print(f"  (generated {path.name} in {time.perf_counter() - t:.0f} s)", file=sys.stderr)
    return path


# ------------------------------------------------------------------------------------ figures
def fig_check(trees: dict[str, Path], runs: int, cwd: Path, use_callgrind: bool) -> dict[str, Any]:
    args = ["check", str(EXAMPLES[0]), "--fail-on", "never"]
    res: dict[str, Any] = {"check": cli_ratio(trees, args, runs, cwd)}
    if use_callgrind:
        res["check_callgrind"] = callgrind(trees, args, cwd)
    return res


def fig_compare(trees: dict[str, Path], runs: int, cwd: Path) -> dict[str, Any]:
    """``compare`` of the example against its own 'previous:' block (no target: issue 13 asks
    that it use the status pass where that helps, measured here)."""
    return {"compare": cli_ratio(trees, ["compare", str(EXAMPLES[0])], runs, cwd)}


def fig_evals(trees: dict[str, Path], runs: int, cwd: Path) -> dict[str, Any]:
    out = {}
    for name, tree in trees.items():
        proc = subprocess.run([python_for(tree), "-c", _EVALS, str(EXAMPLES[0]), str(max(runs, 3))],
                              env=env_for(tree), cwd=cwd, capture_output=True, text=True, check=True)
        d = json.loads(proc.stdout)
        ev, calib = statistics.median(d["evals"]), statistics.median(d["calib"])
        out[name] = {"evals_per_s": ev, "best_evals_per_s": max(d["evals"]),
                     "explained_per_s": statistics.median(d["explained"]),
                     "reports_per_s": statistics.median(d["reports"]), "status_pass": d["status_pass"],
                     "calib_s": calib, "evals_per_calib": ev * calib, "rules": d["rules"]}
    return {"evals": out}


def fig_files(trees: dict[str, Path], runs: int, cwd: Path, counts: list[int]) -> dict[str, Any]:
    res = {}
    for n in counts:
        files = [str(p) for p in metrics_files(n)]
        res[f"files_{n}"] = cli_ratio(trees, ["check", *files, "--summary", "-f", "json", "--fail-on", "never"],
                                      runs if n < 1000 else max(1, runs // 2), cwd)
    return res


def fig_rules(trees: dict[str, Path], runs: int, cwd: Path, counts: list[int]) -> dict[str, Any]:
    res = {}
    files = [str(p) for p in metrics_files(2)]
    for n in counts:
        pack = rules_pack(n)
        extra = ["--rules", str(pack)] if pack else []
        res[f"rules_{n}"] = cli_ratio(trees, ["check", *files, "--summary", "-f", "json", "--fail-on", "never", *extra],
                                      runs if n < 5000 else max(1, runs // 2), cwd)
    return res


def fig_draft(trees: dict[str, Path], runs: int, cwd: Path) -> dict[str, Any]:
    out = cwd / "sef.docx"
    # a .docx holds its creation time in a zip: compare the Markdown draft's bytes instead
    res = cli_ratio(trees, ["draft", str(EXAMPLES[0]), "-o", str(out), "--force"], runs, cwd)
    md = cli_ratio(trees, ["draft", str(EXAMPLES[0])], 1, cwd)
    for name in res:
        res[name]["digest"] = md[name]["digest"] + " (markdown)"
    return {"draft_docx": res}


def fig_annexa(trees: dict[str, Path], runs: int, cwd: Path, scales: list[int]) -> dict[str, Any]:
    res: dict[str, Any] = {}
    for scale in scales:
        wb = annexa_workbook(scale)
        out = cwd / f"annexa-{scale}.yaml"
        args = ["metrics", "from-annex-a", str(wb), "--as-at", AS_AT, "--authority", "Bench",
                "--child-population", str(260_000 * scale), "-o", str(out)]
        n = runs if scale < 4 else max(1, runs // 2)
        per: dict[str, Any] = {}
        samples: dict[str, list[tuple[float, float, float, float]]] = {k: [] for k in trees}
        for _ in range(n):
            for name, tree in trees.items():
                env = env_for(tree)
                pw, ppeak, _ = run([python_for(tree), "-c", _PANDAS, str(wb)], env, cwd)
                out.unlink(missing_ok=True)
                wall, peak, _ = run([python_for(tree), "-c", _CLI, *args], env, cwd)
                samples[name].append((wall / pw, wall, peak, ppeak))
                per.setdefault(name, {})["digest"] = hashlib.sha256(out.read_bytes()).hexdigest()[:12]
        for name, s in samples.items():
            per[name].update({"ratio_to_pandas": statistics.median(x[0] for x in s),
                              "seconds": statistics.median(x[1] for x in s),
                              "peak_mb": max(x[2] for x in s), "pandas_peak_mb": max(x[3] for x in s)})
        res[f"annexa_x{scale}"] = per
    return res


def table(results: dict[str, Any], trees: list[str]) -> str:
    lines = [f"{'figure':48} " + " ".join(f"{t:>26}" for t in trees)]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"{label:48} " + " ".join(f"{c:>26}" for c in cells))

    for key, fig in results.items():
        if key == "evals":
            row("in-process evaluations/s of the built-in packs",
                [f"{fig[t]['evals_per_s']:,.0f}/s (best {fig[t]['best_evals_per_s']:,.0f})" for t in trees])
            row("  ... pass used", ["status pass" if fig[t]["status_pass"] else "evaluate_all (no status pass)"
                                    for t in trees])
            row("  ... with explanations (evaluate_all)", [f"{fig[t]['explained_per_s']:,.0f}/s" for t in trees])
            row("  ... reports/s (evaluate + report model)", [f"{fig[t]['reports_per_s']:,.0f}/s" for t in trees])
            row("  ... evaluations per calibration loop", [f"{fig[t]['evals_per_calib']:,.1f}" for t in trees])
        elif key.endswith("_callgrind"):
            row(f"{key[:-10]}: instructions vs import yaml",
                [f"{fig[t]['ratio']:.2f}x ({fig[t]['instructions'] / 1e6:,.0f} M)" for t in trees])
        elif key.startswith("annexa"):
            row(f"Annex A import {key[7:]}: time vs pandas", [f"{fig[t]['ratio_to_pandas']:.2f}x ({fig[t]['seconds']:.1f} s)" for t in trees])
            row("  ... peak memory (pandas)", [f"{fig[t]['peak_mb']:.0f} MB ({fig[t]['pandas_peak_mb']:.0f} MB)" for t in trees])
            row("  ... output digest", [fig[t]["digest"] for t in trees])
        else:
            row(f"{key}: vs import yaml", [f"{fig[t]['ratio']:.2f}x ({fig[t]['seconds']:.3f} s)" for t in trees])
            row("  ... peak memory; output digest", [f"{fig[t]['peak_mb']:.0f} MB; {fig[t]['digest']}" for t in trees])
    return "\n".join(lines)


FLOOR_QUIET_S = 0.025
"""``import yaml`` on this machine when quiet (issue 13): turns the issue's seconds into ratios."""


def targets(results: dict[str, Any], trees: list[str]) -> str:
    """Issue 13's targets, as ratios to the references, and whether each tree meets them."""
    lines = ["", f"{'target (issue 13)':48} " + " ".join(f"{t:>26}" for t in trees)]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"{label:48} " + " ".join(f"{c:>26}" for c in cells))

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    def at_most(key: str, field: str, limit: float, label: str, unit: str = "x") -> None:
        if key in results:
            row(label, [f"{results[key][t][field]:.2f}{unit} {mark(results[key][t][field] <= limit)}" for t in trees])

    at_most("check", "ratio", 4, "check <= 4x import yaml")
    if "evals" in results:
        row("evaluations >= 5,000/s", [f"{results['evals'][t]['evals_per_s']:,.0f} "
                                       f"{mark(results['evals'][t]['evals_per_s'] >= 5000)}" for t in trees])
    at_most("files_153", "ratio", 0.8 / FLOOR_QUIET_S, "153 files --summary <= 0.8 s (32x import yaml)")
    at_most("draft_docx", "ratio", 0.3 / FLOOR_QUIET_S, "draft -o sef.docx <= 0.3 s (12x import yaml)")
    at_most("annexa_x10", "peak_mb", 300, "Annex A x10 peak <= 300 MB", " MB")
    keys = [k for k in ("rules_143", "rules_1000", "rules_10000") if k in results]
    if len(keys) == 3:
        cells = []
        for t in trees:
            n = [143, 1000, 10000]
            sec = [results[k][t]["seconds"] for k in keys]
            a, b = (sec[1] - sec[0]) / (n[1] - n[0]) * 1000, (sec[2] - sec[1]) / (n[2] - n[1]) * 1000
            cells.append(f"{a:.2f} then {b:.2f} s/1k {mark(b <= 1.5 * a)}")
        row("rules: linear (s per 1,000 more rules)", cells)
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="check,evals,compare,files,rules,draft,annexa")
    ap.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                    help="a checkout to measure (default: this one, as 'this')")
    ap.add_argument("--files", default="1,153,1530")
    ap.add_argument("--rules", default="143,1000,10000")
    ap.add_argument("--annexa-scales", default="1,4,10")
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--wheel", action="store_true",
                    help="also measure this checkout installed from a wheel (no editable-install finder)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    trees = {k: Path(v).resolve() for k, v in (t.split("=", 1) for t in args.tree)} or {"this": ROOT}
    WORK.mkdir(parents=True, exist_ok=True)
    if args.wheel:
        trees["wheel"] = wheel_venv()
    compile_trees(trees)
    only = set(args.only.split(","))
    ints = lambda s: [int(x) for x in s.split(",") if x]  # noqa: E731
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(dir=WORK) as d:
        cwd = Path(d)
        figures = {
            "check": lambda: fig_check(trees, args.runs, cwd, args.callgrind),
            "evals": lambda: fig_evals(trees, args.runs, cwd),
            "compare": lambda: fig_compare(trees, args.runs, cwd),
            "files": lambda: fig_files(trees, args.runs, cwd, ints(args.files)),
            "rules": lambda: fig_rules(trees, args.runs, cwd, ints(args.rules)),
            "draft": lambda: fig_draft(trees, args.runs, cwd),
            "annexa": lambda: fig_annexa(trees, args.runs, cwd, ints(args.annexa_scales)),
        }
        for name, measure in figures.items():
            if name in only:
                try:
                    results.update(measure())
                except (SystemExit, Exception) as exc:  # noqa: BLE001 - report the others anyway
                    print(f"{name}: FAILED: {exc}", file=sys.stderr)
                print(f"  ({name} done at {time.strftime('%H:%M:%S')})", file=sys.stderr)
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}, "
          f"median of {args.runs} runs (ratios paired within each run)")
    print(table(results, list(trees)))
    if len(trees) > 1:
        first = next(iter(trees))
        for key, fig in results.items():
            if isinstance(fig.get(first), dict) and "digest" in fig[first]:
                same = all(fig[t]["digest"] == fig[first]["digest"] for t in trees)
                if not same:
                    print(f"OUTPUT DIFFERS between trees: {key}")
    print(targets(results, list(trees)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
