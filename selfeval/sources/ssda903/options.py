"""The choices the 903 counting makes where DfE's rule is not established (returns.md §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Options903:
    as_at: dt.date | None = None  # default: 31 March of the latest return
    child_population: int | None = None  # ONS mid-year estimate of 0–17s, for the rate per 10,000
    count_same_carer_changes: bool = False  # RNE T/U as new placements
    exclude_temporary_placements: bool = False  # T0–T4 episodes not counted as placements
    sdq_ages: Literal["return", "published"] = "return"  # 4+ at 1 April and under 17, or 5–16
    adoption_measure: Literal["a1", "a10"] = "a1"
    nreq_in_touch: bool = False  # IN_TOUCH = NREQ counted as in touch
