"""Folding text for search, so "oneill" and "sondergaard" find "O'Neill-Søndergaard".

SQLite's FTS5 tokenizer (``unicode61 remove_diacritics 2``) already folds
case and the accents that Unicode writes as a letter plus a mark (é, ñ, ü).
It keeps letters that are letters of their own (ø, ł, ß, æ) and splits words
at apostrophes. The search index also holds each text folded by this table
(migration 0005 spells it in SQL), and queries are folded by :func:`fold`, so
both sides meet.
"""

from __future__ import annotations

APOSTROPHES = "'\u2019\u02bc\u2018"
"""Dropped, so a name is one word: O'Neill, O\u2019Neill and ONeill all read "oneill"."""

LETTERS: dict[str, str] = {
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "Th",
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ħ": "h",
    "Ħ": "H",
    "\u0131": "i",  # dotless i
}
"""Letters the tokenizer keeps as they are, spelt in plain Latin letters."""

_TABLE = str.maketrans({**dict.fromkeys(APOSTROPHES, ""), **LETTERS})


def fold(text: str) -> str:
    """``text`` as the search index folds it: apostrophes dropped, ø as o, ß as ss (accents are FTS5's)."""
    return text.translate(_TABLE)
