"""Full-text search (SQLite FTS5) over casework; the index is kept by triggers on every write."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session

from repdesk.store.common import fts_query


class Kind(IntEnum):
    """What a search hit is; the codes are part of the index's rowids (see migration 0002)."""

    CASE = 1
    TIMELINE = 2
    THREAT = 3
    SESSION = 4
    OFFER = 5
    ACTION = 6
    MEMBER = 7


@dataclass(frozen=True)
class Hit:
    """One search result."""

    kind: Kind
    """What was found."""
    entity_id: int
    """Its id in its own table."""
    case_id: int | None
    """The case it belongs to, for case and timeline hits."""
    title: str
    """Its indexed title text."""
    snippet: str
    """An excerpt around the match, matched words in [brackets] (as typed, unless only folding matched)."""


# Snippets mark the match with a character no rep types, so the choice below
# is never fooled by a "[" in the text; the marks become [brackets] after.
_MARK = "\x01"
_SNIPPET = "snippet(search_index, {column}, '\x01', ']', '…', 12)"


def _snippet(body: str, title: str, folded: str) -> str:
    """The text as typed where the match is (body, else title), else the folded copy that matched."""
    chosen = next((text for text in (body, title, folded) if _MARK in text), body)
    return chosen.replace(_MARK, "[")


def search(session: Session, text: str, *, kinds: set[Kind] | None = None, limit: int = 50) -> list[Hit]:
    """Everything matching ``text`` (every word, as prefixes, folded: see :func:`fts_query`), best first."""
    match = fts_query(text)
    if match is None:
        return []
    kind_filter = ""
    params: dict[str, object] = {"match": match, "limit": limit}
    if kinds:
        kind_filter = " AND kind IN (" + ", ".join(str(int(k)) for k in sorted(kinds)) + ")"
    snippets = ", ".join(_SNIPPET.format(column=column) for column in (4, 3, 5))
    # kind_filter is built from IntEnum values only; the rep's text goes in as a parameter.
    rows = session.connection().execute(
        sa.text(
            f"SELECT kind, entity_id, case_id, title, {snippets} "
            f"FROM search_index WHERE search_index MATCH :match{kind_filter} ORDER BY rank LIMIT :limit"
        ),
        params,
    )
    return [
        Hit(Kind(int(k)), int(e), None if c is None else int(c), t, _snippet(b, st, f))
        for k, e, c, t, b, st, f in rows
    ]


# Each row's rowid is ``kind * STRIDE + id`` (migration 0002), so the ids of one
# kind come from the index alone: reading them as rowids is about five times
# faster than reading the UNINDEXED columns, which FTS5 fetches row by row.
STRIDE = 10**12


def _ids_of(kind: Kind, match: str) -> sa.Select[tuple[int]]:
    """Ids of ``kind`` rows matching ``match``, read off the rowids."""
    index = sa.table("search_index", sa.column("rowid"))
    low = int(kind) * STRIDE
    return sa.select((index.c.rowid - low).label("id")).where(
        sa.text(f"search_index MATCH :{kind.name.lower()}_match").bindparams(
            **{f"{kind.name.lower()}_match": match}
        ),
        index.c.rowid.between(low, low + STRIDE - 1),
    )


def matching_case_ids(text: str) -> sa.CompoundSelect[tuple[int]] | None:
    """A subquery of case ids whose own text or timeline matches ``text``; None if no words."""
    match = fts_query(text)
    if match is None:
        return None
    timeline = sa.table("timeline_entry", sa.column("id"), sa.column("case_id"))
    by_timeline = sa.select(timeline.c.case_id).where(timeline.c.id.in_(_ids_of(Kind.TIMELINE, match)))
    return sa.union(_ids_of(Kind.CASE, match), by_timeline)


def ids_matching(text: str, kind: Kind, *, every_word: bool = False) -> sa.Select[tuple[int]] | None:
    """A subquery of ``kind`` ids matching ``text``; None if no words (with ``every_word``: a lone letter)."""
    match = fts_query(text, every_word=every_word)
    if match is None:
        return None
    return _ids_of(kind, match)


def matches(ident: Mapped[int | None], text: str, kind: Kind) -> sa.ColumnElement[bool]:
    """``ident`` is a ``kind`` row's id whose words match ``text`` folded (false if ``text`` has no words).

    Beside a LIKE, which compares letters as typed, it lets "oneill" find O'Neill. It
    never widens the LIKE: a text with a word the index cannot look for ("PCS-2") gives false.
    """
    found = ids_matching(text, kind, every_word=True)
    return sa.false() if found is None else ident.in_(found)
