"""Synthetic records for children in care, care leavers, adoption and adopters (Lists 8–11)."""

from __future__ import annotations

import datetime as dt

from selfeval.sources.annexa.synthetic import AS_AT, PERIOD_START, Record, Size, _Gen
from selfeval.sources.dates import add_months, add_years


def _dfe(list_name: str, *codes: str) -> list[str]:
    """``C2: full care order``: codes and descriptions from the one DfE table, never invented here."""
    from selfeval.sources.codes import code_list

    return [code_list(list_name).example(c) for c in codes]


# Codes valid in the synthetic year (2026/27): no H5 or P2 (dropped 2025/26), no F3/P3 (to 2020/21).
LEGAL = _dfe("legal_status", "C2", "C1", "V2", "E1")
PLACEMENTS = _dfe("placement_type", "U1", "U4", "U4", "U5", "K2", "P1", "K3")
PLANS = ["a) Return to family", "b) Adoption", "c) Long-term fostering", "d) Special guardianship order",
         "e) Supported living"]


def cla(g: _Gen, z: Size, out: list[Record]) -> None:
    for _ in range(z.cla):
        child = g.child(0, 17)
        latest = AS_AT - dt.timedelta(days=10)
        start = g.day(min(max(child["dob"], dt.date(2012, 1, 1)), latest), latest)
        ceased = g.day(max(start, add_months(PERIOD_START, -1)), AS_AT) if g.chance(0.12) else None
        placement_start = g.day(start, min(AS_AT, start + dt.timedelta(days=g.r.randint(0, 1500))))
        visit_gap = g.r.choice([g.r.randint(0, 40)] * 6 + [g.r.randint(45, 120)])
        visit: dt.date | None = AS_AT - dt.timedelta(days=visit_gap)
        if visit is not None and (visit < placement_start or g.chance(0.02)):
            visit = None
        review_gap = g.r.choice([g.r.randint(0, 170)] * 6 + [g.r.randint(190, 300)])
        review: dt.date | None = AS_AT - dt.timedelta(days=review_gap)
        if review is not None and review < start:
            review = None
        health = AS_AT - dt.timedelta(days=g.r.choice([g.r.randint(0, 170)] * 6 + [g.r.randint(200, 500)]))
        dental = AS_AT - dt.timedelta(days=g.r.choice([g.r.randint(0, 330)] * 5 + [g.r.randint(380, 600)]))
        if start >= PERIOD_START:  # came into care in the period: the latest is the initial assessment
            iha = start + dt.timedelta(days=g.r.choice([g.r.randint(3, 26)] * 4 + [g.r.randint(30, 60)]))
            health = iha if iha <= AS_AT else AS_AT - dt.timedelta(days=400)
        placement = g.r.choice(PLACEMENTS)
        urn = None
        if placement.startswith("K2"):
            urn = g.r.choice([f"SC{g.r.randint(100000, 999999)}"] * 4 + [None, "Pending"])
        missing = g.r.choice([0] * 8 + [1, 2, 5])
        out.append({**child, "cla_start": start, "ceased": ceased, "placement_start": placement_start,
                    "legal_status": g.r.choice(LEGAL) if not placement.startswith("P1")
                    else g.r.choice(LEGAL[:2]),
                    "latest_review": review, "last_visit": visit,
                    "permanence_plan": g.r.choice(PLANS),
                    "last_health": None if g.chance(0.04) else health,
                    "last_dental": None if g.chance(0.06) else dental,
                    "placements_12m": None if g.chance(0.01) else g.r.choice([1, 1, 1, 2, 2, 3, 4]),
                    "placement_type": placement, "urn": urn, "missing_12m": missing,
                    "rhi_offered": (g.r.choice([True] * 4 + [False, None]) if missing else None),
                    "seen_alone": g.r.choice([True] * 6 + [False, None, "not applicable"])})


ACTIVITY = _dfe("activity", "F1", "F2", "F5", "P5", "G4", "G5", "G6")
ACCOMMODATION = _dfe("accommodation_type", "B", "D", "E", "U", "W", "Z")
# The DfE codes the generator writes, by list: a test holds them to the table and the year.
CODES_USED = {"legal_status": ["C2", "C1", "V2", "E1"],
              "placement_type": ["U1", "U4", "U5", "K2", "P1", "K3"],
              "activity": ["F1", "F2", "F5", "P5", "G4", "G5", "G6"],
              "accommodation_type": ["B", "D", "E", "U", "W", "Z"],
              "in_touch": ["YES", "NO", "REFU", "NREQ", "DIED"]}


def leavers(g: _Gen, z: Size, out: list[Record]) -> None:
    for _ in range(z.leavers):
        child = g.child(16, 24)
        out.append({**child,
                    "eligibility": g.r.choice(["a) Relevant", "b) Former relevant", "c) Eligible"]),
                    "in_touch": g.r.choice(["YES"] * 8 + ["NO", "REFU", "NREQ", None] + (["DIED"] if g.chance(0.02) else [])),
                    "accommodation": g.r.choice(ACCOMMODATION),
                    "suitability": g.r.choice(["Suitable"] * 8 + ["Unsuitable", None]),
                    "activity": g.r.choice(ACTIVITY + [None]),
                    "personal_adviser": g.r.choice(["P. Adviser", "R. Singh", "a) Yes", None, "No"]),
                    "pathway_review": AS_AT - dt.timedelta(days=g.r.choice([g.r.randint(0, 170)] * 4 + [g.r.randint(200, 400)]))})


def adoption(g: _Gen, z: Size, out: list[Record]) -> None:
    for i in range(z.adoption):
        child = g.child(1, 8)
        entered = g.day(max(child["dob"], dt.date(2022, 1, 1)), AS_AT - dt.timedelta(days=200))
        # (a child at least 1 year old at the as-at date entered care before the window closes)
        decision = entered + dt.timedelta(days=g.r.randint(60, 200))
        order = decision + dt.timedelta(days=g.r.randint(30, 150))
        matched = order + dt.timedelta(days=g.r.randint(30, 250))
        placed = matched + dt.timedelta(days=g.r.randint(7, 40))
        ffa = entered + dt.timedelta(days=g.r.randint(20, 100)) if g.chance(0.15) else None
        rec = {"family": f"FAM{i:04d}", "entered_care": entered, "decision": min(decision, AS_AT),
               "placement_order": order if order <= AS_AT else None,
               "matched": matched if matched <= AS_AT else None,
               "placed": placed if placed <= AS_AT else None, "ffa_placed": ffa}
        out.append({**child, **rec})


def adopters(g: _Gen, z: Size, out: list[Record]) -> None:
    for i in range(z.adopters):
        enquiry = g.day(add_years(AS_AT, -1), AS_AT)
        out.append({"adopter_id": f"AD{i:05d}", "family": f"FAM{i:04d}", "gender": "a) Female",
                    "enquiry": enquiry, "stage1": enquiry + dt.timedelta(days=g.r.randint(5, 40))})
