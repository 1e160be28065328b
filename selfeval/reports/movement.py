"""How a measure moved between two periods, in words and as a verdict.

The verdict follows the metric's better direction; a movement inside the noise of the two
samples is "no clear change", never better or worse (a +0.5 point move in an audit share on
samples of 38 and 30 says nothing either way).
"""

from __future__ import annotations

from selfeval.reports.report import format_value

VERDICTS: dict[str, str] = {
    "better": "Better",
    "worse": "Worse",
    "same": "Same",
    "changed": "Changed",  # a yes/no fact that changed: facts carry no direction
    "no_direction": "No better direction",
    "no_clear_change": "No clear change",  # the movement is inside the noise of the two samples
    "not_comparable": "Not comparable",
}
"""How a measure moved. ``not_comparable``: it is missing in one period (which one is said)."""

Z95 = 1.96
"""Two samples' shares differ clearly when the gap is more than 1.96 standard errors of the
difference (a 95% interval for a difference of two proportions that excludes zero)."""


def format_change(delta: float, unit: str) -> str:
    """A movement in words: 'up 4.5 percentage points', 'down 3 days', 'no change'."""
    if delta == 0:
        return "no change"
    word = "up" if delta > 0 else "down"
    size = abs(delta)
    if unit == "percent":
        num = format_value(size, "number")
        return f"{word} {num} percentage point{'' if size == 1 else 's'}"
    return f"{word} {format_value(size, unit)}"


def within_noise(p1: float, n1: float | None, p2: float, n2: float | None) -> bool:
    """True when shares p1 (of n1) and p2 (of n2), each 0–1, differ by less than the sampling
    noise of the two samples: |p2 − p1| < 1.96 × √(p1(1−p1)/n1 + p2(1−p2)/n2). With a sample
    size unknown, nothing can be said about noise (False)."""
    if not n1 or not n2 or n1 <= 0 or n2 <= 0:
        return False
    se = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) ** 0.5
    return abs(p2 - p1) < Z95 * se if se > 0 else False


def verdict(delta: float | None, better: str) -> str:
    """better / worse by the metric's direction; same; no_direction; not_comparable (no delta)."""
    if delta is None:
        return "not_comparable"
    if delta == 0:
        return "same"
    if better == "neither":
        return "no_direction"
    return "better" if (delta > 0) == (better == "higher") else "worse"
