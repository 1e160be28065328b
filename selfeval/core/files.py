"""Reading inputs and writing outputs safely.

Outputs are written atomically, so a reader sees the old file or the whole new one, and never
over one of the command's own inputs, a device (``/dev/null``, ``/dev/stdout``) or a special
file: those are refused before anything is written. Inputs must be regular files (a FIFO would
hang, ``/dev/zero`` never ends), and are read only up to a limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable, Iterable

from selfeval.core.errors import SelfevalError

_INPUTS: set[tuple[int, int, str]] = set()
"""(device, inode, real path) of every input file read by this command: an output may never
replace one. The path too, so that a deleted input's inode, reused by a new file, is not
mistaken for it."""


_SYSTEM_FOLDERS = ("/dev/", "/proc/", "/sys/")
"""Devices and the kernel's files; /dev/shm (a memory file system of ordinary files) is allowed."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def forget_inputs() -> None:
    """Start a new command (the CLI calls this first): inputs of an earlier one do not count."""
    _INPUTS.clear()


def note_input(path: str | os.PathLike[str]) -> None:
    """Remember that ``path`` is an input of this command (see :func:`check_output`)."""
    ident = _identity(Path(path))
    if ident is not None:
        _INPUTS.add((*ident, os.path.realpath(path)))


def regular_file(path: str | os.PathLike[str], what: str = "file") -> Path:
    """``path`` if it is a regular file we may read; else a located error, before any read
    (a FIFO would wait for a writer forever, a device such as /dev/zero never ends)."""
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise SelfevalError(f"{what} not found", file=name, hint="check the path") from None
    except OSError as exc:
        raise SelfevalError(f"cannot read the {what}: {_reason(exc)}", file=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise SelfevalError("this is a folder, not a file", file=name)
    if not stat.S_ISREG(st.st_mode):
        raise SelfevalError(f"this is a device or special file, not a {what}", file=name,
                            hint="give the path of an ordinary file")
    note_input(p)
    return p


def read_bytes(path: str | os.PathLike[str], limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file, refusing one larger than ``limit`` without reading it all."""
    p = regular_file(path, what)
    try:
        with p.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise SelfevalError(f"cannot read the {what}: {_reason(exc)}", file=str(path)) from None
    if len(raw) > limit:
        raise SelfevalError(f"the {what} is larger than {limit // (1024 * 1024)} MB", file=str(path),
                            hint="a metrics, settings or rules file is a few kilobytes; is this the right file?")
    return raw


def check_output(path: str | os.PathLike[str] | None, inputs: Iterable[str | os.PathLike[str] | None] = ()) -> None:
    """Refuse an output path that is one of the command's inputs, a folder, a device or a special
    file, before anything is read or written: ``-o metrics.yaml`` must never destroy the metrics."""
    if path is None:
        return
    target = Path(path)
    real = os.path.realpath(target)
    if any(p.startswith(_SYSTEM_FOLDERS) and not p.startswith("/dev/shm/") for p in (real, str(target))):
        # /dev/stdout may lead to a regular file (a redirect): still never rename over it
        raise SelfevalError("the output is a device or special file, not a file", file=str(path),
                            hint="give a file name, or leave out -o to see the output on the screen")
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise SelfevalError(f"cannot use this output path: {_reason(exc)}", file=str(path)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise SelfevalError("the output is a folder", file=str(path), hint="give a file name, such as report.html")
        if not stat.S_ISREG(st.st_mode):
            raise SelfevalError("the output is a device or special file, not a file", file=str(path),
                                hint="give a file name, or leave out -o to see the output on the screen")
        given = {i for i in (_identity(Path(x)) for x in inputs if x is not None) if i is not None}
        read = {(dev, ino) for dev, ino, where in _INPUTS if where == real}
        if (st.st_dev, st.st_ino) in given | read:
            raise SelfevalError("the output is also an input of this command", file=str(path),
                                hint="choose another name: selfeval never overwrites its inputs")


def _reason(exc: OSError) -> str:
    """An operating-system error in our words (never Python's or the library's own text)."""
    words = {errno.EACCES: "permission denied", errno.EPERM: "permission denied",
             errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
             errno.EROFS: "the disk is read-only", errno.ENAMETOOLONG: "the name is too long",
             errno.ENOENT: "no such file or folder", errno.EISDIR: "it is a folder",
             errno.ENOTDIR: "part of the path is not a folder", errno.EIO: "a disk input/output error"}
    return words.get(exc.errno or 0, f"the system refused (error {exc.errno})")


def write_atomic(path: str | os.PathLike[str], content: str | bytes | Callable[[Path], None]) -> None:
    """Write a file so that readers see the old file or the whole new one, never half of one.

    ``content`` is text, bytes, or a function that writes the file at the path it is given
    (for writers such as python-docx and openpyxl that save to a path).
    """
    check_output(path)
    target = Path(os.path.realpath(path))  # through a symbolic link to the file it names
    folder = target.parent
    if not folder.is_dir():
        raise SelfevalError("the output folder does not exist", file=str(path), hint="create it first")
    try:
        import tempfile  # only when a file is written: a check to the screen never needs it

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SelfevalError(f"cannot write in this folder: {_reason(exc)}", file=str(path),
                            hint="choose a folder you can write to") from None
    try:
        if callable(content):
            os.close(fd)
            content(Path(tmp))
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SelfevalError(f"cannot write the file: {_reason(exc)}", file=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
