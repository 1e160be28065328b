"""``dataclass``, made cheap to create at import: a drop-in for :func:`dataclasses.dataclass`.

Creating a dataclass writes the source of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
and the frozen ``__setattr__``/``__delattr__``, and compiles each: about half a millisecond a
class, a fifth of ``selfeval``'s import for the forty-odd the core defines. Those sources are the
same on every run, so this module keeps their compiled code (keyed by the exact source text, in
the folder of :mod:`selfeval.core.cache`) and lets :mod:`dataclasses` execute it instead of
compiling again. The classes are ordinary dataclasses (``fields``, ``replace``, ``asdict`` work);
a source never seen before is compiled as usual, so a changed class can never get stale code.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
import sys
from collections.abc import Callable
from types import CodeType
from typing import Any, TypeVar, dataclass_transform, overload

from selfeval.core import cache

T = TypeVar("T")
_FILE = f"dataclass-code-{sys.implementation.cache_tag}.marshal"
_codes: dict[str, CodeType] | None = None
_new: dict[str, CodeType] = {}
_used: set[str] = set()


def _load() -> dict[str, CodeType]:
    where = cache.folder()
    if where is None:
        return {}
    try:
        with open(where / _FILE, "rb") as fh:
            if cache.trusted(os.fstat(fh.fileno())) and cache.trusted(os.stat(where)):
                codes = marshal.loads(fh.read())  # from a file, marshal reads a few bytes a call: 10x slower
                if isinstance(codes, dict):
                    return codes
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return {}


def _save() -> None:
    where = cache.folder()
    if where is None or not _new:
        return
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = where / f".{_FILE}.{os.getpid()}"
        kept = {**(_codes or {}), **_new}
        if len(kept) > 4000:  # sources of classes edited away pile up: keep this run's only
            kept = {k: v for k, v in kept.items() if k in _used}
        tmp.write_bytes(marshal.dumps(kept))
        os.replace(tmp, where / _FILE)
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs time


def _exec(source: Any, globals_: Any = None, locals_: Any = None, /) -> None:
    """``exec`` for :mod:`dataclasses`: run the kept code of ``source`` if there is one."""
    global _codes
    if not isinstance(source, str):
        return builtins.exec(source, globals_, locals_)
    if _codes is None:
        _codes = _load()
        atexit.register(_save)
    _used.add(source)
    code = _codes.get(source) or _new.get(source)
    if code is None:
        code = _new[source] = compile(source, "<string>", "exec")
    builtins.exec(code, globals_, locals_)


@overload
def dataclass(cls: type[T], /) -> type[T]: ...
@overload
def dataclass(*, frozen: bool = ..., eq: bool = ..., order: bool = ..., repr: bool = ...,
              kw_only: bool = ..., slots: bool = ..., rebuilt: bool = ...) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def dataclass(cls: Any = None, /, **options: Any) -> Any:
    """:func:`dataclasses.dataclass` with the generated methods' code kept between runs."""
    rebuilt = options.pop("rebuilt", False)

    def wrap(c: type[T]) -> type[T]:
        if not c.__doc__:  # dataclasses would build one with inspect.signature (slow)
            c.__doc__ = c.__name__
        dataclasses.exec = _exec  # type: ignore[attr-defined]  # its global, shadowing the builtin
        try:
            made = dataclasses.dataclass(c, **options)
        finally:
            del dataclasses.exec  # type: ignore[attr-defined]
        if rebuilt:
            _pickle_through_init(made)
        return made
    return wrap if cls is None else wrap(cls)


def _pickle_through_init(cls: type[T]) -> None:
    """``rebuilt=True``: unpickle instances by calling ``__init__`` with their fields. Pickle's own
    way fills each instance's ``__dict__`` afterwards, which leaves reading their attributes about
    a fifth slower for the rest of the process (CPython then looks them up in a dict of each
    instance's own instead of the class's shared layout): for the classes every evaluation reads
    (rules, levels, conditions), unpickled from :mod:`selfeval.core.cache` on every check."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not f.init or f.kw_only for f in fields):
        raise TypeError(f"{cls.__name__}: rebuilt=True needs every field in __init__, by position")
    names = tuple(f.name for f in fields)

    def __reduce__(self: Any) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, n) for n in names)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]


field = dataclasses.field
__all__ = ["dataclass", "field"]
