"""End to end: the static web edition, served from 127.0.0.1 and driven in Debian's Chromium.

The page must give exactly what the CLI gives for the same input — the HTML report, the draft,
the metrics file made from a synthetic Annex A workbook, the blank template, the one-line error —
with no request leaving 127.0.0.1 and no console error.

The folder is ``$SELFEVAL_WEB_BUILD`` when set (``.ci/run`` builds it once), else it is built
here with ``web/build.py`` (npm and pip; downloads are cached outside the repository). Without
npm, Chromium or Playwright every test here is skipped with the reason, unless
``SELFEVAL_REQUIRE_WEB=1`` (set by ``.ci/run`` once it has built the folder) makes that a failure.
"""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlparse

import pytest
from conftest import EXAMPLES, Run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "web"))
from serve import serve_in_background, stop  # noqa: E402
from test_html_browser import CHROMIUM_ARGS, _chromium  # noqa: E402

REQUIRED = os.environ.get("SELFEVAL_REQUIRE_WEB") == "1"
READY_TIMEOUT_MS = 180_000  # page to "ready" took 5 s here; a loaded CI machine may be slower
TASK_TIMEOUT_MS = 120_000
AS_AT, AUTHORITY = "2026-09-30", "Synthetic Borough"


def _skip(reason: str) -> None:
    (pytest.fail if REQUIRED else pytest.skip)(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get("SELFEVAL_WEB_BUILD")
    if given:
        folder = Path(given)
        if not (folder / "manifest.json").is_file():
            pytest.fail(f"SELFEVAL_WEB_BUILD={given} is not a built web edition (no manifest.json)")
    else:
        if shutil.which("npm") is None:
            _skip("web edition not tested: npm is not installed (web/build.py fetches Pyodide with it)")
        folder = tmp_path_factory.mktemp("web") / "site"
        done = subprocess.run([sys.executable, str(ROOT / "web" / "build.py"), str(folder)],
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            _skip("web edition not tested: web/build.py failed (it needs the npm registry and PyPI "
                  f"the first time):\n{done.stderr[-2000:]}")
    srv, url = serve_in_background(folder)
    yield url
    stop(srv)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip("web edition not tested: the 'playwright' Python package is not installed "
              "(pip install '.[browser]')")
    exe = _chromium()
    if exe is None:
        _skip("web edition not tested: no Chromium (apt-get install chromium, or set SELFEVAL_CHROMIUM)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """One page load, recording every request that is not to 127.0.0.1 and every console error."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.context = browser.new_context(accept_downloads=True, **context)
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("worker", lambda w: w.on("console", lambda m: self.problems.append(
            f"worker console {m.type}: {m.text}") if m.type == "error" else None))
        self.page.goto(url)
        self.page.wait_for_selector("body[data-ready]", timeout=READY_TIMEOUT_MS)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"request left 127.0.0.1: {url}")
            route.abort()

    def download(self, selector: str) -> tuple[str, bytes]:
        with self.page.expect_download() as info:
            self.page.click(selector)
        d = info.value
        return d.suggested_filename, Path(d.path()).read_bytes()

    def drop(self, selector: str, name: str, data: bytes) -> None:
        """Drop a file on an element, as dragging it from the desktop does."""
        transfer = self.page.evaluate_handle(
            """([name, b64]) => { const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
                 const dt = new DataTransfer(); dt.items.add(new File([bytes], name)); return dt; }""",
            [name, base64.b64encode(data).decode()])
        self.page.dispatch_event(selector, "drop", {"dataTransfer": transfer})

    def close(self) -> None:
        self.context.close()
        outside = [u for u in self.requests if urlparse(u).hostname not in ("127.0.0.1", None)
                   and not u.startswith(("data:", "blob:"))]
        assert not outside, f"requests left 127.0.0.1: {outside}"
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Page]:
    p = Page(browser, site)
    yield p
    p.close()


def _cli_check(run: Run, folder: Path, source: Path) -> bytes:
    """What `selfeval check metrics.yaml -o report.html` writes, run beside a copy named metrics.yaml."""
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / "metrics.yaml")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        run("check", "metrics.yaml", "--fail-on", "never", "--no-settings", "-o", "report.html")
        run("draft", "metrics.yaml", "--no-settings", "-o", "sef.md")
    finally:
        os.chdir(cwd)
    return (folder / "report.html").read_bytes()


def _wait_result(page: Page, box: str, error: str) -> None:
    page.page.wait_for_selector(f"{box}:not([hidden]), {error}:not([hidden])", timeout=TASK_TIMEOUT_MS)
    assert page.page.locator(error).is_hidden(), page.page.inner_text(error)


def test_example_report_and_draft_equal_the_cli(page: Page, run: Run, tmp_path: Path) -> None:
    cli_html = _cli_check(run, tmp_path / "cli", EXAMPLES / "metrics.yaml")
    page.page.set_input_files("#check-file", str(EXAMPLES / "metrics.yaml"))
    _wait_result(page, "#check-result", "#check-error")
    assert page.page.inner_text("#check-result-h").startswith("Report for Harrowdale")
    assert page.page.locator("#report-frame").get_attribute("srcdoc") == cli_html.decode("utf-8")
    frame = page.page.frame_locator("#report-frame")
    assert frame.locator("#summary-h").is_visible()
    name, report = page.download("#report-download")
    assert name == "report.html"
    assert report == cli_html
    name, draft = page.download("#draft-button")
    assert name == "sef.md"
    assert draft == (tmp_path / "cli" / "sef.md").read_bytes()


def test_annex_a_workbook_gives_the_cli_metrics_file_and_report(page: Page, run: Run, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("demo", "annex-a", "annex-a.xlsx")
    run("metrics", "from-annex-a", "annex-a.xlsx", "--as-at", AS_AT, "--authority", AUTHORITY,
        "-o", "metrics.yaml")
    cli_metrics = (tmp_path / "metrics.yaml").read_bytes()
    page.drop("#annex-drop", "annex-a.xlsx", (tmp_path / "annex-a.xlsx").read_bytes())
    page.page.fill("#as-at", AS_AT)
    page.page.fill("#authority", AUTHORITY)
    page.page.click("#annex-button")
    _wait_result(page, "#annex-result", "#annex-error")
    name, made = page.download("#metrics-download")
    assert name == "metrics.yaml"
    assert made.decode() == cli_metrics.decode()  # read with openpyxl here, python-calamine there

    cli_html = _cli_check(run, tmp_path / "cli", tmp_path / "metrics.yaml")
    page.page.click("#annex-check")
    page.page.wait_for_selector("#check-result:not([hidden])", timeout=TASK_TIMEOUT_MS)
    assert page.download("#report-download")[1] == cli_html


def test_bad_file_shows_the_cli_one_line_message(page: Page, run: Run, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "metrics.yaml"
    bad.write_text("authority: Testshire\nperiod: {as_at: 2026-03-31}\nmetrics:\n"
                   "  assesments_within_45_working_days_pct: 78\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli = run("check", "metrics.yaml", "--no-settings", expect=2).stderr.strip()
    page.drop("#check-drop", "metrics.yaml", bad.read_bytes())
    page.page.wait_for_selector("#check-error:not([hidden])", timeout=TASK_TIMEOUT_MS)
    shown = page.page.inner_text("#check-error")
    assert shown == cli and "\n" not in shown and "Traceback" not in shown
    # a workbook that is not one: still one line, never a traceback
    page.drop("#annex-drop", "annex-a.xlsx", b"not a workbook")
    page.page.fill("#as-at", AS_AT)
    page.page.fill("#authority", AUTHORITY)
    page.page.click("#annex-button")
    page.page.wait_for_selector("#annex-error:not([hidden])", timeout=TASK_TIMEOUT_MS)
    shown = page.page.inner_text("#annex-error")
    assert shown.startswith("selfeval: annex-a.xlsx") and "\n" not in shown, shown


def test_blank_templates_equal_the_cli(page: Page, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("template", "-o", "metrics.yaml")
    run("template", "-o", "metrics.xlsx")
    name, data = page.download("#template-yaml")
    assert (name, data) == ("metrics.yaml", (tmp_path / "metrics.yaml").read_bytes())
    name, data = page.download("#template-xlsx")
    assert name == "metrics.xlsx"
    assert _cells(data) == _cells((tmp_path / "metrics.xlsx").read_bytes())  # bytes differ by timestamps


def _cells(xlsx: bytes) -> dict[str, list[tuple[Any, ...]]]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_rules_are_browsable_and_filtered(page: Page) -> None:
    from selfeval.core import packs

    total = len(packs.load(()).rules)
    p = page.page
    p.wait_for_selector("#rules-list details.rule")
    assert p.locator("#rules-list details.rule").count() == total
    p.fill("#rules-filter", "hp-assessment-timeliness")
    assert p.inner_text("#rules-count") == f"1 of {total} rules shown"
    rule = p.locator("#rules-list details.rule:visible")
    rule.locator("summary").click()
    assert "Expectation:" in rule.locator("pre").inner_text()


def test_keyboard_labels_and_zoom(browser: Any, site: str) -> None:
    # 200% zoom of a 1280-pixel window: the page must fit 640 CSS pixels without sideways scrolling
    p = Page(browser, site, viewport={"width": 640, "height": 800}, device_scale_factor=2)
    try:
        page = p.page
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, button, select, textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.textContent.trim()).map(el => el.id || el.outerHTML)""")
        assert unlabelled == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # the skip link is the first stop, and the example button is reached and worked by keyboard
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "example":
                break
        else:
            pytest.fail("the example button is not reachable with Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector("#check-result:not([hidden])", timeout=TASK_TIMEOUT_MS)
        assert page.evaluate("document.activeElement.id") == "check-result-h"  # focus moves to the result
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        p.close()



def test_policy_blocks_any_other_site(browser: Any, site: str) -> None:
    """The page's Content-Security-Policy refuses a fetch to another site before any request is
    made (the context's route would abort one anyway, so nothing can leave in any case)."""
    p = Page(browser, site)
    try:
        outcome = p.page.evaluate("""async () => {
            const seen = new Promise(resolve => document.addEventListener(
                'securitypolicyviolation', e => resolve(e.effectiveDirective), {once: true}));
            let fetched = 'allowed';
            try { await fetch('https://example.invalid/'); } catch (e) { fetched = 'refused'; }
            return [fetched, await seen];
        }""")
        assert outcome == ["refused", "connect-src"]
        assert not [u for u in p.requests if "example.invalid" in u]
    finally:
        p.problems = [m for m in p.problems if "Content Security Policy" not in m]  # the refusal's own log
        p.close()
