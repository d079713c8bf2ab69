"""The text a model learns from: read from files, folders or a string, in whatever encoding it
came in, measured and split.

- `files`: which paths may be read (regular files; in a folder, only what is inside it);
- `encodings`: which encodings a file may be read with, and damaged UTF-8;
- `decode`: bytes to text (byte-order marks, UTF-8, a detector's guess), binary files refused;
- `load`: `Corpus` and `load_corpus` (files and folders);
- `stats`: characters, lines, words and scripts (`compute_stats`), the tokenizer that suits;
- `split`: train / validation / test (`split_corpus`, `load_split_files`);
- `spill`, `stream`: files too large to hold (`spill.STREAM_BYTES`) decoded onto disk a
  megabyte at a time and read back a piece at a time (`SpilledText`, `text_pieces`).
"""

from lmstudio_app.core.corpus.decode import (
    DECODE_CHUNK_BYTES,
    DETECTION_SAMPLE_BYTES,
    MAX_CONTROL_CHAR_SHARE,
    decode_bytes,
    decode_pieces,
    normalise_encoding_name,
    normalise_newlines,
    sniff_binary,
)
from lmstudio_app.core.corpus.encodings import parse_encoding
from lmstudio_app.core.corpus.files import PathLike, SkippedFile, folder_files, skipped_summary
from lmstudio_app.core.corpus.load import (
    DEFAULT_MAX_BYTES,
    Corpus,
    SourceFile,
    load_corpus,
    read_text_file,
)
from lmstudio_app.core.corpus.split import SPLIT_LABELS, Splits, load_split_files, split_corpus
from lmstudio_app.core.corpus.stats import (
    CorpusStats,
    character_counts,
    compute_stats,
    suggest_tokenizer,
)

__all__ = [
    "DECODE_CHUNK_BYTES",
    "DEFAULT_MAX_BYTES",
    "DETECTION_SAMPLE_BYTES",
    "MAX_CONTROL_CHAR_SHARE",
    "SPLIT_LABELS",
    "Corpus",
    "CorpusStats",
    "PathLike",
    "SkippedFile",
    "SourceFile",
    "Splits",
    "character_counts",
    "compute_stats",
    "decode_bytes",
    "decode_pieces",
    "folder_files",
    "load_corpus",
    "load_split_files",
    "normalise_encoding_name",
    "normalise_newlines",
    "parse_encoding",
    "read_text_file",
    "skipped_summary",
    "sniff_binary",
    "split_corpus",
    "suggest_tokenizer",
]
