"""The evidence plan: what the authority could not show, grouped by where it is held, with what
to collect and which expectations it would let selfeval judge, most useful first.

It replaces a card per not-evidenced rule: one row per missing item. "Most useful" is written
down so a reader can check it: an item scores 2 for each rule it alone would let selfeval judge
(its only missing evidence), 1 for each other rule that needs it, and 1 more for each of those
rules that can find a serious gap. Groups are ordered by their items' total score.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from selfeval.core import yamlsafe
from selfeval.core.catalogue import Catalogue
from selfeval.core.resources import read_text


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    # read as strictly as yamlsafe.loads the first time, from the cache after that (parsing it
    # with positions took 6 ms of every check)
    return yamlsafe.loads_builtin(read_text("data", "evidence_plan.yaml"), "evidence_plan.yaml")  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _holders() -> list[tuple[str, re.Pattern[str]]]:
    """Each holder's match words as one pattern (compiled once, not once a word and a metric):
    a match word starts a word, so 'ONS' must not match 'applications'."""
    return [(str(h["key"]), re.compile(r"\b(?:" + "|".join(re.escape(w.lower()) for w in h["match"]) + ")"))
            for h in config()["holders"] if h["match"]]  # (no words: never matched)


def holder_of(kind: str, id_: str, catalogue: Catalogue) -> tuple[str, str | None]:
    """(holder key, named document or source) for one piece of evidence."""
    cfg = config()
    if kind == "previous_metric":
        return "previous", None
    if kind == "benchmark":
        return "national", None
    if kind == "comparator":
        return "comparators", None
    if kind == "audit":
        return "audit", None
    if kind == "fact":
        entry = cfg["facts"].get(id_) or {}
        return str(entry.get("held_in", "documents")), entry.get("document")
    metric = catalogue.metrics.get(id_)
    source = (getattr(metric, "source", "") or "") if metric else ""
    low = source.lower()
    for key, words in _holders():
        if words.search(low):
            return key, source or None
    return str(cfg["default_holder"]), source or None


def collect(kind: str, id_: str, catalogue: Catalogue) -> str:
    """What to collect, in the catalogue's own words: the metric's definition, the question to add
    to the audit tool, or the yes/no statement to confirm."""
    if kind == "audit":
        q = catalogue.audit_questions.get(id_)
        return q.question if q else "Add this question to the audit tool"
    if kind == "fact":
        f = catalogue.facts.get(id_)
        return f"Yes or no: {f.definition}" if f else "Yes or no"
    m = catalogue.metrics.get(id_)
    if kind == "previous_metric":
        return "Last period's figure, under 'previous: metrics:' in the metrics file"
    if kind == "benchmark":
        return "No England figure is recorded for this metric; compare with statistical neighbours instead"
    if kind == "comparator":
        return ("Name the authority by LA code (authority_code: or --la-code) for DfE's published figures, "
                "or give this comparator's figure in a comparator file (--benchmarks)")
    return m.definition if m else "The figure for this period"


def build(findings: list[dict[str, Any]], catalogue: Catalogue) -> dict[str, Any]:
    cfg = config()
    titles = {h["key"]: h["title"] for h in cfg["holders"]}
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for f in findings:
        if f["status"] == "not_applicable" or not f["missing"]:
            continue
        sole = len(f["missing"]) == 1
        serious = any(lv["name"] == "serious" for lv in f["levels"])
        for m in f["missing"]:
            key = (m["kind"], m["id"])
            if key not in items:
                holder, document = holder_of(m["kind"], m["id"], catalogue)
                items[key] = {"kind": m["kind"], "kind_label": m["kind_label"], "id": m["id"],
                              "label": m["label"], "holder": holder, "document": document,
                              "collect": collect(m["kind"], m["id"], catalogue),
                              "unlocks": [], "helps": [], "score": 0}
            item = items[key]
            rule = {"id": f["id"], "title": f["title"], "status": f["status"], "area_title": f["area_title"]}
            # a rule judged already (a concern whose serious level is untested) is 'helped', not unlocked
            (item["unlocks"] if sole and f["status"] == "not_evidenced" else item["helps"]).append(rule)
            item["score"] += (2 if sole and f["status"] == "not_evidenced" else 1) + (1 if serious else 0)
    groups: dict[str, dict[str, Any]] = {}
    for item in sorted(items.values(), key=lambda i: (-i["score"], i["label"])):
        g = groups.setdefault(item["holder"], {"key": item["holder"], "title": titles.get(item["holder"], item["holder"]),
                                               "entries": [], "score": 0})
        g["entries"].append(item)
        g["score"] += item["score"]
    ordered = sorted(groups.values(), key=lambda g: (g["key"] in ("previous", "national", "comparators"), -g["score"]))
    unlocked = {r["id"] for i in items.values() for r in i["unlocks"]}
    not_evidenced = [f for f in findings if f["status"] == "not_evidenced"]
    return {"groups": ordered, "count": len(items), "rules_unlocked": len(unlocked),
            "rules_not_evidenced": len(not_evidenced),
            "note": "Ordered by how much each item would change the picture: 2 for each expectation "
                    "it alone would let selfeval judge, 1 for each other that needs it, 1 more where "
                    "that expectation can find a serious gap."}
