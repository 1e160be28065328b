"""DfE code lists (``selfeval/data/dfe_codes.yaml``) and reading a code from a cell as real exports
write it.

Case-management systems rarely export a bare ``C2``. The same legal status arrives as
``CLA - C2 - Full Care Order``, ``Full care order``, ``INTERIM CARE ORDER [C1]`` or a local code
followed by the words (``L31 Care Order S31.1(a) CA 89``); a placement as ``K1OUT - ...`` or
``Homes and hostels [K2]``. :meth:`CodeList.match` reads, in this order:

1. a DfE code anywhere in the cell as a token: prefix, suffix, in brackets, after ``CLA -``, with
   an ``OUT``/``IN`` suffix (``P1OUT``) or, for care leavers' accommodation, the suitability digit
   (``W1``). Codes made only of letters or only of digits (``B``, ``NO``, ``6``) are read only
   where they stand apart (the whole cell, in brackets, or first and followed by ``:``, ``-``, ``)``)
   so that ``No longer requires services`` is not read as ``NO``;
2. else the code's DfE description or a known synonym, matched on words (case, punctuation,
   ``(s)`` and plural ``s`` ignored), the longest phrase winning; a synonym of a *group*
   (``Foster placement``) matches every code in the group, and the caller decides whether that is
   enough (:meth:`Match.within`).

The table is data: the importers and the synthetic generator read codes only from it, and a test
holds every code they use to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from selfeval.core import resources, yamlsafe

How = Literal["code", "description", "synonym", "group"]

_RE_TOKEN = re.compile(r"[A-Za-z0-9]+")
_RE_ITEM_PREFIX = re.compile(r"^\s*[a-z]{1,2}\)\s+", re.IGNORECASE)  # "a) Yes", "q) 6: Police"
_RE_PLURAL = re.compile(r"\(s\)", re.IGNORECASE)
_SEPARATORS = frozenset(":-–—)]/.,;")
_DIRECTION = ("OUT", "IN")


@dataclass(frozen=True)
class Code:
    code: str
    description: str
    synonyms: tuple[str, ...] = ()
    valid_from: str | None = None  # first reporting year, "2024/25"
    valid_to: str | None = None  # last reporting year
    note: str | None = None

    def valid_in(self, year: str) -> bool:
        """Whether the code is valid in a reporting year written ``2024/25`` (or ``2025``, its end)."""
        y = _year_end(year)
        return (self.valid_from is None or _year_end(self.valid_from) <= y) and (
            self.valid_to is None or y <= _year_end(self.valid_to))


@dataclass(frozen=True)
class Match:
    """What a cell was read as: one code, or the codes a group synonym could be."""

    codes: frozenset[str]
    how: How
    digit: str | None = None  # a suitability digit read with the code ("W1" -> W, "1")

    @property
    def code(self) -> str | None:
        return next(iter(self.codes)) if len(self.codes) == 1 else None

    def within(self, wanted: Iterable[str]) -> bool | None:
        """True if every code it could be is wanted, False if none is, None if it cannot tell."""
        w = frozenset(wanted)
        if self.codes <= w:
            return True
        return False if not self.codes & w else None


@dataclass(frozen=True)
class CodeList:
    name: str
    title: str
    columns: dict[str, str]
    codes: dict[str, Code]
    groups: dict[str, frozenset[str]]
    suffix_digits: tuple[str, ...] = ()
    digits_allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # normalised phrase (word tuple) -> (codes, how); built by the loader
    phrases: dict[tuple[str, ...], tuple[frozenset[str], How]] = field(default_factory=dict)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self.codes

    def describe(self, code: str) -> str:
        return self.codes[code.upper()].description

    def group(self, name: str) -> frozenset[str]:
        return self.groups[name]

    def valid_codes(self, year: str) -> list[str]:
        return [c for c, entry in self.codes.items() if entry.valid_in(year)]

    def match(self, value: object) -> Match | None:
        """The code(s) a cell holds, or None when neither a code nor a description is found."""
        text = _cell_text(value)
        if not text:
            return None
        return _match_text(self.name, text)

    def _match(self, text: str) -> Match | None:
        found = self._code_token(text)
        return found if found is not None else self._phrase(text)

    def _code_token(self, text: str) -> Match | None:
        text = _RE_PLURAL.sub("", text)  # "parent(s)" is not code S in brackets
        tokens = list(_RE_TOKEN.finditer(text))
        for i, m in enumerate(tokens):
            for code, digit in self._readings(m[0]):
                if _has_letter_and_digit(code) or _stands_apart(text, m, i, len(tokens)):
                    return Match(frozenset({code}), "code", digit)
        return None

    def _readings(self, token: str) -> list[tuple[str, str | None]]:
        up = token.upper()
        out: list[tuple[str, str | None]] = []
        if up in self.codes:
            out.append((up, None))
        for suffix in _DIRECTION:
            if up.endswith(suffix) and up[: -len(suffix)] in self.codes and _has_letter_and_digit(up[: -len(suffix)]):
                out.append((up[: -len(suffix)], None))
        if self.suffix_digits and len(up) >= 2 and up[-1] in self.suffix_digits and up[:-1] in self.codes:
            out.append((up[:-1], up[-1]))
        return out

    def _phrase(self, text: str) -> Match | None:
        words = tuple(normalise_words(text))
        best: tuple[int, frozenset[str], How] | None = None
        for phrase, (codes, how) in self.phrases.items():
            n = len(phrase)
            if best is not None and n < best[0]:
                continue
            if _contains(words, phrase):
                if best is None or n > best[0]:
                    best = (n, codes, how)
                elif codes != best[1]:  # two phrases of the same length: it could be either
                    best = (n, best[1] | codes, "group")
        return Match(best[1], best[2]) if best else None

    def example(self, code: str) -> str:
        """``C2: full care order``: the plain form the templates and messages use."""
        return f"{code}: {self.describe(code)}"


@lru_cache(maxsize=65536)
def _match_text(name: str, text: str) -> Match | None:
    """Exports repeat the same few spellings thousands of times: read each once."""
    return table()[name]._match(text)


def normalise_words(text: str) -> list[str]:
    """Words for phrase matching: lower case, ``&`` as ``and``, ``(s)`` and apostrophes dropped,
    punctuation as spaces, a plural ``s`` dropped (parents -> parent)."""
    t = text.lower().replace("&", " and ").replace("(s)", "").replace("'", "").replace("’", "")
    return [_stem(w) for w in re.sub(r"[^a-z0-9]+", " ", t).split()]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i:i + n] == phrase for i in range(len(words) - n + 1))


def _cell_text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).replace("\u00a0", " ").split())
    return _RE_ITEM_PREFIX.sub("", text, count=1)


def _has_letter_and_digit(token: str) -> bool:
    return any(c.isalpha() for c in token) and any(c.isdigit() for c in token)


def _stands_apart(text: str, m: re.Match[str], index: int, count: int) -> bool:
    """An all-letter or all-digit code counts only as the whole cell, in brackets, or first and
    followed by a separator (``B: With parents``, ``6 - Police``, ``NEG - neglect``)."""
    if count == 1 and m.start() == 0 and m.end() == len(text):
        return True
    before = text[:m.start()].rstrip()
    after = text[m.end():].lstrip()
    if before.endswith(("(", "[")) and after.startswith((")", "]")):
        return True
    return index == 0 and not before and bool(after) and after[0] in _SEPARATORS


def _year_end(year: str) -> int:
    """``2024/25`` -> 2025, ``2025`` -> 2025."""
    m = re.match(r"^(\d{4})(?:/(\d{2}))?$", year.strip())
    if not m:
        raise ValueError(f"not a reporting year: {year!r}")
    return int(m[1]) + 1 if m[2] else int(m[1])


_LIST_KEYS = frozenset({"title", "columns", "source", "codes", "groups", "suffix_digits", "digits_allowed"})
_CODE_KEYS = frozenset({"description", "synonyms", "from", "to", "note"})


def _check_keys(where: str, raw: dict[str, Any], allowed: frozenset[str]) -> None:
    # An unquoted comma in a flow mapping makes a stray key: refuse it rather than lose words.
    if extra := set(raw) - allowed:
        raise ValueError(f"dfe_codes.yaml: {where} has unknown keys {sorted(map(str, extra))}")


def _as_list(name: str, raw: dict[str, Any]) -> CodeList:
    _check_keys(name, raw, _LIST_KEYS)
    codes: dict[str, Code] = {}
    for key, entry in raw["codes"].items():
        code = str(key).upper()
        if isinstance(entry, str):
            entry = {"description": entry}
        _check_keys(f"{name}.{code}", entry, _CODE_KEYS)
        if not all(isinstance(t, str) for t in (entry["description"], *entry.get("synonyms", ()))):
            raise ValueError(f"dfe_codes.yaml: {name}.{code}: quote descriptions and synonyms (yes/no read as true/false)")
        codes[code] = Code(code, entry["description"], tuple(entry.get("synonyms", ())),
                           entry.get("from"), entry.get("to"), entry.get("note"))
    groups: dict[str, frozenset[str]] = {}
    group_synonyms: list[tuple[str, frozenset[str]]] = []
    for gname, g in (raw.get("groups") or {}).items():
        members = g["codes"] if isinstance(g, dict) else g
        groups[gname] = frozenset(str(c).upper() for c in members)
        unknown = groups[gname] - set(codes)
        if unknown:
            raise ValueError(f"dfe_codes.yaml: group {name}.{gname} names codes not in the list: {sorted(unknown)}")
        if isinstance(g, dict):
            _check_keys(f"{name}.{gname}", g, frozenset({"codes", "synonyms"}))
            group_synonyms += [(s, groups[gname]) for s in g.get("synonyms", ())]
    phrases: dict[tuple[str, ...], tuple[frozenset[str], How]] = {}

    def add(text: str, members: frozenset[str], how: How) -> None:
        key = tuple(normalise_words(text))
        if not key:
            return
        if key in phrases and phrases[key][0] != members:
            if how == "description" and phrases[key][1] == "description":
                # the same meaning under another year's code (SEX 1 to 2023/24, M from 2024/25)
                phrases[key] = (phrases[key][0] | members, "description")
                return
            raise ValueError(f"dfe_codes.yaml: '{text}' in {name} means two things: "
                             f"{sorted(phrases[key][0])} and {sorted(members)}")
        phrases.setdefault(key, (members, how))

    for c in codes.values():
        add(c.description, frozenset({c.code}), "description")
    for c in codes.values():
        for s in c.synonyms:
            add(s, frozenset({c.code}), "synonym")
    for s, members in group_synonyms:
        add(s, members, "group")
    digits = {str(k).upper(): tuple(str(d) for d in v) for k, v in (raw.get("digits_allowed") or {}).items()}
    return CodeList(name, raw["title"], dict(raw.get("columns") or {}), codes, groups,
                    tuple(str(d) for d in raw.get("suffix_digits", ())), digits, phrases)


@lru_cache(maxsize=1)
def table() -> dict[str, CodeList]:
    """Every code list, by name (``legal_status``, ``placement_type``, ``activity`` ...)."""
    data, _ = yamlsafe.loads_trusted(resources.read_text("data", "dfe_codes.yaml"), "dfe_codes.yaml")
    return {name: _as_list(name, raw) for name, raw in data["lists"].items()}


def code_list(name: str) -> CodeList:
    return table()[name]


def ssda903_accommodation() -> dict[str, str]:
    """The full SSDA903 ACCOM codes (type letter + suitability digit, and ``0``) with descriptions,
    built from the two Annex A lists so there is one source: ``W1`` -> "bed and breakfast, suitable"."""
    types, suit = code_list("accommodation_type"), code_list("suitability")
    out = {}
    for letter, entry in types.codes.items():
        for digit in types.digits_allowed.get(letter, types.suffix_digits):
            out[letter + digit] = f"{entry.description}, {suit.describe(digit)}"
    out["0"] = suit.describe("0")
    return out
