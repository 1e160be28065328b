// Python 3.14 check under Node: import selfeval in Pyodide (CPython 3.14 compiled to WebAssembly)
// and check the worked example with every built-in rule pack.
//
//   python3 web/build.py BUILD/                     # the web edition: Pyodide + selfeval's wheels
//   node ci/py314-pyodide.mjs BUILD/ examples/metrics.yaml
//
// Pyodide is the only Python 3.14 this project's registries offer (npm's `pyodide` package);
// the wheels come from the web build (pure-Python ones only: no click, python-docx, calamine or
// jsonschema there), so this checks the library — import, load the packs, validate and evaluate
// the example, render text, Markdown and JSON — not the command line.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [build, example] = process.argv.slice(2).map((p) => resolve(p));
if (!build || !example) {
  console.error("usage: node ci/py314-pyodide.mjs BUILD_DIR METRICS_YAML");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(join(build, "pyodide", "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: join(build, "pyodide") + "/" });
const site = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
for (const wheel of readdirSync(join(build, "wheels")).filter((f) => f.endsWith(".whl"))) {
  py.unpackArchive(new Uint8Array(readFileSync(join(build, "wheels", wheel))), "wheel", { extractDir: site });
}
py.FS.writeFile("/tmp/metrics.yaml", new Uint8Array(readFileSync(example)));
const out = py.runPython(`
import sys, json
from selfeval import api
from selfeval.render import templates as render

report = api.check("/tmp/metrics.yaml", api.Options(use_settings=False))
counts = report.data["summary"]["counts"]
for fmt in ("text", "markdown", "json"):
    assert render.render(report.data, fmt).strip(), fmt
json.dumps({"python": sys.version.split()[0], "rules": sum(counts.get(k, 0) for k in ("met", "concern", "serious", "not_evidenced", "not_applicable")), "counts": counts})
`);
const result = JSON.parse(out);
console.log(`py314: Python ${result.python} (Pyodide): checked the example with ${result.rules} rules: ${JSON.stringify(result.counts)}`);
if (!result.python.startsWith("3.14") || result.rules < 100) {
  console.error("py314: FAILED: expected Python 3.14 and the built-in packs");
  process.exit(1);
}
