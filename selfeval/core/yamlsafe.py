"""The one YAML loader: safe, keeps line/column marks, refuses tags and bombs.

We compose the YAML node graph ourselves instead of calling ``yaml.safe_load`` so that every key
path keeps its position (for one-line errors), duplicate keys are errors rather than silently
overwritten, unknown tags are refused before anything is constructed, and alias expansion is
bounded ("billion laughs").
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfeval.core import cache, files
from selfeval.core.errors import KeyPath, SelfevalError, Where

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node, SequenceNode

# PyYAML is imported when a YAML text is parsed, not before: the built-in files come from the
# cache (selfeval.core.cache) on most runs, so a command that reads no user YAML (an importer,
# `selfeval metrics from-903 …`) never loads it.

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64


@lru_cache(maxsize=1)
def _loader() -> Any:
    """libyaml's safe loader when PyYAML has it (its wheels do): same node graph and marks, ~10x faster."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary")
}


class MarkLocator:
    """Positions of every key path in a loaded YAML document."""

    def __init__(self) -> None:
        self.marks: dict[KeyPath, Where] = {}

    def where(self, path: KeyPath) -> Where:
        # Fall back to the nearest enclosing path that has a mark.
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), Where(line=1, column=1))


def _where(node: Node) -> Where:
    return Where(line=node.start_mark.line + 1, column=node.start_mark.column + 1)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.locator = MarkLocator()
        self.count = 0
        from yaml.constructor import SafeConstructor
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.constructor = SafeConstructor()
        self.mapping, self.sequence, self.scalar = MappingNode, SequenceNode, ScalarNode
        self.open: set[int] = set()  # ids of the collection nodes being built: an alias cycle

    def fail(self, node: Node, message: str, hint: str | None = None) -> SelfevalError:
        return SelfevalError(message, file=self.file, where=_where(node), hint=hint)

    def build(self, node: Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"the file is too large or uses too many aliases (over {MAX_NODES:,} values)",
                "write the values out plainly, without YAML anchors and aliases",
            )
        if node.tag not in _SAFE_TAGS:
            if node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(node, "YAML merge keys ('<<') are not supported", "write the keys out")
            raise self.fail(
                node,
                f"refusing the YAML tag '{node.tag}'",
                "remove the tag: selfeval only reads plain values, lists and mappings",
            )
        if isinstance(node, (self.mapping, self.sequence)):
            if id(node) in self.open:
                raise self.fail(node, "an alias refers to itself", "write the values out plainly")
            if len(path) > MAX_DEPTH:
                raise self.fail(node, f"the data is nested more than {MAX_DEPTH} levels deep")
            self.open.add(id(node))
            try:
                return self.build_collection(node, path)
            finally:
                self.open.discard(id(node))
        assert isinstance(node, self.scalar)
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - PyYAML raises several kinds for an impossible value
            what = {"tag:yaml.org,2002:timestamp": "a date", "tag:yaml.org,2002:int": "a whole number",
                    "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:binary": "base64 data"}
            raise self.fail(node, f"'{node.value}' cannot be read as {what.get(node.tag, 'a value')}",
                            "write a real date (YYYY-MM-DD) or number, or put the value in quotes") from None

    def build_collection(self, node: MappingNode | SequenceNode, path: KeyPath) -> Any:
        if isinstance(node, self.mapping):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(key_node, "YAML merge keys ('<<') are not supported", "write the keys out")
                key = self.build(key_node, path)
                if isinstance(key, (dict, list)):
                    raise self.fail(key_node, "a key must be a plain word or number, not a list or mapping")
                if key in result:
                    raise self.fail(
                        key_node,
                        f"'{key}' is given twice in the same mapping",
                        "keep one of them",
                    )
                child = path + (key,)
                self.locator.marks[child] = _where(key_node)
                result[key] = self.build(value_node, child)
            return result
        items = []
        for i, item in enumerate(node.value):
            child = path + (i,)
            self.locator.marks[child] = _where(item)
            items.append(self.build(item, child))
        return items


# PyYAML's problems in our words: what a user sees must not change when PyYAML does.
_PROBLEMS = (
    ("nesting", f"the data is nested more than {MAX_DEPTH} levels deep", None),
    ("cannot start any token", "a character that cannot start a value here (a tab? YAML indents with spaces)",
     "indent with spaces, and quote a value that starts with @, ` or %"),
    ("mapping values are not allowed", "a colon inside a value, or a key in the wrong place",
     "put quotes around a value that contains ': '"),
    ("could not find expected ':'", "a key without a colon after it", "write 'key: value'"),
    ("expected <block end>", "the indentation does not line up with the lines above",
     "indent each level by the same number of spaces"),
    ("undefined alias", "an alias (*name) with no anchor (&name) before it", "write the value out plainly"),
    ("duplicate anchor", "the same anchor (&name) is used twice", "write the values out plainly"),
    ("end of stream", "a quote or bracket is not closed", "close it on this line"),
    ("quoted scalar", "a quoted value is not closed or has an unknown escape", "close the quotes; write \\\\ for a backslash"),
    ("expected ',' or", "a list or mapping in [ ] or { } is not closed properly", "check the commas and brackets"),
    ("expected alphabetic or numeric character", "an anchor or alias (& or *) without a name",
     "quote a value that starts with & or *"),
)


def _in_our_words(problem: str) -> tuple[str, str | None]:
    for phrase, words, hint in _PROBLEMS:
        if phrase in problem:
            return words, hint
    return "this is not valid YAML", None


def _position(text: str, position: int) -> Where:
    line = text.count("\n", 0, position) + 1
    return Where(line=line, column=position - (text.rfind("\n", 0, position) + 1) + 1)


def loads(text: str, file: str) -> tuple[Any, MarkLocator]:
    """Parse one YAML document; return the plain data and its locator."""
    import yaml
    import yaml.reader

    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise SelfevalError(f"a control character (U+{code:04X}) that YAML does not allow", file=file,
                            where=_position(text, exc.position),
                            hint="delete it, or write it as an escape inside double quotes") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Where(line=mark.line + 1, column=mark.column + 1) if mark else Where()
        message, hint = _in_our_words(f"{exc.problem or ''} {exc.context or ''}")
        raise SelfevalError(
            f"YAML syntax error: {message}",
            file=file,
            where=where,
            hint=hint or "check indentation, colons and quotes on this line or the one before",
        ) from None
    except yaml.YAMLError:
        raise SelfevalError("YAML syntax error: this is not valid YAML", file=file) from None
    except RecursionError:
        raise SelfevalError("the data is nested too deeply to read", file=file) from None
    if node is None:
        raise SelfevalError("the file is empty", file=file, hint="see `selfeval template` for a start")
    builder = _Builder(file)
    builder.locator.marks[()] = _where(node)
    data = builder.build(node, ())
    return data, builder.locator


def loads_trusted(text: str, file: str) -> tuple[Any, MarkLocator]:
    """Parse a file that ships with selfeval (already linted in CI): safe, fast, no positions.

    Used for the built-in rule packs on every check; `selfeval rules lint` reads them with
    :func:`loads` instead, which keeps positions and refuses duplicate keys.
    """
    def parse(t: str) -> Any:
        import yaml

        return yaml.load(t, Loader=_loader())  # noqa: S506 - a safe loader

    data = cache.parsed(f"trusted:{file}", text, parse)
    return data, MarkLocator()


def loads_builtin(text: str, file: str) -> Any:
    """The data of a file that ships with selfeval (catalogue, benchmarks, positions), read as
    strictly as :func:`loads` the first time and from :mod:`selfeval.cache` after that."""
    return cache.parsed(f"strict:{file}", text, lambda t: loads(t, file)[0])


def load(path: Path | str) -> tuple[Any, MarkLocator]:
    """Read and parse a YAML file, with clear errors for missing, binary or oversized files."""
    name = str(path)
    return loads_bytes(files.read_bytes(path, MAX_BYTES), name)


def loads_bytes(raw: bytes, name: str) -> tuple[Any, MarkLocator]:
    """Parse a file's bytes (read from disk or dropped in a browser): size, encoding, then YAML."""
    if len(raw) > MAX_BYTES:
        raise SelfevalError(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB", file=name,
            hint="a metrics or rules file is a few kilobytes; is this the right file?",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SelfevalError(
            "the file is not UTF-8 text", file=name,
            hint="save it as UTF-8 text (in Excel: 'Save as' is not the way; write YAML in a text editor)",
        ) from None
    if "\x00" in text:
        raise SelfevalError("the file contains binary data, not text", file=name)
    return loads(text, name)


def plain(value: Any) -> Any:
    """Dates become ISO strings, and keys read as booleans (YAML 1.1's bare yes/no) become the
    words yes/no, so that data can be checked by JSON Schema and written as JSON."""
    if isinstance(value, dict):
        return {(("yes" if k else "no") if isinstance(k, bool) else k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
