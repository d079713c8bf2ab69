"""Runs that never finished: recognised as such, and their folder usable again.

A new run writes run.json (status "created") and tokenizer.json first and its model last. A
full disk, a kill or a power cut in between leaves a folder with run.json but no model: it
holds nothing that can be generated from or resumed, and refusing it as "already holds a
run" left the person stuck with a folder that the same command can never use again.

Such a folder is *unfinished* when, all at once:
- run.json is readable and its status is one a run has before it is finished;
- there is no model file (model.safetensors / model.arpa) and no checkpoint to resume from;
- no live process holds its lock (the caller holds the lock itself when it asks).

A finished run, a resumable one, a damaged run.json or a run being trained is never unfinished,
so it is still refused.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from lmstudio_app.core.errors import StudioError

# Statuses a run has before it has a usable model. "done" and "finished" (finished), "diverged"
# (kept its last good weights), "failed" after a model was saved: the model file decides.
UNFINISHED_STATUSES = frozenset({"created", "running", "cancelled", "failed"})
MODEL_FILES = ("model.safetensors", "model.arpa")
# What an unfinished attempt may have written besides run.json and tokenizer.json, which the
# new run replaces anyway (atomically). metrics.jsonl is appended to, so an old one would mix
# two attempts' lines; an n-gram's counts (rewritten anyway) may be left half written.
_STALE_FILES = ("metrics.jsonl", ".counts.safetensors.partial")


def is_unfinished_run(folder: str | os.PathLike[str]) -> bool:
    """Whether `folder` holds a run that never got a model (see the module's notes)."""
    from lmstudio_app.core.checkpoint import has_checkpoint
    from lmstudio_app.core.runs.folder import read_run_json
    from lmstudio_app.core.runs.lock import lock_is_live, read_lock

    folder = Path(folder)
    try:
        run = read_run_json(folder)
    except StudioError:
        return False  # damaged or from a newer version: refused as before, never replaced
    if run.get("status") not in UNFINISHED_STATUSES:
        return False
    if any(os.path.lexists(folder / name) for name in MODEL_FILES):
        return False
    if has_checkpoint(folder):
        return False  # resumable: --resume continues it, a new run must not replace it
    holder = read_lock(folder)
    if holder is not None and holder.pid == os.getpid():
        return True  # the caller's own lock (it takes the lock before asking)
    return not lock_is_live(folder)


def clear_unfinished_run(folder: str | os.PathLike[str]) -> None:
    """Remove what an unfinished attempt left that a new run would append to.

    Only names inside `folder` are unlinked (never followed: a symlink placed there is
    removed as a link, its target untouched); nothing else is deleted.
    """
    for name in _STALE_FILES:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(Path(folder) / name)
