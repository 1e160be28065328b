"""``json.dumps(data, indent=2, ensure_ascii=False)``, byte for byte, with the C encoder.

Python's json module uses its C encoder only without ``indent``; with it, every value goes
through a chain of Python generators (92 ms against 15 ms for a 3.7 MB summary). Our reports are
indented, and their bytes must not change, so this module lets the C encoder do the work: a
container that holds only plain values (most of a report: cells, figures, citations) is encoded
in one C call whose item separator is the newline and indent of its depth, and only the
containers above those are walked in Python. ``tests/test_jsonout.py`` compares the bytes with
``json.dumps`` on the reports and on generated data.
"""

from __future__ import annotations

import json
import json.encoder as _enc
from typing import Any, Callable

INDENT = "  "
_make = getattr(_enc, "c_make_encoder", None)
_string: Callable[[str], str] = _enc.encode_basestring  # the C function when the C module is there


def _default(o: Any) -> Any:
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


_CONTAINERS = (dict, list, tuple)
_by_depth: dict[int, Callable[[Any, int], Any]] = {}


def _encoder(depth: int) -> Callable[[Any, int], Any]:
    """A C encoder whose items are separated by a newline and the indent of ``depth + 1``."""
    enc = _by_depth.get(depth)
    if enc is None:
        assert _make is not None
        enc = _make(None, _default, _string, None, ": ", ",\n" + INDENT * (depth + 1), False, False, True)
        _by_depth[depth] = enc
    return enc


def _key(k: Any) -> str:
    """A mapping key as json writes it (strings; numbers, booleans and None as json converts them)."""
    if isinstance(k, str):
        return _string(k)
    if k is True:
        return '"true"'
    if k is False:
        return '"false"'
    if k is None:
        return '"null"'
    if isinstance(k, (int, float)):
        return _string(json.dumps(k))
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def _encode(o: Any, depth: int, out: list[str]) -> None:
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        values: Any = o.values()
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        values = o
    elif isinstance(o, str):
        out.append(_string(o))
        return
    else:
        out.append("".join(_encoder(depth)(o, depth)))
        return
    inner = "\n" + INDENT * (depth + 1)
    closing = "\n" + INDENT * depth
    if not any(isinstance(v, _CONTAINERS) for v in values):  # plain values: one C call
        text = "".join(_encoder(depth)(o, depth))
        out.append(text[0] + inner + text[1:-1] + closing + text[-1])
        return
    sep = "," + inner
    if isinstance(o, (list, tuple)) and all(type(x) is dict and x and not any(
            isinstance(v, _CONTAINERS) for v in x.values()) for x in o):
        # a list of mappings of plain values (the summary's cells, a report's citations): one C
        # call at the mappings' depth; json never writes a newline inside a string, so the only
        # '}' + separator + '{' in the text are the boundaries between the mappings
        deeper = inner + INDENT
        text = "".join(_encoder(depth + 1)(o, depth + 1))
        body = text[2:-2].replace("}," + deeper + "{", inner + "}," + inner + "{" + deeper)
        out.append("[" + inner + "{" + deeper + body + inner + "}" + closing + "]")
        return
    if isinstance(o, dict):
        out.append("{" + inner)
        first = True
        for k, v in o.items():
            if not first:
                out.append(sep)
            first = False
            out.append(_key(k) + ": ")
            _encode(v, depth + 1, out)
        out.append(closing + "}")
    else:
        out.append("[" + inner)
        for i, v in enumerate(o):
            if i:
                out.append(sep)
            _encode(v, depth + 1, out)
        out.append(closing + "]")


def dumps(data: Any) -> str:
    """Exactly ``json.dumps(data, indent=2, ensure_ascii=False)`` (JSON-ready data, no cycles)."""
    if _make is None:  # no C accelerator (another Python implementation): the standard path
        return json.dumps(data, indent=2, ensure_ascii=False)
    out: list[str] = []
    _encode(data, 0, out)
    return "".join(out)
