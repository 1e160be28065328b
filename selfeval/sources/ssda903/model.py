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
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from selfeval.sources import fields
from selfeval.sources import returns_codes as codes
from selfeval.sources.computed import Quality
from selfeval.sources.ssda903.read import Place, Raw903, Rows, place_text

P2_CUTOFF = dt.date(2023, 10, 28)  # P2 invalid for episodes open on or after this date


class Ep(NamedTuple):
    decom: dt.date
    dec: dt.date | None
    rne: str
    ls: str | None
    place: str | None
    rec: str | None
    at: Place  # where the row was read: a CSV line number or an XML place (never a value)
    src: str  # the file it was read from


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


_ADOPTED = re.compile(r",(?:E11|E12)(?=,|\r?$)", re.M | re.I)


def infer_year(raw: Raw903) -> int | None:
    """The collection year of the latest episode date (DECOM or DEC: Episodes' only dates).

    A CSV not yet split is searched as text: the latest calendar year in it (years beyond next
    year are typing errors, left to the data-quality list), then whether any date in that year
    falls from April on."""
    ep = raw.tables["Episodes"]
    if ep.unsplit:
        text = ep.text
        top = next((y for y in range(dt.date.today().year + 1, 1950, -1)
                    if f"/{y}" in text or f"{y}-" in text), None)  # substring searches: fast
        if top is None:
            return None
        # any date of that year from April on (such matches cannot overlap, so none is hidden
        # by another); findall is quicker than search for a pattern without a literal start
        april_on = "(?:0[4-9]|1[0-2])"
        later = bool(re.findall(rf"/{april_on}/{top}", text)) or (
            f"{top}-" in text and re.search(rf"{top}-{april_on}-", text) is not None)
        return top + (1 if later else 0)
    i, j = ep.col("DECOM"), ep.col("DEC")
    texts = {r[i] for r in ep.rows} | {r[j] for r in ep.rows}  # dates repeat: parse each once
    dates = [v for v in map(fields.date, texts) if isinstance(v, dt.date) and fields.plausible(v)]  # as for CSV
    return year_of(max(dates)) if dates else None


def adopted_children(raw: Raw903) -> set[str]:
    """Children with an episode ending in adoption (E11/E12) — a generous reading of the raw
    text, used only to decide which children's history to read."""
    ep = raw.tables["Episodes"]
    if ep.unsplit:
        text = ep.text
        return {text[text.rfind("\n", 0, m.start()) + 1:m.start()].split(",", 1)[0]
                for m in _ADOPTED.finditer(text)}
    i = ep.col("REC")
    return {r[0] for r in ep.rows if r[0] and (r[i] or "").strip().upper() in ("E11", "E12")}


def build(raw: Raw903, year: int, wanted: set[str] | None = None) -> Year903:
    """The typed return; with ``wanted`` (an earlier year read for history), only those
    children's episodes and the adoption table are read."""
    q = Quality()
    history = wanted is not None
    for name, rows in raw.tables.items():
        if not history or name in ("Episodes", "AD1"):
            rows.materialise(wanted if name == "Episodes" else None, raw.short_rows)
    for table, place in raw.short_rows:
        q.add(table, "row has fewer fields than the header; row left out", place)
    dob = {} if history else _header(raw.tables["Header"], q)
    episodes, left_out = _episodes(raw.tables["Episodes"], year, q)
    for child in episodes if not history else ():
        if child not in dob:
            q.add("Episodes CHILD", "child has episodes but no Header row (date of birth unknown)",
                  f"child's first episode ({_first_place(raw.tables['Episodes'], child)})")
    y = Year903(year, raw.path, episodes, dob, {}, [], {}, dict(raw.found), q, left_out)
    if "OC2" in raw.tables and not history:
        t = raw.tables["OC2"]
        for r, at in zip(t.rows, t.places, strict=True):
            if not r[0]:
                q.add("OC2 CHILD", "blank child identifier; row left out", t.fmt(at))
                continue
            y.oc2[r[0]] = (tuple(fields.code(v) for v in r[1:]), t.fmt(at))
    if "OC3" in raw.tables and not history:
        _oc3(raw.tables["OC3"], y)
    if "AD1" in raw.tables:
        t = raw.tables["AD1"]
        for r, at in zip(t.rows, t.places, strict=True):
            match = fields.date(r[1])
            if match is fields.BAD:
                q.add("AD1 DATE_MATCH", "not a dd/mm/yyyy date; treated as blank", t.fmt(at))
            if r[0]:
                y.ad1[r[0]] = (match if isinstance(match, dt.date) else None, fields.code(r[2]))
    y.counts = {name: len(rows.rows) for name, rows in raw.tables.items()}
    return y


def _first_place(t: Rows, child: str) -> str:
    for r, place in zip(t.rows, t.places, strict=True):
        if r[0] == child:
            return t.fmt(place)
    return "Episodes"


def _header(t: Rows, q: Quality) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    seen: set[str] = set()
    for (child, dob_text), at in zip(t.rows, t.places, strict=True):
        place = t.fmt(at) if not child or child in seen else ""
        if not child:
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
            q.add("Header DOB", "missing or not a dd/mm/yyyy date; child left out of age-based measures", t.fmt(at))
    return out


def _problem(decom: object, dec: object, rne: str | None, rec: str | None) -> tuple[str, str]:
    if not isinstance(decom, dt.date):
        return "Episodes DECOM", "missing or not a dd/mm/yyyy date"
    if dec is fields.BAD:
        return "Episodes DEC", "not a dd/mm/yyyy date"
    if rne not in codes.RNE:
        return "Episodes RNE", "missing or not a DfE reason for new episode (S, L, P, T, U, B)"
    if isinstance(dec, dt.date) and dec < decom:
        return "Episodes DEC", "the episode ends before it starts"
    return "Episodes REC", "the episode ended but has no reason ceased"


def _episodes(t: Rows, year: int, q: Quality) -> tuple[dict[str, list[Ep]], int]:
    """Typed episodes per child (the loop is the import's hot path: a plain check first, the
    reason for a rejection worked out only when there is one)."""
    place_codes = codes.placement_codes(year)
    rec_codes = codes.reason_ceased_codes(year)
    legal, rnes, date_type = codes.LS, codes.RNE, dt.date
    date, code = fields.date, fields.code
    dget, cget, miss = fields._DATES.get, fields._CODES.get, fields.BAD  # the caches, looked up inline
    new = tuple.__new__
    out: dict[str, list[Ep]] = {}
    bad: set[str] = set()
    src = t.where
    for (child, decom_t, rne_t, ls_t, place_t, dec_t, rec_t), row in zip(t.rows, t.places, strict=True):
        if not child:
            q.add("Episodes CHILD", "blank child identifier; row left out", t.fmt(row))
            continue
        decom, dec = dget(decom_t, miss), dget(dec_t, miss)
        if decom is miss:
            decom = date(decom_t)
        if dec is miss:
            dec = date(dec_t)
        rne, ls, place, rec = cget(rne_t), cget(ls_t), cget(place_t), cget(rec_t)
        if rne is None:
            rne = code(rne_t)
        if ls is None:
            ls = code(ls_t)
        if place is None:
            place = code(place_t)
        if rec is None:
            rec = code(rec_t)
        if type(decom) is not date_type or rne not in rnes or (
                dec is not None and (type(dec) is not date_type or dec < decom or rec is None)):
            where, what = _problem(decom, dec, rne, rec)
            q.add(where, f"{what}; the child is left out of episode-based measures", t.fmt(row))
            bad.add(child)
            continue
        assert isinstance(decom, dt.date) and rne is not None and not isinstance(dec, fields._Bad)
        if place is not None and place not in place_codes:
            q.add("Episodes PLACE", f"not a placement code for {year_label(year)} (DfE's list changes by year)",
                  t.fmt(row))
        elif place == "P2" and (dec is None or dec >= P2_CUTOFF):
            q.add("Episodes PLACE", "P2 is invalid for episodes open on or after 28 October 2023", t.fmt(row))
        if ls is not None and ls not in legal:
            q.add("Episodes LS", "not a DfE legal status code", t.fmt(row))
        if rec is not None and rec not in rec_codes:
            q.add("Episodes REC", f"not a reason-ceased code for {year_label(year)}; read as leaving care", t.fmt(row))
        eps = out.get(child)
        if eps is None:
            out[child] = eps = []
        eps.append(new(Ep, (decom, dec, rne, ls, place, rec, row, src)))  # Ep(...) without its Python __new__
    for child in bad:
        out.pop(child, None)
    for eps in out.values():
        if len(eps) > 1:
            eps.sort(key=_order)
    return out, len(bad)


def _order(e: Ep) -> tuple[dt.date, dt.date]:
    return e.decom, e.dec or dt.date.max


def where(e: Ep) -> str:
    """The place an episode was read from, for a data-quality entry."""
    return place_text(e.src, e.at)


def _oc3(t: Rows, y: Year903) -> None:
    acts = codes.activity_codes(y.year)
    accoms = codes.accommodation_codes()
    for (child, dob_t, touch_t, act_t, accom_t), row in zip(t.rows, t.places, strict=True):
        at = t.fmt(row)
        if not child:
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
