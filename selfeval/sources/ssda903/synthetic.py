"""Synthetic SSDA903 returns with known answers: three years of an invented authority.

Every child is invented. The model is a list of periods of care, each a list of episodes with
true start and end dates; each year's return is written from it the way the validator expects
(episodes open at any time in the year, the one open at 1 April with its original start, an
episode still open at 31 March with no end). ``synthetic_expected`` counts the known answers from
the model itself, not from the files. Sizes: "small" (about 80 children looked after at 31
March) and "large" (a big city: about 1,500).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from selfeval.sources.dates import add_years

YEAR = 2026  # the newest return: 2025/26, year ending 31 March 2026
YEARS = (2022, 2023, 2024, 2025, 2026)  # five returns: A1 needs entries to care years back
CHILD_POPULATION = {"small": 40_000, "large": 260_000}
CHILDREN = {"small": 300, "large": 5_600}  # children ever in care over the eight-year model
LEAVERS = {"small": 25, "large": 450}  # OC3 cohort of the newest year
FOSTER = ("U1", "U3", "U4", "U6")
OTHER = ("K2", "R1", "P1", "S1")
ETHNIC = ("WBRI", "WOTH", "MWBC", "APKN", "BAFR", "OOTH", "REFU")


@dataclass
class Ep:
    decom: dt.date
    dec: dt.date | None  # the true end (None: still open at the end of the model)
    rne: str
    ls: str
    place: str
    rec: str | None = None


@dataclass
class Child:
    id: str
    dob: dt.date
    sex: int
    ethnic: str
    eps: list[Ep] = field(default_factory=list)
    match: dt.date | None = None  # AD1 DATE_MATCH (adopted children)
    foster_care: int | None = None
    oc2: tuple[str, str, str, str] | None = None  # SDQ, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT
    oc3: tuple[str, str, str] | None = None  # IN_TOUCH, ACTIV, ACCOM


def _d(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days)))


def _period(rng: random.Random, c: Child, start: dt.date, model_end: dt.date) -> None:
    """One period of care from ``start``: episodes until it ends or the model ends."""
    eighteen = add_years(c.dob, 18)
    adopt = (start - c.dob).days < 3 * 365 and rng.random() < 0.3
    duration = rng.randint(30, 400) if not adopt and rng.random() < 0.35 else rng.randint(200, 2600)
    end: dt.date | None = start + dt.timedelta(days=duration)
    if end is not None and end >= eighteen:
        end = eighteen
    if end is not None and end > model_end:
        end = None
    ls = "C1" if adopt or rng.random() < 0.6 else "V2"
    place = "U5" if adopt and rng.random() < 0.4 else rng.choice(FOSTER + OTHER[:2])
    eps = [Ep(start, None, "S", ls, place)]
    day = start
    stage = 0
    while True:
        day = day + dt.timedelta(days=rng.randint(40, 420))
        if (end is not None and day >= end) or day > model_end:
            break
        cur = eps[-1]
        if adopt and stage < 3:
            stage += 1
            if stage == 1:
                nxt = Ep(day, None, "L", "C2", cur.place)
            elif stage == 2:
                nxt = Ep(day, None, "L", "E1", cur.place)
            else:
                same = cur.place == "U5"
                nxt = Ep(day, None, "U" if same else "P", "E1", "A5" if same else "A6")
                c.foster_care = 1 if same else 0
                c.match = day - dt.timedelta(days=rng.randint(0, 200 if rng.random() < 0.8 else 900))
        elif adopt:
            break
        else:
            kind = rng.choices("LPTBX", (30, 45, 10, 10, 5))[0]
            if kind == "L":
                nxt = Ep(day, None, "L", "C2" if cur.ls != "C2" else "V2", cur.place)
            elif kind == "P":
                nxt = Ep(day, None, "P", cur.ls, rng.choice(FOSTER + OTHER))
            elif kind == "T":
                nxt = Ep(day, None, "T", cur.ls, "U4" if cur.place != "U4" else "U1")
            elif kind == "B":
                nxt = Ep(day, None, "B", "C2" if cur.ls != "C2" else "C1", rng.choice(FOSTER))
            else:  # a week in hospital, then back to the same placement
                back = day + dt.timedelta(days=rng.randint(2, 7))
                if (end is not None and back >= end) or back > model_end:
                    break
                cur.dec, cur.rec = day, "X1"
                eps.append(Ep(day, back, "P", cur.ls, "T1", "X1"))
                eps.append(Ep(back, None, "P", cur.ls, cur.place))
                day = back
                continue
        cur.dec, cur.rec = nxt.decom, "X1"
        eps.append(nxt)
    last = eps[-1]
    if adopt and stage == 3 and last.place.startswith("A") and end is not None:
        last.dec, last.rec = end, rng.choice(("E11", "E12"))
    elif end is not None:
        last.dec = end
        if end == eighteen:
            last.rec = "E17" if last.place in FOSTER and rng.random() < 0.55 else rng.choice(("E5", "E6", "E8"))
        else:
            last.rec = rng.choice(("E4A", "E4B", "E41", "E45", "E13", "E8"))
    c.eps.extend(eps)


def generate(size: str, seed: int = 2026) -> list[Child]:
    rng = random.Random(f"903-{size}-{seed}")
    model_start = dt.date(YEAR - 8, 4, 1)
    model_end = dt.date(YEAR, 3, 31)
    children = []
    for n in range(CHILDREN[size]):
        start = _d(rng, model_start, model_end)
        age = rng.choice((0, 0, 1, 2, 3, 5, 7, 9, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17))
        dob = _d(rng, add_years(start, -age - 1) + dt.timedelta(days=1), add_years(start, -age))
        c = Child(f"C{n:06d}", dob, rng.choice((1, 2)), rng.choice(ETHNIC))
        _period(rng, c, start, model_end)
        last = c.eps[-1]
        if last.dec is not None and last.rec not in ("E11", "E12", "E17", "E5", "E6", "E8") \
                and rng.random() < 0.15:
            again = last.dec + dt.timedelta(days=rng.randint(20, 300))
            if again < min(model_end, add_years(dob, 18)):
                _period(rng, c, again, model_end)
        children.append(c)
    for n in range(max(2, CHILDREN[size] // 100)):  # short breaks: left out of every measure
        start = _d(rng, dt.date(YEAR - 2, 4, 1), model_end)
        c = Child(f"B{n:06d}", _d(rng, dt.date(YEAR - 15, 1, 1), dt.date(YEAR - 6, 1, 1)), 1, "WBRI")
        c.eps.append(Ep(start, None, "S", "V3", "U6"))
        children.append(c)
    _outcomes(rng, children)
    children += _leavers(rng, size)
    return children


def _outcomes(rng: random.Random, children: list[Child]) -> None:
    """OC2 answers for every child with an episode open at 31 March of the newest year (the
    writer leaves them out for children outside the 12-month cohort, as the return does);
    a few cohort children get none, which the import must count as 'not done'."""
    for c in children:
        if c.eps and c.eps[-1].dec is None and rng.random() > 0.03:
            c.oc2 = (str(rng.randint(0, 40)) if rng.random() < 0.75 else "",
                     "1" if rng.random() < 0.85 else "0", "1" if rng.random() < 0.8 else "0",
                     "1" if rng.random() < 0.88 else "0")


def _leavers(rng: random.Random, size: str) -> list[Child]:
    out = []
    start = dt.date(YEAR - 1, 4, 1)
    for n in range(LEAVERS[size]):
        birthday = _d(rng, start, dt.date(YEAR, 3, 31))
        age = rng.randint(17, 21)
        dob = add_years(birthday, -age)
        c = Child(f"L{n:06d}", dob, rng.choice((1, 2)), rng.choice(ETHNIC))
        touch = rng.choices(("YES", "NO", "REFU", "NREQ", "RHOM", "DIED"), (80, 6, 4, 4, 4, 2))[0]
        if touch in ("RHOM", "DIED"):
            c.oc3 = (touch, "0", "0")
        else:
            act = rng.choice(("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"))
            letter = rng.choice("BCDEKTUVWYZ" if age >= 18 else "BCDEKTUVWY")
            digit = "1" if rng.random() < 0.87 else "2"
            c.oc3 = (touch, act, f"{letter}{digit}" if touch == "YES" or rng.random() < 0.5 else "0")
        out.append(c)
    return out
