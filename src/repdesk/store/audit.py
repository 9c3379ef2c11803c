"""The audit log: every create, update and delete, recorded inside the same transaction.

Hooked to the session's flush, so no service can forget it; also stamps
``updated_at`` and bumps ``version`` on every changed record.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, SQLModel, col, select

from repdesk.domain import clock
from repdesk.domain.enums import AuditAction
from repdesk.store.models import AuditEntry, ReferenceCounter
from repdesk.store.models.base import Stamped

_NOT_AUDITED: tuple[type[SQLModel], ...] = (AuditEntry, ReferenceCounter)
# A threat entry's salt is a random secret for its content hash: no copy of it belongs in the log.
_NOISE = frozenset({"updated_at", "version", "created_at", "salt"})


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a column value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _label(obj: Any) -> str:
    for attr in ("ref", "name", "summary", "what", "text", "topic"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)[:80]
    return ""


_COLUMNS: dict[type, tuple[str, ...]] = {}


def _columns(cls: type) -> tuple[str, ...]:
    """Audited column names of a mapped class (cached: the hook runs for every row)."""
    found = _COLUMNS.get(cls)
    if found is None:
        mapper: Any = inspect(cls)
        found = _COLUMNS[cls] = tuple(a.key for a in mapper.column_attrs if a.key not in _NOISE)
    return found


def _row(at: datetime, action: AuditAction, obj: Any, changes: dict[str, Any]) -> dict[str, Any]:
    # New rows have their key by now but not yet their identity, so read the key columns.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    entity_id = next((v for v in key if isinstance(v, int)), 0)
    return {
        "at": at,
        "action": action,
        "entity": obj.__tablename__,
        "entity_id": entity_id,
        "label": _label(obj),
        "changes": changes,
    }


def _snapshot(obj: Any) -> dict[str, Any]:
    """The non-empty column values of ``obj``, JSON-safe."""
    values = ((k, _plain(getattr(obj, k))) for k in _columns(type(obj)))
    return {k: v for k, v in values if v not in (None, "", [])}


def _stamp_changes(session: OrmSession, _ctx: UOWTransaction, _instances: object) -> None:
    now = clock.now()
    for obj in session.dirty:
        if isinstance(obj, Stamped) and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.version += 1


def _record(session: OrmSession, _ctx: UOWTransaction) -> None:
    at = clock.now()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if not isinstance(obj, _NOT_AUDITED):
            changes = {k: [None, v] for k, v in _snapshot(obj).items()}
            rows.append(_row(at, AuditAction.CREATE, obj, changes))
    for obj in session.dirty:
        if isinstance(obj, _NOT_AUDITED):
            continue
        state = inspect(obj)
        changes = {}
        for key in _columns(type(obj)):
            history = state.attrs[key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if old != new:
                    changes[key] = [_plain(old), _plain(new)]
        if changes:
            rows.append(_row(at, AuditAction.UPDATE, obj, changes))
    for obj in session.deleted:
        if not isinstance(obj, _NOT_AUDITED):
            changes = {k: [v, None] for k, v in _snapshot(obj).items()}
            rows.append(_row(at, AuditAction.DELETE, obj, changes))
    if rows:
        session.execute(sa.insert(AuditEntry), rows)


def install(session_class: type[OrmSession]) -> None:
    """Attach the stamping and audit hooks to every session of ``session_class``."""
    event.listen(session_class, "before_flush", _stamp_changes)
    event.listen(session_class, "after_flush", _record)


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    """The audit trail of one record, oldest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id))
    )
    return list(session.exec(query))
