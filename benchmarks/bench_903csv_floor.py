"""The floor of the 903 CSV import against pandas merely reading the same files (a script, not a test).

    python benchmarks/bench_903csv_floor.py [--runs 15] [--keep DIR]

On the big-city synthetic 903 (five years of CSV tables, 25 files) it times, interleaved, the
median of --runs each:
  - pandas reading every file (read_csv, dtype=str: the same as bench_returns.py);
  - the least any pure-Python reading can do: each file's bytes decoded; then split into lines;
    then every line split into its fields;
  - selfeval's parts: reading (decode, recognise each table by its headers, find each return's
    year), typing the rows (dates and codes checked, each problem placed for the data-quality
    list), and counting alone (the measures, on rows already typed);
  - the whole import (read + type + count, no metrics file).
Counting alone and typing alone each set a floor no faster reading can remove.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--keep", type=Path, help="write the synthetic returns here and keep them")
    args = ap.parse_args()
    import pandas as pd

    from selfeval.sources import fields
    from selfeval.sources.ssda903 import model, run
    from selfeval.sources.ssda903.options import Options903
    from selfeval.sources.ssda903.read import read_903
    from selfeval.sources.ssda903.synthetic_write import write_synthetic

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-903-floor-"))
    years, _ = write_synthetic(folder / "903csv", "large", 2026, "csv")
    paths = list(reversed(years))
    files = [f for p in paths for f in sorted(Path(p).glob("*.csv"))]
    opts = Options903(child_population=260_000)

    def cold() -> None:
        fields._DATES.clear()
        fields._CODES.clear()

    def pandas_read() -> None:
        for f in files:
            pd.read_csv(f, dtype=str)

    def decode() -> None:
        for f in files:
            f.read_bytes().decode("utf-8-sig")

    def lines() -> None:
        for f in files:
            f.read_bytes().decode("utf-8-sig").splitlines()

    def fields_split() -> None:
        for f in files:
            [line.split(",") for line in f.read_bytes().decode("utf-8-sig").splitlines()]

    def read_only() -> None:
        for p in paths:
            model.infer_year(read_903(p))

    def typed() -> list[model.Year903]:
        cold()
        return run.load_years(paths)

    def whole() -> None:
        cold()
        run.compute(run.load_years(paths), opts)

    ready = typed()
    parts: dict[str, Callable[[], object]] = {
        "pandas read_csv, 25 files": pandas_read,
        "decode the bytes": decode,
        "decode + split into lines": lines,
        "decode + lines + every field": fields_split,
        "selfeval: read (recognise tables, find years)": read_only,
        "selfeval: read + type the rows": typed,
        "selfeval: counting alone (rows already typed)": lambda: run.compute(ready, opts),
        "selfeval: the import (read + type + count)": whole,
    }
    for fn in parts.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in parts}
    for _ in range(args.runs):  # interleaved: a busy machine slows them all alike
        for name, fn in parts.items():
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
    theirs = statistics.median(times["pandas read_csv, 25 files"])
    size = sum(f.stat().st_size for f in files)
    n_lines = sum(f.read_bytes().count(b"\n") for f in files)
    print(f"903 CSV, 5 years, {len(files)} files, {size / 1e6:.1f} MB, {n_lines} lines; median (min) of {args.runs}")
    print(f"{'':48} {'median':>8} {'min':>8}  pandas / this")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:48} {med * 1000:6.1f}ms {min(ts) * 1000:6.1f}ms  {theirs / med:5.2f}x")
    print(f"3x pandas would be {theirs / 3 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
