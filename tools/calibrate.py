#!/usr/bin/env python3
"""Print the calibration agreement table: indicative positions against published judgements.

Usage: python tools/calibrate.py [-v] [--sensitivity]

-v lists every area's reading and what drove it; --sensitivity repeats the table's totals under
other readings of the findings' words (tests/calibration/derive.py SENSITIVITY).

The evidence for each case is built as tests/calibration/derive.py says; the same numbers are
checked by tests/test_calibration.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from calibration import score  # noqa: E402

rows = score.run()
print(score.table(rows))
if "-v" in sys.argv:
    for r in rows:
        print(r["case"], r["area"], r["published"], "->", r["key"], r["detail"])
if "--sensitivity" in sys.argv:
    print()
    print(score.sensitivity())
