"""The --fail-on levels, apart from ``evaluate`` so the command line builds its choices at
start-up without loading the rule models (an importer's command never evaluates a rule)."""

from __future__ import annotations

FAIL_ON = {"concern": 2, "serious": 3, "never": 99}
"""--fail-on choices: the exit status is 1 when any result is at least this severe."""
