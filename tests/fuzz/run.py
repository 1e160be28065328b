"""Run the fuzz targets for longer than CI does, and count what happened.

    python tests/fuzz/run.py --examples 100000 --seed 17            # all kinds, split by weight
    python tests/fuzz/run.py --kind packs --examples 5000 --seed 3   # one kind
    nice -n 19 taskset -c 1 python tests/fuzz/run.py --examples 100000 --seed 17 --out fuzz-out

Every input goes through the oracle in ``fuzzlib.run_cli`` (exit 0, 1 or 2; one line on exit 2;
no traceback; under 10 s). The run does not stop at a failure: each failing input is saved in
``--out`` (default ``fuzz-failures/``) with the message, and the summary at the end counts
inputs, exit codes, failures and the slowest input. Exit status 1 if anything failed. Pin every
failure found as an ``@example`` in ``tests/fuzz/test_fuzz.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from fuzz.fuzzlib import TARGETS, FuzzFailure, scratch, speed_up  # noqa: E402


def run(kind: str, examples: int, seed_value: int, out: Path, log: Any) -> dict[str, Any]:
    speed_up()
    target = TARGETS[kind]
    folder = scratch()
    stats: dict[str, Any] = {"inputs": 0, "exit": {}, "failures": 0, "slowest": 0.0}

    @seed(seed_value)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(target.strategy)
    def one(inp: Any) -> None:
        stats["inputs"] += 1
        try:
            outcome = target.run(inp, folder)
        except FuzzFailure as exc:
            stats["failures"] += 1
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{kind}-{stats['failures']:04d}.txt").write_text(
                f"{exc}\n--- input\n{inp!r}\n", encoding="utf-8")
            print(f"FAIL {kind} #{stats['inputs']}: {str(exc).splitlines()[0][:200]}", file=log, flush=True)
            return
        stats["exit"][outcome.exit_code] = stats["exit"].get(outcome.exit_code, 0) + 1
        stats["slowest"] = max(stats["slowest"], outcome.seconds)
        if stats["inputs"] % 1000 == 0:
            print(f"{kind}: {stats['inputs']} inputs, {stats['failures']} failures", file=log, flush=True)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one()
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kind", default="all", help=f"all, or some of {', '.join(TARGETS)} (comma-separated)")
    ap.add_argument("--examples", type=int, default=1000, help="inputs in all (split by weight with --kind all)")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = ap.parse_args()
    kinds = list(TARGETS) if args.kind == "all" else args.kind.split(",")
    unknown = [k for k in kinds if k not in TARGETS]
    if unknown:
        ap.error(f"unknown kind {unknown[0]!r}")
    total_weight = sum(TARGETS[k].weight for k in kinds)
    summary: dict[str, Any] = {}
    start = time.time()
    for k in kinds:
        n = args.examples * TARGETS[k].weight // total_weight
        summary[k] = run(k, n, args.seed, args.out, sys.stderr)
        print(f"{k}: {json.dumps(summary[k])}", flush=True)
    inputs = sum(s["inputs"] for s in summary.values())
    failures = sum(s["failures"] for s in summary.values())
    print(f"total: {inputs} inputs, {failures} failures, "
          f"slowest {max(s['slowest'] for s in summary.values()):.2f} s, {time.time() - start:.0f} s in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
