"""Find the data that ships in the package: rule packs, templates and data files.

Installed, ``rules/`` and ``templates/`` are the subpackages ``selfeval.rules`` and
``selfeval.templates``. Run from a source checkout without installing (or with the source tree
ahead of the installed package on ``sys.path``), they are the folders beside ``selfeval/``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources imports tempfile, shutil, bz2, lzma …: only when needed
    from importlib.resources.abc import Traversable  # importlib.abc.Traversable is gone in 3.14


@lru_cache(maxsize=None)
def folder(name: str) -> Traversable:
    """``rules``, ``templates`` or ``data``."""
    try:
        spec = find_spec(f"selfeval.{name}")
        # a folder on disk is read as a Path: importlib.resources would import its zip readers
        # (a tenth of a check's import time) to say the same
        places = list(spec.submodule_search_locations or []) if spec else []
        if len(places) == 1 and Path(places[0]).is_dir():
            return Path(places[0])
        from importlib import resources

        return resources.files(f"selfeval.{name}")
    except ModuleNotFoundError:
        here = Path(__file__).resolve().parent
        for candidate in (here.parent / name, here.parent.parent / name):
            if candidate.is_dir():
                return candidate
        raise


def read_text(name: str, *parts: str) -> str:
    ref = folder(name)
    for part in parts:
        ref = ref.joinpath(part)
    return ref.read_text(encoding="utf-8")
