"""Rules as readers see them: listings, one rule explained, and theme coverage (plain data)."""

from __future__ import annotations

from typing import Any, Iterable

from selfeval.core.catalogue import AREAS
from selfeval.core.packs import Rule, RuleSet
from selfeval.reports.report import BASIS_LABELS


def summary(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title, "area": rule.area, "pack": rule.pack,
            "themes": list(rule.themes), "levels": list(rule.levels),
            "citations": [{"source": c.source, "paragraphs": c.paragraphs} for c in rule.findings],
            "sources": rule.sources}


def list_text(rules: Iterable[Rule]) -> str:
    rows = [(r.id, r.area, "+".join(r.levels), r.title) for r in rules]
    if not rows:
        return "no rules\n"
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    lines = [f"{a:<{w0}}  {b:<{w1}}  {c:<{w2}}  {d}" for a, b, c, d in rows]
    return "\n".join(lines) + f"\n\n{len(rows)} rules\n"


def _source(rs: RuleSet, key: str) -> dict[str, Any]:
    src = rs.sources.get(key, {})
    return {"key": key, "title": src.get("title", key), "publisher": src.get("publisher"),
            "year": src.get("year"), "link": src.get("link")}


def detail(rule: Rule, rs: RuleSet) -> dict[str, Any]:
    return {
        **summary(rule),
        "area_title": AREAS.get(rule.area, rule.area),
        "expectation": rule.expectation,
        "since": rule.since.isoformat() if rule.since else None,
        "levels": [{
            "name": name, "condition": lv.when.describe(), "when": lv.raw_when,
            "rationale": {"basis": lv.rationale.basis,
                          "basis_label": BASIS_LABELS.get(lv.rationale.basis, lv.rationale.basis),
                          "note": lv.rationale.note, "source": _source(rs, lv.rationale.source)},
        } for name, lv in rule.levels.items()],
        "findings": [{"source": _source(rs, c.source), "paragraphs": c.paragraphs,
                      "paraphrase": c.paraphrase} for c in rule.findings],
        "action": rule.action,
        "red_flag": _red_flag(rule.id),
        "cases": [{"name": c.name, "expect": c.expect} for c in rule.cases],
        "file": rule.file,
    }


def _red_flag(rule_id: str) -> dict[str, Any] | None:
    """The rule's place in the red-flag list of data/positions.yaml, if it has one."""
    from selfeval.core import positions

    return next(({"level": f.get("level"), "sign": f.get("sign", "concern"), "why": f["why"]}
                 for f in positions.config()["red_flags"] if f["rule"] == rule_id), None)


def coverage(rs: RuleSet) -> dict[str, Any]:
    """Each registered theme (or, without a registry, each theme used) with the rules tagging it."""
    by_theme: dict[str, list[str]] = {}
    for rule in rs.rules.values():
        for t in rule.themes:
            by_theme.setdefault(t, []).append(rule.id)
    keys = list(rs.themes) or sorted(by_theme)
    themes = []
    for key in keys:
        meta = rs.themes.get(key, {})
        themes.append({"theme": key, "title": meta.get("title", key), "area": meta.get("area"),
                       "origin": meta.get("origin"), "where": meta.get("where"),
                       "evidence": meta.get("evidence"), "why": meta.get("why"),
                       "rules": by_theme.get(key, [])})
    uncovered = [t["theme"] for t in themes if not t["rules"]]
    return {"themes": themes, "covered": len(themes) - len(uncovered), "total": len(themes),
            "uncovered": uncovered}


def coverage_text(cover: dict[str, Any]) -> str:
    lines = []
    for t in cover["themes"]:
        mark = "ok " if t["rules"] else ("n/a" if t.get("evidence") == "none" else "-- ")
        origin = f" [{t['origin']}]" if t.get("origin") else ""
        lines.append(f"{mark} {t['theme']}{origin}: {t['title']}")
        if t["rules"]:
            lines.append(f"      {', '.join(t['rules'])}")
        elif t.get("why"):
            lines.append(f"      cannot be evidenced: {t['why']}")
    lines.append(f"\n{cover['covered']} of {cover['total']} themes covered")
    if cover["uncovered"]:
        lines.append(f"not covered: {', '.join(cover['uncovered'])}")
    return "\n".join(lines) + "\n"
