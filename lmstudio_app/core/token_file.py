"""Token ids on disk: a text's three parts encoded once, read back as a memory map.

A large text's ids held in memory cost more than the text itself while they are made (every
piece's array, then one array joining them), and the trainer then read them whole. Here the
tokenizer's pieces (`StudioTokenizer.encode_pieces`, about a megabyte of text each) are
written straight to a file, and training and evaluation read that file as a numpy memory map:
only the pages a batch touches are read, and the system may drop them again.

A token-id file is two files side by side:

- `<key>.ids`: train, valid and test ids back to back, a flat array of the narrowest
  unsigned type that holds the vocabulary (`uint8`, `uint16` or `uint32`), little-endian;
- `<key>.json`: what they are: the tokenizer's and each part's fingerprint (SHA-256), where
  each part starts and ends, its characters, the type and the total of ids.

Both are written under temporary names and renamed into place, the ids first: a file cut
short by a crash or a full disk never stands under the final names. One that does not match
its header anyway (copied in part, or changed) is refused with a sentence (`TokenFileError`),
as is one made by another tokenizer or from another text; the cache then makes it again.

The cache lives under the user data folder (`token_cache_dir`), one pair of files per text
and tokenizer: the same text with the same tokenizer, encoded again (resuming a run, a second
run on the same text), reads the ids already there. It keeps at most `CACHE_BYTES`, the files
used longest ago removed first (`prune_cache`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lmstudio_app.core.progress import CancelCheck, ProgressCallback, no_progress, scaled

if TYPE_CHECKING:
    from lmstudio_app.core.corpus import Splits
    from lmstudio_app.core.corpus.spill import SpilledText
    from lmstudio_app.core.data import TokenData
    from lmstudio_app.core.tokenization import StudioTokenizer

FORMAT = "lmstudio-token-ids"
VERSION = 1
SPLITS = ("train", "valid", "test")
# Characters hashed at a time: the text is never encoded to bytes whole.
HASH_CHARS = 1 << 22
# Parts together shorter than this are encoded in memory, as before: a file gains nothing
# on a small text and a cache folder full of tiny files helps nobody.
MIN_FILE_CHARS = 1 << 23
# The cache holds at most this many bytes: the files used longest ago go first (never the one
# in use). A large text makes a file of a gigabyte or more for each tokenizer tried on it.
# LMSTUDIO_TOKEN_CACHE_MB sets another size.
CACHE_BYTES = int(float(os.environ.get("LMSTUDIO_TOKEN_CACHE_MB", "4096")) * 2**20)


class TokenFileError(ValueError):
    """A token-id file that cannot be used, with a sentence that says why."""


def token_cache_dir() -> Path:
    from lmstudio_app.core.appdirs import user_data_dir

    return user_data_dir() / "token-cache"


def narrowest_dtype(vocab_size: int) -> np.dtype:
    """The narrowest unsigned type that holds every id of a vocabulary of `vocab_size`."""
    for dtype in (np.uint8, np.uint16, np.uint32):
        if vocab_size - 1 <= np.iinfo(dtype).max:
            return np.dtype(dtype).newbyteorder("<")
    raise ValueError(f"a vocabulary of {vocab_size} ids does not fit 32 bits")


def text_fingerprint(text: str | SpilledText) -> str:
    """SHA-256 of `text` as UTF-8 (lone surrogates kept), hashed a few megabytes at a time:
    the same digest as hashing it whole (`runs.source.split_fingerprints`)."""
    from lmstudio_app.core.corpus.spill import text_pieces

    digest = hashlib.sha256()
    for piece in text_pieces(text):
        for start in range(0, len(piece), HASH_CHARS):
            digest.update(piece[start : start + HASH_CHARS].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def tokenizer_fingerprint(tokenizer: StudioTokenizer) -> str:
    """SHA-256 of the tokenizer's JSON: its vocabulary, merges and settings."""
    return hashlib.sha256(tokenizer.to_json().encode("utf-8")).hexdigest()


def cache_key(tokenizer_print: str, text_prints: dict[str, str]) -> str:
    joined = "\n".join([tokenizer_print, *(text_prints[name] for name in SPLITS)])
    return hashlib.sha256(joined.encode("ascii")).hexdigest()[:32]


def write_token_file(
    path: str | Path,
    tokenizer: StudioTokenizer,
    splits: Splits,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
    *,
    text_prints: dict[str, str] | None = None,
) -> Path:
    """Encode `splits` with `tokenizer` into the token-id file `path` (`.ids`, with its
    header beside it as `.json`), a piece at a time; the header's path."""
    ids_path = Path(path).with_suffix(".ids")
    header_path = ids_path.with_suffix(".json")
    ids_path.parent.mkdir(parents=True, exist_ok=True)
    dtype = narrowest_dtype(tokenizer.vocab_size)
    texts = dict(splits.items())
    prints = text_prints or {name: text_fingerprint(texts[name]) for name in SPLITS}
    total = max(sum(len(text) for text in texts.values()), 1)
    offsets: dict[str, list[int]] = {}
    temporary = ids_path.with_name(f".{ids_path.name}.{os.getpid()}.tmp")
    header_temporary = header_path.with_name(f".{header_path.name}.{os.getpid()}.tmp")
    written = done = 0
    try:
        with open(temporary, "wb") as stream:
            for name in SPLITS:
                text = texts[name]
                part = scaled(progress, done / total, len(text) / total)

                def report(fraction: float | None, _message: str, part=part, name=name) -> None:
                    part(fraction or 0.0, f"Encoding the {name} text")

                start = written
                for ids in tokenizer.encode_pieces(text, report, cancel):
                    stream.write(np.ascontiguousarray(ids, dtype=dtype).tobytes())
                    written += int(ids.size)
                offsets[name] = [start, written]
                done += len(text)
            stream.flush()
            os.fsync(stream.fileno())
        header = {
            "format": FORMAT,
            "version": VERSION,
            "dtype": dtype.str,
            "tokens": written,
            "bytes": written * dtype.itemsize,
            "tokenizer": tokenizer_fingerprint(tokenizer),
            "fingerprints": prints,
            "offsets": offsets,
            "chars": {name: len(texts[name]) for name in SPLITS},
        }
        header_temporary.write_text(json.dumps(header, indent=1), encoding="utf-8")
        # The ids first: a header names only ids already complete under their final name.
        os.replace(temporary, ids_path)
        os.replace(header_temporary, header_path)
    finally:
        for leftover in (temporary, header_temporary):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return header_path


def read_header(path: str | Path) -> dict[str, Any]:
    header_path = Path(path).with_suffix(".json")
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TokenFileError(f"The token-id file {header_path} cannot be read ({exc}).") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise TokenFileError(f"{header_path} is not the header of a token-id file.")
    if header.get("version") != VERSION:
        raise TokenFileError(f"{header_path} was written by another version of the program.")
    return header


def open_token_file(
    path: str | Path,
    tokenizer: StudioTokenizer,
    text_prints: dict[str, str] | None = None,
) -> TokenData:
    """The token-id file `path` as a `TokenData` of read-only memory maps.

    Refused (`TokenFileError`, one sentence) when it was made by another tokenizer, from
    other text (`text_prints`: each part's fingerprint; None: not checked), or when the ids
    are not as long as its header says."""
    from lmstudio_app.core.data import TokenData

    header = read_header(path)
    ids_path = Path(path).with_suffix(".ids")
    if header.get("tokenizer") != tokenizer_fingerprint(tokenizer):
        raise TokenFileError(
            f"The token-id file {ids_path} was made by another tokenizer, not this one."
        )
    if text_prints is not None and header.get("fingerprints") != {
        name: text_prints[name] for name in SPLITS
    }:
        raise TokenFileError(f"The token-id file {ids_path} was made from another text.")
    try:
        dtype = np.dtype(header["dtype"])
        tokens = int(header["tokens"])
        offsets = {
            name: (int(header["offsets"][name][0]), int(header["offsets"][name][1]))
            for name in SPLITS
        }
        chars = {name: int(header["chars"][name]) for name in SPLITS}
    except (KeyError, TypeError, ValueError, IndexError):
        raise TokenFileError(f"The header of the token-id file {ids_path} is damaged.") from None
    try:
        size = ids_path.stat().st_size
    except OSError:
        raise TokenFileError(f"The token-id file {ids_path} is missing.") from None
    if size != tokens * dtype.itemsize:
        raise TokenFileError(
            f"The token-id file {ids_path} is cut short or damaged: it holds {size} bytes, "
            f"its header says {tokens * dtype.itemsize}."
        )
    if tokens == 0:
        empty = np.zeros(0, dtype=dtype)
        return TokenData(train=empty, valid=empty, test=empty, chars=chars)
    ids = np.memmap(ids_path, dtype=dtype, mode="r", shape=(tokens,))
    parts = {name: ids[start:end] for name, (start, end) in offsets.items()}
    return TokenData(train=parts["train"], valid=parts["valid"], test=parts["test"], chars=chars)


def cached_token_data(
    tokenizer: StudioTokenizer,
    splits: Splits,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
    folder: str | Path | None = None,
) -> TokenData:
    """The splits' ids from the token-id file of this text and tokenizer in `folder` (the
    cache under the user data folder when None), written first when there is none, or when
    the one there is refused (cut short, or not this text's)."""
    folder = Path(folder) if folder is not None else token_cache_dir()
    texts = dict(splits.items())
    prints = {name: text_fingerprint(texts[name]) for name in SPLITS}
    path = folder / f"{cache_key(tokenizer_fingerprint(tokenizer), prints)}.ids"
    if path.with_suffix(".json").exists():
        with contextlib.suppress(TokenFileError):
            data = open_token_file(path, tokenizer, prints)
            with contextlib.suppress(OSError):
                # Used now (the header's time: the ids stay as written): the last to go when
                # the cache is pruned.
                os.utime(path.with_suffix(".json"))
            return data
    write_token_file(path, tokenizer, splits, progress, cancel, text_prints=prints)
    prune_cache(folder, keep=path)
    return open_token_file(path, tokenizer, prints)


def prune_cache(folder: str | Path, keep: Path, limit: int | None = None) -> list[Path]:
    """Remove the token-id files of `folder` used longest ago until it holds at most `limit`
    bytes (`CACHE_BYTES`); `keep` stays whatever its size. The removed files' paths.

    A file another window is training from may go too: on Linux and macOS its memory map
    keeps it readable until that run ends; on Windows it cannot be removed and stays."""
    limit = CACHE_BYTES if limit is None else limit
    files = []
    for ids in Path(folder).glob("*.ids"):
        with contextlib.suppress(OSError):
            info = ids.stat()
            used = info.st_mtime  # written, or read since (its header's time)
            with contextlib.suppress(OSError):
                used = max(used, ids.with_suffix(".json").stat().st_mtime)
            files.append((used, ids, info.st_size))
    total = sum(size for _, _, size in files)
    removed = []
    for _, ids, size in sorted(files):  # the oldest first
        if total <= limit:
            break
        if ids == keep:
            continue
        try:
            ids.unlink()
        except OSError:
            continue
        with contextlib.suppress(OSError):
            ids.with_suffix(".json").unlink()
        total -= size
        removed.append(ids)
    return removed
