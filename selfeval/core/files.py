"""Writing output files: atomically, so a reader sees the old file or the whole new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from selfeval.core.errors import SelfevalError


def write_atomic(path: str | os.PathLike[str], content: str | bytes | Callable[[Path], None]) -> None:
    """Write a file so that readers see the old file or the whole new one, never half of one.

    ``content`` is text, bytes, or a function that writes the file at the path it is given
    (for writers such as python-docx and openpyxl that save to a path).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise SelfevalError("the output folder does not exist", file=str(path), hint="create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
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
        raise SelfevalError(f"cannot write the file: {exc.strerror}", file=str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
