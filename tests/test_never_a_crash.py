"""Every failure class of issue #17 gives one located line and exit 2 (or works): never exit 3 or a
traceback. No test here asserts a dependency's wording: messages are selfeval's own."""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, HEADER, Run, write

README_SETTINGS = """overrides:
  - rule: hp-assessment-timeliness
    level: concern
    below: 90
    reason: Our local standard is 90%, agreed by the DCS in May 2025.
not_applicable:
  - rule: cic-adoption-a1
    reason: Adoption is delivered by the regional adoption agency, which reports the scorecard.
waivers:
  - rule: ld-supervision-reflective
    reason: New supervision policy launches in May; audit again in June.
    approved_by: Director of Children's Services
    approved: 2026-01-10
    expires: {expires}
fail_on: serious
suppress: 5
"""


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("selfeval: ") and "Traceback" not in err, err
    return err


@pytest.fixture
def example(tmp_path: Path) -> Path:
    p = tmp_path / "metrics.yaml"
    p.write_bytes((EXAMPLES / "metrics.yaml").read_bytes())
    return p


@pytest.mark.parametrize("expires", ["2026-06-30", "2026-06-30 10:00:00", "2099-12-31T23:59:59"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_the_readme_settings_example_works_in_every_format(run: Run, example: Path, expires: str, fmt: str) -> None:
    (example.parent / "selfeval.yaml").write_text(README_SETTINGS.format(expires=expires), encoding="utf-8")
    out = run("check", example, "-f", fmt, expect=None)
    assert out.exit_code in (0, 1), out.stderr
    assert out.stdout.strip()
    if fmt == "json":  # the compact views need not show the waiver; the model always has it
        assert "Director of Children" in out.stdout
    assert run("compare", example, "-f", fmt, expect=0).stdout
    assert run("draft", example, expect=0).stdout


# ------------------------------------------------------------------- outputs and inputs
@pytest.mark.parametrize("command", [["check", "{m}", "-o", "{m}"], ["compare", "{m}", "{m}", "-o", "{m}"],
                                     ["draft", "{m}", "-o", "{m}", "-f", "markdown", "--force"],
                                     ["check", "{m}", "-o", "{s}"], ["check", "{m}", "--config", "{c}", "-o", "{c}"]])
def test_an_input_is_never_used_as_the_output(run: Run, example: Path, command: list[str]) -> None:
    settings = example.parent / "selfeval.yaml"
    settings.write_text("suppress: 5\n", encoding="utf-8")
    config = example.parent / "other.yaml"
    config.write_text("suppress: 5\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (example, settings, config)}
    args = [a.format(m=example, s=settings, c=config) for a in command]
    err = _one_line(run(*args, expect=2).stderr)
    assert "also an input" in err
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_a_device_is_never_an_output(example: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    proc = subprocess.run([sys.executable, "-m", "selfeval", "check", str(example), "-o", device],
                          capture_output=True, text=True, timeout=60)  # stdout a pipe, as in a shell
    assert proc.returncode == 2 and proc.stdout == ""
    assert "device or special file" in _one_line(proc.stderr)


def test_a_folder_is_never_an_output(run: Run, example: Path) -> None:
    assert "folder" in _one_line(run("check", example, "-f", "html", "-o", example.parent, expect=2).stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("where", ["metrics", "rules", "rules-folder", "config", "annexa-csv"])
def test_a_fifo_is_refused_before_reading(tmp_path: Path, example: Path, where: str) -> None:
    fifo = tmp_path / ("pack.yaml" if where != "annexa-csv" else "List 4.csv")
    if where == "rules-folder":
        (tmp_path / "packs").mkdir()
        fifo = tmp_path / "packs" / "pack.yaml"
    os.mkfifo(fifo)
    args = {"metrics": ["check", str(fifo)], "rules": ["check", str(example), "--rules", str(fifo)],
            "rules-folder": ["check", str(example), "--rules", str(tmp_path / "packs")],
            "config": ["check", str(example), "--config", str(fifo)],
            "annexa-csv": ["metrics", "from-annex-a", str(tmp_path), "--as-at", "2026-09-30", "--authority", "X"]}[where]
    proc = subprocess.run([sys.executable, "-m", "selfeval", *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "device or special file" in _one_line(proc.stderr)


def test_dev_zero_is_refused(run: Run) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert "device or special file" in _one_line(run("check", "/dev/zero", expect=2).stderr)


def _no_temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith((".tmp", ".xlsx"))]


@pytest.mark.parametrize("failure", [errno.EACCES, errno.ENOSPC, errno.EDQUOT])
@pytest.mark.parametrize("command", ["check", "compare", "draft-md", "draft-docx", "template-yaml", "template-xlsx", "demo"])
def test_unwritable_output_is_one_line(run: Run, tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch,
                                       failure: int, command: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    real = tempfile.mkstemp

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        if failure == errno.EACCES:
            raise PermissionError(failure, os.strerror(failure))
        fd, name = real(*args, **kwargs)  # type: ignore[call-overload]
        os.close(fd)
        fd = os.open(os.devnull, os.O_RDONLY)  # writing to it fails, as on a full disk
        return fd, name

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failure == errno.EDQUOT:  # the disk fills as the file is finished: nothing is left behind
        monkeypatch.setattr(os, "replace", full)
    else:
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    if failure == errno.ENOSPC and command in ("template-xlsx", "demo"):
        pytest.skip("openpyxl writes to the path itself: the EDQUOT case covers it")
    args = {"check": ["check", example, "-o", out / "r.html"], "compare": ["compare", example, "-o", out / "c.md"],
            "draft-md": ["draft", example, "-o", out / "s.md"], "draft-docx": ["draft", example, "-o", out / "s.docx"],
            "template-yaml": ["template", "-o", out / "m.yaml"], "template-xlsx": ["template", "-o", out / "m.xlsx"],
            "demo": ["demo", "annex-a", out / "d.xlsx"]}[command]
    result = run(*args, expect=2)
    _one_line(result.stderr)
    assert "internal error" not in result.stderr
    if failure == errno.EACCES:
        assert "permission denied" in result.stderr
    assert [p.name for p in out.iterdir()] == []  # neither the output nor a temporary file


def test_ctrl_c_during_a_command_is_one_line(run: Run, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from selfeval import api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "check_files", interrupted)
    result = run("check", example, expect=130)
    assert result.stderr.strip() == "selfeval: interrupted"


def test_ctrl_c_while_python_is_still_importing_is_one_line(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import selfeval.cli as cli_package

    class Importing:
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "selfeval.cli.app", Importing())
    with pytest.raises(SystemExit) as info:
        cli_package.main()
    assert info.value.code == 130
    assert capsys.readouterr().err == "selfeval: interrupted\n"


@pytest.mark.parametrize("args", [["check", "-x"], ["check"], ["check", "m.yaml", "--fail-on", "bad"],
                                  ["nonsense"], ["rules", "show"], ["metrics", "from-annex-a", "x"]])
def test_click_usage_errors_are_one_line(run: Run, args: list[str]) -> None:
    err = _one_line(run(*args, expect=2).stderr)
    assert "--help" in err and "Usage:" not in err


# -------------------------------------------------------------------------- bad YAML values
@pytest.mark.parametrize(("body", "where"), [
    ("metrics:\n  agency_social_worker_pct: 1e999\n", ":4:"),
    ("metrics:\n  agency_social_worker_pct: " + "9" * 400 + "\n", ":4:"),
    ("metrics:\n  cla_unregistered_placements_count: " + "9" * 400 + "\n", ":4:"),
    ("notes: !!timestamp 2026-13-45\n", ":3:"),
    ("notes: !!timestamp 2026-02-30 25:61:61\n", ":3:"),
    ("notes: !!int 0xZZ\n", ":3:"),
    ("notes: \"a\x01b\"\n", ":3:"),
    ("notes: a\x9bb\n", ":3:"),
])
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_impossible_values_are_located(run: Run, tmp_path: Path, body: str, where: str, fmt: str) -> None:
    p = write(tmp_path, HEADER + body)
    err = _one_line(run("check", p, "--no-settings", "-f", fmt, expect=2).stderr)
    assert where in err, err


def test_a_control_character_names_its_line_and_column(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "notes: ab\x07cd\n")
    err = _one_line(run("check", p, expect=2).stderr)
    assert ":3:10:" in err and "U+0007" in err


# -------------------------------------------------------------------- malformed packs
STARTER = (EXAMPLES / "packs" / "starter.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new"), [
    ("    findings:\n      - {source: KNO-2016, paraphrase: Assessments were not always", "    findings: 155\n    x:\n      - {source: KNO-2016, paraphrase: Assessments were not always"),
    ("rationale: {basis: statutory_guidance, source: WT-2023,", "rationale: []\n        y: {basis: statutory_guidance, source: WT-2023,"),
    ("version: 0.1.0", "version: [[null]]"),
    ("framework:\n  name: ILACS", "framework: 2026-04-01\nx:\n  name: ILACS"),
    ("themes: [assessment-timeliness]", "themes: 2026-01-01"),
    ("pack: starter", "pack: {a: 1}"),
    ("sources:", "sources: [1, 2]") if "sources:" in STARTER else ("pack: starter", "pack: starter\nsources: [1, 2]"),
    ("themes: [assessment-timeliness]", "themes: [{1: a, b: 2}]"),
])
@pytest.mark.parametrize("command", ["lint", "list", "show", "test"])
def test_malformed_packs_are_located(run: Run, tmp_path: Path, old: str, new: str, command: str) -> None:
    assert old in STARTER
    p = write(tmp_path, STARTER.replace(old, new, 1), "pack.yaml")
    args = ["rules", command, "--no-builtin", "--rules", p]
    if command == "show":
        args.insert(2, "starter-assessment-timeliness")
    result = run(*args, expect=2)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "pack.yaml:" in result.stderr


@pytest.mark.parametrize("settings", [
    "overrides:\n  - {rule: hp-assessment-timeliness, level: [null], below: 90, reason: x}\n",
    "overrides:\n  - {rule: hp-assessment-timeliness, level: concern, below: " + "9" * 400 + ", reason: x}\n",
    "overrides:\n  - {rule: hp-assessment-timeliness, level: concern, below: .inf, reason: x}\n",
    "fail_on: [serious]\n",
    "suppress: {a: 1}\n",
    "waivers:\n  - {rule: ld-supervision-reflective, reason: x, approved_by: y, expires: [1]}\n",
    "not_applicable:\n  - {rule: [x], reason: y}\n",
])
@pytest.mark.parametrize("command", ["check", "compare"])
def test_malformed_settings_are_located(run: Run, example: Path, settings: str, command: str) -> None:
    (example.parent / "selfeval.yaml").write_text(settings, encoding="utf-8")
    err = _one_line(run(command, example, expect=2).stderr)
    assert "selfeval.yaml:" in err


# --------------------------------------------------------------------------- small things
def test_compare_of_one_file_given_twice_labels_both_sides_as_that_file(run: Run, example: Path) -> None:
    out = run("compare", example, example, expect=0).stdout
    assert "'previous' block" not in out and "same file" in out
    assert "'previous' block" in run("compare", example, expect=0).stdout


def test_a_genuine_small_rate_draws_no_fraction_warning(run: Run, tmp_path: Path) -> None:
    p = write(tmp_path, HEADER + "metrics:\n  agency_social_worker_pct: 0.5\n  assessments_within_45_working_days_pct: 84\n")
    assert "fraction" not in run("check", p, "-f", "markdown", "--no-settings", expect=None).stdout
    p = write(tmp_path, HEADER + "metrics:\n  agency_social_worker_pct: 0.2\n  assessments_within_45_working_days_pct: 0.84\n")
    assert "fraction" in run("check", p, "-f", "markdown", "--no-settings", expect=None).stdout


@pytest.mark.parametrize("variant", ["semicolon", "tab", "utf-16"])
def test_csv_from_european_excel_or_unicode_text_is_read(run: Run, tmp_path: Path, variant: str) -> None:
    rows = [["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"],
            ["A1", "01/03/2026", "10/03/2026"], ["A2", "01/04/2026", "30/06/2026"]]
    folder = tmp_path / "lists"
    folder.mkdir()
    delimiter = {"semicolon": ";", "tab": "\t", "utf-16": ","}[variant]
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    (folder / "List 4.csv").write_bytes(buf.getvalue().encode("utf-16" if variant == "utf-16" else "utf-8"))
    out = run("metrics", "from-annex-a", folder, "--as-at", "2026-09-30", "--authority", "X").stdout
    assert "assessments_within_45_working_days_pct" in out


def test_no_test_asserts_a_dependency_wording() -> None:
    """Messages are ours: none of PyYAML's, jsonschema's or click's phrases is expected by a test."""
    phrases = ["exceeded maximum nesting depth", "mapping values are not allowed", "could not find expected",
               "is not of type", "Additional properties are not allowed", "No such option", "Failed validating",
               "found character that cannot start", "unacceptable character"]
    here = Path(__file__).resolve().parent
    offenders = []
    for f in here.rglob("*.py"):
        if f.name == Path(__file__).name:
            continue
        text = f.read_text(encoding="utf-8")
        offenders += [f"{f.name}: {p}" for p in phrases if p in text]
    for f in (here / "bad").glob("*.yaml"):
        first = f.read_text(encoding="utf-8").splitlines()[0]
        offenders += [f"{f.name}: {p}" for p in phrases if p in first]
    assert offenders == []
