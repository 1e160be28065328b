"""The web edition against the CLI: page to "ready", one check of the bundled example, one Annex A
import of the small synthetic workbook — each in headless Chromium (Debian's) and with the CLI.

    python web/build.py /tmp/site && python benchmarks/bench_web.py /tmp/site [--runs 3]

Prints the median of the runs (and every run). The browser times are the page's own: from the
worker starting to "ready", and from posting the file to the worker to the report coming back.
The CLI times are whole commands (Python start-up included), then the same work in-process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "web"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from serve import serve_in_background, stop  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AS_AT, AUTHORITY = "2026-09-30", "Synthetic Borough"


def browser_runs(site: Path, runs: int, annex: Path) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    srv, url = serve_in_background(site)
    out: dict[str, list[float]] = {"ready": [], "check": [], "annex": []}
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
            for _ in range(runs):
                ctx = b.new_context()
                page = ctx.new_page()
                t = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("body[data-ready]", timeout=300_000)
                wall = time.perf_counter() - t
                out["ready"].append(wall)
                page.set_input_files("#check-file", str(ROOT / "examples" / "metrics.yaml"))
                page.wait_for_selector("body[data-check-ms]", timeout=300_000)
                out["check"].append(int(page.get_attribute("body", "data-check-ms") or 0) / 1000)
                page.set_input_files("#annex-file", str(annex))
                page.fill("#as-at", AS_AT)
                page.fill("#authority", AUTHORITY)
                t = time.perf_counter()
                page.click("#annex-button")
                page.wait_for_selector("#annex-result:not([hidden])", timeout=300_000)
                out["annex"].append(time.perf_counter() - t)
                ctx.close()
            b.close()
    finally:
        stop(srv)
    return out


def cli_runs(runs: int, annex: Path, work: Path) -> dict[str, list[float]]:
    exe = shutil.which("selfeval") or "selfeval"
    out: dict[str, list[float]] = {"check command": [], "check in-process": [], "annex command": []}
    from selfeval import api

    example = (ROOT / "examples" / "metrics.yaml").read_bytes()
    for i in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, "check", str(ROOT / "examples" / "metrics.yaml"), "--fail-on", "never",
                        "-o", str(work / f"r{i}.html")], check=True)
        out["check command"].append(time.perf_counter() - t)
        t = time.perf_counter()
        api.render(api.check(example, name="metrics.yaml").data, "html")
        out["check in-process"].append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([exe, "metrics", "from-annex-a", str(annex), "--as-at", AS_AT, "--authority",
                        AUTHORITY, "-o", str(work / f"m{i}.yaml")], check=True, stderr=subprocess.DEVNULL)
        out["annex command"].append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path, help="a folder built by web/build.py")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        annex = work / "annex-a.xlsx"
        subprocess.run([shutil.which("selfeval") or "selfeval", "demo", "annex-a", str(annex)],
                       check=True, stderr=subprocess.DEVNULL)
        results = {**browser_runs(args.site, args.runs, annex), **cli_runs(args.runs, annex, work)}
    size = sum(p.stat().st_size for p in args.site.rglob("*") if p.is_file())
    print(f"web edition folder: {size / 1e6:.1f} MB")
    for name, values in results.items():
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name:>18}: median {statistics.median(values):.2f} s  ({runs})")


if __name__ == "__main__":
    main()
