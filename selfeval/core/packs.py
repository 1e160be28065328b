"""Find, read and load rule packs and the source and theme registries (checked by ``lint``).

Built-in packs ship in the package (``rules/``); ``--rules PATH`` adds packs from a file or a
folder. Later packs may not redefine a rule id: a duplicate is a lint error, never a silent
override (local changes to thresholds belong in settings).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from selfeval.core import cache, resources, yamlsafe
from selfeval.core import catalogue as cat
from selfeval.core.errors import SelfevalError
from selfeval.core.lint import Linter
from selfeval.core.resources import folder as resources_folder
from selfeval.core.ruleset import (
    LEVELS,
    REGISTRY_FILES,
    STATUSES,
    Case,
    Citation,
    Doc,
    Level,
    Pack,
    Rationale,
    Rule,
    RuleSet,
)

if TYPE_CHECKING:  # importing importlib.resources costs a check a few milliseconds
    from importlib.resources.abc import Traversable  # importlib.abc.Traversable is gone in 3.14

__all__ = ["LEVELS", "REGISTRY_FILES", "STATUSES", "Case", "Citation", "Doc", "Level", "Pack",
           "Rationale", "Rule", "RuleSet", "load", "load_and_lint"]

def _builtin_docs() -> Iterator[tuple[str, Traversable]]:
    root = resources_folder("rules")

    def walk(node: Traversable, prefix: str) -> Iterator[tuple[str, Traversable]]:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir() and not child.name.startswith(("_", ".")):
                yield from walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith((".yaml", ".yml")):
                yield f"{prefix}{child.name}", child

    yield from walk(root, "rules/")


def _user_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        if not files:
            raise SelfevalError("no .yaml rule packs in this folder", file=str(path))
        return files
    if not path.exists():
        raise SelfevalError("rule pack not found", file=str(path), hint="check the --rules path")
    return [path]


def _read_docs(extra: Iterable[Path | str], builtin: bool, trusted: bool) -> list[Doc]:
    """The built-in documents (all, or only the source and theme registries), then the user's."""
    docs = []
    read = yamlsafe.loads_trusted if trusted else yamlsafe.loads
    for name, ref in _builtin_docs():
        if builtin or Path(name).name in REGISTRY_FILES:
            data, locator = read(ref.read_text(encoding="utf-8"), name)
            docs.append(Doc(name, data, locator, True))
    for item in extra:
        for p in _user_files(Path(item)):
            data, locator = yamlsafe.load(p)
            docs.append(Doc(str(p), data, locator, False))
    return docs


def _is_registry(doc: Doc) -> bool:
    return Path(doc.name).name in REGISTRY_FILES


def load(extra: Iterable[Path | str] = (), *, builtin: bool = True,
         catalogue: cat.Catalogue | None = None, cases: bool = True) -> RuleSet:
    """Load packs; raise the first problem as a :class:`SelfevalError`.

    Packs added by the user are fully linted every time. The built-in packs are trusted for
    their shape and self-test cases (CI lints them with ``selfeval rules lint``), which keeps a
    check fast; their ids, sources and thresholds are still checked. ``cases=False``: the
    built-in rules may come without their self-test cases (``Rule.cases`` empty), which only
    ``rules test`` and ``rules show`` read: half the time of loading them for a check.
    """
    ruleset, problems = load_and_lint(extra, builtin=builtin, catalogue=catalogue, trust_builtin=True,
                                      cases=cases)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.hint = (first.hint + "; " if first.hint else "") + \
                f"{len(problems) - 1} more problem(s): run `selfeval rules lint`"
        raise first
    return ruleset


def load_and_lint(extra: Iterable[Path | str] = (), *, builtin: bool = True,
                  catalogue: cat.Catalogue | None = None,
                  trust_builtin: bool = False, cases: bool = True) -> tuple[RuleSet, list[SelfevalError]]:
    """Load packs and return them with every problem found (schema, ids, sources, thresholds)."""
    c = catalogue or cat.load()
    extra = tuple(extra)
    if trust_builtin and builtin and not extra and c is cat.load():
        return _trusted_builtin(c, cases)
    return _lint(_read_docs(extra, builtin, trust_builtin), c, trust_builtin)


def _trusted_builtin(c: cat.Catalogue, cases: bool = True) -> tuple[RuleSet, list[SelfevalError]]:
    """The built-in packs alone, loaded and checked as :func:`_lint` does, from the cache when
    exactly these packs, this catalogue and this code built an entry (a tenth of a check's time
    went to reading the rules again on every run). A rule set with problems is never kept.
    Without ``cases``, an entry of the same rules without their self-test cases."""
    raw = [(name, ref.read_bytes()) for name, ref in _builtin_docs()]
    code = _code_bytes()
    found: list[tuple[RuleSet, list[SelfevalError]]] = []

    def build() -> RuleSet:
        docs = [Doc(name, *yamlsafe.loads_trusted(_text(data), name), True) for name, data in raw]
        found.append(_lint(docs, c, True))
        return found[0][0]

    if code is None:
        return build(), found[0][1]
    key = cache.digest("builtin-rules", *(part for name, data in raw for part in (name.encode(), data)),
                       resources.folder("data").joinpath("catalogue.yaml").read_bytes(), code)

    def full() -> RuleSet:
        return cache.built("builtin-rules", key, build, keep=lambda _: not found[0][1])

    ruleset = full() if cases else cache.built("check-rules", key, lambda: _without_cases(full()),
                                               keep=lambda _: not found or not found[0][1])
    return ruleset, (found[0][1] if found else [])


def _without_cases(ruleset: RuleSet) -> RuleSet:
    packs = [replace(p, rules=tuple(replace(r, cases=()) for r in p.rules)) for p in ruleset.packs]
    return RuleSet(packs=packs, sources=ruleset.sources, themes=ruleset.themes)


def _text(data: bytes) -> str:
    """A file's bytes as ``read_text`` gives them (universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _code_bytes() -> bytes | None:
    """The source of the code that builds a rule set and defines its classes, part of the key: a
    changed class or linter gets a rule set built afresh, never one pickled by older code. None
    without the sources (compiled code only): then nothing is cached."""
    from selfeval.core import conditions, evidence, lint, records, ruleset

    paths = [Path(m.__file__ or "") for m in (lint, ruleset, records, evidence, sys.modules[__name__])]
    paths += sorted(Path(conditions.__file__ or "").parent.glob("*.py"))
    try:
        return b"\0".join(p.read_bytes() for p in paths)
    except OSError:
        return None


def _lint(docs: list[Doc], c: cat.Catalogue, trust_builtin: bool) -> tuple[RuleSet, list[SelfevalError]]:
    linter = Linter(c, trust_builtin)
    ruleset = RuleSet()
    for doc in docs:
        if _is_registry(doc):
            linter.registry(doc, ruleset)
    for doc in docs:
        if not _is_registry(doc):
            pack = linter.pack(doc, ruleset)
            if pack is not None:
                ruleset.packs.append(pack)
    linter.cross_checks(ruleset)
    return ruleset, linter.problems
