"""The report model: results per area, indicative positions, evidence gaps — plain data.

Everything a renderer shows is decided and formatted here, so templates only lay it out and the
JSON report is exactly the model. ``Report.data`` is JSON-ready and has its own schema
(``selfeval schema report``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from selfeval import __version__
from selfeval.core import positions
from selfeval.core.catalogue import AREAS, Catalogue
from selfeval.core.conditions import Observation, Ref
from selfeval.core.evaluate import FAIL_ON, SEVERITY, RuleResult
from selfeval.core.evidence import Submission
from selfeval.core.packs import RuleSet
from selfeval.core.records import dataclass
from selfeval.reports import evidence_plan, overview
from selfeval.reports import report_context as context

if TYPE_CHECKING:
    from selfeval.core.benchmarks import Benchmark
    from selfeval.core.comparators import Comparators
    from selfeval.core.settings import Settings

REPORT_FORMAT_VERSION = 1
STATUS_LABELS = {"serious": "Serious", "concern": "Concern", "not_evidenced": "Not evidenced", "met": "Met",
                 "not_applicable": "Not applicable"}
BASIS_LABELS = {
    "regulation": "Regulation",
    "statutory_guidance": "Statutory guidance",
    "national_benchmark": "National benchmark",
    "inspection_finding": "Inspection finding",
    "local_standard": "Local standard",
}
KIND_LABELS = {"metric": "metric", "audit": "case audit question", "fact": "fact",
               "previous_metric": "previous period's figure", "benchmark": "national figure",
               "comparator": "comparator figure"}
SMALL_NUMBER = 5
"""A verdict resting on fewer children than this is marked so in every format, whether or not
--suppress hides the figure: a percentage of 3 children moves a third with one child. The same
threshold as --suppress's default."""
SMALL_NUMBER_NOTE = f"rests on fewer than {SMALL_NUMBER} children"


def format_value(value: float, unit: str) -> str:
    """A value in its unit, as a person writes it."""
    num = f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return {
        "percent": f"{num}%", "days": f"{num} days", "weeks": f"{num} weeks",
        "per_10k": f"{num} per 10,000", "gbp": f"£{num}",
    }.get(unit, num)


@dataclass(frozen=True)
class Report:
    data: dict[str, Any]

    default_fail_on: str = "concern"  # the settings file's fail_on, if it set one

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for area in self.data["areas"] for f in area["findings"]]

    def exit_status(self, fail_on: str) -> int:
        """1 if any finding at or above ``fail_on`` is not waived by a current waiver."""
        counted = [f for f in self.findings if not (f["adjustment"] or {}).get("kind") == "waived"]
        worst = max((SEVERITY[f["status"]] for f in counted), default=0)
        return 1 if worst >= FAIL_ON[fail_on] else 0


class _Builder:
    def __init__(self, sub: Submission, ruleset: RuleSet, catalogue: Catalogue, suppress_below: int,
                 benchmarks: Mapping[str, Benchmark], local: Settings | None,
                 pack_status: Mapping[str, str], today: dt.date,
                 comparators: Comparators | None = None) -> None:
        self.sub, self.rs, self.cat = sub, ruleset, catalogue
        self.comparators = comparators
        self.suppress_below = suppress_below
        self.benchmarks = benchmarks
        self.local = local
        self.pack_status = pack_status
        self.today = today

    def value(self, metric_id: str, value: float | None, denominator: float | None = None,
              *, ours: bool = True) -> dict[str, Any]:
        """A metric value for display; the authority's own figures (``ours``) may be suppressed."""
        m = self.cat.metrics[metric_id]
        if value is None:
            return {"value": None, "display": "not given", "suppressed": False}
        n = self.suppress_below if ours else 0
        small = (m.unit == "count" and 0 < value < n) or (denominator is not None and 0 < denominator < n)
        few = ours and ((m.unit == "count" and 0 < value < SMALL_NUMBER)
                        or (denominator is not None and 0 < denominator < SMALL_NUMBER))
        if n and small:
            return {"value": None, "display": f"suppressed (fewer than {n})", "suppressed": True,
                    "small_number": few}
        shown = format_value(value, m.unit) + (f" (fewer than {SMALL_NUMBER} children)" if few else "")
        return {"value": value, "display": shown, "suppressed": False, "small_number": few}

    def observation(self, obs: Observation) -> dict[str, Any]:
        label = self.cat.label("audit" if obs.kind == "audit" else "fact" if obs.kind == "fact" else "metric", obs.id)
        out: dict[str, Any] = {"kind": obs.kind, "id": obs.id, "label": label, "test": obs.test,
                               "result": obs.result}
        if obs.kind in ("metric", "change", "benchmark"):
            mv = self.sub_metric(obs.id)
            out["actual"] = self.value(obs.id, obs.actual if isinstance(obs.actual, (int, float)) else None,
                                       mv.denominator if mv else None)
            out["unit"] = self.cat.metrics[obs.id].unit
            out["better"] = self.cat.metrics[obs.id].better
            if "threshold" in obs.detail:
                out["op"] = obs.detail["op"]
                out["threshold"] = self.value(obs.id, obs.detail["threshold"], ours=False)
            if obs.detail.get("per"):
                out["per"] = obs.detail["per"]
                out["threshold"] = {"value": obs.detail["threshold"], "suppressed": False,
                                    "display": f"{obs.detail['threshold']:g} per 10,000 children"}
                if obs.detail.get("child_population") and not out["actual"]["suppressed"] and out["actual"]["value"] is not None:
                    out["rate"] = obs.detail["rate"]
                    out["actual"]["display"] += f" ({obs.detail['rate']:g} per 10,000 children)"
            if "previous" in obs.detail:
                out["previous"] = self.value(obs.id, obs.detail["previous"])
            bench = self.benchmarks.get(obs.id)
            if bench is not None:
                out["national"] = {**self.value(obs.id, bench.value, ours=False), "year": bench.year,
                                   "source": bench.source, "link": bench.link, "far": bench.far}
                if bench.differs:
                    out["national"]["differs"] = bench.differs
            if self.comparators is not None and self.comparators.for_metric(obs.id):
                out["comparators"] = [{**f.to_dict(), **self.value(obs.id, f.value, ours=False)}
                                      for f in self.comparators.for_metric(obs.id)]
            if "group" in obs.detail:
                out["compared_with"] = obs.detail["group"]
            before = self.previous_metric(obs.id)
            if obs.kind != "change" and before is not None:
                # context for charts and trends (the verdict never uses it): the same figure
                # in the previous period, when the metrics file gives one
                out["previous_period"] = self.value(obs.id, before.value, before.denominator)
        elif obs.kind == "audit":
            d = obs.detail
            if obs.actual is None:
                shown = "not given" if not d else f"only {d['applicable']} applicable answers (needs {d['min_sample']})"
                out["actual"] = {"value": None, "display": shown, "suppressed": False}
            else:
                pct = format_value(round(float(obs.actual) * 100, 1), "percent")
                lo, hi = (format_value(round(x * 100), "percent") for x in d["interval"])
                shown = (f"{d['count']} of {d['applicable']} applicable cases ({pct}; 90% interval {lo} to {hi}) "
                         f"answered {' or '.join(a.replace('_', ' ') for a in d['answers_counted'])}")
                if d.get("indicative"):
                    shown += f" — fewer than {d['serious_min_cases']} applicable cases: indicative, never serious"
                out["actual"] = {"value": obs.actual, "suppressed": False, "display": shown}
                out["interval"] = d["interval"]
                out["n"] = d["applicable"]
                out["answers"] = {k: d[k] for k in ("yes", "partly", "no", "not_applicable")}
                out["answers_counted"] = d["answers_counted"]
            if "threshold" in d:
                out["op"] = d["op"]
                out["threshold"] = {"value": d["threshold"], "suppressed": False,
                                    "display": format_value(round(d["threshold"] * 100, 1), "percent")}
        else:
            shown = "not given" if obs.actual is None else ("yes" if obs.actual else "no")
            out["actual"] = {"value": obs.actual, "display": shown, "suppressed": False}
        return out

    def sub_metric(self, metric_id: str) -> Any:
        return self.sub.evidence.metrics.get(metric_id)

    def previous_metric(self, metric_id: str) -> Any:
        return self.sub.previous.metrics.get(metric_id) if self.sub.previous else None

    def ref(self, ref: Ref) -> dict[str, Any]:
        kind = "metric" if ref.kind in ("previous_metric", "benchmark", "comparator") else ref.kind
        ref_id = ref.id.split(":", 1)[1] if ref.kind == "comparator" else ref.id
        tables: dict[str, dict[str, Any]] = {"metric": self.cat.metrics, "audit": self.cat.audit_questions,
                                             "fact": self.cat.facts}
        entry = tables[kind].get(ref_id)
        how = (getattr(entry, "source", "") or getattr(entry, "evidence", "")
               or ("Case file audit" if kind == "audit" else ""))
        if ref.kind == "previous_metric":
            how = "Add it under 'previous: metrics:' in the metrics file"
        elif ref.kind == "benchmark":
            how = "No England figure is recorded for this metric in selfeval's benchmarks"
        elif ref.kind == "comparator":
            group = ref.id.split(":", 1)[0]
            how = (f"No '{group}' figure for this metric: name the authority by LA code (authority_code: "
                   "or --la-code) for DfE's published figures, or give one in a comparator file (--benchmarks)")
        return {"kind": ref.kind, "kind_label": KIND_LABELS[ref.kind], "id": ref.id,
                "label": entry.label if entry else ref_id, "how_to_evidence": how}

    def citation(self, source: str, paragraph: str | None, paraphrase: str | None,
                 kind: str = "gap") -> dict[str, Any]:
        src = self.rs.sources.get(source, {})
        return {"source": source, "title": src.get("title", source), "link": src.get("link"),
                "year": src.get("year"), "paragraphs": paragraph, "paraphrase": paraphrase,
                "kind": kind, "type": src.get("type"), "authority": src.get("authority")}

    def finding(self, r: RuleResult) -> dict[str, Any]:
        rule = r.rule
        levels: list[dict[str, Any]] = []
        for name, lv in r.levels.items():
            rat = rule.levels[name].rationale
            levels.append({
                "name": name, "result": lv.value, "condition": rule.levels[name].when.describe(self.cat.label),
                "rationale": {"basis": rat.basis, "basis_label": BASIS_LABELS.get(rat.basis, rat.basis),
                              "note": rat.note, **self.citation(rat.source, None, None)},
                "tests": [self.observation(o) for o in lv.observations],
            })
        tests: list[dict[str, Any]] = [t for lv in levels for t in lv["tests"]]
        few = r.status in ("met", "concern", "serious") and any(
            (t.get("actual") or {}).get("small_number") for t in tests)
        label = STATUS_LABELS[r.status] + (f" ({SMALL_NUMBER_NOTE})" if few else "")
        return {
            "id": rule.id, "title": rule.title, "area": rule.area, "area_title": AREAS[rule.area],
            "themes": list(rule.themes), "pack": rule.pack,
            "status": r.status, "status_label": label, "small_numbers": few,
            "expectation": rule.expectation, "action": rule.action,
            "levels": levels,
            "missing": [self.ref(m) for m in r.missing],
            "untested_levels": list(r.untested),
            "citations": (cites := [self.citation(c.source, c.paragraphs, c.paraphrase, c.kind)
                                    for c in rule.findings]),
            "elsewhere": overview.elsewhere(cites, r.status),
            "adjustment": self.adjustment(r),
        }

    def adjustment(self, r: RuleResult) -> dict[str, Any] | None:
        """What local settings changed about this finding, in full: nothing is hidden."""
        if r.status == "not_applicable" and r.reason:
            return {"kind": "not_applicable", "label": "Not in force for this period", "reason": r.reason}
        local = self.local
        if local is None:
            return None
        rid = r.rule.id
        if rid in local.not_applicable:
            return {"kind": "not_applicable", "label": "Marked not applicable in local settings",
                    "reason": local.not_applicable[rid].reason, "settings_file": local.file}
        if rid in local.waivers:
            w = local.waivers[rid]
            active = w.active(self.today)
            return {"kind": "waived" if active else "waiver_expired",
                    "label": (f"Accepted as a risk until {w.expires.isoformat()}" if active
                              else f"Waiver expired on {w.expires.isoformat()}: counted as not waived"),
                    "reason": w.reason, "approved_by": w.approved_by, "expires": w.expires.isoformat(),
                    "approved": w.approved.isoformat() if w.approved else None, "settings_file": local.file}
        changes = [o for o in local.overrides if o.rule == rid]
        if changes:
            original = {(lv.name): lv.when for lv in self.rs.rules[rid].levels.values()}
            detail = [f"{o.level}: {o.op.replace('_', ' ')} {o.value:g}"
                      + (f" on {self.cat.label('metric' if o.target in self.cat.metrics else 'audit', o.target)}" if o.target else "")
                      + f" (the pack says: {original[o.level].describe(self.cat.label)})" for o in changes]
            pack_status = self.pack_status.get(rid)
            return {"kind": "override", "label": "Threshold changed in local settings",
                    "reason": "; ".join(dict.fromkeys(o.reason for o in changes)), "detail": detail,
                    "pack_status": pack_status, "pack_status_label": STATUS_LABELS.get(pack_status or "", None),
                    "settings_file": local.file}
        return None

    def area(self, area: str, findings: list[dict[str, Any]], previous: Mapping[str, str],
             others_serious: bool = False, leaders_serious: bool = False) -> dict[str, Any]:
        counts = _counts(findings)
        counted = [f for f in findings if (f["adjustment"] or {}).get("kind") != "not_applicable"]
        return {"id": area, "title": AREAS[area], "counts": counts,
                "position": positions.position(area, positions.readings(counted, previous),
                                               others_serious, leaders_serious),
                "findings": findings}

    def gaps(self, results: Iterable[RuleResult]) -> list[dict[str, Any]]:
        needed: dict[Ref, list[str]] = {}
        for r in results:
            for ref in r.missing:
                needed.setdefault(ref, []).append(r.rule.id)
        out = [{**self.ref(ref), "rules": rules} for ref, rules in needed.items()]
        return sorted(out, key=lambda g: (-len(g["rules"]), g["kind"], g["id"]))


def _counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_LABELS}
    for f in findings:
        counts[f["status"]] += 1
    counts["total"] = len(findings)
    counts["waived"] = sum(1 for f in findings if (f["adjustment"] or {}).get("kind") == "waived")
    return counts


def packs_shown(ruleset: RuleSet, reported: set[str], limited: bool) -> list[dict[str, Any]]:
    """The packs a report names: with --areas each pack's count is of its rules in this report,
    and packs with none are left out."""
    return [{"id": p.id, "title": p.title, "version": p.version, "framework": p.framework,
             "builtin": p.builtin, "rules": n} for p in ruleset.packs
            if (n := sum(1 for r in p.rules if r.id in reported)) or not limited]


def scope_shown(scope: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(scope) if scope else {"limited": False, "areas": [], "themes": [], "labels": []}


def build(sub: Submission, ruleset: RuleSet, results: list[RuleResult], catalogue: Catalogue, *,
          generated: dt.date | None = None, suppress_below: int = 0,
          benchmarks: Mapping[str, Benchmark] | None = None, local: Settings | None = None,
          pack_status: Mapping[str, str] | None = None,
          scope: Mapping[str, Any] | None = None, comparators: Comparators | None = None) -> Report:
    """Assemble the report model from one submission's results."""
    today = generated or dt.date.today()
    b = _Builder(sub, ruleset, catalogue, suppress_below, benchmarks or {}, local, pack_status or {}, today,
                 comparators)
    order = {rid: i for i, rid in enumerate(ruleset.rules)}
    ranked = sorted(results, key=lambda r: (-SEVERITY[r.status], order.get(r.rule.id, 0)))
    findings = [b.finding(r) for r in ranked]
    for f in findings:  # the figures a one-line summary of the finding shows
        f["headline"] = overview.figures(f, f["status"] if f["status"] in ("serious", "concern") else None)
    reported = {r.rule.id for r in results}
    limited = bool(scope and scope.get("limited"))
    previous = context.previous_serious(sub, results, catalogue, benchmarks or {})
    areas = {a: b.area(a, [f for f in findings if f["area"] == a], previous) for a in AREAS if a != "leaders"}
    others = any(x["position"]["key"] == "serious_weaknesses" for x in areas.values() if x["counts"]["total"])
    areas["leaders"] = b.area("leaders", [f for f in findings if f["area"] == "leaders"], previous, others)
    if areas["leaders"]["position"]["key"] == "serious_weaknesses":  # a serious result to check, with leadership failing
        for a, x in list(areas.items()):
            if a != "leaders" and x["position"]["key"] == "serious_check":
                areas[a] = b.area(a, x["findings"], previous, leaders_serious=True)
    shown = [areas[a] for a in AREAS if areas[a]["counts"]["total"]]
    sample = sub.sample
    data = {
        "format_version": REPORT_FORMAT_VERSION,
        "tool": {"name": "selfeval", "version": __version__},
        "generated": today.isoformat(),
        "submission": {
            "file": sub.file, "authority": sub.authority, "period": sub.period.label,
            "notes": sub.notes,
            "audit_sample": None if sample is None else {
                "cases": sample.cases, "completed": sample.completed.isoformat() if sample.completed else None,
                "method": sample.method},
            "has_previous": sub.previous is not None,
            "previous_period": sub.previous_period.label if sub.previous_period else None,
            "warnings": list(sub.warnings) + context.benchmark_warnings(sub, benchmarks or {}, catalogue)
                        + context.comparator_warnings(sub, comparators),
        },
        "packs": packs_shown(ruleset, reported, limited),
        "suppress_below": suppress_below,
        "scope": scope_shown(scope),
        "summary": {"counts": _counts(findings),
                    "note": "Counts of rule results. selfeval gives no overall grade: since April 2026 "
                            "ILACS grades four judgement areas and no overall effectiveness.",
                    **overview.build(findings, shown, recs := context.recommendations(sub, findings, ruleset)),
                    "evidence_plan": evidence_plan.build(findings, catalogue)},
        "areas": shown,
        "settings_file": local.file if local else None,
        "comparators": context.comparators(comparators),
        "recommendations": recs,
        "evidence_gaps": b.gaps(results),
    }
    return Report(data, default_fail_on=(local.fail_on if local and local.fail_on else "concern"))
