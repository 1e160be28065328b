"""A comparison's periods (``reports.compare_side``) hold exactly the full gap report's fields
that ``compare`` reads, with local settings (override, waivers, not applicable) and --areas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_status_pass import FILES, SETTINGS

from selfeval.core import catalogue as cat
from selfeval.core import settings as st
from selfeval.core import submission
from selfeval.core.check import Options, load_rules
from selfeval.reports.check import check_submission
from selfeval.reports.compare import previous_of
from selfeval.reports.compare_side import check_side

FIELDS = ("id", "title", "area", "area_title", "themes", "status", "status_label", "expectation",
          "action", "missing", "adjustment")


@pytest.mark.parametrize("areas", [(), ("care-leavers", "leaders")])
@pytest.mark.parametrize("with_settings", [False, True])
def test_each_period_is_the_full_reports_fields(tmp_path: Path, areas: tuple[str, ...], with_settings: bool) -> None:
    c = cat.load()
    opts = Options(generated=dt.date(2026, 6, 1), areas=areas)
    ruleset = load_rules(opts, c)
    local = st.NONE
    if with_settings:
        (tmp_path / "selfeval.yaml").write_text(SETTINGS, encoding="utf-8")
        local = st.load(tmp_path / "selfeval.yaml", ruleset)
    kinds = set()
    for f in [*FILES, EXAMPLES / "metrics.yaml"]:
        sub = submission.load(f, c)
        for s in [sub, *([previous_of(sub)] if sub.previous is not None else [])]:
            full = check_submission(s, ruleset, opts, c, local)
            side = check_side(s, ruleset, opts, c, local)
            want = {x["id"]: {k: x[k] for k in FIELDS} for x in full.findings}
            assert {x["id"]: x for x in side.findings} == want
            assert side.counts == full.data["summary"]["counts"]
            assert side.packs == full.data["packs"]
            assert side.scope == full.data["scope"] and side.suppress_below == full.data["suppress_below"]
            kinds |= {x["adjustment"]["kind"] for x in side.findings if x["adjustment"]}
    if with_settings and not areas:
        assert kinds >= {"override", "not_applicable", "waived", "waiver_expired"}
