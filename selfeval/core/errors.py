"""The one way to fail on user input.

Anything a user can fix raises :class:`SelfevalError`; the CLI prints it as one line and exits 2.
Anything else is a bug, and the CLI says so.
"""

from __future__ import annotations

from typing import Protocol

from selfeval.core.records import dataclass


@dataclass(frozen=True)
class Where:
    """A place in an input file: a YAML line/column, or a free description such as a cell."""

    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    place: str | None = None  # e.g. "sheet 'Metrics', cell D7"


NOWHERE = Where()

KeyPath = tuple[str | int, ...]


class Locator(Protocol):
    """Maps a key path in loaded data (e.g. ``("metrics", "x")``) to where it was written."""

    def where(self, path: KeyPath) -> Where: ...


class NoLocator:
    """A locator for data that came from nowhere in particular (tests, built-in defaults)."""

    def where(self, path: KeyPath) -> Where:
        return NOWHERE


class SelfevalError(Exception):
    """A problem with the user's input, reported as ``file:line:col: message — hint``."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        where: Where = NOWHERE,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.where = where
        self.hint = hint

    def located(self, file: str, where: Where = NOWHERE) -> SelfevalError:
        """Return a copy naming ``file`` (and a place, if this error had none)."""
        return SelfevalError(
            self.message,
            file=self.file or file,
            where=self.where if self.where != NOWHERE else where,
            hint=self.hint,
        )

    def __str__(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        w = self.where
        if w.line is not None:
            parts.append(str(w.line))
            if w.column is not None:
                parts.append(str(w.column))
        prefix = ":".join(parts)
        if w.place:
            prefix = f"{prefix}: {w.place}" if prefix else w.place
        text = f"{prefix}: {self.message}" if prefix else self.message
        if self.hint:
            text = f"{text} — {self.hint}"
        # One line, nothing a terminal acts on, and no value quoted at length: messages are
        # pasted into emails and tickets.
        from .textsafe import shorten_quotes, visible

        return shorten_quotes(visible(text))
