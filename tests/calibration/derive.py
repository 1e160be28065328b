"""Turn a published inspection (../shared/calibration/inspections.yaml) into the evidence the
authority could have held before inspectors arrived, then read its indicative positions.

How the evidence is built (kept simple on purpose, and the same for every case):

* **Metrics** come only from figures the report states (``facts``) whose name maps to a
  catalogue metric in ``FACT_METRICS`` (or, stated the other way round, ``COMPLEMENT_METRICS``:
  "9.7% not in suitable accommodation" is 90.3% in it), and only if the authority could know them
  (``la_could_know`` is not false). A figure given only in words (``value: null``) is left out.
  Qualifiers such as "over 40" keep the number. A care leavers' NEET share gives their EET share
  as what is left after those NEET and those not in touch (``NEET``).
* **Audit answers and yes/no facts** come from the report's findings. Each finding's theme is
  matched (by the keywords in ``FINDING_EVIDENCE``, in order; the first match wins) to the audit
  questions and facts an authority would use to see the same thing. A *weakness* adds, to each
  audit question, an audit of 12 applicable cases answered 6 yes, 3 partly and 3 no (half not
  fully met: what an accurate audit shows when inspectors report a pattern), and sets each fact
  to *no*. How widespread the report says the weakness is changes the audit, as inspectors'
  words do (``EXTENT``): "in most cases", "the majority", "widespread", "rarely" … gives 3 yes,
  3 partly and 6 no; "some", "not all", "not always", "variable", "inconsistent" … gives 8 yes,
  2 partly and 2 no ("most staff get …, but not …" praises the many, so it is not "most").
  A *strength* adds 12 cases answered 11 yes and 1 partly, and sets each fact to *yes*
  (a weakness wins over a strength for a fact). Several findings on the same question add up.
* **Figures the report does not state**, for the metrics DfE publishes (``benchmarks.yaml``), are
  taken at England's level for the inspection's year (the nearest published year): an authority
  knows its own returns, and a report that does not mention a routine figure usually found it
  unremarkable. Nothing else is filled in.
* A finding feeds only evidence its own area's rules read (or leaders', who judge supervision
  and oversight however the report files them): a children-in-care finding on seen-alone visits
  does not become the help-and-protection audit question (children in care measure it as a
  metric, which words cannot give).
* A finding whose theme matches no keyword is left out (listed by ``unmatched`` for review).
* Nothing is taken from the published judgement: the grade is only compared afterwards.

Judgement areas: ILACS ``help_and_protection``, ``children_in_care`` and ``care_leavers`` (from
``children_in_care_and_care_leavers`` before 2023, or their own grades after) and
``impact_of_leaders``; SIF ``looked_after_and_permanence`` is children in care and
``leadership_management_governance`` leaders. Visits carry no judgement and are not scored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from selfeval.core import benchmarks

CASES = Path(__file__).resolve().parents[3] / "shared" / "calibration" / "inspections.yaml"  # ../shared beside the project

FACT_METRICS: dict[str, str] = {
    "social_worker_caseload_average": "social_worker_caseload_average",
    "social_worker_caseload_max": "social_worker_caseload_max",
    "social_worker_caseload_assessment_typical": "social_worker_caseload_average",
    "social_worker_vacancy_rate": "social_worker_vacancy_pct",
    "overall_vacancy_rate": "social_worker_vacancy_pct",
    "social_worker_turnover": "social_worker_turnover_pct",
    "staff_turnover": "social_worker_turnover_pct",
    "re_referral_rate": "re_referrals_within_12_months_pct",
    "icpc_within_timescale": "icpc_within_15_working_days_pct",
    "icpc_within_15_days": "icpc_within_15_working_days_pct",
    "cp_repeat_plans": "cp_plans_second_or_subsequent_pct",
    "cp_plans_over_2_years": "cp_plans_lasting_2_years_plus_pct",
    "cp_visits_within_standard": "cp_visits_within_timescale_pct",
    "rcpc_on_time": "cp_review_conferences_on_time_pct",
    "return_home_interviews_within_72_hours": "return_home_interviews_within_72_hours_pct",
    "children_in_care_rate": "children_in_care_per_10k",
    "cla_reviews_on_time": "cla_reviews_on_time_pct",
    "cla_health_assessments_timely": "cla_health_assessments_on_time_pct",
    "cla_health_assessments_up_to_date": "cla_health_assessments_on_time_pct",
    "annual_health_assessments": "cla_health_assessments_on_time_pct",
    "cla_dental_checks": "cla_dental_checks_pct",
    "sdq_completion": "cla_sdq_completed_pct",
    "placement_stability_3_plus_moves": "cla_3_plus_placements_pct",
    "placement_stability_long_term": "cla_long_term_stability_pct",
    "cla_placed_over_20_miles": "cla_placed_over_20_miles_pct",
    "unregistered_children_homes_in_use": "cla_unregistered_placements_count",
    "iro_caseload": "iro_caseload_average",
    "camhs_wait_max_weeks": "camhs_wait_weeks_average",
    "adoption_a1_days": "adoption_a1_days",
    "adoption_a2_days": "adoption_a2_days",
    "care_proceedings_average_weeks": "care_proceedings_average_weeks",
    "care_proceedings_duration_average": "care_proceedings_average_weeks",
    "care_leavers_suitable_accommodation": "care_leavers_suitable_accommodation_pct",
    "care_leavers_19_21_in_eet": "care_leavers_eet_pct",
    "cla_permanent_exclusions": "cla_permanent_exclusions_count",
    "peps_in_timescale": "cla_pep_completed_pct",
    "care_leavers_in_bed_and_breakfast": "care_leavers_bed_and_breakfast_count",
    "cla_persistent_absence": "cla_persistently_absent_pct",
    "initial_health_assessments_within_28_days": "cla_initial_health_assessments_within_20_working_days_pct",
    "cla_visits_frequency_latest": "cla_visits_within_timescale_pct",
    "cp_visits_frequency_latest": "cp_visits_within_timescale_pct",
    "mash_decisions_within_24_hours": "contacts_decided_within_1_working_day_pct",
}
"""Case fact name -> catalogue metric (the same measure, as the report states it; 28 calendar
days and 24 hours are the reports' words for 20 working days and one working day)."""

COMPLEMENT_METRICS: dict[str, str] = {
    "care_leavers_not_in_suitable_accommodation": "care_leavers_suitable_accommodation_pct",
    "care_leavers_not_in_touch": "care_leavers_in_touch_pct",
    "icpc_late": "icpc_within_15_working_days_pct",
    "cla_initial_health_assessments_late": "cla_initial_health_assessments_within_20_working_days_pct",
    "cp_visits_not_frequent_enough": "cp_visits_within_timescale_pct",
}
"""Case fact name -> catalogue metric it is the complement of (a share stated the other way
round: 9.7% not in suitable accommodation is 90.3% in it)."""

NEET, NOT_IN_TOUCH = "care_leavers_neet", "care_leavers_not_in_touch"
"""A care leavers' NEET share gives the EET share as what is left after those NEET and those not
in touch (DfE's activity categories add up to 100%); with no not-in-touch figure, none is assumed."""

A, F = "audit", "fact"
FINDING_EVIDENCE: list[tuple[str, tuple[str, ...], list[tuple[str, str]]]] = [
    # (keyword in the finding's theme, areas it applies to, evidence)
    ("consent", ("help_and_protection",), [(A, "consent_recorded_at_front_door")]),
    ("threshold", ("help_and_protection",), [(A, "threshold_decision_appropriate")]),
    ("rationale", ("help_and_protection",), [(A, "management_oversight_recorded")]),
    ("early_help", ("help_and_protection",), [(A, "early_help_outcomes_measured")]),
    ("step_down", ("help_and_protection",), [(A, "closure_appropriate")]),
    ("mash_screening", ("help_and_protection",), [(A, "closure_appropriate")]),
    ("closed_too_quickly", ("help_and_protection",), [(A, "closure_appropriate")]),
    ("closure", ("help_and_protection",), [(A, "closure_appropriate")]),
    ("neglect_routed", ("help_and_protection",), [(A, "closure_appropriate")]),
    ("strategy_discussions_delayed", ("help_and_protection",), [(A, "strategy_discussion_timely")]),
    ("strategy_discussions_not_held", ("help_and_protection",), [(A, "strategy_discussion_timely")]),
    ("timely_multiagency", ("help_and_protection",), [(A, "strategy_discussion_timely"), (A, "strategy_discussion_multi_agency")]),
    ("strategy", ("help_and_protection",), [(A, "strategy_discussion_multi_agency")]),
    ("police_absent", ("help_and_protection",), [(A, "strategy_discussion_multi_agency")]),
    ("safety_planning", ("help_and_protection",), [(A, "strategy_discussion_multi_agency")]),
    ("s47", ("help_and_protection",), [(A, "s47_outcome_recorded")]),
    ("cp_medical", ("help_and_protection",), [(A, "cp_medical_considered")]),
    ("identity", ("help_and_protection",), [(A, "assessment_considers_identity")]),
    ("assessments_not_updated", ("help_and_protection",), [(A, "assessment_updated_as_needs_change")]),
    ("overrely_on_parents", ("help_and_protection",), [(A, "assessment_triangulated")]),
    ("assessment", ("help_and_protection",), [(A, "assessment_analyses_history")]),
    ("chronolog", ("help_and_protection",), [(A, "chronology_up_to_date")]),
    ("core_group", ("help_and_protection",), [(A, "core_group_reviews_progress")]),
    ("advocacy", ("help_and_protection",), [(F, "advocacy_offered_for_cp_conferences")]),
    ("drift", ("help_and_protection",), [(A, "progress_without_drift")]),
    ("pre_proceedings", ("help_and_protection",), [(A, "pre_proceedings_timely")]),
    ("partner_challenge", ("help_and_protection",), [(A, "cp_chair_challenge_evident")]),
    ("chairs_escalate", ("help_and_protection",), [(A, "cp_chair_challenge_evident")]),
    ("plan", ("help_and_protection",), [(A, "plan_outcome_focused")]),
    ("direct_work", ("help_and_protection",), [(A, "visits_purposeful")]),
    ("seen_alone", ("help_and_protection",), [(A, "child_seen_alone")]),
    ("voice", ("help_and_protection",), [(A, "child_views_inform_plan")]),
    ("visit", ("help_and_protection",), [(A, "visits_purposeful")]),
    ("wait_to_be_seen", ("help_and_protection",), [(A, "visits_purposeful")]),
    ("cse", ("help_and_protection",), [(A, "exploitation_risk_responded_to")]),
    ("exploitation", ("help_and_protection",), [(A, "exploitation_risk_responded_to")]),
    ("extra_familial", ("help_and_protection",), [(A, "exploitation_risk_responded_to")]),
    ("return_home_interview", ("help_and_protection",), [(F, "return_home_interview_monitoring_in_place")]),
    ("missing_education", ("help_and_protection",), [(F, "children_missing_education_tracked")]),
    ("private_fostering", ("help_and_protection",), [(F, "private_fostering_arrangements_known")]),
    ("disabled", ("help_and_protection",), [(A, "disabled_child_needs_met")]),
    ("records_not_up_to_date", ("help_and_protection",), [(A, "case_recording_up_to_date")]),
    ("recording", ("help_and_protection",), [(A, "management_oversight_recorded")]),
    ("oversight", ("help_and_protection",), [(A, "management_oversight_recorded")]),
    ("supervision", ("help_and_protection", "leadership"), [(A, "supervision_reflective")]),
    # children in care
    ("reunification", ("children_in_care",), [(A, "return_home_assessed_and_supported")]),
    ("placement_sufficiency", ("children_in_care",), [(A, "placement_matched_to_needs")]),
    ("local_placements", ("children_in_care",), [(A, "placement_matched_to_needs")]),
    ("uasc", ("children_in_care",), [(A, "uasc_needs_met")]),
    ("placement_with_parents", ("children_in_care",), [(A, "placed_with_parents_assessed_and_planned")]),
    ("entry", ("children_in_care",), [(A, "entry_to_care_decision_sound")]),
    ("edge_of_care", ("children_in_care",), [(A, "entry_to_care_decision_sound")]),
    ("kinship", ("children_in_care",), [(A, "family_network_explored")]),
    ("connected_carers", ("children_in_care",), [(A, "family_network_explored")]),
    ("permanence", ("children_in_care",), [(A, "permanence_plan_timely")]),
    ("long_term_fostering", ("children_in_care",), [(A, "permanence_plan_timely")]),
    ("court", ("children_in_care",), [(A, "permanence_plan_timely")]),
    ("life_story", ("children_in_care",), [(A, "life_story_work_in_place")]),
    ("family_time", ("children_in_care",), [(A, "family_time_planned")]),
    ("sibling", ("children_in_care",), [(A, "family_time_planned")]),
    ("care_plans", ("children_in_care",), [(A, "care_plan_outcome_focused")]),
    ("review_actions", ("children_in_care",), [(A, "care_plan_outcome_focused")]),
    ("iro", ("children_in_care",), [(A, "iro_challenge_evident")]),
    ("camhs", ("children_in_care",), [(A, "health_needs_met")]),
    ("health", ("children_in_care",), [(A, "health_needs_met")]),
    ("pep", ("children_in_care",), [(A, "pep_quality_good")]),
    ("education", ("children_in_care",), [(A, "pep_quality_good")]),
    ("participation", ("children_in_care",), [(F, "children_in_care_council_active")]),
    ("voice", ("children_in_care",), [(F, "children_in_care_council_active")]),
    ("advocacy", ("children_in_care",), [(F, "advocacy_offered_to_children_in_care")]),
    ("independent_visitor", ("children_in_care",), [(F, "advocacy_offered_to_children_in_care")]),
    ("adoption_support", ("children_in_care",), [(F, "adoption_support_available")]),
    ("foster_carer", ("children_in_care",), [(A, "carer_assessment_informs_placement_decision")]),
    ("identity", ("children_in_care",), [(A, "identity_central_to_plan")]),
    # care leavers
    ("pathway_plan", ("care_leavers",), [(A, "pathway_plan_meaningful")]),
    ("entitlement", ("care_leavers",), [(A, "care_leaver_knows_entitlements")]),
    ("local_offer", ("care_leavers",), [(F, "care_leaver_local_offer_published")]),
    ("pledge", ("care_leavers",), [(F, "care_leaver_local_offer_published")]),
    ("mental_health", ("care_leavers",), [(A, "care_leaver_mental_health_support")]),
    ("care_leaver_health", ("care_leavers",), [(A, "care_leaver_mental_health_support")]),
    ("uasc", ("care_leavers",), [(A, "care_leaver_specific_needs_met")]),
    ("documents", ("care_leavers",), [(A, "care_leaver_knows_entitlements")]),
    ("pa_", ("care_leavers",), [(F, "personal_adviser_offered_to_25")]),
    ("accommodation", ("care_leavers",), [(F, "joint_housing_protocol_in_place")]),
    ("support_inconsistent", ("care_leavers",), [(A, "pathway_plan_meaningful")]),
    # leaders
    ("performance_and_qa", ("leadership",), [(F, "performance_data_automated"), (F, "audit_actions_checked_before_closure")]),
    ("scrutiny", ("leadership",), [(F, "corporate_parenting_board_effective")]),
    ("audit", ("leadership",), [(F, "audit_actions_checked_before_closure")]),
    ("self_assessment", ("leadership",), [(F, "self_evaluation_current_and_evidenced")]),
    ("improvement_plan", ("leadership",), [(F, "improvement_plans_have_timescales")]),
    ("previous_recommendations", ("leadership",), [(F, "single_improvement_plan_in_place")]),
    ("performance", ("leadership",), [(F, "performance_data_automated")]),
    ("management_information", ("leadership",), [(F, "performance_data_automated")]),
    ("data", ("leadership",), [(F, "performance_data_automated")]),
    ("corporate_parenting", ("leadership",), [(F, "corporate_parenting_board_effective")]),
    ("participation", ("leadership",), [(F, "children_views_shape_services")]),
    ("feedback", ("leadership",), [(F, "children_views_shape_services")]),
    ("complaints", ("leadership",), [(F, "complaints_learning_used")]),
    ("training", ("leadership",), [(F, "workforce_competency_framework_in_place")]),
    ("workforce_development", ("leadership",), [(F, "workforce_competency_framework_in_place")]),
    ("nqsw", ("leadership",), [(F, "asye_programme_in_place")]),
    ("sufficiency", ("leadership",), [(F, "sufficiency_strategy_current")]),
    ("management_grip", ("leadership",), [(A, "management_oversight_recorded")]),
    ("compliance_over_quality", ("leadership",), [(A, "recording_captures_child_experience")]),
    ("qa_", ("leadership",), [(F, "audit_actions_checked_before_closure")]),
]

AREA_OF_FINDING = {"leadership": "leaders"}
JUDGEMENT_AREAS = {
    "help_and_protection": "help_and_protection",
    "children_in_care_and_care_leavers": ("children_in_care", "care_leavers"),
    "children_in_care": "children_in_care",
    "care_leavers": "care_leavers",
    "impact_of_leaders": "leaders",
    "looked_after_and_permanence": "children_in_care",
    "leadership_management_governance": "leaders",
}
Counts = dict[str, int]


@dataclass(frozen=True)
class AuditModel:
    """The 12-case audit each finding stands for: ``weak`` for a weakness the report gives no
    extent to, ``most`` and ``some`` by its extent words, ``strong`` for a strength."""

    weak: Counts = field(default_factory=lambda: {"yes": 6, "partly": 3, "no": 3})
    most: Counts = field(default_factory=lambda: {"yes": 3, "partly": 3, "no": 6})
    some: Counts = field(default_factory=lambda: {"yes": 8, "partly": 2, "no": 2})
    strong: Counts = field(default_factory=lambda: {"yes": 11, "partly": 1, "no": 0})


MODEL = AuditModel()
EXTENT: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bmost (staff|children|young people|social workers|families) (get|receive|have|are)\b", re.I), "weak"),
    (re.compile(r"\b(most|majority|widespread|systemic|rarely|never|no agreed|far beyond)\b", re.I), "most"),
    (re.compile(r"\b(some|not all|not always|a few|minority|variable|varies|inconsistent(ly)?|mixed)\b", re.I), "some"),
]
"""How widespread a weakness's words say it is -> which of the model's audits it stands for (the
first match wins; no match: ``weak``, a pattern in about half the cases)."""

SENSITIVITY: dict[str, AuditModel] = {
    "as built": MODEL,
    "weakness 7/3/2": AuditModel(weak={"yes": 7, "partly": 3, "no": 2}),
    "weakness 5/3/4": AuditModel(weak={"yes": 5, "partly": 3, "no": 4}),
    "'most' 4/3/5": AuditModel(most={"yes": 4, "partly": 3, "no": 5}),
    "'most' 2/3/7": AuditModel(most={"yes": 2, "partly": 3, "no": 7}),
    "'some' 7/3/2": AuditModel(some={"yes": 7, "partly": 3, "no": 2}),
    "'some' 9/2/1": AuditModel(some={"yes": 9, "partly": 2, "no": 1}),
    "strength 10/2/0": AuditModel(strong={"yes": 10, "partly": 2, "no": 0}),
}
"""Other readings of the same words (``tools/calibrate.py --sensitivity``): how much the
agreement depends on the counts chosen above rather than on the method."""


def weak_audit(finding: str, model: AuditModel = MODEL) -> Counts:
    """The 12-case audit a weakness stands for, by the extent its words give."""
    kind = next((k for pattern, k in EXTENT if pattern.search(finding)), "weak")
    return dict(getattr(model, kind))


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [d for d in yaml.safe_load_all(fh) if d]


def band(grade: str) -> str:
    g = grade.lower()
    if g.startswith("inadequate"):
        return "inadequate"
    if g.startswith("requires improvement"):
        return "requires_improvement"
    return "good"  # good and outstanding: "no significant gaps"


def judgements(case: dict[str, Any]) -> dict[str, str]:
    """Published band per selfeval area."""
    out: dict[str, str] = {}
    for key, grade in (case.get("judgements") or {}).items():
        target = JUDGEMENT_AREAS.get(key)
        if target is None:
            continue
        for area in (target if isinstance(target, tuple) else (target,)):
            out[area] = band(str(grade))
    return out


def _match(theme: str, area: str) -> list[tuple[str, str]] | None:
    for key, areas, evidence in FINDING_EVIDENCE:
        if key in theme and area in areas:
            return evidence
    return None


def evidence(case: dict[str, Any], model: AuditModel = MODEL) -> dict[str, Any]:
    """The metrics file (as a mapping) the authority could have held."""
    metrics: dict[str, Any] = {}
    for fact in case.get("facts") or []:
        metric = FACT_METRICS.get(fact["name"]) or COMPLEMENT_METRICS.get(fact["name"])
        value = fact.get("value")
        if metric and fact.get("la_could_know", True) is not False and isinstance(value, (int, float)):
            if fact["name"] in COMPLEMENT_METRICS:
                value = round(100 - value, 1)
            metrics.setdefault(metric, value)
    stated = {f["name"]: f.get("value") for f in case.get("facts") or [] if f.get("la_could_know", True) is not False}
    neet, away = stated.get(NEET), stated.get(NOT_IN_TOUCH, 0)
    if isinstance(neet, (int, float)) and isinstance(away, (int, float)):
        metrics.setdefault("care_leavers_eet_pct", round(100 - neet - away, 1))
    answers: dict[str, dict[str, int]] = {}
    facts: dict[str, bool] = {}
    for finding in case.get("qualitative_findings") or []:
        matched = _match(finding["theme"], finding["area"])
        if not matched:
            continue
        weak = finding["polarity"] == "weakness"
        for kind, ident in matched:
            if kind == A:
                counts = answers.setdefault(ident, {"yes": 0, "partly": 0, "no": 0})
                for k, v in (weak_audit(finding.get("finding") or "", model) if weak else model.strong).items():
                    counts[k] += v
            else:
                facts[ident] = False if weak else facts.get(ident, True)
    start = (case.get("visit_dates") or {}).get("start")
    as_at = dt.date.fromisoformat(str(start)) if start and len(str(start)) == 10 else dt.date(2024, 3, 31)
    for metric, figure in benchmarks.for_date(as_at).items():
        metrics.setdefault(metric, figure.value)
    doc: dict[str, Any] = {"authority": f"{case['authority']} (calibration: {case['id']})",
                           "period": {"as_at": as_at.isoformat()}}
    if metrics:
        doc["metrics"] = metrics
    if answers:
        doc["audits"] = {"answers": answers}
    if facts:
        doc["facts"] = facts
    return doc


def unmatched(case: dict[str, Any]) -> list[str]:
    return [f"{f['area']}:{f['theme']}" for f in case.get("qualitative_findings") or []
            if not _match(f["theme"], f["area"])]
