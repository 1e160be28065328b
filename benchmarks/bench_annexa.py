"""Benchmark the Annex A import on the large synthetic workbook (a script, not a test).

    python benchmarks/bench_annexa.py [--runs 3] [--workbook PATH] [--keep]

Prints: the workbook's size; the full import (read + compute + write metrics.yaml), median of
--runs; its peak memory (max resident set of a fresh process doing one import); the read alone
with python-calamine and with openpyxl's read-only mode; and pandas.read_excel of the same
workbook (all sheets, each engine available) for comparison. Needs `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

AS_AT = "2026-09-30"


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def full_import(workbook: Path, out_dir: Path) -> None:
    from selfeval.sources.annexa.run import metrics_from_annex_a

    out = out_dir / "metrics.yaml"
    metrics_from_annex_a(workbook, out, as_at=dt.date.fromisoformat(AS_AT), authority="Bench",
                         child_population=260_000, overwrite=True)


def read_calamine(workbook: Path) -> int:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(workbook))
    return sum(len(wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names)


def read_openpyxl(workbook: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return n


# Peak resident memory of a fresh process: VmHWM from /proc (Linux). ru_maxrss is not used: on
# Linux a child started from a big parent reports the parent's high-water mark from before exec.
_HWM = """
def hwm():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1])
"""
_PEAK = _HWM + """
import sys, pathlib, tempfile
sys.path.insert(0, {root!r})
from benchmarks.bench_annexa import full_import
with tempfile.TemporaryDirectory() as d:
    full_import(pathlib.Path({workbook!r}), pathlib.Path(d))
print(hwm())
"""
_BASELINE = _HWM + "import selfeval.sources.annexa.run, selfeval.sources.annexa.compute\nprint(hwm())"


def peak_rss_mb(workbook: Path) -> tuple[float, float]:
    root = str(Path(__file__).resolve().parent.parent)
    code = _PEAK.format(root=root, workbook=str(workbook))
    peak = int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
    base = int(subprocess.run([sys.executable, "-c", _BASELINE], check=True, capture_output=True, text=True).stdout)
    return peak / 1024, base / 1024  # KiB -> MiB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workbook", type=Path, help="use this workbook instead of generating the large one")
    ap.add_argument("--keep", action="store_true", help="keep the generated workbook")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-annexa-"))
    workbook = args.workbook
    gen_s = None
    if workbook is None:
        from selfeval.sources.annexa.synthetic_sheets import write_synthetic

        workbook = tmp / "annex_a_large.xlsx"
        t = time.perf_counter()
        write_synthetic(workbook, "large", seed=2026)
        gen_s = time.perf_counter() - t
    rows = read_calamine(workbook)
    figures: dict[str, float | int | str | None] = {
        "workbook_mb": round(workbook.stat().st_size / 1e6, 1), "rows": rows,
        "generate_s": None if gen_s is None else round(gen_s, 2)}

    figures["import_s"] = median_time(lambda: full_import(workbook, tmp), args.runs)
    answers = workbook.with_suffix(".expected.yaml")
    if answers.exists():  # the import must also be right, not only fast
        import yaml

        want = yaml.safe_load(answers.read_text())["metrics"]
        got = yaml.safe_load((tmp / "metrics.yaml").read_text())["metrics"]
        wrong = [m for m, w in want.items() if {k: (got[m] or {}).get(k) for k in w} != w]
        figures["known_answers"] = f"{len(want) - len(wrong)}/{len(want)} equal"
        if wrong:
            print(f"WRONG VALUES: {wrong}", file=sys.stderr)
    figures["peak_rss_mb"], figures["baseline_rss_mb"] = peak_rss_mb(workbook)
    figures["read_calamine_s"] = median_time(lambda: read_calamine(workbook), args.runs)
    figures["read_openpyxl_readonly_s"] = median_time(lambda: read_openpyxl(workbook), args.runs)
    try:
        import pandas as pd

        for engine in ("openpyxl", "calamine"):
            try:
                figures[f"pandas_read_excel_{engine}_s"] = median_time(
                    lambda e=engine: pd.read_excel(workbook, sheet_name=None, engine=e), args.runs)
            except (ImportError, ValueError) as exc:
                figures[f"pandas_read_excel_{engine}_s"] = f"unavailable ({exc})"
    except ImportError:
        print("pandas is not installed: pip install -e '.[bench]'", file=sys.stderr)

    def fmt(key: str) -> str:
        v = figures.get(key)
        return f"{v:8.2f}" if isinstance(v, float) else f"{v!s:>8}"

    imp = float(figures["import_s"])  # type: ignore[arg-type]
    print(f"\nLarge synthetic Annex A: {figures['workbook_mb']} MB, {figures['rows']:,} rows in 12 sheets"
          + (f" (generated in {figures['generate_s']} s)" if gen_s else ""))
    print(f"median of {args.runs} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if "known_answers" in figures:
        print(f"computed metrics against the workbook's known answers: {figures['known_answers']}")
    print()
    print(f"{'measure':55} {'seconds':>8} {'vs import':>10}")
    for key, label in [
        ("import_s", "selfeval import: read + compute + write (calamine)"),
        ("read_calamine_s", "read only, python-calamine"),
        ("read_openpyxl_readonly_s", "read only, openpyxl read-only mode"),
        ("pandas_read_excel_openpyxl_s", "pandas.read_excel, engine openpyxl (default)"),
        ("pandas_read_excel_calamine_s", "pandas.read_excel, engine calamine"),
    ]:
        v = figures.get(key)
        ratio = f"{v / imp:9.1f}x" if isinstance(v, float) else ""
        print(f"{label:55} {fmt(key)} {ratio:>10}")
    print(f"\npeak memory of one import in a fresh process: {figures['peak_rss_mb']:.0f} MB "
          f"(interpreter with selfeval loaded: {figures['baseline_rss_mb']:.0f} MB)")
    target = figures.get("pandas_read_excel_openpyxl_s")
    if isinstance(target, float):
        print(f"target: import at least 3x faster than pandas.read_excel -> {target / imp:.1f}x; "
              f"peak memory under 500 MB -> {figures['peak_rss_mb']:.0f} MB")
    if args.json:
        print(json.dumps(figures, indent=2))
    if not args.keep and args.workbook is None:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()
    elif args.keep:
        print(f"kept {workbook}")


if __name__ == "__main__":
    main()
