"""The DfE code lists the return importers check and count with, by collection year.

Years are collection years labelled by the year ending 31 March (903, CIN): 2024 is 2023/24.
Every code here is from ../shared/domain/returns.md (DfE's validators and schemas); a test holds
these lists to that document. Nothing is invented: where returns.md gives no meaning (Z11–Z14),
the code is valid but carries no meaning beyond "other placement".
"""

from __future__ import annotations

RNE = frozenset({"S", "L", "P", "T", "U", "B"})
RNE_CARER_CHANGE = frozenset({"S", "P", "B"})  # a new carer (the usual reading of "placement")
RNE_SAME_CARER = frozenset({"T", "U"})
LS = frozenset({"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"})
LS_SHORT_BREAKS = frozenset({"V3", "V4"})
LS_COURT_AUTHORITY_TO_PLACE = frozenset({"E1", "D1"})

_PLACE_ALL = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2",
                        "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2", "T3", "T4"})
PLACE_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
PLACE_FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
PLACE_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})


def placement_codes(year: int) -> frozenset[str]:
    """PLACE codes valid in the collection year ending 31 March ``year`` (returns.md §1.4, 1.10)."""
    codes = set(_PLACE_ALL)
    if year <= 2025:
        codes |= {"H5", "P2", "Z1"}  # H5 and P2 dropped, Z1 split in 2025/26
    else:
        codes |= {"Z11", "Z12", "Z13", "Z14"}
    if year >= 2025:
        codes.add("K3")  # registered supported accommodation, 2024/25 on
    return frozenset(codes)


REC_CONTINUES = "X1"
REC = frozenset({"X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47",
                 "E48", "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8"})
REC_OLD = frozenset({"E43", "E44"})  # SGO codes replaced by E45–E48 in 2018/19
REC_ADOPTED = frozenset({"E11", "E12"})
REC_STAYED_WITH_CARERS = "E17"

IN_TOUCH = frozenset({"YES", "NO", "REFU", "NREQ", "RHOM", "DIED"})
IN_TOUCH_OUT_OF_COHORT = frozenset({"DIED", "RHOM"})


def activity_codes(year: int) -> frozenset[str]:
    """OC3 ACTIV codes valid in ``year``: F3/P3 replaced by F4/F5 and P4/P5 in 2021/22."""
    base = {"F1", "P1", "F2", "P2", "G4", "G5", "G6", "0"}
    return frozenset(base | ({"F4", "P4", "F5", "P5"} if year >= 2022 else {"F3", "P3"}))


def eet_codes(year: int) -> frozenset[str]:
    return activity_codes(year) - {"G4", "G5", "G6", "0"}


ACTIV_RETIRED_2022 = frozenset({"F3", "P3"})
_ACCOM_LETTERS = "BCDEGHKRSTUVWXYZ"


def accommodation_codes(year: int) -> frozenset[str]:
    """OC3 ACCOM codes: a type letter and a suitability digit; S1 and X1 are not allowed by the
    current validator (2022/23 on)."""
    codes = {f"{letter}{d}" for letter in _ACCOM_LETTERS for d in "12"} | {"0"}
    if year >= 2023:
        codes -= {"S1", "X1"}
    return frozenset(codes)


ACCOM_BED_AND_BREAKFAST = frozenset({"W1", "W2"})

# CIN census
CIN_PRIMARY_NEED = frozenset({f"N{i}" for i in range(10)})
# Workforce census
ORG_ROLE_CASE_HOLDER = "5"
ORG_ROLES = frozenset({"1", "2", "3", "4", "5", "6"})
