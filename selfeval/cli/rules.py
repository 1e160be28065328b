"""`selfeval rules`: list, explain, lint, test and show coverage of rule packs."""

from __future__ import annotations

import sys

import click

from selfeval.cli.common import SelfevalGroup, builtin_option, rules_option
from selfeval.core import catalogue as cat
from selfeval.core import packs as packs_mod
from selfeval.core.errors import SelfevalError
from selfeval.render import templates as render


@click.group(cls=SelfevalGroup)
def rules() -> None:
    """List, explain, lint and test rule packs."""


@rules.command("list")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--area", type=click.Choice(list(cat.AREAS)), help="Only rules of this judgement area.")
@rules_option
@builtin_option
def rules_list(fmt: str, area: str | None, rules: tuple[str, ...], no_builtin: bool) -> None:
    """List every rule: id, area, levels and title (json adds themes and citations)."""
    from selfeval.reports import rulesview

    rs = packs_mod.load(rules, builtin=not no_builtin)
    items = [r for r in rs.rules.values() if area is None or r.area == area]
    if fmt == "json":
        click.echo(render.to_json([rulesview.summary(r) for r in items]), nl=False)
    else:
        click.echo(rulesview.list_text(items), nl=False)


@rules.command("show")
@click.argument("rule_id")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@rules_option
@builtin_option
def rules_show(rule_id: str, fmt: str, rules: tuple[str, ...], no_builtin: bool) -> None:
    """Explain one rule: expectation, conditions, thresholds with rationale, sources, action."""
    from selfeval.reports import rulesview

    rs = packs_mod.load(rules, builtin=not no_builtin)
    rule = rs.rule(rule_id)
    if fmt == "json":
        click.echo(render.to_json(rulesview.detail(rule, rs)), nl=False)
    else:
        click.echo(render.render_template("rule.txt.j2", rule=rulesview.detail(rule, rs)), nl=False)


@rules.command("lint")
@rules_option
@builtin_option
def rules_lint(rules: tuple[str, ...], no_builtin: bool) -> None:
    """Check packs against the schema and for unknown ids, sources, duplicates and thresholds."""
    from selfeval.core import selftest

    rs, problems = packs_mod.load_and_lint(rules, builtin=not no_builtin)
    for rule in rs.rules.values():
        for want in selftest.missing_cases(rule):
            problems.append(SelfevalError(f"rule '{rule.id}' has no case expecting '{want}'",
                                          file=rule.file, hint="add a case to its 'cases'"))
    for p in problems:
        click.echo(str(p), err=True)
    n_rules = len(rs.rules)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len(rs.packs)} pack(s), {n_rules} rules", err=True)
        sys.exit(2)
    click.echo(f"{len(rs.packs)} pack(s), {n_rules} rules: no problems")


@rules.command("test")
@click.option("-v", "--verbose", is_flag=True, help="List every case, not only failures.")
@rules_option
@builtin_option
def rules_test(verbose: bool, rules: tuple[str, ...], no_builtin: bool) -> None:
    """Run every rule's own cases; exit 1 if any case gets another status than it expects."""
    from selfeval.core import selftest

    rs = packs_mod.load(rules, builtin=not no_builtin)
    passed = failed = 0
    for res in selftest.run(rs, cat.load()):
        if res.passed:
            passed += 1
            if verbose:
                click.echo(f"ok    {res.id}")
        else:
            failed += 1
            click.echo(f"FAIL  {res.id}: expected {res.case.expect}, got {res.got}")
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


@rules.command("coverage")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@rules_option
@builtin_option
def rules_coverage(fmt: str, rules: tuple[str, ...], no_builtin: bool) -> None:
    """List each theme with the rules that check it; exit 1 if a registered theme has none."""
    from selfeval.reports import rulesview

    rs = packs_mod.load(rules, builtin=not no_builtin)
    cover = rulesview.coverage(rs)
    if fmt == "json":
        click.echo(render.to_json(cover), nl=False)
    else:
        click.echo(rulesview.coverage_text(cover), nl=False)
    sys.exit(1 if any(not t["rules"] and t.get("evidence") != "none" for t in cover["themes"]) else 0)


# ------------------------------------------------------------------------------ schema, template
