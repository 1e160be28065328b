"""A cache of parsed built-in data files, keyed by a checksum of their text: never stale.

Parsing the built-in packs, catalogue and benchmarks from YAML took about a quarter of every
``selfeval check``; unpickling the same data is some forty times faster. Each entry is keyed by
the SHA-256 of the file's text (and the Python and selfeval versions), so an edited file is a new
key and is parsed afresh; nothing is ever served for text it was not built from. Only data that
ships with selfeval is cached (a user's files are always read and linted in full), and ``selfeval
rules lint`` still reads the YAML with positions.

The cache lives in ``$SELFEVAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/selfeval``, else
``~/.cache/selfeval``; ``SELFEVAL_CACHE_DIR=off`` turns it off. A folder that cannot be written
only makes runs slower: the cache never fails a command. Entries are loaded only from a folder and
files owned by the user and not writable by others (a pickle is code to whoever can write it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from selfeval import __version__

T = TypeVar("T")
FORMAT = 1
_SALT = f"{FORMAT}|{__version__}|{sys.version_info[:2]}".encode()


def folder() -> Path | None:
    """Where entries are kept, or None when caching is off."""
    given = os.environ.get("SELFEVAL_CACHE_DIR")
    if given:
        return None if given.lower() in ("off", "0", "none") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "selfeval"


def checksum(*texts: str) -> str:
    h = hashlib.sha256(_SALT)
    for t in texts:
        h.update(b"\0")
        h.update(t.encode("utf-8"))
    return h.hexdigest()


def trusted(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (else never loaded: it would run as code)."""
    uid = getattr(os, "getuid", lambda: st.st_uid)()
    return st.st_uid == uid and not st.st_mode & 0o022


def parsed(name: str, text: str, parse: Callable[[str], T], keep: Callable[[T], bool] | None = None) -> T:
    """``parse(text)``, from the cache when an entry for exactly this text exists; a value
    parsed afresh is kept unless ``keep`` says not."""
    if folder() is None:
        return parse(text)
    return built(name, checksum(name, text), lambda: parse(text), keep)


def digest(name: str, *parts: bytes) -> str:
    """The key of an entry made from several files' bytes (read as bytes: no decoding to hash)."""
    h = hashlib.sha256(_SALT)
    h.update(b"\0" + name.encode("utf-8"))
    for part in parts:
        h.update(b"\0%d\0" % len(part))
        h.update(part)
    return h.hexdigest()


def built(name: str, key: str, build: Callable[[], T], keep: Callable[[T], bool] | None = None) -> T:
    """``build()``, from the cache when an entry under exactly ``key`` (a :func:`checksum` or
    :func:`digest` of everything it is built from) exists; kept unless ``keep`` says not."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{''.join(c if c.isalnum() else '-' for c in name)}-{key[:32]}.pickle"
    try:
        with open(path, "rb") as fh:
            if trusted(os.fstat(fh.fileno())) and trusted(os.stat(where)):
                stored_key, value = pickle.load(fh)  # noqa: S301 - our own file, see above
                if stored_key == key:
                    return value  # type: ignore[no-any-return]
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        pass
    value = build()
    if keep is None or keep(value):
        _store(where, path, key, value)
    return value


def _store(where: Path, path: Path, key: str, value: object) -> None:
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        import tempfile  # only when an entry is written (tempfile imports shutil, bz2, lzma …)

        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        stem = path.name.rsplit("-", 1)[0]
        for old in where.glob(f"{stem}-*.pickle"):  # entries for older text of the same file
            if old != path and len(old.name) == len(path.name):
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a cache that cannot be written only costs time
