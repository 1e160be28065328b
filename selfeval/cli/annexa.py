"""Click commands for Annex A import and the synthetic demo: options in, library call, errors out.

Registered on the main ``selfeval`` group in ``selfeval/cli/app.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from selfeval.cli.common import checked_la_code, import_la_code_option

IMPORT_EXAMPLES = """
\b
Examples:
  selfeval metrics from-annex-a "Annex A.xlsx" --as-at 2026-09-30 --authority "Exampleshire" -o metrics.yaml
  selfeval metrics from-annex-a annex-a-csv/ --as-at 2026-09-30 --authority "Exampleshire" -o metrics.yaml
  selfeval metrics from-annex-a "Annex A.xlsx" --as-at 2026-09-30 --authority "Exampleshire" -o metrics.xlsx
"""


@contextmanager
def _progress(label: str, steps: int) -> Iterator[Callable[[str], None] | None]:
    """A progress bar on a terminal; nothing at all otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=steps, label=label, file=sys.stderr, show_eta=False,
                           item_show_func=lambda s: s) as bar:
        def step(what: str) -> None:
            bar.update(1, what)
        yield step


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    from selfeval.sources.annexa.read import as_of

    return None if value is None else as_of(value)


@click.group()
def metrics() -> None:
    """Make a metrics file from the authority's own data."""


@metrics.command("from-annex-a", epilog=IMPORT_EXAMPLES)
@click.argument("source", type=click.Path())
@click.option("--as-at", "as_at", required=True, callback=_date, metavar="DATE",
              help="The date the lists were run (YYYY-MM-DD). Timeliness is measured against it.")
@click.option("--authority", required=True, help="The authority's name, as reports should show it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the metrics here: .yaml, or .xlsx for a filled-in Excel workbook. "
                   "Default: print the YAML.")
@click.option("--period-months", type=click.IntRange(1, 24), default=6, show_default=True,
              help="Months before the as-at date that count as the period (Annex A covers 6).")
@click.option("--cp-visit-working-days", type=click.IntRange(1, 60), default=10, show_default=True,
              help="Local standard for visits to children on a child protection plan.")
@click.option("--cin-visit-working-days", type=click.IntRange(1, 60), default=20, show_default=True,
              help="Local standard for visits to children in need.")
@click.option("--child-population", type=click.IntRange(min=1), metavar="N",
              help="Children under 18 in the authority (ONS mid-year estimate): written as child_population_under_18, and gives children in care per 10,000 and the per-10,000 rules (unallocated cases, unregistered homes).")
@import_la_code_option
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--strict", is_flag=True,
              help="Exit 2 (and write nothing) on any data-quality finding: a cell that cannot be "
                   "read, a code that is not DfE's, or a sanity warning.")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml: the metrics file (printed when there is no -o). json: print what was "
                   "computed and every data-quality finding as JSON (with -o the file is still written).")
@click.option("-v", "--verbose", is_flag=True, help="Say which workbook reader ran (python-calamine, or openpyxl without it).")
def from_annex_a(source: str, as_at: dt.date, authority: str, output: str | None, period_months: int,
                 cp_visit_working_days: int, cin_visit_working_days: int, child_population: int | None,
                 la_code: str | None, force: bool, strict: bool, fmt: str, verbose: bool) -> None:
    """Compute catalogue metrics from an Annex A workbook (.xlsx) or a folder of CSV files.

    SOURCE has Ofsted's Annex A lists, one sheet (or CSV file) per list named 'List 1' …
    'List 11'. Every metric the lists support is computed; the file says, above each value, which
    list and rule of counting produced it, and lists the catalogue entries left for you to fill
    in. Only totals are written: no child identifier, name or date of birth.

    Lists are found by their headers, whatever the sheets are called. A cell that cannot be read
    (a failed lookup, a formula with no saved value, a date that is not a date) leaves its row out
    of the metrics that need it; the file's comments (or --format json) list every such finding by
    cell reference, never by value. --strict makes any finding an error.
    """
    from selfeval.core.files import check_output
    from selfeval.sources.annexa.run import metrics_from_annex_a
    from selfeval.sources.annexa.write import render_metrics

    check_output(output, [source])
    la_code = checked_la_code(la_code)  # a wrong code is refused before the workbook is read
    if verbose and not Path(source).is_dir():
        from selfeval.sources.workbook import reader

        click.echo(f"selfeval: reading {Path(source).name} with {reader()}", err=True)
    with _progress("Reading Annex A", 11) as progress:
        result = metrics_from_annex_a(
            source, output, as_at=as_at, authority=authority, period_months=period_months,
            cp_visit_working_days=cp_visit_working_days, cin_visit_working_days=cin_visit_working_days,
            child_population=child_population, authority_code=la_code, overwrite=force, progress=progress,
            strict=strict)
    if fmt == "json":
        import json

        from selfeval.sources.annexa.write import import_document

        click.echo(json.dumps(import_document(result, source_name=Path(source).name, authority=authority),
                              indent=2, ensure_ascii=False))
        return
    if output is None:
        click.echo(render_metrics(result, source_name=Path(source).name, authority=authority,
                                  authority_code=la_code), nl=False)
        return
    from selfeval.core import catalogue as cat

    left = len(cat.load().metrics) - len(result.values)
    found = len(result.quality.problems) if result.quality is not None else 0
    quality = (f" {found} data-quality finding{'s' if found != 1 else ''}: see the comments at the top "
               "of the file." if found else "")
    counted = result.counted
    given = " (and the child population given)" if counted < len(result.values) else ""
    click.echo(f"Wrote {output}: {counted} metrics computed from Annex A{given}, {left} left to "
               f"fill in.{quality} Next: selfeval check {output}", err=True)


@click.group()
def demo() -> None:
    """Make synthetic data to try selfeval without real data."""


@demo.command("annex-a")
@click.argument("output", type=click.Path())
@click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True,
              help="small: a small authority; large: a big city (tens of thousands of contacts).")
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed, same workbook.")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
def demo_annex_a(output: str, size: str, seed: int, force: bool) -> None:
    """Write a synthetic Annex A workbook (.xlsx, or a folder of CSV files for another name).

    Every child in it is invented. Beside it, OUTPUT's name with .expected.yaml holds the metric
    values an import must produce.
    """
    from selfeval.core.errors import SelfevalError
    from selfeval.sources.annexa.synthetic import AS_AT, CHILD_POPULATION
    from selfeval.sources.annexa.synthetic_sheets import write_synthetic

    if Path(output).exists() and not force:
        raise SelfevalError("the file already exists", file=output, hint="choose another name, or add --force")
    answers = write_synthetic(output, size, seed)
    click.echo(f"Wrote {output} (synthetic, {size}) and {answers}. Try:\n"
               f"  selfeval metrics from-annex-a {output} --as-at {AS_AT.isoformat()} "
               f"--authority \"Synthetic Borough\" --child-population {CHILD_POPULATION[size]} -o metrics.yaml\n"
               f"  selfeval check metrics.yaml", err=True)
