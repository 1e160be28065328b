"""The small synthetic Annex A gives exactly the values it was generated to give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from selfeval.sources.annexa.compute import Result, Settings
from selfeval.sources.annexa.metrics import compute
from selfeval.sources.annexa.read import read_annex_a
from selfeval.sources.annexa.synthetic_lists import generate
from selfeval.sources.annexa.synthetic_sheets import write_csv_folder

from .conftest import AS_AT


def _got(result: Result, metric: str) -> dict[str, Any] | None:
    v = result.values.get(metric)
    if v is None:
        return None
    return {k: getattr(v, k) for k in ("value", "numerator", "denominator") if getattr(v, k) is not None}


def _check(result: Result, answers: dict[str, Any]) -> None:
    wrong = {m: (want, _got(result, m)) for m, want in answers["metrics"].items() if _got(result, m) != want}
    assert not wrong, wrong
    assert set(result.values) == set(answers["metrics"])


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_small_workbook_gives_the_known_answers(small_workbook: tuple[Path, dict[str, Any]], engine: str) -> None:
    path, answers = small_workbook
    settings = Settings(as_at=AS_AT, child_population=answers["child_population"])
    _check(compute(read_annex_a(path, engine=engine), settings), answers)


def test_csv_folder_gives_the_same_answers(tmp_path: Path, small_workbook: tuple[Path, dict[str, Any]]) -> None:
    _, answers = small_workbook
    write_csv_folder(generate("small", 2026), tmp_path / "lists")
    settings = Settings(as_at=AS_AT, child_population=answers["child_population"])
    _check(compute(read_annex_a(tmp_path / "lists"), settings), answers)


def test_every_list_is_found_and_the_notes_sheet_ignored(small_workbook: tuple[Path, dict[str, Any]]) -> None:
    annex = read_annex_a(small_workbook[0])
    assert sorted(annex.found) == list(range(1, 12))
    assert annex.ignored == ["Notes"]


def test_other_seeds_also_match() -> None:
    import tempfile

    from selfeval.sources.annexa.synthetic_expected import expected
    from selfeval.sources.annexa.synthetic_sheets import write_xlsx

    for seed in (1, 7):
        lists = generate("small", seed)
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "a.xlsx"
            write_xlsx(lists, p, seed)
            result = compute(read_annex_a(p), Settings(as_at=AS_AT, child_population=25_000))
        _check(result, {"metrics": expected(lists, 25_000)})
