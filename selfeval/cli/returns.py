"""Click commands for the statutory returns: from-903, from-cin, from-workforce, merge, demo data.

Three commands rather than one ``metrics from SOURCE…``: each return has its own options (903
years and placement readings, CIN's previous census, the workforce caseload readings) and its own
as-at year (31 March or 30 September), so each gets a --help that lists only what applies, and a
wrong file is named as such ("this is a CIN census, use from-cin") instead of guessed at.
Registered on the ``metrics`` and ``demo`` groups; library code is imported inside each command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from selfeval.cli.annexa import demo, metrics
from selfeval.cli.common import checked_la_code, import_la_code_option


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date: write YYYY-MM-DD") from None


def _tolerances(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, float]:
    from selfeval.core import catalogue as cat

    out = {}
    for item in value:
        unit, sep, num = item.partition("=")
        if not sep or unit not in cat.UNITS:
            raise click.BadParameter(f"'{item}': write UNIT=N, UNIT one of {', '.join(cat.UNITS)}")
        try:
            out[unit] = float(num)
        except ValueError:
            raise click.BadParameter(f"'{item}': N should be a number") from None
    return out


as_at_option = click.option("--as-at", "as_at", callback=_date, metavar="DATE",
                            help="Count as at this date inside the return's year (YYYY-MM-DD). "
                                 "Default: the return's reference date.")
authority_option = click.option("--authority", required=True, help="The authority's name, as reports should show it.")
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False),
                             help="Write the metrics file here (.yaml). Default: print it.")
force_option = click.option("--force", is_flag=True, help="Replace the output file if it exists.")


def _done(result: object, output: str | None, authority: str, source_name: str, la_code: str | None) -> None:
    from selfeval.sources.computed import SourceResult
    from selfeval.sources.returnsfile import render

    assert isinstance(result, SourceResult)
    if output is None:
        click.echo(render(result, authority=authority, source_name=source_name, authority_code=la_code), nl=False)
    else:
        n = len(result.quality)
        given = " (and the child population given)" if result.counted < len(result.values) else ""
        click.echo(f"Wrote {output}: {result.counted} metrics from {result.source}{given}, "
                   f"{len(result.not_computed)} it could not give (the file says why)"
                   + (f"; {n} data-quality entries (see the file)" if n else "")
                   + f". Next: selfeval check {output}", err=True)


@metrics.command("from-903", epilog="""
\b
Examples:
  selfeval metrics from-903 ssda903_2025-26/ --authority "Exampleshire" -o 903.yaml
  selfeval metrics from-903 ssda903_2025-26/ ssda903_2024-25/ ssda903_2023-24/ \\
      --authority "Exampleshire" --child-population 98000 -o 903.yaml
  selfeval metrics from-903 903_2025-26.xml --as-at 2025-12-31 --authority "Exampleshire" -o 903-q3.yaml
""")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@authority_option
@as_at_option
@click.option("--child-population", type=click.IntRange(min=1), metavar="N",
              help="Children aged 0–17 in the authority (ONS mid-year estimate): written as child_population_under_18, "
                   "and gives children looked after per 10,000 and the per-10,000 rules.")
@click.option("--count-same-carer-changes", is_flag=True,
              help="Count a new placement with the same carers (RNE T or U) as a placement move.")
@click.option("--exclude-temporary-placements", is_flag=True,
              help="Do not count temporary placements (T0–T4) as placements.")
@click.option("--sdq-ages", type=click.Choice(["return", "published"]), default="return", show_default=True,
              help="SDQ age band: the return's (4+ at 1 April, under 17) or DfE's published tables' (5–16).")
@click.option("--adoption-measure", type=click.Choice(["a1", "a10"]), default="a1", show_default=True,
              help="A1, or A10 (foster-carer adoptions timed from the same-carer spell).")
@click.option("--nreq-in-touch", is_flag=True, help="Count care leavers who no longer require services (NREQ) as in touch.")
@import_la_code_option
@output_option
@force_option
def from_903(paths: tuple[str, ...], authority: str, as_at: dt.date | None, child_population: int | None,
             count_same_carer_changes: bool, exclude_temporary_placements: bool, sdq_ages: str,
             adoption_measure: str, nreq_in_touch: bool, la_code: str | None, output: str | None, force: bool) -> None:
    """Compute catalogue metrics from SSDA903 returns (a folder of CSV tables, or the XML).

    Give the newest return, and the two before it for long-term stability and adoption A1/A2
    (more earlier years let more adopted children be timed). Each CSV is recognised by its
    headers, as DfE's validator does; each return's year by its latest episode date. Where
    DfE's counting rule is not established the file states the reading used beside the value,
    and an option here takes the other. Only totals are written: no child identifier or date.
    """
    from selfeval.sources.ssda903.options import Options903
    from selfeval.sources.ssda903.run import metrics_from_903

    opts = Options903(as_at=as_at, child_population=child_population,
                      count_same_carer_changes=count_same_carer_changes,
                      exclude_temporary_placements=exclude_temporary_placements,
                      sdq_ages=sdq_ages, adoption_measure=adoption_measure,  # type: ignore[arg-type]
                      nreq_in_touch=nreq_in_touch)
    la_code = checked_la_code(la_code)
    result = metrics_from_903(list(paths), output, authority=authority, options=opts, overwrite=force,
                              authority_code=la_code)
    _done(result, output, authority, Path(paths[0]).name, la_code)


@metrics.command("from-cin", epilog="""
\b
Examples:
  selfeval metrics from-cin cin_2025-26.xml --previous cin_2024-25.xml --authority "Exampleshire" -o cin.yaml
""")
@click.argument("path", type=click.Path())
@click.option("--previous", type=click.Path(), metavar="FILE",
              help="Last year's census, so re-referrals see referrals that closed before 1 April.")
@authority_option
@as_at_option
@click.option("--assessment-from", type=click.Choice(["start", "referral"]), default="start", show_default=True,
              help="Time assessments from their start date or from the referral date.")
@click.option("--cp-repeat-count", type=click.Choice(["plans", "children"]), default="plans", show_default=True,
              help="Second or subsequent plans: count plans, or children (by their first plan in the year).")
@click.option("--cp-reviews-include-ended", is_flag=True,
              help="Also judge review timeliness for plans that ended in the year.")
@click.option("--re-referral-boundary", type=click.Choice(["inclusive", "exclusive"]), default="inclusive",
              show_default=True, help="Whether a referral exactly 12 months before counts.")
@click.option("--count-start-day", is_flag=True, help="Count the start day as working day 1 (default: day 0).")
@import_la_code_option
@output_option
@force_option
def from_cin(path: str, previous: str | None, authority: str, as_at: dt.date | None, assessment_from: str,
             cp_repeat_count: str, cp_reviews_include_ended: bool, re_referral_boundary: str,
             count_start_day: bool, la_code: str | None, output: str | None, force: bool) -> None:
    """Compute catalogue metrics from the children in need census (XML).

    Re-referrals need last year's census too (--previous); without it the figure is marked as a
    lower bound. Judgement calls are stated beside each value, with the option for the other
    reading. Only totals are written: no child identifier or date.
    """
    from selfeval.sources.cin.counting import OptionsCin
    from selfeval.sources.cin.run import metrics_from_cin

    opts = OptionsCin(as_at=as_at, assessment_from=assessment_from,  # type: ignore[arg-type]
                      cp_repeat=cp_repeat_count, cp_reviews_include_ended=cp_reviews_include_ended,  # type: ignore[arg-type]
                      re_referral_boundary=re_referral_boundary, count_start_day=count_start_day)  # type: ignore[arg-type]
    la_code = checked_la_code(la_code)
    result = metrics_from_cin(path, output, authority=authority, options=opts, previous=previous, overwrite=force,
                              authority_code=la_code)
    _done(result, output, authority, Path(path).name, la_code)


@metrics.command("from-workforce", epilog="""
\b
Examples:
  selfeval metrics from-workforce csww_2025.xml --authority "Exampleshire" -o workforce.yaml
""")
@click.argument("path", type=click.Path())
@authority_option
@as_at_option
@click.option("--caseload-permanent-only", is_flag=True, help="Leave agency workers out of caseloads.")
@click.option("--case-holder-by-role", is_flag=True,
              help="A case holder is OrgRole 5, not any worker holding a case at 30 September.")
@import_la_code_option
@output_option
@force_option
def from_workforce(path: str, authority: str, as_at: dt.date | None, caseload_permanent_only: bool,
                   case_holder_by_role: bool, la_code: str | None, output: str | None, force: bool) -> None:
    """Compute catalogue metrics from the children's social work workforce census (XML).

    Agency rate, turnover and vacancy rate by DfE's published formulas (FTE); caseloads at 30
    September. Only totals are written: no worker's registration number or date of birth.
    """
    from selfeval.sources.returnsfile import check_output, write
    from selfeval.sources.workforce.counting import OptionsWorkforce, compute
    from selfeval.sources.workforce.read import read_workforce

    check_output(output, force)
    la_code = checked_la_code(la_code)
    opts = OptionsWorkforce(as_at=as_at, caseload_workers="permanent" if caseload_permanent_only else "all",
                            case_holder="role" if case_holder_by_role else "cases")
    result = compute(read_workforce(path), opts)
    if output is not None:
        write(result, output, authority=authority, source_name=Path(path).name, authority_code=la_code)
    _done(result, output, authority, Path(path).name, la_code)


@metrics.command("merge", epilog="""
\b
Examples:
  selfeval metrics merge annex-a.yaml 903.yaml cin.yaml workforce.yaml audits.yaml -o metrics.yaml
  selfeval metrics merge 903.yaml annex-a.yaml --tolerance percent=2 -o metrics.yaml
""")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The merged metrics file (.yaml).")
@click.option("--authority", help="The authority's name, if the files spell it differently.")
@click.option("--tolerance", "tolerance", multiple=True, callback=_tolerances, metavar="UNIT=N",
              help="Largest difference that still counts as agreement, per unit (defaults: percent=1, "
                   "per_10k=1, days=5, weeks=1, number=0.5, count=0, gbp=0). Repeatable.")
@force_option
def merge_cmd(files: tuple[str, ...], output: str, authority: str | None, tolerance: dict[str, float],
              force: bool) -> None:
    """Combine metrics files (Annex A, the returns, an audit sheet) into one, keeping provenance.

    The first file on the command line wins where two give the same metric; the other value is
    written beside it, and any difference beyond the tolerance is reported here, in the file's
    header and in its notes (which the reports show). Nothing is overwritten silently.
    """
    import selfeval.api  # noqa: F401  (registers the metrics-workbook reader, so .xlsx inputs merge too)
    from selfeval.sources.merge import write_merged

    m = write_merged(list(files), output, authority=authority, tolerance=tolerance, overwrite=force)
    for d in m.differences:
        click.echo(f"selfeval: sources differ: {d}", err=True)
    for w in m.warnings:
        click.echo(f"selfeval: not merged: {w}", err=True)
    click.echo(f"Wrote {output}: {m.metrics} metrics from {len(m.sources)} files; {len(m.agreements)} "
               f"given twice and agreeing, {len(m.differences)} differences beyond tolerance. "
               f"Next: selfeval check {output}", err=True)


size_option = click.option("--size", type=click.Choice(["small", "large"]), default="small", show_default=True,
                           help="small: a small authority; large: a big city.")
seed_option = click.option("--seed", type=int, default=2026, show_default=True, help="Same seed, same data.")


def _fresh(out: str, force: bool) -> None:
    from selfeval.core.errors import SelfevalError

    p = Path(out)
    if p.exists() and any(p.iterdir()) and not force:
        raise SelfevalError("the folder exists and is not empty", file=out, hint="choose another name, or add --force")


@demo.command("903")
@click.argument("output", type=click.Path(file_okay=False))
@size_option
@seed_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xml"]), default="csv", show_default=True)
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def demo_903(output: str, size: str, seed: int, fmt: str, force: bool) -> None:
    """Write five years of synthetic SSDA903 returns (2021/22–2025/26) and their known answers.

    Every child is invented (large: about 1,500 looked after at 31 March).
    """
    from selfeval.sources.ssda903.synthetic import CHILD_POPULATION
    from selfeval.sources.ssda903.synthetic_write import write_synthetic

    _fresh(output, force)
    paths, answers = write_synthetic(output, size, seed, fmt)
    newest_first = " ".join(str(p) for p in reversed(paths))
    click.echo(f"Wrote {len(paths)} synthetic returns under {output} and {answers}. Try:\n"
               f"  selfeval metrics from-903 {newest_first} --authority \"Synthetic Borough\" "
               f"--child-population {CHILD_POPULATION[size]} -o 903.yaml", err=True)


@demo.command("cin")
@click.argument("output", type=click.Path(file_okay=False))
@size_option
@seed_option
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def demo_cin(output: str, size: str, seed: int, force: bool) -> None:
    """Write synthetic CIN censuses (2025/26 and 2024/25) and their known answers.

    Every child is invented (large: about 15,000 children in need in the year).
    """
    from selfeval.sources.cin.synthetic_write import write_synthetic

    _fresh(output, force)
    cur, prev, answers = write_synthetic(output, size, seed)
    click.echo(f"Wrote {cur}, {prev} and {answers}. Try:\n  selfeval metrics from-cin {cur} --previous {prev} "
               f"--authority \"Synthetic Borough\" -o cin.yaml", err=True)


@demo.command("workforce")
@click.argument("output", type=click.Path(file_okay=False))
@size_option
@seed_option
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def demo_workforce(output: str, size: str, seed: int, force: bool) -> None:
    """Write a synthetic workforce census (30 September 2025) and its known answers.

    Every worker is invented (large: about 1,200 social workers).
    """
    from selfeval.sources.workforce.synthetic import write_synthetic

    _fresh(output, force)
    path, answers = write_synthetic(output, size, seed)
    click.echo(f"Wrote {path} and {answers}. Try:\n  selfeval metrics from-workforce {path} "
               f"--authority \"Synthetic Borough\" -o workforce.yaml", err=True)
