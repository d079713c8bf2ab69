"""Colours and small text helpers shared by the widgets.

Colours come from the widget's palette where one fits (so both light and dark system themes
work) and otherwise from fixed sets chosen to be told apart on either background: the token
colours and the surprisal scale have a light variant (pastel behind dark text) and a dark
variant (deep tones behind light text).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QColor, QPalette

# Hues for token backgrounds, ordered so that neighbours are far apart on the colour wheel:
# orange, teal, pink, green, violet, yellow.
_TOKEN_HUES = (28, 185, 330, 105, 255, 52)

# Line colours for plots. Okabe-Ito colour-blind-safe hues; the dark variants are lighter so
# that a thin line still stands out on a dark background.
_SERIES_LIGHT = ("#0b6fb8", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#5e3c99")
_SERIES_DARK = ("#5ab4f0", "#ff9a4d", "#3ad6a4", "#f0a3cc", "#f0e442", "#9ad0f5", "#b59ce6")


def is_dark(palette: QPalette) -> bool:
    """Whether the palette paints light text on a dark background."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def token_colors(dark: bool) -> list[QColor]:
    """Six soft backgrounds for tokens; text stays in the palette's own text colour."""
    if dark:
        return [QColor.fromHsl(hue, 110, 78) for hue in _TOKEN_HUES]
    # Yellow looks paler than other hues at the same lightness: it gets a deeper tone, so that
    # it survives the washed-out colours of a projector.
    return [QColor.fromHsl(hue, 210, 188 if hue == 52 else 205) for hue in _TOKEN_HUES]


def series_colors(dark: bool) -> tuple[str, ...]:
    return _SERIES_DARK if dark else _SERIES_LIGHT


def blend(color: QColor, background: QColor, share: float) -> QColor:
    """An opaque colour `share` of the way from `background` to `color`.

    Looks like a see-through colour over that background, but draws fast (see LossPlot).
    """
    mix = [
        round(b + (c - b) * share)
        for c, b in zip(color.getRgb()[:3], background.getRgb()[:3], strict=True)
    ]
    return QColor(*mix)


def faint(color: QColor, alpha: int) -> QColor:
    copy = QColor(color)
    copy.setAlpha(alpha)
    return copy


# The surprisal scale: 0 bits (expected) is green, 12 bits or more (a surprise) is red.
SURPRISAL_MAX_BITS = 12.0
# (bits, hue) stops: green, yellow-green, yellow, orange, red.
_SURPRISAL_HUES = ((0.0, 120), (3.0, 80), (6.0, 50), (9.0, 25), (12.0, 0))


def surprisal_color(bits: float, dark: bool) -> QColor:
    """A background for a token with this surprisal, on a fixed 0…12 bit scale."""
    bits = min(max(bits, 0.0), SURPRISAL_MAX_BITS)
    hue = _SURPRISAL_HUES[-1][1]
    for (b0, h0), (b1, h1) in pairwise(_SURPRISAL_HUES):
        if bits <= b1:
            hue = round(h0 + (h1 - h0) * (bits - b0) / (b1 - b0))
            break
    share = bits / SURPRISAL_MAX_BITS
    if dark:
        # Deep tones that get a little brighter (more alarming) as the surprise grows.
        return QColor.fromHsl(hue, 150 + round(60 * share), 62 + round(22 * share))
    # Pastels that get more saturated as the surprise grows.
    return QColor.fromHsl(hue, 150 + round(90 * share), 205 - round(35 * share))


_WHITESPACE_SIGNS = {" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍", "\u3000": "␣"}


def visible_whitespace(token: str) -> str:
    """A token as a label: spaces, newlines and tabs made visible, the empty token as ∅."""
    if token == "":
        return "∅"
    return "".join(_WHITESPACE_SIGNS.get(char, char) for char in token)
