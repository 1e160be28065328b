"""Each DfE code list the return importers count with, held to ../shared/domain/returns.md.

The expected sets below are transcribed from returns.md (section named beside each); the
importers read theirs from the shared table (selfeval/data/dfe_codes.yaml) through
selfeval/sources/returns_codes.py. Years are collection years ending 31 March (2026 = 2025/26).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from selfeval.sources import returns_codes as rc
from selfeval.sources.codes import code_list

ALL_YEAR_PLACES = {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2", "P1", "P3",
                   "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4"}  # §1.4 PLACE, "all"
PLACES = {  # §1.4 and §1.10: K3 from 2024/25; H5, P2 and Z1 to 2024/25; Z11–Z14 from 2025/26
    2022: ALL_YEAR_PLACES | {"H5", "P2", "Z1"},
    2023: ALL_YEAR_PLACES | {"H5", "P2", "Z1"},
    2024: ALL_YEAR_PLACES | {"H5", "P2", "Z1"},
    2025: ALL_YEAR_PLACES | {"H5", "P2", "Z1", "K3"},
    2026: ALL_YEAR_PLACES | {"K3", "Z11", "Z12", "Z13", "Z14"},
    2027: ALL_YEAR_PLACES | {"K3", "Z11", "Z12", "Z13", "Z14"},
}
REC_NOW = {"X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
           "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8"}  # §1.4 REC
ACTIV_2022_ON = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"}  # §1.7 ACTIV
ACTIV_BEFORE = {"F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6", "0"}
ACCOM = {f"{t}{d}" for t in "BCDEGHKRTUVWYZ" for d in "12"} | {"S2", "X2", "0"}  # §1.7 ACCOM table


@pytest.mark.parametrize(("name", "got", "want"), [
    ("RNE (§1.4)", rc.RNE, {"S", "L", "P", "T", "U", "B"}),
    ("RNE new carer (§4 placements)", rc.RNE_CARER_CHANGE, {"S", "P", "B"}),
    ("RNE same carer (§1.4)", rc.RNE_SAME_CARER, {"T", "U"}),
    ("LS (§1.4)", rc.LS, {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}),
    ("LS short breaks (§1.1)", rc.LS_SHORT_BREAKS, {"V3", "V4"}),
    ("LS authority to place (§4 A2)", rc.LS_COURT_AUTHORITY_TO_PLACE, {"E1", "D1"}),
    ("PLACE adoption (§1.4)", rc.PLACE_ADOPTION, {"A3", "A4", "A5", "A6"}),
    ("PLACE foster (§4 staying put)", rc.PLACE_FOSTER, {"U1", "U2", "U3", "U4", "U5", "U6"}),
    ("PLACE temporary (§1.4)", rc.PLACE_TEMPORARY, {"T0", "T1", "T2", "T3", "T4"}),
    ("REC adopted (§1.4)", rc.REC_ADOPTED, {"E11", "E12"}),
    ("IN_TOUCH (§1.7)", rc.IN_TOUCH, {"YES", "NO", "REFU", "NREQ", "RHOM", "DIED"}),
    ("IN_TOUCH out of the cohort (§4)", rc.IN_TOUCH_OUT_OF_COHORT, {"DIED", "RHOM"}),
    ("ACTIV retired in 2021/22 (§1.10)", rc.ACTIV_RETIRED_2022, {"F3", "P3"}),
    ("ACCOM (§1.7)", rc.accommodation_codes(), ACCOM),
    ("ACCOM bed and breakfast (§4)", rc.ACCOM_BED_AND_BREAKFAST, {"W1", "W2"}),
    ("OrgRole (§3.1)", set(code_list("org_role").codes), {"1", "2", "3", "4", "5", "6"}),
])
def test_code_list(name: str, got: Any, want: set[str]) -> None:
    assert set(got) == want, name


@pytest.mark.parametrize("year", sorted(PLACES))
def test_placement_codes_by_year(year: int) -> None:
    assert set(rc.placement_codes(year)) == PLACES[year]


@pytest.mark.parametrize("year", [2018, 2019, 2022, 2026])
def test_reason_ceased_by_year(year: int) -> None:
    want = REC_NOW if year >= 2019 else (REC_NOW - {"E45", "E46", "E47", "E48"}) | {"E43", "E44"}
    assert set(rc.reason_ceased_codes(year)) == want


@pytest.mark.parametrize("year", [2021, 2022, 2026])
def test_activity_and_eet_by_year(year: int) -> None:
    want = ACTIV_2022_ON if year >= 2022 else ACTIV_BEFORE
    assert set(rc.activity_codes(year)) == want
    assert set(rc.eet_codes(year)) == want - {"G4", "G5", "G6", "0"}  # §4 care_leavers_eet_pct


def test_the_synthetic_903_uses_only_the_tables_codes(r903: tuple[list[Path], dict[str, Any]]) -> None:
    from selfeval.sources.ssda903.run import load_years

    for y in load_years(r903[0]):
        coded = [line for line in y.quality.lines() if "code" in line]
        assert not coded, (y.label, coded)


def _values(path: Path, tag: str) -> set[str]:
    return {el.text or "" for el in ET.parse(path).iter(tag)}


@pytest.mark.parametrize(("tag", "list_name"), [
    ("ReferralSource", "referral_source"), ("PrimaryNeedCode", "primary_need"),
    ("ReasonForClosure", "reason_for_closure"), ("InitialCategoryOfAbuse", "category_of_abuse"),
    ("AssessmentFactors", "assessment_factor"), ("Disability", "disability"),
])
def test_the_synthetic_cin_uses_only_the_tables_codes(rcin: tuple[Path, Path, dict[str, Any]], tag: str,
                                                      list_name: str) -> None:
    got = _values(rcin[0], tag)
    assert got and got <= set(code_list(list_name).valid_codes("2026")), got


@pytest.mark.parametrize(("tag", "list_name"), [("OrgRole", "org_role"), ("ReasonLeave", "reason_leave")])
def test_the_synthetic_workforce_census_uses_only_the_tables_codes(rcsww: tuple[Path, dict[str, Any]], tag: str,
                                                                   list_name: str) -> None:
    got = _values(rcsww[0], tag)
    assert got and got <= set(code_list(list_name).codes), got


def test_returns_codes_defines_no_code_of_its_own() -> None:
    source = Path(rc.__file__).read_text()
    literals = set(re.findall(r'"([A-Z]{1,4}\d{0,2})"', source))
    assert literals <= {"X1", "E17", "DIED", "RHOM", "W"}, literals  # each also in the table:
    for code in ("X1", "E17"):
        assert code in code_list("reason_episode_ceased")
    assert {"DIED", "RHOM"} <= set(code_list("in_touch").codes)
