// The web edition's page: controls, progress, downloads. Python runs in worker.mjs.
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
const pending = new Map();
let nextId = 1;
let ready = false;
let lastChecked = null; // {name, bytes} of the metrics file last checked, for the draft
const blobUrls = new Map();

// ------------------------------------------------------------------- status and progress
let statusTimer = null;

function showStatus(text, done, total) {
  $("status").hidden = false;
  $("status-text").textContent = text;
  const bar = $("status-bar");
  if (total) {
    bar.max = total;
    bar.value = done;
  } else {
    bar.removeAttribute("value"); // indeterminate
  }
}

function hideStatus() {
  $("status").hidden = true;
}

// A task that may take more than a second shows its progress, with the time it has taken.
let task = null; // {label, start, detail}

function renderTask() {
  const seconds = ((performance.now() - task.start) / 1000).toFixed(0);
  $("status-text").textContent = `${task.label}…${task.detail ? ` ${task.detail}` : ""} (${seconds} s)`;
}

async function busy(label, work) {
  task = { label, start: performance.now(), detail: "" };
  showStatus(`${label}…`);
  statusTimer = setInterval(renderTask, 1000);
  try {
    return await work();
  } finally {
    clearInterval(statusTimer);
    statusTimer = null;
    task = null;
    hideStatus();
  }
}

worker.onmessage = (event) => {
  const msg = event.data;
  if (msg.type === "progress") {
    if (task) {
      task.detail = msg.text;
      showStatus("", msg.done, msg.total);
      renderTask();
    } else {
      showStatus(msg.text, msg.done, msg.total);
    }
  } else if (msg.type === "ready") {
    onReady(msg);
  } else if (msg.type === "fatal") {
    showStatus(msg.error);
    $("status").classList.add("failed");
    $("status-bar").hidden = true;
    $("status").setAttribute("role", "alert");
  } else if (msg.type === "result") {
    const resolve = pending.get(msg.id);
    pending.delete(msg.id);
    if (resolve) resolve({ ...msg.result, ms: msg.ms });
  }
};

function call(op, args = {}, transfer = []) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage({ id, op, args }, transfer);
  });
}

function onReady(msg) {
  ready = true;
  document.body.dataset.ready = String(msg.ms);
  showStatus(`Ready in ${(msg.ms / 1000).toFixed(1)} s: selfeval ${msg.about.selfeval}, Python ${msg.about.python}, ${msg.about.rules} rules.`, 1, 1);
  setTimeout(() => { if (statusTimer === null) hideStatus(); }, 4000);
  $("versions").textContent = `selfeval ${msg.about.selfeval} · Python ${msg.about.python} in Pyodide · ${msg.about.rules} rules · ready in ${(msg.ms / 1000).toFixed(1)} s`;
  for (const el of document.querySelectorAll("input, button")) el.disabled = false;
  loadRules();
}

// ------------------------------------------------------------------------ downloads
function download(anchor, data, filename, type) {
  const old = blobUrls.get(anchor.id);
  if (old) URL.revokeObjectURL(old);
  const url = URL.createObjectURL(new Blob([data], { type }));
  blobUrls.set(anchor.id, url);
  anchor.href = url;
  anchor.download = filename;
}

function saveNow(data, filename, type) {
  const a = document.createElement("a");
  a.hidden = true;
  document.body.append(a);
  download(a, data, filename, type);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function showError(box, text) {
  box.textContent = text;
  box.hidden = !text;
}

// ---------------------------------------------------------------------------- check
async function readFile(file) {
  return new Uint8Array(await file.arrayBuffer());
}

const WORDS = { serious: "serious", concern: "concern", not_evidenced: "not evidenced", met: "met" };

async function runCheck(name, bytes) {
  showError($("check-error"), "");
  $("check-result").hidden = true;
  const result = await busy(`Checking ${name}`, () => call("check", { name, bytes: bytes.slice() }));
  if (!result.ok) {
    showError($("check-error"), result.error);
    $("check-error").focus?.();
    return;
  }
  lastChecked = { name, bytes };
  const c = result.counts;
  $("check-result-h").textContent = `Report for ${result.authority || name}`;
  $("check-counts").textContent = Object.entries(WORDS).map(([k, w]) => `${c[k] ?? 0} ${w}`).join(" · ")
    + ` — ${c.total} rules, checked in ${(result.ms / 1000).toFixed(1)} s`;
  document.body.dataset.checkMs = String(result.ms);
  download($("report-download"), result.html, result.filename, "text/html");
  $("report-frame").srcdoc = result.html;
  $("check-result").hidden = false;
  $("check-result-h").focus();
}

$("check-file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (file) await runCheck(file.name, await readFile(file));
});

$("example").addEventListener("click", async () => {
  const response = await fetch("example/metrics.yaml");
  await runCheck("metrics.yaml", new Uint8Array(await response.arrayBuffer()));
});

$("draft-button").addEventListener("click", async () => {
  if (!lastChecked) return;
  showError($("draft-error"), "");
  const result = await busy("Writing the draft", () => call("draft", { name: lastChecked.name, bytes: lastChecked.bytes.slice() }));
  if (!result.ok) return showError($("draft-error"), result.error);
  saveNow(result.markdown, result.filename, "text/markdown");
});

// ---------------------------------------------------------------------------- Annex A
let annexYaml = null;

$("annex-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError($("annex-error"), "");
  $("annex-result").hidden = true;
  const file = $("annex-file").files[0];
  if (!file) return showError($("annex-error"), "selfeval: choose the Annex A workbook first");
  const options = {};
  for (const el of $("annex-form").querySelectorAll("input[name]")) options[el.name] = el.value.trim();
  const bytes = await readFile(file);
  const result = await busy(`Reading ${file.name}`, () => call("from_annex_a", { name: file.name, bytes, options }, [bytes.buffer]));
  if (!result.ok) return showError($("annex-error"), result.error);
  annexYaml = new TextEncoder().encode(result.yaml);
  $("annex-result-h").textContent = `${result.computed} metrics computed from Annex A; ${result.left} left to fill in`;
  download($("metrics-download"), result.yaml, result.filename, "application/yaml");
  $("annex-result").hidden = false;
  $("annex-result-h").focus();
});

$("annex-check").addEventListener("click", async () => {
  if (annexYaml) await runCheck("metrics.yaml", annexYaml);
});

// ----------------------------------------------------------------------------- template
for (const format of ["yaml", "xlsx"]) {
  $(`template-${format}`).addEventListener("click", async () => {
    showError($("template-error"), "");
    const result = await busy("Making the template", () => call("template", { format }));
    if (!result.ok) return showError($("template-error"), result.error);
    if (format === "xlsx") {
      saveNow(result.bytes, result.filename, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    } else {
      saveNow(result.yaml, result.filename, "application/yaml");
    }
  });
}

// -------------------------------------------------------------------------------- rules
async function loadRules() {
  const result = await call("rules");
  if (!result.ok) return showError($("rules-count"), result.error);
  const list = $("rules-list");
  list.replaceChildren();
  for (const [area, title] of Object.entries(result.areas)) {
    const rules = result.rules.filter((r) => r.area === area);
    if (!rules.length) continue;
    const h = document.createElement("h3");
    h.textContent = `${title} (${rules.length})`;
    h.className = "rules-area";
    list.append(h);
    for (const rule of rules) {
      const d = document.createElement("details");
      d.className = "rule";
      d.dataset.search = `${rule.id} ${rule.title}`.toLowerCase();
      const s = document.createElement("summary");
      const code = document.createElement("code");
      code.textContent = rule.id;
      s.append(code, ` — ${rule.title}`);
      const pre = document.createElement("pre");
      pre.textContent = rule.text;
      d.append(s, pre);
      list.append(d);
    }
  }
  filterRules();
}

function filterRules() {
  const q = $("rules-filter").value.trim().toLowerCase();
  let shown = 0;
  const all = document.querySelectorAll("#rules-list details.rule");
  for (const d of all) {
    const hit = !q || d.dataset.search.includes(q);
    d.hidden = !hit;
    if (hit) shown += 1;
  }
  for (const h of document.querySelectorAll("#rules-list h3")) {
    let n = h.nextElementSibling;
    let any = false;
    while (n && n.tagName !== "H3") { if (!n.hidden) any = true; n = n.nextElementSibling; }
    h.hidden = !any;
  }
  $("rules-count").textContent = `${shown} of ${all.length} rules shown`;
}

$("rules-filter").addEventListener("input", filterRules);

// ------------------------------------------------------------------------ drag and drop
for (const zone of document.querySelectorAll(".drop")) {
  const input = $(zone.dataset.target);
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    if (!ready || !e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
}
// A file dropped anywhere else must not make the browser open it (and leave the page).
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => e.preventDefault());
