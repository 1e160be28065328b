"""Values from the user's files, made safe for where they are shown.

A value from a metrics file, a pack, settings or a workbook may hold anything: terminal escape
sequences (clear the screen, fake colours, set the window title), line breaks that forge a report's
structure, Markdown or HTML markup that a wiki renders (scripts, images that call out), or the
control characters Word's XML cannot hold. Each output escapes values its own way, here:

- :func:`visible`: control characters shown as ``\\x1b`` text (terminal, error messages);
- :func:`markdown`: Markdown and HTML markup escaped, so the text reads as written;
- :func:`excel`: text that Excel would take for a formula kept as text;
- :func:`quote`: a value as a message quotes it: visible, and cut short.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab/newline, DEL, C1 controls (0x9b is an 8-bit CSI), line and paragraph
# separators, bidirectional overrides (text that reads differently from what it is), non-characters
# and lone surrogates (neither UTF-8 nor XML can hold them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                      "\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\t\n\r]+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: Any, *, newlines: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never acted on.

    Tabs and line breaks become one space unless ``newlines`` (a multi-line output) keeps ``\\n``.
    """
    s = str(text)
    if s.isprintable():  # no control, separator or format character: nothing to show or join
        return s
    if newlines:
        s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    else:
        s = _LINE_BREAKS.sub(" ", s)
    return _CONTROL.sub(_escape, s)


def quote(value: Any, limit: int = 60) -> str:
    """A value for a message: visible, one line, and at most ``limit`` characters."""
    s = visible(value)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


_QUOTED = re.compile(r"'([^']{81,})'")


def shorten_quotes(message: str) -> str:
    """Cut every quoted value longer than 80 characters in a message (a message is one line)."""
    return _QUOTED.sub(lambda m: "'" + m.group(1)[:59].rstrip() + "…'", message)


# Markdown: escape what CommonMark (and the HTML it passes through) would act on. An underscore
# only at a word's edge: inside a word (``not_evidenced``) it is not emphasis, and ids keep it.
PLAIN = frozenset({int, float, bool, type(None)})
"""Value types a report model holds that no escaping changes (taken as they are, without a call)."""
_MD = re.compile(r"([\\`*\[\]<>#|!~&{}]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_MD_LEADING = re.compile(r"^(\s*)([-+=]|\d+)([.)]?)(?=\s|$)")


def _leading(m: re.Match[str]) -> str:
    """A value starting like a list item ("- x", "1. x") or a setext underline ("=")."""
    space, mark, dot = m.groups()
    if mark.isdigit():
        return f"{space}{mark}\\{dot}" if dot else m.group()
    return f"{space}\\{mark}{dot}"


def markdown(text: Any) -> str:
    """``text`` as literal Markdown: one line, no control characters, every markup character
    escaped (``<script>`` shows as text; ``![x](http://…)`` is no image; ``# x`` no heading)."""
    s = visible(text)
    if _MD_ANY.search(s) is None:  # most values: nothing either pattern below would change
        return s
    s = _MD.sub(r"\\\1", s)
    s = _MD_LEADING.sub(_leading, s)
    return s


_MD_ANY = re.compile(r"[\\`*\[\]<>#|!~&{}_]|^\s*[-+=\d]")
"""Where :data:`_MD` or :data:`_MD_LEADING` could match (a superset of both: any underscore)."""


def markdown_tree(data: Any) -> Any:
    """Every string in a report model escaped with :func:`markdown` (a copy; keys untouched);
    numbers and the like taken as they are without a call each."""
    if isinstance(data, str):
        return markdown(data)
    if isinstance(data, dict):
        return {k: v if type(v) in PLAIN else markdown_tree(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [v if type(v) in PLAIN else markdown_tree(v) for v in data]
    return data


def visible_tree(data: Any) -> Any:
    """Every string in a report model made :func:`visible` (one line each; a copy).

    A report model holds tens of thousands of values: numbers and printable strings, by far the
    most, are taken as they are without a call each (what :func:`visible` would return)."""
    if isinstance(data, str):
        return visible(data)
    if isinstance(data, dict):
        return {k: v if type(v) in PLAIN or (type(v) is str and v.isprintable()) else visible_tree(v)
                for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [v if type(v) in PLAIN or (type(v) is str and v.isprintable()) else visible_tree(v)
                for v in data]
    return data


_UNESCAPE = re.compile(r"\\([\\`*\[\]<>#|!~&{}_+=.)-])")


def unmarkdown(text: str) -> str:
    """The literal text of a run escaped by :func:`markdown` (for the Word document)."""
    return _UNESCAPE.sub(r"\1", text)


_C1_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
                         "\ufff9-\ufffb\ufffe\uffff]")


def json_text(text: str) -> str:
    """JSON with the controls ``json.dumps`` leaves raw (C1, line separators) as ``\\u`` escapes:
    still the same JSON, and nothing a terminal acts on."""
    return _C1_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_FORMULA_START = ("=", "+", "-", "@")


def formula_like(value: Any) -> bool:
    """Whether Excel would take this text for a formula (``=1+1``, ``@SUM(…)``, ``+44…``)."""
    return isinstance(value, str) and value.startswith(_FORMULA_START)


def text_stays_text(workbook: Any) -> None:
    """Every text cell of an openpyxl workbook we wrote stays text: a formula-like string is
    stored as a string (never a live formula) with Excel's quote prefix, and control characters
    Excel's XML cannot hold are shown as escapes. selfeval writes no formulas of its own."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    value = visible(cell.value, newlines=True)
                    if value != cell.value:
                        cell.value = value
                    if formula_like(value):
                        cell.data_type = "s"
                        cell.quotePrefix = True
