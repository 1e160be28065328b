"""Episodes over several years, periods of care and carer spells (returns.md §1.4, §4).

The 903 is longitudinal: the episode open at 1 April is reported again with its original start,
and episodes closed before 1 April are only in earlier returns. ``history`` joins the years: a
child's episodes come from the newest return that has the child, plus earlier returns' episodes
that closed before those began. ``upto`` cuts a child's episodes at the as-at date: later
episodes have not happened yet, and an episode ending after it is still open.
"""

from __future__ import annotations

import datetime as dt

from selfeval.sources import returns_codes as codes
from selfeval.sources.ssda903.model import Ep, Year903


def history(years: list[Year903]) -> dict[str, list[Ep]]:
    """Every child's episodes across the loaded years (``years`` newest first)."""
    out: dict[str, list[Ep]] = {}
    for y in years:
        for child, eps in y.episodes.items():
            have = out.get(child)
            if have is None:
                out[child] = list(eps)
                continue
            first = have[0].decom
            older = [e for e in eps if e.dec is not None and e.dec <= first and e.decom < first]
            if older:
                out[child] = older + have
    return out


def upto(eps: list[Ep], as_at: dt.date) -> list[Ep]:
    """``eps`` cut at ``as_at``; the list itself when nothing is cut (the usual case: no caller
    changes the list it gets)."""
    for e in eps:
        if e.decom > as_at or (e.dec is not None and e.dec > as_at):
            break
    else:
        return eps
    out = []
    for e in eps:
        if e.decom > as_at:
            break
        if e.dec is not None and e.dec > as_at:
            e = e._replace(dec=None, rec=None)
        out.append(e)
    return out


def open_at_end(eps: list[Ep]) -> Ep | None:
    """The open episode of a child looked after at the as-at date (not a short break), if any."""
    if eps and eps[-1].dec is None and eps[-1].ls not in codes.LS_SHORT_BREAKS:
        return eps[-1]
    return None


def chain(eps: list[Ep], last: int) -> list[Ep]:
    """The period of care that episode ``last`` belongs to, oldest first: back through episodes
    that ended (X1) the day the next began, stopping at a start of care (RNE S) or a gap."""
    i = last
    while i > 0:
        prev, cur = eps[i - 1], eps[i]
        if cur.rne == "S" or prev.rec != codes.REC_CONTINUES or prev.dec != cur.decom:
            break
        i -= 1
    return eps[i:last + 1]


def spell_start(period: list[Ep], upto_index: int | None = None) -> int:
    """Index (in ``period``) of the episode that began the carer spell holding episode
    ``upto_index`` (default the last): the latest RNE S, P or B; L, T and U continue a spell."""
    i = len(period) - 1 if upto_index is None else upto_index
    while i > 0 and period[i].rne not in codes.RNE_CARER_CHANGE:
        i -= 1
    return i
