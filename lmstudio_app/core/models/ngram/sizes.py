"""How much of a text the n-gram code reads, lays out, counts or smooths at a time.

In one place, and read as `sizes.NAME` when used (never imported by name), so that a test
can make every one of them tiny and see that the result does not change.
"""

# Lines encoded per call to the tokenizer (one batched call each).
LINES_PER_BATCH = 8192
# Characters of text cut into lines at a time (sentence per line).
LINE_CHARS_PER_BATCH = 1 << 20
# Characters of a stream encoded at a time (whole lines; see `encoding.layout_of_text`).
STREAM_CHARS_PER_PIECE = 1 << 22
# Sentences laid out at a time (the mask of their insides is one byte a position).
SENTENCES_PER_BATCH = 1 << 16
# Texts of up to this many positions are counted in one go (about 70 bytes a position
# while counting: 150 MB at most); longer ones a chunk at a time.
WHOLE_POSITIONS = 1 << 21
# Positions read at a time while counting a long text (and while cleaning any text's ids):
# a chunk's temporary arrays take about 80 bytes a position (20 MB at a quarter of a million
# positions).
COUNT_CHUNK = 1 << 18
# Ranges of keys a table is made in: RANGE_BYTES times the entries of the table below (a
# table grows with it) over the text's positions, rounded up, at most MAX_KEY_RANGES (each
# range is one more reading of the text). Merging holds about 24 bytes an entry of a range:
# with word tokens this keeps it near the text's size.
MAX_KEY_RANGES = 4
RANGE_BYTES = 6
# Table entries smoothed at a time (a few MB of temporaries each).
ESTIMATE_CHUNK = 1 << 18
