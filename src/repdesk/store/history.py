"""The history of one record in plain words: its audit trail and its parts', newest first.

The audit log (:mod:`repdesk.store.audit`) keeps every create, update and
delete as table names, column names and stored values. This turns them into
lines a rep reads: "14 Nov 2026 10:32 · status: Open → Waiting on employer".
Columns are named by the models' own titles, values as the desk shows them
(labels, UK dates, names and references for linked records), and columns
kept only for speed or bookkeeping are left out.

A case's history takes in its timeline entries (and their attachments), its
deadlines and the threat entries linked to it; a talks session its offers
and action points; a threat entry its links, its evidence and its
corrections both ways. A value the log holds that cannot be read shows as
"unreadable".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from repdesk.domain.dates import format_date, format_datetime
from repdesk.domain.enums import AuditAction
from repdesk.store.common import chunks, get
from repdesk.store.history_values import (
    Names,
    blank,
    field_title,
    in_utc,
    is_long,
    lower_first,
    pair,
    quoted,
    shown_value,
    table_name,
)
from repdesk.store.models import (
    ActionPoint,
    Attachment,
    AuditEntry,
    Case,
    Deadline,
    Member,
    Offer,
    TalksSession,
    ThreatCase,
    ThreatEntry,
    ThreatMember,
    TimelineEntry,
)

WORDS: dict[str, str] = {
    "case": "case",
    "member": "member",
    "threat": "threat-log entry",
    "session": "talks session",
}
"""The kinds of record with a history (each list screen's ``ITEM``), as a refusal names them."""

_ROOTS: dict[str, type[SQLModel]] = {
    "case": Case,
    "member": Member,
    "threat": ThreatEntry,
    "session": TalksSession,
}

LINKS_NAMED = 5
"""How many records a line names when many were linked at once; it counts the rest."""


# Columns that say nothing to a rep: bookkeeping; values kept for speed (the stored
# urgency score, and the next due date and last activity the triggers keep); what
# another line says already (when a status moved, when a deadline was done, what a
# correction corrects); and a file's fingerprint.
_NOISE = frozenset(
    {
        "id",
        "ref",
        "version",
        "created_at",
        "updated_at",
        "urgency",
        "next_due_on",
        "last_activity_on",
        "status_changed_at",
        "recorded_at",
        "done_on",
        "rule_version",
        "rule_inputs",
        "sha256",
        "size_bytes",
        "attached_at",
        "amends_id",
        "correction_reason",
    }
)

_PARENTS = frozenset({"case_id", "session_id", "timeline_entry_id", "threat_entry_id"})
"""Columns naming the record a part belongs to: the line names that record already."""


# What a "Created" line shows of a record: its main values, in this order.
_MAIN: dict[type[SQLModel], tuple[str, ...]] = {
    Case: ("title", "category", "status", "priority"),
    Member: ("name", "membership_no", "role_category", "job_title"),
    ThreatEntry: ("occurred_on", "kind", "made_by", "channel", "audience"),
    TalksSession: ("held_on", "kind", "format", "venue"),
}


@dataclass(frozen=True)
class HistoryLine:
    """One thing that happened to a record (or to one of its parts), in plain words."""

    at: datetime
    """When it was recorded (UTC), or a stand-in when the log's own time cannot be read."""
    text: str
    """What happened: "status: Open → Waiting on employer"."""

    @property
    def when(self) -> str:
        """The moment in the rep's time, to the minute: "14 Nov 2026 10:32"."""
        return format_datetime(self.at)

    def __str__(self) -> str:
        return f"{self.when} · {self.text}"


@dataclass(frozen=True)
class History:
    """A record's history as the desk shows it."""

    title: str
    """The record as a rep names it: "C-2026-0012 Kim O'Neill"."""
    lines: list[HistoryLine]
    """Newest first."""


_NAME_WORDS = {"due_on": "due"}
"""A word before a value that names a part ("deadline “Reply” due 1 Dec 2026")."""


@dataclass(frozen=True)
class _Part:
    """Records that belong to another and are part of its history (a case's deadlines)."""

    model: type[SQLModel]
    parent: str
    """The column naming the record they belong to."""
    words: str
    """How a line names one ("timeline entry")."""
    named_by: tuple[str, ...]
    """The values that tell one from another, in the order a line shows them (see :data:`_NAME_WORDS`)."""
    parts: tuple[_Part, ...] = ()


_PARTS: dict[str, tuple[_Part, ...]] = {
    "case": (
        _Part(
            TimelineEntry,
            "case_id",
            "timeline entry",
            ("occurred_on", "kind", "summary"),
            (_Part(Attachment, "timeline_entry_id", "attachment", ("path",)),),
        ),
        _Part(Deadline, "case_id", "deadline", ("what", "due_on")),
    ),
    "session": (
        _Part(Offer, "session_id", "offer", ("side", "kind", "text")),
        _Part(ActionPoint, "session_id", "action point", ("text",)),
    ),
    "threat": (_Part(Attachment, "threat_entry_id", "evidence", ("path",)),),
    "member": (),
}


@dataclass(frozen=True)
class _Event:
    """A line with where it sorts: by audit row, then its place among that row's lines."""

    order: tuple[int, int]
    at: datetime
    text: str


def history_of(session: Session, kind: str, ident: int) -> History:
    """The history of the ``kind`` record ``ident`` (a key of :data:`WORDS`), newest first.

    Raises NotFound if the record is gone.
    """
    model = _ROOTS[kind]
    record: Any = get(session, model, ident, WORDS[kind])
    names = Names(session)
    events = [
        event for row in _rows(session, [table_name(model)], [ident]) for event in _own(row, model, names)
    ]
    for part in _PARTS[kind]:
        events.extend(_part_events(session, part, [ident], names))
    if isinstance(record, ThreatEntry):
        events.extend(_threat_events(session, record, names))
    if isinstance(record, Case):
        events.extend(_case_links(session, ident, names))
    events.sort(key=lambda e: e.order, reverse=True)
    return History(_record_title(record, names), [HistoryLine(e.at, e.text) for e in events])


def _record_title(record: Any, names: Names) -> str:
    if isinstance(record, Case):
        return f"{record.ref} {names.member(record.member_id)}"
    if isinstance(record, ThreatEntry):
        return f"{record.ref} {record.made_by}"
    if isinstance(record, TalksSession):
        return f"ACAS talks {format_date(record.held_on)}"
    return str(record.name)


# --- reading the log ---------------------------------------------------------------------


def _rows(session: Session, entities: Sequence[str], ids: Iterable[int]) -> list[AuditEntry]:
    """The log rows of these records, oldest first."""
    found: list[AuditEntry] = []
    for chunk in chunks(sorted(set(ids))):
        # ``entity || ''`` keeps SQLite off the entity index: one table's rows are many,
        # one record's few, so the entity_id index is the one to read.
        query = select(AuditEntry).where(
            (col(AuditEntry.entity) + "").in_(entities), col(AuditEntry.entity_id).in_(chunk)
        )
        found.extend(session.exec(query))
    return sorted(found, key=lambda row: row.id or 0)


def _part_ids(session: Session, part: _Part, parent_ids: Sequence[int]) -> list[int]:
    """Ids of the ``part`` records of these parents: those there now, and those deleted since."""
    if not parent_ids:
        return []
    model: Any = part.model
    now = session.exec(select(model.id).where(col(getattr(model, part.parent)).in_(parent_ids)))
    # A deleted one is in the log alone: its delete row names the parent it had. A row
    # damaged in the file is skipped (json_extract would fail the whole query on it).
    had = sa.case(
        (
            sa.func.json_valid(AuditEntry.changes) == 1,
            sa.func.json_extract(AuditEntry.changes, f"$.{part.parent}[0]"),
        )
    )
    gone = session.exec(
        select(AuditEntry.entity_id).where(
            AuditEntry.entity == table_name(part.model),
            AuditEntry.action == AuditAction.DELETE,
            had.in_(parent_ids),
        )
    )
    return sorted({int(i) for i in now} | {int(i) for i in gone})


def _part_events(session: Session, part: _Part, parent_ids: Sequence[int], names: Names) -> list[_Event]:
    ids = _part_ids(session, part, parent_ids)
    rows = _rows(session, [table_name(part.model)], ids)
    known = _replay(rows)
    model: Any = part.model
    for chunk in chunks(ids):
        record: Any
        for record in session.exec(select(model).where(col(model.id).in_(chunk))):
            # What is there now names it best; the log names what is gone.
            values = known.setdefault(int(record.id), {})
            values.update({field: getattr(record, field) for field in part.named_by})
    events: list[_Event] = []
    for row in rows:
        name = _part_name(part, known.get(row.entity_id, {}), names)
        events.extend(_part_row(row, part.model, name, names))
    for child in part.parts:
        events.extend(_part_events(session, child, ids, names))
    return events


def _replay(rows: Sequence[AuditEntry]) -> dict[int, dict[str, Any]]:
    """Each record's last values as the log tells them, to name one deleted since."""
    state: dict[int, dict[str, Any]] = {}
    for row in rows:
        values = state.setdefault(row.entity_id, {})
        for field, change in _changes(row).items():
            old, new = pair(change)
            values[field] = old if row.action == AuditAction.DELETE else new
    return state


def _changes(row: AuditEntry) -> dict[str, Any]:
    """The row's changes (none, if the log's copy cannot be read)."""
    changes = row.changes
    return changes if isinstance(changes, dict) else {}


def _order(row: AuditEntry | None, place: int = 0) -> tuple[int, int]:
    return (row.id or 0) if row is not None else 0, place


# --- lines ---------------------------------------------------------------------------------


def _own(row: AuditEntry, model: type[SQLModel], names: Names) -> list[_Event]:
    """The lines one log row of the record itself gives."""
    at = in_utc(row.at)
    if row.action == AuditAction.CREATE:
        changes = _changes(row)
        main = [
            f"{field_title(model, field)}: {shown_value(model, field, pair(changes[field])[1], names)}"
            for field in _MAIN.get(model, ())
            if field in changes
        ]
        return [_Event(_order(row), at, "Created" + (": " + "; ".join(main) if main else ""))]
    if row.action == AuditAction.DELETE:
        return [_Event(_order(row), at, "Deleted")]
    return [_Event(_order(row, -i), at, text) for i, text in enumerate(_changed(row, model, names))]


def _part_row(row: AuditEntry, model: type[SQLModel], name: str, names: Names) -> list[_Event]:
    """The lines one log row of a part gives, each naming the part."""
    at = in_utc(row.at)
    if row.action == AuditAction.CREATE:
        return [_Event(_order(row), at, f"{name}: added")]
    if row.action == AuditAction.DELETE:
        return [_Event(_order(row), at, f"{name}: deleted")]
    said = _changed(row, model, names)
    return [_Event(_order(row, -i), at, f"{name}: {text}") for i, text in enumerate(said)]


def _changed(row: AuditEntry, model: type[SQLModel], names: Names) -> list[str]:
    """One phrase per field a rep cares about: "status: Open → Waiting on employer"."""
    changes = _changes(row)
    if not changes:
        return ["changed (what changed cannot be read)"]
    said: list[str] = []
    for field, change in changes.items():
        if field in _NOISE or field in _PARENTS:
            continue
        old, new = pair(change)
        if field == "archived_at":
            said.append("Archived" if new is not None else "Brought back from the archive")
            continue
        label = field_title(model, field)
        if blank(old) and blank(new):
            continue
        if is_long(model, field):
            said.append(f"{label}: {'added' if blank(old) else 'cleared' if blank(new) else 'changed'}")
        elif blank(old):
            said.append(f"{label}: set to {shown_value(model, field, new, names)}")
        elif blank(new):
            said.append(f"{label}: cleared (was {shown_value(model, field, old, names)})")
        else:
            said.append(
                f"{label}: {shown_value(model, field, old, names)} → {shown_value(model, field, new, names)}"
            )
    return said


def _threat_events(session: Session, entry: ThreatEntry, names: Names) -> list[_Event]:
    """A threat entry's links, and its corrections both ways."""
    assert entry.id is not None
    events: list[_Event] = []
    linked = _rows(session, [table_name(ThreatMember), table_name(ThreatCase)], [entry.id])
    events.extend(_links(linked, "member_id", "member", names.member))
    events.extend(_links(linked, "case_id", "case", names.case))
    if entry.amends_id is not None:
        made = _created(session, entry)
        text = f"Corrects {names.threat(entry.amends_id)}{_reason(entry.correction_reason)}"
        events.append(_Event(_order(made, 1), _made_at(made, entry), text))
    later = session.exec(
        select(ThreatEntry).where(ThreatEntry.amends_id == entry.id).order_by(col(ThreatEntry.id))
    )
    for correction in later:
        made = _created(session, correction)
        text = f"Corrected by {correction.ref}{_reason(correction.correction_reason)}"
        events.append(_Event(_order(made, 1), _made_at(made, correction), text))
    return events


def _links(rows: Sequence[AuditEntry], column: str, words: str, name: Callable[[Any], str]) -> list[_Event]:
    """A line per link, or one line for those made in one go (an all-staff notice names hundreds)."""
    batches: list[list[AuditEntry]] = []
    for row in rows:
        if row.action != AuditAction.CREATE or column not in _changes(row):
            continue
        if batches and batches[-1][0].at == row.at:
            batches[-1].append(row)
        else:
            batches.append([row])
    events: list[_Event] = []
    for batch in batches:
        named = ", ".join(name(pair(_changes(row)[column])[1]) for row in batch[:LINKS_NAMED])
        if len(batch) == 1:
            text = f"Linked to {words} {named}"
        else:
            more = f" and {len(batch) - LINKS_NAMED:,} more" if len(batch) > LINKS_NAMED else ""
            text = f"Linked to {len(batch):,} {words}s: {named}{more}"
        events.append(_Event(_order(batch[-1], 1), in_utc(batch[-1].at), text))
    return events


def _created(session: Session, entry: ThreatEntry) -> AuditEntry | None:
    """The log row that recorded ``entry``, if the log has it."""
    query = select(AuditEntry).where(
        AuditEntry.entity == table_name(ThreatEntry),
        AuditEntry.entity_id == entry.id,
        AuditEntry.action == AuditAction.CREATE,
    )
    return session.exec(query).first()


def _made_at(made: AuditEntry | None, entry: ThreatEntry) -> datetime:
    return in_utc(made.at if made is not None else entry.recorded_at)


def _reason(text: str) -> str:
    return f" (why: {quoted(text)})" if text.strip() else ""


def _case_links(session: Session, case_id: int, names: Names) -> list[_Event]:
    """Threat entries linked to a case, when each was linked."""
    threat_ids = session.exec(select(ThreatCase.threat_id).where(ThreatCase.case_id == case_id))
    events: list[_Event] = []
    for row in _rows(session, [table_name(ThreatCase)], threat_ids):
        if row.action == AuditAction.CREATE and pair(_changes(row).get("case_id"))[1] == case_id:
            text = f"Linked to threat entry {names.threat(row.entity_id)}"
            events.append(_Event(_order(row, 1), in_utc(row.at), text))
    return events


# --- words -----------------------------------------------------------------------------


def _part_name(part: _Part, values: dict[str, Any], names: Names) -> str:
    """A part as a line names it: "timeline entry 6 Jan 2026 meeting “Met HR”"."""
    words = [part.words]
    for field in part.named_by:
        value = values.get(field)
        if blank(value):
            continue
        if field == "path" and isinstance(value, str):
            words.append(quoted(PurePath(value).name))
            continue
        shown = shown_value(part.model, field, value, names)
        if field in _NAME_WORDS:
            words.append(_NAME_WORDS[field])
        words.append(shown if shown.startswith("“") else lower_first(shown))
    return " ".join(words)
