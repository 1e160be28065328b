"""The DfE code sets the return importers count with, taken from the shared table.

Every set here is read from ``selfeval/data/dfe_codes.yaml`` (via ``codes.code_list``), the one
table of DfE codes the Annex A importer, these importers and the synthetic generators share; a
test holds the table to ../shared/domain/returns.md. Years are collection years labelled by the
year ending 31 March (903, CIN): 2026 is 2025/26. Nothing is defined here that the table lacks.
"""

from __future__ import annotations

from functools import lru_cache

from selfeval.sources.codes import code_list


def _codes(name: str) -> frozenset[str]:
    return frozenset(code_list(name).codes)


def _group(name: str, group: str) -> frozenset[str]:
    return code_list(name).group(group)


def _valid(name: str, year: int) -> frozenset[str]:
    return frozenset(code_list(name).valid_codes(str(year)))


RNE = _codes("reason_new_episode")
RNE_CARER_CHANGE = _group("reason_new_episode", "new_carer")  # S, P, B
RNE_SAME_CARER = _group("reason_new_episode", "same_carer")  # T, U
LS = _codes("legal_status")
LS_SHORT_BREAKS = _group("legal_status", "short_breaks")  # V3, V4
LS_COURT_AUTHORITY_TO_PLACE = _group("legal_status", "placement_order")  # E1 placement, D1 freeing order
PLACE_ADOPTION = _group("placement_type", "adoption")
PLACE_FOSTER = _group("placement_type", "foster")
PLACE_TEMPORARY = _group("placement_type", "temporary")
REC_CONTINUES = "X1"
REC_ADOPTED = _group("reason_episode_ceased", "adopted")
REC_STAYED_WITH_CARERS = "E17"
IN_TOUCH = _codes("in_touch")
IN_TOUCH_OUT_OF_COHORT = frozenset({"DIED", "RHOM"})  # returns.md §4: left out of the denominators
ACTIV_RETIRED_2022 = frozenset(c for c, e in code_list("activity").codes.items() if e.valid_to == "2020/21")
ORG_ROLE_CASE_HOLDER = "5"


@lru_cache(maxsize=None)
def placement_codes(year: int) -> frozenset[str]:
    """PLACE codes valid in the collection year ending 31 March ``year`` (K3 from 2024/25, H5/P2
    to 2024/25, Z1 split into Z11–Z14 from 2025/26)."""
    return _valid("placement_type", year)


@lru_cache(maxsize=None)
def reason_ceased_codes(year: int) -> frozenset[str]:
    """REC codes valid in ``year`` (E43/E44 replaced by E45–E48 in 2018/19)."""
    return _valid("reason_episode_ceased", year)


@lru_cache(maxsize=None)
def activity_codes(year: int) -> frozenset[str]:
    """OC3 ACTIV codes valid in ``year``: F3/P3 replaced by F4/F5 and P4/P5 in 2021/22."""
    return _valid("activity", year)


@lru_cache(maxsize=None)
def eet_codes(year: int) -> frozenset[str]:
    return _group("activity", "eet") & activity_codes(year)


@lru_cache(maxsize=1)
def accommodation_codes() -> frozenset[str]:
    """OC3 ACCOM codes: a type letter and a suitability digit (S and X take only 2), or 0."""
    from selfeval.sources.codes import ssda903_accommodation

    return frozenset(ssda903_accommodation())


ACCOM_BED_AND_BREAKFAST = frozenset(f"{letter}{d}" for letter in _group("accommodation_type", "bed_and_breakfast")
                                    for d in ("1", "2"))
