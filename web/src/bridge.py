"""The web edition's Python side: what the page's worker calls, in the CLI's words.

Each call takes the dropped file's name and bytes, writes them into Pyodide's in-memory file
system (nothing is stored anywhere else), runs the same library code as the CLI command it stands
for, and returns plain data: ``{"ok": True, ...}`` or ``{"ok": False, "error": "selfeval: ..."}``
with exactly the one line the CLI would print. No traceback ever reaches the page.

The file keeps its own name, in a folder of its own, so messages read as the CLI's do
(``metrics.yaml:14:3: unknown metric ...``). Runs under CPython too (the tests import it).
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


def _compat() -> None:
    # Python 3.14 removed importlib.abc.Traversable; the layout move fixes it in selfeval itself.
    import importlib.abc
    import importlib.resources.abc

    if not hasattr(importlib.abc, "Traversable"):
        importlib.abc.Traversable = importlib.resources.abc.Traversable  # type: ignore[attr-defined]


_compat()


def _safe_name(name: str) -> str:
    base = os.path.basename(str(name).replace("\\", "/")).strip()
    if base in ("", ".", ".."):
        return "upload"
    return base


def _input(name: str, data: bytes) -> str:
    """Write one dropped file into a fresh folder; return its bare name, the folder made current."""
    os.chdir(WORKDIR.parent)  # the folder to be replaced may be the current one (busy in Pyodide)
    if WORKDIR.exists():
        shutil.rmtree(WORKDIR)
    WORKDIR.mkdir(parents=True)
    os.chdir(WORKDIR)
    safe = _safe_name(name)
    raw = data.to_bytes() if hasattr(data, "to_bytes") else bytes(data)  # a JavaScript Uint8Array
    (WORKDIR / safe).write_bytes(raw)
    return safe


def _guard(fn: Callable[..., dict[str, Any]], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The CLI's error mapping: a user's mistake is one line, anything else is named as a bug."""
    from selfeval.errors import SelfevalError

    try:
        return {"ok": True, **fn(*args, **kwargs)}
    except SelfevalError as exc:
        return {"ok": False, "error": f"selfeval: {exc}", "status": 2}
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        return {"ok": False, "status": 3, "error": (
            "selfeval: internal error (a bug in selfeval, please report it): "
            f"{type(exc).__name__}: {exc}")}


def about() -> dict[str, Any]:
    """Versions and what the page can offer (called once the runtime is ready)."""
    import sys

    import selfeval
    from selfeval import packs

    rs = packs.load(())
    return {"ok": True, "selfeval": selfeval.__version__, "python": sys.version.split()[0],
            "rules": len(rs.rules)}


# ------------------------------------------------------------------------------ check

def check(name: str, data: bytes) -> dict[str, Any]:
    """``selfeval check FILE -o report.html``: the HTML report, and the counts for the page."""
    return _guard(_check, name, data)


def _report(name: str, data: bytes) -> Any:
    from selfeval.check import Options, check_files

    safe = _input(name, data)
    return check_files([safe], Options(use_settings=False))[0]


def _check(name: str, data: bytes) -> dict[str, Any]:
    from selfeval import render

    rep = _report(name, data)
    return {"html": render.render(rep.data, "html"), "filename": "report.html",
            "authority": rep.data["submission"].get("authority"), "counts": rep.data["summary"]["counts"]}


def draft(name: str, data: bytes) -> dict[str, Any]:
    """``selfeval draft FILE -o sef.md``: the self-evaluation draft in Markdown."""
    return _guard(_draft, name, data)


def _draft(name: str, data: bytes) -> dict[str, Any]:
    from selfeval import catalogue as cat
    from selfeval import draft as draft_mod
    from selfeval import submission
    from selfeval.check import Options, check_submission, load_rules

    safe = _input(name, data)
    c = cat.load()
    opts = Options(use_settings=False)
    sub = submission.load(safe, c)
    rep = check_submission(sub, load_rules(opts, c), opts, c)
    return {"markdown": draft_mod.to_markdown(draft_mod.build(sub, rep, c)), "filename": "sef.md"}


# ------------------------------------------------------------------------- Annex A

def from_annex_a(name: str, data: bytes, options: dict[str, Any],
                 progress: Progress | None = None) -> dict[str, Any]:
    """``selfeval metrics from-annex-a FILE --as-at D --authority A -o metrics.yaml``."""
    return _guard(_from_annex_a, name, data, options, progress)


def _from_annex_a(name: str, data: bytes, options: dict[str, Any],
                  progress: Progress | None) -> dict[str, Any]:
    from selfeval import catalogue as cat
    from selfeval.annexa.run import metrics_from_annex_a
    from selfeval.annexa.write import render_metrics
    from selfeval.errors import SelfevalError

    as_at_text = str(options.get("as_at") or "").strip()
    authority = str(options.get("authority") or "").strip()
    if not as_at_text:
        raise SelfevalError("give the date the lists were run (as at)", hint="for example 2026-09-30")
    try:
        as_at = dt.date.fromisoformat(as_at_text)
    except ValueError:
        raise SelfevalError(f"'{as_at_text}' is not a date", hint="write it as YYYY-MM-DD") from None
    if not authority:
        raise SelfevalError("give the authority's name", hint="as it should appear on the report")
    safe = _input(name, data)
    result = metrics_from_annex_a(
        safe, None, as_at=as_at, authority=authority,
        period_months=int(options.get("period_months") or 6),
        cp_visit_working_days=int(options.get("cp_visit_working_days") or 10),
        cin_visit_working_days=int(options.get("cin_visit_working_days") or 20),
        child_population=int(options["child_population"]) if options.get("child_population") else None,
        engine="openpyxl", progress=progress)
    text = render_metrics(result, source_name=safe, authority=authority)
    left = len(cat.load().metrics) - len(result.values)
    return {"yaml": text, "filename": "metrics.yaml", "computed": len(result.values), "left": left}


# ------------------------------------------------------------------- template, rules

def template(fmt: str) -> dict[str, Any]:
    """``selfeval template -o metrics.yaml`` or ``-o metrics.xlsx``."""
    return _guard(_template, fmt)


def _template(fmt: str) -> dict[str, Any]:
    from selfeval import catalogue as cat
    from selfeval import render

    WORKDIR.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        from selfeval.annexa.xlsx_template import write_template

        out = WORKDIR / "metrics.xlsx"
        out.unlink(missing_ok=True)
        write_template(out)
        return {"bytes": out.read_bytes(), "filename": "metrics.xlsx"}
    c = cat.load()
    today = dt.date.today()
    start = dt.date(today.year - 1 if today.month < 4 else today.year, 4, 1)
    by_area = [(title, [m for m in c.metrics.values() if m.area == area]) for area, title in cat.AREAS.items()]
    text = render.render_template(
        "metrics.yaml.j2", filename="metrics.yaml",
        metrics=list(c.metrics.values()), metrics_by_area=by_area, units=cat.UNITS,
        audits=list(c.audit_questions.values()), facts=list(c.facts.values()),
        start=start.isoformat(), end=dt.date(start.year + 1, 3, 31).isoformat())
    return {"yaml": text, "filename": "metrics.yaml"}


def rules() -> dict[str, Any]:
    """``selfeval rules list`` and ``rules show`` for every rule, as data for the page."""
    return _guard(_rules)


def _rules() -> dict[str, Any]:
    from selfeval import packs, render, rulesview
    from selfeval.catalogue import AREAS

    rs = packs.load(())
    out = []
    for rule in rs.rules.values():
        out.append({"id": rule.id, "title": rule.title, "area": rule.area,
                    "area_title": AREAS.get(rule.area, rule.area), "levels": list(rule.levels),
                    "text": render.render_template("rule.txt.j2", rule=rulesview.detail(rule, rs))})
    return {"rules": out, "areas": dict(AREAS)}

