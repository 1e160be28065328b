"""Definitions of every metric, audit question and fact (the data is ``data/catalogue.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from selfeval.core import yamlsafe
from selfeval.core.records import dataclass, field
from selfeval.core.resources import read_text

AREAS: dict[str, str] = {
    "help_and_protection": "Help and protection",
    "children_in_care": "Children in care",
    "care_leavers": "Care leavers",
    "leaders": "Impact of leaders",
}

Unit = Literal["percent", "count", "days", "weeks", "per_10k", "gbp", "number"]
UNITS: dict[str, str] = {
    "percent": "percentage (0–100)",
    "count": "whole number",
    "days": "number of days",
    "weeks": "number of weeks",
    "per_10k": "rate per 10,000 children",
    "gbp": "amount in pounds",
    "number": "number",
}
Better = Literal["higher", "lower", "neither"]
ANSWERS = ("yes", "partly", "no", "not_applicable")


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: Unit
    better: Better
    area: str
    definition: str
    source: str

    def worse(self, a: float, b: float) -> bool:
        """True if ``a`` is worse than ``b`` for this metric."""
        if self.better == "higher":
            return a < b
        if self.better == "lower":
            return a > b
        return False


@dataclass(frozen=True)
class AuditQuestion:
    id: str
    label: str
    area: str
    question: str
    source: str = ""  # how to evidence it (else "Case file audit")


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    area: str
    definition: str
    evidence: str = ""  # how to evidence it: the document or record an inspector would ask to see


@dataclass(frozen=True)
class Catalogue:
    metrics: dict[str, Metric]
    audit_questions: dict[str, AuditQuestion]
    facts: dict[str, Fact]
    retired: dict[str, str] = field(default_factory=dict)  # retired audit question -> what to use instead

    def label(self, kind: str, id_: str) -> str:
        table: dict[str, Metric | AuditQuestion | Fact] = {
            "metric": self.metrics, "audit": self.audit_questions, "fact": self.facts,
        }[kind]  # type: ignore[assignment]
        entry = table.get(id_)
        return entry.label if entry else id_


def suggest(word: str, choices: object) -> str | None:
    """A 'did you mean' hint, or None."""
    import difflib  # only for a mistake

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)  # type: ignore[attr-defined]
    return f"did you mean '{close[0]}'?" if close else None


def unknown_id(kind: str, word: object, choices: object) -> tuple[str, str]:
    """Message and hint for an id that is not in the catalogue."""
    hint = suggest(str(word), choices) or "see `selfeval template` for every id"
    return f"unknown {kind} '{word}'", hint


@lru_cache(maxsize=1)
def load() -> Catalogue:
    """Load the built-in catalogue (cached: it is read once per process)."""
    data = yamlsafe.loads_builtin(read_text("data", "catalogue.yaml"), "catalogue.yaml")
    try:
        metrics = {
            k: Metric(id=k, label=v["label"], unit=v["unit"], better=v["better"], area=v["area"],
                      definition=v["definition"], source=v.get("source", ""))
            for k, v in data["metrics"].items()
        }
        audits = {
            k: AuditQuestion(id=k, label=v["label"], area=v["area"], question=v["question"],
                            source=v.get("source", ""))
            for k, v in data["audit_questions"].items()
        }
        facts = {
            k: Fact(id=k, label=v["label"], area=v["area"], definition=v["definition"],
                    evidence=v.get("evidence", ""))
            for k, v in data["facts"].items()
        }
    except (KeyError, TypeError, AttributeError) as exc:  # a broken built-in file is a bug
        raise RuntimeError(f"the built-in catalogue is malformed: {exc!r}") from exc
    for table in (metrics, audits, facts):
        for entry in table.values():
            if entry.area not in AREAS:
                raise RuntimeError(f"catalogue entry {entry.id} has unknown area {entry.area}")
    for m in metrics.values():
        if m.unit not in UNITS or m.better not in ("higher", "lower", "neither"):
            raise RuntimeError(f"catalogue metric {m.id} has a bad unit or direction")
    overlap = (set(metrics) & set(audits)) | (set(metrics) & set(facts)) | (set(audits) & set(facts))
    if overlap:
        raise RuntimeError(f"catalogue ids used twice: {sorted(overlap)}")
    retired = {str(k): str(v) for k, v in (data.get("retired_audit_questions") or {}).items()}
    return Catalogue(metrics=metrics, audit_questions=audits, facts=facts, retired=retired)

