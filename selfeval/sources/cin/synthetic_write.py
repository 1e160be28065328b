"""Write the synthetic CIN model as two censuses and the known answers beside them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from selfeval.sources.cin.synthetic import YEAR, generate, write_census
from selfeval.sources.cin.synthetic_expected import expected


def write_synthetic(out: str | os.PathLike[str], size: str, seed: int) -> tuple[Path, Path, Path]:
    """``cin_2025-26.xml``, last year's ``cin_2024-25.xml`` and ``expected.yaml`` under ``out``."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    children = generate(size, seed)
    cur, prev = root / f"cin_{YEAR - 1}-{str(YEAR)[2:]}.xml", root / f"cin_{YEAR - 2}-{str(YEAR - 1)[2:]}.xml"
    write_census(children, cur, YEAR)
    write_census(children, prev, YEAR - 1)
    answers: dict[str, Any] = {"as_at": f"{YEAR}-03-31", "metrics": expected(children)}
    (root / "expected.yaml").write_text("# Known answers of this synthetic CIN census (every child invented), "
                                        "default readings, with --previous.\n" + yaml.safe_dump(answers),
                                        encoding="utf-8")
    return cur, prev, root / "expected.yaml"
