"""Bulk writes: table rows made without SQLModel's per-attribute bookkeeping, with ids given up front."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import class_mapper
from sqlmodel import Session, SQLModel, col, func, select

from repdesk.domain import clock
from repdesk.store.models import Case, Deadline, Member, ThreatEntry, TimelineEntry

R = TypeVar("R", bound=SQLModel)

BATCH = 2_000
"""Rows per flush for the bulk tables."""


def _row(model: type[R], values: dict[str, Any]) -> R:
    """A pending table row from values already checked by the model's Create class.

    SQLModel's constructor pushes every attribute through SQLAlchemy's
    instrumentation one at a time (about 100 µs a row, most of the cost of a
    10,000-member demo). A row about to be inserted needs none of that
    bookkeeping, so it is made the way SQLAlchemy makes the rows it loads: a
    bare instance with its state, and the values in its ``__dict__``, which
    the flush reads. The audit hook and the triggers still see every row.
    """
    row: R = class_mapper(model).class_manager.new_instance()
    row.__dict__.update(values)
    return row


def _first_free_id(
    session: Session, model: type[Member | Case | TimelineEntry | Deadline | ThreatEntry]
) -> int:
    """The id SQLite would give the next row (the tables have no AUTOINCREMENT).

    Giving ids up front lets the flush insert a batch with one ``executemany``:
    without them SQLAlchemy must insert row by row to read each id back, as
    SQLite's RETURNING order is not guaranteed. The write transaction holds
    the lock, so nothing else can take these ids meanwhile.
    """
    return int(session.exec(select(func.max(col(model.id)))).one() or 0) + 1


def _stamps() -> dict[str, Any]:
    now = clock.now()
    return {"created_at": now, "updated_at": now, "version": 1}
