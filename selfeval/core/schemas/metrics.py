"""The metrics-file JSON Schema, built from the catalogue so editors autocomplete every id."""

from __future__ import annotations

from typing import Any

from selfeval.core import catalogue as cat

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _metric_value(m: cat.Metric) -> dict[str, Any]:
    number: dict[str, Any] = {"type": "number", "minimum": 0}
    if m.unit == "percent":
        number["maximum"] = 100
    if m.unit == "count":
        number = {"type": "integer", "minimum": 0}
    text = {"type": "string", "pattern": r"^\s*£?\s*[0-9][0-9,]*(\.[0-9]+)?\s*(%|days?|weeks?)?\s*$"}
    return {
        "description": f"{m.label} ({cat.UNITS[m.unit]}; {m.better} is better). {m.definition} "
                       f"Source: {m.source}",
        "oneOf": [number, text, {"type": "null"}, {
            "type": "object", "required": ["value"], "additionalProperties": False,
            "properties": {"value": {"oneOf": [number, text]}, "note": {"type": "string"},
                           "source": {"type": "string"}, "numerator": {"type": "number", "minimum": 0},
                           "denominator": {"type": "number", "minimum": 0}},
        }],
    }


def build() -> dict[str, Any]:
    c = cat.load()
    answers = {"type": "object", "additionalProperties": False, "minProperties": 1,
               "properties": {a: {"type": "integer", "minimum": 0} for a in cat.ANSWERS}}
    evidence: dict[str, Any] = {
        "metrics": {"type": "object", "additionalProperties": False,
                    "properties": {k: _metric_value(m) for k, m in c.metrics.items()}},
        "audits": {"type": "object", "additionalProperties": False, "properties": {
            "sample": {"type": "object", "additionalProperties": False, "properties": {
                "cases": {"type": "integer", "minimum": 1}, "completed": _DATE,
                "method": {"type": "string"}}},
            "answers": {"type": "object", "additionalProperties": False, "properties": {
                k: {**answers, "description": q.question} for k, q in c.audit_questions.items()}},
        }},
        "facts": {"type": "object", "additionalProperties": False, "properties": {
            k: {"type": ["boolean", "null"], "description": f.definition} for k, f in c.facts.items()}},
    }
    period = {"type": "object", "additionalProperties": False,
              "properties": {"start": _DATE, "end": _DATE, "as_at": _DATE},
              "oneOf": [{"required": ["start", "end"]}, {"required": ["as_at"]}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://selfeval.invalid/schemas/metrics.schema.json",
        "title": "selfeval metrics file",
        "description": "One authority's evidence for one period: metrics, audit answers and facts.",
        "type": "object",
        "required": ["authority", "period"],
        "additionalProperties": False,
        "properties": {
            "authority": {"type": "string", "minLength": 1},
            "period": period,
            "notes": {"type": "string"},
            **evidence,
            "previous": {"type": "object", "additionalProperties": False,
                         "properties": {"period": period, **evidence}},
            "recommendations": {"type": "array", "items": {
                "type": "object", "required": ["text", "rules"], "additionalProperties": False,
                "properties": {"text": {"type": "string"}, "ref": {"type": "string"},
                               "rules": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}},
        },
    }
