"""What each finding measured, gathered for drawing: metric figures with every threshold by level,
audit answers, facts, and the figures that moved since the previous period.

Pure functions of the report model; nothing here decides a verdict.
"""

from __future__ import annotations

from typing import Any, Mapping

from selfeval.render.palette import ANSWERS


def _value(v: Any) -> float | None:
    if isinstance(v, Mapping):
        v = v.get("value")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def _display(v: Any) -> str | None:
    return v.get("display") if isinstance(v, Mapping) else None


def metric_figures(finding: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One entry per metric a finding's tests looked at, with every threshold on it by level.

    Keys: ``id``, ``label``, ``unit``, ``better``, ``actual`` (the model's value mapping),
    ``thresholds`` (``[{level, op, value, display}]``), ``national`` and ``previous``
    (``{value, display}`` or None).
    """
    figs: dict[str, dict[str, Any]] = {}
    for level in finding.get("levels", []):
        for t in level.get("tests", []):
            if t.get("kind") not in ("metric", "change", "benchmark"):
                continue
            fig = figs.setdefault(t["id"], {
                "id": t["id"], "label": t.get("label", t["id"]), "unit": t.get("unit", "number"),
                "better": t.get("better", "neither"), "actual": t.get("actual") or {},
                "thresholds": [], "national": None, "previous": None})
            if _value(fig["actual"]) is None and _value(t.get("actual")) is not None:
                fig["actual"] = t["actual"]
            thr = t.get("threshold")
            if isinstance(thr, Mapping) and _value(thr) is not None:
                entry = {"level": level.get("name", ""), "op": t.get("op", ""),
                         "value": _value(thr), "display": thr.get("display", "")}
                if entry not in fig["thresholds"]:
                    fig["thresholds"].append(entry)
            for key, sources in (("national", ("national",)),
                                 ("previous", ("previous", "previous_period"))):
                for src in sources:
                    if fig[key] is None and isinstance(t.get(src), Mapping):
                        fig[key] = t[src]
    return list(figs.values())


def audit_figures(finding: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One entry per audit question a finding's tests looked at.

    Keys: ``id``, ``label``, ``answers`` (``{yes, partly, no, not_applicable}`` or None when not
    given), ``applicable``, ``actual`` (the model's value mapping), ``counted`` (answers the
    threshold counts) and ``thresholds`` (``[{level, op, value, display, counted}]``).
    """
    figs: dict[str, dict[str, Any]] = {}
    for level in finding.get("levels", []):
        for t in level.get("tests", []):
            if t.get("kind") != "audit":
                continue
            fig = figs.setdefault(t["id"], {
                "id": t["id"], "label": t.get("label", t["id"]), "answers": None,
                "applicable": 0, "actual": t.get("actual") or {}, "thresholds": [], "counted": None})
            if fig["answers"] is None and isinstance(t.get("answers"), Mapping):
                a = t["answers"]
                answers = {k: int(a.get(k, 0) or 0) for k in (*ANSWERS, "not_applicable")}
                fig["answers"] = answers
                fig["applicable"] = sum(answers[k] for k in ANSWERS)
                fig["actual"] = t.get("actual") or fig["actual"]
            thr = t.get("threshold")
            if isinstance(thr, Mapping) and _value(thr) is not None:
                counted = tuple(t.get("answers_counted") or ())
                entry = {"level": level.get("name", ""), "op": t.get("op", ""),
                         "value": _value(thr), "display": thr.get("display", ""),
                         "counted": counted}
                if entry not in fig["thresholds"]:
                    fig["thresholds"].append(entry)
                if fig["counted"] is None:
                    fig["counted"] = counted
    return list(figs.values())


def fact_tests(finding: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The yes/no facts a finding's tests looked at, each once."""
    out: dict[str, dict[str, Any]] = {}
    for level in finding.get("levels", []):
        for t in level.get("tests", []):
            if t.get("kind") == "fact":
                out.setdefault(t["id"], t)
    return list(out.values())


def tests(finding: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every test of a finding, each (kind, id) once, in the order the levels give them."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for level in finding.get("levels", []):
        for t in level.get("tests", []):
            out.setdefault((t.get("kind", ""), t.get("id", "")), t)
    return list(out.values())


def evidence(finding: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What to draw for a finding: ``metrics`` and ``audits`` that have a figure (or a suppressed
    one), ``facts``, and ``other`` — figures that cannot be drawn but say why (e.g. too few audit
    answers). Figures simply not given are left to the finding's list of missing evidence."""
    metrics, audits, other = [], [], []
    for fig in metric_figures(finding):
        actual = fig["actual"]
        if _value(actual) is not None or actual.get("suppressed"):
            metrics.append(fig)
        elif actual.get("display") not in (None, "", "not given"):
            other.append(fig)
    for fig in audit_figures(finding):
        if fig["answers"] is not None:
            audits.append(fig)
        elif fig["actual"].get("display") not in (None, "", "not given"):
            other.append(fig)
    return {"metrics": metrics, "audits": audits, "facts": fact_tests(finding), "other": other}


def _num(x: float) -> str:
    """At most one decimal place, thousands separated."""
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:,.1f}"


def _signed(x: float, unit: str) -> str:
    sign = "+" if x > 0 else "−" if x < 0 else "±"
    mag = _num(abs(x))
    return {"percent": f"{sign}{mag} points", "days": f"{sign}{mag} days",
            "weeks": f"{sign}{mag} weeks", "gbp": f"{sign}£{mag}"}.get(unit, f"{sign}{mag}")


def movements(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Figures the findings used that have a previous-period value: how far each moved and
    whether that is the better or worse direction (worse first, then by size of move)."""
    seen: dict[str, dict[str, Any]] = {}
    for area in report.get("areas", []):
        for f in area.get("findings", []):
            for fig in metric_figures(f):
                now, before = _value(fig["actual"]), _value(fig["previous"])
                if now is None or before is None:
                    continue
                entry = seen.get(fig["id"])
                if entry is None:
                    change = now - before
                    better = fig["better"]
                    direction = ("same" if abs(change) < 1e-9 else "neither"
                                 if better not in ("higher", "lower")
                                 else "better" if (change > 0) == (better == "higher") else "worse")
                    entry = seen[fig["id"]] = {
                        "id": fig["id"], "label": fig["label"], "unit": fig["unit"],
                        "previous": _display(fig["previous"]), "actual": _display(fig["actual"]),
                        "change": _signed(change, fig["unit"]), "size": abs(change),
                        "direction": direction, "rules": []}
                if f["id"] not in entry["rules"]:
                    entry["rules"].append(f["id"])
    rank = {"worse": 0, "better": 1, "neither": 2, "same": 3}
    return sorted(seen.values(), key=lambda e: (rank[e["direction"]], -e["size"], e["label"]))
