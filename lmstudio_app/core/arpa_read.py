"""Reading an ARPA file from anyone into `BackoffTables`, checking it on the way.

The file is read in binary pieces of about 4 MB, cut after a newline (never inside a UTF-8
character); no line over `MAX_LINE_BYTES` is ever gathered, decoded or split, and every
sentence that quotes the file quotes at most 80 characters of it. Each order's lines are
parsed a block at a time with one `split` (`arpa_parse`). After the tables are built,
`arpa_checks.check_distributions` makes sure they are a model: the probabilities after
every context add up to 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from lmstudio_app.core.arpa import MAX_ORDER, ArpaError, BackoffTables
from lmstudio_app.core.arpa_checks import check_distributions, quoted
from lmstudio_app.core.arpa_parse import NgramSection, arpa_bad, parse_block
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress

# Digits bounded: int() of a 5,000-digit number raises, and no model has 10^15 n-grams.
_SECTION = re.compile(r"\\(\d{1,3})-grams:\s*$")
_COUNT = re.compile(r"ngram\s+(\d{1,3})\s*=\s*(\d{1,15})\s*$")
_CHUNK_BYTES = 1 << 22  # read and parse about 4 MB at a time
# No ARPA line comes near this (8 words and two numbers); a longer one is refused before it
# is gathered, decoded or split, so a file with a 500 MB "word" cannot take gigabytes.
MAX_LINE_BYTES = 1 << 20


def _too_long(path: Path, line: int) -> ArpaError:
    return arpa_bad(
        path,
        N_("line {line} is longer than {limit}, which no language model file has",
           line=line, limit="1 MB"),
    )


def read_tables(
    path: Path,
    name_to_id: dict[str, int],
    vocab_size: int,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> BackoffTables:
    """Read and check an ARPA file: tables over the ids of `name_to_id` (ARPA word -> id).

    Raises `ArpaError` with a plain reason for a file that is not ARPA, is cut short, has a
    line over 1 MB, lists an n-gram whose context is missing, uses words the tokenizer does
    not have, has a log-probability above 0 or an infinite weight, or whose probabilities
    after some context do not add up to 1 (`arpa_checks.check_distributions`). What a
    sentence quotes of the file is cut to 80 characters. Memory stays near the model's.
    A named pipe or a device is refused before it is opened (reading one would block or
    never end).
    """
    from lmstudio_app.core.corpus.files import open_regular, stat_regular

    path = Path(path)
    stat_regular(path, str(path))
    stream, _ = open_regular(path, str(path))
    try:
        size = max(path.stat().st_size, 1)
        with stream:
            expected, sections = _read_body(path, stream, name_to_id, size, progress, cancel)
    except UnicodeDecodeError:
        raise arpa_bad(path, N_("it is not UTF-8 text")) from None
    tables = _build_tables(path, expected, sections, vocab_size)
    check_cancel(cancel)

    def names(ids: Sequence[int]) -> str:  # only for the sentence of a refusal
        id_to_name = {index: name for name, index in name_to_id.items()}
        return " ".join(id_to_name.get(int(i), "?") for i in ids)

    check_distributions(path, tables, names, arpa_bad)
    return tables


def _header_line(path: Path, stream: BinaryIO, number: int) -> str | None:
    """Line `number` of the file (None at its end), refused beyond MAX_LINE_BYTES."""
    raw = stream.readline(MAX_LINE_BYTES + 1)
    if not raw:
        return None
    if len(raw) > MAX_LINE_BYTES:
        raise _too_long(path, number)
    return raw.decode("utf-8")


def _check_line_lengths(path: Path, data: bytes, first_line: int) -> int:
    """Refuse a line of `data` (whole lines, the first numbered `first_line`) over the
    limit; the number of newlines in it."""
    if len(data) <= MAX_LINE_BYTES:
        return data.count(b"\n")
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    lengths = np.diff(ends, prepend=-1)
    long_lines = np.flatnonzero(lengths > MAX_LINE_BYTES)
    if long_lines.size:
        raise _too_long(path, first_line + int(long_lines[0]))
    return int(ends.size)


def _read_body(
    path: Path,
    stream: BinaryIO,
    name_to_id: dict[str, int],
    size: int,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> tuple[dict[int, int], dict[int, NgramSection]]:
    expected: dict[int, int] = {}
    number = 0  # the number of the line last read
    # the header: everything before \data\ is ignored (SRILM does the same); it may be a
    # large file of anything, so reading it can be cancelled
    while True:
        number += 1
        if number % 4096 == 0:
            check_cancel(cancel)
        line = _header_line(path, stream, number)
        if line is None:
            raise arpa_bad(path, N_("there is no \\data\\ line"))
        if line.strip() == "\\data\\":
            break
    current = 0
    while True:
        number += 1
        line = _header_line(path, stream, number)
        if line is None:
            break
        text = line.strip()
        if not text:
            continue
        match = _COUNT.match(text)
        if match:
            expected[int(match.group(1))] = int(match.group(2))
            continue
        match = _SECTION.match(text)
        if match:
            current = int(match.group(1))
            break
        raise arpa_bad(path, N_("line {line}: unexpected line in the header: {text}",
                                line=number, text=quoted(text)))
    if not expected:
        raise arpa_bad(path, N_("the header lists no n-gram counts"))
    order = max(expected)
    if order > MAX_ORDER or min(expected) < 1 or sorted(expected) != list(range(1, order + 1)):
        raise arpa_bad(path, N_("the header's orders {orders} are not 1 to {top}",
                                orders=sorted(expected), top=MAX_ORDER))
    if current == 0:
        raise arpa_bad(path, N_("there are no n-gram sections"))
    sections = {n: NgramSection([], [], []) for n in range(1, order + 1)}
    carry = b""
    read_bytes = 0
    while True:
        check_cancel(cancel)
        piece = stream.read(_CHUNK_BYTES)
        read_bytes += len(piece)
        data = carry + piece
        if piece:  # keep the unfinished last line for the next piece
            cut = data.rfind(b"\n") + 1
            data, carry = data[:cut], data[cut:]
            if len(carry) > MAX_LINE_BYTES:  # never gather a whole absurd line
                raise _too_long(path, number + data.count(b"\n") + 1)
        else:
            carry = b""
        newlines = _check_line_lengths(path, data, number + 1)
        text = data.decode("utf-8")  # cut after a newline, so never inside a character
        position = 0

        def line_at(offset: int, text: str = text, first: int = number + 1) -> int:
            """The number of the line at `offset` of `text`: counted only for a refusal."""
            return first + text.count("\n", 0, offset)

        while position < len(text):
            marker = _next_marker(text, position)
            block_end = len(text) if marker < 0 else marker
            block = text[position:block_end]
            _flush(path, block, current, name_to_id, sections,
                   lambda start=position: line_at(start))
            if marker < 0:
                break
            line_end = text.find("\n", marker)
            line_end = len(text) if line_end < 0 else line_end
            heading = text[marker:line_end].strip()
            if heading == "\\end\\":
                return expected, sections
            match = _SECTION.match(heading)
            if not match:
                raise arpa_bad(path, N_("line {line}: unexpected line {text}",
                                        line=line_at(marker), text=quoted(heading)))
            current = int(match.group(1))
            position = line_end + 1
        number += newlines
        progress(min(read_bytes / size, 1.0), N_("Reading the ARPA file"))
        if not piece:
            raise arpa_bad(path, N_("it ends before \\end\\ (the file is cut short)"))


def _next_marker(text: str, position: int) -> int:
    """Where the next line that starts with a backslash begins, or -1."""
    if text.startswith("\\", position):
        return position
    found = text.find("\n\\", position)
    return -1 if found < 0 else found + 1


def _flush(
    path: Path,
    block: str,
    current: int,
    name_to_id: dict[str, int],
    sections: dict[int, NgramSection],
    first_line: Callable[[], int],
) -> None:
    if current not in sections:
        if block.strip():
            raise arpa_bad(path, N_("a {order}-gram section that the header does not announce",
                                    order=current))
        return
    parse_block(path, block, current, name_to_id, sections[current], first_line)


def _build_tables(
    path: Path, expected: dict[int, int], sections: dict[int, NgramSection], vocab_size: int
) -> BackoffTables:
    order = max(expected)
    present = np.zeros(vocab_size, dtype=bool)
    keys: list[np.ndarray] = []
    logps: list[np.ndarray] = []
    bows: list[np.ndarray] = []
    for n in range(1, order + 1):
        section = sections.pop(n)  # freed as soon as its table is built
        if section.words:
            words = np.concatenate(section.words)
            logp = np.concatenate(section.logp)
            bow = np.concatenate(section.bow)
        else:
            words = np.zeros((0, n), dtype=np.int32)
            logp = np.zeros(0)
            bow = np.zeros(0)
        if words.shape[0] != expected[n]:
            raise arpa_bad(
                path, f"the header announces {expected[n]} {n}-grams but {words.shape[0]} follow"
            )
        if n == 1:
            ids = words[:, 0]
            if np.unique(ids).size != ids.size:
                raise arpa_bad(path, "a word is listed twice among the 1-grams")
            present[ids] = True
            dense_logp = np.full(vocab_size, -np.inf)
            dense_logp[ids] = logp
            dense_bow = np.zeros(vocab_size)
            dense_bow[ids] = bow
            keys.append(np.arange(vocab_size, dtype=np.int64))
            logps.append(dense_logp)
            bows.append(dense_bow)
            continue
        # the prefix of each n-gram, found order by order in the tables built so far
        tables = BackoffTables(n - 1, vocab_size, present, keys, logps, bows)
        prefix = words[:, 0].astype(np.int64)
        prefix[~present[prefix]] = -1
        for j in range(1, n - 1):
            prefix = tables.find(j + 1, prefix, words[:, j])
        if (prefix < 0).any():
            row = words[int(np.flatnonzero(prefix < 0)[0])]
            raise arpa_bad(
                path, f"the {n}-gram with ids {row.tolist()} has no entry for its context"
            )
        key = prefix * vocab_size + words[:, n - 1]
        sort = np.argsort(key, kind="stable")
        key = key[sort]
        if key.size > 1 and (np.diff(key) == 0).any():
            raise arpa_bad(path, f"an n-gram is listed twice among the {n}-grams")
        keys.append(key)
        logps.append(logp[sort])
        bows.append(bow[sort])
    # the highest order has no back-off weights
    return BackoffTables(order, vocab_size, present, keys, logps, bows[: order - 1])
