"""Readers and checks several store test files share (plain functions, imported by name)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel
from sqlmodel import Session

from repdesk.domain.enums import AuditAction
from repdesk.store import audit, profile
from repdesk.store.engine import Database
from repdesk.store.models import Member, TalksSession
from tests.helpers.factories import ident

Given = TypeVar("Given", bound=BaseModel)
Stored = TypeVar("Stored", Member, TalksSession)


def round_trip(
    db: Database,
    create: Callable[[Session, Given], Stored],
    read: Callable[[Session, int], Stored],
    given: Given,
) -> Stored:
    """Write ``given`` through its service, read it back, and check every field given came back."""
    with db.transaction() as s:
        made_id = ident(create(s, given))
    with db.session() as s:
        stored = read(s, made_id)
    assert stored.model_dump(include=set(type(given).model_fields)) == given.model_dump()
    return stored


def audit_trail(
    db: Database, entity: str, entity_id: int
) -> list[tuple[AuditAction, dict[str, list[object]]]]:
    """(action, changes) of every audit row about one record, oldest first."""
    with db.session() as s:
        return [(row.action, row.changes) for row in audit.history(s, entity, entity_id)]


def evidence_file(folder: Path, name: str, content: bytes) -> Path:
    """A file in ``folder/evidence`` for a record to attach."""
    path = folder / "evidence" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return path


def save_profile(db: Database, **settings: object) -> None:
    """Save the rep's profile (as the form would send it) with ``settings``."""
    with db.transaction() as s:
        profile.save_profile(s, {"name": "Sam Rep", "union": "PCS", **settings})


def file_mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)
