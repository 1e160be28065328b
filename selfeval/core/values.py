"""Reading one value of a metrics file: a number in its unit, a date, yes or no, audit answers.

:mod:`selfeval.core.submission` walks the file's sections; this is what it calls for each value,
so "78%" becomes 78.0 here and nowhere else. Every problem raises a located :class:`SelfevalError`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core.errors import KeyPath, Locator, SelfevalError
from selfeval.core.evidence import Answers, AuditSample, MetricValue, answer_word

VALUE_KEYS = ("value", "note", "source", "numerator", "denominator")
_TRUE = {"yes", "y", "true", "t"}
_FALSE = {"no", "n", "false", "f"}


class ValueReader:
    """Reads single values, each error located by its key path in the file."""

    def __init__(self, file: str, locator: Locator, catalogue: cat.Catalogue) -> None:
        self.file = file
        self.locator = locator
        self.cat = catalogue
        self.warnings: list[str] = []
        self.percentages: list[tuple[str, float, bool]] = []  # (id, value, typed as a number)

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
        if m.unit == "percent":
            self.percentages.append((m.id, value, not isinstance(raw, str)))
        return MetricValue(value=value, note=optional_text(extra.get("note")), source=optional_text(extra.get("source")),
                           numerator=num, denominator=den)

    def number(self, raw: Any, path: KeyPath, unit: str, name: str) -> float:
        unit_word = cat.UNITS[unit]
        if isinstance(raw, bool) or isinstance(raw, (list, dict)) or raw is None:
            shown = ("yes" if raw else "no") if isinstance(raw, bool) else "a list or mapping"
            raise self.error(path, f"'{name}' should be a {unit_word}, not {shown}")
        if isinstance(raw, (int, float)):
            try:
                value = float(raw)
            except OverflowError:  # an integer of hundreds of digits
                raise self.error(path, f"'{name}' is too large to be a {unit_word}") from None
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


def optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _name(path: KeyPath) -> str:
    return str(path[-1]) if path else "file"
