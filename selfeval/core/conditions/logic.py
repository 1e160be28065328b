"""all, any and not: conditions made of conditions, three-valued (unknown stays unknown)."""

from __future__ import annotations

from typing import Iterator

from selfeval.core.conditions.base import Condition, Context, Namer, Outcome, Ref, ident_name
from selfeval.core.records import dataclass


@dataclass(frozen=True, rebuilt=True)
class All:
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        outs = [p.evaluate(ctx) for p in self.parts]
        value: bool | None
        if any(o.value is False for o in outs):
            value = False
        elif any(o.value is None for o in outs):
            value = None
        else:
            value = True
        return _combine(value, outs)

    def refs(self) -> Iterator[Ref]:
        for p in self.parts:
            yield from p.refs()

    def describe(self, name: Namer = ident_name) -> str:
        return "all of: " + "; ".join(p.describe(name) for p in self.parts)

    def decide(self, ctx: Context) -> bool | None:
        unknown = False
        for p in self.parts:
            v = p.decide(ctx)
            if v is False:
                return False
            unknown = unknown or v is None
        return None if unknown else True


@dataclass(frozen=True, rebuilt=True)
class Any_:
    parts: tuple[Condition, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        outs = [p.evaluate(ctx) for p in self.parts]
        value: bool | None
        if any(o.value is True for o in outs):
            value = True
        elif any(o.value is None for o in outs):
            value = None
        else:
            value = False
        return _combine(value, outs)

    def refs(self) -> Iterator[Ref]:
        for p in self.parts:
            yield from p.refs()

    def describe(self, name: Namer = ident_name) -> str:
        return "any of: " + "; ".join(p.describe(name) for p in self.parts)

    def decide(self, ctx: Context) -> bool | None:
        unknown = False
        for p in self.parts:
            v = p.decide(ctx)
            if v is True:
                return True
            unknown = unknown or v is None
        return None if unknown else False


@dataclass(frozen=True, rebuilt=True)
class Not:
    part: Condition

    def evaluate(self, ctx: Context) -> Outcome:
        out = self.part.evaluate(ctx)
        return Outcome(None if out.value is None else not out.value, out.observations, out.missing)

    def refs(self) -> Iterator[Ref]:
        yield from self.part.refs()

    def describe(self, name: Namer = ident_name) -> str:
        return f"not ({self.part.describe(name)})"

    def decide(self, ctx: Context) -> bool | None:
        v = self.part.decide(ctx)
        return None if v is None else not v


def _combine(value: bool | None, outs: list[Outcome]) -> Outcome:
    obs = [o for out in outs for o in out.observations]
    missing = [m for out in outs for m in out.missing] if value is None else []
    return Outcome(value, obs, list(dict.fromkeys(missing)))
