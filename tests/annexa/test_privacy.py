"""Only aggregates leave the import: no identifier, name or date of birth in the metrics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from selfeval.sources.annexa.run import metrics_from_annex_a
from selfeval.sources.annexa.synthetic import AS_AT
from selfeval.sources.annexa.synthetic_lists import generate


def test_metrics_file_holds_no_child_level_data(tmp_path: Path, small_workbook: tuple[Path, dict[str, Any]]) -> None:
    path, answers = small_workbook
    out = tmp_path / "metrics.yaml"
    metrics_from_annex_a(path, out, as_at=AS_AT, authority="Synthetic Borough",
                         child_population=answers["child_population"])
    text = out.read_text(encoding="utf-8")
    ids, names, dobs = set(), set(), set()
    for records in generate("small", 2026).values():
        for r in records:
            if "child_id" in r:
                ids.add(r["child_id"])
                names.add(r["name"])
                dobs.add(r["dob"])
    assert len(ids) > 500
    leaked = [i for i in ids if i in text] + [n for n in names if n in text]
    leaked += [d.isoformat() for d in dobs if d.isoformat() in text]
    leaked += [d.strftime("%d/%m/%Y") for d in dobs if d.strftime("%d/%m/%Y") in text]
    assert not leaked
    # no surname of the generator's pool appears either
    from selfeval.sources.annexa.synthetic import LAST
    assert not [s for s in LAST if s in text]
    assert isinstance(dt.date.today(), dt.date)
