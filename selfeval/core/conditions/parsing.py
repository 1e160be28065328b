"""A condition mapping from a rule pack parsed into condition objects, each error located
inside the mapping (``ConditionError.path``). ``KINDS`` is the registry of condition kinds."""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from selfeval.core.conditions.base import COMPARISONS, Condition
from selfeval.core.conditions.comparative import (
    GROUP_WORDS,
    Worsened,
    WorseThanGroup,
    WorseThanNational,
)
from selfeval.core.conditions.logic import All, Any_, Not
from selfeval.core.conditions.measures import AuditShare, FactIs, MetricCompare
from selfeval.core.evidence import answer_word


class ConditionError(ValueError):
    """A malformed condition; ``path`` is where inside the condition mapping it is."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


def _number(data: Mapping[str, Any], key: str, path: tuple[str | int, ...]) -> float:
    v = data[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ConditionError(f"'{key}' should be a number, not '{v}'", path + (key,))
    return float(v)


def _ops(data: Mapping[str, Any]) -> list[str]:
    return [k for k in data if k in COMPARISONS]


def _answers(raw: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    words = tuple(answer_word(a) for a in items)
    for w in words:
        if w not in ("yes", "partly", "no"):
            raise ConditionError(f"'share_of' takes yes, partly and no, not '{w}'", path + ("share_of",))
    return words


def _parse_metric(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
    ops = _ops(data)
    others = [k for k in ("worsened_by", "worse_than") if k in data]
    if len(ops) + len(others) != 1:
        raise ConditionError("a metric condition takes exactly one of above, below, at_least, "
                             "at_most, worsened_by or worse_than", path)
    allowed = {"metric", *ops, *others, "margin", "per"}
    _no_extra(data, allowed, path)
    metric = str(data["metric"])
    if "per" in data and (not ops or data["per"] != "10k_children"):
        raise ConditionError("'per' takes 10k_children, with above, below, at_least or at_most", path + ("per",))
    if ops:
        return MetricCompare(metric, ops[0], _number(data, ops[0], path), data.get("per"))
    if others[0] == "worsened_by":
        return Worsened(metric, _number(data, "worsened_by", path))
    word = data["worse_than"]
    margin = _number(data, "margin", path) if "margin" in data else 0.0
    if word == "national":
        return WorseThanNational(metric, margin)
    if word in GROUP_WORDS:
        return WorseThanGroup(metric, str(word), margin)
    named = re.fullmatch(r"group:([a-z0-9_]+)", str(word))
    if named:
        return WorseThanGroup(metric, named.group(1), margin)
    import difflib  # only for a message

    close = difflib.get_close_matches(str(word), ["national", *GROUP_WORDS], n=1)
    raise ConditionError("'worse_than' takes national, statistical_neighbours, region or group:NAME (a group "
                         "in your comparator file)" + (f" — did you mean '{close[0]}'?" if close else ""),
                         path + ("worse_than",))


def _parse_audit(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
    ops = _ops(data)
    if len(ops) != 1 or "share_of" not in data:
        raise ConditionError("an audit condition takes 'share_of' and exactly one of above, "
                             "below, at_least or at_most", path)
    _no_extra(data, {"audit", "share_of", ops[0], "min_sample"}, path)
    threshold = _number(data, ops[0], path)
    if not 0 <= threshold <= 1:
        raise ConditionError(f"an audit share runs from 0 to 1, not {threshold:g}", path + (ops[0],))
    min_sample = data.get("min_sample", 1)
    if isinstance(min_sample, bool) or not isinstance(min_sample, int) or min_sample < 1:
        raise ConditionError("'min_sample' should be a whole number of 1 or more", path + ("min_sample",))
    return AuditShare(str(data["audit"]), _answers(data["share_of"], path), ops[0], threshold, min_sample)


def _parse_fact(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
    _no_extra(data, {"fact", "is"}, path)
    if not isinstance(data.get("is"), bool):
        raise ConditionError("a fact condition takes 'is: yes' or 'is: no'", path)
    return FactIs(str(data["fact"]), data["is"])


def _parse_group(kind: str) -> Callable[[Mapping[str, Any], tuple[str | int, ...]], Condition]:
    def parse_group(data: Mapping[str, Any], path: tuple[str | int, ...]) -> Condition:
        _no_extra(data, {kind}, path)
        items = data[kind]
        if kind == "not":
            return Not(parse(items, path + ("not",)))
        if not isinstance(items, list) or not items:
            raise ConditionError(f"'{kind}' takes a list of conditions", path + (kind,))
        parts = tuple(parse(p, path + (kind, i)) for i, p in enumerate(items))
        return All(parts) if kind == "all" else Any_(parts)
    return parse_group


def _no_extra(data: Mapping[str, Any], allowed: set[str], path: tuple[str | int, ...]) -> None:
    for key in data:
        if key not in allowed:
            raise ConditionError(f"unexpected key '{key}' in a condition", path + (key,))


KINDS: dict[str, Callable[[Mapping[str, Any], tuple[str | int, ...]], Condition]] = {
    "metric": _parse_metric,
    "audit": _parse_audit,
    "fact": _parse_fact,
    "all": _parse_group("all"),
    "any": _parse_group("any"),
    "not": _parse_group("not"),
}
"""Condition kinds by the key that introduces them. The JSON Schema enum is built from these keys."""


def parse(data: Any, path: tuple[str | int, ...] = ()) -> Condition:
    """Parse a condition mapping from a pack into a :class:`Condition`."""
    if not isinstance(data, dict):
        raise ConditionError("a condition should be a mapping such as {metric: ID, below: 85}", path)
    kinds = [k for k in KINDS if k in data]
    if len(kinds) != 1:
        raise ConditionError(f"a condition needs exactly one of {', '.join(KINDS)}", path)
    return KINDS[kinds[0]](data, path)
