"""End to end: render each worked example to HTML with the CLI, open it in headless Chromium, and
check what a reader would meet — no console errors, the summary and every area heading visible,
every chart drawn at a real size, the appendix opening on a click, and a PDF printed.

Uses Debian's ``chromium`` driven by Playwright's Python package (``pip install '.[browser]'``),
launched with the system executable: ``playwright install`` is never run. Without either, every
test here is skipped with a reason that names what is missing.

Screenshots of the top of each report, full-page screenshots and the PDFs are saved in
``test-artifacts/`` (or ``$SELFEVAL_ARTIFACTS``) for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import EXAMPLES, Run

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("SELFEVAL_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# the bundled example and every worked example in examples/seeds/ (a file there that is not a
# metrics file — such as the expected answers — has no 'authority:' and is left out)
WORKED = [EXAMPLES / "metrics.yaml"] + [
    p for p in sorted((EXAMPLES / "seeds").glob("*.yaml"))
    if re.search(r"^authority:", p.read_text(encoding="utf-8"), re.M)]
REQUIRED = os.environ.get("SELFEVAL_REQUIRE_BROWSER") == "1"  # set by .ci/run once Chromium is installed


def _chromium() -> str | None:
    for candidate in (os.environ.get("SELFEVAL_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium",
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    skip = pytest.fail if REQUIRED else pytest.skip  # CI installed a browser: missing is a failure
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip("browser test not run: the 'playwright' Python package is not installed "
             "(pip install '.[browser]')")
    exe = _chromium()
    if exe is None:
        skip("browser test not run: no Chromium executable — install Debian's 'chromium' package "
             "(apt-get install chromium) or set SELFEVAL_CHROMIUM to one")
    with sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken install is a failure, not a skip
            pytest.fail(f"Chromium at {exe} is installed but would not start: {exc}")
        yield b
        b.close()


def _render(run: Run, example: Path, out: Path) -> Path:
    run("check", example, "--fail-on", "never", "-o", out)
    assert out.stat().st_size > 0
    return out


@pytest.mark.parametrize("example", WORKED, ids=[p.stem for p in WORKED])
def test_worked_example_in_chromium(browser: Any, run: Run, tmp_path: Path, example: Path) -> None:
    html = _render(run, example, tmp_path / f"{example.stem}.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = example.stem if example.parent == EXAMPLES else f"seed-{example.stem}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:", "about:")) else None)
    try:
        page.goto(html.as_uri(), wait_until="load")
        page.screenshot(path=str(ARTIFACTS / f"{name}-top.png"))
        page.screenshot(path=str(ARTIFACTS / f"{name}-full.png"), full_page=True)

        # the summary and every judgement area's heading are visible
        assert page.locator("#summary-h").is_visible()
        assert page.locator(".area-tile").count() >= 1
        area_headings = page.locator("section.area > h2")
        assert area_headings.count() >= 1
        for i in range(area_headings.count()):
            h = area_headings.nth(i)
            h.scroll_into_view_if_needed()
            assert h.is_visible(), h.inner_text()

        # every chart is drawn with a real size
        charts = page.locator("svg.chart")
        # serious findings are drawn as cards with charts; a report with none may have no chart
        assert charts.count() >= 1 or page.locator("article.finding.st-serious").count() == 0
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, charts.nth(i).get_attribute("aria-label")

        # the appendix's <details> is closed and opens on a click (no script involved)
        details = page.locator("section.appendix details").first
        assert details.get_attribute("open") is None
        body = details.locator("table, p").first
        assert not body.is_visible()
        details.locator("summary").click()
        assert details.get_attribute("open") is not None
        assert body.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{name}-appendix-open.png"),
                        clip=_clip(details.bounding_box()))

        # the summary comes first and is one screen: saved for a person to look at
        page.locator("#summary").screenshot(path=str(ARTIFACTS / f"{name}-summary.png"))

        # it prints: the summary on page one, at most 20 pages before the appendix
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
        (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
        summary_pages = _pages(page.pdf(format="A4", print_background=True, page_ranges="1"))
        assert summary_pages == 1
        page.add_style_tag(content="section.appendix, section.about, footer.foot { display: none !important; }")
        body = page.pdf(format="A4", print_background=True)
        (ARTIFACTS / f"{name}-without-appendix.pdf").write_bytes(body)
        assert _pages(body) <= 20, f"{name}: {_pages(body)} printed pages without the appendix"
        assert _pages(body) < _pages(pdf)  # the full detail is still there, in the appendix
    finally:
        page.close()
    assert not problems, "\n".join(problems)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_the_summary_fits_the_first_printed_page(browser: Any, run: Run, tmp_path: Path) -> None:
    """Page two of the printed bundled example starts with the first area, not the summary's tail."""
    html = _render(run, EXAMPLES / "metrics.yaml", tmp_path / "metrics.html")
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.emulate_media(media="print")
        box = page.locator("#summary").bounding_box()
        assert box is not None
        # A4 at 96 px per inch, less the 14 mm top and 16 mm bottom margins
        usable = (297 - 30) / 25.4 * 96
        top = page.locator("header.masthead").bounding_box()
        assert top is not None
        assert box["y"] + box["height"] - top["y"] <= usable, (box, usable)
    finally:
        page.close()


def _clip(box: dict[str, float] | None) -> dict[str, float]:
    assert box
    return {"x": 0, "y": max(box["y"] - 8, 0), "width": 1280, "height": min(box["height"] + 16, 1600)}


def test_printed_copy_shows_collapsed_content(browser: Any, run: Run, tmp_path: Path) -> None:
    """Closed <details> (the appendices: met, and how each finding was judged) are open on paper."""
    html = _render(run, EXAMPLES / "metrics.yaml", tmp_path / "metrics.html")
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        hidden = page.locator("section.appendix details table").first
        assert not hidden.is_visible()
        page.emulate_media(media="print")
        assert hidden.is_visible()
        assert page.locator("#judged details table").first.is_visible()  # how each finding was judged
        assert not page.locator("nav.contents").is_visible()
    finally:
        page.close()
