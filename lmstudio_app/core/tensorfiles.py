"""Writing safetensors files with the system's errors kept as OSError.

`safetensors.torch.save_file` writes from Rust and reports a full disk as a SafetensorError
whose text ends in "No space left on device (os error 28)": not an OSError, so the app's
sentences for a full disk or a read-only folder (`fileio.write_error`) never saw it and the
person got "internal error". Here the error number is read back out of that text.

`save_file` is kept rather than `safetensors.torch.save` to bytes and our own atomic write:
save_file (safetensors 0.8) writes straight from the tensors' memory, while `save` builds the
whole file in memory, twice over (its buffer, then `bytes()`): up to twice the checkpoint's
size more at the peak, for no gain, since the checkpoint is written under a temporary folder
name and renamed anyway.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the n-gram models write their counts with it, and never load torch
    import numpy as np
    import torch

_OS_ERROR = re.compile(r"\(os error (\d+)\)")
# Rust's texts for the common cases, should a version leave the number out.
_TEXTS = {
    "no space left on device": errno.ENOSPC,
    "disk quota exceeded": errno.EDQUOT,
    "permission denied": errno.EACCES,
    "read-only file system": errno.EROFS,
}


def os_error_of(exc: BaseException) -> OSError | None:
    """The OSError a SafetensorError stands for, or None if it is about something else."""
    text = str(exc)
    match = _OS_ERROR.search(text)
    number = int(match.group(1)) if match else None
    if number is None:
        number = next((n for words, n in _TEXTS.items() if words in text.lower()), None)
    if number is None:
        return None
    return OSError(number, os.strerror(number))


def save_tensors_file(
    tensors: dict[str, torch.Tensor], path: str | os.PathLike[str],
    metadata: dict[str, str] | None = None,
) -> None:
    """`safetensors.torch.save_file`, raising OSError for a failed write."""
    from safetensors import SafetensorError
    from safetensors.torch import save_file

    try:
        save_file(tensors, str(Path(path)), metadata=metadata)
    except SafetensorError as exc:
        error = os_error_of(exc)
        if error is None:
            raise
        raise error from exc


def save_arrays_file(
    arrays: dict[str, np.ndarray], path: str | os.PathLike[str],
    metadata: dict[str, str] | None = None,
) -> None:
    """`safetensors.numpy.save_file`, raising OSError for a failed write."""
    from safetensors import SafetensorError
    from safetensors.numpy import save_file

    try:
        save_file(arrays, str(Path(path)), metadata=metadata)
    except SafetensorError as exc:
        error = os_error_of(exc)
        if error is None:
            raise
        raise error from exc
