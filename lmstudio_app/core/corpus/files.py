"""Which paths a corpus may read: regular files, and inside a folder only what is inside it.

A folder from someone else may hold a link to `/etc/passwd` or to a file in the reader's home:
followed, its text would be trained on and its name written to run.json. A named pipe blocks
for ever when opened for reading (until a writer appears), a device such as `/dev/zero` reads
without end, and a socket cannot be read at all. So:

- anything named is checked with `os.stat` before it is opened, and refused unless it is a
  regular file (or a folder);
- in a folder, links whose target lies outside the folder, links that lead nowhere, named
  pipes, devices and sockets are skipped and counted; links that stay inside are followed,
  but no folder is entered twice (no loop) and no file read twice;
- a file is opened without blocking and checked again once open, so one swapped for a pipe
  between the check and the opening is still refused, not waited on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_, Text

# A path as the corpus functions take it.
PathLike = str | os.PathLike[str]

# SkippedFile.kind: why a file in a folder was left out, for the sentence that counts them.
HIDDEN = "hidden"
OUTSIDE_LINK = "outside_link"
BROKEN_LINK = "broken_link"
SPECIAL = "special"
DUPLICATE = "duplicate"
NOT_TEXT = "not_text"


@dataclass(frozen=True)
class SkippedFile:
    """A file in a folder that was left out, and why (a plain sentence)."""

    path: str
    reason: str
    kind: str = NOT_TEXT


def special_kind(mode: int) -> Text | None:
    """What a file that is neither regular nor a folder is, as a sentence's words; else None."""
    if stat.S_ISFIFO(mode):
        return N_("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return N_("neither a file nor a folder")


def _os_error(exc: OSError, shown: str) -> CorpusError:
    """The sentence for a failed stat or open (a folder named as a file: "no such file")."""
    if isinstance(exc, (FileNotFoundError, IsADirectoryError)):
        return CorpusError("path_not_found", path=shown)
    if isinstance(exc, PermissionError):
        return CorpusError("permission_denied", path=shown)
    return CorpusError("not_readable", path=shown, reason=exc.strerror or str(exc))


def stat_regular(path: Path, shown: str) -> os.stat_result:
    """`os.stat(path)`, refusing anything but a regular file before it is ever opened."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _os_error(exc, shown) from None
    if stat.S_ISDIR(info.st_mode):
        raise CorpusError("path_not_found", path=shown)
    kind = special_kind(info.st_mode)
    if kind is not None:
        raise CorpusError("not_regular_file", path=shown, kind=kind)
    return info


def open_regular(path: Path, shown: str) -> tuple[BinaryIO, os.stat_result]:
    """Open a file checked with `stat_regular` for reading, and its state once open.

    O_NONBLOCK: were it replaced by a named pipe since the check, opening returns at once
    instead of waiting for a writer, and the check on the open file refuses it. (On a
    regular file the flag changes nothing.)"""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:  # it may have vanished between the check and here
        raise _os_error(exc, shown) from None
    try:
        info = os.fstat(fd)
        kind = special_kind(info.st_mode) if not stat.S_ISDIR(info.st_mode) else N_("a folder")
        if kind is not None:
            raise CorpusError("not_regular_file", path=shown, kind=kind)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return stream, info


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def folder_files(folder: Path) -> tuple[list[Path], list[SkippedFile]]:
    """The files to read under `folder`, in a stable order, and those left out.

    Hidden files (a name, or a folder on the way, starting with a dot) are left out as
    before. Links are resolved and followed only when they stay inside `folder`; a link to
    a folder inside is not entered (that folder is walked as itself, so a link loop cannot
    loop), no folder is walked twice, and a file reached twice (a link, a hard link) is read
    once."""
    root = os.path.realpath(folder)
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def skip(path: Path, reason: str, kind: str) -> None:
        skipped.append(SkippedFile(str(path), reason, kind))
    # A stack, not recursion: a hostile folder may nest thousands of levels deep. Files of a
    # folder come before its subfolders, as os.walk gave them (a run records the order).
    pending: list[tuple[Path, bool]] = [(Path(folder), False)]
    while pending:
        directory, hidden = pending.pop()
        try:
            info = os.stat(directory)
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            message = CorpusError("not_readable", path=str(directory), reason=reason).message
            skip(directory, message, NOT_TEXT)
            continue
        if (info.st_dev, info.st_ino) in seen_dirs:
            continue  # a folder already walked (a bind mount of a folder above, say)
        seen_dirs.add((info.st_dev, info.st_ino))
        subfolders: list[tuple[Path, bool]] = []
        for entry in entries:
            path = Path(entry.path)
            entry_hidden = hidden or entry.name.startswith(".")
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not _inside(target, root):
                    skip(path, N_("a link that points outside the folder"), OUTSIDE_LINK)
                    continue
                try:
                    info = os.stat(target)
                except OSError:
                    skip(path, N_("a link that leads nowhere"), BROKEN_LINK)
                    continue
            else:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # vanished while listed: nothing to read or count
            if stat.S_ISDIR(info.st_mode):
                # A link to a folder inside is not entered: the folder is walked as itself,
                # so a link to a folder above cannot make a loop.
                if not entry.is_symlink():
                    subfolders.append((path, entry_hidden))
                continue
            if entry_hidden:
                skip(path, "hidden file", HIDDEN)
                continue
            kind = special_kind(info.st_mode)
            if kind is not None:
                message = CorpusError("not_regular_file", path=str(path), kind=kind).message
                skip(path, message, SPECIAL)
                continue
            identity = (info.st_dev, info.st_ino)
            if identity in seen_files:
                skip(path, N_("the same file as one already read, by another name"), DUPLICATE)
                continue
            seen_files.add(identity)
            files.append(path)
        pending.extend(reversed(subfolders))

    return files, skipped


# --------------------------------------------------------------------------- telling it

_SUMMARY: dict[str, tuple[str, str]] = {
    HIDDEN: (N_("Skipped 1 hidden file."), N_("Skipped {count} hidden files.")),
    OUTSIDE_LINK: (
        N_("Skipped 1 link that points outside the folder."),
        N_("Skipped {count} links that point outside the folder."),
    ),
    BROKEN_LINK: (
        N_("Skipped 1 link that leads nowhere."), N_("Skipped {count} links that lead nowhere.")
    ),
    SPECIAL: (
        N_("Skipped 1 named pipe, device or socket (not a regular file)."),
        N_("Skipped {count} named pipes, devices or sockets (not regular files)."),
    ),
    DUPLICATE: (
        N_("Skipped 1 file already read under another name (a link)."),
        N_("Skipped {count} files already read under other names (links)."),
    ),
    NOT_TEXT: (
        N_("Skipped 1 file that is empty, unreadable or not text."),
        N_("Skipped {count} files that are empty, unreadable or not text."),
    ),
}


def skipped_summary(skipped: Sequence[SkippedFile]) -> list[Text]:
    """One plain sentence for each reason files were skipped, in a fixed order."""
    sentences = []
    for kind, (one, many) in _SUMMARY.items():
        count = sum(1 for item in skipped if getattr(item, "kind", NOT_TEXT) == kind)
        if count == 1:
            sentences.append(N_(one))
        elif count:
            sentences.append(N_(many, count=count))
    return sentences
