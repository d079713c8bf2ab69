"""One writer per run folder, and finding the runs that a crash left behind.

A process that writes into a run folder (training, resuming) first creates `run.lock` there
with `O_CREAT | O_EXCL`, an atomic "create if absent" on every system and on network shares,
and writes who it is: process id, computer name and when it started. A second window or
program that wants to write gets a plain sentence instead; readers (generate, eval, the Runs
page) never look at the lock.

A lock whose process is gone (the app was killed, the computer lost power) is stale and is
taken over. On the same computer "gone" means no live process with that id and start time;
a lock from another computer (a folder on a shared drive, or copied from a teacher) cannot be
checked that way, so its holder refreshes the file's time while it works and a lock untouched
for `STALE_AFTER_S` counts as stale.

`find_interrupted_runs` lists the runs whose run.json still says "running" while no live
process holds their lock: the window offers to resume them at its next start.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import inspect
import json
import os
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.fileio import write_error

LOCK_FILE = "run.lock"
T = TypeVar("T")
# A lock from another computer that nobody refreshed for this long is stale. Holders refresh
# it at least every `REFRESH_EVERY_S` (the Trainer does so each time it writes its metrics).
STALE_AFTER_S = 10 * 60.0
REFRESH_EVERY_S = 30.0
# A lock file that is still empty (its creator is between create and write) is young, not
# broken, for this long.
_EMPTY_GRACE_S = 5.0


@dataclass(frozen=True)
class LockInfo:
    """Who holds a run folder."""

    pid: int
    host: str
    started: float  # when the lock was taken (time.time())
    token: str  # unique per lock, so a holder can tell its own lock from a successor's
    process_start: str | None = None  # the process's own start time, against reused ids

    def to_json(self) -> str:
        return json.dumps(self.__dict__) + "\n"


def _process_start(pid: int) -> str | None:
    """When process `pid` started, in clock ticks since boot (Linux), else None.

    Process ids are reused: a lock naming pid 4242 is stale if the 4242 alive now started
    after the lock's owner did.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces; fields follow it.
    fields = text[text.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # os.kill(pid, 0) would send Ctrl-C there (signal 0 is CTRL_C_EVENT): ask Windows.
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    except OSError:
        return False
    return True


def _this_host() -> str:
    return socket.gethostname()


def read_lock(folder: str | os.PathLike[str]) -> LockInfo | None:
    """The lock of a run folder, or None if there is none or it cannot be read."""
    return _read_info(Path(folder) / LOCK_FILE)


def lock_is_live(folder: str | os.PathLike[str]) -> bool:
    """Whether a live process holds the run folder's lock."""
    path = Path(folder) / LOCK_FILE
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    info = read_lock(folder)
    if info is None:
        # Empty or torn: either its creator is writing it right now, or it crashed then.
        return age < _EMPTY_GRACE_S
    if info.host != _this_host():
        return age < STALE_AFTER_S
    if info.pid == os.getpid():
        return info.token in _HELD_TOKENS
    if not pid_alive(info.pid):
        return False
    if info.process_start is not None:
        current = _process_start(info.pid)
        if current is not None and current != info.process_start:
            return False  # the id now belongs to another process
    return True


# Locks this process holds, by folder: taking a folder's lock again in the same process (the
# command line takes it before writing run.json, the Trainer again when it starts) nests.
_HELD: dict[str, RunLock] = {}
_HELD_TOKENS: set[str] = set()
_HELD_GUARD = threading.Lock()


class RunLock:
    """The right to write into one run folder. Use `acquire_run_lock`; release when done."""

    def __init__(self, folder: Path, info: LockInfo, created_folder: bool = False) -> None:
        self.folder = folder
        self.info = info
        # Made by this lock: removed again if nothing was saved in it (a cancelled or failed
        # new run leaves no trace).
        self.created_folder = created_folder
        self.depth = 1
        self._last_refresh = time.monotonic()

    @property
    def path(self) -> Path:
        return self.folder / LOCK_FILE

    def refresh(self, force: bool = False) -> None:
        """Touch the lock so other computers see it is alive (cheap; at most every 30 s)."""
        now = time.monotonic()
        if not force and now - self._last_refresh < REFRESH_EVERY_S:
            return
        self._last_refresh = now
        with contextlib.suppress(OSError):
            os.utime(self.path)

    def release(self) -> None:
        with _HELD_GUARD:
            self.depth -= 1
            if self.depth > 0:
                return
            _HELD.pop(_key(self.folder), None)
            _HELD_TOKENS.discard(self.info.token)
        current = read_lock(self.folder)
        if current is not None and current.token == self.info.token:
            with contextlib.suppress(OSError):
                self.path.unlink()
        if self.created_folder:
            with contextlib.suppress(OSError):
                self.folder.rmdir()  # only succeeds when empty

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _key(folder: Path) -> str:
    return os.path.normcase(str(folder.resolve()))


def _create(path: Path) -> LockInfo | None:
    """Create the lock file if absent; None if another one is there."""
    info = LockInfo(
        pid=os.getpid(),
        host=_this_host(),
        started=time.time(),
        token=uuid.uuid4().hex,
        process_start=_process_start(os.getpid()),
    )
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except FileExistsError:
        return None
    try:
        os.write(handle, info.to_json().encode("utf-8"))
    except OSError as exc:
        os.close(handle)
        with contextlib.suppress(OSError):
            path.unlink()
        raise write_error(path.parent, exc) from exc
    os.close(handle)
    return info


def holding_run_lock(function: Callable[..., T]) -> Callable[..., T]:
    """Run `function` holding the lock of the run folder given as its `folder` argument.

    For the functions that write a whole run folder in one call (n-gram training, ARPA
    import): the lock is taken before they look at the folder and released when they end.
    """
    signature = inspect.signature(function)

    @functools.wraps(function)
    def locked(*args: Any, **kwargs: Any) -> T:
        folder = signature.bind(*args, **kwargs).arguments["folder"]
        with acquire_run_lock(folder):
            return function(*args, **kwargs)

    return locked


def acquire_run_lock(folder: str | os.PathLike[str]) -> RunLock:
    """Take the run folder for writing (creating the folder if needed), or explain who has it.

    Raises RunFolderError("run_locked") when a live process holds it, and a plain "cannot
    write here" error when the folder cannot be written (this is also the earliest check
    that an output folder is writable, before any long work).
    """
    folder = Path(folder)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(folder, exc) from exc
    key = _key(folder)
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held is not None:
            held.depth += 1
            return held
    path = folder / LOCK_FILE
    try:
        for _ in range(5):  # a few rounds: a stale lock taken over by someone else meanwhile
            try:
                info = _create(path)
            except PermissionError as exc:
                raise write_error(folder, exc) from exc
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC):
                    raise write_error(folder, exc) from exc
                raise
            if info is not None:
                lock = RunLock(folder, info, created)
                with _HELD_GUARD:
                    _HELD[key] = lock
                    _HELD_TOKENS.add(info.token)
                return lock
            if lock_is_live(folder):
                raise RunFolderError("run_locked", path=str(folder))
            _remove_stale(path)
        raise RunFolderError("run_locked", path=str(folder))
    except BaseException:
        _cleanup_failed(folder, created)
        raise


def _cleanup_failed(folder: Path, created: bool) -> None:
    if created:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _remove_stale(path: Path) -> None:
    """Move a stale lock aside, and put it back if it turned out to be a fresh one.

    Two processes may judge the same stale lock at once; the first removes it and creates its
    own, and the second must not remove that new one. Renaming to a unique name and checking
    what was moved keeps the window for that mistake to a few microseconds, and undoes it.
    """
    judged = read_lock(path.parent)
    aside = path.with_name(f"{LOCK_FILE}.stale-{uuid.uuid4().hex[:8]}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return  # someone else moved it: try creating again
    except OSError as exc:
        raise write_error(path.parent, exc) from exc
    moved = _read_info(aside)
    if judged is not None and moved is not None and moved.token != judged.token:
        with contextlib.suppress(OSError):
            os.link(aside, path)  # fails if a third lock exists already: then that one wins
    with contextlib.suppress(OSError):
        aside.unlink()


def _read_info(path: Path) -> LockInfo | None:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(
            pid=int(data["pid"]), host=str(data["host"]), started=float(data["started"]),
            token=str(data["token"]), process_start=data.get("process_start"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --------------------------------------------------------------------------- interrupted runs


@dataclass(frozen=True)
class InterruptedRun:
    """A run that was training when its process stopped without finishing."""

    folder: Path
    model_kind: str
    checkpoint_step: int | None  # where resuming starts; None: nothing to resume from
    last_logged_step: int  # the last step in metrics.jsonl (steps after the checkpoint are lost)
    stopped: float  # when it was last written (seconds since the epoch)

    @property
    def can_resume(self) -> bool:
        return self.checkpoint_step is not None


def interrupted_run(folder: str | os.PathLike[str]) -> InterruptedRun | None:
    """The run in `folder` if it was interrupted while training, else None.

    A damaged run.json (or one of the app's files a link) is not an interrupted run: None.
    A damaged checkpoint pointer or metrics line only loses what it held.
    """
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.runs import folder as files
    from lmstudio_app.core.runs import metrics, paths

    folder = Path(folder)
    try:
        run = files.read_run_json(folder)
    except StudioError:
        return None
    if run.get("status") != "running" or lock_is_live(folder):
        return None
    checkpoint_step: int | None = None
    try:
        pointer = json.loads(paths.read_text(folder, "checkpoint/latest.json"))
        checkpoint_step = int(pointer["step"])
    except (OSError, ValueError, KeyError, TypeError, StudioError):
        checkpoint_step = None
    try:
        records = metrics.read_metrics(folder)  # skips damaged lines itself
    except StudioError:
        records = []
    last = max((step for r in records if (step := metrics.metric_step(r)) is not None), default=0)
    stamps = []
    for path in (folder / files.RUN_JSON, folder / files.METRICS_JSONL):
        with contextlib.suppress(OSError):
            stamps.append(os.lstat(path).st_mtime)
    return InterruptedRun(folder, str(run.get("model_kind")), checkpoint_step, last,
                          max(stamps, default=0.0))


def find_interrupted_runs(runs_folder: str | os.PathLike[str]) -> list[InterruptedRun]:
    """Runs in `runs_folder` (the folder itself and its sub-folders, one level deep) that were
    training when their process died, most recent first. Cheap: reads run.json files only."""
    root = Path(runs_folder)
    candidates = [root]
    with contextlib.suppress(OSError):
        # Real folders only: a link in the runs folder leads somewhere the window would then
        # offer to write into.
        candidates.extend(sorted(
            Path(item.path) for item in os.scandir(root) if item.is_dir(follow_symlinks=False)
        ))
    found = []
    for candidate in candidates:
        try:
            run = interrupted_run(candidate)
        except Exception as exc:  # one unreadable run must never hide the others
            from lmstudio_app.core.appdirs import log_exception

            log_exception(exc, f"looking for an interrupted run in {candidate}")
            continue
        if run is not None:
            found.append(run)
    return sorted(found, key=lambda run: run.stopped, reverse=True)
