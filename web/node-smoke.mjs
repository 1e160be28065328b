#!/usr/bin/env node
// Smoke test of selfeval under Pyodide (Python 3.14) in Node, from a built web edition:
// import selfeval, check the bundled example, import a synthetic Annex A workbook and draft.
//
//   node web/node-smoke.mjs BUILD_DIR        (BUILD_DIR from: python3 web/build.py BUILD_DIR)
//
// Prints one line per step and exits 0, or prints the failing step and exits 1.
import fs from "node:fs";
import path from "node:path";
import { start } from "./node-pyodide.mjs";

const buildDir = process.argv[2] || process.env.SELFEVAL_WEB_BUILD;
if (!buildDir) {
  console.error("usage: node web/node-smoke.mjs BUILD_DIR (a folder built by python3 web/build.py)");
  process.exit(2);
}
const fail = (step, error) => {
  console.error(`node-smoke: FAILED ${step}: ${error}`);
  process.exit(1);
};

let py;
try {
  const started = await start(buildDir);
  py = started.pyodide;
  console.log(`node-smoke: Pyodide ${started.manifest.pyodide}, Python ${started.manifest.python}, started in ${started.ms} ms`);
} catch (err) {
  fail("start", err.message);
}

const bridge = py.pyimport("bridge");
const js = (r) => r.toJs({ dict_converter: Object.fromEntries });
const about = js(bridge.about());
if (!about.ok) fail("import", JSON.stringify(about));
console.log(`node-smoke: selfeval ${about.selfeval} imported, ${about.rules} rules`);

const example = new Uint8Array(fs.readFileSync(path.join(buildDir, "example", "metrics.yaml")));
let t = performance.now();
const checked = js(bridge.check("metrics.yaml", example));
if (!checked.ok) fail("check", checked.error);
const c = checked.counts;
console.log(`node-smoke: check example: ${c.serious} serious, ${c.concern} concern, ${c.not_evidenced} not evidenced, ${c.met} met (${Math.round(performance.now() - t)} ms)`);

const bad = js(bridge.check("metrics.yaml", new TextEncoder().encode("authority: x\n")));
if (bad.ok || !bad.error.startsWith("selfeval: metrics.yaml:")) fail("one-line error", JSON.stringify(bad));
console.log(`node-smoke: bad file gives the CLI's one line: ${bad.error}`);

const drafted = js(bridge.draft("metrics.yaml", example));
if (!drafted.ok) fail("draft", drafted.error);
console.log(`node-smoke: draft ${drafted.markdown.length} characters of Markdown`);

t = performance.now();
py.runPython(`
from selfeval.sources.annexa.synthetic_sheets import write_synthetic
write_synthetic('/tmp/annex-a.xlsx', 'small', 2026)
`);
const annex = new Uint8Array(py.FS.readFile("/tmp/annex-a.xlsx"));
const made = js(bridge.from_annex_a("annex-a.xlsx", annex, py.toPy({ as_at: "2026-09-30", authority: "Synthetic Borough" })));
if (!made.ok) fail("from-annex-a", made.error);
console.log(`node-smoke: Annex A import: ${made.computed} metrics computed (${Math.round(performance.now() - t)} ms)`);
console.log("node-smoke: ok");
