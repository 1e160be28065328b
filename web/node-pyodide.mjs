// Start the web edition's Python in Node: the same Pyodide runtime and wheels as the page, from a
// folder built by web/build.py. Used by node-smoke.mjs and node-pytest.mjs.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export async function start(buildDir, extraWheelDirs = []) {
  const dir = path.resolve(buildDir);
  const manifestPath = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`${dir} is not a built web edition (no manifest.json): run python3 web/build.py ${buildDir}`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide", "pyodide.mjs")).href);
  const t0 = performance.now();
  const pyodide = await loadPyodide({ indexURL: path.join(dir, "pyodide") + path.sep });
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  const wheels = manifest.wheels.map((w) => path.join(dir, "wheels", w.file));
  for (const extra of extraWheelDirs) {
    for (const f of fs.readdirSync(extra).sort()) if (f.endsWith(".whl")) wheels.push(path.join(extra, f));
  }
  for (const file of wheels) {
    pyodide.unpackArchive(new Uint8Array(fs.readFileSync(file)), "wheel", { extractDir: sitePackages });
  }
  pyodide.FS.mkdirTree("/home/pyodide/web");
  pyodide.FS.writeFile("/home/pyodide/web/bridge.py", fs.readFileSync(path.join(dir, "bridge.py")));
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/web')");
  return { pyodide, manifest, ms: Math.round(performance.now() - t0) };
}

// Make a folder of the real file system visible to Python at the same path.
export function mount(pyodide, hostDir, at = hostDir) {
  pyodide.FS.mkdirTree(at);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: hostDir }, at);
}
