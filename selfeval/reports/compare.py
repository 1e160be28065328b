"""Progress between two periods: gaps closed, persisting and new, and how each measure moved.

Both periods are evaluated as :func:`check.check_submission` does (``compare_side``: only the
fields compare reads are built) against the same rule set, so a
comparison never re-evaluates a rule by hand. The model is plain JSON-ready data (schema:
``selfeval schema compare``); templates only lay it out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from selfeval import __version__
from selfeval.core import catalogue as cat
from selfeval.core import settings as st
from selfeval.core.check import Options, comparators_for, scope_of
from selfeval.core.comparators import NONE as NO_COMPARATORS
from selfeval.core.comparators import Comparators
from selfeval.core.errors import SelfevalError
from selfeval.core.evaluate import SEVERITY
from selfeval.core.evidence import Answers, MetricValue, Period, Submission
from selfeval.core.packs import RuleSet
from selfeval.core.records import dataclass
from selfeval.core.scope import limit
from selfeval.render import templates
from selfeval.reports import report as report_mod
from selfeval.reports.compare_side import Side, check_side
from selfeval.reports.movement import VERDICTS, format_change, within_noise
from selfeval.reports.movement import verdict as movement_verdict

COMPARE_FORMAT_VERSION = 1
GAP = ("concern", "serious")

CATEGORIES: dict[str, tuple[str, str]] = {
    "gone_dark": ("Gaps that can no longer be seen",
                  ("A concern or serious in the earlier period, and not evidenced now: the first thing "
                   "inspectors will ask about, since nothing shows whether it was put right.")),
    "closed": ("Gaps closed", "A concern or serious in the earlier period, met now."),
    "persisting": ("Gaps persisting", "A concern or serious in both periods."),
    "new": ("New gaps", "Met in the earlier period, a concern or serious now."),
    "evidence_changed": ("Judged in one period only",
                         ("The evidence was missing in one period, so this is not a measure of "
                          "progress: it says which period could not be judged and what was missing.")),
    "not_evidenced": ("Not evidenced in either period", "Neither period had the evidence to judge it."),
    "not_applicable": ("Does not apply", "The rule did not apply in one or both periods."),
    "still_met": ("Still met", "Met in both periods."),
}
"""Rule categories (label, explanation), in the order a readiness review reads them: first what
was a gap and can no longer be seen, then what closed, persists and is new (each ranked by
severity), then the rest."""

FORMATS = templates.COMPARE_FORMATS


@dataclass(frozen=True)
class Comparison:
    data: dict[str, Any]


def _status_label(status: str) -> str:
    return report_mod.STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def category(before: str, after: str) -> str:
    """The category of a rule whose status went from ``before`` to ``after``."""
    if "not_applicable" in (before, after):
        return "not_applicable"
    if before == "not_evidenced" and after == "not_evidenced":
        return "not_evidenced"
    if before in GAP and after == "not_evidenced":
        return "gone_dark"
    if "not_evidenced" in (before, after):
        return "evidence_changed"
    if before in GAP and after in GAP:
        return "persisting"
    if before in GAP:
        return "closed"
    if after in GAP:
        return "new"
    return "still_met"


def _severity_change(before: str, after: str) -> str | None:
    if before not in GAP or after not in GAP:
        return None
    b, a = SEVERITY[before], SEVERITY[after]
    return "improved" if a < b else "worsened" if a > b else "unchanged"


def _unjudged_side(before: str, after: str) -> str | None:
    sides = [s for s, v in (("before", before), ("after", after)) if v == "not_evidenced"]
    return None if not sides else "both" if len(sides) == 2 else sides[0]


def _adjustment(finding: dict[str, Any]) -> str | None:
    adj = finding.get("adjustment")
    if not adj:
        return None
    reason = str(adj.get("reason") or "").strip().rstrip(".")
    text = f"{adj['label']}: {reason}" if reason else str(adj["label"])
    if adj.get("pack_status_label"):
        text += f" (by the pack's own thresholds: {adj['pack_status_label']})"
    return text


def _missing_side(before: object, after: object) -> str | None:
    if before is None and after is None:
        return "both"
    return "before" if before is None else "after" if after is None else None


class _Builder:
    def __init__(self, before: Submission, after: Submission, ruleset: RuleSet,
                 catalogue: cat.Catalogue, in_scope: Any, suppress_below: int) -> None:
        self.before, self.after, self.rs, self.cat = before, after, ruleset, catalogue
        self.in_scope, self.suppress_below = in_scope, suppress_below
        self.comparators: Comparators = NO_COMPARATORS

    def rule(self, rule_id: str, b: dict[str, Any], a: dict[str, Any]) -> dict[str, Any]:
        side = _unjudged_side(b["status"], a["status"])
        missing = a["missing"] if side == "after" else b["missing"] if side == "before" else \
            a["missing"] if side == "both" else []
        cat_id = category(b["status"], a["status"])
        return {
            "id": rule_id, "title": a["title"], "area": a["area"], "area_title": a["area_title"],
            "themes": a["themes"],
            "before": {"status": b["status"], "status_label": b["status_label"]},
            "after": {"status": a["status"], "status_label": a["status_label"]},
            "category": cat_id,
            "severity_change": _severity_change(b["status"], a["status"]),
            "not_judged_in": side,
            # what local settings changed (a waiver, a changed threshold, not applicable), per period
            "adjustment": {"before": _adjustment(b), "after": _adjustment(a)},
            "missing": [{"id": m["id"], "label": m["label"], "kind_label": m["kind_label"]} for m in missing],
            "expectation": a["expectation"], "action": a["action"],
        }

    def metric(self, m: cat.Metric) -> dict[str, Any]:
        bv, av = self.before.evidence.metrics.get(m.id), self.after.evidence.metrics.get(m.id)
        delta = round(av.value - bv.value, 4) if bv is not None and av is not None else None
        verdict = movement_verdict(delta, m.better)  # on the true figures, as every report's verdicts are
        if (verdict in ("better", "worse") and m.unit == "percent" and bv is not None and av is not None
                and within_noise(bv.value / 100, bv.denominator, av.value / 100, av.denominator)):
            verdict = "no_clear_change"
        before, after = self._value(bv, m.unit), self._value(av, m.unit)
        hidden = before["suppressed"] or after["suppressed"]
        return {
            "id": m.id, "label": m.label, "unit": m.unit, "better": m.better,
            "area": m.area, "area_title": cat.AREAS[m.area],
            "before": before, "after": after,
            "change": {"value": None if hidden else delta,
                       "display": "—" if delta is None or hidden else format_change(delta, m.unit)},
            "verdict": verdict, "verdict_label": VERDICTS[verdict],
            "missing_in": _missing_side(bv, av),
            "comparators": [{"label": f.label, "display": report_mod.format_value(f.value, m.unit), "period": f.period,
                             "source": f.source, "value": f.value, "group": f.group}
                            for f in self.comparators.for_metric(m.id)],
        }

    def _value(self, mv: MetricValue | None, unit: str) -> dict[str, Any]:
        """A figure for display, suppressed as the reports are (``--suppress`` or settings)."""
        if mv is None:
            return {"value": None, "display": "not given", "suppressed": False}
        n = self.suppress_below
        small = (unit == "count" and 0 < mv.value < n) or (
            mv.denominator is not None and 0 < mv.denominator < n)
        if n and small:
            return {"value": None, "display": f"suppressed (fewer than {n})", "suppressed": True}
        return {"value": mv.value, "display": report_mod.format_value(mv.value, unit), "suppressed": False}

    @staticmethod
    def _share(ans: Answers | None) -> dict[str, Any]:
        share = ans.share(("yes",)) if ans else None
        if ans is None:
            return {"value": None, "display": "not given", "yes": None, "applicable": None}
        if share is None:
            return {"value": None, "display": "no applicable cases", "yes": ans.yes, "applicable": 0}
        pct = report_mod.format_value(round(share * 100, 1), "percent")
        return {"value": round(share, 4), "yes": ans.yes, "applicable": ans.applicable,
                "display": f"{ans.yes} of {ans.applicable} applicable cases ({pct}) answered yes"}

    def audit(self, q: cat.AuditQuestion) -> dict[str, Any]:
        b, a = self._share(self.before.evidence.answers.get(q.id)), self._share(self.after.evidence.answers.get(q.id))
        delta = None
        if b["value"] is not None and a["value"] is not None:
            delta = round((a["value"] - b["value"]) * 100, 1)
        verdict = movement_verdict(delta, "higher")
        if verdict in ("better", "worse") and within_noise(b["value"], b["applicable"], a["value"], a["applicable"]):
            verdict = "no_clear_change"  # e.g. +0.5 points on samples of 38 and 30
        return {
            "id": q.id, "label": q.label, "question": q.question, "area": q.area,
            "area_title": cat.AREAS[q.area], "measure": "share answering yes",
            "before": b, "after": a,
            "change": {"value": delta,
                       "display": format_change(delta, "percent") if delta is not None else "—"},
            "verdict": verdict, "verdict_label": VERDICTS[verdict],
            "missing_in": _missing_side(b["value"], a["value"]),
        }

    def fact(self, f: cat.Fact) -> dict[str, Any]:
        b, a = self.before.evidence.facts.get(f.id), self.after.evidence.facts.get(f.id)
        verdict = "not_comparable" if b is None or a is None else "same" if a == b else "changed"

        def word(v: bool | None) -> str:
            return "not given" if v is None else "yes" if v else "no"

        return {"id": f.id, "label": f.label, "area": f.area, "area_title": cat.AREAS[f.area],
                "before": {"value": b, "display": word(b)}, "after": {"value": a, "display": word(a)},
                "verdict": verdict, "verdict_label": VERDICTS[verdict],
                "missing_in": _missing_side(b, a)}

    def measures(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Every metric, audit question and fact given in either period (in catalogue order)."""
        e_b, e_a = self.before.evidence, self.after.evidence
        return (
            [self.metric(m) for k, m in self.cat.metrics.items()
             if (k in e_b.metrics or k in e_a.metrics) and self.in_scope("metric", k, m.area)],
            [self.audit(q) for k, q in self.cat.audit_questions.items()
             if (k in e_b.answers or k in e_a.answers) and self.in_scope("audit", k, q.area)],
            [self.fact(f) for k, f in self.cat.facts.items()
             if (k in e_b.facts or k in e_a.facts) and self.in_scope("fact", k, f.area)],
        )


def _side(sub: Submission, rep: Side, label: str) -> dict[str, Any]:
    return {"file": sub.file, "authority": sub.authority, "period": label,
            "counts": rep.counts, "warnings": list(sub.warnings)}


def _period_label(period: Period, fallback: str) -> str:
    return period.label if (period.as_at or (period.start and period.end)) else fallback


def _last_day(period: Period) -> dt.date | None:
    return period.as_at or period.end


def previous_of(sub: Submission) -> Submission:
    """The ``previous:`` block of a metrics file as a submission of its own (for one-file compare)."""
    if sub.previous is None:
        raise SelfevalError("this file has no 'previous:' block to compare with", file=sub.file,
                            hint="add last period's figures under 'previous:', or give two files: "
                                 "selfeval compare BEFORE.yaml AFTER.yaml")
    return dataclasses.replace(sub, period=sub.previous_period or Period(), evidence=sub.previous,
                               sample=None, previous=None, previous_period=None, warnings=())


def build(before: Submission, after: Submission, ruleset: RuleSet, opts: Options,
          catalogue: cat.Catalogue | None = None,
          local: tuple[st.Settings, st.Settings] = (st.NONE, st.NONE)) -> Comparison:
    """Check both periods against ``ruleset`` (limited to ``opts.areas``; each with its local
    settings) and compare them."""
    c = catalogue or cat.load()
    chosen = scope_of(opts, ruleset)
    rep_b = check_side(before, ruleset, opts, c, local[0])  # what compare reads of each gap report
    rep_a = check_side(after, ruleset, opts, c, local[1])
    ruleset = limit(ruleset, chosen)
    used = {(ref.kind if ref.kind != "previous_metric" else "metric", ref.id)
            for r in ruleset.rules.values() for ref in r.refs()}

    def in_scope(kind: str, id_: str, area: str) -> bool:
        return not chosen.limited or area in chosen.areas or (kind, id_) in used

    b = _Builder(before, after, ruleset, c, in_scope, rep_a.suppress_below)
    b.comparators = comparators_for(after, opts, c, local[1])  # beside each metric: the later period's
    before_f = {f["id"]: f for f in rep_b.findings}
    order = {rid: i for i, rid in enumerate(ruleset.rules)}
    rules = [b.rule(f["id"], before_f[f["id"]], f) for f in rep_a.findings]
    rank = {k: i for i, k in enumerate(CATEGORIES)}

    def severity(r: dict[str, Any]) -> tuple[int, int]:
        """Worst first: by the earlier status for a gap gone dark or closed, else by the later."""
        b, a = SEVERITY.get(r["before"]["status"], 0), SEVERITY.get(r["after"]["status"], 0)
        return (-b, -a) if r["category"] in ("gone_dark", "closed") else (-a, -b)

    rules.sort(key=lambda r: (rank[r["category"]], severity(r), order[r["id"]]))

    def counts(items: list[dict[str, Any]]) -> dict[str, int]:
        out = {k: 0 for k in CATEGORIES}
        for r in items:
            out[r["category"]] += 1
        out["total"] = len(items)
        return out

    metrics, audits, facts = b.measures()
    # one file against its own 'previous:' block (previous_of); the same file given twice is
    # two periods that happen to be one file, and says so
    one_file = before.file == after.file and after.previous is not None and before.evidence is after.previous
    before_label = _period_label(before.period, "previous period (dates not given)")
    after_label = _period_label(after.period, "period not given")
    warnings = []
    if before.file == after.file and not one_file:
        warnings.append(f"The same file ({after.file}) was given as both the earlier and the later "
                        "period: nothing can have moved.")
    if before.authority != after.authority:
        warnings.append(f"The two files name different authorities: '{before.authority}' and "
                        f"'{after.authority}'.")
    bd, ad = _last_day(before.period), _last_day(after.period)
    if bd and ad and bd > ad:
        warnings.append(f"The earlier file's period ({before_label}) ends after the later file's "
                        f"({after_label}): were the files given in the wrong order?")
    data = {
        "format_version": COMPARE_FORMAT_VERSION,
        "tool": {"name": "selfeval", "version": __version__},
        "generated": (opts.generated or dt.date.today()).isoformat(),
        "authority": after.authority,
        "one_file": one_file,
        "before": _side(before, rep_b, before_label),
        "after": _side(after, rep_a, after_label),
        "warnings": warnings,
        "packs": rep_a.packs,
        "suppress_below": rep_a.suppress_below,
        "scope": rep_a.scope,
        "summary": {
            "counts": counts(rules),
            "areas": [{"id": area, "title": title, "counts": counts([r for r in rules if r["area"] == area])}
                      for area, title in cat.AREAS.items() if any(r["area"] == area for r in rules)],
            "movement": {v: sum(1 for m in metrics + audits if m["verdict"] == v) for v in VERDICTS},
        },
        "categories": [{"id": k, "label": label, "explanation": why, "count": sum(r["category"] == k for r in rules)}
                       for k, (label, why) in CATEGORIES.items()],
        "rules": rules,
        "metrics": metrics,
        "audits": audits,
        "facts": facts,
    }
    return Comparison(data)
