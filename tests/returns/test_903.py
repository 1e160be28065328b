"""The SSDA903 importer gives the synthetic returns' known answers, by every route."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from selfeval.core.errors import SelfevalError
from selfeval.sources.ssda903 import run
from selfeval.sources.ssda903.options import Options903

from .conftest import check, got, tiny

Case = tuple[list[Path], dict[str, Any]]


def _compute(paths: list[Path], **kw: Any) -> Any:
    return run.compute(run.load_years(paths), Options903(child_population=40_000, **kw))


def test_csv_folders_give_the_known_answers(r903: Case) -> None:
    check(_compute(r903[0]), r903[1])


def test_the_xml_gives_the_same_answers(r903_xml: Case) -> None:
    check(_compute(r903_xml[0]), r903_xml[1])


def test_order_of_the_years_does_not_matter(r903: Case) -> None:
    check(_compute(list(reversed(r903[0]))), r903[1])


@pytest.mark.parametrize("seed", [1, 7])
def test_other_seeds_also_match(tmp_path: Path, seed: int) -> None:
    import yaml

    from selfeval.sources.ssda903.synthetic_write import write_synthetic

    paths, answers = write_synthetic(tmp_path, "small", seed)
    check(_compute(paths), yaml.safe_load(answers.read_text()))


def test_the_three_year_measures_name_the_missing_years(r903: Case) -> None:
    result = _compute(r903[0][:2])
    for m in ("cla_long_term_stability_pct", "adoption_a1_days", "adoption_a2_days"):
        assert m not in result.values
        assert "2023/24" in result.not_computed[m], result.not_computed[m]
    assert "cla_3_plus_placements_pct" in result.values  # one year is enough for the rest


def test_fewer_earlier_years_time_fewer_adoptions(r903: Case) -> None:
    all_years, three = _compute(r903[0]), _compute(r903[0][:3])
    a1_all, a1_three = got(all_years, "adoption_a1_days"), got(three, "adoption_a1_days")
    assert a1_all is not None and a1_three is not None
    assert a1_three["denominator"] <= a1_all["denominator"]
    assert any("earliest return loaded" in line for line in three.quality.lines())


def test_two_returns_for_one_year_are_refused(r903: Case) -> None:
    with pytest.raises(SelfevalError, match="two returns for 2025/26"):
        run.load_years([r903[0][0], r903[0][0]])


def test_as_at_inside_the_year_counts_at_that_date(tmp_path: Path) -> None:
    folder = tiny(tmp_path)
    mid = _compute([folder], as_at=dt.date(2025, 12, 31))
    end = _compute([folder])
    assert (mid.values["children_in_care_per_10k"].numerator, end.values["children_in_care_per_10k"].numerator) == (3, 2)
    assert got(mid, "cla_3_plus_placements_pct") == {"value": 33.3, "numerator": 1, "denominator": 3}
    assert got(end, "cla_3_plus_placements_pct") == {"value": 50.0, "numerator": 1, "denominator": 2}
    assert mid.as_at == dt.date(2025, 12, 31) and mid.source == "SSDA903 2025/26"


def test_as_at_outside_the_year_is_refused(r903: Case) -> None:
    with pytest.raises(SelfevalError, match="outside the 2025/26 return's year"):
        _compute(r903[0], as_at=dt.date(2026, 4, 1))


@pytest.mark.parametrize(("option", "metric", "changes"), [
    ({"count_same_carer_changes": True}, "cla_3_plus_placements_pct", True),
    ({"exclude_temporary_placements": True}, "cla_3_plus_placements_pct", True),
    ({"sdq_ages": "published"}, "cla_sdq_completed_pct", False),  # the bands differ only for 1 April birthdays
    ({"nreq_in_touch": True}, "care_leavers_in_touch_pct", False),  # changes only when someone is NREQ
    ({"adoption_measure": "a10"}, "adoption_a1_days", False),
])
def test_each_judgement_call_is_stated_and_its_flag_takes_the_other_reading(
        r903: Case, option: dict[str, Any], metric: str, changes: bool) -> None:
    default, other = _compute(r903[0]), _compute(r903[0], **option)
    assert default.values[metric].judgement and "other reading" in default.values[metric].judgement
    assert other.values[metric].judgement != default.values[metric].judgement
    if changes:
        assert got(default, metric) != got(other, metric)


def test_same_carer_changes_only_add_placements(r903: Case) -> None:
    default, more = _compute(r903[0]), _compute(r903[0], count_same_carer_changes=True)
    assert (more.values["cla_3_plus_placements_pct"].numerator or 0) >= (default.values["cla_3_plus_placements_pct"].numerator or 0)


def test_a10_differs_from_a1_only_for_foster_carer_adoptions(r903: Case) -> None:
    a1, a10 = _compute(r903[0]), _compute(r903[0], adoption_measure="a10")
    assert a10.values["adoption_a1_days"].value <= a1.values["adoption_a1_days"].value
    assert "A10" in (a10.values["adoption_a1_days"].judgement or "")


def test_distance_is_not_estimated(r903: Case) -> None:
    assert "postcode" in _compute(r903[0]).not_computed["cla_placed_over_20_miles_pct"]
