"""What every command shares: the error-to-exit-status mapping, common options, output."""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import click

from selfeval.core.errors import SelfevalError
from selfeval.core.files import write_atomic


class SelfevalGroup(click.Group):
    """Turns a :class:`SelfevalError` into one line on stderr and exit 2; a bug into exit 3."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SelfevalError as exc:
            click.echo(f"selfeval: {exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("selfeval: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
            if os.environ.get("SELFEVAL_DEBUG"):
                raise
            click.echo(f"selfeval: internal error (a bug in selfeval, please report it): "
                       f"{type(exc).__name__}: {exc}. Set SELFEVAL_DEBUG=1 for details.", err=True)
            ctx.exit(3)


def color_wanted(option: bool | None, output: str | None) -> bool:
    if output:
        return False
    if option is not None:
        return option
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def emit(text: str, output: str | None, color: bool = False) -> None:
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False, color=color)


rules_option = click.option(
    "--rules", "rules", multiple=True, type=click.Path(), metavar="PATH",
    help="Add rule packs from a YAML file or a folder (repeatable). Built-in packs load first; "
         "a rule id may not be defined twice.")
config_option = click.option(
    "--config", type=click.Path(dir_okay=False),
    help="Local settings file (default: selfeval.yaml beside each metrics file).")
no_settings_option = click.option("--no-settings", is_flag=True, help="Ignore local settings files.")
areas_option = click.option(
    "--areas", "areas", multiple=True, metavar="AREA[,AREA…]",
    help="Limit the report to these judgement areas (help_and_protection, children_in_care, "
         "care_leavers, leaders; 'care-leavers' works too) or themes, as a monitoring visit does. "
         "Comma-separated or repeated.")
builtin_option = click.option("--no-builtin", "no_builtin", is_flag=True,
                              help="Do not load the built-in rule packs (use only --rules); the "
                                   "built-in source and theme registries stay available to cite.")


def report_options(formats: dict[str, Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """-f/--format, -o/--output, --suppress and --color: the options every report command shares."""
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed([
            click.option("-f", "--format", "fmt", type=click.Choice(list(formats)),
                         help="Report format. Default: from the -o suffix (.md, .html, .json, .txt), else text."),
            click.option("-o", "--output", type=click.Path(dir_okay=False),
                         help="Write the report here (atomically) instead of to the screen."),
            click.option("--suppress", "suppress", type=click.IntRange(min=1), is_flag=False, flag_value=5,
                         default=None, metavar="[N]",
                         help="Suppress counts below N (default 5) and percentages of fewer than N "
                              "children, as official statistics do."),
            click.option("--color/--no-color", default=None,
                         help="Colour the text report (default: only on a terminal; NO_COLOR is honoured)."),
        ]):
            fn = option(fn)
        return fn
    return decorate
