#!/usr/bin/env python3
"""Build selfeval's static web edition into a folder any static web server can serve.

    python3 web/build.py OUT/            # network at build time: the npm registry and PyPI only

The folder holds the page (index.html, app.js, worker.mjs, page.css), the Pyodide runtime from
the npm registry's ``pyodide`` package, the selfeval wheel and the pure-Python wheels it needs,
and ``manifest.json`` (versions, sizes, SHA-256 of every wheel). Nothing is fetched from anywhere
else when the page runs.

Why a repository script and not ``selfeval web build``: building needs the source tree (for the
selfeval wheel), npm and pip with network access; a council user of the installed CLI needs none
of that, and the CLI stays free of build tooling.

Downloads are cached outside the repository in ``$SELFEVAL_WEB_CACHE`` (default
``~/.cache/selfeval-web``), so a second build needs no network.

Packages with compiled parts: the ``pyodide`` npm package holds the runtime only (its own package
wheels are published elsewhere, not on a registry this project may use), and PyPI has no
WebAssembly builds of PyYAML, MarkupSafe or lxml. PyYAML and MarkupSafe both ship a pure-Python
implementation beside their C one and fall back to it when the C module is missing, so their
wheels are re-packed without the compiled module. python-docx needs lxml (no pure fallback), so
the web edition writes the draft as Markdown; python-calamine is Rust, so workbooks are read with
openpyxl; jsonschema needs rpds-py (Rust) and is only used for packs a user supplies, which the
page does not take.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "web" / "src"
PYODIDE_VERSION = "314.0.7"  # Python 3.14.2; works with Node 18+ (its package.json: engines)
# Wheels from PyPI, pinned. "pure" ones have a compiled speed-up beside a pure-Python version:
# the compiled module is left out. Versions follow Pyodide 314.0.7's own lockfile where it has one.
WHEELS = {
    "pyyaml": ("6.0.3", "pure"),
    "markupsafe": ("3.0.3", "pure"),
    "jinja2": ("3.1.6", "any"),
    "openpyxl": ("3.1.5", "any"),
    "et-xmlfile": ("2.0.0", "any"),
}
# For running the test suite under Pyodide in Node (web/node-pytest.mjs), never served: pip
# resolves their pure-Python dependencies for Python 3.14.
# hypothesis 6.156 and later need a compiled module of their own (hypothesis._native), so the last
# pure-Python release is pinned. jsonschema 4.18 and later need rpds-py (Rust, no WebAssembly build
# on PyPI); 4.17.3 uses pyrsistent, which falls back to pure Python. The tests load packs of
# their own, which are schema-validated; the page loads only the built-in packs, which are not.
# click 8.5 as pip installs for CI: click 8.3 takes the next option as the value of `--suppress`.
TEST_REQUIREMENTS = ("pytest==9.0.2", "hypothesis==6.155.7", "click==8.5.1", "jsonschema==4.17.3")
# What the Pyodide runtime needs from the npm package (the rest is a console, types, maps).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json", "package.json")
COMPILED = (".so", ".pyd", ".c", ".h", ".pyx", ".pxd")


def log(msg: str) -> None:
    print(f"web build: {msg}", file=sys.stderr, flush=True)


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "selfeval-web"
    path = Path(os.environ.get("SELFEVAL_WEB_CACHE", default))
    path.mkdir(parents=True, exist_ok=True)
    return path


def fetch_pyodide(cache: Path, version: str) -> Path:
    """The npm package, unpacked in the cache (``npm pack`` checks the registry's integrity hash)."""
    unpacked = cache / f"pyodide-{version}"
    if (unpacked / "package" / "pyodide.asm.wasm").is_file():
        return unpacked / "package"
    tgz = cache / f"pyodide-{version}.tgz"
    if not tgz.is_file():
        log(f"npm pack pyodide@{version}")
        subprocess.run(["npm", "pack", f"pyodide@{version}", "--pack-destination", str(cache),
                        "--silent"], check=True, stdout=subprocess.DEVNULL)
    tmp = Path(tempfile.mkdtemp(dir=cache))
    with tarfile.open(tgz) as tar:
        tar.extractall(tmp, filter="data")
    tmp.rename(unpacked)
    return unpacked / "package"


def fetch_wheels(cache: Path) -> dict[str, Path]:
    """Each pinned wheel from PyPI, for CPython 3.14 on a fixed platform so any host gets the same."""
    wheels = cache / "wheels"
    wheels.mkdir(exist_ok=True)
    found: dict[str, Path] = {}
    missing = []
    for name, (version, _) in WHEELS.items():
        hit = _find_wheel(wheels, name, version)
        if hit:
            found[name] = hit
        else:
            missing.append(f"{name}=={version}")
    if missing:
        log("pip download " + " ".join(missing))
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", "--python-version", "3.14", "--implementation", "cp",
                        "--abi", "cp314", "--platform", "manylinux_2_17_x86_64",
                        "--platform", "manylinux2014_x86_64", "-d", str(wheels), *missing], check=True)
        for name, (version, _) in WHEELS.items():
            hit = _find_wheel(wheels, name, version)
            if not hit:
                raise SystemExit(f"web build: pip downloaded no wheel for {name}=={version}")
            found[name] = hit
    return found


def _find_wheel(folder: Path, name: str, version: str) -> Path | None:
    norm = name.replace("-", "_").lower()
    for p in sorted(folder.glob("*.whl")):
        dist, ver = p.name.split("-")[:2]
        if dist.lower() == norm and ver == version:
            return p
    return None


def purify(wheel: Path, out: Path) -> Path:
    """Re-pack a wheel without its compiled modules, tagged py3-none-any with a fresh RECORD."""
    dist, ver = wheel.name.split("-")[:2]
    target = out / f"{dist.lower()}-{ver}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(wheel) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        info_dir = next(n.split("/")[0] for n in zin.namelist() if n.split("/")[0].endswith(".dist-info"))
        for item in sorted(zin.infolist(), key=lambda i: i.filename):
            name = item.filename
            if name.endswith(COMPILED) or name == f"{info_dir}/RECORD":
                continue
            data = zin.read(name)
            if name == f"{info_dir}/WHEEL":
                lines = [ln for ln in data.decode().splitlines() if not ln.startswith(("Tag:", "Root-Is-Purelib:"))]
                data = ("\n".join(lines + ["Root-Is-Purelib: true", "Tag: py3-none-any"]) + "\n").encode()
            _write(zout, name, data)
            records.append(_record(name, data))
        records.append(f"{info_dir}/RECORD,,")
        _write(zout, f"{info_dir}/RECORD", ("\n".join(records) + "\n").encode())
    return target


def _write(z: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # reproducible
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def _record(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_selfeval_wheel(out: Path) -> Path:
    """selfeval's own wheel, built from a clean copy of the source (no stale build/ folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
        src.mkdir()
        for item in ("pyproject.toml", "README.md"):
            shutil.copy2(REPO / item, src / item)
        for item in ("selfeval", "rules", "templates"):
            shutil.copytree(REPO / item, src / item, ignore=ignore)
        log("pip wheel selfeval")
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                        str(out), str(src)], check=True)
    return next(out.glob("selfeval-*.whl"))


def page_css() -> str:
    """The page's stylesheet: the HTML report's own (templates/report.css, with selfeval's palette),
    then web/src/page.css, so the page and the report look alike. Rendered by a child Python that
    imports selfeval from the source tree, so this script needs nothing installed."""
    code = ("from selfeval.render import templates; "
            "print(templates.environment(html=True).get_template('report.css').render(), end='')")
    css = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, capture_output=True,
                         text=True).stdout
    return css + "\n" + (SRC / "page.css").read_text(encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(out: Path, version: str = PYODIDE_VERSION) -> dict[str, object]:
    start = time.monotonic()
    cache = cache_dir()
    pyodide = fetch_pyodide(cache, version)
    downloaded = fetch_wheels(cache)
    if out.exists():
        if not (out / "manifest.json").is_file() and any(out.iterdir()):
            raise SystemExit(f"web build: {out} exists and is not a web build; choose an empty folder")
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".web-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server running as another user must read it
    (staging / "pyodide").mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, staging / "pyodide" / name)
    wheels_dir = staging / "wheels"
    wheels_dir.mkdir()
    wheels = [build_selfeval_wheel(wheels_dir)]
    for name, path in downloaded.items():
        if WHEELS[name][1] == "pure":
            wheels.append(purify(path, wheels_dir))
        else:
            wheels.append(Path(shutil.copy2(path, wheels_dir / path.name)))
    for item in SRC.iterdir():
        if item.name != "page.css" and item.is_file():
            shutil.copy2(item, staging / item.name)
    (staging / "example").mkdir()
    shutil.copy2(REPO / "examples" / "metrics.yaml", staging / "example" / "metrics.yaml")
    (staging / "page.css").write_text(page_css(), encoding="utf-8")
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    manifest: dict[str, object] = {
        "pyodide": version,
        "python": lock["info"]["python"],
        "wheels": [{"file": w.name, "size": w.stat().st_size, "sha256": sha256(w)} for w in wheels],
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    staging.rename(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    log(f"{out}: {size / 1e6:.1f} MB in {time.monotonic() - start:.1f}s "
        f"(Pyodide {version}, Python {manifest['python']}, {len(wheels)} wheels)")
    manifest["bytes"] = size
    return manifest


def test_wheels(out: Path) -> list[Path]:
    """pytest, hypothesis and click with their dependencies, as pure wheels, for web/node-pytest.mjs."""
    key = hashlib.sha256(" ".join(TEST_REQUIREMENTS).encode()).hexdigest()[:12]
    cache = cache_dir() / f"test-wheels-{key}"  # a new pin, a new folder: no stale versions
    cache.mkdir(exist_ok=True)
    log("pip download " + " ".join(TEST_REQUIREMENTS))
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
                    "--python-version", "3.14", "--implementation", "cp", "--abi", "cp314",
                    "--platform", "manylinux_2_17_x86_64", "--platform", "manylinux2014_x86_64",
                    "-d", str(cache), *TEST_REQUIREMENTS], check=True)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for wheel in sorted(cache.glob("*.whl")):
        pure = wheel.name.endswith("-none-any.whl")
        made.append(Path(shutil.copy2(wheel, out / wheel.name)) if pure else purify(wheel, out))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?",
                        help="folder to build into (replaced if it holds an earlier build)")
    parser.add_argument("--pyodide", default=PYODIDE_VERSION, help="pyodide npm package version")
    parser.add_argument("--test-wheels", type=Path, metavar="DIR",
                        help="also put pytest, hypothesis and click (pure wheels) in DIR, for "
                             "web/node-pytest.mjs; never part of the served folder")
    args = parser.parse_args(argv)
    if args.out is None and args.test_wheels is None:
        parser.error("give the folder to build into (or --test-wheels DIR)")
    if args.out is not None:
        build(args.out.resolve(), args.pyodide)
    if args.test_wheels is not None:
        log(f"{len(test_wheels(args.test_wheels.resolve()))} test wheels in {args.test_wheels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
