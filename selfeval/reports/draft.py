"""A draft self-evaluation in the shape authorities use: context, then per judgement area what
we know (a short self-assessment, ranked strengths and priorities), how we know it (the quality
assurance framework), and our plans (an improvement plan), with the data and the evidence plan
in appendices.

The model is plain data taken from one report model and its submission; the wording is in
``templates/draft.md.j2`` and ``_draft.j2``. Rules of the draft, written down so they can be
checked (and are, in tests/test_draft.py):
- a **strength** is a met rule with a figure, none of whose metrics is worse than England's of the
  same year, and which no quality audit on the same theme contradicts (a timeliness figure met
  while the visits it counts lack purpose is compliance, not a strength);
- **priorities** are the gaps, serious first and corroborated first, at most six per area (the
  rest are named as further work); each reads the metric and the audit on its theme together;
- each bullet carries a ``frame`` number, so the template varies its sentences deterministically;
- no rule id appears anywhere, and no indicative position unless ``with_positions``.
"""

from __future__ import annotations

from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core.evidence import Submission
from selfeval.core.records import dataclass
from selfeval.render import templates
from selfeval.reports import evidence_plan
from selfeval.reports import overview as ov
from selfeval.reports.report import Report

DRAFT_FORMAT_VERSION = 2
GAP = ("serious", "concern")
MAX_POINTS = 6
FRAMES = 4  # sentence frames per kind in _draft.j2, used in turn

FORMATS = templates.DRAFT_FORMATS
SUFFIXES = templates.DRAFT_SUFFIXES


@dataclass(frozen=True)
class Draft:
    data: dict[str, Any]


def _kind(t: dict[str, Any]) -> str:
    return "metric" if t["kind"] in ov.METRIC_KINDS else t["kind"]


def evidence(t: dict[str, Any], met: bool) -> dict[str, Any]:
    """One figure as the template words it: a metric's value (England's and last period's beside
    it), an audit's answers, a fact's yes or no."""
    out: dict[str, Any] = {"kind": _kind(t), "id": t["id"], "label": t["label"],
                           "display": t["actual"]["display"], "met": met, "comparators": []}
    if out["kind"] == "metric":
        nat = t.get("national")
        out["national"] = {"display": nat["display"], "year": nat.get("year")} if nat else None
        # the authority's statistical neighbours, region or the user's comparators, beside England's
        out["comparators"] = [{"label": c["label"], "display": c["display"], "period": c["period"],
                               "source": c["source"]} for c in t.get("comparators") or []]
        prev = t.get("previous_period") or t.get("previous")
        out["previous"] = prev["display"] if prev and prev.get("value") is not None else None
        thr = t.get("threshold")
        out["threshold"] = f"{str(t.get('op', '')).replace('_', ' ')} {thr['display']}" if thr else None
    elif out["kind"] == "audit":
        a = t.get("answers") or {}
        out.update(yes=a.get("yes", 0), partly=a.get("partly", 0), no=a.get("no", 0),
                   n=sum(int(a.get(k) or 0) for k in ("yes", "partly", "no")))
    else:
        out["value"] = t["actual"]["value"]
    return out


def _figures(f: dict[str, Any]) -> list[dict[str, Any]]:
    level = f["status"] if f["status"] in GAP else None
    chosen = [t for t in ov.tests(f, (level,) if level else None) if ov.has_figure(t)]
    if level:
        chosen = [t for t in chosen if t.get("result") is True] or chosen
    once: dict[tuple[str, str], dict[str, Any]] = {}  # a metric tested twice (a level and a change) once
    for t in chosen:
        once.setdefault((_kind(t), t["id"]), t)
    return [evidence(t, f["status"] == "met") for t in once.values()][:2]


def _own_kinds(f: dict[str, Any]) -> set[str]:
    return {_kind(t) for t in ov.tests(f) if ov.has_figure(t)}


def _related(f: dict[str, Any], findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A figure on the same theme from the area's other judged rules, of the other kind (a
    metric's audit, an audit's metric), so a statement reads the two together. A strength takes
    only figures that agree with it; a priority takes a met figure first (a timeliness figure
    that looks good beside a quality audit that does not is the point to make)."""
    own = _own_kinds(f)
    out = []
    for g in findings:
        if g["id"] == f["id"] or g["status"] not in ("met", *GAP) or not set(f["themes"]) & set(g["themes"]):
            continue
        if f["status"] == "met" and g["status"] in GAP:
            continue
        for e in _figures(g):
            if e["kind"] in ("metric", "audit") and e["kind"] not in own:
                out.append({**e, "gap": g["status"] in GAP})
    out.sort(key=lambda e: e["gap"])
    return out[:1]


def _contradicted(f: dict[str, Any], findings: list[dict[str, Any]]) -> bool:
    """A met rule with a gap on its theme that fails on evidence of another kind (a timeliness
    figure met while the audit of the same work is in gap, or the reverse): not a strength."""
    own = _own_kinds(f)
    return any(g["status"] in GAP and set(f["themes"]) & set(g["themes"])
               and any(_kind(t) not in own or t["kind"] == "audit"
                       for t in ov.tests(g, (g["status"],)) if t.get("result") is True)
               for g in findings if g["id"] != f["id"])


def is_strength(f: dict[str, Any], findings: list[dict[str, Any]]) -> bool:
    if f["status"] != "met" or not ov.no_worse_than_england(f):
        return False
    directed = [t for t in ov.tests(f) if ov.has_figure(t)
                and (t["kind"] == "audit" or t.get("better") in ("higher", "lower"))]
    return bool(directed) and not _contradicted(f, findings)


class _Builder:
    def __init__(self, sub: Submission, report: Report) -> None:
        self.sub, self.r = sub, report.data
        self.frame = 0

    def next_frame(self) -> int:
        self.frame += 1
        return (self.frame - 1) % FRAMES

    def point(self, f: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, Any]:
        # the rule id stays in the model (for tools and tests); the templates never print it
        return {"rule": f["id"], "title": f["title"], "expectation": f["expectation"], "status": f["status"],
                "figures": _figures(f), "related": _related(f, findings), "frame": self.next_frame(),
                "action": f["action"], "adjustment": f.get("adjustment")}

    def area(self, a: dict[str, Any]) -> dict[str, Any]:
        fs = a["findings"]
        gaps = [f for f in fs if f["status"] in GAP]
        corroborated = {f["id"] for f in gaps if ov.corroboration(f, gaps)}
        worse = {f["id"] for f in gaps if any(ov.worse_than_england(t) for t in ov.tests(f))}
        gaps.sort(key=lambda f: (f["status"] != "serious", f["id"] not in worse, f["id"] not in corroborated))
        strengths = [f for f in fs if is_strength(f, fs)]
        strengths.sort(key=lambda f: ("audit" not in {t["kind"] for t in ov.tests(f)},
                                      not any(t.get("national") for t in ov.tests(f))))
        priorities = [self.point(f, fs) for f in gaps[:MAX_POINTS]]
        c = a["counts"]
        return {
            "id": a["id"], "title": a["title"], "counts": c, "position": a["position"],
            "strengths": [self.point(f, fs) for f in strengths[:MAX_POINTS]],
            "more_strengths": [f["title"] for f in strengths[MAX_POINTS:]],
            "priorities": priorities,
            "further_work": [f["title"] for f in gaps[MAX_POINTS:]],
            "not_evidenced": c["not_evidenced"], "judged": c["met"] + c["serious"] + c["concern"],
            "not_applicable": [{"title": f["title"], "reason": (f.get("adjustment") or {}).get("reason")}
                               for f in fs if f["status"] == "not_applicable"],
            "plan": [{"priority": p["title"], "action": p["action"], "status": p["status"],
                      "measures": p["figures"], "owner": None, "due": None} for p in priorities],
        }

    def data_table(self) -> list[dict[str, Any]]:
        """Appendix 1: every figure the draft's statements rest on, once, with its period and source."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for a in self.r["areas"]:
            for f in a["findings"]:
                if f["status"] not in ("met", *GAP):
                    continue
                for t in ov.tests(f):
                    if not ov.has_figure(t) or t["kind"] == "benchmark":
                        continue
                    key = (_kind(t), t["id"])
                    if key in rows:
                        continue
                    e = evidence(t, False)
                    mv = self.sub.evidence.metrics.get(t["id"]) if e["kind"] == "metric" else None
                    e.update(area=a["title"], source=getattr(mv, "source", None), note=getattr(mv, "note", None))
                    rows[key] = e
        return list(rows.values())

    def assurance(self) -> dict[str, Any]:
        """What the 'How do we know' narrative is built from: the audit sample, moderation and
        the data sources behind the metrics."""
        s = self.sub.sample
        metrics = self.sub.evidence.metrics
        catalogue = cat.load()
        titles = {h["key"]: h["title"] for h in evidence_plan.config()["holders"]}
        held = [evidence_plan.holder_of("metric", k, catalogue)[0] for k in metrics]
        sources = [titles[h] for h in titles if h in held]
        def figure(mid: str) -> str | None:
            mv = metrics.get(mid)
            m = catalogue.metrics.get(mid)
            return None if mv is None or m is None else f"{mv.value:g}%" if m.unit == "percent" else f"{mv.value:g}"
        return {"audit_cases": s.cases if s else None,
                "audit_completed": s.completed.isoformat() if s and s.completed else None,
                "audit_method": " ".join(s.method.split()) if s and s.method else None,
                "questions": len(self.sub.evidence.answers), "metrics": len(metrics),
                "questions_by_area": [{"title": t, "n": n} for k, t in cat.AREAS.items()
                                      if (n := sum(1 for q in self.sub.evidence.answers
                                                   if getattr(catalogue.audit_questions.get(q), "area", None) == k))],
                "facts": len(self.sub.evidence.facts),
                "moderated": figure("case_audits_moderated_pct"),
                "downgraded": figure("audit_grades_lowered_at_moderation_pct"),
                "sources": sources[:8], "has_previous": self.sub.previous is not None,
                "previous_period": self.r["submission"].get("previous_period")}


def context_figures(r: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures that describe demand rather than quality (no better direction), for the context."""
    out: dict[str, dict[str, Any]] = {}
    for a in r["areas"]:
        for f in a["findings"]:
            for t in ov.tests(f):
                if t["kind"] in ov.METRIC_KINDS and t.get("better") == "neither" and ov.has_figure(t):
                    out.setdefault(t["id"], evidence(t, True))
    return list(out.values())


def build(sub: Submission, report: Report, catalogue: cat.Catalogue | None = None, *,
          with_positions: bool = False) -> Draft:
    """The draft self-evaluation for one submission and its report model."""
    b = _Builder(sub, report)
    r = report.data
    areas = [b.area(a) for a in r["areas"]]
    shown = {a["id"] for a in areas}
    limited = r["scope"]["limited"]
    data = {
        "format_version": DRAFT_FORMAT_VERSION,
        "tool": r["tool"], "generated": r["generated"],
        "authority": r["submission"]["authority"], "period": r["submission"]["period"],
        "file": r["submission"]["file"], "notes": r["submission"]["notes"],
        "warnings": r["submission"]["warnings"], "packs": r["packs"], "scope": r["scope"],
        "suppress_below": r["suppress_below"],
        "with_positions": with_positions,
        "position_caveat": areas[0]["position"]["caveat"] if areas and with_positions else None,
        "context_figures": context_figures(r),
        "areas": areas,
        "assurance": b.assurance(),
        "data_table": b.data_table(),
        "recommendations": [{"ref": x.get("ref"), "text": x["text"], "progress_label": x["progress_label"],
                             "rules": [{"title": y["title"], "status_label": y["status_label"]} for y in x["rules"]]}
                            for x in r.get("recommendations", [])],
        "evidence_plan": r["summary"]["evidence_plan"],
        "not_covered": [{"id": k, "title": t, "reason": "limited" if limited else "no_rules"}
                        for k, t in cat.AREAS.items() if k not in shown],
    }
    return Draft(data)


def to_markdown(d: Draft) -> str:
    from selfeval.render.templates import render_template, safe_for

    name = FORMATS["markdown"] or ""
    return render_template(name, r=safe_for(name, d.data))


def to_word(d: Draft) -> Any:
    """The draft as a python-docx Document (converted from the same Markdown: one wording)."""
    import datetime as dt

    from selfeval.render import word

    data = d.data
    packs = "; ".join(f"{p['id']} {p['version']}" for p in data["packs"])
    return word.to_document(
        to_markdown(d), title=f"Self-evaluation (draft): {data['authority']}",
        subject=f"Draft self-evaluation, {data['period']}",
        created=dt.date.fromisoformat(data["generated"]),
        comments=f"Drafted by selfeval {data['tool']['version']} from {data['file']} with rule packs {packs}.")
