from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from selfeval.sources.annexa.synthetic_sheets import write_synthetic


def make_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def small_workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The small synthetic Annex A and its known answers (made once per test session)."""
    folder = tmp_path_factory.mktemp("synthetic")
    path = folder / "annex_a.xlsx"
    answers = write_synthetic(path, "small", seed=2026)
    return path, yaml.safe_load(answers.read_text())


AS_AT = dt.date(2026, 9, 30)
