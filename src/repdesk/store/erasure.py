"""Erasing a member (UK GDPR Art. 17): every copy of what the file holds about them, then its free space.

An ordinary delete keeps the record's history: the audit log holds a snapshot
of every value it ever had. Erasure removes the member and, unless the rep
keeps them, their cases with every timeline entry, deadline and evidence
file; then every copy of those values: their rows in the audit log, the
search index (merged, so no deleted word lingers in it) and the saved filters
that name them. Their links from threat-log entries go, each entry's change an
appended ERASED event in the chain (:func:`repdesk.store.chain.erase_links`),
so the log still verifies; the entries themselves stay. Last, the write-ahead
log is emptied and the file vacuumed, so no byte of what was erased is left in
the file, its WAL or its free pages (``secure_delete`` overwrites as it goes).

With ``keep_cases`` the cases stay, with their timelines, deadlines, files and
history, under a placeholder member ("Erased member 1", archived, no contact
details, a new id): the member's own record and history go all the same.
Wherever the cases' words (and their history) give the member's name, a part
of it, their number, email or phone, the placeholder's name stands instead;
evidence files are kept byte for byte.

Everything is removed with plain SQL, never through the ORM, so the audit hook
copies none of it; the erasure itself is recorded in one audit row of counts,
with no name, number or text of the member's.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.domain.enums import AuditAction
from repdesk.domain.spelling import Matcher, blank, person_matchers
from repdesk.domain.text import plural
from repdesk.store import chain, members
from repdesk.store.common import chunks
from repdesk.store.models import AuditEntry, Member

if TYPE_CHECKING:
    from repdesk.store.engine import Database

PLACEHOLDER = "Erased member"
"""The name a kept case's member is given, numbered: "Erased member 1"."""


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing one member would remove, to show the rep before they confirm.

    It names the member (for the rep's eyes only: nothing here is recorded).
    """

    member_id: int
    name: str
    membership_no: str | None
    keep_cases: bool
    case_refs: tuple[str, ...]
    """The member's cases, by reference (removed, or kept under a placeholder)."""
    timeline_entries: int
    deadlines: int
    files: int
    """Evidence files attached to the cases' timelines."""
    threat_refs: tuple[str, ...]
    """Threat-log entries whose link to the member (or their cases) goes; the entries stay."""
    saved_filters: tuple[str, ...]
    """Saved filters whose text names the member ("cases: Smith")."""

    def lines(self) -> list[str]:
        """What will go, one line each, in words a rep reads (case and entry references, no values)."""
        number = f" ({self.membership_no})" if self.membership_no else ""
        said = [f"{self.name}{number}: their record and contact details, and all of its history."]
        parts = (
            f"{plural(len(self.case_refs), 'case')}"
            + (
                f" ({', '.join(self.case_refs[:6])}{', …' if len(self.case_refs) > 6 else ''})"
                if self.case_refs
                else ""
            )
            + f" with {plural(self.timeline_entries, 'timeline entry', 'timeline entries')}, "
            f"{plural(self.deadlines, 'deadline')} and {plural(self.files, 'evidence file')}"
        )
        if self.case_refs and self.keep_cases:
            said.append(
                f"Kept: {parts}, under a placeholder member with no details; its name replaces "
                "the member's wherever the cases' words give it (files stay as they are)."
            )
        elif self.case_refs:
            said.append(f"Removed: {parts}, and their history.")
        if self.threat_refs:
            refs = ", ".join(self.threat_refs[:6]) + (", …" if len(self.threat_refs) > 6 else "")
            said.append(
                f"Links from {plural(len(self.threat_refs), 'threat-log entry', 'threat-log entries')} "
                f"({refs}): replaced by an erasure event in the chain; "
                f"{'the entry stays' if len(self.threat_refs) == 1 else 'the entries stay'}."
            )
        if self.saved_filters:
            said.append(f"Saved filters naming them: {', '.join(self.saved_filters)}.")
        said.append(
            "Their copies in the audit log and the search index; then the file's free space is cleared."
        )
        return said


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed, counted: no name, number or text of the member's."""

    member_id: int
    keep_cases: bool
    placeholder_id: int | None
    """The member the kept cases now belong to (``keep_cases`` with cases only)."""
    placeholder: str
    """Its name ("Erased member 1"), or ""."""
    cases: int
    timeline_entries: int
    deadlines: int
    files: int
    threat_entries: int
    """Threat-log entries that lost a link (one ERASED event each)."""
    saved_filters: int
    history_rows: int
    """Rows of the audit log removed."""
    compacted: bool = False
    """Whether the WAL was emptied and the file vacuumed afterwards."""

    def summary(self) -> str:
        """One line of counts: what the audit log records, and what the rep is told."""
        cases = plural(self.cases, "case")
        if self.keep_cases and self.cases:
            cases += f" kept under {self.placeholder} (#{self.placeholder_id})"
        elif self.cases:
            cases += " removed"
        return (
            f"member #{self.member_id} erased: {cases}, "
            f"{plural(self.timeline_entries, 'timeline entry', 'timeline entries')}, "
            f"{plural(self.deadlines, 'deadline')}, {plural(self.files, 'evidence file')}"
            f"{' kept' if self.keep_cases and self.cases else ''}; "
            f"links from {plural(self.threat_entries, 'threat-log entry', 'threat-log entries')}, "
            f"{plural(self.saved_filters, 'saved filter')}, {plural(self.history_rows, 'history row')}"
        )


# --- what belongs to the member --------------------------------------------------------


@dataclass(frozen=True)
class _Holdings:
    case_ids: list[int]
    case_refs: list[str]
    timeline_ids: list[int]
    deadline_ids: list[int]
    attachment_ids: list[int]


def _ids(session: Session, query: str, keys: Sequence[int]) -> list[tuple[Any, ...]]:
    """Rows of ``query`` (ending ``IN ({})``) for every chunk of ``keys``."""
    found: list[tuple[Any, ...]] = []
    connection = session.connection()
    for chunk in chunks(list(keys)):
        found += [
            tuple(row)
            for row in connection.exec_driver_sql(query.format(", ".join("?" * len(chunk))), tuple(chunk))
        ]
    return found


def _holdings(session: Session, member_id: int) -> _Holdings:
    cases = _ids(session, "SELECT id, ref FROM member_case WHERE member_id IN ({}) ORDER BY ref", [member_id])
    case_ids = [int(row[0]) for row in cases]
    timeline = [
        int(r[0]) for r in _ids(session, "SELECT id FROM timeline_entry WHERE case_id IN ({})", case_ids)
    ]
    deadline_ids = [
        int(r[0]) for r in _ids(session, "SELECT id FROM deadline WHERE case_id IN ({})", case_ids)
    ]
    files = [
        int(r[0])
        for r in _ids(session, "SELECT id FROM attachment WHERE timeline_entry_id IN ({})", timeline)
    ]
    return _Holdings(case_ids, [str(row[1]) for row in cases], timeline, deadline_ids, files)


SHORTEST = 2
"""The fewest letters of a part of a name that still names the member alone ("Li", "Mo")."""


def _mentions(member: Member, replacement: str) -> list[Matcher]:
    """How the member may be written in text: their name whole and by part, their number, email
    and phone, however typed (as a branch copy's redaction finds them), everyday words in lower
    case too: an erasure would rather replace a word in error than leave the member behind."""
    numbers = (member.membership_no,)
    return person_matchers(
        member.name, numbers, member.email, member.phone, replacement, SHORTEST, everyday=False
    )


def _names(text: str, mentions: list[Matcher]) -> bool:
    """Whether filter ``text`` names the member ``mentions`` finds (see :func:`_mentions`).

    Generous on purpose (a filter for another member of the same surname goes
    too): the plan lists each filter before the rep confirms.
    """
    return blank(text, mentions) != text


def _naming_filters(session: Session, member: Member) -> list[tuple[int, str]]:
    """(id, "area: name") of the saved filters whose text or name names ``member``."""
    rows = session.connection().exec_driver_sql(
        "SELECT id, area, name, query FROM saved_filter ORDER BY area, name"
    )
    mentions = _mentions(member, "")
    return [(int(i), f"{area}: {name}") for i, area, name, text in rows if _names(f"{name} {text}", mentions)]


def _threat_refs(session: Session, member_id: int, case_ids: list[int]) -> list[str]:
    refs = {
        str(r[0])
        for r in _ids(
            session,
            "SELECT t.ref FROM threat_entry t JOIN threat_member m ON m.threat_id = t.id "
            "WHERE m.member_id IN ({})",
            [member_id],
        )
    }
    refs |= {
        str(r[0])
        for r in _ids(
            session,
            "SELECT t.ref FROM threat_entry t JOIN threat_case c ON c.threat_id = t.id "
            "WHERE c.case_id IN ({})",
            case_ids,
        )
    }
    return sorted(refs)


def plan(session: Session, member_id: int, *, keep_cases: bool = False) -> ErasurePlan:
    """What erasing ``member_id`` would remove (NotFound if there is no such member); changes nothing."""
    member = members.get_member(session, member_id)
    held = _holdings(session, member_id)
    return ErasurePlan(
        member_id=member_id,
        name=member.name,
        membership_no=member.membership_no,
        keep_cases=keep_cases,
        case_refs=tuple(held.case_refs),
        timeline_entries=len(held.timeline_ids),
        deadlines=len(held.deadline_ids),
        files=len(held.attachment_ids),
        threat_refs=tuple(_threat_refs(session, member_id, [] if keep_cases else held.case_ids)),
        saved_filters=tuple(label for _id, label in _naming_filters(session, member)),
    )


# --- removing it -------------------------------------------------------------------------


def _each_chunk(session: Session, statement: str, ids: Sequence[int], *, lead: tuple[Any, ...] = ()) -> int:
    """Run ``statement`` for every chunk of ``ids`` (each ``{marks}`` in it their placeholders,
    after the ``lead`` parameters); how many rows it changed in all."""
    changed = 0
    connection = session.connection()
    for chunk in chunks(list(ids)):
        marks = ", ".join("?" * len(chunk))
        params = (*lead, *(list(chunk) * statement.count("{marks}")))
        # The statements are this module's own; the ids go in as parameters.
        changed += max(connection.exec_driver_sql(statement.format(marks=marks), params).rowcount, 0)
    return changed


def _delete(session: Session, table: str, ids: Sequence[int]) -> int:
    return _each_chunk(session, f"DELETE FROM {table} WHERE id IN ({{marks}})", ids)  # noqa: S608


def _forget_history(session: Session, entity: str, ids: Sequence[int]) -> int:
    """Remove the audit rows of these records, from each one's latest creation on (an id reused
    after an earlier record was deleted keeps that record's rows). Returns how many went."""
    return _each_chunk(
        session,
        "DELETE FROM audit_log WHERE entity = ? AND entity_id IN ({marks}) AND id >= coalesce("
        "(SELECT max(born.id) FROM audit_log born WHERE born.entity = audit_log.entity "
        "AND born.entity_id = audit_log.entity_id AND born.action = 'create'), 0)",
        ids,
        lead=(entity,),
    )


def _forget_links(session: Session, entity: str, column: str, ids: Sequence[int]) -> int:
    """Remove the audit rows of threat-log links (``threat_member``/``threat_case``) to these ids."""
    return _each_chunk(
        session,
        f"DELETE FROM audit_log WHERE entity = ? AND (json_extract(changes, '$.{column}[0]') IN ({{marks}}) "  # noqa: S608
        f"OR json_extract(changes, '$.{column}[1]') IN ({{marks}}))",
        ids,
        lead=(entity,),
    )


def _forget_filter_history(session: Session, member: Member) -> int:
    """Remove saved-filter audit rows whose values name the member (a filter since renamed or changed too)."""
    rows = session.connection().exec_driver_sql(
        "SELECT id, label, changes FROM audit_log WHERE entity = 'saved_filter'"
    )
    mentions = _mentions(member, "")
    naming = [int(i) for i, label, changes in rows if _names(f"{label} {changes}", mentions)]
    _delete(session, "audit_log", naming)
    return len(naming)


_KEPT_TEXT = {
    "member_case": ("title", "summary", "next_action", "tags"),
    "timeline_entry": ("summary", "body"),
    "deadline": ("what", "notes"),
    "attachment": ("path", "description"),
}
"""The words of a kept case and its parts, where the rep may have written the member's name."""


def _replaced(value: Any, mentions: list[Matcher]) -> Any:
    """``value`` (text, or JSON-ready data holding text) with every mention of the member replaced."""
    if isinstance(value, str):
        return blank(value, mentions)
    if isinstance(value, list):
        return [_replaced(item, mentions) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, mentions) for key, item in value.items()}
    return value


def _pseudonymise(session: Session, member: Member, placeholder: str, held: _Holdings) -> None:
    """Write the placeholder's name wherever the kept cases' words, and their history, name the member."""
    mentions = _mentions(member, placeholder)
    connection = session.connection()
    for (table, columns), ids in zip(
        _KEPT_TEXT.items(),
        (held.case_ids, held.timeline_ids, held.deadline_ids, held.attachment_ids),
        strict=True,
    ):
        rows = _ids(session, f"SELECT id, {', '.join(columns)} FROM {table} WHERE id IN ({{}})", ids)  # noqa: S608
        for ident, *values in rows:
            # Tags are stored as JSON text; the placeholder's name holds nothing JSON would escape.
            new = [blank(value, mentions) if isinstance(value, str) else value for value in values]
            if new != values:
                sets = ", ".join(f"{column} = ?" for column in columns)
                connection.exec_driver_sql(f"UPDATE {table} SET {sets} WHERE id = ?", (*new, ident))  # noqa: S608
        history = _ids(
            session,
            f"SELECT id, label, changes FROM audit_log WHERE entity = '{table}' AND entity_id IN ({{}})",  # noqa: S608
            ids,
        )
        for ident, label, changes in history:
            try:
                parsed = json.loads(changes)
            except (TypeError, ValueError):
                parsed = changes  # unreadable in the file: scrubbed as text
            new_changes = _replaced(parsed, mentions)
            new_label = blank(label or "", mentions)
            if (new_changes, new_label) != (parsed, label):
                stored = new_changes if isinstance(new_changes, str) else json.dumps(new_changes)
                connection.exec_driver_sql(
                    "UPDATE audit_log SET label = ?, changes = ? WHERE id = ?", (new_label, stored, ident)
                )


def _placeholder(session: Session) -> tuple[int, str]:
    """A new archived member with no details, numbered after the placeholders already there."""
    taken = {
        str(name)
        for (name,) in session.connection().exec_driver_sql(
            "SELECT name FROM member WHERE name LIKE ?", (f"{PLACEHOLDER} %",)
        )
    }
    number = 1
    while f"{PLACEHOLDER} {number}" in taken:
        number += 1
    name = f"{PLACEHOLDER} {number}"
    now = clock.now()
    stand_in = Member(
        name=name,
        archived_at=now,
        notes=f"Stands in for a member erased on {format_date(now.date())}: their details are gone.",
    )
    table = Member.__table__  # type: ignore[attr-defined]
    values = {c.name: getattr(stand_in, c.name) for c in table.columns if c.name != "id"}
    inserted = session.connection().execute(sa.insert(table).values(**values)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0]), name


def _record(session: Session, report: ErasureReport) -> None:
    """The erasure's one audit row (and the placeholder's creation): counts and ids only."""
    rows: list[dict[str, Any]] = [
        {
            "at": clock.now(),
            "action": AuditAction.DELETE,
            "entity": "member",
            "entity_id": report.member_id,
            "label": "erased (UK GDPR Art. 17)",
            "changes": {"erasure": [None, report.summary()]},
        }
    ]
    if report.placeholder_id is not None:
        rows.append(
            {
                "at": clock.now(),
                "action": AuditAction.CREATE,
                "entity": "member",
                "entity_id": report.placeholder_id,
                "label": report.placeholder,
                "changes": {"name": [None, report.placeholder]},
            }
        )
    session.execute(sa.insert(AuditEntry), rows)


def erase(session: Session, member_id: int, *, keep_cases: bool = False) -> ErasureReport:
    """Erase ``member_id`` inside the caller's transaction (see the module); NotFound if there is none.

    Leaves the file's free space and WAL to :func:`compact`, which must run
    after the commit: :func:`erase_member` does both.
    """
    member = members.get_member(session, member_id)
    held = _holdings(session, member_id)
    filters = _naming_filters(session, member)
    session.flush()
    # The chain first: it refuses (changing nothing) if a touched entry no longer matches its hash.
    touched = chain.erase_links(session, [member_id], [] if keep_cases else held.case_ids)
    history = _forget_links(session, "threat_member", "member_id", [member_id])
    history += _forget_filter_history(session, member)
    history += _forget_history(session, "saved_filter", [i for i, _label in filters])
    _delete(session, "saved_filter", [i for i, _label in filters])
    placeholder_id, placeholder = None, ""
    if keep_cases and held.case_ids:
        placeholder_id, placeholder = _placeholder(session)
        session.connection().exec_driver_sql(
            "UPDATE member_case SET member_id = ? WHERE member_id = ?", (placeholder_id, member_id)
        )
        _pseudonymise(session, member, placeholder, held)
        # The kept cases' history named the member by id: it names the placeholder now.
        _each_chunk(
            session,
            "UPDATE audit_log SET changes = json_replace(changes, "
            "'$.member_id[0]', CASE WHEN json_extract(changes, '$.member_id[0]') = ? THEN ? "
            "ELSE json_extract(changes, '$.member_id[0]') END, "
            "'$.member_id[1]', CASE WHEN json_extract(changes, '$.member_id[1]') = ? THEN ? "
            "ELSE json_extract(changes, '$.member_id[1]') END) "
            "WHERE entity = 'member_case' AND entity_id IN ({marks}) "
            "AND json_type(changes, '$.member_id') IS NOT NULL",
            held.case_ids,
            lead=(member_id, placeholder_id, member_id, placeholder_id),
        )
    elif held.case_ids:
        history += _forget_links(session, "threat_case", "case_id", held.case_ids)
        for entity, ids in (
            ("attachment", held.attachment_ids),
            ("timeline_entry", held.timeline_ids),
            ("deadline", held.deadline_ids),
            ("member_case", held.case_ids),
        ):
            history += _forget_history(session, entity, ids)
            # A file's bytes go with its last attachment (a trigger); bytes another record shares stay.
            _delete(session, entity, ids)
    history += _forget_history(session, "member", [member_id])
    _delete(session, "member", [member_id])
    # Deleted rows leave their words in the full-text index's older segments until they are merged.
    session.connection().exec_driver_sql("INSERT INTO search_index(search_index) VALUES ('optimize')")
    report = ErasureReport(
        member_id=member_id,
        keep_cases=keep_cases,
        placeholder_id=placeholder_id,
        placeholder=placeholder,
        cases=len(held.case_ids),
        timeline_entries=len(held.timeline_ids),
        deadlines=len(held.deadline_ids),
        files=len(held.attachment_ids),
        threat_entries=len(touched),
        saved_filters=len(filters),
        history_rows=history,
    )
    _record(session, report)
    session.expunge_all()  # the objects read above describe rows that are gone
    return report


def compact(db: Database) -> bool:
    """Empty the WAL into the file, vacuum it, and empty the WAL again (outside any transaction).

    Afterwards no deleted page, free page or old WAL frame remains. False if
    another connection kept the WAL from being emptied (the data is deleted
    either way; its old bytes are overwritten at the next compaction).
    """
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        done = True
        for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
            row = raw.execute(statement).fetchone()
            if row is not None and int(row[0]) != 0:  # a checkpoint's "busy" flag
                done = False
    return done


def erase_member(db: Database, member_id: int, *, keep_cases: bool = False) -> ErasureReport:
    """Erase ``member_id`` (one transaction), then :func:`compact` the file; the report says what went."""
    with db.transaction() as session:
        report = erase(session, member_id, keep_cases=keep_cases)
    return dataclasses.replace(report, compacted=compact(db))
