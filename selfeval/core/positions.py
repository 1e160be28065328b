"""The indicative position of a judgement area: a reading of its rule results, never a grade.

The method is data (``data/positions.yaml``); this module only applies it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from selfeval.core import yamlsafe
from selfeval.core.resources import read_text


@lru_cache(maxsize=1)
def config() -> dict[str, Any]:
    return yamlsafe.loads_builtin(read_text("data", "positions.yaml"), "positions.yaml")  # type: ignore[no-any-return]


def indicate(counts: dict[str, int]) -> dict[str, Any]:
    """The first position in ``positions.yaml`` whose conditions the area's counts meet."""
    cfg = config()
    total = (counts["total"] - counts["not_applicable"]) or 1
    for pos in cfg["positions"]:
        w = pos["when"]
        if (counts["serious"] >= w.get("serious_at_least", 0)
                and counts["concern"] >= w.get("concern_at_least", 0)
                and counts["not_evidenced"] / total >= w.get("not_evidenced_share_at_least", 0)):
            return {"key": pos["key"], "title": pos["title"], "explanation": pos["explanation"],
                    "label": cfg["label"], "caveat": " ".join(cfg["caveat"].split()), "indicative": True}
    raise RuntimeError("positions.yaml needs a final entry with no conditions")
