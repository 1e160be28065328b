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
    assert "\x1b[1;31m[SERIOUS]" in render.render(data, "text", color=True)


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
    assert test(shown)["actual"]["display"] == "50%"
    assert test(hidden)["actual"] == {"value": None, "display": "suppressed (fewer than 5)", "suppressed": True}
    # the verdict is still made on the true figure
    assert [f["status"] for a in hidden["areas"] for f in a["findings"] if f["id"] == "starter-return-home-interviews"] == ["concern"]


def test_evidence_gaps_name_what_is_missing() -> None:
    gaps = _example_report()["evidence_gaps"]
    assert {"kind": "previous_metric", "id": "social_worker_caseload_average"}.items() <= gaps[0].items()
    assert gaps[0]["rules"] == ["starter-caseloads-worsening"]


@pytest.mark.parametrize("fmt", list(render.FORMATS))
def test_every_format_renders(fmt: str) -> None:
    assert "Harrowdale" in render.render(_example_report(), fmt)
