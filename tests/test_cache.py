"""The cache of parsed built-in data can never serve stale data: edit a pack, get the edit."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT

from selfeval.core import cache, packs
from selfeval.core.errors import SelfevalError
from selfeval.render import templates as render


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SELFEVAL_CACHE_DIR", str(folder))
    return folder


@pytest.fixture()
def rules_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in rules folder that packs.load reads instead, to edit freely."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    monkeypatch.setattr(packs, "resources_folder", lambda name: rules)
    return rules


def counting(calls: list[str]):  # type: ignore[no-untyped-def]
    def parse(text: str) -> str:
        calls.append(text)
        return text.upper()
    return parse


def test_same_text_is_parsed_once_and_edited_text_afresh(cache_dir: Path) -> None:
    calls: list[str] = []
    assert cache.parsed("a.yaml", "one", counting(calls)) == "ONE"
    assert cache.parsed("a.yaml", "one", counting(calls)) == "ONE"
    assert calls == ["one"]
    assert cache.parsed("a.yaml", "two", counting(calls)) == "TWO"
    assert calls == ["one", "two"]
    assert len(list(cache_dir.glob("a-yaml-*.pickle"))) == 1  # the entry for 'one' is gone


def test_an_entry_others_could_write_is_not_trusted(cache_dir: Path) -> None:
    calls: list[str] = []
    cache.parsed("a.yaml", "one", counting(calls))
    (entry,) = cache_dir.glob("a-yaml-*.pickle")
    os.chmod(entry, 0o666)
    assert cache.parsed("a.yaml", "one", counting(calls)) == "ONE"
    assert calls == ["one", "one"]


def test_a_broken_entry_is_parsed_again(cache_dir: Path) -> None:
    calls: list[str] = []
    cache.parsed("a.yaml", "one", counting(calls))
    (entry,) = cache_dir.glob("a-yaml-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.parsed("a.yaml", "one", counting(calls)) == "ONE"
    assert len(calls) == 2


def test_off_and_unwritable_folders_only_cost_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setenv("SELFEVAL_CACHE_DIR", "off")
    assert cache.parsed("a.yaml", "one", counting(calls)) == "ONE"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SELFEVAL_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert cache.parsed("a.yaml", "one", counting(calls)) == "ONE"
    assert len(calls) == 2


def test_editing_a_builtin_pack_is_seen_on_the_next_load(cache_dir: Path, rules_copy: Path) -> None:
    rules = rules_copy
    rid = "hp-assessment-timeliness"
    pack = rules / "ilacs" / "help-and-protection.yaml"

    def threshold() -> float:
        when = packs.load().rule(rid).levels["concern"].when
        return float(when.threshold)  # type: ignore[attr-defined]

    before = threshold()
    assert threshold() == before and list(cache_dir.glob("*.pickle"))  # served from the cache
    text = pack.read_text(encoding="utf-8")
    start = text.index(f"id: {rid}")
    old = f"below: {before:g}"
    at = text.index(old, start)
    pack.write_text(text[:at] + f"below: {before - 1:g}" + text[at + len(old):], encoding="utf-8")
    assert threshold() == before - 1
    pack.write_text(text, encoding="utf-8")
    assert threshold() == before


def test_an_edited_template_is_compiled_afresh(cache_dir: Path) -> None:
    bcc = render._bytecode_cache("plain")
    assert bcc is not None
    for source, want in (("one {{ x }}", "one 1"), ("two {{ x }}", "two 1"), ("one {{ x }}", "one 1")):
        env = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": source}), bytecode_cache=bcc)
        assert env.get_template("t.j2").render(x=1) == want
    assert list((cache_dir).glob("jinja-*/*"))



def test_a_plain_report_never_loads_code_compiled_for_colour(cache_dir: Path) -> None:
    """Jinja folds `"Warning:" | style("warn")` at compile time, so a shared bytecode entry once
    put colour codes into a plain report (or a file) written after a coloured screen report."""
    data = _example()
    try:
        render.environment.cache_clear()
        assert "\x1b[" in render.render(data, "text", color=True)  # compiled and stored for the screen
        render.environment.cache_clear()  # as a new process would start
        assert "\x1b[" not in render.render(data, "text", color=False)
        render.environment.cache_clear()
        assert "\x1b[" in render.render(data, "text", color=True)
    finally:
        render.environment.cache_clear()


def _example() -> dict[str, object]:
    from selfeval.api import Options, check_files

    root = Path(__file__).resolve().parent.parent
    (rep,) = check_files([root / "examples" / "metrics.yaml"], Options(use_settings=False))
    return rep.data


def test_a_damaged_template_entry_is_compiled_afresh(cache_dir: Path) -> None:
    bcc = render._bytecode_cache("plain")
    assert bcc is not None
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "one {{ x }}"}), bytecode_cache=bcc)
    assert env.get_template("t.j2").render(x=1) == "one 1"
    (entry,) = cache_dir.glob("jinja-*/*")
    for damaged in (entry.read_bytes()[:-40], b"not an entry", b""):
        entry.write_bytes(damaged)
        fresh = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "one {{ x }}"}), bytecode_cache=bcc)
        assert fresh.get_template("t.j2").render(x=2) == "one 2"


def test_the_builtin_rule_set_is_built_afresh_for_changed_code(cache_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    lint = packs._lint

    def counting_lint(*args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(1)
        return lint(*args, **kwargs)

    monkeypatch.setattr(packs, "_lint", counting_lint)
    first = packs.load()
    assert packs.load().rule("hp-assessment-timeliness") == first.rule("hp-assessment-timeliness")
    assert len(built) == 1 and list(cache_dir.glob("builtin-rules-*.pickle"))  # served from the cache
    code = packs._code_bytes()
    assert code is not None
    monkeypatch.setattr(packs, "_code_bytes", lambda: code + b"# an edit")
    packs.load()
    assert len(built) == 2
    monkeypatch.setattr(packs, "_code_bytes", lambda: None)  # no sources: never cached
    packs.load()
    packs.load()
    assert len(built) == 4


def test_a_builtin_rule_set_with_problems_is_never_kept(cache_dir: Path, rules_copy: Path) -> None:
    rules = rules_copy
    pack = rules / "ilacs" / "help-and-protection.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("source: ", "source: no-such-", 1), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(SelfevalError, match="unknown source"):
            packs.load()
    assert not list(cache_dir.glob("builtin-rules-*.pickle"))


def test_rules_for_a_check_are_the_same_rules_without_their_cases(cache_dir: Path) -> None:
    for _ in range(2):  # built, then from the cache
        full, bare = packs.load(), packs.load(cases=False)
        assert list(full.rules) == list(bare.rules) and any(r.cases for r in full.rules.values())
        assert all(not r.cases for r in bare.rules.values())
        assert all(dataclasses.replace(r, cases=()) == bare.rules[rid] for rid, r in full.rules.items())
    assert list(cache_dir.glob("check-rules-*.pickle")) and list(cache_dir.glob("builtin-rules-*.pickle"))
