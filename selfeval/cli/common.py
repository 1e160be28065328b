"""What every command shares: the error-to-exit-status mapping, common options, output."""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import click

from selfeval.core.errors import SelfevalError
from selfeval.core.files import check_output, forget_inputs, write_atomic
from selfeval.core.textsafe import quote, visible


class SelfevalGroup(click.Group):
    """Turns a :class:`SelfevalError` into one line on stderr and exit 2; a bug into exit 3.

    click's own checks (an unknown option, a missing argument) are one line too, in the same
    form, instead of click's usage block. ``lazy_commands`` (name -> "module:attribute") are
    imported only when named or listed, so a command starts without loading the others' code.
    """

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is not None and cmd_name not in self.commands:
            import importlib

            module, attr = target.split(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        forget_inputs()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else (prog_name or "selfeval")
            click.echo(f"selfeval: {visible(exc.format_message()).rstrip('.')} — see '{command} --help'", err=True)
            sys.exit(2)
        except click.exceptions.ClickException as exc:
            click.echo(f"selfeval: {visible(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("selfeval: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `selfeval check … | head`: the reader has gone, say nothing
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - stop Python's own complaint at exit
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SelfevalError as exc:
            click.echo(f"selfeval: {exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                KeyboardInterrupt, BrokenPipeError):
            raise
        except MemoryError:
            click.echo("selfeval: out of memory: is this the right file? Metrics, settings and "
                       "rule files are a few kilobytes", err=True)
            ctx.exit(2)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
            if os.environ.get("SELFEVAL_DEBUG"):
                raise
            click.echo(f"selfeval: internal error (a bug in selfeval, please report it): "
                       f"{type(exc).__name__}: {quote(exc, 200)}. Set SELFEVAL_DEBUG=1 for details.",
                       err=True)
            ctx.exit(3)


def color_wanted(option: bool | None, output: str | None) -> bool:
    if output:
        return False
    if option is not None:
        return option
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def inputs_of(files: tuple[str, ...], config: str | None, rules: tuple[str, ...],
              use_settings: bool = True) -> list[str]:
    """Every file a report command may read: for the output check before anything is read."""
    from pathlib import Path

    found = [*files, *([config] if config else [])]
    if use_settings and not config:
        found += [str(Path(f).parent / "selfeval.yaml") for f in files]
    for r in rules:
        p = Path(r)
        found += [str(x) for x in p.rglob("*.y*ml")] if p.is_dir() else [r]
    return found


def refuse_bad_output(output: str | None, files: tuple[str, ...], config: str | None = None,
                      rules: tuple[str, ...] = (), use_settings: bool = True) -> None:
    """Exit 2 before anything is read if ``-o`` names an input, a device or a special file."""
    check_output(output, inputs_of(files, config, rules, use_settings))


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
import_la_code_option = click.option(
    "--la-code", "la_code", metavar="CODE",
    help="DfE's LA code (e.g. 340 or E08000011), written as authority_code: the reports then show "
         "the authority's published figures and its statistical neighbours beside England.")
"""--la-code on the importers (the check and compare commands take theirs from comparator_options)."""


def checked_la_code(code: str | None) -> str | None:
    """An importer's --la-code, checked before anything is read (a wrong one: exit 2), as DfE's
    three-digit code."""
    if code is None:
        return None
    from selfeval.core.comparators import authority

    return authority(code, file="--la-code").code


def comparator_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--la-code and --benchmarks: comparators beside England in every report."""
    fn = click.option("--benchmarks", "benchmarks", type=click.Path(dir_okay=False), default=None,
                      help="Your comparator file (YAML or CSV, e.g. a LAIT or regional benchmarking export): "
                           "its groups are shown beside England and 'worse_than' rules may compare with them. "
                           "See examples/comparators/regional-benchmarking.yaml.")(fn)
    return click.option("--la-code", "la_code", default=None, metavar="CODE",
                        help="DfE's LA code (e.g. 340 or E08000011; overrides the metrics file's "
                             "authority_code): show the authority's published figures, its statistical "
                             "neighbours' average and its region beside England.")(fn)


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
