"""The SSDA903 tables and their exact column sets (returns.md §1.2).

A CSV is recognised by its exact set of column headers, as DfE's validator does, never by its
file name. ``NEEDED`` lists the columns the counting reads; only those are kept, as tuples.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str  # the validator's name
    columns: tuple[str, ...]
    file_name: str  # the conventional file name (the validator's fixtures)
    since: int | None = None  # first collection year (year ending 31 March) with the table


TABLES: dict[str, TableSpec] = {t.name: t for t in (
    TableSpec("Header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"), "header.csv"),
    TableSpec("Episodes", ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                           "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"), "episodes.csv"),
    TableSpec("Reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), "reviews.csv"),
    TableSpec("UASC", ("CHILD", "SEX", "DOB", "DUC"), "uasc.csv"),
    TableSpec("OC2", ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                      "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                      "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"), "oc2.csv"),
    TableSpec("OC3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), "oc3.csv"),
    TableSpec("AD1", ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                      "SEX_ADOPTR", "LS_ADOPTR"), "ad1.csv"),
    TableSpec("PlacedAdoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                 "REASON_PLACED_CEASED"), "placed_for_adoption.csv"),
    TableSpec("PrevPerm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
              "previous_permanence.csv", since=2017),
    TableSpec("Missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), "missing.csv"),
    TableSpec("SWEpisodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
              "sw_episodes.csv", since=2024),
    TableSpec("DoLo", ("CHILD", "DOB", "DOLO_START", "DOLO_END"), "DoLo.csv", since=2027),
)}

REQUIRED = ("Header", "Episodes")

# The columns the counting reads, in the order the rows keep them.
NEEDED: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "DOB"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"),
    "OC2": ("CHILD", "SDQ_SCORE", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT"),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DATE_MATCH", "FOSTER_CARE"),
}

# XML: the HEADER items that belong to each table (returns.md §1.2: CHILDID becomes CHILD and
# PL becomes PLACE on import). Blocks inside HEADER hold the repeating tables.
XML_RENAME = {"CHILDID": "CHILD", "PL": "PLACE"}
XML_HEADER_TABLES = {
    "Header": NEEDED["Header"],
    "OC3": ("IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("DATE_MATCH", "FOSTER_CARE"),
}
XML_BLOCKS = {"OC2": "OC2"}  # HEADER block element -> table


def match_table(headers: list[str]) -> tuple[TableSpec | None, TableSpec, set[str], set[str]]:
    """The table whose column set equals ``headers``, else None with the closest and the
    missing and extra columns (for the message)."""
    got = set(headers)
    best: TableSpec | None = None
    best_score = -1_000
    for spec in TABLES.values():
        want = set(spec.columns)
        if want == got:
            return spec, spec, set(), set()
        score = len(want & got) * 2 - len(want ^ got)
        if score > best_score:
            best, best_score = spec, score
    assert best is not None
    return None, best, set(best.columns) - got, got - set(best.columns)
