"""What a report says about its inputs, beside the findings: the comparators shown and where they
come from, warnings on figures far from the period, the last inspection's recommendations with
their rules' status, and last period's status of each rule serious now (for the positions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from selfeval.core.catalogue import Catalogue
from selfeval.core.errors import SelfevalError
from selfeval.core.evaluate import RuleResult, contexts, status_pass
from selfeval.core.evidence import Submission
from selfeval.core.packs import RuleSet

if TYPE_CHECKING:
    from selfeval.core.benchmarks import Benchmark
    from selfeval.core.comparators import Comparators


def comparators(comps: Comparators | None) -> dict[str, Any] | None:
    """What the comparators beside England are and where they come from, for the report's head."""
    if comps is None or (comps.authority is None and not comps.local_file):
        return None
    out = comps.to_dict()
    a = comps.authority
    parts = []
    if a is not None:
        parts.append(f"{a.name} (LA {a.code}): its published figures, its statistical neighbours' average and "
                     f"{a.region}, from DfE official statistics bundled with selfeval")
    if comps.local_file:
        parts.append(f"your comparators from {comps.local_file} ({comps.local_source})")
    out["summary"] = "; ".join(parts)
    return out


def comparator_warnings(sub: Submission, comps: Comparators | None) -> list[str]:
    """One warning naming the comparator figures shown that are more than a year from the period."""
    if comps is None:
        return []
    far = sorted({f"{m}: {f.period}" for m, figs in comps.figures.items() if m in sub.evidence.metrics
                  for f in figs if f.to_dict()["far"]})
    if not far:
        return []
    return [f"Some comparator figures shown describe a date more than a year from the end of this period "
            f"({sub.period.label}), because none nearer is held: {'; '.join(far)}. Compare with care."]


def previous_serious(sub: Submission, results: list[RuleResult], catalogue: Catalogue,
                      benchmarks: Mapping[str, Benchmark]) -> dict[str, str]:
    """Last period's status of each rule that is serious now: a serious result held over two
    periods is corroborated (see positions.py)."""
    if sub.previous is None:
        return {}
    national = {k: b.value for k, b in benchmarks.items()}
    serious = {r.rule.id: r.rule for r in results if r.status == "serious"}
    if not serious:
        return {}
    # the status alone (evaluate(...).status, without its explanation)
    return dict(status_pass(serious, contexts(sub.previous, None, catalogue, national)))


def benchmark_warnings(sub: Submission, benchmarks: Mapping[str, Benchmark], catalogue: Catalogue) -> list[str]:
    """One warning naming (by label, as the report's findings do) every England figure shown that
    is more than a year from the period."""
    far = [b for m, b in benchmarks.items() if m in sub.evidence.metrics and b.far]
    if not far:
        return []
    metrics = catalogue.metrics
    listed = "; ".join(f"{metrics[b.metric].label if b.metric in metrics else b.metric} ({b.year})"
                       for b in sorted(far, key=lambda b: b.metric))
    return [f"{len(far)} England figure{'s' if len(far) != 1 else ''} shown describe{'s' if len(far) == 1 else ''} "
            f"a date more than a year from the end of this period ({sub.period.label}), because selfeval's "
            f"England figures hold no nearer one: {listed}. Compare with care."]


def recommendations(sub: Submission, findings: list[dict[str, Any]], ruleset: RuleSet) -> list[dict[str, Any]]:
    """Each recommendation of the last inspection with the status of the rules linked to it."""
    by_id = {f["id"]: f for f in findings}
    out = []
    for rec in sub.recommendations:
        for rid in rec.rules:
            if rid not in ruleset.rules:
                message, hint = unknown_rule(rid, ruleset)
                raise SelfevalError(f"recommendation '{rec.text[:40]}' links {message}", file=sub.file,
                                    where=rec.where, hint=hint)
        linked = [{"id": rid, "title": ruleset.rules[rid].title,
                   "status": by_id[rid]["status"] if rid in by_id else "out_of_scope",
                   "status_label": by_id[rid]["status_label"] if rid in by_id else "Not in this report"}
                  for rid in rec.rules]
        in_scope = [x for x in linked if x["status"] != "out_of_scope"]
        met = bool(in_scope) and all(x["status"] in ("met", "not_applicable") for x in in_scope)
        unknown = any(x["status"] == "not_evidenced" for x in in_scope)
        progress = "met" if met else ("not_evidenced" if unknown and not any(
            x["status"] in ("concern", "serious") for x in in_scope) else "not_met")
        out.append({"text": rec.text, "ref": rec.ref, "rules": linked, "met": met, "progress": progress,
                    "progress_label": {"met": "Linked rules now met", "not_met": "Not yet met",
                                       "not_evidenced": "Cannot tell: evidence missing"}[progress]})
    return out


def unknown_rule(rid: str, ruleset: RuleSet) -> tuple[str, str]:
    from selfeval.core.catalogue import unknown_id

    message, hint = unknown_id("rule", rid, ruleset.rules)
    return message, hint if "did you mean" in hint else "see `selfeval rules list`"
