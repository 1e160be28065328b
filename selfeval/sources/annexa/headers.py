"""The eleven Annex A lists: which sheet is which list, and which column is which field.

Ofsted revises the Annex A template from time to time and every authority's export differs a
little, so headers are matched tolerantly: case, spaces (non-breaking too), punctuation, words in
brackets such as ``(Y/N)`` and small words (the, a, of, was, did, is) do not matter, and known
alternative spellings are listed per column. Extra columns are ignored. A *required* column is one
a rule of counting needs: if the list is present and the column is not, that is an error naming
the column and the closest header found.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["date", "count", "age", "yes_no", "code", "dfe", "text"]


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Annex A template's wording
    kind: Kind
    required: bool = True
    aliases: tuple[str, ...] = ()
    personal: bool = False  # child-level identifying data: read only where needed, never echoed
    codes: str | None = None  # kind "dfe": the code list in selfeval/data/dfe_codes.yaml
    na_blank: bool = False  # "#N/A" here means nothing happened yet (an end date): read as blank


@dataclass(frozen=True)
class ListSpec:
    number: int
    title: str
    keywords: tuple[str, ...]  # words in a sheet or file name that identify the list
    columns: tuple[Column, ...] = field(default=())

    @property
    def name(self) -> str:
        return f"List {self.number}"


def _id(required: bool = False) -> Column:
    return Column("child_id", "Child Unique ID", "text", required,
                  ("Child ID", "Unique Child ID", "Child Identifier", "UPN / Child ID",
                   "Child Unique Identifier", "LCS Child ID", "LCS ID", "Person ID", "Client ID"),
                  personal=True)


def _dob() -> Column:
    return Column("dob", "Date of Birth", "date", False,
                  ("DOB", "Child Date of Birth", "Child's Date of Birth", "Birth Date"), personal=True)


def _age() -> Column:
    return Column("age", "Age", "age", False, ("Age of Child", "Age (Years)", "Age of Child (Years)",
                                              "Age at Start", "Current Age"))


LISTS: dict[int, ListSpec] = {
    1: ListSpec(1, "contacts", ("contact",), (
        Column("contact_date", "Date of Contact", "date",
               aliases=("Contact Date", "Date contact received", "Contact Received Date")),
    )),
    2: ListSpec(2, "early help assessments", ("early help", "eha"), (
        Column("eh_start", "Assessment start date", "date", aliases=("Early Help Assessment Start Date",)),
        Column("eh_completed", "Assessment completion date", "date", False,
               ("Early Help Assessment Completion Date",), na_blank=True),
    )),
    3: ListSpec(3, "referrals", ("referral",), (
        _id(required=True),
        Column("referral_date", "Date of Referral", "date", aliases=("Referral Date",)),
        Column("referrals_12m", "Number of Referrals in Last 12 Months", "count", False,
               ("Number of Referrals in the Last 12 Months", "No. of Referrals in Last 12 Months")),
    )),
    4: ListSpec(4, "assessments", ("assessment",), (
        Column("start", "Continuous Assessment Start Date", "date",
               aliases=("Assessment Start Date",)),
        Column("authorised", "Continuous Assessment Date of Authorisation", "date",
               aliases=("Assessment Date of Authorisation", "Assessment Authorisation Date",
                        "Date of Authorisation"), na_blank=True),
    )),
    5: ListSpec(5, "section 47 enquiries and initial child protection conferences",
                ("section 47", "s47", "s 47", "icpc"), (
        Column("strategy_date", "Strategy discussion initiating Section 47 Enquiry Start Date", "date",
               aliases=("Strategy Discussion Date", "Section 47 Enquiry Start Date",
                        "Date of Strategy Discussion")),
        Column("icpc_date", "Date of Initial Child Protection Conference", "date",
               aliases=("ICPC Date", "Date of ICPC"), na_blank=True),
    )),
    6: ListSpec(6, "children in need", ("children in need", "child in need", "cin"), (
        Column("cin_start", "CIN Start Date", "date", aliases=("Child in Need Start Date",)),
        Column("last_seen", "Date Child Was Last Seen", "date", aliases=("Date Last Seen",)),
        Column("cin_closed", "CIN Closure Date", "date", aliases=("Child in Need Closure Date",), na_blank=True),
        Column("case_status", "Case Status", "code", False),
        Column("worker", "Allocated Worker", "text", False, ("Allocated Social Worker", "Social Worker",
                                                              "Allocated Worker Name")),
    )),
    7: ListSpec(7, "child protection plans", ("protection", "cp plan", "cpp"), (
        Column("plan_start", "Child Protection Plan Start Date", "date", aliases=("CP Plan Start Date",)),
        Column("last_visit", "Date of the Last Statutory Visit", "date",
               aliases=("Date of Last Statutory Visit", "Last Statutory Visit Date")),
        Column("seen_alone", "Was the Child Seen Alone?", "yes_no", aliases=("Child Seen Alone",)),
        Column("latest_review", "Date of latest review conference", "date",
               aliases=("Date of Latest Review Conference", "Latest RCPC Date")),
        Column("plan_end", "Child Protection Plan End Date", "date", aliases=("CP Plan End Date",), na_blank=True),
        Column("previous_plans", "Number of Previous Child Protection Plans", "count",
               aliases=("Number of Previous CP Plans", "Previous CP Plans")),
    )),
    8: ListSpec(8, "children in care", ("in care", "looked after", "cla", "lac", "cic"), (
        _dob(), _age(),
        Column("cla_start", "Date Started to be Looked After", "date",
               aliases=("Date Started to be Looked After (current episode)", "Date Became Looked After")),
        Column("legal_status", "Child's Legal Status", "dfe", aliases=("Legal Status", "Current Legal Status"),
               codes="legal_status"),
        Column("latest_review", "Date of Latest Statutory Review", "date",
               aliases=("Date of Latest Review", "Date of Last Statutory Review")),
        Column("last_visit", "Date of Last Social Work Visit", "date",
               aliases=("Date of Latest Social Work Visit", "Last Social Work Visit")),
        Column("permanence_plan", "What is the permanence plan for this child?", "code", False,
               ("Permanence Plan",)),
        Column("last_health", "Date of Last Health Assessment", "date",
               aliases=("Date of Latest Health Assessment",)),
        Column("last_dental", "Date of Last Dental Check", "date",
               aliases=("Date of Latest Dental Check",)),
        Column("placements_12m", "Number of Placements in the Last 12 months", "count",
               aliases=("Number of Placements in Last 12 Months",)),
        Column("ceased", "Date Ceased to be Looked After", "date",
               aliases=("Date Ceased Looked After",), na_blank=True),
        Column("placement_start", "Start Date of Most Recent Placement", "date",
               aliases=("Start Date of Current Placement", "Placement Start Date")),
        Column("placement_type", "Placement Type", "dfe", aliases=("Type of Placement", "Placement Type Code"),
               codes="placement_type"),
        Column("urn", "URN of Placement", "text", False, ("Placement URN", "URN"), na_blank=True),
        Column("missing_12m",
               "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
               "count", aliases=("Number of Missing Episodes in the Last 12 Months",)),
        Column("rhi_offered",
               "Was the child offered a Return Interview after their last missing episode (Y/N)?",
               "yes_no", aliases=("Return Interview Offered",)),
        Column("seen_alone", "Was the Child Seen Alone?", "yes_no", False,
               ("Child Seen Alone at Last Visit", "Seen Alone at Last Visit", "Was the child seen alone at the last visit?")),
    )),
    9: ListSpec(9, "care leavers", ("care leaver", "leaving care"), (
        _dob(), _age(),
        Column("in_touch", "LA in Touch", "dfe", aliases=("Local Authority in Touch", "In Touch"),
               codes="in_touch"),
        Column("accommodation", "Type of Accommodation", "dfe", aliases=("Accommodation Type",),
               codes="accommodation_type"),
        Column("suitability", "Suitability of Accommodation", "dfe",
               aliases=("Accommodation Suitability", "Suitable Accommodation"), codes="suitability"),
        Column("activity", "Activity Status", "dfe", aliases=("Main Activity",), codes="activity"),
        Column("pathway_review", "Latest pathway plan review date", "date", False,
               ("Date of Latest Pathway Plan Review", "Pathway Plan Review Date",
                "Date of Latest Pathway Plan")),
        Column("eligibility", "Eligibility Category", "code", False, ("Care Leaver Eligibility Category",)),
        Column("personal_adviser", "Personal adviser allocated", "text", False,
               ("Personal Adviser", "Allocated Personal Adviser", "Does the young person have a personal adviser?",
                "Personal Adviser Allocated (Y/N)", "Allocated Personal Advisor", "Personal Advisor")),
    )),
    10: ListSpec(10, "children with an adoption decision", ("adoption", "adopted"), (
        Column("entered_care", "Date the Child Entered Care", "date",
               aliases=("Date Child Entered Care", "Date Entered Care")),
        Column("placement_order", "Date of Placement Order", "date", na_blank=True),
        Column("matched", "Date of Matching Child and Prospective Adopters", "date",
               aliases=("Date of Match", "Date Matched"), na_blank=True),
        Column("placed", "Date Placed for Adoption", "date", na_blank=True),
        Column("ffa_placed", "Date the child was placed for fostering in FFA or concurrent planning placement",
               "date", False, ("Date Placed in FFA or Concurrent Planning Placement",), na_blank=True),
    )),
    11: ListSpec(11, "adopters", ("adopter",), ()),
}

# A sheet or file name that names a number: "List 4", "list_04 assessments", "L4", "4. Assessments".
_RE_LIST_NUMBER = re.compile(r"^\s*(?:annex[\s_-]*a[\s_-]*)?(?:list|l)\s*[-_.]?\s*0?(\d{1,2})(?!\d)", re.IGNORECASE)
_RE_LEADING_NUMBER = re.compile(r"^\s*0?(\d{1,2})\s*[.)\-_ ]\s*[a-z]", re.IGNORECASE)
# Keyword order matters: "early help assessment" is list 2, not 4; "adopter" is 11, not 10.
_KEYWORD_ORDER = (11, 2, 9, 10, 5, 7, 8, 6, 3, 4, 1)

_SMALL_WORDS = frozenset({"the", "a", "an", "of", "was", "did", "is", "to", "be", "their", "y", "n", "yn"})


def list_number_for(name: str) -> int | None:
    """Which list a sheet or file name is, or None."""
    if (m := _RE_LIST_NUMBER.match(name)) or (m := _RE_LEADING_NUMBER.match(name)):
        n = int(m[1])
        return n if n in LISTS else None
    low = " " + normalise(name) + " "
    for n in _KEYWORD_ORDER:
        if any(f" {normalise(k)} " in low or low.strip().startswith(normalise(k))
               for k in LISTS[n].keywords):
            return n
    return None


def normalise(text: str) -> str:
    """Lower case, punctuation and non-breaking spaces to single spaces."""
    text = text.replace("\u00a0", " ").replace("’", "'").lower()
    text = text.replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def loose(text: str) -> str:
    """``normalise`` without words in brackets and small words: the key headers are matched on."""
    text = re.sub(r"\([^)]*\)", " ", text)
    return " ".join(w for w in normalise(text).split() if w not in _SMALL_WORDS)


_PIVOT = re.compile(r"^(sum|count|average|avg|max|min)( of)?\s+")  # on a loose() key: "of" is gone


def unpivot(key: str) -> str:
    """A pivot table's value header is the column's own: ``sum of number of ...`` -> ``number of ...``."""
    return _PIVOT.sub("", key)


@dataclass(frozen=True)
class HeaderRead:
    """A header read as a column it does not spell exactly: reported "read 'X' as 'Y'"."""

    written: str
    read_as: str
    how: Literal["alternative name", "pivot table header", "close spelling"]


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping once it passes ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _typo_limit(key: str) -> int:
    """Misspellings allowed: none for short headers (``cin start date`` vs ``cin end date``)."""
    return 0 if len(key) < 10 else 1 if len(key) < 16 else 2


def match_headers(spec: ListSpec, headers: list[object], *, fuzzy: bool = True) -> dict[str, int]:
    """Map each of the list's fields to a column index, for the headers that match."""
    return match_headers_read(spec, headers, fuzzy=fuzzy)[0]


def match_headers_read(spec: ListSpec, headers: list[object], *,
                       fuzzy: bool = True) -> tuple[dict[str, int], list[HeaderRead]]:
    """``match_headers`` and how each header that is not the template's own wording was read.

    In order: the template header or an alternative name (case, spacing, punctuation, words in
    brackets and small words ignored), the same after a pivot prefix (``Sum of``), then a
    misspelling within a small edit distance of the template header or an alternative.
    """
    keys: dict[str, int] = {}
    unpivoted: dict[str, int] = {}
    for i, h in enumerate(headers):
        if h is None or isinstance(h, (int, float)):
            continue
        key = loose(str(h))
        if key and key not in keys:
            keys[key] = i
        bare = unpivot(key)
        if bare != key and bare not in unpivoted:
            unpivoted[bare] = i
    found: dict[str, int] = {}
    reads: list[HeaderRead] = []
    used: set[int] = set()

    def take(col: Column, index: int, how: HeaderRead | None) -> None:
        found[col.field] = index
        used.add(index)
        if how is not None:
            reads.append(how)

    def shown(index: int) -> str:
        return " ".join(str(headers[index]).split())

    for col in spec.columns:  # exact (after normalising) or an alternative name
        for n, candidate in enumerate((col.header, *col.aliases)):
            index = keys.get(loose(candidate))
            if index is not None and index not in used:
                take(col, index, HeaderRead(shown(index), col.header, "alternative name") if n else None)
                break
    for col in spec.columns:  # a pivot table's "Sum of ..." / "Count of ..."
        if col.field in found:
            continue
        for candidate in (col.header, *col.aliases):
            index = unpivoted.get(loose(candidate))
            if index is not None and index not in used:
                take(col, index, HeaderRead(shown(index), col.header, "pivot table header"))
                break
    for col in spec.columns:  # a misspelling: "Suitability of Accomodation", "Eligibity Category"
        if not fuzzy or col.field in found:
            continue
        best: tuple[int, int] | None = None
        for candidate in (col.header, *col.aliases):
            want = loose(candidate)
            limit = _typo_limit(want)
            if not limit:
                continue
            for key, index in (*keys.items(), *unpivoted.items()):
                if index in used:
                    continue
                d = _distance(key, want, limit)
                if d <= limit and (best is None or d < best[0]):
                    best = (d, index)
        if best is not None:
            take(col, best[1], HeaderRead(shown(best[1]), col.header, "close spelling"))
    return found, reads


def closest_header(wanted: str, headers: list[object]) -> str | None:
    present = {loose(str(h)): str(h) for h in headers if h is not None and str(h).strip()}
    close = difflib.get_close_matches(loose(wanted), list(present), n=1, cutoff=0.6)
    return " ".join(present[close[0]].split()) if close else None
