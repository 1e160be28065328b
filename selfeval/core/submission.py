"""The metrics file validated into evidence (the types are in :mod:`selfeval.core.evidence`).

This is the only place user-written values are interpreted ("78%" becomes 78.0 here and nowhere
else). Every problem raises a located :class:`SelfevalError`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
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
    answer_word,
)

__all__ = ["Answers", "AuditSample", "Evidence", "LOADERS", "MetricValue", "Period", "Recommendation",
           "Submission", "load", "parse", "parse_evidence"]

TOP_KEYS = ("authority", "period", "notes", "metrics", "audits", "facts", "previous",
            "recommendations")
VALUE_KEYS = ("value", "note", "source", "numerator", "denominator")
_TRUE = {"yes", "y", "true", "t"}
_FALSE = {"no", "n", "false", "f"}


class _Parser:
    def __init__(self, file: str, locator: Locator, catalogue: cat.Catalogue) -> None:
        self.file = file
        self.locator = locator
        self.cat = catalogue
        self.warnings: list[str] = []

    def error(self, path: KeyPath, message: str, hint: str | None = None) -> SelfevalError:
        return SelfevalError(message, file=self.file, where=self.locator.where(path), hint=hint)

    def mapping(self, value: Any, path: KeyPath, what: str) -> dict[Any, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(path, f"'{_name(path)}' should be a mapping of {what}",
                             f"write one '{what.split(' ')[0]}: value' per line under it")
        return value

    def text(self, value: Any, path: KeyPath) -> str | None:
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise self.error(path, f"'{_name(path)}' should be text")
        return str(value)

    def date(self, value: Any, path: KeyPath) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return dt.datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    pass
        raise self.error(path, f"'{_name(path)}' should be a date, not '{value}'",
                         "write it as 2025-03-31")

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
            warnings=tuple(self.warnings),
        )

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

    def yes_no(self, value: Any, path: KeyPath) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise self.error(path, f"'{_name(path)}' should be yes or no, not '{value}'")

    # ------------------------------------------------------------------------------ values
    def metric(self, m: cat.Metric, raw: Any, path: KeyPath) -> MetricValue | None:
        extra: dict[str, Any] = {}
        if isinstance(raw, dict):
            for key in raw:
                if key not in VALUE_KEYS:
                    raise self.error(path + (key,), f"unknown key '{key}' in the value of '{m.id}'",
                                     f"a value mapping takes {', '.join(VALUE_KEYS)}")
            if "value" not in raw:
                raise self.error(path, f"'{m.id}' has no 'value'", "add 'value: <number>'")
            extra = {k: raw.get(k) for k in ("note", "source")}
            for k in ("numerator", "denominator"):
                if raw.get(k) is not None:
                    extra[k] = self.number(raw[k], path + (k,), "count", f"{m.id} {k}")
            raw = raw["value"]
            path = path + ("value",)
        if raw is None:
            return None  # left blank: reported as not evidenced
        value = self.number(raw, path, m.unit, m.id)
        num, den = extra.get("numerator"), extra.get("denominator")
        if num is not None and den is not None:
            if num > den:
                raise self.error(path, f"'{m.id}' has a numerator ({num:g}) above its denominator ({den:g})")
            if m.unit == "percent" and den > 0 and abs(100 * num / den - value) > 0.1 + 0.05:
                raise self.error(path, f"'{m.id}' is {value:g}% but {num:g} of {den:g} is "
                                       f"{100 * num / den:.1f}%", "correct the value or the counts")
        if m.unit == "percent" and 0 < value < 1 and not isinstance(raw, str):
            self.warnings.append(f"{m.id} is {value:g}%: if you meant a fraction, write {value * 100:g}")
        return MetricValue(value=value, note=_opt(extra.get("note")), source=_opt(extra.get("source")),
                           numerator=num, denominator=den)

    def number(self, raw: Any, path: KeyPath, unit: str, name: str) -> float:
        unit_word = cat.UNITS[unit]
        if isinstance(raw, bool) or isinstance(raw, (list, dict)) or raw is None:
            shown = ("yes" if raw else "no") if isinstance(raw, bool) else "a list or mapping"
            raise self.error(path, f"'{name}' should be a {unit_word}, not {shown}")
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            value = self._parse_text_number(str(raw), path, unit, name)
        if math.isnan(value) or math.isinf(value):
            raise self.error(path, f"'{name}' should be a {unit_word}, not '{raw}'")
        if value < 0:
            raise self.error(path, f"'{name}' is negative ({value:g})", f"a {unit_word} cannot be below 0")
        if unit == "percent" and value > 100:
            raise self.error(path, f"'{name}' is {value:g}%, above 100%", "a percentage runs from 0 to 100")
        if unit == "count" and value != int(value):
            raise self.error(path, f"'{name}' should be a whole number, not {value:g}")
        return value

    def _parse_text_number(self, text: str, path: KeyPath, unit: str, name: str) -> float:
        s = text.strip().lower().replace(",", "").replace("\u00a0", " ")
        found = None
        m = re.fullmatch(r"(£)?\s*([0-9]*\.?[0-9]+)\s*(%|days?|weeks?|per\s*10k)?", s)
        if m:
            found = "gbp" if m.group(1) else {"%": "percent"}.get(m.group(3) or "", None)
            if m.group(3) and m.group(3).startswith("day"):
                found = "days"
            elif m.group(3) and m.group(3).startswith("week"):
                found = "weeks"
            elif m.group(3) and m.group(3).startswith("per"):
                found = "per_10k"
        if not m:
            raise self.error(path, f"'{name}' should be a {cat.UNITS[unit]}, not '{text}'")
        if found is not None and found != unit:
            raise self.error(path, f"'{name}' is written in {cat.UNITS[found].split(' (')[0]}s but is "
                                   f"measured as a {cat.UNITS[unit]}", f"write the {cat.UNITS[unit]} alone")
        return float(m.group(2))

    def answers(self, raw: Any, path: KeyPath, sample: AuditSample | None) -> Answers:
        if not isinstance(raw, dict):
            raise self.error(path, f"'{_name(path)}' should be counts of answers",
                             "write e.g. {yes: 12, partly: 10, no: 18, not_applicable: 0}")
        counts: dict[str, int] = {}
        for key, value in raw.items():
            word = answer_word(key)
            if word not in cat.ANSWERS:
                raise self.error(path + (key,), f"unknown answer '{key}' for '{_name(path)}'",
                                 "answers are yes, partly, no and not_applicable")
            if word in counts:
                raise self.error(path + (key,), f"the answer '{word}' is given twice")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise self.error(path + (key,), f"the count of '{word}' answers should be a whole "
                                                f"number of cases, not '{value}'")
            counts[word] = value
        result = Answers(**counts)
        if result.total == 0:
            raise self.error(path, f"'{_name(path)}' has no answers",
                             "give the counts of yes, partly and no, or remove the question")
        if sample and sample.cases and result.total > sample.cases:
            raise self.error(path, f"the answers to '{_name(path)}' add up to {result.total}, more "
                                   f"than the {sample.cases} cases in the sample",
                             "check the counts or the sample size")
        return result

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
                                      ref=_opt(item.get("ref")), where=self.locator.where(p + ("rules",))))
        return tuple(out)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _name(path: KeyPath) -> str:
    return str(path[-1]) if path else "file"


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
