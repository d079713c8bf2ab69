"""Writing files so that nothing already on disk is lost: temporary name, fsync, rename."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lmstudio_app.core.errors import StudioError


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside `path`; on success it replaces `path` in one rename.

    On any failure (a full disk, a crash) the temporary file is removed and the old `path`,
    if there was one, is untouched.
    """
    path = Path(path)
    binary = "b" in mode
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise write_error(path, exc) from exc
    try:
        make_shareable(temp_name)
        with os.fdopen(handle, mode, encoding=None if binary else encoding) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise write_error(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


def write_error(path: str | os.PathLike[str], exc: OSError) -> StudioError:
    """The plain sentence for a failed write: the system's own text ("No space left on
    device") is neither translated nor always clear, so the common causes get sentences."""
    if exc.errno in _DISK_FULL:
        return StudioError("disk_full", path=str(path))
    if exc.errno in _NOT_ALLOWED or isinstance(exc, PermissionError):
        return StudioError("cannot_write", path=str(path))
    return StudioError("write_failed", path=str(path), reason=exc.strerror or str(exc))


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it; done once, at import
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def make_shareable(path: str | os.PathLike[str]) -> None:
    """Give a file or folder from mkstemp/mkdtemp (private: 0600/0700) the permissions any new
    one would get, because run folders are meant to be copied and handed to a class."""
    mode = 0o777 if os.path.isdir(path) else 0o666
    os.chmod(path, mode & ~_UMASK)


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_writer(path, "w") as stream:
        stream.write(text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path, "wb") as stream:
        stream.write(data)
