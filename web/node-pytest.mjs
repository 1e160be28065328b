#!/usr/bin/env node
// Run selfeval's Python test suite under Pyodide (Python 3.14) in Node, against the wheel in a
// built web edition — the same Python, packages and pure-Python fallbacks as the page.
//
//   python3 web/build.py BUILD_DIR --test-wheels TEST_WHEELS_DIR
//   node web/node-pytest.mjs BUILD_DIR TEST_WHEELS_DIR [pytest arguments…]
//
// The repository is mounted read-only at its own path; tests write only to their tmp_path (in
// memory). What cannot run here is deselected by web/pyodide-skips.txt, each with its reason.
// Exit status: pytest's.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mount, start } from "./node-pyodide.mjs";

const [buildDir, testWheels, ...args] = process.argv.slice(2);
if (!buildDir || !testWheels) {
  console.error("usage: node web/node-pytest.mjs BUILD_DIR TEST_WHEELS_DIR [pytest arguments]");
  process.exit(2);
}
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const skips = fs.readFileSync(path.join(repo, "web", "pyodide-skips.txt"), "utf8")
  .split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);

const { pyodide, manifest, ms } = await start(buildDir, [testWheels]);
console.log(`node-pytest: Pyodide ${manifest.pyodide}, Python ${manifest.python}, started in ${ms} ms`);
mount(pyodide, repo);
pyodide.globals.set("repo", repo);
pyodide.globals.set("pytest_args", pyodide.toPy([...skips.flatMap((s) => ["--deselect", s]), ...args]));
const status = pyodide.runPython(`
import os, sys
os.chdir(repo)
# the installed wheel, not the source tree (its rules/ and templates/ live outside the package)
sys.path[:] = [p for p in sys.path if p not in ("", ".", repo)]
import pytest
int(pytest.main(["-p", "no:cacheprovider", *pytest_args]))
`);
process.exit(status);
