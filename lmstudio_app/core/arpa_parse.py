"""Parsing the n-gram lines of one order of an ARPA file, a block of complete lines at a time,
into arrays of word ids, log-probabilities and back-off weights; every refusal names the line
and quotes at most 80 characters of it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lmstudio_app.core.arpa import ARPA_ZERO, LN10, ArpaError
from lmstudio_app.core.arpa_checks import quoted
from lmstudio_app.core.i18n import N_


def arpa_bad(path: Path, reason: str) -> ArpaError:
    """The refusal of a file that is not a readable ARPA model, with the plain reason."""
    return ArpaError("arpa_bad", path=str(path), reason=reason)


@dataclass
class NgramSection:
    """One order's n-grams as parsed so far: an array of each per block, joined at the end."""

    words: list[np.ndarray]
    logp: list[np.ndarray]
    bow: list[np.ndarray]


def _parse_values(
    path: Path, fields: Sequence[str], bow: bool, line_of: Callable[[int], int]
) -> np.ndarray:
    """log10 fields as natural logs (-99 and below: -inf); `line_of(i)` numbers field i."""
    try:
        values = np.array(fields, dtype=np.float64)
    except ValueError:
        values = None
    if values is None or np.isnan(values).any():
        i = next(i for i, f in enumerate(fields) if not _is_float(f) or math.isnan(float(f)))
        raise arpa_bad(path, N_(
            "line {line}: {value} is not a number", line=line_of(i), value=quoted(fields[i])
        ))
    with np.errstate(over="ignore"):
        scaled = values * LN10
    if bow:
        # +inf, or a log10 weight like 1e308 whose weight no float holds: no model has it
        wrong = np.flatnonzero(np.isposinf(scaled))
        if wrong.size:
            i = int(wrong[0])
            raise arpa_bad(path, N_(
                "line {line}: the back-off weight {value} is infinite or far too large",
                line=line_of(i), value=quoted(fields[i]),
            ))
    else:
        wrong = np.flatnonzero(values > 1e-6)  # rounding may print -0.0000001 as 0
        if wrong.size:
            i = int(wrong[0])
            raise arpa_bad(path, N_(
                "line {line}: the log-probability {value} is above 0 (a probability above 1)",
                line=line_of(i), value=quoted(fields[i]),
            ))
    scaled[scaled <= ARPA_ZERO * LN10] = -np.inf
    return scaled


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _map_words(
    path: Path, fields: Sequence[str], name_to_id: dict[str, int]
) -> np.ndarray:
    try:
        return np.fromiter(map(name_to_id.__getitem__, fields), dtype=np.int32, count=len(fields))
    except KeyError:
        missing = sorted({word for word in fields if word not in name_to_id})
        raise ArpaError(
            "arpa_vocab_mismatch",
            path=str(path),
            count=len(missing),
            examples=", ".join(quoted(word) for word in missing[:5]),
        ) from None


def parse_block(
    path: Path,
    block: str,
    order: int,
    name_to_id: dict[str, int],
    section: NgramSection,
    first_line: Callable[[], int],
) -> None:
    """Parse complete n-gram lines of one order, the first being line `first_line()` of the
    file. When every line has a back-off weight, or none has, the fields are split in one
    call and taken with a stride (the fast path)."""
    stripped = block.strip()
    if not stripped:
        return
    block, lead = stripped, block[: len(block) - len(block.lstrip())]
    count = block.count("\n") + 1
    fields = block.split()
    if len(fields) == count * (order + 1):
        stride, with_bow = order + 1, False
    elif len(fields) == count * (order + 2):
        stride, with_bow = order + 2, True
    else:  # blank lines inside, or weights on some lines only: line by line
        rows: list[list[str]] = []
        numbers: list[int] = []
        for offset, line in enumerate(block.split("\n")):
            row = line.split()
            if not row:
                continue
            if len(row) not in (order + 1, order + 2):
                raise arpa_bad(path, N_(
                    "line {line}: a {order}-gram line has {count} fields: {text}",
                    line=first_line() + lead.count("\n") + offset, order=order,
                    count=len(row), text=quoted(line),
                ))
            rows.append(row)
            numbers.append(offset)

        def row_line(i: int) -> int:  # only called for the sentence of a refusal
            return first_line() + lead.count("\n") + numbers[i]

        probs = _parse_values(path, [row[0] for row in rows], False, row_line)
        words = np.stack(
            [_map_words(path, [row[1 + j] for row in rows], name_to_id) for j in range(order)],
            axis=1,
        )
        bow_fields = [row[order + 1] if len(row) == order + 2 else "0" for row in rows]
        section.logp.append(probs)
        section.words.append(words)
        section.bow.append(_parse_values(path, bow_fields, True, row_line))
        return

    def line_of(i: int) -> int:
        return first_line() + lead.count("\n") + i

    probs = _parse_values(path, fields[0::stride], False, line_of)
    words = np.stack(
        [_map_words(path, fields[1 + j :: stride], name_to_id) for j in range(order)], axis=1
    )
    if with_bow:
        bows = _parse_values(path, fields[order + 1 :: stride], True, line_of)
    else:
        bows = np.zeros(count, dtype=np.float64)
    section.logp.append(probs)
    section.words.append(words)
    section.bow.append(bows)
