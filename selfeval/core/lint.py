"""Check rule pack documents (schema, ids, sources, themes, thresholds, cases) into a rule set.

Every problem is collected as a located :class:`SelfevalError`, so ``selfeval rules lint``
reports all of them at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterator

from selfeval.core import catalogue as cat
from selfeval.core import conditions, schemas, yamlsafe
from selfeval.core.errors import KeyPath, Locator, SelfevalError
from selfeval.core.ruleset import LEVELS, Case, Citation, Doc, Level, Pack, Rationale, Rule, RuleSet
from selfeval.core.submission import parse_evidence


class Linter:
    def __init__(self, catalogue: cat.Catalogue, trust_builtin: bool = False) -> None:
        self.cat = catalogue
        self.trust_builtin = trust_builtin
        self.problems: list[SelfevalError] = []
        self.citations: list[tuple[str, Doc, KeyPath]] = []
        self.theme_uses: list[tuple[str, Doc, KeyPath]] = []
        self.docs: dict[str, Doc] = {}

    def add(self, doc: Doc, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.problems.append(SelfevalError(message, file=doc.name, where=doc.locator.where(path), hint=hint))

    def registry(self, doc: Doc, ruleset: RuleSet) -> None:
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

    def pack(self, doc: Doc, ruleset: RuleSet) -> Pack | None:
        self.docs[doc.name] = doc
        data = doc.data
        trusted = doc.builtin and self.trust_builtin
        schema_problems = [] if trusted else schemas.errors(
            "rules", yamlsafe.plain(data), file=doc.name, locator=doc.locator)
        if schema_problems:
            self.problems.extend(schema_problems)
            if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
                return None
            # The later checks still run, for their clearer words ("a serious gap is always a
            # concern too"), but on values that may be of any type: a check that cannot run on
            # them is skipped (the schema has said what is wrong), and the pack is not loaded.
            try:
                self.read_pack(doc, data, ruleset)
            except (TypeError, AttributeError, ValueError, KeyError, IndexError, OverflowError):
                pass
            return None
        return self.read_pack(doc, data, ruleset)

    def read_pack(self, doc: Doc, data: dict[str, Any], ruleset: RuleSet) -> Pack:
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
        framework: dict[str, Any] = data["framework"] if isinstance(data.get("framework"), dict) else {}
        return Pack(id=pack_id, title=str(data.get("title", pack_id)), version=str(data.get("version", "")),
                    framework=dict(framework), file=doc.name, builtin=doc.builtin, rules=tuple(rules))

    def rule(self, doc: Doc, pack_id: str, raw: Any, path: KeyPath) -> Rule | None:
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
                findings.append(Citation(str(f.get("source")), f.get("paragraph"), f.get("paraphrase"),
                                         str(f.get("kind") or "gap")))
                self.citations.append((str(f.get("source")), doc, path + ("findings", j, "source")))
        themes = tuple(str(t) for t in raw.get("themes") or [])
        for j, t in enumerate(themes):
            self.theme_uses.append((t, doc, path + ("themes", j)))
        cases = tuple(
            Case(str(c.get("name")), c.get("evidence"), str(c.get("expect")), path + ("cases", j),
                 _date(c.get("as_at")), _groups(c.get("comparators")))
            for j, c in enumerate(raw.get("cases") or []) if isinstance(c, dict))
        rule = Rule(id=str(raw.get("id")), title=str(raw.get("title")), area=str(raw.get("area")),
                    themes=themes, expectation=str(raw.get("expectation", "")), levels=levels,
                    findings=tuple(findings), action=str(raw.get("action", "")), cases=cases,
                    pack=pack_id, file=doc.name, path=path, since=_date(raw.get("since")))
        if not (doc.builtin and self.trust_builtin):
            self.check_cases(doc, rule)
        return rule

    def check_refs(self, doc: Doc, cond: conditions.Condition, path: KeyPath) -> None:
        tables: dict[str, dict[str, Any]] = {"metric": self.cat.metrics, "audit": self.cat.audit_questions, "fact": self.cat.facts}
        names = {"metric": "metric", "audit": "audit question", "fact": "fact"}
        for ref in cond.refs():
            if ref.id not in tables[ref.kind]:
                self.add(doc, path, *cat.unknown_id(names[ref.kind], ref.id, tables[ref.kind]))
        for node in _walk(cond):
            if isinstance(node, (conditions.Worsened, conditions.WorseThanNational, conditions.WorseThanGroup)):
                m = self.cat.metrics.get(node.metric)
                if m is not None and m.better == "neither":
                    self.add(doc, path, f"'{node.metric}' has no better direction, so it cannot get worse",
                             "compare it with a threshold instead")

    def check_thresholds(self, doc: Doc, rule_id: Any, levels: dict[str, Level], path: KeyPath) -> None:
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

    def check_cases(self, doc: Doc, rule: Rule) -> None:
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


def _groups(value: Any) -> dict[str, dict[str, float]]:
    """A case's comparator figures (group -> metric -> value); the schema has checked the shape."""
    if not isinstance(value, dict):
        return {}
    return {str(g): {str(m): float(v) for m, v in (ms or {}).items() if isinstance(v, (int, float))}
            for g, ms in value.items() if isinstance(ms, dict)}


def _date(value: Any) -> dt.date | None:
    """A YAML date (or ISO text); anything else is None (the schema has said why)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


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
