"""The threat log's hash chain over the database: append, head, verify.

Every service that touches the log appends here inside its own transaction
(see :mod:`repdesk.store.threats`), so an entry and its event are written
together or not at all. Verify recomputes everything from the rows: each
entry's salted content from its own columns, links and evidence hashes, and
each event's hash from the one before (:func:`repdesk.domain.chain.walk`).

Events are inserted with plain SQL rather than through the ORM: the chain is
its own record, so the audit hook need not copy it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from repdesk.domain import chain as rules
from repdesk.domain import clock
from repdesk.domain.chain import EntryState, Event, EventKind, Verdict
from repdesk.store import attachments
from repdesk.store.common import chunks
from repdesk.store.errors import Invalid
from repdesk.store.models import Case, Member, ThreatEntry, ThreatEvent

_EVENTS = ThreatEvent.__table__  # type: ignore[attr-defined]
_ENTRIES = ThreatEntry.__table__  # type: ignore[attr-defined]
_UNREADABLE = datetime(1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ChainHead:
    """The last event's hash, in full and in the short form a rep writes down."""

    full: str
    count: int
    """How many events the chain holds."""

    @property
    def short(self) -> str:
        """``a1b2 c3d4 e5f6``."""
        return rules.short(self.full)


def _tail(session: Session) -> tuple[int, str]:
    row = session.execute(
        sa.select(_EVENTS.c.seq, _EVENTS.c.hash).order_by(_EVENTS.c.seq.desc()).limit(1)
    ).first()
    return (0, rules.GENESIS) if row is None else (int(row[0]), str(row[1]))


def append_many(
    session: Session, items: Iterable[tuple[EventKind, int, datetime, Mapping[str, Any]]]
) -> list[ThreatEvent]:
    """Append ``(kind, entry id, at, facts)`` events in order, with one insert (for bulk writers)."""
    seq, prev = _tail(session)
    made: list[ThreatEvent] = []
    for kind, entry_id, at, facts in items:
        seq += 1
        encoded = rules.canonical(rules.plain(facts))  # plain() refuses floats
        digest = rules.link(prev, rules.event_body(seq, kind, entry_id, at, encoded))
        made.append(
            ThreatEvent(
                seq=seq,
                entry_id=entry_id,
                kind=kind,
                at=at,
                facts=encoded.decode(),
                prev=prev,
                hash=digest,
            )
        )
        prev = digest
    if made:
        session.execute(
            sa.insert(_EVENTS),
            [{c.name: getattr(event, c.name) for c in _EVENTS.columns} for event in made],
        )
    return made


def append(
    session: Session, kind: EventKind, entry_id: int, facts: Mapping[str, Any], *, at: datetime | None = None
) -> ThreatEvent:
    """Append one event inside the caller's transaction (``at``: now unless given)."""
    return append_many(session, [(kind, entry_id, at or clock.now(), facts)])[0]


def log_entries(session: Session, entry_ids: Sequence[int]) -> None:
    """Append the event that logs each entry (a correction's, for one that amends another), in order.

    Read back from the rows just written, so what is hashed is exactly what
    verify will read; the links and evidence the entry has now are its links
    at logging.
    """
    session.flush()
    states = entry_states(session, entry_ids)
    items: list[tuple[EventKind, int, datetime, Mapping[str, Any]]] = []
    for entry_id in entry_ids:
        kind, at, facts = rules.logging_event(states[entry_id])
        items.append((kind, entry_id, at, facts))
    append_many(session, items)


def entry_states(session: Session, entry_ids: Sequence[int] | None = None) -> dict[int, EntryState]:
    """Entries as verify sees them (all of them, or just ``entry_ids``), with links and evidence."""
    keys = ("id", "threat_id", "threat_id", "threat_entry_id")
    results: list[list[Any]] = [[] for _ in keys]
    connection = session.connection()
    for chunk in [None] if entry_ids is None else chunks(list(entry_ids)):
        for found, query, key in zip(results, rules.STATE_QUERIES, keys, strict=True):
            if chunk is not None:
                joiner = " AND " if " WHERE " in query else " WHERE "
                query += f"{joiner}{key} IN ({', '.join('?' * len(chunk))})"
            found += connection.exec_driver_sql(query, tuple(chunk or ())).all()
    return rules.entry_states(*results)


_EVENT_QUERY = "SELECT seq, kind, entry_id, at, facts, prev, hash FROM threat_event"


def events(session: Session) -> list[Event]:
    """Every event, in chain order, as verify reads them."""
    return _read_events(session, _EVENT_QUERY + " ORDER BY seq")


def logging_events(session: Session, entry_ids: Sequence[int]) -> dict[int, Event]:
    """The event that logged each of ``entry_ids`` (its entry or correction event), by entry id.

    An entry with no such event is absent (verify reports it as inserted).
    """
    kinds = ", ".join(f"'{kind.value}'" for kind in sorted(rules.ENTRY_KINDS))
    found: dict[int, Event] = {}
    for chunk in chunks(list(entry_ids)):
        query = f"{_EVENT_QUERY} WHERE kind IN ({kinds}) AND entry_id IN ({', '.join('?' * len(chunk))})"
        for event in _read_events(session, query + " ORDER BY seq", tuple(chunk)):
            found.setdefault(event.entry_id, event)
    return found


def _read_events(session: Session, query: str, params: tuple[Any, ...] = ()) -> list[Event]:
    # Plain SQL, the time parsed here: SQLAlchemy's per-row type processing would double the cost.
    found: list[Event] = []
    rows = session.connection().exec_driver_sql(query, params)
    for seq, kind, entry_id, stored_at, facts, prev, digest in rows:
        # A time damaged in the file stands in as year 1: the event's hash will not match.
        at = rules.as_moment(stored_at) or _UNREADABLE
        try:
            parsed = json.loads(facts)
        except (TypeError, ValueError):
            parsed = {}
        if not isinstance(parsed, dict):
            parsed = {}
        found.append(Event(seq, EventKind(kind), entry_id, at, parsed, prev, digest, str(facts).encode()))
    return found


def erase_links(session: Session, member_ids: Sequence[int], case_ids: Sequence[int]) -> list[int]:
    """Take these members and cases off every threat entry, each entry's change an ERASED event.

    For an erasure (see :mod:`repdesk.store.erasure`): an entry is touched when
    the file or the chain links it to one of them. Its stored links go (plain
    SQL, so the audit log keeps no copy) and one event per entry records the
    ids taken off it and its new salted content hash, which verify then checks
    it against. Raises :class:`~repdesk.store.errors.Invalid` when a touched
    entry no longer matches its hash: a new hash would hide that. Returns the
    ids of the entries touched.
    """
    gone_members, gone_cases = set(member_ids), set(case_ids)
    connection = session.connection()
    stored: dict[int, tuple[set[int], set[int]]] = {}
    for table, column, wanted, slot in (
        ("threat_member", "member_id", sorted(gone_members), 0),
        ("threat_case", "case_id", sorted(gone_cases), 1),
    ):
        for chunk in chunks(wanted):
            query = (
                f"SELECT threat_id, {column} FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})"  # noqa: S608
            )
            for threat_id, ident in connection.exec_driver_sql(query, tuple(chunk)):
                stored.setdefault(int(threat_id), (set(), set()))[slot].add(int(ident))
    found = events(session)
    touched: dict[int, tuple[set[int], set[int]]] = {}
    for entry_id, (members, cases) in rules.chained_links(found).items():
        if members & gone_members or cases & gone_cases:
            touched[entry_id] = (members & gone_members, cases & gone_cases)
    for entry_id, (members, cases) in stored.items():
        have = touched.setdefault(entry_id, (set(), set()))
        have[0].update(members)
        have[1].update(cases)
    if not touched:
        return []
    states = entry_states(session, sorted(touched))
    own: dict[int, list[Event]] = {}
    for event in found:
        if event.entry_id in touched:
            own.setdefault(event.entry_id, []).append(event)
    items: list[tuple[EventKind, int, datetime, Mapping[str, Any]]] = []
    at = clock.now()
    for entry_id in sorted(touched):
        members, cases = touched[entry_id]
        state = states.get(entry_id)
        try:
            if state is None:
                raise ValueError(f"entry #{entry_id} is no longer in the file")
            facts = rules.erasure_facts(state, own.get(entry_id, []), members, cases)
        except (ValueError, KeyError, TypeError) as exc:
            raise Invalid.one(
                "",
                f"The threat log does not verify ({exc}); erasing now would hide that. "
                "Run repdesk verify, restore the file from a backup, and erase again. Nothing was changed.",
            ) from None
        items.append((EventKind.ERASED, entry_id, at, facts))
    for table, column, wanted in (
        ("threat_member", "member_id", sorted(gone_members)),
        ("threat_case", "case_id", sorted(gone_cases)),
    ):
        for chunk in chunks(wanted):
            connection.exec_driver_sql(
                f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})",  # noqa: S608
                tuple(chunk),
            )
    append_many(session, items)
    return sorted(touched)


def head(session: Session) -> ChainHead | None:
    """The chain's head as stored (not verified), or None while the log is empty."""
    seq, digest = _tail(session)
    return None if seq == 0 else ChainHead(digest, seq)


def verify(session: Session, found: Sequence[Event] | None = None, *, read_files: bool = True) -> Verdict:
    """Recompute the whole chain and check every entry, link and evidence hash against it.

    With ``read_files`` (``repdesk verify``), every evidence file stored in the
    database, a case's as well as the threat log's, is read again and its
    SHA-256 recomputed; without it (the desk's check on open, which must stay
    light however much evidence there is) only the hashes recorded are checked.
    """
    found = events(session) if found is None else found
    live_members = set(session.execute(sa.select(Member.id)).scalars())  # type: ignore[call-overload]
    live_cases = set(session.execute(sa.select(Case.id)).scalars())  # type: ignore[call-overload]
    states = entry_states(session)
    altered = attachments.altered_blobs(session) if read_files else set()
    verdict = rules.walk(found, states, live_members=live_members, live_cases=live_cases, altered=altered)
    if verdict.failure is None and altered:
        query = (
            "SELECT a.id, c.ref FROM attachment a JOIN timeline_entry t ON t.id = a.timeline_entry_id "
            "JOIN member_case c ON c.id = t.case_id WHERE a.sha256 = ? ORDER BY a.id LIMIT 1"
        )
        for sha in sorted(altered):
            row = session.connection().exec_driver_sql(query, (sha,)).first()
            if row is not None:
                failure = rules.Failure(
                    rules.How.EVIDENCE_CHANGED,
                    f"evidence file #{row[0]} of case {row[1]}",
                    "its stored bytes no longer match their SHA-256",
                )
                return rules.Verdict(verdict.count, None, failure)
    return verdict


def extends(session: Session, head_text: str) -> tuple[Verdict, int | None]:
    """Verify, and find the event whose hash is ``head_text`` (short or full; ValueError if not a head).

    The old head is extended only if the chain verifies *and* holds it: a log
    rewritten from the start has different hashes all the way through.
    """
    wanted = rules.parse_head(head_text)
    found = events(session)
    return verify(session, found), rules.extends(found, wanted)


def entry_count(session: Session) -> int:
    """How many threat entries the file holds."""
    return int(session.execute(sa.select(sa.func.count()).select_from(_ENTRIES)).scalar_one())
