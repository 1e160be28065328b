"""The metrics file validated into evidence (the types are in :mod:`selfeval.core.evidence`).

Sections and their keys are checked here; each value is read by :mod:`selfeval.core.values`
(the only place user-written values are interpreted). Every problem raises a located
:class:`SelfevalError`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core.errors import KeyPath, Locator, NoLocator, SelfevalError
from selfeval.core.evidence import (
    Answers,
    AuditSample,
    Evidence,
    MetricValue,
    Period,
    Recommendation,
    Submission,
)
from selfeval.core.values import ValueReader, optional_text

__all__ = ["Answers", "AuditSample", "Evidence", "LOADERS", "MetricValue", "Period", "Recommendation",
           "Submission", "load", "parse", "parse_evidence"]

TOP_KEYS = ("authority", "authority_code", "period", "notes", "metrics", "audits", "facts", "previous",
            "recommendations")


class _Parser(ValueReader):
    """Walks a metrics file's sections into a :class:`Submission`."""

    # -------------------------------------------------------------------------------- top level
    def submission(self, raw: Any) -> Submission:
        if not isinstance(raw, dict):
            raise self.error((), "a metrics file should be a mapping with 'authority', 'period' and "
                                 "'metrics'", "see `selfeval template` for a start")
        for key in raw:
            if key not in TOP_KEYS:
                raise self.error((key,), f"unknown section '{key}'",
                                 cat.suggest(str(key), TOP_KEYS) or f"sections are: {', '.join(TOP_KEYS)}")
        authority = self.text(raw.get("authority"), ("authority",))
        if not authority or not authority.strip():
            raise self.error(("authority",) if "authority" in raw else (),
                             "the authority's name is missing", "give the authority's name under 'authority'")
        if "period" not in raw:
            raise self.error((), "the period is missing",
                             "add 'period: {start: 2025-04-01, end: 2026-03-31}' or 'period: {as_at: 2026-03-31}'")
        period = self.period(raw["period"], ("period",))
        audits = self.mapping(raw.get("audits"), ("audits",), "audit sample and answers")
        sample = self.sample(audits.get("sample"), ("audits", "sample"))
        evidence = self.evidence(raw, (), sample)
        previous = previous_period = None
        if raw.get("previous") is not None:
            prev = self.mapping(raw["previous"], ("previous",), "metrics, audits and facts")
            for key in prev:
                if key not in ("period", "metrics", "audits", "facts"):
                    raise self.error(("previous", key), f"unknown section '{key}' in 'previous'",
                                     "'previous' takes period, metrics, audits and facts")
            if prev.get("period") is not None:
                previous_period = self.period(prev["period"], ("previous", "period"))
            prev_audits = self.mapping(prev.get("audits"), ("previous", "audits"), "audit answers")
            previous = self.evidence(
                prev, ("previous",), self.sample(prev_audits.get("sample"), ("previous", "audits", "sample")))
        return Submission(
            file=self.file, authority=authority.strip(), period=period, evidence=evidence,
            notes=self.text(raw.get("notes"), ("notes",)), sample=sample, previous=previous,
            previous_period=previous_period,
            recommendations=self.recommendations(raw.get("recommendations"), ("recommendations",)),
            warnings=tuple(self.warnings + self.fraction_warning()),
            authority_code=self.authority_code(raw.get("authority_code")),
        )

    def authority_code(self, raw: Any) -> str | None:
        """DfE's LA code, checked against the bundled comparator table (three-digit code kept)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        from selfeval.core import comparators

        text = str(raw).strip()
        if isinstance(raw, int) and not isinstance(raw, bool):
            text = f"{raw:03d}"
        try:
            return comparators.authority(text).code
        except SelfevalError as exc:
            raise self.error(("authority_code",), exc.message, exc.hint) from None

    def fraction_warning(self) -> list[str]:
        """A warning that percentages may have been written as fractions (0.78 for 78%), only
        when they all could be: every percentage in the file at 1 or below, some above 0. A real
        small rate (0.5% agency staff) among ordinary percentages draws no warning."""
        given = self.percentages
        small = [(mid, v) for mid, v, typed in given if 0 < v < 1 and typed]
        if not small or any(v > 1 for _, v, _ in given):
            return []
        mid, v = small[0]
        more = f" (and {len(small) - 1} more)" if len(small) > 1 else ""
        return [f"every percentage in this file is 1 or less, e.g. {mid} is {v:g}%{more}: if these "
                f"are fractions, write them as percentages ({v * 100:g} for {v:g})"]

    def period(self, raw: Any, path: KeyPath) -> Period:
        if isinstance(raw, (dt.date, str)) and not isinstance(raw, dict):
            return Period(as_at=self.date(raw, path))
        data = self.mapping(raw, path, "dates")
        for key in data:
            if key not in ("start", "end", "as_at"):
                raise self.error(path + (key,), f"unknown period key '{key}'",
                                 "use 'start' and 'end', or 'as_at'")
        if "as_at" in data:
            if "start" in data or "end" in data:
                raise self.error(path, "give either 'as_at' or 'start' and 'end', not both")
            return Period(as_at=self.date(data["as_at"], path + ("as_at",)))
        if "start" not in data or "end" not in data:
            raise self.error(path, "the period needs both 'start' and 'end' (or 'as_at')")
        start = self.date(data["start"], path + ("start",))
        end = self.date(data["end"], path + ("end",))
        if end < start:
            raise self.error(path + ("end",), f"the period ends ({end}) before it starts ({start})")
        return Period(start=start, end=end)

    def sample(self, raw: Any, path: KeyPath) -> AuditSample | None:
        if raw is None:
            return None
        data = self.mapping(raw, path, "sample details")
        for key in data:
            if key not in ("cases", "completed", "method"):
                raise self.error(path + (key,), f"unknown sample key '{key}'",
                                 "the sample takes 'cases', 'completed' and 'method'")
        cases = data.get("cases")
        if cases is not None and (isinstance(cases, bool) or not isinstance(cases, int) or cases < 1):
            raise self.error(path + ("cases",), "the number of cases audited should be a whole number above 0")
        completed = self.date(data["completed"], path + ("completed",)) if data.get("completed") is not None else None
        return AuditSample(cases=cases, completed=completed,
                           method=self.text(data.get("method"), path + ("method",)))

    def evidence(self, raw: dict[Any, Any], base: KeyPath, sample: AuditSample | None) -> Evidence:
        metrics = {}
        for key, value in self.mapping(raw.get("metrics"), base + ("metrics",), "metric ids to values").items():
            path = base + ("metrics", key)
            if key not in self.cat.metrics:
                raise self.error(path, *cat.unknown_id("metric", key, self.cat.metrics))
            parsed = self.metric(self.cat.metrics[key], value, path)
            if parsed is not None:
                metrics[key] = parsed
        audits = self.mapping(raw.get("audits"), base + ("audits",), "audit sample and answers")
        for key in audits:
            if key not in ("sample", "answers"):
                raise self.error(base + ("audits", key), f"unknown audits key '{key}'",
                                 "'audits' takes 'sample' and 'answers'")
        answers = {}
        apath = base + ("audits", "answers")
        for key, value in self.mapping(audits.get("answers"), apath, "audit question ids to answer counts").items():
            if key in self.cat.retired:
                raise self.error(apath + (key,), f"audit question '{key}' is no longer used", self.cat.retired[key])
            if key not in self.cat.audit_questions:
                raise self.error(apath + (key,), *cat.unknown_id("audit question", key, self.cat.audit_questions))
            answers[key] = self.answers(value, apath + (key,), sample)
        facts = {}
        for key, value in self.mapping(raw.get("facts"), base + ("facts",), "fact ids to yes or no").items():
            path = base + ("facts", key)
            if key not in self.cat.facts:
                raise self.error(path, *cat.unknown_id("fact", key, self.cat.facts))
            if value is not None:
                facts[key] = self.yes_no(value, path)
        return Evidence(metrics=metrics, answers=answers, facts=facts)

    def recommendations(self, raw: Any, path: KeyPath) -> tuple[Recommendation, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.error(path, "'recommendations' should be a list",
                             "write one '- {text: ..., rules: [rule-id]}' per recommendation")
        out = []
        for i, item in enumerate(raw):
            p = path + (i,)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise self.error(p, "each recommendation needs 'text' and 'rules'")
            for key in item:
                if key not in ("text", "rules", "ref"):
                    raise self.error(p + (key,), f"unknown recommendation key '{key}'",
                                     "a recommendation takes text, rules and ref")
            rules = item.get("rules") or []
            if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
                raise self.error(p, "a recommendation's 'rules' should list one or more rule ids")
            out.append(Recommendation(text=item["text"], rules=tuple(rules),
                                      ref=optional_text(item.get("ref")), where=self.locator.where(p + ("rules",))))
        return tuple(out)


def parse(raw: Any, *, file: str, locator: Locator | None = None,
          catalogue: cat.Catalogue | None = None) -> Submission:
    """Validate loaded data (from YAML or a workbook) into a :class:`Submission`."""
    return _Parser(file, locator or NoLocator(), catalogue or cat.load()).submission(raw)


def parse_evidence(raw: Any, *, file: str = "<case>", locator: Locator | None = None,
                   catalogue: cat.Catalogue | None = None) -> tuple[Evidence, Evidence | None]:
    """Validate a rule case's evidence block (metrics/audits/facts/previous), no header needed."""
    p = _Parser(file, locator or NoLocator(), catalogue or cat.load())
    data = p.mapping(raw, (), "evidence")
    for key in data:
        if key not in ("metrics", "audits", "facts", "previous"):
            raise p.error((key,), f"unknown evidence section '{key}'",
                          "evidence takes metrics, audits, facts and previous")
    evidence = p.evidence(data, (), None)
    previous = None
    if data.get("previous") is not None:
        previous = p.evidence(p.mapping(data["previous"], ("previous",), "evidence"), ("previous",), None)
    return evidence, previous


LOADERS: dict[str, Any] = {}
"""File suffix → function(path) returning (raw data, locator). YAML is built in; the metrics
workbook (``.xlsx``) is registered by :mod:`selfeval.api`, which every front end imports."""


def load(path: Path | str, catalogue: cat.Catalogue | None = None) -> Submission:
    """Load and validate one metrics file, choosing the reader by its extension."""
    from selfeval.core import yamlsafe

    p = Path(path)
    reader = LOADERS.get(p.suffix.lower())
    if reader is None and p.suffix.lower() not in (".yaml", ".yml", ""):
        known = ", ".join([".yaml", ".yml", *LOADERS])
        raise SelfevalError(f"cannot read '{p.suffix}' files", file=str(path),
                            hint=f"selfeval reads {known}")
    raw, locator = reader(p) if reader else yamlsafe.load(p)
    return parse(raw, file=str(path), locator=locator, catalogue=catalogue)
