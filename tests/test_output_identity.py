"""Every output of the bundled and worked examples is byte-identical to the golden digests.

Speed work (caches, status passes, the JSON encoder, streaming) must never change what is shown;
this test catches any byte that moves. After a deliberate change to what a report shows, rebuild
with ``UPDATE_GOLDEN=1 pytest tests/test_output_identity.py`` and say why in the commit; on a
mismatch the outputs are written to ``test-artifacts/golden/`` to diff against an older build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT

from selfeval.api import check_files
from selfeval.core import catalogue as cat
from selfeval.core import submission
from selfeval.core.check import Options, load_rules, settings_for
from selfeval.render import templates as render
from selfeval.reports import compare, draft, matrix

GOLDEN = Path(__file__).parent / "golden" / "outputs.sha256.json"
FIXED = Options(generated=dt.date(2026, 11, 30))
FILES = ["examples/metrics.yaml", *(f"examples/seeds/{p.name}" for p in sorted((EXAMPLES / "seeds").glob("*.yaml"))
                                    if p.name != "expected.yaml")]


def outputs() -> Iterator[tuple[str, str]]:
    """(name, text) of every report format of every example, the summary, drafts and compares."""
    reports = check_files(FILES, FIXED)
    for file, rep in zip(FILES, reports, strict=True):
        stem = Path(file).stem
        for fmt in render.FORMATS:
            yield f"{stem}.check.{fmt}", render.render(rep.data, fmt)
        c = cat.load()
        sub = submission.load(file, c)
        d = draft.build(sub, rep, c)
        yield f"{stem}.draft.md", draft.to_markdown(d)
        yield from _docx_parts(f"{stem}.draft.docx", draft.to_word(d))
        if sub.previous is not None:
            ruleset = load_rules(FIXED, c)
            local = settings_for(file, ruleset, FIXED)
            cmp = compare.build(compare.previous_of(sub), sub, ruleset, FIXED, c, local=(local, local))
            for fmt in render.COMPARE_FORMATS:
                yield f"{stem}.compare.{fmt}", render.render(cmp.data, fmt, templates=render.COMPARE_FORMATS)
    summary = matrix.build(reports)
    for fmt in render.SUMMARY_FORMATS:
        yield f"summary.{fmt}", render.render(summary, fmt, templates=render.SUMMARY_FORMATS)


def _docx_parts(name: str, doc: Any) -> Iterator[tuple[str, str]]:
    """The document's XML parts (the zip around them holds the time it was written)."""
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as z:
        for part in sorted(z.namelist()):
            if part.endswith(".xml") and not part.startswith("docProps/"):
                yield f"{name}/{part}", z.read(part).decode("utf-8")


def test_outputs_are_byte_identical_to_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    got = {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in outputs()}
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    if changed:
        out = ROOT / "test-artifacts" / "golden"
        out.mkdir(parents=True, exist_ok=True)
        for name, text in outputs():
            if name in changed:
                (out / name.replace('/', '_')).write_text(text, encoding="utf-8")
    assert not changed, f"outputs changed (written to test-artifacts/golden/): {changed}"
