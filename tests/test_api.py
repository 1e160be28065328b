"""The library surface: the same results from a path and from the file's bytes; errors are ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfeval import api

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "metrics.yaml"
FIXED = api.Options(generated=__import__("datetime").date(2026, 11, 1), use_settings=False)


def test_bytes_and_path_give_the_same_report() -> None:
    by_path = api.check(EXAMPLE, FIXED).data
    by_bytes = api.check(EXAMPLE.read_bytes(), FIXED, name="metrics.yaml").data
    assert by_path["summary"] == by_bytes["summary"]
    assert [f["status"] for f in api.check(EXAMPLE, FIXED).findings] == \
        [f["status"] for f in api.check(EXAMPLE.read_bytes(), FIXED, name="metrics.yaml").findings]


def test_workbook_bytes_are_read(tmp_path: Path) -> None:
    from selfeval.sources.metrics_workbook import write_template

    book = tmp_path / "metrics.xlsx"
    import datetime as dt

    write_template(book, authority="Exampleshire", start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))
    from_bytes = api.load_submission(book.read_bytes(), name="metrics.xlsx")
    from_path = api.load_submission(book)
    assert from_bytes.authority == from_path.authority == "Exampleshire"


def test_render_every_format() -> None:
    rep = api.check(EXAMPLE, FIXED)
    for fmt in ("text", "markdown", "html", "json"):
        assert api.render(rep.data, fmt)


def test_draft_docx_is_a_word_file() -> None:
    assert api.draft_docx(api.draft(EXAMPLE, FIXED))[:2] == b"PK"


def test_bad_bytes_raise_our_error() -> None:
    with pytest.raises(api.SelfevalError) as err:
        api.check(b"metrics: [", name="m.yaml")
    assert str(err.value).startswith("m.yaml:")
    with pytest.raises(api.SelfevalError):
        api.check(b"\xff\xfe\x00", name="m.yaml")
