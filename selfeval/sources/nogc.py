"""The cyclic garbage collector paused while an importer builds its rows.

An import builds tens of thousands of tuples, rows and XML elements that all live until it
ends; each full generation of young objects makes the collector walk every survivor again for
nothing (the import makes no reference cycles to free). That walking was a fifth of the 903 XML
import and a sixth of the CSV one in-process. Reference counting still frees everything as
usual; the collector runs again once the outermost paused call returns.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def paused(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn`` run with the collector off (nesting is fine: only the outermost call turns it on)."""
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return run
