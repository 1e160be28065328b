"""Core benchmark: CLI import time, wall time of `selfeval check` on the example, and in-process
evaluations per second. A script that reports figures, not a test that asserts them.

    python benchmarks/bench_core.py [--runs 15]

Targets (issue 2): check of the example under 300 ms wall; at least 1,000 evaluations per second
of the starter pack in process.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "metrics.yaml"


def import_time() -> float:
    """Cumulative microseconds to import selfeval.cli, from python -X importtime (median of 5)."""
    samples = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import selfeval.cli"],
                             capture_output=True, text=True, check=True).stderr
        line = next(ln for ln in out.splitlines() if ln.rstrip().endswith("| selfeval.cli"))
        samples.append(int(re.split(r"\|", line)[1]))
    return statistics.median(samples) / 1000


def cli_wall(runs: int, extra: list[str]) -> list[float]:
    exe = shutil.which("selfeval") or str(Path(sys.executable).parent / "selfeval")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, "check", str(EXAMPLE), "--fail-on", "never", *extra],
                       stdout=subprocess.DEVNULL, check=True, env={**os.environ, "NO_COLOR": "1"})
        times.append((time.perf_counter() - t) * 1000)
    return times


def in_process(seconds: float, ruleset_args: dict) -> tuple[float, float, float, int]:  # type: ignore[type-arg]
    from selfeval.core import catalogue, packs, submission
    from selfeval.core.check import Options, evaluate_all
    from selfeval.reports.check import check_submission

    cat = catalogue.load()
    rs = packs.load(**ruleset_args)
    sub = submission.load(EXAMPLE, cat)
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        evaluate_all(sub, rs, cat)
        n += 1
    evals = n / (time.perf_counter() - t0)
    m, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        check_submission(sub, rs, Options(), cat)
        m += 1
    reports = m / (time.perf_counter() - t0)
    return evals, evals * len(rs.rules), reports, len(rs.rules)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    starter = str(ROOT / "examples" / "packs" / "starter.yaml")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"import selfeval.cli: {import_time():.1f} ms (cumulative, python -X importtime, median of 5)")
    for label, extra, rs_args in [
        ("built-in packs", [], {}),
        ("starter pack only", ["--no-builtin", "--rules", starter], {"extra": [starter], "builtin": False}),
    ]:
        walls = cli_wall(args.runs, extra)
        print(f"selfeval check examples/metrics.yaml [{label}]: median {statistics.median(walls):.0f} ms, "
              f"min {min(walls):.0f} ms, max {max(walls):.0f} ms over {args.runs} runs (target < 300 ms)")
        evals, rule_evals, reports, n_rules = in_process(2.0, rs_args)
        print(f"  in process [{label}, {n_rules} rules]: {evals:,.0f} pack evaluations/s "
              f"({rule_evals:,.0f} rule evaluations/s); {reports:,.0f} full report models/s (target >= 1,000 evaluations/s)")


if __name__ == "__main__":
    main()
