"""Render the report model with the Jinja2 templates in ``templates/``; write files atomically.

Renderers only lay out what the report model already decided and formatted.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jinja2

from . import cache, charts, figures, palette
from .errors import SelfevalError
from .resources import read_text

FORMATS: dict[str, str | None] = {
    "text": "report.txt.j2",
    "markdown": "report.md.j2",
    "html": "report.html.j2",
    "json": None,  # the model itself, as JSON
}
"""Report formats by name; CLI choices are built from these keys."""

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".json": "json"}

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


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept beside the data cache (keyed by each template's checksum, so
    an edited template is compiled afresh); None when caching is off."""
    where = cache.folder()
    if where is None:
        return None
    path = where / f"jinja-{jinja2.__version__}"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(path))


@lru_cache(maxsize=2)
def environment(color: bool = False) -> jinja2.Environment:
    """The Jinja2 environment (one per process and colour choice: templates compile once)."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template),
        bytecode_cache=_bytecode_cache(),
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
    env.filters["mdcell"] = lambda s: str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")
    # HTML report: figures, charts and palette (none of them decides a verdict)
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
    return env


def clause(text: Any, first: bool = True) -> str:
    """A sentence as a clause to follow other words: no final full stop and, if ``first``, a
    lower-case first letter unless the first word is an acronym ("Children's needs…" → "children's
    needs…"; "IROs challenge…" stays)."""
    s = str(text).strip().rstrip(".")
    word = s.split(" ", 1)[0] if s else ""
    if first and len(word) > 1 and word[0].isupper() and word[1].islower():
        s = s[0].lower() + s[1:]
    return s


def render_template(name: str, color: bool = False, **context: Any) -> str:
    return environment(color).get_template(name).render(**context)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render(data: dict[str, Any], fmt: str, *, color: bool = False,
           templates: dict[str, str | None] | None = None) -> str:
    """Render report ``data`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    table = templates or FORMATS
    if fmt not in table:
        raise SelfevalError(f"unknown format '{fmt}'", hint=f"formats are {', '.join(table)}")
    name = table[fmt]
    if name is None:
        return to_json(data)
    return render_template(name, color=color, r=data)


def format_for(path: str | None, given: str | None, default: str = "text") -> str:
    """The format to use: as given, else guessed from the output file's suffix, else the default."""
    if given:
        return given
    if path:
        return SUFFIXES.get(Path(path).suffix.lower(), default)
    return default


def write_atomic(path: str | os.PathLike[str], content: str | bytes | Callable[[Path], None]) -> None:
    """Write a file so that readers see the old file or the whole new one, never half of one.

    ``content`` is text, bytes, or a function that writes the file at the path it is given
    (for writers such as python-docx and openpyxl that save to a path).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise SelfevalError("the output folder does not exist", file=str(path), hint="create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        if callable(content):
            os.close(fd)
            content(Path(tmp))
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SelfevalError(f"cannot write the file: {exc.strerror}", file=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
