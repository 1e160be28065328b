"""The DfE code table and the matcher: codes as real exports write them."""

from __future__ import annotations

import pytest

from selfeval.sources.codes import code_list, ssda903_accommodation, table

READ_AS = [
    ("legal_status", "CLA - C2 - Full Care Order", {"C2"}),
    ("legal_status", "Full care order", {"C2"}),
    ("legal_status", "INTERIM CARE ORDER [C1]", {"C1"}),
    ("legal_status", "L31 Care Order S31.1(a) CA 89", {"C2"}),
    ("legal_status", "E1: Placement order", {"E1"}),
    ("legal_status", "Section 20", {"V2"}),
    ("legal_status", "c2", {"C2"}),
    ("placement_type", "H1 - Secure Unit Inside LA Boundary", {"K1"}),
    ("placement_type", "Homes and hostels [K2]", {"K2"}),
    ("placement_type", "K1OUT - Secure children's home outside the LA", {"K1"}),
    ("placement_type", "P1OUT - Placed with parents", {"P1"}),
    ("placement_type", "Placed with own parents or other person with parental responsibility", {"P1"}),
    ("placement_type", "a) Foster placement", {"U1", "U2", "U3", "U4", "U5", "U6"}),
    ("placement_type", "U4: Foster placement with other foster carer(s), long-term fostering", {"U4"}),
    ("suitability", "Accommodation is considered suitable", {"1"}),
    ("suitability", "Accommodation is considered unsuitable", {"2"}),
    ("suitability", "Not suitable", {"2"}),
    ("accommodation_type", "W1", {"W"}),
    ("accommodation_type", "B: With parents or relatives", {"B"}),
    ("accommodation_type", "With parent(s) or relative(s)", {"B"}),
    ("accommodation_type", "Bed & Breakfast", {"W"}),
    ("accommodation_type", "Bed and breakfast (W)", {"W"}),
    ("accommodation_type", "B and B", {"W"}),
    ("in_touch", "No longer requires services", {"NREQ"}),
    ("in_touch", "Not in touch", {"NO"}),
    ("in_touch", "YES", {"YES"}),
    ("in_touch", "No - not in touch", {"NO"}),
    ("activity", "G5 - NEET other", {"G5"}),
    ("activity", "NEET", {"G4", "G5", "G6"}),
    ("referral_source", "q) 6: Police", {"6"}),
    ("referral_source", 6, {"6"}),
    ("referral_source", "3A - GP", {"3A"}),
    ("category_of_abuse", "Neglect", {"NEG"}),
    ("reason_for_closure", "RC8 Closed after assessment, no further action", {"RC8"}),
]


@pytest.mark.parametrize(("name", "cell", "codes"), READ_AS, ids=[f"{n}:{c}" for n, c, _ in READ_AS])
def test_codes_are_read_as_exports_write_them(name: str, cell: object, codes: set[str]) -> None:
    m = code_list(name).match(cell)
    assert m is not None, f"{cell!r} not read"
    assert m.codes == codes, f"{cell!r} read as {sorted(m.codes)}"


@pytest.mark.parametrize(("name", "cell"), [
    ("legal_status", "Something else entirely"), ("accommodation_type", "Ask the PA"),
    ("placement_type", "Nobody"), ("in_touch", ""), ("in_touch", None),
])
def test_unrecognised_cells_are_not_guessed(name: str, cell: object) -> None:
    assert code_list(name).match(cell) is None


def test_bed_and_breakfast_is_w_and_b_is_with_parents_or_relatives() -> None:
    acc = code_list("accommodation_type")
    assert acc.group("bed_and_breakfast") == {"W"}
    assert "bed and breakfast" in acc.describe("W")
    assert "parent" in acc.describe("B")


def test_the_table_is_whole() -> None:
    t = table()
    for name in ("legal_status", "placement_type", "reason_new_episode", "reason_episode_ceased",
                 "activity", "accommodation_type", "suitability", "in_touch", "referral_source",
                 "primary_need", "reason_for_closure", "category_of_abuse", "org_role"):
        assert t[name].codes, name
    assert "F6" not in t["activity"]
    assert t["placement_type"].codes["K3"].valid_in("2024/25")
    assert not t["placement_type"].codes["K3"].valid_in("2023/24")
    assert "H5" not in t["placement_type"].valid_codes("2025/26")
    full = ssda903_accommodation()
    assert "S2" in full and "S1" not in full and "W1" in full and "0" in full


def test_match_within_says_when_it_cannot_tell() -> None:
    foster = code_list("placement_type").match("Foster placement")
    assert foster is not None
    assert foster.within(code_list("placement_type").group("foster")) is True
    assert foster.within({"K1", "K2"}) is False
    assert foster.within({"U4"}) is None
