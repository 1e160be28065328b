"""One period of a comparison: what ``compare`` reads of a gap report, and nothing else.

``compare`` built two full gap report models and read, of each finding, only its status, status
label, missing evidence and local adjustment (and the report's counts, packs and scope). Half of
its time went on what it never shows: every threshold described, every observation formatted
with its benchmarks and comparators, citations, headlines, the overview and the evidence plan.
:func:`check_side` evaluates each rule exactly as ``reports.check.check_submission`` does and
builds those fields with the same code (``report._Builder``), so they are the full report's;
``tests/test_output_identity.py`` pins every compare output's bytes.
"""

from __future__ import annotations

from typing import Any

from selfeval.core import benchmarks as bm
from selfeval.core import catalogue as cat
from selfeval.core import packs, submission
from selfeval.core import settings as st
from selfeval.core.check import Options
from selfeval.core.evaluate import RuleResult
from selfeval.core.records import dataclass
from selfeval.reports import report, report_context
from selfeval.reports.check import evaluate_period


@dataclass(frozen=True)
class Side:
    """A period's findings (compare's fields of each) and the report-level figures it reads."""

    findings: list[dict[str, Any]]
    counts: dict[str, int]
    packs: list[dict[str, Any]]
    suppress_below: int
    scope: dict[str, Any]


def _few(b: report._Builder, r: RuleResult) -> bool:
    """Whether the full report adds the small-number note to the status label: a figure of the
    authority's own shown by an observation is below the small-number line (``_Builder.value``)."""
    if r.status not in ("met", "concern", "serious"):
        return False
    for lv in r.levels.values():
        for o in lv.observations:
            if o.kind in ("metric", "change", "benchmark"):
                mv = b.sub_metric(o.id)
                actual = b.value(o.id, o.actual if isinstance(o.actual, (int, float)) else None,
                                 mv.denominator if mv else None)
                if actual.get("small_number"):
                    return True
    return False


def _finding(b: report._Builder, r: RuleResult) -> dict[str, Any]:
    rule = r.rule
    label = report.STATUS_LABELS[r.status] + (f" ({report.SMALL_NUMBER_NOTE})" if _few(b, r) else "")
    return {"id": rule.id, "title": rule.title, "area": rule.area, "area_title": cat.AREAS[rule.area],
            "themes": list(rule.themes), "status": r.status, "status_label": label,
            "expectation": rule.expectation, "action": rule.action,
            "missing": [b.ref(m) for m in r.missing], "adjustment": b.adjustment(r)}


def check_side(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options, c: cat.Catalogue,
               local: st.Settings = st.NONE) -> Side:
    """The period as ``check_submission`` would report it, with the same errors."""
    e = evaluate_period(sub, ruleset, opts, c, local)
    b = report._Builder(sub, ruleset, c, e.suppress, bm.for_date(sub.period.reference) or {}, local,
                        e.pack_status, opts.today, e.comparators)
    findings = [_finding(b, r) for r in e.results]
    report_context.recommendations(sub, findings, ruleset)  # a recommendation linking an unknown rule fails here too
    scoped = e.chosen.to_dict(ruleset)
    limited = bool(scoped and scoped.get("limited"))
    return Side(findings=findings, counts=report._counts(findings), suppress_below=e.suppress,
                packs=report.packs_shown(ruleset, {r.rule.id for r in e.results}, limited),
                scope=report.scope_shown(scoped))
