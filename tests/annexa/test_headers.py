from __future__ import annotations

import pytest

from selfeval.sources.annexa.headers import LISTS, closest_header, list_number_for, match_headers


@pytest.mark.parametrize("name,number", [
    ("List 1", 1), ("list1", 1), ("LIST 04", 4), ("List 4 - Assessments", 4), ("L8", 8),
    ("List_10", 10), ("4. Assessments", 4), ("Contacts", 1), ("Early help", 2),
    ("Early Help Assessments", 2), ("Referrals", 3), ("Section 47", 5), ("CIN", 6),
    ("Children in need", 6), ("CP plans", 7), ("Children in care", 8), ("CLA", 8),
    ("Care leavers", 9), ("Adoption", 10), ("Adopters", 11), ("List 11 adopters", 11),
])
def test_sheet_names(name: str, number: int) -> None:
    assert list_number_for(name) == number


@pytest.mark.parametrize("name", ["Notes", "Sheet1", "Guidance", "List 12", "Lists"])
def test_other_sheets_are_not_lists(name: str) -> None:
    assert list_number_for(name) is None


@pytest.mark.parametrize("header", [
    "Continuous Assessment Date of Authorisation",
    "continuous assessment date of authorisation",
    "CONTINUOUS ASSESSMENT DATE OF AUTHORISATION ",
    "Continuous\u00a0Assessment Date of Authorisation",
    "Continuous Assessment - Date of Authorisation",
    "Continuous  Assessment Date Of Authorisation (dd/mm/yyyy)",
    "Assessment Authorisation Date",
])
def test_header_tolerance(header: str) -> None:
    found = match_headers(LISTS[4], ["Child Unique ID", "Continuous Assessment Start Date", header, "Extra"])
    assert found == {"start": 1, "authorised": 2}


def test_yes_no_suffix_and_apostrophes() -> None:
    headers = ["Was the child offered a return interview after their last missing episode?",
               "Child’s Legal Status", "Date Started to be Looked After"]
    found = match_headers(LISTS[8], headers)
    assert found["rhi_offered"] == 0 and found["legal_status"] == 1 and found["cla_start"] == 2


def test_closest_header_is_suggested() -> None:
    assert closest_header("Continuous Assessment Date of Authorisation",
                          ["Child ID", "Continuous Assessment Date of Authorization"]) == \
        "Continuous Assessment Date of Authorization"
