"""Threat-log services. Entries are evidence: logged once, corrected by new entries, never edited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col, func, select

from repdesk.domain import clock
from repdesk.domain.chain import EventKind
from repdesk.domain.enums import ThreatStatus
from repdesk.domain.filters import ThreatFilter
from repdesk.store import chain, search
from repdesk.store.attachments import attach, read_evidence, store_read
from repdesk.store.common import (
    Fields,
    Page,
    check_version,
    chunks,
    columns,
    count,
    fetch,
    get,
    ids,
    insert,
    like_pattern,
    next_reference,
    page_bounds,
    validate,
)
from repdesk.store.errors import ImmutableRecord, Invalid
from repdesk.store.models import (
    Attachment,
    AttachmentCreate,
    Case,
    Member,
    ThreatCase,
    ThreatCorrection,
    ThreatEntry,
    ThreatEntryCreate,
    ThreatMember,
)
from repdesk.store.rows import ThreatRow

# The only columns of a saved entry that may change.
MUTABLE = frozenset({"status", "status_changed_at", "version"})

REFUSAL = (
    "A saved threat-log entry cannot be edited: it may become evidence. "
    "Record a correction instead; both entries are kept and linked."
)


def _refuse_edits(session: OrmSession, _ctx: UOWTransaction, _instances: object) -> None:
    for obj in session.dirty:
        if not isinstance(obj, ThreatEntry):
            continue
        state = inspect(obj)
        changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
        if changed - MUTABLE:
            raise ImmutableRecord(REFUSAL)
    for obj in session.deleted:
        if isinstance(obj, ThreatEntry):
            raise ImmutableRecord("A threat-log entry cannot be deleted; record a correction instead.")


def install(session_class: type[OrmSession]) -> None:
    """Make every session refuse in-place edits and deletes of threat entries."""
    event.listen(session_class, "before_flush", _refuse_edits)


def _link(
    session: Session, entry_id: int, member_ids: Sequence[int], case_ids: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Link the members and cases not linked yet; return the ids newly linked (members, cases)."""
    member_ids, case_ids = ids(member_ids), ids(case_ids)
    if member_ids:
        found = {
            found_id
            for chunk in chunks(member_ids)
            for found_id in session.exec(select(Member.id).where(col(Member.id).in_(chunk)))
        }
        if missing := [m for m in member_ids if m not in found]:
            raise Invalid.one(
                "member_ids", f"{len(missing)} linked member(s) no longer exist; pick them again."
            )
    if case_ids:
        found = set(session.exec(select(Case.id).where(col(Case.id).in_(case_ids))))
        if missing := [c for c in case_ids if c not in found]:
            raise Invalid.one("case_ids", f"{len(missing)} linked case(s) no longer exist; pick them again.")
    existing_members = set(
        session.exec(select(ThreatMember.member_id).where(ThreatMember.threat_id == entry_id))
    )
    existing_cases = set(session.exec(select(ThreatCase.case_id).where(ThreatCase.threat_id == entry_id)))
    new_members = [m for m in member_ids if m not in existing_members]
    new_cases = [c for c in case_ids if c not in existing_cases]
    session.add_all(ThreatMember(threat_id=entry_id, member_id=m) for m in new_members)
    session.add_all(ThreatCase(threat_id=entry_id, case_id=c) for c in new_cases)
    session.flush()
    return new_members, new_cases


def log_threat(session: Session, data: Fields, *, evidence: Sequence[AttachmentCreate] = ()) -> ThreatEntry:
    """Record a threat with the members and cases it touches and any evidence files."""
    return _record(session, validate(ThreatEntryCreate, data), evidence)


def _record(
    session: Session,
    data: ThreatEntryCreate,
    evidence: Sequence[AttachmentCreate],
    *,
    amends: ThreatEntry | None = None,
    reason: str = "",
) -> ThreatEntry:
    files = [read_evidence(session, item) for item in evidence]
    # A correction restates the facts, not the follow-up: it carries on where the entry it
    # corrects had got to (raised with the employer, say), rather than starting at "logged".
    follow_up = (
        {} if amends is None else {"status": amends.status, "status_changed_at": amends.status_changed_at}
    )
    entry = insert(
        session,
        ThreatEntry,
        data.model_dump(exclude={"member_ids", "case_ids", "reason"}),
        ref=next_reference(session, "T", data.occurred_on.year),
        recorded_at=clock.now(),
        amends_id=None if amends is None else amends.id,
        correction_reason=reason,
        **follow_up,
    )
    assert entry.id is not None
    _link(session, entry.id, data.member_ids, data.case_ids)
    for read in files:
        store_read(session, read, threat_entry_id=entry.id)
    # Its links and evidence are part of what the entry's event commits to.
    chain.log_entries(session, [entry.id])
    return entry


def correct_threat(
    session: Session,
    entry_id: int,
    data: Fields,
    *,
    evidence: Sequence[AttachmentCreate] = (),
) -> ThreatEntry:
    """Record a correction: a new complete entry that amends ``entry_id``; both are kept.

    The correction keeps the follow-up status of the entry it corrects.
    """
    data = validate(ThreatCorrection, data)
    amends = get_threat(session, entry_id)
    return _record(session, data, evidence, amends=amends, reason=data.reason)


def edit_threat(session: Session, entry_id: int, **_changes: object) -> ThreatEntry:
    """Always refused: threat entries are never edited in place (see :func:`correct_threat`)."""
    get_threat(session, entry_id)
    raise ImmutableRecord(REFUSAL)


def set_status(session: Session, entry_id: int, status: ThreatStatus, *, version: int) -> ThreatEntry:
    """Move the follow-up status, the one thing about an entry that may change."""
    entry = get_threat(session, entry_id)
    check_version(entry, version, "threat-log entry")
    if entry.status != status:
        entry.status = status
        entry.status_changed_at = clock.now()
        entry.version += 1
        session.add(entry)
        session.flush()
        chain.append(
            session, EventKind.STATUS_CHANGED, entry_id, {"status": status}, at=entry.status_changed_at
        )
    return entry


def add_links(
    session: Session, entry_id: int, *, member_ids: Sequence[int] = (), case_ids: Sequence[int] = ()
) -> None:
    """Link more members or cases to an entry (an all-staff notice found to touch someone else)."""
    get_threat(session, entry_id)
    new_members, new_cases = _link(session, entry_id, member_ids, case_ids)
    now = clock.now()
    chain.append_many(
        session,
        [(EventKind.MEMBER_LINKED, entry_id, now, {"member_id": m}) for m in new_members]
        + [(EventKind.CASE_LINKED, entry_id, now, {"case_id": c}) for c in new_cases],
    )


def attach_evidence(session: Session, entry_id: int, data: AttachmentCreate) -> Attachment:
    """Attach another evidence file to an entry, hashing it now."""
    get_threat(session, entry_id)
    attachment = attach(session, data, threat_entry_id=entry_id)
    facts = {"attachment_id": attachment.id, "sha256": attachment.sha256}
    chain.append(session, EventKind.EVIDENCE_ATTACHED, entry_id, facts, at=attachment.attached_at)
    return attachment


def get_threat(session: Session, entry_id: int) -> ThreatEntry:
    """One entry, or NotFound."""
    return get(session, ThreatEntry, entry_id, "threat-log entry")


def find_threat(session: Session, ref: str) -> ThreatEntry | None:
    """An entry by reference (case-insensitive), or None."""
    return session.exec(select(ThreatEntry).where(func.upper(ThreatEntry.ref) == ref.strip().upper())).first()


@dataclass(frozen=True)
class ThreatDetail:
    """One entry with everything linked to it, both ways."""

    entry: ThreatEntry
    members: list[Member]
    cases: list[Case]
    evidence: list[Attachment]
    amends: ThreatEntry | None
    """The earlier entry this one corrects."""
    corrected_by: list[ThreatEntry]
    """Later entries that correct this one."""


def threat_detail(session: Session, entry_id: int) -> ThreatDetail:
    """Load an entry with its members, cases, evidence and correction links."""
    entry = get_threat(session, entry_id)
    members = session.exec(
        select(Member)
        .join(ThreatMember, col(ThreatMember.member_id) == Member.id)
        .where(ThreatMember.threat_id == entry_id)
        .order_by(func.lower(Member.name))
    )
    cases = session.exec(
        select(Case)
        .join(ThreatCase, col(ThreatCase.case_id) == Case.id)
        .where(ThreatCase.threat_id == entry_id)
        .order_by(col(Case.ref))
    )
    evidence = session.exec(
        select(Attachment).where(Attachment.threat_entry_id == entry_id).order_by(col(Attachment.id))
    )
    corrected_by = session.exec(
        select(ThreatEntry).where(ThreatEntry.amends_id == entry_id).order_by(col(ThreatEntry.id))
    )
    return ThreatDetail(
        entry=entry,
        members=list(members),
        cases=list(cases),
        evidence=list(evidence),
        amends=session.get(ThreatEntry, entry.amends_id) if entry.amends_id else None,
        corrected_by=list(corrected_by),
    )


def _conditions(query: ThreatFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    for column, values in (
        (ThreatEntry.kind, query.kinds),
        (ThreatEntry.channel, query.channels),
        (ThreatEntry.audience, query.audiences),
        (ThreatEntry.status, query.statuses),
    ):
        if values:
            conditions.append(col(column).in_(sorted(values)))
    if query.made_by.strip():
        conditions.append(col(ThreatEntry.made_by).like(like_pattern(query.made_by.strip()), escape="\\"))
    if query.related_to_action is not None:
        conditions.append(col(ThreatEntry.related_to_action) == query.related_to_action)
    if query.date_from:
        conditions.append(col(ThreatEntry.occurred_on) >= query.date_from)
    if query.date_to:
        conditions.append(col(ThreatEntry.occurred_on) <= query.date_to)
    if query.member_ids:
        linked = select(ThreatMember.threat_id).where(
            col(ThreatMember.member_id).in_(sorted(query.member_ids))
        )
        conditions.append(col(ThreatEntry.id).in_(linked))
    if query.case_id is not None:
        conditions.append(
            col(ThreatEntry.id).in_(select(ThreatCase.threat_id).where(ThreatCase.case_id == query.case_id))
        )
    if query.text.strip():
        matching = search.ids_matching(query.text, search.Kind.THREAT)
        if matching is not None:
            conditions.append(col(ThreatEntry.id).in_(matching))
    return conditions


def list_threats(
    session: Session, query: ThreatFilter | None = None, *, limit: int = 100, offset: int = 0
) -> Page[ThreatRow]:
    """Entries in the order they happened (or newest first), filtered and paged in SQL."""
    query = query or ThreatFilter()
    limit, offset = page_bounds(limit, offset)
    conditions = _conditions(query)
    total = count(session, ThreatEntry, *conditions)
    members = (
        select(func.count())
        .select_from(ThreatMember)
        .where(ThreatMember.threat_id == ThreatEntry.id)
        .correlate(ThreatEntry)
        .scalar_subquery()
    )

    def direction(column: Any) -> Any:
        return col(column).desc() if query.newest_first else col(column).asc()

    rows = fetch(
        session,
        sa.select(
            *columns(
                ThreatEntry.id,
                ThreatEntry.ref,
                ThreatEntry.occurred_on,
                ThreatEntry.occurred_at,
                ThreatEntry.made_by,
                ThreatEntry.made_by_role,
                ThreatEntry.channel,
                ThreatEntry.audience,
                ThreatEntry.kind,
                ThreatEntry.exact_words,
                ThreatEntry.related_to_action,
                ThreatEntry.disputed,
                ThreatEntry.status,
                ThreatEntry.amends_id,
                members,
                ThreatEntry.version,
            )
        )
        .where(*conditions)
        .order_by(
            direction(ThreatEntry.occurred_on),
            # An unknown time sorts first in its day, so newest-first is the exact reverse.
            (sa.nulls_last if query.newest_first else sa.nulls_first)(direction(ThreatEntry.occurred_at)),
            direction(ThreatEntry.id),
        )
        .limit(limit)
        .offset(offset),
    )
    return Page([ThreatRow(*row) for row in rows], total, offset)


def corrected_ids(session: Session, entry_ids: Sequence[int]) -> set[int]:
    """Which of ``entry_ids`` a later entry corrects (for a list's "corrected later" mark).

    Takes the ids of one page of the list, so the query stays small however long the log is.
    """
    found: set[int] = set()
    for chunk in chunks(ids(entry_ids)):
        found.update(
            amended
            for amended in session.exec(
                select(ThreatEntry.amends_id).where(col(ThreatEntry.amends_id).in_(chunk)).distinct()
            )
            if amended is not None
        )
    return found
