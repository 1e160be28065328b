"""Command line: parse options, call the library, map errors to exit codes. No logic here.

Exit status: 0 nothing at or above --fail-on; 1 gaps at or above it (or failing rule tests);
2 bad input or usage; 3 a bug in selfeval.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from selfeval import __version__
from selfeval.cli.common import (
    SelfevalGroup,
    areas_option,
    builtin_option,
    color_wanted,
    comparator_options,
    config_option,
    emit,
    no_settings_option,
    refuse_bad_output,
    report_options,
    rules_option,
)
from selfeval.core.errors import SelfevalError
from selfeval.core.failon import FAIL_ON
from selfeval.core.files import write_atomic
from selfeval.render import formats

if TYPE_CHECKING:
    from selfeval.core.check import Options

# What a command needs is imported inside it (the report models, Jinja2, the rule packs), so that
# an importer's command (`selfeval metrics from-903 …`) starts without loading what it never uses.


def check_files(files: tuple[str, ...], opts: Options) -> list[object]:
    """The library call behind ``check`` (a seam the tests can replace)."""
    from selfeval import api

    return api.check_files(files, opts)  # type: ignore[return-value]


EXAMPLES = """
\b
Examples:
  selfeval check examples/metrics.yaml
  selfeval check metrics.yaml --format html -o report.html
  selfeval check metrics.yaml --fail-on serious --rules local-rules/
  selfeval check metrics.yaml --areas care-leavers,leaders
  selfeval compare last-year.yaml this-year.yaml -o progress.html
  selfeval compare metrics.yaml            (against its own 'previous:' block)
  selfeval draft metrics.yaml -o sef.docx
  selfeval template -o metrics.yaml
  selfeval template --format xlsx -o metrics.xlsx
  selfeval metrics from-annex-a "Annex A.xlsx" --as-at 2026-09-30 --authority NAME -o metrics.yaml
  selfeval demo annex-a demo.xlsx
  selfeval audits from-sheet audit.xlsx -o audits.yaml
  selfeval rules list
  selfeval rules show hp-assessment-timeliness
"""


@click.group(cls=SelfevalGroup, epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]},
             lazy_commands={"rules": "selfeval.cli.rules:rules", "audits": "selfeval.cli.audits:audits",
                            # (the return importers' module adds its commands to the Annex A module's groups)
                            "metrics": "selfeval.cli.returns:metrics", "demo": "selfeval.cli.returns:demo"})
@click.version_option(__version__, prog_name="selfeval")
def cli() -> None:
    """Check a local authority's children's social care evidence against ILACS expectations.

    Write your metrics, case-audit answers and facts in a metrics.yaml (start from
    `selfeval template`), then run `selfeval check metrics.yaml` for a gap report. Every gap
    comes from a rule that cites the inspection findings behind it.

    Exit status: 0 no gaps at or above --fail-on, 1 gaps found, 2 bad input or usage,
    3 a bug in selfeval.
    """


SETTINGS_HELP = """
\b
Local settings (selfeval.yaml beside the metrics file, or --config FILE) may change a rule's
threshold, mark a rule not applicable, or waive a gap as an accepted risk, each with a reason;
reports always show what was changed. Precedence, lowest first: built-in packs; packs added with
--rules (new rules only); the settings file (rule changes, and defaults for --fail-on and
--suppress); options given on the command line.
"""


@cli.command(epilog=SETTINGS_HELP + EXAMPLES)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@report_options(formats.FORMATS)
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="Exit 1 when any rule is at least this severe (default: the settings file's, else concern). Waived gaps do not count.")
@click.option("--summary", is_flag=True, help="With several files: one matrix of rules × files, each cell a status.")
@click.option("--detail", "-v", "detail", is_flag=True,
              help="Every finding in full: thresholds, reasons, sources and all other authorities' "
                   "inspection findings (default: one line per gap on screen, a summary first in files).")
@config_option
@no_settings_option
@areas_option
@comparator_options
@rules_option
@builtin_option
def check(files: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None,
          suppress: int | None, summary: bool, detail: bool, config: str | None, no_settings: bool,
          color: bool | None, areas: tuple[str, ...], la_code: str | None, benchmarks: str | None,
          rules: tuple[str, ...], no_builtin: bool) -> None:
    """Check FILE (a metrics.yaml, or several) and report gaps against the rule packs."""
    from selfeval.core.check import Options
    from selfeval.render import templates as render

    refuse_bad_output(output, files, config, rules, not no_settings)
    opts = Options(rules=tuple(rules), builtin=not no_builtin, suppress_below=suppress, config=config,
                   use_settings=not no_settings, areas=tuple(areas), la_code=la_code, benchmarks=benchmarks)
    from selfeval import api

    # a summary shows only statuses: it skips building every rule's explanation
    reports: list[api.Report] = (api.check_statuses(files, opts) if summary  # type: ignore[assignment]
                                 else check_files(files, opts))
    fmt = render.format_for(output, fmt)
    use_color = color_wanted(color, output) and fmt == "text"
    if summary or len(files) > 1:
        if not summary and (output or fmt in ("html", "json")):
            raise click.UsageError("several files make one report only with --summary; "
                                   "or check one file at a time")
        if summary:
            data = api.summary(reports)
            emit(render.render(data, fmt, color=use_color, templates=render.SUMMARY_FORMATS), output, use_color)
        else:
            emit("\n".join(render.render(r.data, fmt, color=use_color, detail=detail) for r in reports),
                 output, use_color)
    else:
        emit(render.render(reports[0].data, fmt, color=use_color, detail=detail), output, use_color)
    sys.exit(max(r.exit_status(fail_on or r.default_fail_on) for r in reports))


@cli.command(epilog=SETTINGS_HELP + EXAMPLES)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="BEFORE [AFTER]")
@report_options(formats.COMPARE_FORMATS)
@config_option
@no_settings_option
@areas_option
@comparator_options
@rules_option
@builtin_option
def compare(files: tuple[str, ...], fmt: str | None, output: str | None, suppress: int | None,
            config: str | None, no_settings: bool, color: bool | None, areas: tuple[str, ...],
            la_code: str | None, benchmarks: str | None, rules: tuple[str, ...], no_builtin: bool) -> None:
    """Show progress between two periods: gaps closed, persisting and new, and how each measure moved.

    Give two metrics files (the earlier one first), or one file with a 'previous:' block to
    compare it with its own previous period. Both periods are checked against the same rule
    packs. Exit status 0 (2 on bad input): this is a report, not a gate.
    """
    if len(files) > 2:
        raise click.UsageError("give one or two metrics files: BEFORE AFTER, or one file with a 'previous:' block")
    from selfeval.core.check import Options
    from selfeval.render import templates as render

    refuse_bad_output(output, files, config, rules, not no_settings)
    opts = Options(rules=tuple(rules), builtin=not no_builtin, areas=tuple(areas), config=config,
                   use_settings=not no_settings, suppress_below=suppress, la_code=la_code, benchmarks=benchmarks)
    from selfeval import api

    result = api.compare(files[0], files[1] if len(files) == 2 else None, opts)
    fmt = render.format_for(output, fmt)
    use_color = color_wanted(color, output) and fmt == "text"
    emit(render.render(result.data, fmt, color=use_color, templates=render.COMPARE_FORMATS), output, use_color)


@cli.command(epilog=SETTINGS_HELP + EXAMPLES)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the draft here: .docx for Word, .md for Markdown. Without -o, Markdown goes to the screen.")
@click.option("-f", "--format", "fmt", type=click.Choice(list(formats.DRAFT_FORMATS)),
              help="docx or markdown. Default: from the -o suffix.")
@click.option("--force", is_flag=True,
              help="Replace the output file if it exists. Without it selfeval will not overwrite a draft you may have edited.")
@click.option("--with-positions", "with_positions", is_flag=True,
              help="State each area's indicative position (labelled indicative). Left out by default: "
                   "the draft is written for Ofsted to read.")
@click.option("--suppress", "suppress", type=click.IntRange(min=1), is_flag=False, flag_value=5, default=None,
              metavar="[N]", help="Suppress counts below N (default 5) and percentages of fewer than N children.")
@config_option
@no_settings_option
@areas_option
@comparator_options
@rules_option
@builtin_option
def draft(file: str, output: str | None, fmt: str | None, force: bool, with_positions: bool,
          suppress: int | None, config: str | None, no_settings: bool, areas: tuple[str, ...],
          la_code: str | None, benchmarks: str | None, rules: tuple[str, ...], no_builtin: bool) -> None:
    """Draft a self-evaluation from FILE: for each judgement area, what we know, how we know it,
    and our plans.

    It opens with the context (places marked [To complete: …] for what selfeval cannot know);
    per area a short self-assessment, 3–6 ranked strengths (met, and no worse than England's
    figure of the same year) and priorities, each reading the metric and the audit together;
    "How do we know" describes the quality assurance behind the figures; the plans are an
    improvement plan with [owner], [date] and [target] to fill in. The data table and the
    evidence plan are appendices. No rule ids, and no indicative positions unless
    --with-positions. Word output (-o sef.docx) uses Word's heading styles and real tables.
    Exit status 0 (2 on bad input).
    """
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = formats.DRAFT_SUFFIXES.get(suffix) if output else "markdown"
        if fmt is None:
            raise SelfevalError(f"cannot tell the format from the name '{Path(str(output)).name}'",
                                hint="name the file .docx or .md, or give -f docx or -f markdown")
    if fmt == "docx" and not output:
        raise SelfevalError("a Word document cannot be shown on the screen", hint="add -o sef.docx")
    from selfeval.core.check import Options

    refuse_bad_output(output, (file,), config, rules, not no_settings)
    if output and Path(output).exists() and not force:
        raise SelfevalError("the file already exists", file=output,
                            hint="selfeval will not overwrite a draft you may have edited: choose "
                                 "another name, or add --force to replace it")
    opts = Options(rules=tuple(rules), builtin=not no_builtin, suppress_below=suppress,
                   areas=tuple(areas), config=config, use_settings=not no_settings, la_code=la_code,
                   benchmarks=benchmarks)
    from selfeval import api

    result = api.draft(file, opts, with_positions=with_positions)
    if fmt == "docx":
        write_atomic(str(output), api.draft_docx(result))
    else:
        emit(api.draft_markdown(result), output)


# ------------------------------------------------------------------------------------- rules
@cli.command()
@click.argument("name", type=click.Choice(["metrics", "rules", "report", "compare"]))
def schema(name: str) -> None:
    """Print a JSON Schema (for editors: point your YAML extension at the metrics schema)."""
    from selfeval.core import schemas

    click.echo(json.dumps(schemas.load(name), indent=2, ensure_ascii=False))


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of the screen.")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "xlsx"]),
              help="yaml (default) or xlsx: an Excel workbook with one row per catalogue entry and "
                   "data validation for each unit. Default: from the -o suffix.")
@click.option("--audits", "audit_sheet", is_flag=True,
              help="Instead, a case-audit spreadsheet (-o audit.xlsx or .csv): one row per case, one "
                   "column per audit question, for 'selfeval audits from-sheet'.")
def template(output: str | None, fmt: str | None, audit_sheet: bool) -> None:
    """Write a blank metrics file (YAML or Excel) listing every catalogue entry with its unit and definition.

    Fill it in and run `selfeval check` on it: `selfeval check metrics.xlsx` reads the Excel
    workbook, and names the sheet and cell of any problem. With --audits, write a case-audit
    spreadsheet instead.
    """
    if output and Path(output).exists():
        raise SelfevalError("the file already exists", file=output, hint="choose another name; selfeval never overwrites your metrics")
    if audit_sheet:
        if not output or Path(output).suffix.lower() not in (".xlsx", ".csv"):
            raise click.UsageError("an audit spreadsheet needs -o FILE.xlsx (or FILE.csv)")
        from selfeval.sources.audit_sheet import write_audit_template

        write_audit_template(output)
        click.echo(f"Wrote {output}: one row per audited case. Then: selfeval audits from-sheet {output}", err=True)
        return
    fmt = fmt or ("xlsx" if output and Path(output).suffix.lower() == ".xlsx" else "yaml")
    if fmt == "xlsx":
        if not output:
            raise click.UsageError("an Excel template needs -o FILE.xlsx")
        if Path(output).suffix.lower() != ".xlsx":
            raise SelfevalError("an Excel template should end in .xlsx", file=output)
        from selfeval.sources.metrics_workbook import write_template

        write_template(output)
        click.echo(f"Wrote {output}. Fill in the yellow cells, then: selfeval check {output}", err=True)
        return
    from selfeval import api

    emit(api.metrics_template(Path(output).name if output else "metrics.yaml"), output)
