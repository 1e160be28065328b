"""Parsed Annex A rows, small: a slotted record per row that reads like the dict it replaces.

At ten times the large demo the reader kept 836,000 rows as dicts, about 300 bytes each with
their values. A :class:`Row` holds the same fields in slots (about 40–70 bytes) and is read the
same way — ``row["field"]``, ``row.get("field")``, ``"field" in row``, ``row.items()`` — so the
rules of counting are unchanged; a field never set (an optional column the file does not have,
``_bad`` on a clean row) is absent, as a missing key was. Equal dates are stored once per table
(:func:`interner`): most of a list's dates fall on a few hundred days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class Row:
    """A parsed row; subclasses made by :func:`row_class` name the fields."""

    __slots__ = ()
    __getitem__ = object.__getattribute__  # row["field"] at the speed of an attribute
    __setitem__ = object.__setattr__

    def _fields(self) -> tuple[str, ...]:
        return type(self).__slots__

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default) if key in self._fields() else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._fields() and hasattr(self, key)

    def keys(self) -> list[str]:
        return [k for k in self._fields() if hasattr(self, k)]

    def items(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in self._fields() if hasattr(self, k)]

    def values(self) -> list[Any]:
        return [v for _, v in self.items()]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Row, dict)):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like the dict it replaces

    def __repr__(self) -> str:
        return repr(dict(self.items()))


def row_class(fields: Iterable[str]) -> type[Row]:
    """A :class:`Row` with these fields (and ``_row``, ``_bad``)."""
    names = tuple(dict.fromkeys(("_row", *fields, "_bad")))
    return type("Row", (Row,), {"__slots__": names})


def interner() -> Callable[[Any], Any]:
    """A function that returns one shared object for equal dates (other values as given)."""
    seen: dict[dt.date, dt.date] = {}

    def intern(value: Any) -> Any:
        if type(value) is dt.date:
            return seen.setdefault(value, value)
        return value
    return intern
