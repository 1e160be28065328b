"""Every catalogue metric the lists give: each registered rule of counting run on its list.

The rules register themselves (``@rule`` in :mod:`compute`) when ``counting`` and
``counting_care`` are imported, which this module does; ``compute`` itself knows none of them.
"""

from __future__ import annotations

from selfeval.core.errors import SelfevalError
from selfeval.sources.annexa import counting, counting_care, counting_leavers  # noqa: F401  (registers the rules)
from selfeval.sources.annexa.compute import RULES, Result, Settings, Value, plural, run_rule
from selfeval.sources.annexa.headers import LISTS
from selfeval.sources.annexa.read import AnnexA

POPULATION = "child_population_under_18"


def compute(annex: AnnexA, settings: Settings) -> Result:
    """Run every rule whose list is present; the rest are reported as not computed."""
    from selfeval.sources.workdays import bank_holidays

    bh = bank_holidays()
    if not bh.covers(settings.as_at):
        raise SelfevalError(
            f"--as-at {settings.as_at.isoformat()} is outside the bank holiday table "
            f"({bh.first.year}–{bh.last.year}), so working days cannot be counted",
            hint="check the date; if it is right, extend selfeval/data/bank_holidays.yaml")
    values: dict[str, Value] = {}
    not_computed: dict[str, str] = {}
    for metric, r in RULES.items():
        table = annex.tables.get(r.list_number)
        if table is None:
            not_computed[metric] = f"{LISTS[r.list_number].name} is not in the workbook"
            continue
        outcome = run_rule(r, table, settings)
        if isinstance(outcome, Value):
            outcome.rule = outcome.rule.format(
                cp=settings.cp_visit_working_days, cin=settings.cin_visit_working_days)
            values[metric] = outcome
        else:
            not_computed[metric] = outcome
    if settings.child_population:
        # written too, so rules judged per 10,000 children (unallocated cases, unregistered
        # placements, children placed with parents) can use it when the file is checked
        values[POPULATION] = Value(
            POPULATION, settings.child_population, 0,
            "The number of children aged 0 to 17 given with --child-population (the ONS mid-year "
            "estimate nearest the period is expected).",
            given="given with --child-population")
    from selfeval.sources.annexa.quality import assess

    return Result(settings, values, not_computed, summarise(annex, settings), assess(annex, settings.as_at))


def summarise(annex: AnnexA, s: Settings) -> list[str]:
    lines = []
    for n, spec in LISTS.items():
        t = annex.tables.get(n)
        if t is None:
            state = "found, not needed by any metric" if n in annex.found else "not found"
            lines.append(f"{spec.name} ({spec.title}): {state}")
            continue
        where = f"sheet '{t.sheet}'" if t.sheet is not None else "CSV file"
        lines.append(f"{spec.name} ({spec.title}): {plural(len(t.rows), 'row')} read from {where}")
    return lines
