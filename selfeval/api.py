"""The library surface: what the CLI, the web edition and any other front end call.

Each function takes evidence (a path, or the file's bytes with its name) and returns plain models
or text. Nothing here uses click, writes to a terminal or writes a file: callers decide where the
output goes (``selfeval.core.files.write_atomic`` writes it atomically). Anything the user can fix
raises :class:`~selfeval.core.errors.SelfevalError`, whose ``str()`` is the one-line message.

Importers, compare, the draft and Word are imported only when asked for, so checking a YAML file
loads none of them.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Union

from selfeval.core import catalogue as cat
from selfeval.core import submission, yamlsafe
from selfeval.core.check import Options, load_rules, settings_for
from selfeval.core.errors import SelfevalError
from selfeval.core.evidence import Submission
from selfeval.render import templates
from selfeval.reports.check import check_submission
from selfeval.reports.report import Report

if TYPE_CHECKING:
    from selfeval.reports.compare import Comparison
    from selfeval.reports.draft import Draft
    from selfeval.sources.annexa.compute import Result as AnnexAResult
    from selfeval.sources.computed import SourceResult
    from selfeval.sources.merge import Merged

__all__ = [
    "Options", "Report", "SelfevalError", "Submission", "check", "check_files", "check_statuses", "compare",
    "draft", "draft_docx", "draft_markdown", "import_annex_a", "load_submission", "metrics_template",
    "metrics_yaml_from_annex_a", "render", "summary",
    "import_903", "import_cin", "import_workforce", "metrics_yaml_from_return", "merge_metrics",
]

Source = Union[str, Path, bytes]
"""A metrics file: its path, or its bytes (then ``name`` says what it was called)."""


def _read_workbook(path: Path) -> tuple[Any, Any]:
    from selfeval.sources.metrics_workbook import read_metrics_xlsx

    return read_metrics_xlsx(path)


submission.LOADERS.update({".xlsx": _read_workbook, ".xlsm": _read_workbook})


def load_submission(source: Source, *, name: str | None = None,
                    catalogue: cat.Catalogue | None = None) -> Submission:
    """Read and validate one metrics file (YAML or the metrics workbook)."""
    if not isinstance(source, bytes):
        return submission.load(source, catalogue)
    label = name or "metrics.yaml"
    if Path(label).suffix.lower() in (".xlsx", ".xlsm"):
        from selfeval.sources.metrics_workbook import read_metrics_xlsx

        raw, locator = read_metrics_xlsx(io.BytesIO(source), file=label)
        return submission.parse(raw, file=label, locator=locator, catalogue=catalogue)
    raw, marks = yamlsafe.loads_bytes(source, label)
    return submission.parse(raw, file=label, locator=marks, catalogue=catalogue)


def check(source: Source, options: Options | None = None, *, name: str | None = None) -> Report:
    """Check one metrics file against the rule packs; the gap report model.

    Local settings (``selfeval.yaml``) are looked up beside a path; given bytes, only
    ``options.config`` is used.
    """
    opts = options or Options()
    c = cat.load()
    ruleset = load_rules(opts, c)
    sub = load_submission(source, name=name, catalogue=c)
    where = source if not isinstance(source, bytes) else Path(name or "metrics.yaml")
    local = settings_for(where, ruleset, opts) if (not isinstance(source, bytes) or opts.config) \
        else settings_for(where, ruleset, Options(use_settings=False))
    return check_submission(sub, ruleset, opts, c, local)


def check_files(paths: Iterable[str | Path], options: Options) -> list[Report]:
    """Check several metrics files against one load of the rule packs."""
    c = cat.load()
    ruleset = load_rules(options, c)
    out = []
    for p in paths:
        sub = load_submission(p, catalogue=c)
        out.append(check_submission(sub, ruleset, options, c, settings_for(p, ruleset, options)))
    return out


def check_statuses(paths: Iterable[str | Path], options: Options) -> list[Report]:
    """Status-only reports of several files (each finding's status, no explanation): what
    :func:`summary` and the exit status need, several times faster than :func:`check_files`."""
    from selfeval.reports.status_report import check_statuses as one

    c = cat.load()
    ruleset = load_rules(options, c)
    return [one(load_submission(p, catalogue=c), ruleset, options, c, settings_for(p, ruleset, options))
            for p in paths]


def render(data: dict[str, Any], fmt: str, *, color: bool = False,
           formats: dict[str, str | None] | None = None, detail: bool = False) -> str:
    """A report model (``Report.data``, a comparison's or a summary's data) in a format;
    ``detail``: a gap report with every finding in full rather than the summary view."""
    return templates.render(data, fmt, color=color, templates=formats, detail=detail)


def summary(reports: list[Report]) -> dict[str, Any]:
    """One matrix of rules × files (``selfeval check --summary``)."""
    from selfeval.reports import matrix

    return matrix.build(reports)


def compare(before: str | Path, after: str | Path | None, options: Options) -> Comparison:
    """Progress between two metrics files, or one file and its own ``previous:`` block."""
    from selfeval.reports import compare as compare_mod

    c = cat.load()
    ruleset = load_rules(options, c)
    files = [before] if after is None else [before, after]
    subs = [load_submission(f, catalogue=c) for f in files]
    b, a = (subs[0], subs[1]) if len(subs) == 2 else (compare_mod.previous_of(subs[0]), subs[0])
    local = [settings_for(f, ruleset, options) for f in (files[0], files[-1])]
    return compare_mod.build(b, a, ruleset, options, c, local=(local[0], local[1]))


def draft(source: Source, options: Options | None = None, *, name: str | None = None,
          with_positions: bool = False) -> Draft:
    """The self-evaluation draft model for one metrics file (``with_positions``: each area's
    indicative position is stated, labelled indicative; by default the draft leaves them out)."""
    from selfeval.reports import draft as draft_mod

    opts = options or Options()
    c = cat.load()
    ruleset = load_rules(opts, c)
    sub = load_submission(source, name=name, catalogue=c)
    local = settings_for(source, ruleset, opts) if not isinstance(source, bytes) \
        else settings_for(Path(name or "metrics.yaml"), ruleset, Options(use_settings=False))
    return draft_mod.build(sub, check_submission(sub, ruleset, opts, c, local), c,
                           with_positions=with_positions)


def draft_markdown(d: Draft) -> str:
    from selfeval.reports import draft as draft_mod

    return draft_mod.to_markdown(d)


def draft_docx(d: Draft) -> bytes:
    """The draft as a Word document's bytes."""
    from selfeval.reports import draft as draft_mod

    buf = io.BytesIO()
    draft_mod.to_word(d).save(buf)
    return buf.getvalue()


def metrics_template(filename: str = "metrics.yaml", today: dt.date | None = None) -> str:
    """A blank metrics file listing every catalogue entry with its unit and definition."""
    c = cat.load()
    today = today or dt.date.today()
    start = dt.date(today.year - 1 if today.month < 4 else today.year, 4, 1)
    by_area = [(title, [m for m in c.metrics.values() if m.area == area]) for area, title in cat.AREAS.items()]
    return templates.render_template(
        "metrics.yaml.j2", filename=filename,
        metrics=list(c.metrics.values()), metrics_by_area=by_area, units=cat.UNITS,
        audits=list(c.audit_questions.values()), facts=list(c.facts.values()),
        start=start.isoformat(), end=dt.date(start.year + 1, 3, 31).isoformat())


def import_annex_a(source: str | Path, *, as_at: dt.date, authority: str, period_months: int = 6,
                   cp_visit_working_days: int = 10, cin_visit_working_days: int = 20,
                   child_population: int | None = None,
                   progress: Callable[[str], None] | None = None, strict: bool = False) -> AnnexAResult:
    """Compute catalogue metrics from an Annex A workbook or folder of CSV files (nothing written).

    ``result.quality`` holds every data-quality finding (cells that could not be read, by
    reference; codes that are not DfE's; sanity warnings); ``strict`` makes any of them a
    :class:`SelfevalError`."""
    from selfeval.sources.annexa.run import metrics_from_annex_a

    return metrics_from_annex_a(
        source, None, as_at=as_at, authority=authority, period_months=period_months,
        cp_visit_working_days=cp_visit_working_days, cin_visit_working_days=cin_visit_working_days,
        child_population=child_population, progress=progress, strict=strict)


def annex_a_import_document(result: AnnexAResult, *, source_name: str, authority: str) -> dict[str, Any]:
    """The import as JSON-ready data: values, what was not computed, and data quality."""
    from selfeval.sources.annexa.write import import_document

    return import_document(result, source_name=source_name, authority=authority)


def metrics_yaml_from_annex_a(result: AnnexAResult, *, source_name: str, authority: str,
                              authority_code: str | None = None) -> str:
    """The metrics.yaml text of an Annex A import, with a comment above each value.
    ``authority_code`` (DfE's LA code) is checked, then written as ``authority_code``."""
    from selfeval.core.comparators import authority as la
    from selfeval.sources.annexa.write import render_metrics

    code = la(authority_code, file="authority code").code if authority_code is not None else None
    return render_metrics(result, source_name=source_name, authority=authority, authority_code=code)


# ---------------------------------------------------------------- the statutory returns
def import_903(paths: Iterable[str | Path], *, as_at: dt.date | None = None, child_population: int | None = None,
               **readings: Any) -> SourceResult:
    """Catalogue metrics from SSDA903 returns (CSV folders or XML; the newest is reported, earlier
    ones give history). ``readings`` are the judgement-call options of ``Options903``."""
    from selfeval.sources.ssda903.options import Options903
    from selfeval.sources.ssda903.run import compute, load_years

    return compute(load_years(list(paths)), Options903(as_at=as_at, child_population=child_population, **readings))


def import_cin(path: str | Path, *, previous: str | Path | None = None, as_at: dt.date | None = None,
               **readings: Any) -> SourceResult:
    """Catalogue metrics from a CIN census XML (and last year's, for re-referrals)."""
    from selfeval.sources.cin.counting import OptionsCin
    from selfeval.sources.cin.read import read_cin
    from selfeval.sources.cin.run import compute

    return compute(read_cin(path), read_cin(previous) if previous else None, OptionsCin(as_at=as_at, **readings))


def import_workforce(path: str | Path, *, as_at: dt.date | None = None, **readings: Any) -> SourceResult:
    """Catalogue metrics from a children's social work workforce census XML."""
    from selfeval.sources.workforce.counting import OptionsWorkforce, compute
    from selfeval.sources.workforce.read import read_workforce

    return compute(read_workforce(path), OptionsWorkforce(as_at=as_at, **readings))


def metrics_yaml_from_return(result: SourceResult, *, authority: str, source_name: str,
                             authority_code: str | None = None) -> str:
    """The metrics.yaml text of a return's import: provenance and data quality included.
    ``authority_code`` (DfE's LA code) is checked, then written as ``authority_code``."""
    from selfeval.core.comparators import authority as la
    from selfeval.sources.returnsfile import render as render_return

    code = la(authority_code, file="authority code").code if authority_code is not None else None
    return render_return(result, authority=authority, source_name=source_name, authority_code=code)


def merge_metrics(paths: Iterable[str | Path], *, authority: str | None = None,
                  tolerance: dict[str, float] | None = None) -> Merged:
    """One metrics file from several (``Merged.text``), differences beyond tolerance listed."""
    from selfeval.sources.merge import merge

    return merge(list(paths), authority=authority, tolerance=tolerance)
