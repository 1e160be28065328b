// The web edition's worker: Python (Pyodide) runs here so the page stays responsive.
// Everything it loads comes from this folder (the page's own origin); it never asks anywhere else.
//
// Messages in:  {id, op, args}      op: check | draft | from_annex_a | template | rules
// Messages out: {type: "progress", text, done, total}
//               {type: "ready", about, ms}
//               {id, type: "result", result, ms}   result: {ok, ..., error?}
//               {type: "fatal", error}              the runtime itself could not start
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
let bridge = null;
let pyodide = null;

function progress(text, done, total) {
  self.postMessage({ type: "progress", text, done, total });
}

async function fetchBytes(path) {
  const response = await fetch(new URL(path, here), { credentials: "same-origin" });
  if (!response.ok) throw new Error(`could not load ${path} from this site (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

async function sha256(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function boot() {
  const start = performance.now();
  const manifest = await (await fetch(new URL("manifest.json", here))).json();
  const total = manifest.wheels.length + 3;
  progress(`Starting Python ${manifest.python} (Pyodide ${manifest.pyodide})`, 0, total);
  pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", here).href,
    fullStdLib: false,
    stdout: () => {},
    stderr: () => {},
  });
  // Installed where Python looks whatever the current folder (the bridge changes it per call).
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  let done = 1;
  for (const wheel of manifest.wheels) {
    progress(`Installing ${wheel.file.split("-")[0]}`, done, total);
    const bytes = await fetchBytes(`wheels/${wheel.file}`);
    if ((await sha256(bytes)) !== wheel.sha256) {
      throw new Error(`wheels/${wheel.file} does not match manifest.json (damaged or changed on the server)`);
    }
    pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
    done += 1;
  }
  progress("Loading selfeval", done, total);
  pyodide.FS.mkdirTree("/home/pyodide/web");
  pyodide.FS.writeFile("/home/pyodide/web/bridge.py", await fetchBytes("bridge.py"));
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/web')");
  bridge = pyodide.pyimport("bridge");
  progress("Loading the rule packs", done + 1, total);
  const about = toJs(bridge.about());
  self.postMessage({ type: "ready", about, ms: Math.round(performance.now() - start) });
}

// Python data to plain JavaScript: dicts become objects, bytes a Uint8Array.
function toJs(value) {
  if (value && typeof value.toJs === "function") {
    const out = value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    value.destroy();
    return out;
  }
  return value;
}

const ops = {
  check: ({ name, bytes }) => bridge.check(name, bytes),
  draft: ({ name, bytes }) => bridge.draft(name, bytes),
  from_annex_a: ({ name, bytes, options }) => {
    const opts = pyodide.toPy(options);
    let step = 0;
    try {
      return bridge.from_annex_a(name, bytes, opts, (what) => {
        step += 1;
        progress(what, step, 11);
      });
    } finally {
      opts.destroy();
    }
  },
  template: ({ format }) => bridge.template(format),
  rules: () => bridge.rules(),
};

const booting = boot().catch((err) => {
  self.postMessage({ type: "fatal", error: `selfeval: the web edition could not start: ${err.message || err}` });
});

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  await booting;
  const start = performance.now();
  let result;
  try {
    if (!bridge) throw new Error("Python did not start");
    if (!(op in ops)) throw new Error(`unknown operation ${op}`);
    result = toJs(ops[op](args || {}));
  } catch (err) {
    // A failure of the runtime, not of the user's file: one line, never a traceback.
    const text = String(err && err.message ? err.message : err).trim().split("\n").pop();
    result = { ok: false, status: 3, error: `selfeval: internal error (a bug in selfeval, please report it): ${text}` };
  }
  const transfer = result && result.bytes instanceof Uint8Array ? [result.bytes.buffer] : [];
  self.postMessage({ id, type: "result", result, ms: Math.round(performance.now() - start) }, transfer);
};
