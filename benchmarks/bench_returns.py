"""Benchmark the statutory-return importers on big-city synthetic returns (a script, not a test).

    python benchmarks/bench_returns.py [--runs 5] [--keep DIR] [--json]

For each importer — SSDA903 (five years of CSV tables, and the same as XML), the CIN census (this
year's and last year's) and the workforce census — it prints:
  - the full import, in-process (read + count + render and write the metrics file), median of
    --runs, and whether it equals the synthetic return's known answers; and the read + count part
    alone (no metrics file), the part that is like for like with pandas' reading;
  - pandas merely reading the same files (read_csv of every CSV as text; read_xml of each element
    kind the import reads), median of --runs; and the ratios. The three are timed interleaved,
    after one warm-up each (modules imported; the import's date and code caches are still
    cleared before every run);
  - both again as a user meets them: a fresh process each (selfeval's command line, and
    `python -c "import pandas; ..."`), wall time including start-up and imports, the median of
    --fresh-runs pairs run alternately after one warm-up each (one fresh run is mostly the
    machine's noise). Both sides get a bytecode cache (PYTHONPYCACHEPREFIX in the output folder,
    PYTHONDONTWRITEBYTECODE dropped): an installed selfeval, like pandas, has its modules
    compiled (pip compiles them at install), whereas an editable install on a machine that sets
    PYTHONDONTWRITEBYTECODE compiles every selfeval module on every run (about 45 ms of the 903
    CSV import) while pandas' compiled files still load. --no-bytecode-cache keeps the
    environment as it is;
  - peak memory (VmHWM) of a fresh process doing the import, and of one doing pandas' reading.
Needs `pip install -e '.[bench]'` (pandas; lxml for read_xml).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def make(folder: Path) -> dict[str, Any]:
    from selfeval.sources.cin.synthetic_write import write_synthetic as cin
    from selfeval.sources.ssda903.synthetic_write import write_synthetic as s903
    from selfeval.sources.workforce.synthetic import write_synthetic as csww

    csv_paths, a903 = s903(folder / "903csv", "large", 2026, "csv")
    xml_paths, _ = s903(folder / "903xml", "large", 2026, "xml")
    cur, prev, acin = cin(folder / "cin", "large", 2026)
    wf, awf = csww(folder / "csww", "large", 2026)
    return {"903csv": (list(reversed(csv_paths)), a903), "903xml": (list(reversed(xml_paths)), a903),
            "cin": ([cur, prev], acin), "workforce": ([wf], awf)}


def import_fn(kind: str, paths: list[Path], out: Path | None) -> Callable[[], Any]:
    """The import in-process; with ``out`` None, only reading and counting (no metrics file is
    rendered, validated or written: the part that compares like for like with pandas' reading)."""
    def run() -> Any:
        from selfeval import api
        from selfeval.core.files import write_atomic
        from selfeval.sources import fields

        fields._DATES.clear()  # each run starts cold: the date and code caches are per import
        fields._CODES.clear()

        if kind.startswith("903"):
            r = api.import_903(paths, child_population=260_000)
        elif kind == "cin":
            r = api.import_cin(paths[0], previous=paths[1])
        else:
            r = api.import_workforce(paths[0])
        if out is not None:
            write_atomic(out, api.metrics_yaml_from_return(r, authority="Bench", source_name=paths[0].name))
        return r
    return run


PANDAS = {  # what pandas reads for each kind: the same files, every element kind the import reads
    "903csv": "for p in paths:\n    for f in sorted(Path(p).glob('*.csv')): pd.read_csv(f, dtype=str)",
    "903xml": "for p in paths:\n    for x in ('//HEADER', '//EPISODE'): pd.read_xml(p, xpath=x, dtype=str)",
    "cin": ("for p in paths:\n    for x in ('//ChildIdentifiers', '//CINdetails', '//Assessments', '//Section47',"
            " '//ChildProtectionPlans', '//Reviews'): pd.read_xml(p, xpath=x, dtype=str)"),
    "workforce": "for p in paths:\n    for x in ('//CSWWWorker', '//LALevelVacancies'): pd.read_xml(p, xpath=x, dtype=str)",
}
COMMAND = {
    "903csv": lambda paths: ["metrics", "from-903", *map(str, paths), "--child-population", "260000"],
    "903xml": lambda paths: ["metrics", "from-903", *map(str, paths), "--child-population", "260000"],
    "cin": lambda paths: ["metrics", "from-cin", str(paths[0]), "--previous", str(paths[1])],
    "workforce": lambda paths: ["metrics", "from-workforce", str(paths[0])],
}
_HWM = ("def hwm():\n    for line in open('/proc/self/status'):\n        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n")


def fresh(code: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak MiB of a fresh Python process running ``code``."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code + "\n" + _HWM + "print(hwm())"], check=True,
                         capture_output=True, text=True, cwd=ROOT, env=env).stdout
    return time.perf_counter() - t, float(out.split()[-1])


def known(result: Any, answers: Path) -> str:
    import yaml

    want = yaml.safe_load(answers.read_text())["metrics"]
    wrong = [m for m, w in want.items()
             if m not in result.values or {k: getattr(result.values[m], k) for k in w} != w]
    return f"{len(want) - len(wrong)}/{len(want)} equal" + (f" (WRONG: {wrong})" if wrong else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--fresh-runs", type=int, default=5, help="fresh-process pairs per importer (median)")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="fresh processes keep this environment's bytecode settings (see above)")
    ap.add_argument("--keep", type=Path, help="write the synthetic returns here and keep them")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args()
    import pandas as pd

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-returns-"))
    t = time.perf_counter()
    cases = make(folder)
    figures: dict[str, Any] = {"generate_s": round(time.perf_counter() - t, 2)}
    child_env = None
    if not args.no_bytecode_cache:
        child_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        child_env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    for kind, (paths, answers) in cases.items():
        size = sum(f.stat().st_size for p in paths for f in ([p] if p.is_file() else p.glob("*.csv")))
        fn = import_fn(kind, paths, folder / f"{kind}.yaml")
        count_fn = import_fn(kind, paths, None)
        env = {"pd": pd, "paths": [str(p) for p in paths], "Path": Path}
        pandas_fn = lambda k=kind, e=env: exec(PANDAS[k], e)  # noqa: E731, S102
        fn(), pandas_fn()  # warm: modules imported, code tables loaded (a fresh process is timed below)
        ours_t: list[float] = []
        count_t: list[float] = []
        theirs_t: list[float] = []
        for _ in range(args.runs):  # interleaved, so a busy machine slows all three alike
            ours_t.append(median_time(fn, 1))
            count_t.append(median_time(count_fn, 1))
            theirs_t.append(median_time(pandas_fn, 1))
        ours, counted, theirs = (statistics.median(t) for t in (ours_t, count_t, theirs_t))
        cli = ("import sys\nfrom selfeval.cli import main\n"  # the `selfeval` command's entry point
               f"sys.argv = ['selfeval', *{COMMAND[kind](paths)!r}, '--authority', 'Bench', '-o', "
               f"{str(folder / (kind + '-cli.yaml'))!r}, '--force']\n"
               "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n")
        pandas_code = f"import pandas as pd\nfrom pathlib import Path\npaths = {[str(p) for p in paths]!r}\n{PANDAS[kind]}"
        fresh(cli, child_env), fresh(pandas_code, child_env)  # warm: bytecode compiled, files in the page cache
        pairs = [(fresh(cli, child_env), fresh(pandas_code, child_env)) for _ in range(max(1, args.fresh_runs))]  # alternately
        cold_ours = statistics.median(o[0] for o, _ in pairs)
        cold_theirs = statistics.median(t[0] for _, t in pairs)
        peak_ours, peak_theirs = max(o[1] for o, _ in pairs), max(t[1] for _, t in pairs)
        figures[kind] = {
            "input_mb": round(size / 1e6, 1), "known_answers": known(fn(), answers),
            "import_s": round(ours, 4), "read_count_s": round(counted, 4), "pandas_read_s": round(theirs, 4),
            "speedup": round(theirs / ours, 1), "read_count_speedup": round(theirs / counted, 1),
            # best of the runs: on a shared machine the least disturbed run of each
            "best_import_s": round(min(ours_t), 4), "best_read_count_s": round(min(count_t), 4),
            "best_pandas_read_s": round(min(theirs_t), 4),
            "best_speedup": round(min(theirs_t) / min(ours_t), 1),
            "best_read_count_speedup": round(min(theirs_t) / min(count_t), 1),
            "cold_import_s": round(cold_ours, 2), "cold_pandas_read_s": round(cold_theirs, 2),
            "cold_speedup": round(cold_theirs / cold_ours, 1),
            "peak_mb": round(peak_ours, 1), "pandas_peak_mb": round(peak_theirs, 1)}
    print(f"Synthetic big-city returns generated in {figures['generate_s']} s under {folder}")
    print("in-process medians: import = read + count + render + write the metrics file; read+count = "
          "the import without its metrics file; pandas = merely reading the same files")
    print(f"{'':10} {'input':>7} {'import':>8} {'ratio':>6} {'read+cnt':>8} {'ratio':>6} {'pandas':>8} | "
          f"{'cold':>6} {'pandas':>7} {'ratio':>6} | {'peak':>7} {'pandas':>7} | answers")
    for kind in cases:
        f = figures[kind]
        print(f"{kind:10} {f['input_mb']:5.1f}MB {f['import_s']:7.3f}s {f['speedup']:5.1f}x "
              f"{f['read_count_s']:7.3f}s {f['read_count_speedup']:5.1f}x {f['pandas_read_s']:7.3f}s | "
              f"{f['cold_import_s']:5.2f}s {f['cold_pandas_read_s']:6.2f}s "
              f"{f['cold_speedup']:5.1f}x | {f['peak_mb']:5.0f}MB {f['pandas_peak_mb']:5.0f}MB | {f['known_answers']}")
    print("best of the runs (the least disturbed run of each, on a shared machine):")
    for kind in cases:
        f = figures[kind]
        print(f"{kind:10} import {f['best_import_s']:.3f}s {f['best_speedup']:.1f}x, read+count "
              f"{f['best_read_count_s']:.3f}s {f['best_read_count_speedup']:.1f}x, pandas {f['best_pandas_read_s']:.3f}s")
    if args.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
