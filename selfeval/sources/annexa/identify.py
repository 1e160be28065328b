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
from dataclasses import dataclass

from selfeval.sources.annexa.headers import LISTS, list_number_for, loose, match_headers

HEADER_SEARCH_ROWS = 15
# Words that mark the SEND Annex A (education, health and care plans), never the ILACS lists.
_SEND = re.compile(r"\b(ehc ?p?|ehcp|education health (and )?care|sen support|special educational needs|send)\b")


@dataclass(frozen=True)
class Identified:
    number: int | None
    header_row: int = -1  # 0-based row of the header that decided, -1 if none
    by: str = ""  # "headers" or "name"
    send: bool = False  # looks like the SEND Annex A


def _score(n: int, row: list[object]) -> tuple[float, int]:
    spec = LISTS[n]
    found = match_headers(spec, row, fuzzy=False)
    required = [c.field for c in spec.columns if c.required]
    if not required:
        return (0.0, 0)
    share = sum(f in found for f in required) / len(required)
    return (share, len(found))


def looks_like_send(name: str, rows: list[list[object]]) -> bool:
    texts = [name] + [str(v) for row in rows[:HEADER_SEARCH_ROWS] for v in row if isinstance(v, str)]
    return sum(bool(_SEND.search(loose(t))) for t in texts) >= 2 or bool(_SEND.search(loose(name)))


def identify(name: str, rows: list[list[object]]) -> Identified:
    """The list a sheet holds (see the module docstring)."""
    by_name = list_number_for(name)
    best: tuple[float, int, int, int] | None = None  # share, columns found, name bonus, list
    header_row = -1
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for v in row if isinstance(v, str) and v.strip()) < 2:
            continue
        for n in LISTS:
            share, count = _score(n, row)
            if share < 0.5:  # half the required columns at least, or it is not this list
                continue
            key = (share, count, int(n == by_name), n)
            if best is None or key[:3] > best[:3]:
                best, header_row = key, r
    if best is not None:
        return Identified(best[3], header_row, "headers")
    if by_name is not None:
        return Identified(by_name, -1, "name")
    return Identified(None, send=looks_like_send(name, rows))
