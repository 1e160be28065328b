"""The positions engine (selfeval/core/positions.py, data/positions.yaml): evidence weighed
before gaps, red flags, corroboration, and the two properties the method promises."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import HEADER, Run, write
from hypothesis import given, settings
from hypothesis import strategies as st

from selfeval.core import packs, positions
from selfeval.core.positions import RuleReading

RULES = packs.load((), builtin=True).rules
ORDER = {"no_significant_gaps": 0, "improvement_needed": 1, "serious_check": 2, "serious_weaknesses": 3}
AREAS = ("help_and_protection", "children_in_care", "care_leavers", "leaders")


def reading(rule_id: str, status: str, kinds: frozenset[str] = frozenset({"audit"}), **kw: object) -> RuleReading:
    r = RULES[rule_id]
    return RuleReading(id=r.id, title=r.title, status=status, themes=r.themes,
                       kinds=kinds if status in ("concern", "serious") else frozenset(),
                       serious_kinds=kinds if status == "serious" else frozenset(), **kw)  # type: ignore[arg-type]


def area_rules(area: str) -> list[str]:
    return [r.id for r in RULES.values() if r.area == area]


def full(area: str, given: list[RuleReading]) -> list[RuleReading]:
    """Every built-in rule of the area, not evidenced unless given (as a report has them)."""
    by = {r.id: r for r in given}
    return [by.get(rid) or reading(rid, "not_evidenced") for rid in area_rules(area)]


def test_core_themes_cover_every_builtin_rule_and_number_six_to_eight() -> None:
    cfg = positions.config()
    for area in AREAS:
        core = cfg["areas"][area]
        assert 6 <= len(core) <= 8, area
        assert all(set(theme) <= {"id", "title", "tags", "at_risk"} for theme in core), area  # no stray keys
        tags = {t for theme in core for t in theme["tags"]}
        loose = [r.id for r in RULES.values() if r.area == area and not tags & set(r.themes)]
        assert not loose, f"{area}: rules in no core theme: {loose}"
    for flag in cfg["red_flags"]:
        assert set(flag) <= {"rule", "level", "sign", "why"} and isinstance(flag["why"], str)
        levels = RULES[flag["rule"]].levels if flag["rule"] in RULES else {}
        assert flag["rule"] in RULES and flag.get("level", "concern") in levels and flag.get("sign", "concern") in levels


def test_too_few_themes_judged_is_not_enough_evidence_but_lists_red_flags() -> None:
    pos = positions.position("children_in_care", full("children_in_care", [
        reading("cic-unregistered-homes", "concern", frozenset({"metric"}))]))
    assert pos["key"] == "insufficient_evidence"
    assert [f["rule"] for f in pos["red_flags"]] == ["cic-unregistered-homes"]
    assert "more core theme" in pos["would_change"][0]


def _judged_everywhere(area: str, status: str = "met") -> list[RuleReading]:
    """One judged rule per core theme of the area."""
    out, seen = [], set()
    for theme in positions.config()["areas"][area]:
        rid = next(r.id for r in RULES.values() if r.area == area and set(theme["tags"]) & set(r.themes)
                   and r.id not in seen)
        seen.add(rid)
        out.append(reading(rid, status))
    return out


def test_a_red_flag_indicates_serious_weaknesses_by_itself() -> None:
    rules = [r for r in _judged_everywhere("help_and_protection") if r.id != "hp-unallocated-work"]
    rules.append(reading("hp-strategy-discussion-timely", "serious"))
    pos = positions.position("help_and_protection", full("help_and_protection", rules))
    assert pos["key"] == "serious_weaknesses" and pos["red_flags"][0]["rule"] == "hp-strategy-discussion-timely"


def test_a_sign_only_flag_is_never_serious_alone_but_makes_widespread_gaps_serious() -> None:
    """A care leaver in bed and breakfast is a sign of risk, not a red flag: with most themes met
    the area reads as its gaps do; with gaps in most themes the failures are widespread."""
    bnb = reading("cl-no-bed-and-breakfast", "concern", frozenset({"metric"}))
    met = [r for r in _judged_everywhere("care_leavers") if r.id != bnb.id] + [bnb]
    pos = positions.position("care_leavers", full("care_leavers", met))
    assert pos["key"] in ("no_significant_gaps", "improvement_needed") and not pos["red_flags"]
    gaps = [r for r in _judged_everywhere("care_leavers", "concern") if r.id != bnb.id] + [bnb]
    without_sign = [r for r in gaps if r.id != bnb.id] + [reading(bnb.id, "met")]
    assert positions.position("care_leavers", full("care_leavers", without_sign))["key"] == "improvement_needed"
    pos = positions.position("care_leavers", full("care_leavers", gaps))
    assert pos["key"] == "serious_weaknesses" and pos["widespread"] and not pos["red_flags"]


def test_a_single_source_serious_result_reads_serious_check_and_corroboration_makes_it_serious() -> None:
    base = [r for r in _judged_everywhere("children_in_care") if r.id not in ("cic-placement-moves", "cic-long-term-stability")]
    single = base + [reading("cic-placement-moves", "serious", frozenset({"metric"}))]
    assert positions.position("children_in_care", full("children_in_care", single))["key"] == "serious_check"
    held = base + [reading("cic-placement-moves", "serious", frozenset({"metric"}), held=True)]
    assert positions.position("children_in_care", full("children_in_care", held))["key"] == "serious_weaknesses"


def test_a_serious_result_to_check_reads_serious_weaknesses_only_when_leaders_fail() -> None:
    """Checking a single-source result is leaders' oversight's job: with the leaders area at
    serious weaknesses the check is not being made, so the result stands. Nothing else moves."""
    base = [r for r in _judged_everywhere("children_in_care") if r.id not in ("cic-placement-moves", "cic-long-term-stability")]
    single = full("children_in_care", base + [reading("cic-placement-moves", "serious", frozenset({"metric"}))])
    pos = positions.position("children_in_care", single, leaders_serious=True)
    assert pos["key"] == "serious_weaknesses" and pos["unchecked_with_failing_leaders"]
    assert any("Leaders' position is serious weaknesses" in d for d in pos["drivers"])
    assert any("cic-placement-moves" in w and "leaders' position" in w for w in pos["would_change"])
    assert not positions.position("children_in_care", single)["unchecked_with_failing_leaders"]
    gaps = full("children_in_care", [reading(r.id, "concern") for r in _judged_everywhere("children_in_care")])
    assert positions.position("children_in_care", gaps, leaders_serious=True)["key"] == "improvement_needed"
    not_at_risk = full("children_in_care", [r for r in _judged_everywhere("children_in_care") if r.id != "cic-iro-caseloads"]
                       + [reading("cic-iro-caseloads", "serious", frozenset({"metric"}))])
    assert positions.position("children_in_care", not_at_risk, leaders_serious=True)["key"] != "serious_weaknesses"


def _plain(x: object) -> object:
    """A rule case's evidence as a metrics file writes it (YAML 1.1 read yes/no keys as booleans)."""
    if isinstance(x, dict):
        return {("yes" if k is True else "no" if k is False else k): _plain(v) for k, v in x.items()}
    return x


def _evidence(area: str, wanted: dict[str, tuple[str, str | None]]) -> dict[str, dict[str, object]]:
    """A metrics file's evidence with one rule judged in every core theme of ``area``, each at the
    status ``wanted`` gives its theme (``(status, rule id or None)``; met otherwise), taken from
    the rule's own test cases."""
    rules = packs.load((), builtin=True, cases=True).rules.values()
    ev: dict[str, dict[str, object]] = {}
    used: set[str] = set()
    for theme in positions.config()["areas"][area]:
        want, only = wanted.get(theme["id"], ("met", None))
        for r in rules:
            if r.area != area or r.id in used or not set(theme["tags"]) & set(r.themes) or only not in (None, r.id):
                continue
            case = next((c for c in r.cases if c.expect == want and not c.as_at and not c.comparators
                         and set(c.evidence) <= {"metrics", "audits", "facts"}), None)
            if case is not None:
                break
        else:
            raise AssertionError(f"no rule case for {area} {theme['id']} at {want}")
        used.add(r.id)
        _merge(ev, _plain(case.evidence))  # type: ignore[arg-type]
    return ev


def _merge(into: dict[str, object], more: dict[str, object]) -> None:
    """Add ``more`` to ``into`` (nested: audits hold answers hold questions); the first value wins."""
    for k, v in more.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)  # type: ignore[arg-type]
        else:
            into.setdefault(k, v)


def test_in_a_report_failing_leaders_turn_a_serious_result_to_check_into_serious_weaknesses(tmp_path: Path, run: Run) -> None:
    """Help and protection has a red flag (children waiting unallocated); children in care have one
    serious audit result and nothing else to check it against. With leaders' themes met, children in
    care read "serious — check"; with gaps in every leaders' theme, leaders read serious weaknesses
    (another area does) and children in care then do too."""
    import yaml

    base: dict[str, object] = {"authority": "Testshire", "period": {"start": "2025-04-01", "end": "2026-03-31"}}
    hp = _evidence("help_and_protection", {"front-door": ("serious", "hp-unallocated-work")})
    cic = _evidence("children_in_care", {"permanence": ("serious", "cic-permanence-progressing")})
    themes = [t["id"] for t in positions.config()["areas"]["leaders"]]

    def check(leaders: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        doc: dict[str, object] = copy.deepcopy(base)
        for part in (hp, cic, leaders):
            _merge(doc, copy.deepcopy(part))  # type: ignore[arg-type]
        p = write(tmp_path, yaml.safe_dump(doc, sort_keys=False))
        data = json.loads(run("check", p, "-f", "json", expect=None).stdout)
        return {a["id"]: a["position"] for a in data["areas"]}

    steady = check(_evidence("leaders", {}))
    assert steady["help_and_protection"]["key"] == "serious_weaknesses"
    assert steady["leaders"]["key"] != "serious_weaknesses"
    assert steady["children_in_care"]["key"] == "serious_check"
    failing = check(_evidence("leaders", {t: ("concern", None) for t in themes}))
    assert failing["leaders"]["key"] == "serious_weaknesses"
    assert failing["children_in_care"]["key"] == "serious_weaknesses"
    assert failing["children_in_care"]["unchecked_with_failing_leaders"]


def test_a_good_area_with_one_weakness_reads_no_significant_gaps() -> None:
    rules = _judged_everywhere("help_and_protection")
    rules[0] = reading(rules[0].id, "concern")
    pos = positions.position("help_and_protection", full("help_and_protection", rules))
    assert pos["key"] == "no_significant_gaps" and pos["drivers"] and pos["would_change"]


def test_the_issue_example_a_three_case_audit_is_not_serious(tmp_path: Path, run: Run) -> None:
    """A file with a 3-case audit and one 'partly' used to read 'Serious weaknesses'."""
    p = write(tmp_path, HEADER + "audits:\n  answers:\n    cp_medical_considered: {yes: 2, partly: 1, no: 0}\n")
    data = json.loads(run("check", p, "-f", "json", expect=None).stdout)
    hp = next(a for a in data["areas"] if a["id"] == "help_and_protection")
    assert hp["position"]["key"] == "insufficient_evidence"
    finding = next(f for f in hp["findings"] if f["id"] == "hp-cp-medicals")
    assert finding["status"] == "concern"
    tests = [t for lv in finding["levels"] for t in lv["tests"]]
    assert any("indicative, never serious" in t["actual"]["display"] for t in tests)


def test_every_format_says_what_drove_the_position(tmp_path: Path, run: Run) -> None:
    p = Path(__file__).resolve().parent.parent / "examples" / "seeds" / "liv-2014.yaml"
    for fmt, words in (("text", "Drove it:"), ("markdown", "What drove it:"), ("html", "What drove it")):
        out = run("check", p, "-f", fmt, expect=None).stdout
        assert words in out and ("Would change it" in out or "What would change it" in out), fmt


# ----------------------------------------------------------------------------- properties

STATUSES = st.sampled_from(["met", "concern", "serious", "not_evidenced"])


@st.composite
def area_results(draw: st.DrawFn) -> tuple[str, list[RuleReading]]:
    area = draw(st.sampled_from(AREAS))
    ids = area_rules(area)
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    out = []
    for rid in chosen:
        status = draw(STATUSES)
        kinds = draw(st.sets(st.sampled_from(["audit", "metric", "fact"]), min_size=1))
        out.append(reading(rid, status, frozenset(kinds), held=status == "serious" and draw(st.booleans())))
    return area, out


@settings(max_examples=300, deadline=None)
@given(area_results(), st.data())
def test_more_evidence_that_a_theme_is_met_never_worsens_the_position(case: tuple[str, list[RuleReading]],
                                                                      data: st.DataObject) -> None:
    area, given_rules = case
    rules = full(area, given_rules)
    before = positions.position(area, rules)
    unjudged = [r.id for r in rules if r.status == "not_evidenced"]
    if not unjudged:
        return
    rid = data.draw(st.sampled_from(unjudged))
    after = positions.position(area, [reading(rid, "met") if r.id == rid else r for r in rules])
    if before["key"] == "insufficient_evidence" or after["key"] == "insufficient_evidence":
        return  # a first reading may land in any band; the promise is about a reading getting worse
    assert ORDER[after["key"]] <= ORDER[before["key"]], (before["key"], after["key"], rid)


@settings(max_examples=300, deadline=None)
@given(area_results())
def test_failing_leaders_only_ever_turn_a_serious_result_to_check_into_serious_weaknesses(
        case: tuple[str, list[RuleReading]]) -> None:
    area, given_rules = case
    rules = full(area, given_rules)
    alone, with_leaders = positions.position(area, rules)["key"], positions.position(area, rules, leaders_serious=True)["key"]
    if alone == "serious_check" and area != "leaders":
        assert with_leaders == "serious_weaknesses"
    else:
        assert with_leaders == alone


GAP = {"met": 0, "not_evidenced": 0, "concern": 1, "serious": 2}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([r for r in RULES.values()
                        if any(ref.kind == "audit" for lv in r.levels.values() for ref in lv.when.refs())]),
       st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(2, 5))
def test_a_smaller_audit_sample_never_makes_a_result_more_severe(rule: packs.Rule, yes: int, partly: int, no: int,
                                                                 times: int) -> None:
    from selfeval.core import catalogue as cat
    from selfeval.core.evaluate import evaluate
    from selfeval.core.evidence import Answers, Evidence

    c = cat.load()
    qs = {ref.id for lv in rule.levels.values() for ref in lv.when.refs() if ref.kind == "audit"}

    def status(k: int) -> str:
        ev = Evidence(answers={q: Answers(yes=yes * k, partly=partly * k, no=no * k) for q in qs})
        return evaluate(rule, ev, None, c, {}).status

    assert GAP[status(1)] <= GAP[status(times)], (rule.id, status(1), status(times))
