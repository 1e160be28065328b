"""Render the report model with the Jinja2 templates in ``templates/``.

Renderers only lay out what the report model already decided and formatted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from selfeval.core import cache, textsafe
from selfeval.core.errors import SelfevalError
from selfeval.core.resources import read_text

# the format tables, re-exported: callers read them here too
from selfeval.render.formats import COMPARE_FORMATS as COMPARE_FORMATS
from selfeval.render.formats import DETAIL as DETAIL
from selfeval.render.formats import DRAFT_FORMATS as DRAFT_FORMATS
from selfeval.render.formats import DRAFT_SUFFIXES as DRAFT_SUFFIXES
from selfeval.render.formats import FORMATS as FORMATS
from selfeval.render.formats import SUFFIXES as SUFFIXES
from selfeval.render.formats import SUMMARY_FORMATS as SUMMARY_FORMATS

_ANSI = {"serious": "\x1b[1;31m", "concern": "\x1b[33m", "not_evidenced": "\x1b[36m",
         "met": "\x1b[32m", "bold": "\x1b[1m", "dim": "\x1b[2m"}


def http_url(url: Any) -> str | None:
    """The link if it is an http(s) URL, else None: anything else is shown as text, never linked."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if re.match(r"^https?://[^\s<>\"'`]+$", u, re.IGNORECASE) is None:
        return None
    return u


def _load_template(name: str) -> str:
    return read_text("templates", *name.split("/"))


def _bytecode_cache(variant: str) -> jinja2.BytecodeCache | None:
    """Compiled templates, kept beside the data cache (keyed by each template's checksum, so
    an edited template is compiled afresh); None when caching is off. Each environment
    (``variant``) keeps its own entries: Jinja folds a filter applied to a constant at compile
    time (``"Warning:" | style("warn")``), so code compiled for the coloured screen holds colour
    codes a plain report must never load."""
    where = cache.folder()
    if where is None:
        return None
    path = where / f"jinja-{jinja2.__version__}"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _BytecodeCache(str(path), pattern=f"__jinja2_%s.{variant}.cache")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, each entry read in one piece: ``marshal.load`` from a file reads a few
    bytes a call (about 12 ms for the text report's templates), ``marshal.loads`` the same bytes
    at once (about 1 ms). Entries, their header and their checks are Jinja's own."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import io
        import marshal
        import pickle

        from jinja2.bccache import bc_magic

        try:
            with open(self._get_cache_filename(bucket), "rb") as fh:
                data = fh.read()
        except OSError:
            return
        head = io.BytesIO(data)
        try:
            if head.read(len(bc_magic)) != bc_magic or pickle.load(head) != bucket.checksum:  # noqa: S301 - our own file
                bucket.reset()
                return
            bucket.code = marshal.loads(data[head.tell():])
        except Exception:  # noqa: BLE001 - a damaged entry is compiled afresh, as Jinja does
            bucket.reset()


@lru_cache(maxsize=4)
def environment(color: bool = False, html: bool = False) -> jinja2.Environment:
    """The Jinja2 environment, built once per process for each choice (templates compile once);
    ``html`` adds the charts, figures and palette the HTML pages use (imported only then, so a
    text report loads none of them)."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template),
        bytecode_cache=_bytecode_cache(("color" if color else "plain") + ("-html" if html else "")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def style(text: Any, kind: str) -> str:
        return f"{_ANSI[kind]}{text}\x1b[0m" if color and kind in _ANSI else str(text)

    env.filters["style"] = style
    env.filters["clause"] = clause
    env.filters["oneline"] = lambda s: " ".join(str(s if s is not None else "").split())
    # text made by a macro of a plain-text template (such as _macros.j2), escaped for HTML
    env.filters["text"] = lambda s: markupsafe.escape(str.__str__(s))
    # (values in Markdown are escaped already, by textsafe.markdown_tree: escape only bare pipes)
    env.filters["mdcell"] = lambda s: re.sub(r"(?<!\\)\|", r"\\|", str(s if s is not None else "")).replace("\n", " ")
    env.filters["http_url"] = http_url
    if html:
        _add_html_helpers(env)
    return env


def _add_html_helpers(env: jinja2.Environment) -> None:
    """HTML report: figures, charts and palette (none of them decides a verdict)."""
    from selfeval.render import charts, figures, palette

    env.filters.update(
        http_url=http_url, metric_figures=figures.metric_figures, audit_figures=figures.audit_figures,
        fact_tests=figures.fact_tests, tests=figures.tests,
        evidence=figures.evidence, bullet_chart=charts.bullet_chart,
        audit_chart=charts.audit_chart, heat_strip=charts.heat_strip)
    env.globals.update(
        status_icon=palette.status_icon, direction_icon=palette.direction_icon,
        legend_symbol=palette.legend_symbol, answer_order=charts.answer_order,
        movements=figures.movements, css_variables=palette.css_variables,
        STATUS_ORDER=palette.STATUS_ORDER, STATUS_WORDS=palette.STATUS_WORDS)


def clause(text: Any, first: bool = True) -> str:
    """A sentence as a clause to follow other words: no final full stop and, if ``first``, a
    lower-case first letter unless the first word is an acronym ("Children's needs…" → "children's
    needs…"; "A meaningful share…" → "a meaningful share…"; "IROs challenge…" stays)."""
    s = str(text).strip().rstrip(".")
    word = s.split(" ", 1)[0] if s else ""
    if first and (word == "A" or (len(word) > 1 and word[0].isupper() and word[1].islower())):
        s = s[0].lower() + s[1:]
    return s


def render_template(name: str, color: bool = False, **context: Any) -> str:
    return environment(color, html=name.endswith(".html.j2")).get_template(name).render(**context)


def to_json(data: Any) -> str:
    """The model as indented JSON (the bytes of ``json.dumps(indent=2)``, written by the C encoder)."""
    from selfeval.render import jsonout

    return jsonout.dumps(data) + "\n"


def render(data: dict[str, Any], fmt: str, *, color: bool = False,
           templates: dict[str, str | None] | None = None, detail: bool = False) -> str:
    """Render report ``data`` in format ``fmt`` (a key of :data:`FORMATS`); ``detail`` gives
    every finding in full instead of the summary view."""
    table = templates or FORMATS
    if fmt not in table:
        raise SelfevalError(f"unknown format '{fmt}'", hint=f"formats are {', '.join(table)}")
    name = table[fmt]
    if name is None:
        return textsafe.json_text(to_json(data))
    if detail and table is FORMATS:
        name = DETAIL.get(fmt, name)
    return render_template(name, color=color, r=safe_for(name, data), detail=detail)


def safe_for(template: str, data: Any) -> Any:
    """The report model with every value escaped for the template's format: Markdown markup
    escaped for ``.md``, control characters made visible for ``.txt`` (terminal); HTML escapes
    in the template itself (autoescape). Escaped as the template reads each value
    (:mod:`selfeval.render.escaped`): the same values as ``textsafe.markdown_tree`` and
    ``visible_tree``, without copying the whole model first."""
    from selfeval.render import escaped

    if template.endswith(".md.j2"):
        return escaped.view(data, textsafe.markdown)
    if template.endswith(".txt.j2"):
        return escaped.view(data, textsafe.visible)
    return data


def format_for(path: str | None, given: str | None, default: str = "text") -> str:
    """The format to use: as given, else guessed from the output file's suffix, else the default."""
    if given:
        return given
    if path:
        return SUFFIXES.get(Path(path).suffix.lower(), default)
    return default
