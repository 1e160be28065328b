"""Find the data that ships in the package: rule packs, templates and data files.

Installed, ``rules/`` and ``templates/`` are the subpackages ``selfeval.rules`` and
``selfeval.templates``. Run from a source checkout without installing (or with the source tree
ahead of the installed package on ``sys.path``), they are the folders beside ``selfeval/``.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable  # importlib.abc.Traversable is gone in 3.14
from pathlib import Path


def folder(name: str) -> Traversable:
    """``rules``, ``templates`` or ``data``."""
    try:
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
