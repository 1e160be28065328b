"""Click commands for case-audit spreadsheets: options in, library call, errors out."""

from __future__ import annotations

from pathlib import Path

import click

EXAMPLES = """
\b
Examples:
  selfeval template --audits -o audit.xlsx
  selfeval audits from-sheet audit.xlsx -o audits.yaml
  selfeval audits from-sheet audit.csv --format json
"""


@click.group()
def audits() -> None:
    """Case-file audit answers from the authority's own audit spreadsheet."""


@audits.command("from-sheet", epilog=EXAMPLES)
@click.argument("source", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the audits: block here (.yaml). Default: print it.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--strict", is_flag=True, help="Exit 2 (and write nothing) if any answer cannot be read.")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="json: print the counts, the sample and any data-quality finding as JSON.")
def from_sheet(source: str, output: str | None, force: bool, strict: bool, fmt: str) -> None:
    """Count case-audit answers in a spreadsheet (.xlsx or .csv): one row per audited case, one
    column per audit question.

    Columns are matched to the catalogue's audit questions by id, label or wording; answers are
    yes / partly / no / not applicable, or grades 1–4 (1–2 yes, 3 partly, 4 inadequate = no).
    An 'Audit date' column gives the sample's dates. Only counts are written: never a case
    reference, name or any other column.
    """
    from selfeval.core.errors import SelfevalError
    from selfeval.core.files import write_atomic
    from selfeval.sources.audit_sheet import read_audit_sheet, render_audits

    if output is not None:
        if Path(output).exists() and not force:
            raise SelfevalError("the file already exists", file=output, hint="choose another name, or add --force")
        if Path(output).suffix.lower() not in (".yaml", ".yml"):
            raise SelfevalError("the audits block should be written to a .yaml file", file=output)
    result = read_audit_sheet(source)
    if strict and result.problems:
        raise SelfevalError(f"{len(result.problems)} data-quality finding(s) (--strict); the first: "
                            f"{result.problems[0]}", file=source, hint="fix the cells, or run without --strict")
    if fmt == "json":
        import json

        click.echo(json.dumps({
            "source": Path(source).name, "cases": result.cases,
            "dates": {"first": result.first.isoformat() if result.first else None,
                      "last": result.last.isoformat() if result.last else None},
            "answers": result.answers, "reads": result.reads, "ignored_columns": len(result.ignored),
            "data_quality": result.problems}, indent=2, ensure_ascii=False))
        return
    text = render_audits(result, source_name=Path(source).name)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text)
    found = f" {len(result.problems)} answer column(s) with cells not read: see the file." if result.problems else ""
    click.echo(f"Wrote {output}: {len(result.answers)} audit questions from {result.cases} cases.{found} "
               "Paste its audits: block into your metrics file.", err=True)
