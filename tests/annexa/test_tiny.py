"""Hand-built workbooks whose answers were worked out by hand with a calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from selfeval.sources.annexa.compute import Settings
from selfeval.sources.annexa.metrics import compute
from selfeval.sources.annexa.read import read_annex_a

from .conftest import make_xlsx

AS_AT = dt.date(2024, 6, 28)  # period 29 Dec 2023 – 28 Jun 2024
ASSESS = ["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]


def run(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> dict[str, object]:
    result = compute(read_annex_a(make_xlsx(tmp_path / "a.xlsx", sheets)), Settings(as_at=AS_AT))
    return {m: (v.value, v.numerator, v.denominator) for m, v in result.values.items()}


def test_45_working_days_across_easter_and_may_day(tmp_path: Path) -> None:
    # From Monday 4 March 2024, 45 working days (Good Friday, Easter Monday and 6 May excluded)
    # end on Thursday 9 May: authorised that day is on time, the next day is late.
    got = run(tmp_path, {"List 4": [
        ASSESS,
        ["A1", "04/03/2024", "09/05/2024"],
        ["A2", dt.date(2024, 3, 4), dt.date(2024, 5, 10)],
        [None, None, None],  # blank row
        ["A3", "02/10/2023", "01/11/2023"],  # authorised before the period
        ["A4", "01/06/2024", "#N/A"],  # still open
    ]})
    assert got["assessments_within_45_working_days_pct"] == (50.0, 1, 2)


def test_icpc_15_working_days(tmp_path: Path) -> None:
    # Strategy discussion Thursday 28 March 2024: 15 working days later is Monday 22 April.
    headers = ["Strategy discussion initiating Section 47 Enquiry Start Date",
               "Date of Initial Child Protection Conference"]
    got = run(tmp_path, {"List 5": [headers, ["28/03/2024", "22/04/2024"], ["28/03/2024", "23/04/2024"],
                                    ["28/03/2024", "19/04/2024"], ["01/05/2024", None]]})
    assert got["icpc_within_15_working_days_pct"] == (66.7, 2, 3)


def test_child_protection_list(tmp_path: Path) -> None:
    headers = ["Child Protection Plan Start Date", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
               "Date of latest review conference", "Child Protection Plan End Date",
               "Number of Previous Child Protection Plans"]
    got = run(tmp_path, {"List 7": [
        headers,
        # open; visited 14 June: 10 working days before 28 June -> in time; seen alone; review due
        ["01/01/2024", "14/06/2024", "a) Yes", "01/04/2024", None, 0],
        # open; visited 13 June: 11 working days -> late; not seen alone; never reviewed, started
        # 1 January -> review was due 1 April -> overdue
        ["01/01/2024", "13/06/2024", "b) No", None, None, 1],
        # open; a baby: not applicable; started 20 June, not yet visited: not yet due
        ["20/06/2024", None, "Not applicable", None, None, "#N/A"],
        # ended 1 June after 2 years and 1 day; started long before the period
        ["31/05/2022", "01/05/2024", "Y", "01/03/2024", "01/06/2024", 2],
        # ended 2 June after 1 year
        ["02/06/2023", "01/05/2024", "N", "01/03/2024", "02/06/2024", 0],
    ]})
    assert got["cp_visits_within_timescale_pct"] == (66.7, 2, 3)
    assert got["cp_children_seen_alone_pct"] == (50.0, 1, 2)
    assert got["cp_review_conferences_on_time_pct"] == (66.7, 2, 3)
    assert got["cp_plans_second_or_subsequent_pct"] == (50.0, 1, 2)  # the 20 June plan has no count
    assert got["cp_plans_lasting_2_years_plus_pct"] == (50.0, 1, 2)


def test_care_leavers(tmp_path: Path) -> None:
    headers = ["Date of Birth", "LA in Touch", "Type of Accommodation", "Suitability of Accommodation",
               "Activity Status"]
    got = run(tmp_path, {"Care leavers": [
        ["Care leavers — as at 28/06/2024"], [],  # title rows above the header
        headers,
        ["01/01/2006", "a) Yes", "W: Bed and breakfast", "Unsuitable", "G5: NEET other"],  # 18
        ["01/01/2004", "YES", "U: Independent living", "Suitable", "F3: Full time employment"],  # 20
        ["01/01/2000", "YES", "U", "Suitable", "F1"],  # 24: outside 17–21
        ["15/03/2005", "REFU", None, None, None],  # 19
        ["01/01/2005", "DIED", None, None, None],  # left out
        # B is 'with parents or relatives' in DfE's codes, never bed and breakfast
        ["01/06/2006", "NO", "B: With parents or relatives", "1", "G4"],  # 18
        # #N/A is a failed lookup: the row is left out of what needs the column, not counted against
        ["01/06/2005", "YES", "#N/A", "#N/A", "#N/A"],  # 19
    ]})
    assert got["care_leavers_in_touch_pct"] == (60.0, 3, 5)
    assert got["care_leavers_eet_pct"] == (25.0, 1, 4)
    assert got["care_leavers_suitable_accommodation_pct"] == (50.0, 2, 4)
    assert got["care_leavers_bed_and_breakfast_count"] == (1, None, None)


CLA = ["Date of Birth", "Date Started to be Looked After", "Child's Legal Status", "Date of Latest Statutory Review",
       "Date of Last Social Work Visit", "Date of Last Health Assessment", "Date of Last Dental Check",
       "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
       "Start Date of Most Recent Placement", "Placement Type", "URN of Placement",
       "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
       "Was the child offered a Return Interview after their last missing episode (Y/N)?"]


def test_children_in_care(tmp_path: Path) -> None:
    got = run(tmp_path, {"List 8": [
        CLA,
        # in care since 2008 (before the bank holiday table): reviewed in May, visited 10 June
        ["01/05/2007", "01/02/2008", "C2: Full care order", "01/05/2024", "10/06/2024", "01/01/2024",
         "01/09/2023", 1, None, "01/03/2020", "U4: Foster placement", None, 0, None],
        # in care since 1 June 2024: no review yet, due 20 working days later (1 July) -> in time;
        # placed 1 June, no visit yet -> due 8 June -> overdue; missing twice, offered an interview
        ["01/01/2012", "03/06/2024", "V2", None, None, None, None, 3, None, "03/06/2024",
         "K2: Children's home", "Pending", 2, "a) Yes"],
        # placed with parents on a care order since 2021; reviewed a year ago -> overdue
        ["01/01/2015", "01/01/2020", "C2", "01/06/2023", "01/06/2024", "01/06/2023", "01/06/2023", 1,
         None, "01/01/2021", "P1: Placed with parents", None, 1, "b) No"],
        # left care before the as-at date: not counted
        ["01/01/2010", "01/01/2020", "C2", "01/06/2023", "01/06/2024", None, None, 1, "01/05/2024",
         "01/01/2021", "U4", None, 0, None],
    ]})
    assert got["cla_reviews_on_time_pct"] == (66.7, 2, 3)
    assert got["cla_visits_within_timescale_pct"] == (66.7, 2, 3)
    assert got["cla_3_plus_placements_pct"] == (33.3, 1, 3)
    # in care 12 months or more: the first and third; health in the last 12 months: the first
    assert got["cla_health_assessments_on_time_pct"] == (50.0, 1, 2)
    assert got["cla_dental_checks_pct"] == (50.0, 1, 2)
    assert got["cla_unregistered_placements_count"] == (1, None, None)
    assert got["placed_with_parents_over_2_years_count"] == (1, None, None)
    assert got["return_home_interviews_within_72_hours_pct"] == (50.0, 1, 2)
    # under 16 and in care 2½ years: only the third (the first is 17), placed since 2021 -> stable
    assert got["cla_long_term_stability_pct"] == (100.0, 1, 1)


def test_child_in_need_open_since_before_the_bank_holiday_table(tmp_path: Path) -> None:
    headers = ["CIN Start Date", "Date Child Was Last Seen", "CIN Closure Date", "Case Status"]
    got = run(tmp_path, {"List 6": [headers, ["01/06/2009", None, None, "a) Child in need plan"],
                                    ["01/06/2009", "20/06/2024", None, "CIN"],
                                    ["01/06/2009", "20/06/2024", None, "c) Child protection plan"]]})
    assert got["cin_visits_within_timescale_pct"] == (50.0, 1, 2)


def test_an_empty_list_sheet_leaves_its_metrics_to_fill_in(tmp_path: Path) -> None:
    from selfeval.sources.annexa.metrics import compute as run_compute

    path = make_xlsx(tmp_path / "a.xlsx", {"List 4": [ASSESS, ["A1", "04/03/2024", "09/05/2024"]], "List 7": []})
    result = run_compute(read_annex_a(path), Settings(as_at=AS_AT))
    assert result.not_computed["cp_visits_within_timescale_pct"] == "no children on a plan at the as-at date"
    assert "List 7 (child protection plans): 0 rows read from sheet 'List 7'" in result.summary
