"""Rule packs as data: rules, their levels, rationale, citations and self-test cases.

Built by :mod:`selfeval.core.lint` from the YAML; read by evaluation, settings and reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core import conditions
from selfeval.core.errors import KeyPath, Locator, SelfevalError
from selfeval.core.records import dataclass, field

REGISTRY_FILES = ("sources.yaml", "themes.yaml")
STATUSES = ("met", "concern", "serious", "not_evidenced")
LEVELS = ("concern", "serious")


@dataclass(frozen=True)
class Rationale:
    basis: str
    source: str
    note: str


@dataclass(frozen=True, rebuilt=True)
class Level:
    name: str
    when: conditions.Condition
    rationale: Rationale
    raw_when: Any


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: Any = None
    paraphrase: str | None = None
    kind: str = "gap"  # what the cited report found: a gap, or a strength (never shown as support for a gap)

    @property
    def paragraphs(self) -> str | None:
        if self.paragraph is None:
            return None
        items = self.paragraph if isinstance(self.paragraph, list) else [self.paragraph]
        return ", ".join(f"¶{p}" for p in items)


@dataclass(frozen=True)
class Case:
    name: str
    evidence: Any
    expect: str
    path: KeyPath
    as_at: dt.date | None = None  # the period end to evaluate the case for (to test `since`)
    comparators: dict[str, dict[str, float]] = field(default_factory=dict)  # group -> metric -> figure


@dataclass(frozen=True, rebuilt=True)
class Rule:
    id: str
    title: str
    area: str
    themes: tuple[str, ...]
    expectation: str
    levels: dict[str, Level]
    findings: tuple[Citation, ...]
    action: str
    cases: tuple[Case, ...]
    pack: str
    file: str
    path: KeyPath
    since: dt.date | None = None
    """The date the expectation took effect; a period ending before it is not held to it."""

    def refs(self) -> list[conditions.Ref]:
        return list(dict.fromkeys(r for lv in self.levels.values() for r in lv.when.refs()))

    @property
    def sources(self) -> list[str]:
        keys = [c.source for c in self.findings] + [lv.rationale.source for lv in self.levels.values()]
        return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    version: str
    framework: dict[str, Any]
    file: str
    builtin: bool
    rules: tuple[Rule, ...]


@dataclass
class RuleSet:
    """Every loaded pack, with the registries rules cite."""

    packs: list[Pack] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    themes: dict[str, dict[str, Any]] = field(default_factory=dict)

    _index: tuple[tuple[int, ...], dict[str, Rule]] | None = field(default=None, init=False, repr=False,
                                                                    compare=False)

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule by id, in pack order (built once per set of packs: callers look rules up
        by id in loops, and ``packs`` may still be appended to while loading)."""
        key = tuple(id(p) for p in self.packs)
        if self._index is None or self._index[0] != key:
            self._index = (key, {r.id: r for p in self.packs for r in p.rules})
        return self._index[1]

    def rule(self, rule_id: str) -> Rule:
        rules = self.rules
        if rule_id not in rules:
            message, hint = cat.unknown_id("rule", rule_id, rules)
            raise SelfevalError(message, hint=hint if "did you mean" in hint else "see `selfeval rules list`")
        return rules[rule_id]


# ------------------------------------------------------------------------------------ loading
@dataclass
class Doc:
    """One YAML document: a pack or a registry, with its positions."""

    name: str
    data: Any
    locator: Locator
    builtin: bool
