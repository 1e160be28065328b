"""Facts never pass without evidence behind them, and no audit question feeds two judgement areas."""

from __future__ import annotations

from pathlib import Path

from conftest import HEADER, Run, write

from selfeval.core import packs
from selfeval.core.catalogue import load as load_catalogue


def test_every_fact_says_how_to_evidence_it() -> None:
    missing = [f.id for f in load_catalogue().facts.values() if len(f.evidence) < 20]
    assert not missing, f"facts without 'evidence' (the record an inspector would ask to see): {missing}"


def test_no_audit_question_feeds_two_judgement_areas() -> None:
    areas: dict[str, set[str]] = {}
    for rule in packs.load((), builtin=True).rules.values():
        for level in rule.levels.values():
            for ref in level.when.refs():
                if ref.kind == "audit":
                    areas.setdefault(ref.id, set()).add(rule.area)
    shared = {q: a for q, a in areas.items() if len(a) > 1}
    assert not shared, f"audit questions used by rules in more than one area: {shared}"


def test_a_retired_question_is_an_error_that_says_what_to_use(tmp_path: Path, run: Run) -> None:
    p = write(tmp_path, HEADER + "audits:\n  answers:\n    iro_or_chair_challenge_evident: {yes: 3, partly: 1, no: 1}\n")
    err = run("check", p, expect=2).stderr
    assert "metrics.yaml:5:5: audit question 'iro_or_chair_challenge_evident' is no longer used" in err
    assert "cp_chair_challenge_evident" in err and "iro_challenge_evident" in err


def test_the_report_says_how_to_evidence_a_missing_fact(tmp_path: Path, run: Run) -> None:
    import json

    data = json.loads(run("check", write(tmp_path, HEADER), "-f", "json", expect=None).stdout)
    gap = next(g for g in data["evidence_gaps"] if g["id"] == "children_views_shape_services")
    assert "you said, we did" in gap["how_to_evidence"]
