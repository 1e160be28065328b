"""One 903 return's rows as typed per-child records, with a data-quality list.

A child with an episode that cannot be read (a malformed or missing start date, a missing or
unknown reason for new episode, an end before the start, an end with no reason) is left out of
every episode-based measure, and the data-quality list names the row. Unknown placement, legal
status or reason-ceased codes for the year are listed but kept: counting needs only a few of
them. The year is the collection year (ending 31 March) that holds the latest episode date,
unless given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from selfeval.sources import fields
from selfeval.sources import returns_codes as codes
from selfeval.sources.computed import Quality
from selfeval.sources.ssda903.read import Raw903, Rows

P2_CUTOFF = dt.date(2023, 10, 28)  # P2 invalid for episodes open on or after this date


class Ep(NamedTuple):
    decom: dt.date
    dec: dt.date | None
    rne: str
    ls: str | None
    place: str | None
    rec: str | None
    at: str  # where the row was read (for data-quality entries; never a value)


@dataclass
class Year903:
    year: int  # collection year ending 31 March
    path: str
    episodes: dict[str, list[Ep]]
    dob: dict[str, dt.date]
    oc2: dict[str, tuple[tuple[str | None, ...], str]]  # child -> ((SDQ, IMMUNISATIONS, TEETH, HEALTH_ASSESSMENT), place)
    oc3: list[tuple[str, dt.date | None, str | None, str | None, str | None, str]]  # + place
    ad1: dict[str, tuple[dt.date | None, str | None]]  # child -> (DATE_MATCH, FOSTER_CARE)
    found: dict[str, str]
    quality: Quality
    left_out_children: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year - 1, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 3, 31)


def year_label(year: int) -> str:
    return f"{year - 1}/{str(year)[2:]}"


def year_of(d: dt.date) -> int:
    """The collection year (ending 31 March) a date falls in."""
    return d.year if d <= dt.date(d.year, 3, 31) else d.year + 1


def infer_year(raw: Raw903) -> int | None:
    ep = raw.tables["Episodes"]
    i, j = ep.col("DECOM"), ep.col("DEC")
    latest: dt.date | None = None
    for r in ep.rows:
        for k in (i, j):
            d = fields.date(r[k])
            if isinstance(d, dt.date) and (latest is None or d > latest):
                latest = d
    return None if latest is None else year_of(latest)


def build(raw: Raw903, year: int) -> Year903:
    q = Quality()
    for table, place in raw.short_rows:
        q.add(table, "row has fewer fields than the header; row left out", place)
    dob = _header(raw.tables["Header"], q)
    episodes, left_out = _episodes(raw.tables["Episodes"], year, q)
    for child in episodes:
        if child not in dob:
            q.add("Episodes CHILD", "child has episodes but no Header row (date of birth unknown)",
                  f"child's first episode ({_first_place(raw.tables['Episodes'], child)})")
    y = Year903(year, raw.path, episodes, dob, {}, [], {}, dict(raw.found), q, left_out)
    if "OC2" in raw.tables:
        t = raw.tables["OC2"]
        for r, place in zip(t.rows, t.places):
            if r[0] is None:
                q.add("OC2 CHILD", "blank child identifier; row left out", place)
                continue
            y.oc2[r[0]] = (tuple(fields.code(v) for v in r[1:]), place)
    if "OC3" in raw.tables:
        _oc3(raw.tables["OC3"], y)
    if "AD1" in raw.tables:
        t = raw.tables["AD1"]
        for r, place in zip(t.rows, t.places):
            match = fields.date(r[1])
            if match is fields.BAD:
                q.add("AD1 DATE_MATCH", "not a dd/mm/yyyy date; treated as blank", place)
            if r[0] is not None:
                y.ad1[r[0]] = (match if isinstance(match, dt.date) else None, fields.code(r[2]))
    y.counts = {name: len(rows.rows) for name, rows in raw.tables.items()}
    return y


def _first_place(t: Rows, child: str) -> str:
    for r, place in zip(t.rows, t.places):
        if r[0] == child:
            return place
    return "Episodes"


def _header(t: Rows, q: Quality) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    seen: set[str] = set()
    for (child, dob_text), place in zip(t.rows, t.places):
        if child is None:
            q.add("Header CHILD", "blank child identifier; row left out", place)
            continue
        if child in seen:
            q.add("Header CHILD", "a second Header row for the same child; the first is used", place)
            continue
        seen.add(child)
        d = fields.date(dob_text)
        if isinstance(d, dt.date):
            out[child] = d
        else:
            q.add("Header DOB", "missing or not a dd/mm/yyyy date; child left out of age-based measures", place)
    return out


def _episodes(t: Rows, year: int, q: Quality) -> tuple[dict[str, list[Ep]], int]:
    place_codes = codes.placement_codes(year)
    rec_codes = codes.reason_ceased_codes(year)
    out: dict[str, list[Ep]] = {}
    bad: set[str] = set()
    for (child, decom_t, rne_t, ls_t, place_t, dec_t, rec_t), at in zip(t.rows, t.places):
        if child is None:
            q.add("Episodes CHILD", "blank child identifier; row left out", at)
            continue
        decom, dec = fields.date(decom_t), fields.date(dec_t)
        rne, ls, place, rec = (fields.code(x) for x in (rne_t, ls_t, place_t, rec_t))
        problem = None
        if not isinstance(decom, dt.date):
            problem = ("Episodes DECOM", "missing or not a dd/mm/yyyy date")
        elif dec is fields.BAD:
            problem = ("Episodes DEC", "not a dd/mm/yyyy date")
        elif rne not in codes.RNE:
            problem = ("Episodes RNE", "missing or not a DfE reason for new episode (S, L, P, T, U, B)")
        elif isinstance(dec, dt.date) and dec < decom:
            problem = ("Episodes DEC", "the episode ends before it starts")
        elif isinstance(dec, dt.date) and rec is None:
            problem = ("Episodes REC", "the episode ended but has no reason ceased")
        if problem is not None:
            q.add(problem[0], f"{problem[1]}; the child is left out of episode-based measures", at)
            bad.add(child)
            continue
        assert isinstance(decom, dt.date) and rne is not None
        end = dec if isinstance(dec, dt.date) else None
        if place is not None and place not in place_codes:
            q.add("Episodes PLACE", f"not a placement code for {year_label(year)} (DfE's list changes by year)", at)
        elif place == "P2" and (end is None or end >= P2_CUTOFF):
            q.add("Episodes PLACE", "P2 is invalid for episodes open on or after 28 October 2023", at)
        if ls is not None and ls not in codes.LS:
            q.add("Episodes LS", "not a DfE legal status code", at)
        if rec is not None and rec not in rec_codes:
            q.add("Episodes REC", f"not a reason-ceased code for {year_label(year)}; read as leaving care", at)
        out.setdefault(child, []).append(Ep(decom, end, rne, ls, place, rec, at))
    for child in bad:
        out.pop(child, None)
    for eps in out.values():
        eps.sort()
    return out, len(bad)


def _oc3(t: Rows, y: Year903) -> None:
    acts = codes.activity_codes(y.year)
    accoms = codes.accommodation_codes()
    for (child, dob_t, touch_t, act_t, accom_t), at in zip(t.rows, t.places):
        if child is None:
            y.quality.add("OC3 CHILD", "blank child identifier; row left out", at)
            continue
        dob = fields.date(dob_t)
        if not isinstance(dob, dt.date):
            dob = y.dob.get(child)
        touch, act, accom = fields.code(touch_t), fields.code(act_t), fields.code(accom_t)
        if touch is not None and touch not in codes.IN_TOUCH:
            y.quality.add("OC3 IN_TOUCH", "not a DfE code; counted as not in touch", at)
        if act is not None and act not in acts:
            retired = y.year >= 2022 and act in codes.ACTIV_RETIRED_2022
            y.quality.add("OC3 ACTIV", "F3/P3 were replaced by F4/F5 and P4/P5 in 2021/22; counted as "
                          "in education, employment or training" if retired else
                          f"not an activity code for {year_label(y.year)}; counted as not EET", at)
        if accom is not None and accom not in accoms:
            y.quality.add("OC3 ACCOM", f"not an accommodation code for {year_label(y.year)}; its "
                          "suitability digit is still read", at)
        y.oc3.append((child, dob, touch, act, accom, at))
