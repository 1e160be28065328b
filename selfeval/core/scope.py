"""``--areas``: limit any report to chosen judgement areas or themes, as a monitoring visit does.

The filtering happens once, here, on the rule set: every command then evaluates and reports only
the rules in scope, and the report says it was limited. A value is a judgement area id
(``care_leavers``), a friendly form of one (``care-leavers``, ``Care leavers``), or a theme tag
(``supervision``); case does not matter. An unknown value is an error with a "did you mean".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from selfeval.core import catalogue as cat
from selfeval.core.errors import SelfevalError
from selfeval.core.packs import RuleSet
from selfeval.core.records import dataclass


@dataclass(frozen=True)
class Scope:
    """The chosen areas and themes (empty: everything)."""

    areas: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    @property
    def limited(self) -> bool:
        return bool(self.areas or self.themes)

    def includes(self, area: str, themes: Iterable[str] = ()) -> bool:
        if not self.limited:
            return True
        return area in self.areas or any(t in self.themes for t in themes)

    def to_dict(self, ruleset: RuleSet) -> dict[str, Any]:
        """For the report model: what the report was limited to, in words."""
        titles = {k: str(v.get("title", k)) for k, v in ruleset.themes.items()}
        labels = [cat.AREAS[a] for a in self.areas] + [
            f"theme: {titles.get(t, t)}" for t in self.themes]
        return {"limited": self.limited, "areas": list(self.areas), "themes": list(self.themes),
                "labels": labels}


def _key(word: str) -> str:
    """Case, spaces, hyphens and underscores do not matter: 'Care leavers' == 'care-leavers'."""
    return re.sub(r"[\s_\-]+", "_", word.strip().lower())


def split_values(values: Iterable[str]) -> list[str]:
    """``--areas a,b --areas c`` → ``[a, b, c]`` (empty items ignored)."""
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def parse(values: Iterable[str], ruleset: RuleSet) -> Scope:
    """Read ``--areas`` values against the judgement areas and the themes the rule set knows."""
    words = split_values(values)
    if not words:
        return Scope()
    areas = {_key(a): a for a in cat.AREAS} | {_key(t): a for a, t in cat.AREAS.items()}
    themes_known = list(ruleset.themes) + [t for r in ruleset.rules.values() for t in r.themes]
    themes = {_key(t): t for t in themes_known}
    chosen_areas: list[str] = []
    chosen_themes: list[str] = []
    for word in words:
        k = _key(word)
        if k in areas:
            chosen_areas.append(areas[k])
        elif k in themes:
            chosen_themes.append(themes[k])
        else:
            choices = list(cat.AREAS) + [t.replace("_", "-") for t in cat.AREAS] + list(dict.fromkeys(themes_known))
            hint = cat.suggest(word, choices) or (
                f"give a judgement area ({', '.join(cat.AREAS)}) or a theme (see `selfeval rules coverage`)")
            raise SelfevalError(f"--areas: '{word}' is neither a judgement area nor a theme", hint=hint)
    return Scope(areas=tuple(dict.fromkeys(chosen_areas)), themes=tuple(dict.fromkeys(chosen_themes)))


def limit(ruleset: RuleSet, scope: Scope) -> RuleSet:
    """The rule set with only the rules in scope (packs left with no rule are dropped)."""
    if not scope.limited:
        return ruleset
    rules = list(ruleset.rules.values())
    for area in scope.areas:  # every value must pick out something, or the user has mistyped
        if not any(r.area == area for r in rules):
            raise SelfevalError(f"--areas: no loaded rule is in the area '{cat.AREAS[area]}'",
                                hint="see `selfeval rules list` for the rules and their areas")
    for theme in scope.themes:
        if not any(theme in r.themes for r in rules):
            raise SelfevalError(f"--areas: no loaded rule has the theme '{theme}'",
                                hint="see `selfeval rules coverage` for the themes and their rules")
    packs = []
    for pack in ruleset.packs:
        kept = tuple(r for r in pack.rules if scope.includes(r.area, r.themes))
        if kept:
            packs.append(dataclasses.replace(pack, rules=kept))
    return RuleSet(packs=packs, sources=ruleset.sources, themes=ruleset.themes)
