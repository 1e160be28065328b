"""The rules a draft self-evaluation keeps, and the lengths every report keeps, for the bundled
example and every worked example in examples/seeds/ (with the built-in packs):

- the draft never prints a rule id, nor an indicative position unless asked (--with-positions);
- no strength rests on a figure worse than England's (by the metric's better direction);
- no one sentence frame opens more than a third of the draft's strengths and priorities;
- lengths: the terminal view under 80 lines for the bundled example, the Markdown report at most
  600 lines, the Word draft at most 20 pages (LibreOffice where installed; python-docx structure
  otherwise). The HTML's printed pages are measured in Chromium by tests/e2e/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, Run

from selfeval.api import check_files
from selfeval.core import catalogue as cat
from selfeval.core import positions, submission
from selfeval.core.check import Options, load_rules
from selfeval.reports import draft
from selfeval.reports.check import check_submission

WORKED = [EXAMPLES / "metrics.yaml"] + [
    p for p in sorted((EXAMPLES / "seeds").glob("*.yaml"))
    if re.search(r"^authority:", p.read_text(encoding="utf-8"), re.M)]
IDS = [p.stem for p in WORKED]
OPTS = Options()
BOLD_LEAD = re.compile(r"^- \*\*[^*]+\*\* ")


@lru_cache(maxsize=None)
def _built(path: Path, with_positions: bool = False) -> tuple[draft.Draft, str, dict[str, Any]]:
    c = cat.load()
    rs = load_rules(OPTS, c)
    sub = submission.load(path, c)
    rep = check_submission(sub, rs, OPTS, c)
    d = draft.build(sub, rep, c, with_positions=with_positions)
    return d, draft.to_markdown(d), rep.data


def _bullets(md: str) -> list[str]:
    """The strengths and priorities: bullets under those bold headings in 'What do we know'."""
    know = md.split("## What do we know", 1)[1].split("\n## ", 1)[0]
    out, inside = [], False
    for line in know.splitlines():
        if line in ("**Strengths**", "**Priorities for improvement**"):
            inside = True
        elif line.startswith("### "):
            inside = False
        elif inside and line.startswith("- **"):
            out.append(line)
    return out


def frame(bullet: str) -> str:
    """A bullet's sentence frame: its first three words after the bold title, with figures,
    quoted standards and the rule's own words taken out."""
    text = BOLD_LEAD.sub("", bullet)
    text = re.sub(r"‘[^’]*’", "Q", text)
    text = re.sub(r"\d[\d,.]*%?", "N", text)
    return " ".join(text.split()[:3]).lower()


@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_no_rule_id_in_the_draft(path: Path) -> None:
    _, md, rep = _built(path)
    rule_ids = {f["id"] for a in rep["areas"] for f in a["findings"]}
    found = {rid for rid in load_rules(OPTS).rules if re.search(rf"(?<![\w-]){re.escape(rid)}(?![\w-])", md)}
    assert rule_ids and not found, found


@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_no_indicative_position_without_the_flag(path: Path) -> None:
    _, md, _ = _built(path)
    cfg = positions.config()
    words = [cfg["label"], *(p["title"] for p in cfg["bands"])]
    assert not [w for w in words if w in md]
    _, with_flag, _ = _built(path, with_positions=True)
    assert cfg["label"] in with_flag and "not a prediction of the grade Ofsted would give" in with_flag


def _worse(t: dict[str, Any]) -> bool:
    nat, val, better = t.get("national"), t["actual"]["value"], t.get("better")
    if not nat or nat.get("value") is None or val is None:
        return False
    return (better == "higher" and val < nat["value"]) or (better == "lower" and val > nat["value"])


@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_no_strength_worse_than_england(path: Path) -> None:
    d, md, rep = _built(path)
    by_id = {f["id"]: f for a in rep["areas"] for f in a["findings"]}
    strengths = [p for a in d.data["areas"] for p in a["strengths"]]
    for p in strengths:
        f = by_id[p["rule"]]
        assert f["status"] == "met"
        worse = [t["label"] for lv in f["levels"] for t in lv["tests"] if _worse(t)]
        assert not worse, (p["title"], worse)


def test_a_met_rule_worse_than_england_is_not_a_strength() -> None:
    """The bundled example's re-referrals (24.1%) meet the rule but are worse than England's 22.6%."""
    d, md, rep = _built(EXAMPLES / "metrics.yaml")
    rule = next(f for a in rep["areas"] for f in a["findings"] if f["id"] == "hp-re-referrals")
    assert rule["status"] == "met" and any(_worse(t) for lv in rule["levels"] for t in lv["tests"])
    assert rule["title"] not in [p["title"] for a in d.data["areas"] for p in a["strengths"]]
    assert all(rule["title"] not in b for b in _bullets(md))


@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_no_sentence_frame_in_more_than_a_third_of_the_bullets(path: Path) -> None:
    _, md, _ = _built(path)
    bullets = _bullets(md)
    assert len(bullets) >= 6
    common, n = Counter(frame(b) for b in bullets).most_common(1)[0]
    assert n <= len(bullets) / 3, (common, n, len(bullets))
    assert "We meet the expectation that" not in md and "We cannot yet show" not in md


def test_the_frame_check_catches_one_formula() -> None:
    same = [f"- **T{i}.** We meet the expectation that x{i}: Label: {i}%." for i in range(6)]
    assert Counter(frame(b) for b in same).most_common(1)[0][1] == 6


# ------------------------------------------------------------------------------- lengths
@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_markdown_report_at_most_600_lines(path: Path) -> None:
    from selfeval.render import templates

    (rep,) = check_files([path], OPTS)
    md = templates.render(rep.data, "markdown")
    assert md.count("\n") <= 600
    assert md.index("## Summary") < md.index("## Evidence plan")
    full = templates.render(rep.data, "markdown", detail=True)
    assert full.count("\n") > md.count("\n")  # the full detail stays available


@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_terminal_view_fits_a_screen(path: Path, run: Run) -> None:
    out = run("check", path, "--fail-on", "never").stdout
    lines = out.splitlines()
    limit = 80 if path == EXAMPLES / "metrics.yaml" else 100
    assert len(lines) < limit, len(lines)
    assert "--detail" in out  # the next command
    (rep,) = check_files([path], OPTS)
    gaps = [f for f in rep.findings if f["status"] in ("serious", "concern")]
    assert sum(1 for line in lines if re.match(r"^  [SC] ", line)) == len(gaps)  # one line each
    assert len(run("check", path, "--fail-on", "never", "-v").stdout.splitlines()) > len(lines)


def _pages_in_libreoffice(docx_path: Path, tmp: Path) -> int | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdfinfo = shutil.which("pdfinfo")
    if soffice is None:
        return None
    profile = (tmp / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(docx_path)], capture_output=True, timeout=300, check=False)
    pdf = tmp / (docx_path.stem + ".pdf")
    assert pdf.exists(), "LibreOffice did not convert the draft"
    if pdfinfo:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=False).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.parametrize("path", WORKED, ids=IDS)
def test_word_draft_at_most_20_pages(path: Path, tmp_path: Path) -> None:
    import docx

    d, _, _ = _built(path)
    target = tmp_path / f"{path.stem}.docx"
    draft.to_word(d).save(str(target))
    doc = docx.Document(str(target))
    # the structure every install can check: few enough paragraphs and table rows for 20 pages
    rows = sum(len(t.rows) for t in doc.tables)
    assert len(doc.paragraphs) + rows <= 420, (len(doc.paragraphs), rows)
    pages = _pages_in_libreoffice(target, tmp_path)
    if pages is None:
        pytest.skip("LibreOffice is not installed: checked with python-docx structure only")
    assert pages <= 20, pages
