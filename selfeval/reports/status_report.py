"""Status-only report models: what a summary of many files shows, without any explanation.

``check --summary`` of 153 files spent most of its time building, for every rule of every file,
an explanation (observations, thresholds, citations, evidence gaps) that the matrix never shows.
A status report holds only what the matrix and the exit status read — each finding's id, title,
area, status and the kind of local adjustment, in the full report's order, and the counts — and
is built from :func:`selfeval.core.check.statuses`. A test holds ``matrix.build`` of these equal
to ``matrix.build`` of the full reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core import packs, scope, submission
from selfeval.core import settings as st
from selfeval.core.check import Options, comparators_for, scope_of, statuses
from selfeval.core.evaluate import SEVERITY, not_yet_in_force
from selfeval.reports.report import STATUS_LABELS, Report, _counts
from selfeval.reports.report_context import recommendations


def adjustment_kind(local: st.Settings, rule_id: str, today: dt.date) -> str | None:
    """The ``adjustment.kind`` the full report gives this rule (see ``report._Builder.adjustment``)."""
    if rule_id in local.not_applicable:
        return "not_applicable"
    if rule_id in local.waivers:
        return "waived" if local.waivers[rule_id].active(today) else "waiver_expired"
    return "override" if any(o.rule == rule_id for o in local.overrides) else None


def check_statuses(sub: submission.Submission, ruleset: packs.RuleSet, opts: Options,
                   catalogue: cat.Catalogue | None = None, local: st.Settings = st.NONE) -> Report:
    """The status report of one submission (same checks and errors as a full check)."""
    c = catalogue or cat.load()
    in_scope = scope.limit(ruleset, scope_of(opts, ruleset)).rules
    order = {rid: i for i, rid in enumerate(ruleset.rules)}
    comps = comparators_for(sub, opts, c, local)  # as check_submission
    found = [(rid, s) for rid, s in statuses(sub, ruleset, c, local, comps).items() if rid in in_scope]
    found.sort(key=lambda x: (-SEVERITY[x[1]], order.get(x[0], 0)))
    rules = ruleset.rules
    findings = []
    for rid, s in found:
        rule = rules[rid]
        # a rule not yet in force for the period is shown as the full report shows it
        kind = "not_applicable" if not_yet_in_force(rule, sub.period.reference) else adjustment_kind(local, rid, opts.today)
        findings.append({"id": rid, "title": rule.title, "area": rule.area, "status": s,
                         "status_label": STATUS_LABELS[s], "adjustment": {"kind": kind} if kind else None})
    recommendations(sub, findings, ruleset)  # the same errors as the full report, for a bad link
    areas = [{"id": a, "findings": fs} for a in cat.AREAS if (fs := [f for f in findings if f["area"] == a])]
    data: dict[str, Any] = {
        "generated": opts.today.isoformat(),
        "submission": {"file": sub.file, "authority": sub.authority, "period": sub.period.label},
        "summary": {"counts": _counts(findings)},
        "areas": areas,
    }
    return Report(data, default_fail_on=(local.fail_on if local and local.fail_on else "concern"))
