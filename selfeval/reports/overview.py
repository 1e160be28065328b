"""The summary a director reads first: per area the indicative position and what drove it, the
top risks with their figures, the main strengths, how much of the expected evidence is held, and
the lines of enquiry an inspector would likely open first.

Pure functions of the finished findings (report model dicts): nothing here decides a verdict. The
rankings are deliberately simple and written down so a reader can check them:
- a top risk is a serious result, corroborated ones first (its serious level held on a metric
  and an audit together, or another gap shares one of its themes); with no serious result, the
  corroborated concerns;
- a strength is a met result with at least one figure, none of whose metrics is worse than
  England's figure of the year selfeval holds (see :func:`no_worse_than_england`);
- lines of enquiry: compliance without quality (a timeliness figure met beside a quality audit in
  gap on the same theme), the top risks, last inspection's recommendations not yet met, and areas
  where most expectations could not be judged.
"""

from __future__ import annotations

from typing import Any, Iterable

GAP = ("serious", "concern")
METRIC_KINDS = ("metric", "change", "benchmark")
TOP_RISKS = 5
STRENGTHS = 5
LINES = 5


def tests(f: dict[str, Any], levels: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Each test of a finding once (by kind and id), from the given levels (default: all)."""
    want = set(levels) if levels is not None else None
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for lv in f["levels"]:
        if want is None or lv["name"] in want:
            for t in lv["tests"]:
                out.setdefault((t["kind"], t["id"]), {**t, "level": lv["name"]})
    return list(out.values())


def has_figure(t: dict[str, Any]) -> bool:
    return t["actual"]["value"] is not None or bool(t["actual"].get("suppressed"))


def _pct(x: float) -> str:
    return f"{x * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _short(t: dict[str, Any], met: bool = False) -> str:
    """'72.5% no or partly (n = 40)' for an audit (for a met rule: the share answering
    yes); the display for anything else."""
    if t["kind"] == "audit" and t.get("answers") and t["actual"]["value"] is not None:
        a = t["answers"]
        n = sum(int(a.get(k) or 0) for k in ("yes", "partly", "no"))
        if met and n:
            return f"{_pct(int(a.get('yes') or 0) / n)} yes (n = {n})"
        words = " or ".join(x.replace("_", " ") for x in t.get("answers_counted") or ())
        return f"{_pct(float(t['actual']['value']))} {words} (n = {n})"
    return str(t["actual"]["display"])


def _against(t: dict[str, Any]) -> str | None:
    """'serious if below 70', 'concern if above 30%': the threshold the figure was tested against."""
    thr = t.get("threshold")
    if not thr or not t.get("op"):
        return None
    return f"{t.get('level', '')} if {str(t['op']).replace('_', ' ')} {thr['display']}".strip()


def figure(t: dict[str, Any], met: bool = False) -> dict[str, Any]:
    """A figure for a summary line: the value, the threshold it was tested against (for a gap),
    England's figure."""
    nat = t.get("national")
    return {"short": _short(t, met), "against": None if met else _against(t),
            "kind": "audit" if t["kind"] == "audit" else "fact" if t["kind"] == "fact" else "metric",
            "id": t["id"], "label": t["label"], "display": t["actual"]["display"],
            "test": t.get("test"), "threshold": (t.get("threshold") or {}).get("display"),
            "result": t.get("result"),
            "national": {"display": nat["display"], "year": nat.get("year")} if nat else None}


def figures(f: dict[str, Any], level: str | None = None) -> list[dict[str, Any]]:
    """The figures behind a finding's status: the tests of the level that held (for a gap) that
    have a value, else every test with a value."""
    met = f["status"] == "met"
    chosen = [t for t in tests(f, (level,) if level else None) if has_figure(t)]
    if level and f["status"] in GAP:
        chosen = [t for t in chosen if t.get("result") is True] or chosen
    return ([figure(t, met) for t in chosen]
            or ([figure(t, met) for t in tests(f) if has_figure(t)] if level else []))


def worse_than_england(t: dict[str, Any]) -> bool:
    """True if a metric's figure is worse than England's (by the catalogue's better direction)."""
    nat, val = t.get("national"), t["actual"]["value"]
    if not nat or nat.get("value") is None or val is None or t.get("better") not in ("higher", "lower"):
        return False
    return bool(val < nat["value"]) if t["better"] == "higher" else bool(val > nat["value"])


def no_worse_than_england(f: dict[str, Any]) -> bool:
    """A met result may be called a strength only if none of its figures is worse than England's."""
    return not any(worse_than_england(t) for t in tests(f) if t["kind"] in METRIC_KINDS)


def _kinds(f: dict[str, Any], level: str | None = None) -> set[str]:
    return {("metric" if t["kind"] in METRIC_KINDS else t["kind"])
            for t in tests(f, (level,) if level else None) if t.get("result") is True or level is None}


def corroboration(f: dict[str, Any], gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Other gaps in the same area sharing a theme with ``f`` (the calibration's own field wins)."""
    if "corroboration" in f:
        return list(f["corroboration"])
    themes = set(f["themes"])
    return [{"id": g["id"], "title": g["title"], "status": g["status"]} for g in gaps
            if g["id"] != f["id"] and g["area"] == f["area"] and themes & set(g["themes"])]


def _risk(f: dict[str, Any], gaps: list[dict[str, Any]]) -> dict[str, Any]:
    with_others = corroboration(f, gaps)
    both = {"metric", "audit"} <= _kinds(f, f["status"])
    return {"id": f["id"], "title": f["title"], "area": f["area"], "area_title": f["area_title"],
            "status": f["status"], "status_label": f["status_label"],
            "corroborated": bool(f.get("corroborated", both or bool(with_others))),
            "metric_and_audit": both, "corroborated_by": with_others[:3],
            "figures": figures(f, f["status"]), "action": f["action"]}


def top_risks(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    gaps = [f for f in findings if f["status"] in GAP]
    risks = [_risk(f, gaps) for f in gaps if f["status"] == "serious"]
    if not risks:
        risks = [r for r in (_risk(f, gaps) for f in gaps) if r["corroborated"]]
    order = {f["id"]: i for i, f in enumerate(findings)}
    risks.sort(key=lambda r: (not r["corroborated"], not r["metric_and_audit"], order[r["id"]]))
    # the first of each area, then the rest in rank order, so one area cannot hide the others
    firsts = {r["area"]: r["id"] for r in reversed(risks)}
    risks.sort(key=lambda r: r["id"] not in firsts.values())
    return risks[:TOP_RISKS]


def strengths(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in findings:
        figs = figures(f)
        if f["status"] != "met" or not figs or not no_worse_than_england(f):
            continue
        directed = [t for t in tests(f) if has_figure(t) and (t["kind"] == "audit" or t.get("better") in ("higher", "lower"))]
        if not directed:  # a figure with no better direction (such as a rate) is not a strength
            continue
        better = any(t.get("national") for t in tests(f) if t["kind"] in METRIC_KINDS)
        out.append({"id": f["id"], "title": f["title"], "area": f["area"], "area_title": f["area_title"],
                    "figures": figs, "rank": (not better, "audit" not in _kinds(f), len(out))})
    out.sort(key=lambda s: s.pop("rank"))
    return out[:STRENGTHS]


def evidence_held(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """How much of the evidence the rules look for the authority holds, by kind."""
    needed: dict[tuple[str, str], bool] = {}
    for f in findings:
        if f["status"] == "not_applicable":
            continue
        for t in tests(f):
            kind = "metric" if t["kind"] in METRIC_KINDS else t["kind"]
            if t["kind"] == "benchmark":
                continue
            needed[(kind, t["id"])] = needed.get((kind, t["id"]), False) or has_figure(t)
        for m in f["missing"]:
            if m["kind"] in ("metric", "audit", "fact"):
                needed.setdefault((m["kind"], m["id"]), False)
    by_kind = {k: {"held": sum(1 for (kk, _), v in needed.items() if kk == k and v),
                   "needed": sum(1 for (kk, _) in needed if kk == k)} for k in ("metric", "audit", "fact")}
    judged = [f for f in findings if f["status"] in ("met", *GAP)]
    total = [f for f in findings if f["status"] != "not_applicable"]
    held = sum(v["held"] for v in by_kind.values())
    want = sum(v["needed"] for v in by_kind.values())
    return {"rules_judged": len(judged), "rules_total": len(total),
            "measures_held": held, "measures_needed": want,
            "share_held": round(100 * held / want) if want else 100, "by_kind": by_kind}


def area_drivers(area: dict[str, Any]) -> list[dict[str, Any]]:
    """The results behind an area's position: its gaps, serious first (at most three), each with
    its figures. (The position's own reasons, when the positions engine gives them, travel beside
    these as ``reasons`` and ``would_change``.)"""
    gaps = [f for f in area["findings"] if f["status"] in GAP][:3]
    return [{"id": f["id"], "title": f["title"], "status": f["status"], "status_label": f["status_label"],
             "figures": figures(f, f["status"])[:2]} for f in gaps]


def lines_of_enquiry(findings: list[dict[str, Any]], areas: list[dict[str, Any]],
                     risks: list[dict[str, Any]], recommendations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What inspectors are likely to probe first, as data (the templates word each kind), at most
    five: good figures beside weaker practice on the same theme (two at most), the last
    inspection's first recommendation not yet shown to be met, the top risks not already named,
    and the areas where most expectations could not be judged."""
    gaps = [f for f in findings if f["status"] in GAP]
    seen: set[str] = set()
    quality_lines = []
    for f in findings:  # a good figure (metric only) with an audit on its theme in gap
        if f["status"] != "met" or _kinds(f) - {"metric"}:
            continue
        quality = [g for g in gaps if g["id"] not in seen and g["area"] == f["area"]
                   and "audit" in _kinds(g, g["status"]) and set(f["themes"]) & set(g["themes"])]
        if quality:
            seen.update(g["id"] for g in quality)
            quality_lines.append({"kind": "compliance_without_quality", "area_title": f["area_title"],
                                  "met": {"id": f["id"], "title": f["title"], "figures": figures(f)[:1]},
                                  "gaps": [{"id": g["id"], "title": g["title"], "status": g["status"],
                                            "figures": figures(g, g["status"])[:1]} for g in quality[:2]]})
    recs = [{"kind": "recommendation", "ref": rec.get("ref"), "text": rec["text"],
             "progress": rec["progress"], "progress_label": rec["progress_label"]}
            for rec in recommendations if rec.get("progress") in ("not_met", "not_evidenced")]
    unknown = []
    for a in areas:
        c = a["counts"]
        total = (c["total"] - c["not_applicable"]) or 1
        if c["not_evidenced"] / total >= 0.5:
            unknown.append({"area_title": a["title"], "not_evidenced": c["not_evidenced"], "total": total})
    tail = [{"kind": "unknown", "areas": unknown}] if unknown else []
    lines = quality_lines[:2] + recs[:1]
    room = LINES - len(lines) - len(tail)
    for r in risks:
        if room <= 0:
            break
        if r["id"] not in seen:
            seen.add(r["id"])
            lines.append({"kind": "top_risk", "area_title": r["area_title"], "risk": r})
            room -= 1
    return (lines + tail)[:LINES]


def build(findings: list[dict[str, Any]], areas: list[dict[str, Any]],
          recommendations: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary's parts (the evidence plan is built beside it, in :mod:`evidence_plan`)."""
    risks = top_risks(findings)
    return {
        "areas": [{"id": a["id"], "title": a["title"], "position": a["position"], "counts": a["counts"],
                   "drivers": area_drivers(a),
                   "reasons": list(a["position"].get("drivers") or []),
                   "would_change": list(a["position"].get("would_change") or [])} for a in areas],
        "top_risks": risks,
        "strengths": strengths(findings),
        "evidence_held": evidence_held(findings),
        "lines_of_enquiry": lines_of_enquiry(findings, areas, risks, recommendations),
    }


ELSEWHERE_SHOWN = 2
"""Other authorities' inspection findings shown beside a finding by default (all in --detail)."""


def elsewhere(citations: list[dict[str, Any]], status: str) -> dict[str, Any]:
    """What other authorities' inspections found, newest first: for a gap or an unjudged rule only
    the gaps they found (another authority's strength never supports this one's gap)."""
    found = [c for c in citations if c["type"] == "inspection_report" and c["authority"]
             and (status == "met" or c["kind"] == "gap")]
    found.sort(key=lambda c: -(c["year"] or 0))
    return {"found": found, "shown": min(len(found), ELSEWHERE_SHOWN),
            "more": max(len(found) - ELSEWHERE_SHOWN, 0), "total": len(found)}
