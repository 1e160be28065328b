"""The pieces every metrics file selfeval writes is made of: a quoted scalar, a wrapped comment,
and one metric's entry (value, counts, source, note). The Annex A import, the statutory returns
and ``metrics merge`` write their files with these, so the three read alike."""

from __future__ import annotations

import json
import textwrap

WIDTH = 98


def q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is a valid one)."""
    return json.dumps(text, ensure_ascii=False)


def comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2)] or [f"{indent}#"]


def entry(metric: str, value: str, *, numerator: str | None = None, denominator: str | None = None,
          source: str, note: str | None) -> list[str]:
    """One metric's lines under ``metrics:`` (the numbers already formatted), then a blank line."""
    out = [f"  {metric}:", f"    value: {value}"]
    if numerator is not None:
        out.append(f"    numerator: {numerator}")
    if denominator is not None:
        out.append(f"    denominator: {denominator}")
    out.append(f"    source: {q(source)}")
    if note:
        out.append(f"    note: {q(note)}")
    out.append("")
    return out
