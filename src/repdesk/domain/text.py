"""Fitting text to a width: one cut, ending in ``…``, and one wrap that never splits a word.

Everywhere repdesk shortens plain text (the palette's titles, the command
line's summary, a PDF bookmark) it goes through :func:`clip`, so a cut text
always says it was cut. The desk's table cells are cut the same way when drawn
(``repdesk.tui.widgets.table``), since only then is their width known.
"""

from __future__ import annotations

import re
import textwrap

ELLIPSIS = "…"
"""What a cut text ends in."""

_BREAKS = re.compile(r"\s*[\r\n\t\f\v]\s*")


def clip(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` characters, ending in ``…`` if it had to be cut.

    A line break or tab, with the white space around it, becomes one space
    (spaces the text lines itself up with are kept). The cut
    falls at the end of a word when one ends in the last third of the room,
    else mid-word: a long single word still shows its start.
    """
    flat = _BREAKS.sub(" ", text)
    if len(flat) <= width:
        return flat
    if width <= 1:
        return ELLIPSIS[:width]
    room = flat[: width - 1]
    space = room.rfind(" ")
    if space >= (width - 1) * 2 // 3:
        room = room[:space]
    return room.rstrip(" ,;:·-") + ELLIPSIS


def wrap(text: str, width: int, *, indent: str = "", hang: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken only between words.

    ``indent`` starts the first line and ``hang`` the others. A single word
    longer than the line is left whole on a line of its own rather than split.
    """
    return textwrap.wrap(
        text,
        width=max(width, len(indent) + 1, len(hang) + 1),
        initial_indent=indent,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 case``, ``3 cases``, ``1,200 timeline entries`` (``words`` where adding "s" is wrong)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
