"""The report model and its renderings: golden Markdown, JSON schema, colour, escaping, suppression."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, HEADER, STARTER, write

from selfeval.api import check_files
from selfeval.core import schemas, submission
from selfeval.core.check import Options, load_rules
from selfeval.render import templates as render
from selfeval.reports.check import check_submission

GOLDEN = Path(__file__).parent / "golden" / "metrics.md"
GOLDEN_DETAIL = Path(__file__).parent / "golden" / "metrics-detail.md"
FIXED = Options(rules=(STARTER,), builtin=False, generated=dt.date(2026, 4, 30))


def _example_report() -> dict:  # type: ignore[type-arg]
    (rep,) = check_files([EXAMPLES / "metrics.yaml"], FIXED)
    data = rep.data
    data["submission"]["file"] = "examples/metrics.yaml"  # independent of where tests run
    return data


def test_golden_markdown() -> None:
    """Rebuild on purpose with UPDATE_GOLDEN=1 after a deliberate change, and read the diff."""
    text = render.render(_example_report(), "markdown")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_golden_markdown_detail() -> None:
    """--detail: every finding in full (rebuilt with UPDATE_GOLDEN=1 as above)."""
    text = render.render(_example_report(), "markdown", detail=True)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_DETAIL.write_text(text, encoding="utf-8")
    assert text == GOLDEN_DETAIL.read_text(encoding="utf-8")


def test_example_produces_every_status() -> None:
    counts = _example_report()["summary"]["counts"]
    assert all(counts[s] > 0 for s in ("met", "concern", "serious", "not_evidenced")), counts


def test_json_validates_against_schema() -> None:
    data = json.loads(render.render(_example_report(), "json"))
    jsonschema.validate(data, schemas.load("report"))


def test_findings_are_ordered_serious_first() -> None:
    order = {"serious": 0, "concern": 1, "not_evidenced": 2, "met": 3}
    for area in _example_report()["areas"]:
        ranks = [order[f["status"]] for f in area["findings"]]
        assert ranks == sorted(ranks)


def test_positions_are_labelled_indicative() -> None:
    data = _example_report()
    for area in data["areas"]:
        assert area["position"]["indicative"] is True
    for fmt in ("text", "markdown", "html"):
        out = render.render(data, fmt)
        assert "Indicative position" in out, fmt
        assert "not a prediction of the grade Ofsted would give" in out, fmt
    assert "grade" not in json.dumps(data["summary"]["counts"])


def test_colour_only_when_asked() -> None:
    data = _example_report()
    assert "\x1b[" not in render.render(data, "text", color=False)
    assert "\x1b[1;31mS\x1b[0m " in render.render(data, "text", color=True)  # the one-line view
    assert "\x1b[1;31m[SERIOUS]" in render.render(data, "text", color=True, detail=True)


def test_html_escapes_submission_text(tmp_path: Path) -> None:
    p = write(tmp_path, 'authority: "<script>alert(1)</script> & Co"\n'
                        'period: {as_at: 2026-03-31}\nnotes: "<img src=x onerror=alert(2)>"\n')
    (rep,) = check_files([p], FIXED)
    html = render.render(rep.data, "html")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_small_numbers_are_suppressed(tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics:\n  return_home_interviews_within_72_hours_pct: "
                                 "{value: 50, numerator: 2, denominator: 4}\n"
                                 "facts: {return_home_interview_monitoring_in_place: yes}\n")
    sub = submission.load(p)
    rs = load_rules(FIXED)
    shown = check_submission(sub, rs, FIXED).data
    hidden = check_submission(sub, rs, Options(rules=(STARTER,), builtin=False, suppress_below=5)).data
    test = lambda d: next(t for a in d["areas"] for f in a["findings"]  # noqa: E731
                          if f["id"] == "starter-return-home-interviews" for lv in f["levels"] for t in lv["tests"]
                          if t["id"] == "return_home_interviews_within_72_hours_pct")
    # a verdict on 4 children is marked so whether or not --suppress is on, in every format
    assert test(shown)["actual"]["display"] == "50% (fewer than 5 children)"
    assert test(hidden)["actual"] == {"value": None, "display": "suppressed (fewer than 5)", "suppressed": True,
                                      "small_number": True}
    # the verdict is still made on the true figure
    for data in (shown, hidden):
        (f,) = [f for a in data["areas"] for f in a["findings"] if f["id"] == "starter-return-home-interviews"]
        assert (f["status"], f["small_numbers"]) == ("concern", True)
        assert f["status_label"] == "Concern (rests on fewer than 5 children)"
        for fmt in ("text", "markdown", "html"):
            assert "rests on fewer than 5 children" in render.render(data, fmt).lower(), fmt


def test_five_or_more_children_are_not_marked(tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics:\n  return_home_interviews_within_72_hours_pct: "
                                 "{value: 50, numerator: 3, denominator: 6}\n")
    data = check_submission(submission.load(p), load_rules(FIXED), FIXED).data
    (f,) = [f for a in data["areas"] for f in a["findings"] if f["id"] == "starter-return-home-interviews"]
    assert not f["small_numbers"] and "fewer than" not in f["status_label"]


def test_evidence_gaps_name_what_is_missing() -> None:
    gaps = _example_report()["evidence_gaps"]
    assert {"kind": "previous_metric", "id": "social_worker_caseload_average"}.items() <= gaps[0].items()
    assert gaps[0]["rules"] == ["starter-caseloads-worsening"]


@pytest.mark.parametrize("fmt", list(render.FORMATS))
def test_every_format_renders(fmt: str) -> None:
    assert "Harrowdale" in render.render(_example_report(), fmt)


def test_small_numbers_are_marked_in_the_draft_and_word_too(tmp_path: Path) -> None:
    from selfeval import api

    p = write(tmp_path, HEADER + "metrics:\n  return_home_interviews_within_72_hours_pct: "
                                 "{value: 50, numerator: 2, denominator: 4}\n"
                                 "facts: {return_home_interview_monitoring_in_place: yes}\n")
    d = api.draft(p, FIXED)
    assert "50% (fewer than 5 children)" in api.draft_markdown(d)
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(api.draft_docx(d))) as z:
        assert "fewer than 5 children" in z.read("word/document.xml").decode("utf-8")
