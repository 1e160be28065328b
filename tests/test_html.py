"""The HTML report: structure and accessibility, charts, palette contrast, self-containment, safety.

The browser test (tests/e2e/test_html_browser.py) opens the same pages in headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, STARTER, Run, write

from selfeval.api import check_files
from selfeval.core import packs
from selfeval.core.check import Options
from selfeval.render import charts, palette
from selfeval.render import templates as render

FIXED = Options(rules=(STARTER,), builtin=False, generated=dt.date(2026, 4, 30))


class Page(HTMLParser):
    """Every element with its attributes, the text of headings, and which elements enclose which."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base",
            "embed", "param", "track", "path", "circle", "rect", "line"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == self._heading[0]:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading[1:]).split())))
            self._heading = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs, _ in self.elements if tag == name]


def _html(paths: list[Path] | None = None, opts: Options = FIXED, detail: bool = False) -> str:
    (rep,) = check_files(paths or [EXAMPLES / "metrics.yaml"], opts)
    return render.render(rep.data, "html", detail=detail)


@pytest.fixture(scope="module")
def example() -> Page:
    return Page(_html())


# --- structure and accessibility -----------------------------------------------------------------

def test_landmarks_language_and_skip_link(example: Page) -> None:
    assert example.tags("html")[0]["lang"] == "en-GB"
    for landmark in ("header", "nav", "main", "footer"):
        assert example.tags(landmark), landmark
    skip = example.tags("a")[0]
    assert skip["href"] == "#main" and example.tags("main")[0]["id"] == "main"
    assert example.tags("nav")[0].get("aria-label")


def test_heading_order_area_per_h2_finding_per_h3(example: Page) -> None:
    levels = [lv for lv, _ in example.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), example.headings  # no level skipped
    h2 = [t for lv, t in example.headings if lv == 2]
    for area in ("Help and protection", "Children in care", "Impact of leaders"):
        assert area in h2
    h3 = [t for lv, t in example.headings if lv == 3]
    assert "Assessments are completed within 45 working days" in h3  # a serious finding
    assert "Children in care have life-story work" not in h3  # met: in the appendix only


def test_findings_serious_first_within_each_area(example: Page) -> None:
    order = {"serious": 0, "concern": 1, "not_evidenced": 2}
    sections = re.split(r'<section class="area"', _html())[1:]
    for sec in sections:
        found = re.findall(r'<article class="finding st-([a-z_]+)"', sec)
        assert [order[s] for s in found] == sorted(order[s] for s in found)


def test_every_table_has_a_caption_and_header_cells(example: Page) -> None:
    html = _html()
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert tables
    for t in tables:
        assert re.search(r"<table[^>]*>\s*<caption>[^<]", t), t[:120]
        assert '<th scope="col">' in t or '<th scope="col" class="num">' in t


def test_status_never_by_colour_alone(example: Page) -> None:
    html = _html()
    for tag in re.findall(r'<span class="tag tag-[a-z_]+">.*?</span></span>', html, re.S):
        assert 'class="icon"' in tag and re.search(r'class="tag-word">\w', tag), tag


def test_charts_are_images_with_words() -> None:
    example = Page(_html(detail=True))  # every gap as a card with its charts
    svgs = [a for a in example.tags("svg") if "chart" in a.get("class", "")]
    assert len([s for s in svgs if "bullet" in s["class"]]) >= 2
    assert len([s for s in svgs if "stacked" in s["class"]]) >= 2
    for s in svgs:
        assert s["role"] == "img" and len(s["aria-label"]) > 10, s
    labels = " ".join(s["aria-label"] for s in svgs)
    assert "68%" in labels and "concern threshold below 85%" in labels and "England 85.7%" in labels
    assert "previous period 79%" in labels
    icons = [a for a in example.tags("svg") if a.get("class") == "icon"]
    assert icons and all(a.get("aria-hidden") == "true" for a in icons)


def test_summary_labels_positions_indicative(example: Page) -> None:
    html = _html()
    summary = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert summary.count("Indicative position") == 3  # one per area with rules
    assert "not a prediction of the grade Ofsted would give" in summary
    for part in ("Top risks", "Main strengths", "Likely lines of enquiry", "What drove it", "Evidence held"):
        assert part in summary, part
    moved = html.split('id="moved"', 1)[1].split("</section>", 1)[0]
    assert "What moved since the previous period" in moved
    assert re.search(r"Child and family assessments completed within 45 working days</a></th>"
                     r"<td class=\"num\">79%</td><td class=\"num\">68%</td><td class=\"num\">−11 points</td>", moved)


def test_appendix_is_collapsed_details_and_prints_open() -> None:
    html = _html()
    appendix = html.split('id="appendix"', 1)[1].split("</section>", 1)[0]
    assert "<details" in appendix and "<details open" not in appendix
    assert "Children in care have life-story work" in appendix
    css = html.split("@media print", 1)[1]
    assert "details::details-content" in css and "break-before: page" in css


def test_self_contained_no_scripts_no_external_assets() -> None:
    html = _html()
    page = Page(html)
    assert not page.tags("script") and "<script" not in html.lower()
    assert not page.tags("link") and not page.tags("img") and not page.tags("iframe")
    assert "@import" not in html and "url(" not in html
    for tag, attrs, _ in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "srcset", "poster", "data", "action", "formaction"):
                raise AssertionError(f"{tag} has {name}={value}")
            if name == "href":
                # in-page anchors, or citation links (a.cite), never anything else
                assert value.startswith("#") or ("cite" in attrs.get("class", "") and
                                                  re.match(r"https?://", value)), (tag, value)


def test_rendering_is_deterministic() -> None:
    assert _html() == _html()


# --- charts --------------------------------------------------------------------------------------

def _fig(**kw: Any) -> dict[str, Any]:
    base = {"id": "m", "label": "A figure", "unit": "percent", "better": "higher",
            "actual": {"value": 68.0, "display": "68%", "suppressed": False}, "national": None,
            "previous": None, "thresholds": [
                {"level": "concern", "op": "below", "value": 85.0, "display": "85%"},
                {"level": "serious", "op": "below", "value": 70.0, "display": "70%"}]}
    return {**base, **kw}


def test_bands_follow_the_better_direction() -> None:
    assert [(b["status"], b["start"], b["end"]) for b in charts.bands(_fig())] == [
        ("serious", 0, 70), ("concern", 70, 85), ("met", 85, 100)]
    lower = _fig(unit="number", better="lower", actual={"value": 22.0, "display": "22", "suppressed": False}, thresholds=[
        {"level": "concern", "op": "above", "value": 20.0, "display": "20"},
        {"level": "serious", "op": "above", "value": 25.0, "display": "25"}])
    lo, hi = charts.scale_for(lower)
    assert (lo, hi) == (0, 50)  # a round number above the largest mark (25) with headroom
    assert [b["status"] for b in charts.bands(lower)] == ["met", "concern", "serious"]
    assert charts.bands(_fig(better="neither")) == []  # direction unknown: no shading


def test_scale_covers_every_mark() -> None:
    fig = _fig(unit="days", better="lower", actual={"value": 512.0, "display": "512 days", "suppressed": False},
               national={"value": 480.0, "display": "480 days"}, thresholds=[
                   {"level": "concern", "op": "above", "value": 426.0, "display": "426 days"}])
    lo, hi = charts.scale_for(fig)
    assert lo == 0 and hi >= 512 * 1.15 and hi == charts.nice_ceiling(hi)
    pct = _fig(actual={"value": 19.5, "display": "19.5%", "suppressed": False}, better="lower",
               thresholds=[{"level": "concern", "op": "above", "value": 15.0, "display": "15%"},
                           {"level": "serious", "op": "above", "value": 25.0, "display": "25%"}])
    assert charts.scale_for(pct) == (0, 50)  # small percentages get room to be told apart
    assert charts.scale_for(_fig()) == (0, 100)
    assert charts.nice_ceiling(588.8) == 1000 and charts.nice_ceiling(23) == 25 and charts.nice_ceiling(0.2) == 1


def test_bullet_chart_marks_value_national_previous() -> None:
    svg = str(charts.bullet_chart(_fig(national={"value": 82.0, "display": "82%"},
                                       previous={"value": 79.0, "display": "79%"}), "chart-r-m"))
    assert 'class="value"' in svg and 'class="national"' in svg and 'class="previous"' in svg
    assert 'id="chart-r-m"' in svg and 'role="img"' in svg
    assert ("aria-label=\"A figure: 68%; concern threshold below 85%; serious threshold below 70%; "
            "England 82%; previous period 79%; higher is better.\"") in svg


@pytest.mark.parametrize("actual, words", [
    ({"value": None, "display": "not given", "suppressed": False}, "No figure: not given"),
    ({"value": None, "display": "suppressed (fewer than 5)", "suppressed": True}, "No figure: suppressed"),
])
def test_bullet_chart_without_a_value(actual: dict[str, Any], words: str) -> None:
    svg = str(charts.bullet_chart(_fig(actual=actual)))
    assert 'class="value"' not in svg and words in svg


def test_audit_bar_puts_counted_answers_first() -> None:
    fig = {"id": "q", "label": "Q", "answers": {"yes": 12, "partly": 10, "no": 18, "not_applicable": 2},
           "applicable": 40, "actual": {}, "counted": ("no", "partly"),
           "thresholds": [{"level": "concern", "op": "above", "value": 0.3, "display": "30%",
                           "counted": ("no", "partly")}]}
    svg = str(charts.audit_chart(fig))
    assert svg.index("ans-no") < svg.index("ans-partly") < svg.index("ans-yes")
    assert "concern 30%" in svg and "(2 not applicable)" in svg
    assert charts.threshold_x(("yes",), 0.7) == pytest.approx(charts.X0 + 0.7 * (charts.X1 - charts.X0))
    assert charts.threshold_x(("partly",), 0.5) is None  # not at an end: no line drawn


def test_chart_text_is_escaped() -> None:
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    for svg in (charts.bullet_chart(_fig(label=evil)),
                charts.audit_chart({"id": "q", "label": evil, "answers": None, "applicable": 0,
                                    "actual": {"display": evil}, "thresholds": [], "counted": None}),
                charts.heat_strip([{"title": evil, "status": "serious"}], evil)):
        assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def test_http_url_only_links_http() -> None:
    assert render.http_url("https://www.gov.uk/x") == "https://www.gov.uk/x"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "//evil.example",
                'https://x.example/" onmouseover="alert(1)', "https://x.example/ a", None, 3):
        assert render.http_url(bad) is None, bad


# --- palette -------------------------------------------------------------------------------------

def contrast_table() -> list[tuple[str, str, str, float, float]]:
    """(what, foreground, background, ratio, needed) for every pairing the report uses."""
    p, white = palette.PALETTE, palette.PALETTE["paper"]
    rows = [("body text", p["ink"], white, 4.5), ("secondary text", p["muted"], white, 4.5),
            ("links", p["link"], white, 4.5), ("secondary text on panels", p["muted"], p["panel"], 4.5),
            ("text on panels", p["ink"], p["panel"], 4.5), ("links on panels", p["link"], p["panel"], 4.5),
            ("focus highlight", p["ink"], p["focus"], 4.5)]
    for status, c in palette.STATUS_COLOURS.items():
        rows += [(f"{status}: tag word on tint", c["text"], c["tint"], 4.5),
                 (f"{status}: word on white", c["text"], white, 4.5),
                 (f"{status}: icon on tint", c["strong"], c["tint"], 3.0),
                 (f"{status}: mark on white", c["strong"], white, 3.0),
                 (f"{status}: white icon on square", white, c["strong"], 4.5),
                 (f"{status}: chart labels on band", p["ink"], c["tint"], 4.5),
                 (f"{status}: value bar on band", p["ink"], c["tint"], 3.0)]
    for answer, c in palette.ANSWER_COLOURS.items():
        rows.append((f"audit '{answer}' count on its segment", c["text"], c["fill"], 4.5))
    return [(what, fg, bg, round(palette.contrast(fg, bg), 2), need) for what, fg, bg, need in rows]


@pytest.mark.parametrize("what, fg, bg, ratio, need", contrast_table(), ids=lambda v: str(v))
def test_palette_meets_wcag_aa(what: str, fg: str, bg: str, ratio: float, need: float) -> None:
    assert ratio >= need, f"{what}: {fg} on {bg} is {ratio}:1, needs {need}:1"


def test_contrast_formula() -> None:
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_css_uses_the_palette() -> None:
    css = _html().split("<style>", 1)[1].split("</style>", 1)[0]
    for status, c in palette.STATUS_COLOURS.items():
        assert f"--{status.replace('_', '-')}-tint: {c['tint']};" in css
    hexes = set(re.findall(r"#[0-9a-fA-F]{6}\b", css.split("}", 1)[1]))  # after the :root block
    assert not hexes, f"colours outside the palette: {hexes}"


# --- safety --------------------------------------------------------------------------------------

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'

EVIL_SUBMISSION = f"""\
authority: '{EVIL} Council'
period: {{start: 2025-04-01, end: 2026-03-31}}
notes: '<iframe src="https://evil.example"></iframe>{EVIL}'
metrics:
  social_worker_caseload_average: {{value: 25, note: '{EVIL}', source: '<svg onload=alert(4)>'}}
  assessments_within_45_working_days_pct: 68
audits:
  sample: {{cases: 40, method: '<style>body{{display:none}}</style>{EVIL}'}}
  answers:
    supervision_reflective: {{yes: 12, partly: 10, no: 18}}
facts:
  return_home_interview_monitoring_in_place: no
recommendations:
  - ref: '<b onclick=alert(5)>1</b>'
    text: '{EVIL}'
    rules: [evil-rule]
previous:
  metrics: {{social_worker_caseload_average: 20}}
"""

EVIL_PACK = f"""\
pack: evil
title: '{EVIL} pack'
version: 1
framework: {{name: ILACS, version: "2026-04"}}
sources:
  EVIL:
    title: '{EVIL} source'
    link: 'https://example.org/"><script>alert(6)</script>'
    type: other
rules:
  - id: evil-rule
    title: '{EVIL} title'
    area: leaders
    themes: [caseloads]
    expectation: '{EVIL} expectation'
    levels:
      concern:
        when: {{metric: social_worker_caseload_average, above: 20}}
        rationale: {{basis: local_standard, source: EVIL, note: '{EVIL} note'}}
      serious:
        when: {{metric: social_worker_caseload_average, worsened_by: 4}}
        rationale: {{basis: local_standard, source: EVIL, note: '{EVIL} serious note'}}
    findings: [{{source: EVIL, paragraph: '<u>12</u>', paraphrase: '{EVIL} paraphrase'}}]
    action: '{EVIL} action'
    cases:
      - {{name: fine, evidence: {{metrics: {{social_worker_caseload_average: 15}}}}, expect: met}}
      - {{name: high, evidence: {{metrics: {{social_worker_caseload_average: 22}}}}, expect: concern}}
      - name: rising
        evidence: {{metrics: {{social_worker_caseload_average: 26}}, previous: {{metrics: {{social_worker_caseload_average: 20}}}}}}
        expect: serious
      - {{name: unknown, evidence: {{}}, expect: not_evidenced}}
"""

EVIL_SETTINGS = f"""\
waivers:
  - rule: evil-rule
    reason: '{EVIL} reason'
    approved_by: '<img src=x onerror=alert(7)>'
    expires: 2099-12-31
"""


def assert_nothing_live(html: str) -> None:
    page = Page(html)
    live = [t for t, _, _ in page.elements if t in (
        "script", "iframe", "img", "object", "embed", "form", "input", "button", "b", "u", "link", "base")]
    assert not live, live
    assert len(page.tags("style")) == 1 and len(page.tags("meta")) == 4  # only the template's own
    for tag, attrs, _ in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert "javascript:" not in value.lower(), (tag, name, value)
            if name == "href":
                assert value.startswith("#") or re.fullmatch(r"https?://[^\s\"'<>`]+", value), value


def test_markup_in_submission_pack_and_settings_is_never_live(tmp_path: Path, run: Run) -> None:
    metrics = write(tmp_path, EVIL_SUBMISSION)
    write(tmp_path, EVIL_SETTINGS, "selfeval.yaml")
    pack = write(tmp_path, EVIL_PACK.replace('    link: \'https://example.org/"><script>alert(6)</script>\'\n', ""),
                 "evil.yaml")
    out = tmp_path / "report.html"
    run("check", metrics, "--no-builtin", "--rules", pack, "--fail-on", "never", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert_nothing_live(html)
    shown = ("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
             "&lt;a href=&#34;javascript:alert(3)&#34;&gt;x&lt;/a&gt;")
    for field in ("Council", "pack", "source", "title", "expectation", "action", "paraphrase", "note",
                  "serious note", "reason"):
        assert f"{shown} {field}" in html, field  # each field shown, as text
    assert html.count(f"{shown}<") >= 3  # notes, audit method, recommendation text
    assert "&lt;img src=x onerror=alert(7)&gt;" in html  # the waiver's approver, as text
    assert "&lt;iframe" in html and "&lt;b onclick=alert(5)&gt;" in html


def test_a_pack_link_that_is_not_http_is_refused_and_never_linked(tmp_path: Path, run: Run) -> None:
    metrics = write(tmp_path, EVIL_SUBMISSION)
    bad = write(tmp_path, EVIL_PACK.replace("https://example.org/\"><script>alert(6)</script>",
                                            "javascript:alert(1)"), "evil.yaml")
    err = run("check", metrics, "--no-builtin", "--rules", bad, expect=2).stderr
    assert "evil.yaml" in err and "link" in err
    # a pack loader is one line of defence; the template is another: a model whose link is not
    # http(s), or is http(s) with markup in it, renders the title as text
    (rep,) = check_files([EXAMPLES / "metrics.yaml"], FIXED)
    data = rep.data
    links = ["javascript:alert(1)", "https://example.org/\"><script>alert(6)</script>", "data:text/html,x"]
    for area in data["areas"]:
        for f in area["findings"]:
            for i, c in enumerate(f["citations"]):
                c["link"] = links[i % len(links)]
            for lv in f["levels"]:
                lv["rationale"]["link"] = links[0]
    html = render.render(data, "html")
    assert_nothing_live(html)
    assert 'href="javascript' not in html and 'href="data' not in html
    assert "&lt;script&gt;alert(6)" not in html  # not even as a link's text: the link is dropped whole


def test_http_links_are_linked(tmp_path: Path) -> None:
    (rep,) = check_files([EXAMPLES / "metrics.yaml"], FIXED)
    data = rep.data
    f = next(f for a in data["areas"] for f in a["findings"] if f["elsewhere"]["found"])
    f["elsewhere"]["found"][0]["link"] = "https://www.gov.uk/government/publications/working-together"
    html = render.render(data, "html")
    assert '<a class="cite" href="https://www.gov.uk/government/publications/working-together">' in html


# --- local settings and recommendations ----------------------------------------------------------

SETTINGS = """\
overrides:
  - rule: starter-assessment-timeliness
    level: serious
    below: 60
    reason: Our improvement plan accepts 60% as the floor this year.
waivers:
  - rule: starter-supervision-reflective
    reason: New supervision policy starts in May.
    approved_by: Director of Children's Services
    approved: 2026-01-10
    expires: 2099-12-31
not_applicable:
  - {rule: starter-return-home-interviews, reason: Run by a children's trust on our behalf}
"""

RECOMMENDATIONS = """\
recommendations:
  - ref: "1"
    text: Make sure assessments are timely and analyse history.
    rules: [starter-assessment-timeliness]
  - text: Know whether children who went missing were offered a return interview.
    rules: [starter-return-home-interviews, starter-caseloads-worsening]
"""


def test_adjustments_and_recommendations_are_shown(tmp_path: Path, run: Run) -> None:
    metrics = write(tmp_path, (EXAMPLES / "metrics.yaml").read_text(encoding="utf-8") + RECOMMENDATIONS)
    write(tmp_path, SETTINGS, "selfeval.yaml")
    out = tmp_path / "report.html"
    run("check", metrics, "--no-builtin", "--rules", STARTER, "--fail-on", "never", "-o", out)
    brief = out.read_text(encoding="utf-8")  # the default view: a concern is a row with its setting
    row = brief.split('id="f-starter-assessment-timeliness"', 1)[1].split("</tr>", 1)[0]
    assert "Local setting: Threshold changed in local settings." in row and "accepts 60% as the floor" in row
    run("check", metrics, "--no-builtin", "--rules", STARTER, "--fail-on", "never", "--detail", "-o", out)
    html = out.read_text(encoding="utf-8")
    page = Page(html)
    assert "Last inspection's recommendations" in [t for _, t in page.headings]
    recs = html.split('id="recommendations"', 1)[1].split("</section>", 1)[0]
    assert "Not yet met" in recs and 'href="#f-starter-assessment-timeliness"' in recs
    # each adjustment is shown in full beside its finding
    timeliness = html.split('id="f-starter-assessment-timeliness"', 1)[1].split("</article>", 1)[0]
    assert "Local setting: Threshold changed in local settings." in timeliness
    assert "accepts 60% as the floor" in timeliness and "this would be: <strong>Serious</strong>" in timeliness
    assert "serious threshold below 60%" in timeliness  # the chart draws the local threshold
    waived = html.split('id="f-starter-supervision-reflective"', 1)[1].split("</article>", 1)[0]
    assert "Accepted as a risk until 2099-12-31" in waived and "Director of Children&#39;s Services" in waived
    # not applicable: out of the findings, into the appendix with its reason
    appendix = html.split('id="appendix"', 1)[1].split("</section>", 1)[0]
    assert "Return home interviews are monitored by leaders" in appendix
    assert "Run by a children&#39;s trust on our behalf" in appendix
    assert '<article class="finding st-not_applicable"' not in html
    assert "waived as accepted risks" in html


def test_ids_unique_and_every_anchor_lands_with_the_builtin_packs() -> None:
    """At full size (every built-in rule): no duplicate id, no in-page link to nowhere."""
    html = _html(opts=Options(generated=dt.date(2026, 4, 30)))
    page = Page(html)
    ids = [a["id"] for _, a, _ in page.elements if "id" in a]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, dupes
    targets = {a["href"][1:] for a in page.tags("a") if a.get("href", "").startswith("#")}
    assert targets and not targets - set(ids), targets - set(ids)
    assert len([i for i in ids if i.startswith("f-")]) == len(packs.load().rules)  # every finding has its anchor
    detail = Page(_html(opts=Options(generated=dt.date(2026, 4, 30)), detail=True))
    assert len(detail.tags("article")) == 50  # with --detail, every serious or concern finding a card
