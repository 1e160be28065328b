"""Load rule packs, the source and theme registries, and lint them.

Built-in packs ship in the package (``rules/``); ``--rules PATH`` adds packs from a file or a
folder. Later packs may not redefine a rule id: a duplicate is a lint error, never a silent
override (local changes to thresholds belong in settings).
"""

from __future__ import annotations

from selfeval.core.records import dataclass, field
from importlib.resources.abc import Traversable  # importlib.abc.Traversable is gone in 3.14
from pathlib import Path
from typing import Any, Iterable, Iterator

from selfeval.core import catalogue as cat
from selfeval.core import conditions, schemas, yamlsafe
from selfeval.core.errors import KeyPath, Locator, SelfevalError
from selfeval.core.resources import folder as resources_folder
from selfeval.core.submission import parse_evidence

REGISTRY_FILES = ("sources.yaml", "themes.yaml")
STATUSES = ("met", "concern", "serious", "not_evidenced")
LEVELS = ("concern", "serious")


@dataclass(frozen=True)
class Rationale:
    basis: str
    source: str
    note: str


@dataclass(frozen=True)
class Level:
    name: str
    when: conditions.Condition
    rationale: Rationale
    raw_when: Any


@dataclass(frozen=True)
class Citation:
    source: str
    paragraph: Any = None
    paraphrase: str | None = None

    @property
    def paragraphs(self) -> str | None:
        if self.paragraph is None:
            return None
        items = self.paragraph if isinstance(self.paragraph, list) else [self.paragraph]
        return ", ".join(f"¶{p}" for p in items)


@dataclass(frozen=True)
class Case:
    name: str
    evidence: Any
    expect: str
    path: KeyPath


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    area: str
    themes: tuple[str, ...]
    expectation: str
    levels: dict[str, Level]
    findings: tuple[Citation, ...]
    action: str
    cases: tuple[Case, ...]
    pack: str
    file: str
    path: KeyPath

    def refs(self) -> list[conditions.Ref]:
        return list(dict.fromkeys(r for lv in self.levels.values() for r in lv.when.refs()))

    @property
    def sources(self) -> list[str]:
        keys = [c.source for c in self.findings] + [lv.rationale.source for lv in self.levels.values()]
        return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    version: str
    framework: dict[str, Any]
    file: str
    builtin: bool
    rules: tuple[Rule, ...]


@dataclass
class RuleSet:
    """Every loaded pack, with the registries rules cite."""

    packs: list[Pack] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    themes: dict[str, dict[str, Any]] = field(default_factory=dict)

    _index: tuple[tuple[int, ...], dict[str, Rule]] | None = field(default=None, init=False, repr=False,
                                                                    compare=False)

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule by id, in pack order (built once per set of packs: callers look rules up
        by id in loops, and ``packs`` may still be appended to while loading)."""
        key = tuple(id(p) for p in self.packs)
        if self._index is None or self._index[0] != key:
            self._index = (key, {r.id: r for p in self.packs for r in p.rules})
        return self._index[1]

    def rule(self, rule_id: str) -> Rule:
        rules = self.rules
        if rule_id not in rules:
            message, hint = cat.unknown_id("rule", rule_id, rules)
            raise SelfevalError(message, hint=hint if "did you mean" in hint else "see `selfeval rules list`")
        return rules[rule_id]


# ------------------------------------------------------------------------------------ loading
@dataclass
class _Doc:
    name: str
    data: Any
    locator: Locator
    builtin: bool


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


def _read_docs(extra: Iterable[Path | str], builtin: bool, trusted: bool) -> list[_Doc]:
    """The built-in documents (all, or only the source and theme registries), then the user's."""
    docs = []
    read = yamlsafe.loads_trusted if trusted else yamlsafe.loads
    for name, ref in _builtin_docs():
        if builtin or Path(name).name in REGISTRY_FILES:
            data, locator = read(ref.read_text(encoding="utf-8"), name)
            docs.append(_Doc(name, data, locator, True))
    for item in extra:
        for p in _user_files(Path(item)):
            data, locator = yamlsafe.load(p)
            docs.append(_Doc(str(p), data, locator, False))
    return docs


def _is_registry(doc: _Doc) -> bool:
    return Path(doc.name).name in REGISTRY_FILES


def load(extra: Iterable[Path | str] = (), *, builtin: bool = True,
         catalogue: cat.Catalogue | None = None) -> RuleSet:
    """Load packs; raise the first problem as a :class:`SelfevalError`.

    Packs added by the user are fully linted every time. The built-in packs are trusted for
    their shape and self-test cases (CI lints them with ``selfeval rules lint``), which keeps a
    check fast; their ids, sources and thresholds are still checked.
    """
    ruleset, problems = load_and_lint(extra, builtin=builtin, catalogue=catalogue, trust_builtin=True)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.hint = (first.hint + "; " if first.hint else "") + \
                f"{len(problems) - 1} more problem(s): run `selfeval rules lint`"
        raise first
    return ruleset


def load_and_lint(extra: Iterable[Path | str] = (), *, builtin: bool = True,
                  catalogue: cat.Catalogue | None = None,
                  trust_builtin: bool = False) -> tuple[RuleSet, list[SelfevalError]]:
    """Load packs and return them with every problem found (schema, ids, sources, thresholds)."""
    c = catalogue or cat.load()
    docs = _read_docs(extra, builtin, trust_builtin)
    linter = _Linter(c, trust_builtin)
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


class _Linter:
    def __init__(self, catalogue: cat.Catalogue, trust_builtin: bool = False) -> None:
        self.cat = catalogue
        self.trust_builtin = trust_builtin
        self.problems: list[SelfevalError] = []
        self.citations: list[tuple[str, _Doc, KeyPath]] = []
        self.theme_uses: list[tuple[str, _Doc, KeyPath]] = []
        self.docs: dict[str, _Doc] = {}

    def add(self, doc: _Doc, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.problems.append(SelfevalError(message, file=doc.name, where=doc.locator.where(path), hint=hint))

    def registry(self, doc: _Doc, ruleset: RuleSet) -> None:
        key = Path(doc.name).stem
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get(key), dict):
            self.add(doc, (), f"a {key} registry should be a mapping under '{key}:'")
            return
        target = ruleset.sources if key == "sources" else ruleset.themes
        for k, v in doc.data[key].items():
            if not isinstance(v, dict) or not v.get("title"):
                self.add(doc, (key, k), f"{key[:-1]} '{k}' needs a 'title'")
            elif k in target:
                self.add(doc, (key, k), f"{key[:-1]} '{k}' is defined twice")
            else:
                target[str(k)] = v

    def pack(self, doc: _Doc, ruleset: RuleSet) -> Pack | None:
        self.docs[doc.name] = doc
        data = doc.data
        trusted = doc.builtin and self.trust_builtin
        schema_problems = [] if trusted else schemas.errors(
            "rules", yamlsafe.plain(data), file=doc.name, locator=doc.locator)
        if schema_problems:
            self.problems.extend(schema_problems)
            if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
                return None
        for kind, target in (("sources", ruleset.sources), ("themes", ruleset.themes)):
            for k, v in (data.get(kind) or {}).items():
                if k in target:
                    self.add(doc, (kind, k), f"{kind[:-1]} '{k}' is already defined")
                else:
                    target[str(k)] = v if isinstance(v, dict) else {}
        pack_id = str(data.get("pack", Path(doc.name).stem))
        if any(p.id == pack_id for p in ruleset.packs):
            self.add(doc, ("pack",), f"pack '{pack_id}' is loaded twice", "remove one of the files")
        rules = []
        for i, raw in enumerate(data["rules"]):
            rule = self.rule(doc, pack_id, raw, ("rules", i))
            if rule is not None:
                rules.append(rule)
        framework = data.get("framework") if isinstance(data.get("framework"), dict) else {}
        return Pack(id=pack_id, title=str(data.get("title", pack_id)), version=str(data.get("version", "")),
                    framework=dict(framework), file=doc.name, builtin=doc.builtin, rules=tuple(rules))

    def rule(self, doc: _Doc, pack_id: str, raw: Any, path: KeyPath) -> Rule | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("levels"), dict):
            return None  # the schema has said why
        levels: dict[str, Level] = {}
        for name in LEVELS:
            lv = raw["levels"].get(name)
            if not isinstance(lv, dict):
                continue
            lpath = path + ("levels", name)
            try:
                when = conditions.parse(lv.get("when"), ())
            except conditions.ConditionError as exc:
                self.add(doc, lpath + ("when",) + exc.path, str(exc))
                continue
            self.check_refs(doc, when, lpath + ("when",))
            r: dict[str, Any] = lv["rationale"] if isinstance(lv.get("rationale"), dict) else {}
            rationale = Rationale(str(r.get("basis", "")), str(r.get("source", "")), str(r.get("note", "")))
            self.citations.append((rationale.source, doc, lpath + ("rationale", "source")))
            levels[name] = Level(name, when, rationale, lv.get("when"))
        if "serious" in raw["levels"] and "concern" not in raw["levels"]:
            self.add(doc, path + ("levels",), f"rule '{raw.get('id')}' has a serious level but no concern level",
                     "a serious gap is always a concern too: add a concern level")
        if "concern" in levels and "serious" in levels:
            self.check_thresholds(doc, raw.get("id"), levels, path)
        findings = []
        for j, f in enumerate(raw.get("findings") or []):
            if isinstance(f, dict):
                findings.append(Citation(str(f.get("source")), f.get("paragraph"), f.get("paraphrase")))
                self.citations.append((str(f.get("source")), doc, path + ("findings", j, "source")))
        themes = tuple(str(t) for t in raw.get("themes") or [])
        for j, t in enumerate(themes):
            self.theme_uses.append((t, doc, path + ("themes", j)))
        cases = tuple(
            Case(str(c.get("name")), c.get("evidence"), str(c.get("expect")), path + ("cases", j))
            for j, c in enumerate(raw.get("cases") or []) if isinstance(c, dict))
        rule = Rule(id=str(raw.get("id")), title=str(raw.get("title")), area=str(raw.get("area")),
                    themes=themes, expectation=str(raw.get("expectation", "")), levels=levels,
                    findings=tuple(findings), action=str(raw.get("action", "")), cases=cases,
                    pack=pack_id, file=doc.name, path=path)
        if not (doc.builtin and self.trust_builtin):
            self.check_cases(doc, rule)
        return rule

    def check_refs(self, doc: _Doc, cond: conditions.Condition, path: KeyPath) -> None:
        tables: dict[str, dict[str, Any]] = {"metric": self.cat.metrics, "audit": self.cat.audit_questions, "fact": self.cat.facts}
        names = {"metric": "metric", "audit": "audit question", "fact": "fact"}
        for ref in cond.refs():
            if ref.id not in tables[ref.kind]:
                self.add(doc, path, *cat.unknown_id(names[ref.kind], ref.id, tables[ref.kind]))
        for node in _walk(cond):
            if isinstance(node, (conditions.Worsened, conditions.WorseThanNational)):
                m = self.cat.metrics.get(node.metric)
                if m is not None and m.better == "neither":
                    self.add(doc, path, f"'{node.metric}' has no better direction, so it cannot get worse",
                             "compare it with a threshold instead")

    def check_thresholds(self, doc: _Doc, rule_id: Any, levels: dict[str, Level], path: KeyPath) -> None:
        """Serious must be at least as strict as concern when both test the same single measure."""
        c, s = levels["concern"].when, levels["serious"].when
        same = (
            isinstance(c, conditions.MetricCompare) and isinstance(s, conditions.MetricCompare)
            and c.metric == s.metric
        ) or (
            isinstance(c, conditions.AuditShare) and isinstance(s, conditions.AuditShare)
            and c.audit == s.audit and set(c.answers) == set(s.answers)
        )
        if not same:
            return
        assert isinstance(c, (conditions.MetricCompare, conditions.AuditShare))
        assert isinstance(s, (conditions.MetricCompare, conditions.AuditShare))
        low = {"below", "at_most"}
        if (c.op in low) != (s.op in low):
            self.add(doc, path + ("levels",), f"rule '{rule_id}': concern and serious test in opposite "
                                              "directions", "use below/at_most for both, or above/at_least for both")
        elif (c.op in low and s.threshold > c.threshold) or (c.op not in low and s.threshold < c.threshold):
            self.add(doc, path + ("levels", "serious"),
                     f"rule '{rule_id}': the serious threshold ({s.threshold:g}) is laxer than the concern "
                     f"threshold ({c.threshold:g}), so serious could fire where concern does not",
                     "make the serious threshold the stricter one")

    def check_cases(self, doc: _Doc, rule: Rule) -> None:
        for case in rule.cases:
            try:
                parse_evidence(case.evidence, file=doc.name,
                               locator=_Shifted(doc.locator, case.path + ("evidence",)), catalogue=self.cat)
            except SelfevalError as exc:
                self.problems.append(SelfevalError(f"case '{case.name}' of rule '{rule.id}': {exc.message}",
                                                   file=doc.name, where=exc.where, hint=exc.hint))

    def cross_checks(self, ruleset: RuleSet) -> None:
        seen: dict[str, Rule] = {}
        for pack in ruleset.packs:
            for rule in pack.rules:
                if rule.id in seen:
                    self.add(self.docs[rule.file], rule.path + ("id",),
                             f"rule id '{rule.id}' is already used in {seen[rule.id].file}",
                             "give the rule a new id; to change a built-in threshold, use settings")
                else:
                    seen[rule.id] = rule
        for key, doc, path in self.citations:
            if key not in ruleset.sources:
                self.add(doc, path, *cat.unknown_id("source", key, ruleset.sources))
        if ruleset.themes:
            for key, doc, path in self.theme_uses:
                if key not in ruleset.themes:
                    self.add(doc, path, *cat.unknown_id("theme", key, ruleset.themes))


class _Shifted:
    """A locator for a sub-document (a case's evidence) inside a larger one."""

    def __init__(self, inner: Locator, prefix: KeyPath) -> None:
        self.inner, self.prefix = inner, prefix

    def where(self, path: KeyPath) -> Any:
        return self.inner.where(self.prefix + tuple(path))


def _walk(cond: conditions.Condition) -> Iterator[conditions.Condition]:
    yield cond
    if isinstance(cond, (conditions.All, conditions.Any_)):
        for p in cond.parts:
            yield from _walk(p)
    elif isinstance(cond, conditions.Not):
        yield from _walk(cond.part)
