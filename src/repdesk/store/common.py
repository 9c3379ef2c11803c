"""Pieces every service module shares: lookups, validation, versions, references, paging."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlmodel import Session, SQLModel, func, select

from repdesk.domain import clock
from repdesk.domain.filters import search_text_problem
from repdesk.domain.folding import fold
from repdesk.domain.validation import SQLITE_INT_MAX, SQLITE_INT_MIN, problems_from
from repdesk.store.errors import Invalid, NotFound, StaleVersion
from repdesk.store.models import ReferenceCounter, UpdateModel, labels_of
from repdesk.store.rows import Page as Page  # re-exported: every list service returns one

T = TypeVar("T")
M = TypeVar("M", bound=SQLModel)
B = TypeVar("B", bound=BaseModel)

Fields = BaseModel | Mapping[str, Any]
"""What a service takes: the rep's values as typed (validated by the service, once) or a model."""

DEFAULT_PAGE = 100
MAX_PAGE = 1_000


def columns(*items: Any) -> list[Any]:
    """Columns for a wide light-row SELECT, typed loosely so ``sa.select(*columns(...))`` type-checks."""
    return list(items)


def count(session: Session, table: type[SQLModel], *conditions: Any) -> int:
    """How many rows of ``table`` meet every one of ``conditions``."""
    return int(session.exec(select(func.count()).select_from(table).where(*conditions)).one())


def fetch(session: Session, statement: sa.Select[Any]) -> list[tuple[Any, ...]]:
    """Run a many-column SELECT for light rows (SQLModel's ``select`` types stop at four columns)."""
    session.flush()
    return [tuple(row) for row in session.connection().execute(statement)]


def page_bounds(limit: int, offset: int) -> tuple[int, int]:
    """Clamp paging arguments so no caller can ask for the whole table."""
    return max(1, min(limit, MAX_PAGE)), max(0, offset)


def validate(model: type[B], data: Any) -> B:
    """Validate ``data`` as ``model``, turning pydantic errors into :class:`Invalid`.

    A model given is validated again from the values set on it (one built with
    ``model_construct`` skipped its checks), so the service is the one gate.
    """
    if isinstance(data, BaseModel):
        data = data.model_dump(exclude_unset=True)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise Invalid(problems_from(exc, labels_of(model))) from None


def get(session: Session, model: type[M], ident: int, what: str) -> M:
    """Fetch by primary key or raise :class:`NotFound` naming ``what``."""
    # An id SQLite cannot even hold names nothing: say so rather than fail to bind it.
    obj = session.get(model, ident) if SQLITE_INT_MIN <= ident <= SQLITE_INT_MAX else None
    if obj is None:
        raise NotFound(f"That {what} no longer exists; it may have been deleted in another window.")
    return obj


def check_version(obj: Any, expected: int, what: str) -> None:
    """Refuse an update made from a stale copy of ``obj``."""
    if obj.version != expected:
        raise StaleVersion(
            f"This {what} was changed elsewhere (perhaps in another repdesk window) since you "
            "opened it. Nothing was saved: reload it, then make your change again."
        )


def delete(session: Session, model: type[M], ident: int, version: int, what: str) -> M:
    """Delete one row as the rep saw it: refused if it is gone or moved on since (audited by the hook).

    Returns the deleted row (detached values still readable) so callers can name it.
    """
    obj = get(session, model, ident, what)
    check_version(obj, version, what)
    session.delete(obj)
    session.flush()
    return obj


def insert(session: Session, table: type[M], data: BaseModel | Mapping[str, Any], **columns: Any) -> M:
    """Store validated ``data`` as a new row of ``table``, with the ``columns`` the input does not carry.

    One insert with every column, so a new row starts at version 1 with one audit row.
    """
    row = table.model_validate(data, update=columns)
    session.add(row)
    session.flush()
    return row


def changed_values(obj: Any, update: UpdateModel, what: str) -> dict[str, Any]:
    """Check the version, re-validate the merged record against the update's ``XBase``, and
    give the fields whose value would change, with their new (validated) values.

    Validating the merged record catches cross-field rules an update can
    break from one side (closing before the opened date). A field set to the
    value it already has is left out, so an update that changes nothing writes nothing.
    """
    check_version(obj, update.version, what)
    changes = update.changes()
    current = {name: getattr(obj, name) for name in update.BASE.model_fields}
    merged = validate(update.BASE, {**current, **changes})
    return {name: getattr(merged, name) for name in changes if getattr(merged, name) != current[name]}


def apply_update(session: Session, obj: M, update: UpdateModel, what: str) -> M:
    """Apply ``update`` to ``obj`` (see :func:`changed_values`) and flush."""
    for name, value in changed_values(obj, update, what).items():
        setattr(obj, name, value)
    session.add(obj)
    session.flush()
    return obj


def stamp_done(obj: Any, update: UpdateModel) -> None:
    """Marking something done (a deadline, an action point) records today; unmarking clears the date."""
    if "done" in update.changes():
        obj.done_on = clock.today() if update.changes()["done"] else None


def next_reference(session: Session, prefix: str, year: int) -> str:
    """The next reference like ``C-2025-0007``; numbers are never handed out twice."""
    key = f"{prefix}-{year}"
    counter = session.get(ReferenceCounter, key)
    if counter is None:
        counter = ReferenceCounter(key=key, last=0)
        session.add(counter)
        # A pending row is invisible to session.get: flush it so a second call
        # in this transaction finds it, even with autoflush off. Later calls
        # find it in the identity map and need no flush.
        session.flush()
    counter.last += 1
    return f"{key}-{counter.last:04d}"


_WORD = re.compile(r"\w+", re.UNICODE)


def search_text(text: str, field: str = "text") -> str:
    """``text`` if a search may look for it, else :class:`Invalid` (too long, or a NUL or broken letter)."""
    problem = search_text_problem(text, "The search text")
    if problem is not None:
        raise Invalid.one(field, problem)
    return text


def fts_query(text: str, field: str = "text", *, every_word: bool = False) -> str | None:
    """A safe FTS5 MATCH expression: every word of two letters or more must appear (from three, as a prefix).

    Quoting each word means nothing the rep types (quotes, NEAR, AND, -)
    is read as FTS syntax. The words are folded as the index is (see
    :func:`repdesk.domain.folding.fold`), so "oneill" finds "O'Neill". With
    ``every_word``, None unless every word typed counts (no lone letters).
    """
    # A lone letter (the start of a word being typed) would match nearly
    # every row as a prefix and cost a full index scan: wait for the second.
    # Two letters match as a whole word ("HR"), not as a prefix: "pa*" alone
    # matches most of a big index and costs more than a keystroke may.
    typed = _WORD.findall(fold(search_text(text, field)))
    words = [word for word in typed if len(word) > 1]
    if not words or (every_word and len(words) < len(typed)):
        return None  # with every_word, a query that would leave a letter out (PCS-2) is not asked
    return " ".join(f'"{word}"' if len(word) == 2 else f'"{word}"*' for word in words)


def like_pattern(text: str, field: str = "text") -> str:
    """A LIKE pattern matching ``text`` anywhere, wildcards escaped (:class:`Invalid` if unsearchable).

    Use it with ``.like(pattern, escape="\\")``: SQLite's LIKE already ignores
    case (for ASCII, as its ``lower()`` does), and ``ilike`` would add a
    ``lower()`` call per row, doubling the cost of a scan.
    """
    escaped = search_text(text, field).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def today_iso() -> str:
    """Today as an ISO string, for SQL date arithmetic."""
    return clock.today().isoformat()


def chunks(values: Sequence[T], size: int = 2_000) -> list[Sequence[T]]:
    """Slices of ``values`` small enough for SQLite's bound-parameter limit."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def ids(values: Sequence[int]) -> list[int]:
    """Unique ids in first-seen order."""
    return list(dict.fromkeys(values))
