"""The indicative position of a judgement area: evidence weighed before gaps.

The method is data (``data/positions.yaml``) and is explained for a QA lead in
``docs/positions.md``. In short: rules roll up into the area's core themes; too few themes
judged gives "not enough evidence"; a serious result counts only when the evidence corroborates
it, otherwise it reads "serious — check"; a named list of red flags (children left at risk)
indicates serious weaknesses by themselves; the bands follow Ofsted's descriptors. Every
position says what drove it and what would change it.

It works on the report model's findings (plain dicts), so every format shows the same reading.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping

from selfeval.core import yamlsafe
from selfeval.core.records import dataclass
from selfeval.core.resources import read_text

GAP = ("concern", "serious")
JUDGED = ("met", "concern", "serious")
READING_LABELS = {"serious": "Serious", "serious_check": "Serious — check", "gap": "Gap",
                  "met": "Met", "not_judged": "Not judged"}
KIND_OF = {"metric": "metric", "change": "metric", "benchmark": "metric", "audit": "audit", "fact": "fact"}


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return yamlsafe.loads_builtin(read_text("data", "positions.yaml"), "positions.yaml")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class RuleReading:
    """What the position needs to know about one rule's result."""

    id: str
    title: str
    status: str
    themes: tuple[str, ...]
    kinds: frozenset[str]  # kinds of evidence (metric, audit, fact) that showed its gap
    serious_kinds: frozenset[str] = frozenset()  # kinds its serious condition found past the line
    held: bool = False  # serious in the previous period too


def _kinds(finding: Mapping[str, Any], level: str) -> frozenset[str]:
    return frozenset(KIND_OF.get(t["kind"], t["kind"]) for lv in finding["levels"] if lv["name"] == level
                     for t in lv["tests"] if t.get("result") is True)


def readings(findings: Iterable[Mapping[str, Any]], previous: Mapping[str, str] | None = None) -> list[RuleReading]:
    """Rule readings from the report model's findings; ``previous`` maps rule id to last period's status."""
    previous = previous or {}
    out = []
    for f in findings:
        status = f["status"]
        out.append(RuleReading(
            id=f["id"], title=f["title"], status=status, themes=tuple(f["themes"]),
            kinds=_kinds(f, status) if status in GAP else frozenset(),
            serious_kinds=_kinds(f, "serious") if status == "serious" else frozenset(),
            held=status == "serious" and previous.get(f["id"]) == "serious"))
    return out


def _red_flags(rules: list[RuleReading], *, sign: bool = False) -> list[dict[str, Any]]:
    """Red-flag rules at their level (``sign``: at the level that signals risk elsewhere; a flag
    with no level is only ever a sign)."""
    order = {"concern": 2, "serious": 3}
    flags = []
    by_id = {r.id: r for r in rules}
    for flag in config()["red_flags"]:
        r = by_id.get(flag["rule"])
        need = flag.get("sign", "concern") if sign else flag.get("level")
        if need is not None and r is not None and r.status in GAP and order[r.status] >= order[need]:
            flags.append({"rule": r.id, "title": r.title, "why": flag["why"]})
    return flags


def _theme(theme: Mapping[str, Any], rules: list[RuleReading], flagged: set[str]) -> dict[str, Any]:
    tags = set(theme["tags"])
    mine = [r for r in rules if tags & set(r.themes)]
    judged = [r for r in mine if r.status in JUDGED]
    gaps = [r for r in judged if r.status in GAP]
    serious = [r for r in judged if r.status == "serious"]

    def corroborated(r: RuleReading) -> bool:
        if r.id in flagged or r.held or {"audit", "metric"} <= r.serious_kinds:
            return True
        # another rule on the same expectation (a shared theme tag) shows a gap from another kind of evidence
        return any(o is not r and o.status in GAP and (o.kinds - r.kinds) and set(o.themes) & set(r.themes)
                   for o in judged)

    if not judged:
        reading = "not_judged"
    elif any(corroborated(r) for r in serious) or any(r.id in flagged for r in gaps):
        reading = "serious"
    elif serious:
        reading = "serious_check"
    elif len(gaps) * 2 >= len(judged):
        reading = "gap"
    else:
        reading = "met"
    return {"id": theme["id"], "title": theme["title"], "at_risk": bool(theme.get("at_risk")),
            "reading": reading, "reading_label": READING_LABELS[reading],
            "rules": [r.id for r in mine], "judged": len(judged), "gaps": [r.id for r in gaps],
            "serious": [r.id for r in serious],
            "single_source": [r.id for r in serious if not corroborated(r)]}


def position(area: str, rules: list[RuleReading], others_serious: bool = False,
             leaders_serious: bool = False) -> dict[str, Any]:
    """The indicative position of ``area`` from its rules' readings (JSON-ready).
    ``others_serious``: another area indicates serious weaknesses (used for leaders);
    ``leaders_serious``: the leaders area does (used for the others: a serious result to check is
    not left to a check that failing leadership is not making)."""
    cfg = config()
    core = _core_themes(cfg["areas"].get(area, []), rules)
    red = _red_flags(rules)
    at_risk = bool(_red_flags(rules, sign=True)) or (area == "leaders" and others_serious)
    themes = [_theme(t, rules, {f["rule"] for f in red}) for t in core]
    judged = [t for t in themes if t["reading"] != "not_judged"]
    gap_themes = [t for t in judged if t["reading"] != "met"]
    serious = [t for t in judged if t["reading"] == "serious" and t["at_risk"]]
    check = [t for t in judged if t["reading"] == "serious_check" and t["at_risk"]]
    share = len(gap_themes) / len(judged) if judged else 0.0
    enough = bool(core) and len(judged) / len(core) >= cfg["enough_evidence"]
    widespread = share >= cfg["widespread"] and at_risk
    unchecked = bool(check) and leaders_serious and area != "leaders" and bool(cfg.get("unchecked_when_leaders_fail"))
    if not enough:
        key = "insufficient_evidence"
    elif red or serious or widespread or unchecked:
        key = "serious_weaknesses"
    elif check:
        key = "serious_check"
    elif share > cfg["good_at_most"]:
        key = "improvement_needed"
    else:
        key = "no_significant_gaps"
    band = next(b for b in cfg["bands"] if b["key"] == key)
    return {
        "key": key, "title": band["title"], "band": band["band"],
        "explanation": " ".join(band["descriptor"].split()),
        "label": cfg["label"], "caveat": " ".join(cfg["caveat"].split()), "indicative": True,
        "core_themes": themes, "judged_themes": len(judged), "core_theme_count": len(core),
        "gap_themes": len(gap_themes), "red_flags": red,
        "widespread": widespread, "unchecked_with_failing_leaders": unchecked,
        "drivers": _drivers(key, themes, red, len(core), widespread, unchecked),
        "would_change": _would_change(key, themes, red, cfg, len(core), unchecked),
    }


def _core_themes(configured: list[dict[str, Any]], rules: list[RuleReading]) -> list[dict[str, Any]]:
    """The configured core themes that loaded rules belong to, then one theme per first tag of
    any rule that fits none (a pack of one's own, or a rule outside the built-in themes), so no
    rule is left out and an area is judged on the themes its loaded rules can speak to."""
    present = [t for t in configured if any(set(t["tags"]) & set(r.themes) for r in rules)]
    covered = {tag for t in configured for tag in t["tags"]}
    extra: dict[str, dict[str, Any]] = {}
    for r in rules:
        if r.themes and not covered & set(r.themes):
            tag = r.themes[0]
            extra.setdefault(tag, {"id": tag, "title": tag.replace("-", " ").capitalize(), "tags": [tag]})
    return present + list(extra.values())


def _names(ts: list[dict[str, Any]]) -> str:
    return "; ".join(t["title"] for t in ts)


def _drivers(key: str, themes: list[dict[str, Any]], red: list[dict[str, Any]], n: int,
             widespread: bool, unchecked: bool = False) -> list[str]:
    judged = [t for t in themes if t["reading"] != "not_judged"]
    gaps = [t for t in judged if t["reading"] != "met"]
    out = [f"{len(judged)} of {n} core themes could be judged; {len(gaps)} show a gap."]
    if widespread:
        out.append("Widespread: gaps in most judged themes, with signs that children may be left at risk.")
    if unchecked:
        out.append("Leaders' position is serious weaknesses, so a serious result that rests on one source where "
                   "children are at risk is taken as it stands: the check it needs is leaders' oversight, which "
                   "the evidence says is failing.")
    for f in red:
        out.append(f"Red flag: {f['title']} ({f['rule']}) — {f['why']}")
    for reading, risk, words in (
            ("serious", True, "Serious, corroborated, where failures leave children at risk"),
            ("serious_check", True, "Serious on one source only, where failures leave children at risk"),
            ("serious", False, "Serious, corroborated, in a theme that is not by itself a risk to children (act on it first)"),
            ("serious_check", False, "Serious on one source only, in a theme that is not by itself a risk to children"),
            ("gap", None, "A gap in at least half of the theme's judged rules")):
        ts = [t for t in judged if t["reading"] == reading and (risk is None or t["at_risk"] == risk)]
        if ts:
            out.append(f"{words}: {_names(ts)}.")
    met = [t for t in judged if t["reading"] == "met"]
    if met:
        out.append(f"Met: {_names(met)}.")
    return out


def _would_change(key: str, themes: list[dict[str, Any]], red: list[dict[str, Any]], cfg: Mapping[str, Any],
                  n: int, unchecked: bool = False) -> list[str]:
    judged = [t for t in themes if t["reading"] != "not_judged"]
    unjudged = [t for t in themes if t["reading"] == "not_judged"]
    gaps = [t for t in judged if t["reading"] != "met"]
    needed = next(k for k in range(n + 1) if k / n >= cfg["enough_evidence"]) if n else 0
    if key == "insufficient_evidence":
        more = needed - len(judged)
        return [f"Evidence for {more} more core theme{'s' if more != 1 else ''} (of: {_names(unjudged)}) would let "
                "selfeval indicate a position; the evidence gaps section says what each needs."]
    out = []
    if red:
        out.append("Each red flag indicates serious weaknesses by itself: "
                   + "; ".join(f"{f['rule']} must be below its line" for f in red) + ".")
    if key in ("serious_weaknesses", "serious_check"):
        singles = sorted({r for t in judged if t["at_risk"] for r in t["single_source"]})
        if key == "serious_check" and singles:
            out.append(f"Check {', '.join(singles)} against a second source: if a matching metric or audit, or "
                       "the previous period, shows the same, the position is serious weaknesses; if not, it "
                       "reads as improvement needed.")
        if unchecked and singles:
            out.append(f"A second source that does not bear out {', '.join(singles)}, or leaders' position "
                       "lifting out of serious weaknesses, would read as improvement needed — serious, check.")
        corr = [t for t in judged if t["reading"] == "serious" and t["at_risk"]]
        if corr and not red:
            out.append(f"Bringing the serious results in {_names(corr)} below their serious lines would lift the "
                       "position to improvement needed or better.")
    good = int(cfg["good_at_most"] * len(judged))
    if key == "improvement_needed":
        fewer = len(gaps) - good
        out.append(f"Closing the gaps in {fewer} more theme{'s' if fewer != 1 else ''} (at most {good} of "
                   f"{len(judged)} judged themes with a gap) would read as no significant gaps; a corroborated "
                   "serious result or a red flag would read as serious weaknesses.")
    if key == "no_significant_gaps":
        more = good - len(gaps) + 1
        out.append(f"A gap in {more} more theme{'s' if more != 1 else ''} would read as improvement needed; a "
                   "corroborated serious result or a red flag as serious weaknesses.")
    if unjudged:
        out.append(f"Not yet judged: {_names(unjudged)}; evidence there could move the position either way.")
    return out


def band_of(key: str) -> str:
    """The Ofsted band a position key stands for (none, inadequate, requires_improvement, good)."""
    return str(next(b["band"] for b in config()["bands"] if b["key"] == key))
