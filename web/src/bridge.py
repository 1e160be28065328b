"""The web edition's Python side: what the page's worker calls, in the CLI's words.

Each call takes the dropped file's name and bytes, writes them into a fresh folder (in Pyodide,
memory: nothing is stored anywhere), runs :mod:`selfeval.api` on it — the same library calls as
the CLI command it stands for — and returns plain data: ``{"ok": True, ...}`` or
``{"ok": False, "error": "selfeval: ..."}`` with exactly the one line the CLI would print. No
traceback ever reaches the page. The file keeps its own name, so messages read as the CLI's do
(``metrics.yaml:14:3: unknown metric ...``). Runs under CPython too (tests/test_web.py).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

Progress = Callable[[str], None]
WORKDIR = Path(tempfile.gettempdir()) / "selfeval-web"


def _safe_name(name: str) -> str:
    base = os.path.basename(str(name).replace("\\", "/")).strip()
    return "upload" if base in ("", ".", "..") else base


def _bytes(data: Any) -> bytes:
    return data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)  # a JavaScript Uint8Array


def _input(name: str, data: Any) -> str:
    """Write one dropped file into a fresh folder; return its bare name, the folder made current."""
    os.chdir(WORKDIR.parent)  # the folder to be replaced may be the current one (busy in Pyodide)
    if WORKDIR.exists():
        shutil.rmtree(WORKDIR)
    WORKDIR.mkdir(parents=True)
    os.chdir(WORKDIR)
    safe = _safe_name(name)
    (WORKDIR / safe).write_bytes(_bytes(data))
    return safe


def _guard(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """The CLI's error mapping: a user's mistake is one line, anything else is named as a bug."""
    from selfeval.api import SelfevalError

    try:
        return {"ok": True, **fn(*args)}
    except SelfevalError as exc:
        return {"ok": False, "error": f"selfeval: {exc}", "status": 2}
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        return {"ok": False, "status": 3, "error": (
            "selfeval: internal error (a bug in selfeval, please report it): "
            f"{type(exc).__name__}: {exc}")}


def about() -> dict[str, Any]:
    """Versions and the number of rules (called once the runtime is ready; loads the packs)."""
    import sys

    import selfeval
    from selfeval.core import packs

    return {"ok": True, "selfeval": selfeval.__version__, "python": sys.version.split()[0],
            "rules": len(packs.load(()).rules)}


def check(name: str, data: Any) -> dict[str, Any]:
    """``selfeval check FILE -o report.html``: the HTML report, and the counts for the page."""
    return _guard(_check, name, data)


def _check(name: str, data: Any) -> dict[str, Any]:
    from selfeval import api

    # by path (in memory), as the CLI does: the same reader choice and messages for any file name
    rep = api.check(_input(name, data), api.Options(use_settings=False))
    return {"html": api.render(rep.data, "html"), "filename": "report.html",
            "authority": rep.data["submission"].get("authority"), "counts": rep.data["summary"]["counts"]}


def draft(name: str, data: Any) -> dict[str, Any]:
    """``selfeval draft FILE -o sef.md``: the self-evaluation draft in Markdown (Word needs lxml)."""
    return _guard(_draft, name, data)


def _draft(name: str, data: Any) -> dict[str, Any]:
    from selfeval import api

    d = api.draft(_input(name, data), api.Options(use_settings=False))
    return {"markdown": api.draft_markdown(d), "filename": "sef.md"}


def from_annex_a(name: str, data: Any, options: dict[str, Any],
                 progress: Progress | None = None) -> dict[str, Any]:
    """``selfeval metrics from-annex-a FILE --as-at D --authority A -o metrics.yaml``."""
    return _guard(_from_annex_a, name, data, options, progress)


def _number(options: dict[str, Any], key: str, default: int | None, label: str) -> int | None:
    from selfeval.api import SelfevalError

    text = str(options.get(key) or "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SelfevalError(f"{label} should be a whole number, not '{text}'") from None
    if value < 1:
        raise SelfevalError(f"{label} should be at least 1")
    return value


def _from_annex_a(name: str, data: Any, options: dict[str, Any],
                  progress: Progress | None) -> dict[str, Any]:
    from selfeval import api
    from selfeval.core import catalogue as cat

    as_at_text = str(options.get("as_at") or "").strip()
    authority = str(options.get("authority") or "").strip()
    if not as_at_text:
        raise api.SelfevalError("give the date the lists were run (as at)", hint="for example 2026-09-30")
    try:
        as_at = dt.date.fromisoformat(as_at_text)
    except ValueError:
        raise api.SelfevalError(f"'{as_at_text}' is not a date", hint="write it as YYYY-MM-DD") from None
    if not authority:
        raise api.SelfevalError("give the authority's name", hint="as it should appear on the report")
    settings = {"period_months": _number(options, "period_months", 6, "the months covered"),
                "cp_visit_working_days": _number(options, "cp_visit_working_days", 10, "the CP visit standard"),
                "cin_visit_working_days": _number(options, "cin_visit_working_days", 20, "the CIN visit standard"),
                "child_population": _number(options, "child_population", None, "the child population")}
    la_code = str(options.get("la_code") or "").strip() or None
    if la_code is not None:  # a wrong code is refused before the workbook is read
        from selfeval.core.comparators import authority as la

        la_code = la(la_code, file="LA code").code
    safe = _input(name, data)
    result = api.import_annex_a(safe, as_at=as_at, authority=authority, progress=progress, **settings)  # type: ignore[arg-type]
    text = api.metrics_yaml_from_annex_a(result, source_name=safe, authority=authority, authority_code=la_code)
    left = len(cat.load().metrics) - len(result.values)
    return {"yaml": text, "filename": "metrics.yaml", "computed": result.counted, "left": left}


def template(fmt: str) -> dict[str, Any]:
    """``selfeval template -o metrics.yaml`` or ``-o metrics.xlsx``."""
    return _guard(_template, fmt)


def _template(fmt: str) -> dict[str, Any]:
    from selfeval import api

    if fmt != "xlsx":
        return {"yaml": api.metrics_template("metrics.yaml"), "filename": "metrics.yaml"}
    from selfeval.sources.metrics_workbook import write_template

    WORKDIR.mkdir(parents=True, exist_ok=True)
    out = WORKDIR / "metrics.xlsx"
    out.unlink(missing_ok=True)
    write_template(out)
    return {"bytes": out.read_bytes(), "filename": "metrics.xlsx"}


def rules() -> dict[str, Any]:
    """``selfeval rules show`` for every built-in rule, grouped by area, as data for the page."""
    return _guard(_rules)


def _rules() -> dict[str, Any]:
    from selfeval.core import packs
    from selfeval.core.catalogue import AREAS
    from selfeval.render import templates
    from selfeval.reports import rulesview

    rs = packs.load(())
    out = [{"id": r.id, "title": r.title, "area": r.area, "levels": list(r.levels),
            "text": templates.render_template("rule.txt.j2", rule=rulesview.detail(r, rs))}
           for r in rs.rules.values()]
    return {"rules": out, "areas": dict(AREAS)}
