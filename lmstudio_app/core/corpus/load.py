"""A corpus from files, folders or a string: read safely (`files`), decoded (`decode`), and
kept in consecutive parts so that a large text is held once in memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lmstudio_app.core.corpus import spill
from lmstudio_app.core.corpus.decode import NON_SPACE, decode_file, file_text, normalise_newlines
from lmstudio_app.core.corpus.encodings import guess_sentence, parse_encoding
from lmstudio_app.core.corpus.files import (
    HIDDEN,
    PathLike,
    SkippedFile,
    folder_files,
    open_regular,
    stat_regular,
)
from lmstudio_app.core.corpus.stats import (
    STATS_CHUNK_CHARS,
    CorpusStats,
    compute_stats,
    text_chunks,
)
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.i18n import N_, Text
from lmstudio_app.core.progress import (
    CancelCheck,
    ProgressCallback,
    check_cancel,
    no_progress,
    scaled,
)

DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB


@dataclass(frozen=True)
class SourceFile:
    """One file that went into a corpus."""

    path: str
    encoding: str
    size_bytes: int
    num_chars: int
    # Encodings that would have read it almost as plausibly as the one guessed: the guess
    # was unsure (see `Corpus.encoding_warning`). Empty when it was clear or chosen.
    close_encodings: tuple[str, ...] = ()


class Corpus:
    """A text and where it came from. Build it with `load_corpus` or `Corpus.from_text`.

    The text is kept as consecutive parts: the pieces a file was decoded in, and after a
    contiguous split the three splits themselves (`split_corpus`). A large text is then
    held once in memory, not twice, and never copied whole in one call. Read `parts`,
    `num_chars` or `head` rather than `text`, which joins them (a copy).
    """

    def __init__(
        self,
        text: str | Sequence[str] | spill.SpilledText,
        name: str,
        sources: list[SourceFile] | None = None,
        skipped: list[SkippedFile] | None = None,
    ) -> None:
        """`text` whole, in consecutive pieces (as files are read), or on disk (a large
        text, `spill`: its pieces are then read from disk each time they are asked for)."""
        self.spilled = text if isinstance(text, spill.SpilledText) else None
        parts: Sequence[str]
        if isinstance(text, spill.SpilledText):
            parts = spill.LazyPieces(text)
        else:
            parts = (text,) if isinstance(text, str) else tuple(part for part in text if part)
        self._parts = parts or ("",)
        self.name = name
        self.sources: list[SourceFile] = sources if sources is not None else []
        self.skipped: list[SkippedFile] = skipped if skipped is not None else []

    def __repr__(self) -> str:
        return f"Corpus(name={self.name!r}, num_chars={self.num_chars})"

    @classmethod
    def from_text(cls, text: str, name: str = "text") -> Corpus:
        if NON_SPACE.search(text) is None:
            raise CorpusError("empty_text")
        return cls(text=normalise_newlines(text), name=name)

    @property
    def text(self) -> str:
        """The whole text (joined anew from the parts after a contiguous split; read from
        disk whole for a spilled one: a copy in memory, avoid it on a large text)."""
        if self.spilled is not None:
            return str(self.spilled)
        return self._parts[0] if len(self._parts) == 1 else "".join(self._parts)

    @property
    def parts(self) -> Sequence[str]:
        """The text in consecutive pieces (never empty ones, unless the text is)."""
        return self._parts

    @property
    def num_chars(self) -> int:
        if self.spilled is not None:
            return len(self.spilled)
        return sum(len(part) for part in self._parts)

    def head(self, num_chars: int) -> str:
        """The first `num_chars` characters, without joining the parts."""
        head = ""
        for part in self._parts:
            head += part[: num_chars - len(head)]
            if len(head) >= num_chars:
                break
        return head

    def _share_with(self, parts: Sequence[str]) -> None:
        """Keep the text as `parts`, which must join to it, and let go of the old ones."""
        self._parts = tuple(part for part in parts if part) or ("",)

    @property
    def encoding(self) -> str:
        """The encoding used to read the files ("mixed: ..." when they differ)."""
        encodings = sorted({source.encoding for source in self.sources})
        if not encodings:
            return "unicode"
        if len(encodings) == 1:
            return encodings[0]
        return "mixed: " + ", ".join(encodings)

    @property
    def encoding_warning(self) -> Text | None:
        """One sentence when an encoding was guessed among close alternatives, else None."""
        return guess_sentence(
            [(source.path, source.encoding, source.close_encodings) for source in self.sources]
        )

    @cached_property
    def stats(self) -> CorpusStats:
        return self.count_stats()

    def count_stats(
        self, progress: ProgressCallback = no_progress, cancel: CancelCheck | None = None
    ) -> CorpusStats:
        """`stats`, counted now with progress and a way to stop (a text on disk takes
        seconds per hundred megabytes), and kept: `stats` then answers at once."""
        if "stats" not in self.__dict__:
            text = self.spilled if self.spilled is not None else self._parts
            self.__dict__["stats"] = compute_stats(text, progress=progress, cancel=cancel)
        return self.__dict__["stats"]

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the text (as UTF-8), computed in chunks to keep memory flat."""
        digest = hashlib.sha256()
        for part in self._parts:
            for chunk in text_chunks(part, STATS_CHUNK_CHARS):
                digest.update(chunk.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


def read_text_file(
    path: PathLike, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: CancelCheck | None = None,
) -> tuple[list[str], SourceFile]:
    """Read one text file; refuse binaries, empty files and files over `max_bytes`.

    The text comes in the pieces it was decoded in (about a megabyte each) and is never
    joined here: joining a 100 MB text is one call that holds Python's interpreter for
    about 60 ms (the window cannot repaint meanwhile) and needs memory for it twice."""
    shown = str(path)
    file_path = Path(path)
    # Checked before opening: a named pipe would block for ever, /dev/zero read without end.
    before = _file_state(stat_regular(file_path, shown))
    if before[0] > max_bytes:
        raise CorpusError(
            "too_large", path=shown, size_mb=before[0] / 1e6, limit_mb=max_bytes / 1e6
        )
    stream, _ = open_regular(file_path, shown)
    try:
        with stream:
            # Never more than the limit, even if the file grew since it was measured.
            data = stream.read(max_bytes + 1)
        after = _file_state(file_path.stat())
    except PermissionError:
        raise CorpusError("permission_denied", path=shown) from None
    except FileNotFoundError:  # it vanished between stat and read
        raise CorpusError("path_not_found", path=shown) from None
    except OSError as exc:
        raise CorpusError("not_readable", path=shown, reason=exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise CorpusError(
            "too_large", path=shown, size_mb=len(data) / 1e6, limit_mb=max_bytes / 1e6
        )
    if after != before:
        # Being written (a download, an editor saving): what was read may be cut mid-way.
        raise CorpusError("file_changed", path=shown)
    size = len(data)
    pieces, used, close = decode_file(data, shown, encoding, cancel)
    del data  # before the pieces are cleaned: the bytes and the text twice would be too much
    pieces = file_text(pieces, shown)
    num_chars = sum(len(piece) for piece in pieces)
    return pieces, SourceFile(shown, used, size, num_chars, close_encodings=close)


def _file_state(info: os.stat_result) -> tuple[int, int]:
    """Size and modification time: if either differs after reading, the file changed."""
    return info.st_size, info.st_mtime_ns


def load_corpus(
    paths: PathLike | Sequence[PathLike],
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Corpus:
    """Load one file, several files or folders (recursively) into one corpus.

    Files named directly must be regular text files; inside folders, hidden, binary, empty
    and unreadable files, links that leave the folder, named pipes, devices and sockets are
    skipped and listed in `Corpus.skipped` (`skipped_summary` tells them in sentences).
    Texts are joined with a newline.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not paths:
        raise CorpusError("no_corpus")
    if encoding:
        parse_encoding(encoding)  # refused before anything is read: `zlib` inflates files
    planned: list[tuple[Path, bool]] = []  # (file, came from a folder)
    skipped: list[SkippedFile] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files, left_out = folder_files(path)
            if not files and all(item.kind == HIDDEN for item in left_out):
                raise CorpusError("empty_folder", path=str(given))
            skipped.extend(left_out)
            planned.extend((file, True) for file in files)
        elif path.exists():
            planned.append((path, False))
        else:
            raise CorpusError("path_not_found", path=str(given))
    if _planned_bytes(planned) >= spill.STREAM_BYTES:
        return _load_spilled(paths, planned, skipped, encoding, max_bytes, progress, cancel)
    pieces: list[str] = []
    sources: list[SourceFile] = []
    total = len(planned)
    for index, (file, in_folder) in enumerate(planned):
        check_cancel(cancel)
        progress(index / total, N_("Reading {name}", name=file.name))
        try:
            file_pieces, source = read_text_file(file, encoding, max_bytes, cancel)
        except CorpusError as exc:
            if not in_folder:
                raise
            skipped.append(SkippedFile(str(file), exc.message))  # kind: not text
            continue
        if pieces and not pieces[-1].endswith("\n"):
            pieces[-1] += "\n"  # files are joined on line boundaries
        pieces.extend(file_pieces)
        sources.append(source)
    progress(1.0, N_("Read all files"))
    if not sources:
        folder = next(str(p) for p in paths if Path(p).is_dir())
        raise CorpusError("no_text_files", path=folder, skipped=len(skipped))
    return Corpus(pieces, name=_corpus_name(paths), sources=sources, skipped=skipped)


def _corpus_name(paths: Sequence[PathLike]) -> str:
    names = [Path(p).name or str(p) for p in paths]
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


def _planned_bytes(planned: list[tuple[Path, bool]]) -> int:
    total = 0
    for file, _ in planned:
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total


def _load_spilled(
    paths: Sequence[PathLike],
    planned: list[tuple[Path, bool]],
    skipped: list[SkippedFile],
    encoding: str | None,
    max_bytes: int,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> Corpus:
    """`load_corpus` for files too large to hold: their text goes to disk as it is decoded
    (`spill`, `stream`), and the corpus reads it back a piece at a time."""
    from lmstudio_app.core.corpus.stream import spill_text_file

    writer = spill.SpillWriter()
    sources: list[SourceFile] = []
    sizes = [max(_planned_bytes([item]), 1) for item in planned]
    total = max(sum(sizes), 1)
    done = 0
    try:
        for (file, in_folder), size in zip(planned, sizes, strict=True):
            check_cancel(cancel)
            part = scaled(progress, done / total, size / total)
            try:
                used, size_bytes, chars, close = spill_text_file(
                    writer, file, encoding, max_bytes, cancel, part
                )
            except CorpusError as exc:
                if not in_folder:
                    raise
                skipped.append(SkippedFile(str(file), exc.message))
                continue
            finally:
                done += size
            sources.append(SourceFile(str(file), used, size_bytes, chars, close_encodings=close))
        progress(1.0, N_("Read all files"))
        if not sources:
            folder = next(str(p) for p in paths if Path(p).is_dir())
            raise CorpusError("no_text_files", path=folder, skipped=len(skipped))
        text = writer.finish()
    except BaseException:
        writer.discard()
        raise
    return Corpus(text, name=_corpus_name(paths), sources=sources, skipped=skipped)
