"""Synthetic returns, made once per session, and helpers to compare results with known answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from selfeval.sources.computed import SourceResult


@pytest.fixture(scope="session")
def r903(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Any]]:
    """Five years of the small synthetic 903 (CSV), newest first, and the known answers."""
    from selfeval.sources.ssda903.synthetic_write import write_synthetic

    paths, answers = write_synthetic(tmp_path_factory.mktemp("903"), "small", 2026, "csv")
    return list(reversed(paths)), yaml.safe_load(answers.read_text())


@pytest.fixture(scope="session")
def r903_xml(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Any]]:
    from selfeval.sources.ssda903.synthetic_write import write_synthetic

    paths, answers = write_synthetic(tmp_path_factory.mktemp("903x"), "small", 2026, "xml")
    return list(reversed(paths)), yaml.safe_load(answers.read_text())


@pytest.fixture(scope="session")
def rcin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    from selfeval.sources.cin.synthetic_write import write_synthetic

    cur, prev, answers = write_synthetic(tmp_path_factory.mktemp("cin"), "small", 2026)
    return cur, prev, yaml.safe_load(answers.read_text())


@pytest.fixture(scope="session")
def rcsww(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from selfeval.sources.workforce.synthetic import write_synthetic

    path, answers = write_synthetic(tmp_path_factory.mktemp("csww"), "small", 2026)
    return path, yaml.safe_load(answers.read_text())


def got(result: SourceResult, metric: str) -> dict[str, Any] | None:
    v = result.values.get(metric)
    if v is None:
        return None
    return {k: getattr(v, k) for k in ("value", "numerator", "denominator") if getattr(v, k) is not None}


def check(result: SourceResult, answers: dict[str, Any]) -> None:
    wrong = {m: (want, got(result, m)) for m, want in answers["metrics"].items() if got(result, m) != want}
    assert not wrong, wrong
    assert set(result.values) == set(answers["metrics"]), (set(result.values), result.not_computed)


def copy_tree(src: Path, dst: Path) -> Path:
    import shutil

    if src.is_dir():
        shutil.copytree(src, dst)
    else:
        shutil.copy(src, dst)
    return dst


HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
TINY_EPISODES = [
    "QX7701,10/01/2024,S,C2,N1,U6,PR1,01/05/2025,X1,,,,",  # in care all year, three placements
    "QX7701,01/05/2025,P,C2,N1,K2,PR4,01/09/2025,X1,CARPL,,,",
    "QX7701,01/09/2025,P,C2,N1,U4,PR1,,,,,,",
    "QX7702,01/06/2025,S,V2,N4,U6,PR1,15/01/2026,E4A,,,,",  # in care at 31 December, not at 31 March
    "QX7703,01/11/2025,S,C1,N1,U3,PR1,,,,,,",
]


def tiny(tmp: Path, episodes: list[str] | None = None, extra: dict[str, str] | None = None) -> Path:
    """A hand-made 2025/26 return of three children (Header and Episodes), plus ``extra`` files."""
    folder = tmp / "tiny903"
    folder.mkdir()
    (folder / "header.csv").write_text("\n".join([HEADER, "QX7701,1,01/02/2012,WBRI,UN2,,",
                                                   "QX7702,2,03/04/2015,WBRI,UN2,,", "QX7703,1,05/06/2020,WBRI,UN2,,"]) + "\n")
    (folder / "episodes.csv").write_text("\n".join([EPISODES, *(episodes or TINY_EPISODES)]) + "\n")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text)
    return folder
