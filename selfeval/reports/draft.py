"""A draft self-evaluation: per judgement area, what we know, how we know it, and our plans.

The draft model is plain data taken from one report model and its submission: strengths (rules
met, with the figures), weaknesses (gaps, serious first, with the figures), the evidence behind
them (which metrics for which period, which audit questions with the sample and date), what
could not be evidenced and how to evidence it, and one plan per gap from the rule's action.
It holds no sentences: the wording is in ``templates/draft.md.j2`` (and ``_draft.j2``), built
from the rule's own expectation, title and action, so a rule author changes the draft by
changing the rule.
"""

from __future__ import annotations

from selfeval.core.records import dataclass
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core.evidence import Submission
from selfeval.render import templates
from selfeval.reports.report import Report

DRAFT_FORMAT_VERSION = 1
GAP = ("serious", "concern")

FORMATS = templates.DRAFT_FORMATS
SUFFIXES = templates.DRAFT_SUFFIXES


@dataclass(frozen=True)
class Draft:
    data: dict[str, Any]


def _has_figure(t: dict[str, Any]) -> bool:
    return t["actual"]["value"] is not None or bool(t["actual"].get("suppressed"))


def _figure(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": t["kind"], "id": t["id"], "label": t["label"], "display": t["actual"]["display"],
        "previous": t["previous"]["display"] if "previous" in t else None,
        "national": ({"display": t["national"]["display"], "year": t["national"].get("year"),
                      "source": t["national"].get("source")} if "national" in t else None),
    }


def figures(finding: dict[str, Any], levels: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The authority's figures a finding was judged on (each measure once), from the given levels."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for lv in finding["levels"]:
        if levels is not None and lv["name"] not in levels:
            continue
        for t in lv["tests"]:
            key = ("metric" if t["kind"] in ("change", "benchmark") else t["kind"], t["id"])
            if _has_figure(t) and (key not in out or (t["kind"] == "change" and out[key]["previous"] is None)):
                out[key] = _figure(t)
    return list(out.values())


class _Builder:
    def __init__(self, sub: Submission, report: Report, catalogue: cat.Catalogue) -> None:
        self.sub, self.r, self.cat = sub, report.data, catalogue
        prev = sub.previous_period
        self.period = self.r["submission"]["period"]
        self.previous_period = prev.label if prev and (prev.as_at or prev.end) else "the previous period"

    def strength(self, f: dict[str, Any]) -> dict[str, Any]:
        return {"rule": f["id"], "title": f["title"], "expectation": f["expectation"],
                "figures": figures(f), "adjustment": f.get("adjustment")}

    def weakness(self, f: dict[str, Any]) -> dict[str, Any]:
        return {"rule": f["id"], "title": f["title"], "expectation": f["expectation"],
                "status": f["status"], "status_label": f["status_label"],
                "figures": figures(f, (f["status"],)) or figures(f),
                "untested_levels": list(f["untested_levels"]),
                "missing": [self.missing(m) for m in f["missing"]],
                "adjustment": f.get("adjustment")}

    @staticmethod
    def missing(m: dict[str, Any]) -> dict[str, Any]:
        return {"id": m["id"], "label": m["label"], "kind_label": m["kind_label"],
                "how_to_evidence": m["how_to_evidence"]}

    def not_evidenced(self, f: dict[str, Any]) -> dict[str, Any]:
        return {"rule": f["id"], "title": f["title"], "expectation": f["expectation"],
                "figures": figures(f),  # what we do have, so nothing given is left unsaid
                "missing": [self.missing(m) for m in f["missing"]],
                "adjustment": f.get("adjustment")}

    def plan(self, f: dict[str, Any]) -> dict[str, Any]:
        watch: dict[tuple[str, str], dict[str, Any]] = {}
        for lv in f["levels"]:
            for t in lv["tests"]:
                key = ("metric" if t["kind"] in ("change", "benchmark") else t["kind"], t["id"])
                watch.setdefault(key, _figure(t))
        return {"rule": f["id"], "title": f["title"], "status": f["status"],
                "status_label": f["status_label"], "action": f["action"],
                "owner": None, "due": None,  # for the authority to fill in (placeholders in the template)
                "measures": list(watch.values()), "adjustment": f.get("adjustment")}

    def evidence(self, findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """Each piece of evidence the area's judged findings rest on, with what it supports.

        Figures of rules that could not be judged are said with those rules instead."""
        items: dict[tuple[str, str], dict[str, Any]] = {}
        sample = self.sub.sample
        for f in findings:
            if f["status"] not in ("met", *GAP):
                continue
            for lv in f["levels"]:
                for t in lv["tests"]:
                    if not _has_figure(t):
                        continue
                    kind = "metric" if t["kind"] in ("change", "benchmark") else t["kind"]
                    item = items.get((kind, t["id"]))
                    if item is None:
                        item = items[(kind, t["id"])] = self.evidence_item(kind, t, sample)
                    if t["kind"] == "change" and "previous" in t:
                        item["previous"] = {"display": t["previous"]["display"], "period": self.previous_period}
                    if "national" in t and item["national"] is None:
                        item["national"] = _figure(t)["national"]
                    if f["title"] not in item["supports"]:
                        item["supports"].append(f["title"])
        return {
            "metrics": [v for (k, _), v in items.items() if k == "metric"],
            "audits": [v for (k, _), v in items.items() if k == "audit"],
            "facts": [v for (k, _), v in items.items() if k == "fact"],
        }

    def evidence_item(self, kind: str, t: dict[str, Any], sample: Any) -> dict[str, Any]:
        item: dict[str, Any] = {"kind": kind, "id": t["id"], "label": t["label"],
                                "display": t["actual"]["display"], "supports": [],
                                "period": None, "previous": None, "national": None, "source": None,
                                "note": None,
                                "question": None, "answers": None, "sample_cases": None,
                                "completed": None, "method": None}
        if kind == "metric":
            mv = self.sub.evidence.metrics.get(t["id"])
            item.update(period=self.period, source=mv.source if mv else None, note=mv.note if mv else None)
        elif kind == "audit":
            q = self.cat.audit_questions.get(t["id"])
            item.update(question=q.question if q else t["label"], answers=t.get("answers"),
                        sample_cases=sample.cases if sample else None,
                        completed=sample.completed.isoformat() if sample and sample.completed else None,
                        method=sample.method if sample else None)
        return item

    def area(self, a: dict[str, Any]) -> dict[str, Any]:
        fs = a["findings"]  # already serious first
        gaps = [f for f in fs if f["status"] in GAP]
        return {
            "id": a["id"], "title": a["title"], "position": a["position"], "counts": a["counts"],
            "strengths": [self.strength(f) for f in fs if f["status"] == "met"],
            "weaknesses": [self.weakness(f) for f in gaps],
            "evidence": self.evidence(fs),
            "not_evidenced": [self.not_evidenced(f) for f in fs if f["status"] == "not_evidenced"],
            "not_applicable": [{"rule": f["id"], "title": f["title"], "adjustment": f.get("adjustment")}
                               for f in fs if f["status"] == "not_applicable"],
            "plans": [self.plan(f) for f in gaps],
        }


def build(sub: Submission, report: Report, catalogue: cat.Catalogue | None = None) -> Draft:
    """The draft self-evaluation for one submission and its report model."""
    c = catalogue or cat.load()
    b = _Builder(sub, report, c)
    r = report.data
    areas = [b.area(a) for a in r["areas"]]
    shown = {a["id"] for a in areas}
    limited = r["scope"]["limited"]
    data = {
        "format_version": DRAFT_FORMAT_VERSION,
        "tool": r["tool"],
        "generated": r["generated"],
        "authority": r["submission"]["authority"],
        "period": r["submission"]["period"],
        "file": r["submission"]["file"],
        "notes": r["submission"]["notes"],
        "warnings": r["submission"]["warnings"],
        "audit_sample": r["submission"]["audit_sample"],
        "packs": r["packs"],
        "scope": r["scope"],
        "suppress_below": r["suppress_below"],
        "position_caveat": areas[0]["position"]["caveat"] if areas else None,
        "areas": areas,
        "recommendations": r.get("recommendations", []),
        "not_covered": {
            "evidence_gaps": r["evidence_gaps"],
            # an area with no rule result: left out by --areas, or no loaded rule covers it
            "areas": [{"id": k, "title": t, "reason": "limited" if limited else "no_rules"}
                      for k, t in cat.AREAS.items() if k not in shown],
        },
    }
    return Draft(data)


def to_markdown(d: Draft) -> str:
    from selfeval.render.templates import render_template

    return render_template(FORMATS["markdown"] or "", r=d.data)


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
