"""Which Annex A list a sheet (or CSV file) is: by its headers first, its name second.

Real exports name sheets ``Sheet1``, ``CP``, ``Annex_A_L8`` or ``Export (3)``, so the header row
decides. Each list is scored on the share of its *required* columns found in one of the first
rows (then on how many of its columns were found); a sheet's name only breaks a tie or names a
list whose headers say nothing (List 11 has no columns any rule reads). The SEND Annex A (for
area SEND inspections, a different return) is recognised by its words and refused with a message
that says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from selfeval.sources.annexa.headers import LISTS, list_number_for, loose, unpivot

HEADER_SEARCH_ROWS = 15
# Words that mark the SEND Annex A (education, health and care plans), never the ILACS lists.
_SEND = re.compile(r"\b(ehc ?p?|ehcp|education health (and )?care|sen support|special educational needs|send)\b")


@dataclass(frozen=True)
class Identified:
    number: int | None
    header_row: int = -1  # 0-based row of the header that decided, -1 if none
    by: str = ""  # "headers" or "name"
    send: bool = False  # looks like the SEND Annex A


_GENERIC = frozenset({"child_id", "dob", "age"})  # every list (and the SEND Annex A) has these


@lru_cache(maxsize=None)
def _keys(n: int) -> tuple[tuple[bool, frozenset[str]], ...]:
    """Per column of list ``n``: whether it identifies the list (required and not a column every
    list has), and the loose keys it is known by."""
    return tuple((c.required and c.field not in _GENERIC, frozenset(loose(h) for h in (c.header, *c.aliases)))
                 for c in LISTS[n].columns)


def _score(n: int, row_keys: set[str]) -> tuple[float, int]:
    """Share of the list's required columns among a row's headers, and how many columns match
    (exact or alternative names, pivot prefixes too; misspellings are read later)."""
    cols = _keys(n)
    required = [keys for req, keys in cols if req]
    if not required:
        return (0.0, 0)
    share = sum(bool(keys & row_keys) for keys in required) / len(required)
    return (share, sum(bool(keys & row_keys) for _, keys in cols))


def _row_keys(row: list[object]) -> set[str]:
    out = set()
    for v in row:
        if isinstance(v, str) and v.strip():
            key = loose(v)
            out.add(key)
            out.add(unpivot(key))
    return out


def looks_like_send(name: str, rows: Sequence[list[object]]) -> bool:
    texts = [name] + [str(v) for row in rows[:HEADER_SEARCH_ROWS] for v in row if isinstance(v, str)]
    return sum(bool(_SEND.search(loose(t))) for t in texts) >= 2 or bool(_SEND.search(loose(name)))


def identify(name: str, rows: Sequence[list[object]]) -> Identified:
    """The list a sheet holds (see the module docstring)."""
    if looks_like_send(name, rows):
        return Identified(None, send=True)
    by_name = list_number_for(name)
    best: tuple[float, int, int, int] | None = None  # share, columns found, name bonus, list
    header_row = -1
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for v in row if isinstance(v, str) and v.strip()) < 2:
            continue
        row_keys = _row_keys(row)
        for n in LISTS:
            share, count = _score(n, row_keys)
            if share < 0.5:  # half the required columns at least, or it is not this list
                continue
            key = (share, count, int(n == by_name), n)
            if best is None or key[:3] > best[:3]:
                best, header_row = key, r
    if best is not None:
        return Identified(best[3], header_row, "headers")
    if by_name is not None:
        return Identified(by_name, -1, "name")
    return Identified(None)
