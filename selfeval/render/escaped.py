"""A report model seen through an escape function, escaped as each value is read.

``visible_tree`` and ``markdown_tree`` (:mod:`selfeval.core.textsafe`) copy the whole model with
every string escaped; a template reads a small part of it (the terminal view of one check: a few
hundred of some thirty thousand values), and the copy took more time than rendering. The view here
gives a template the same values, escaped the same way, only for what it reads: a mapping or list
read from it is again a view; a string is escaped; anything else is as it is. Keys are never
escaped (as in the copies). Everything a template does with a mapping or a list (attributes and
items, ``get``, ``items``, ``values``, loops, slices, ``+``, ``in``, ``reverse``, every filter, which
loop over it) reads through the view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from selfeval.core.textsafe import PLAIN

Escape = Callable[[str], str]


def view(data: Any, escape: Escape) -> Any:
    """``data`` as the template sees it: what the ``*_tree`` copy would hold at each place."""
    if isinstance(data, str):
        return escape(data)
    if isinstance(data, dict):
        return EscapedDict(data, escape)
    if isinstance(data, (list, tuple)):
        return EscapedList(data, escape)
    return data


class _Kids:
    """Each place's view made once: read twice, it is the same object (``x is sameas y``), as
    in a copy; two places holding one value are two objects, as in a copy."""

    __slots__ = ()
    _escape: Escape
    _kids: dict[Any, Any]

    def _child(self, place: Any, value: Any) -> Any:
        t = type(value)
        if t is str:
            return self._escape(value)
        if t in PLAIN:
            return value
        kid = self._kids.get(place)
        if kid is None:
            kid = self._kids[place] = view(value, self._escape)
        return kid


class EscapedDict(_Kids, dict[str, Any]):
    """A mapping whose values are read escaped (its own items are the raw ones)."""

    __slots__ = ("_escape", "_kids")

    def __init__(self, raw: dict[str, Any], escape: Escape) -> None:
        super().__init__(raw)
        self._escape, self._kids = escape, {}

    def __getitem__(self, key: str) -> Any:
        return self._child(key, dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:
        return self._child(key, dict.__getitem__(self, key)) if key in self else default

    def values(self) -> Any:
        return [self._child(k, v) for k, v in dict.items(self)]

    def items(self) -> Any:
        return [(k, self._child(k, v)) for k, v in dict.items(self)]

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    __str__ = __repr__


class EscapedList(_Kids, list[Any]):
    """A list (or a tuple, as the copies make it) whose items are read escaped."""

    __slots__ = ("_escape", "_kids")

    def __init__(self, raw: list[Any] | tuple[Any, ...], escape: Escape) -> None:
        super().__init__(raw)
        self._escape, self._kids = escape, {}

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._child(i, list.__getitem__(self, i)) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        return self._child(index, list.__getitem__(self, index))

    def __iter__(self) -> Iterator[Any]:
        for i, v in enumerate(list.__iter__(self)):
            yield self._child(i, v)

    def __reversed__(self) -> Iterator[Any]:
        for i in range(len(self) - 1, -1, -1):
            yield self._child(i, list.__getitem__(self, i))

    def __contains__(self, item: object) -> bool:
        return any(v == item for v in self)

    def __add__(self, other: Any) -> Any:
        return list(self) + list(other)

    def __radd__(self, other: Any) -> Any:
        return list(other) + list(self)

    def __mul__(self, n: Any) -> Any:
        return list(self) * n

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        return repr(list(self))

    __str__ = __repr__
