"""Every threshold's basis is true to its source: a rationale that says statutory guidance or
regulation must cite a source of that type, a national benchmark a national statistic, and an
inspection finding an inspection report. Reports and `rules show` print the basis as written."""

from __future__ import annotations

import pytest

from selfeval.core import packs

RULES = packs.load((), builtin=True)
ALLOWED = {
    "statutory_guidance": {"statutory_guidance"},
    "regulation": {"regulation"},
    "national_benchmark": {"national_statistics"},
    "inspection_finding": {"inspection_report"},
    "local_standard": {"statutory_guidance", "regulation", "national_statistics", "inspection_report", "other"},
}
LEVELS = [(r.id, name, lv.rationale) for r in RULES.rules.values() for name, lv in r.levels.items()]


@pytest.mark.parametrize(("rule", "level", "rationale"), LEVELS, ids=[f"{r}::{n}" for r, n, _ in LEVELS])
def test_basis_matches_the_type_of_source_cited(rule: str, level: str, rationale: packs.Rationale) -> None:
    src = RULES.sources[rationale.source]
    assert src["type"] in ALLOWED[rationale.basis], (
        f"{rule} {level}: basis {rationale.basis} but {rationale.source} is typed {src['type']}; "
        "label it local_standard or cite a source of the right type")


def test_rules_show_prints_the_basis(run) -> None:  # type: ignore[no-untyped-def]
    out = run("rules", "show", "ld-supervision-timeliness").stdout
    assert "Local standard" in out and "Statutory guidance" not in out
