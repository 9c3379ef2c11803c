"""The threat log's hash chain: canonical events, salted content hashes, and the verify walk.

Every event that touches the log is appended with
``hash = SHA-256(previous hash ‖ canonical encoding of the event)``, the first
one chained to :data:`GENESIS`. An entry's own event commits to a *salted*
hash of its content (every field that never changes, its links at logging and
its evidence hashes), so the content can later be blanked by an appended
erasure while the chain still verifies, and a hash printed in an export gives
nothing away about a short field. Events hold ids, references, hashes, states
and times only: never a name or a quote an erasure would have to rewrite.

Pure: the store reads the rows and hands them here; nothing in this module
touches a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import Enum, StrEnum
from typing import Any

GENESIS = "0" * 64
"""The "previous hash" of the first event."""

SHORT_HEX = 12
"""How many hex digits of a head a rep writes down (48 bits: a forged match is out of reach)."""


class EventKind(StrEnum):
    """What an event records. Values are stored and hashed: never change one."""

    ENTRY_LOGGED = "entry_logged"
    CORRECTION_LOGGED = "correction_logged"
    STATUS_CHANGED = "status_changed"
    MEMBER_LINKED = "member_linked"
    CASE_LINKED = "case_linked"
    EVIDENCE_ATTACHED = "evidence_attached"
    ERASED = "erased"


ENTRY_KINDS = frozenset({EventKind.ENTRY_LOGGED, EventKind.CORRECTION_LOGGED})
"""The events that bring an entry into the log."""

CONTENT_FIELDS = (
    "ref",
    "recorded_at",
    "occurred_on",
    "occurred_at",
    "made_by",
    "made_by_role",
    "channel",
    "audience",
    "kind",
    "exact_words",
    "context",
    "related_to_action",
    "protected_activity",
    "witnesses",
    "document_ref",
    "disputed",
    "amends_id",
    "correction_reason",
)
"""The columns of a threat entry that can never change, all covered by its salted content hash.

The entry's own id is left out on purpose: two entries whose ids were swapped
then each still match *some* logged content, and verify can say "reordered".
"""


class How(StrEnum):
    """How a check failed."""

    CHANGED = "changed"
    MISSING = "missing"
    INSERTED = "inserted"
    REORDERED = "reordered"
    EVIDENCE_CHANGED = "evidence changed"


# --- encoding ------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: enums by value, dates and times as ISO text, UTC for moments.

    Floats are refused: their text form is not stable enough to hash.
    """
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        raise TypeError("floats have no canonical form in the chain; store an integer or text")
    if isinstance(value, datetime):
        moment = value if value.utcoffset() is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    raise TypeError(f"{type(value).__name__} has no canonical form in the chain")


def as_moment(value: Any) -> datetime | None:
    """A stored time (a datetime, or SQLite's text for one) as an aware UTC datetime; None if not one."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)


def moment(value: Any) -> Any:
    """A stored time as ISO text in UTC, however it was read; anything else as it is (None stays None)."""
    found = as_moment(value)
    return value if found is None else plain(found)


def _default(value: Any) -> Any:
    if isinstance(value, Enum | date | time):  # a datetime is a date too
        return plain(value)
    if isinstance(value, bytes):  # raw bytes where text belongs: hashed as they are, so a change shows
        return {"bytes": value.hex()}
    raise TypeError(f"{type(value).__name__} has no canonical form in the chain")


def canonical(value: Any) -> bytes:
    """The one byte string for ``value``: sorted-key JSON, no spaces, UTF-8 (values as :func:`plain`).

    Built by the json module directly (verify encodes every entry's content);
    call :func:`plain` first where a float must be refused.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    ).encode()


def content_hash(salt: str, content: Mapping[str, Any]) -> str:
    """SHA-256 of the entry's salt (hex) followed by its canonical content."""
    return hashlib.sha256(bytes.fromhex(salt) + canonical(content)).hexdigest()


def event_body(seq: int, kind: EventKind, entry_id: int, at: datetime, facts: bytes) -> bytes:
    """The canonical encoding of one event (what its hash covers besides the previous hash).

    ``facts`` is the canonical encoding of the event's facts, as stored; the
    result is ``canonical({"at", "entry", "facts", "kind", "seq"})``, spliced
    so the stored facts are hashed byte for byte without encoding them again.
    """
    # Every piece but the facts is an int, an ISO time or a kind's plain-ASCII value: no escaping.
    head = f'{{"at":"{plain(at)}","entry":{int(entry_id)},"facts":'.encode()
    return head + facts + f',"kind":"{EventKind(kind).value}","seq":{int(seq)}}}'.encode()


def link(prev: str, body: bytes) -> str:
    """``SHA-256(previous hash ‖ event)``, the previous hash taken as its 32 bytes."""
    return hashlib.sha256(bytes.fromhex(prev) + body).hexdigest()


def short(full: str) -> str:
    """The head a rep can write down: the first 12 hex digits in groups of four."""
    head = full[:SHORT_HEX]
    return " ".join(head[i : i + 4] for i in range(0, SHORT_HEX, 4))


def parse_head(text: str) -> str:
    """A head as a rep typed it (short or full, any spacing, dashes or case), as lower-case hex.

    Raises ValueError with a plain sentence when it is not one.
    """
    cleaned = "".join(ch for ch in text.lower() if ch not in " -:\t")
    if len(cleaned) not in (SHORT_HEX, 64) or any(ch not in "0123456789abcdef" for ch in cleaned):
        raise ValueError(
            f"a head is {SHORT_HEX} hex digits (as printed, e.g. 'a1b2 c3d4 e5f6') or the full 64; "
            "check what was written down"
        )
    return cleaned


# --- what the walk reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One stored event, as read back."""

    seq: int
    kind: EventKind
    entry_id: int
    at: datetime
    facts: Mapping[str, Any]
    """The facts, parsed."""
    prev: str
    hash: str
    raw: bytes = b""
    """The facts exactly as stored (what the hash covers)."""


@dataclass(frozen=True)
class EntryState:
    """One stored threat entry, as read back: what its event is checked against."""

    id: int
    salt: str
    content: Mapping[str, Any]
    """Every field in :data:`CONTENT_FIELDS`."""
    status: str
    status_changed_at: Any
    """As stored: a datetime, SQLite's text for one, or None (compared through :func:`moment`)."""
    member_ids: frozenset[int]
    case_ids: frozenset[int]
    evidence: Mapping[int, str]
    """Attachment id → SHA-256, for every file attached to the entry."""

    @property
    def ref(self) -> str:
        """The entry's reference (``T-2025-0003``)."""
        return str(self.content["ref"])


STATE_COLUMNS = ("id", "salt", "status", "status_changed_at", *CONTENT_FIELDS)
"""The ``threat_entry`` columns :func:`entry_states` reads, in order."""

STATE_QUERIES = (
    "SELECT " + ", ".join(STATE_COLUMNS) + " FROM threat_entry",  # noqa: S608 (column names of our own)
    "SELECT threat_id, member_id FROM threat_member",
    "SELECT threat_id, case_id FROM threat_case",
    "SELECT threat_entry_id, id, sha256 FROM attachment WHERE threat_entry_id IS NOT NULL",
)
"""The plain SQL whose rows :func:`entry_states` takes: entries, member links, case links, evidence.

Values are read exactly as SQLite holds them: what is hashed is what is
stored, and a value damaged in the file is a difference to report, never an
error while reading it.
"""


def entry_states(
    rows: Iterable[Sequence[Any]],
    member_links: Iterable[Sequence[Any]],
    case_links: Iterable[Sequence[Any]],
    files: Iterable[Sequence[Any]],
) -> dict[int, EntryState]:
    """Entries by id from the rows of :data:`STATE_QUERIES`."""
    members: dict[int, set[int]] = {}
    cases: dict[int, set[int]] = {}
    evidence: dict[int, dict[int, str]] = {}
    for threat_id, member_id in member_links:
        members.setdefault(threat_id, set()).add(member_id)
    for threat_id, case_id in case_links:
        cases.setdefault(threat_id, set()).add(case_id)
    for threat_id, attachment_id, sha in files:
        evidence.setdefault(threat_id, {})[attachment_id] = sha
    return {
        row[0]: EntryState(
            id=row[0],
            salt=str(row[1]),
            status=row[2],
            status_changed_at=row[3],
            content=dict(zip(CONTENT_FIELDS, row[4:], strict=True)),
            member_ids=frozenset(members.get(row[0], ())),
            case_ids=frozenset(cases.get(row[0], ())),
            evidence=evidence.get(row[0], {}),
        )
        for row in rows
    }


def logging_event(entry: EntryState) -> tuple[EventKind, datetime, dict[str, Any]]:
    """The kind, time and facts of the event that logs ``entry`` as it is now (just written, or migrated)."""
    recorded = as_moment(entry.content["recorded_at"])
    if recorded is None:
        raise ValueError("an entry being logged has no readable recorded time")
    kind = EventKind.CORRECTION_LOGGED if entry.content["amends_id"] else EventKind.ENTRY_LOGGED
    return kind, recorded, entry_facts(entry)


def salted_content(
    entry: EntryState, member_ids: Iterable[int], case_ids: Iterable[int], evidence_ids: Iterable[int]
) -> str:
    """The content hash of ``entry`` with the links and evidence it had when it was logged."""
    return content_hash(entry.salt, hashed_content(entry, member_ids, case_ids, evidence_ids))


def hashed_content(
    entry: EntryState, member_ids: Iterable[int], case_ids: Iterable[int], evidence_ids: Iterable[int]
) -> dict[str, Any]:
    """What :func:`salted_content` hashes (after the salt): the entry's content, links and evidence hashes."""
    return {
        **entry.content,
        "member_ids": sorted(member_ids),
        "case_ids": sorted(case_ids),
        "evidence": [entry.evidence.get(a, "") for a in sorted(evidence_ids)],
    }


def logged_content(entry: EntryState, event: Event) -> dict[str, Any]:
    """:func:`hashed_content` of ``entry`` with the links and evidence its logging ``event`` records."""
    return hashed_content(
        entry,
        event.facts.get("member_ids", []),
        event.facts.get("case_ids", []),
        [int(item["id"]) for item in event.facts.get("evidence", [])],
    )


def entry_facts(entry: EntryState) -> dict[str, Any]:
    """The facts of the event that logs ``entry`` now: its content hash, links, evidence and status."""
    return {
        "ref": entry.ref,
        "content": salted_content(entry, entry.member_ids, entry.case_ids, entry.evidence),
        "member_ids": sorted(entry.member_ids),
        "case_ids": sorted(entry.case_ids),
        "evidence": [{"id": a, "sha256": entry.evidence[a]} for a in sorted(entry.evidence)],
        "status": entry.status,
        "status_changed_at": moment(entry.status_changed_at),
    }


# --- the walk --------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """The first thing that does not hold, in words a rep can act on (references, never names)."""

    how: How
    subject: str
    """What failed: "event 12" or "entry T-2025-0003 (#7)"."""
    detail: str

    def __str__(self) -> str:
        return f"{self.subject} {self.how.value}: {self.detail}"


@dataclass(frozen=True)
class Verdict:
    """What verify found: the head of the chain (when any) and the first failure (when any)."""

    count: int
    head: str | None
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        """Whether every event and entry holds."""
        return self.failure is None


@dataclass
class _Seen:
    """What the chain says about one entry so far."""

    event: Event
    status: str
    status_changed_at: Any
    member_ids: set[int] = field(default_factory=set)
    case_ids: set[int] = field(default_factory=set)
    evidence: dict[int, str] = field(default_factory=dict)
    erasure: Event | None = None
    """The latest erasure event of the entry, whose content hash the entry is checked against."""
    erased_members: set[int] = field(default_factory=set)
    erased_cases: set[int] = field(default_factory=set)


def _entry_name(entry_id: int, entries: Mapping[int, EntryState]) -> str:
    entry = entries.get(entry_id)
    return f"entry {entry.ref} (#{entry_id})" if entry else f"entry #{entry_id}"


def _check_logged(
    event: Event, entries: Mapping[int, EntryState], refs: Mapping[str, int], *, erased: bool = False
) -> Failure | None:
    entry = entries.get(event.entry_id)
    name = _entry_name(event.entry_id, entries)
    logged_ref = str(event.facts.get("ref", ""))
    if entry is None:
        if logged_ref in refs:
            return Failure(
                How.REORDERED,
                f"entry #{event.entry_id}",
                f"the entry logged by event {event.seq} as {logged_ref} now has id #{refs[logged_ref]}",
            )
        return Failure(How.MISSING, name, f"logged by event {event.seq}, but no longer in the file")
    if entry.ref != logged_ref:
        moved = refs.get(logged_ref)
        detail = f"event {event.seq} logged {logged_ref} under this id" + (
            f"; {logged_ref} now has id #{moved} (ids swapped or renumbered)" if moved is not None else ""
        )
        return Failure(How.REORDERED, name, detail)
    for item in event.facts.get("evidence", []):
        if entry.evidence.get(int(item["id"])) != item["sha256"]:
            return Failure(
                How.EVIDENCE_CHANGED,
                name,
                f"an evidence file's hash differs from the one logged (event {event.seq})",
            )
    if moment(entry.content["recorded_at"]) != moment(event.at):
        return Failure(How.CHANGED, name, f"its recorded time differs from event {event.seq}")
    # An entry erased from since is checked against its latest erasure's hash, once the walk is done.
    if not erased and content_hash(entry.salt, logged_content(entry, event)) != event.facts.get("content"):
        return Failure(
            How.CHANGED, name, f"its content no longer matches the hash logged by event {event.seq}"
        )
    return None


def _check_event_links(events: Sequence[Event], hashes: Mapping[str, int]) -> tuple[Failure | None, str]:
    running = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        subject = f"event {event.seq}"
        if event.seq != expected_seq:
            gap = f"event {expected_seq}" if event.seq > expected_seq else subject
            return Failure(
                How.MISSING, gap, f"the chain jumps from event {expected_seq - 1} to {event.seq}"
            ), running
        if event.prev != running:
            if event.prev in hashes and hashes[event.prev] != expected_seq - 1:
                detail = f"it follows event {hashes[event.prev]}, not event {expected_seq - 1}"
                return Failure(How.REORDERED, subject, detail), running
            return Failure(How.INSERTED, subject, f"it does not follow event {expected_seq - 1}"), running
        body = event_body(event.seq, event.kind, event.entry_id, event.at, event.raw)
        if link(running, body) != event.hash:
            return Failure(How.CHANGED, subject, "its hash does not match what it records"), running
        running = event.hash
    return None, running


def _apply(
    event: Event,
    entries: Mapping[int, EntryState],
    refs: Mapping[str, int],
    seen: dict[int, _Seen],
    erased: frozenset[int] | set[int] = frozenset(),
) -> Failure | None:
    """Check one event against the entries and fold it into what the chain says of its entry."""
    subject = _entry_name(event.entry_id, entries)
    if event.kind in ENTRY_KINDS:
        if event.entry_id in seen:
            return Failure(How.INSERTED, f"event {event.seq}", f"{subject} was already logged")
        if failure := _check_logged(event, entries, refs, erased=event.entry_id in erased):
            return failure
        seen[event.entry_id] = _Seen(
            event,
            str(event.facts.get("status")),
            moment(event.facts.get("status_changed_at")),
            {int(m) for m in event.facts.get("member_ids", [])},
            {int(c) for c in event.facts.get("case_ids", [])},
            {int(item["id"]): str(item["sha256"]) for item in event.facts.get("evidence", [])},
        )
        return None
    state = seen.get(event.entry_id)
    if state is None:
        return Failure(How.REORDERED, f"event {event.seq}", f"it comes before {subject} was logged")
    if event.kind is EventKind.STATUS_CHANGED:
        state.status, state.status_changed_at = str(event.facts["status"]), moment(event.at)
    elif event.kind is EventKind.MEMBER_LINKED:
        state.member_ids.add(int(event.facts["member_id"]))
    elif event.kind is EventKind.CASE_LINKED:
        state.case_ids.add(int(event.facts["case_id"]))
    elif event.kind is EventKind.EVIDENCE_ATTACHED:
        state.evidence[int(event.facts["attachment_id"])] = str(event.facts["sha256"])
    elif event.kind is EventKind.ERASED:
        members = {int(m) for m in event.facts["member_ids"]}
        cases = {int(c) for c in event.facts["case_ids"]}
        if not isinstance(event.facts["content"], str):
            raise TypeError("an erasure without its content hash is not one repdesk wrote")
        state.member_ids -= members
        state.case_ids -= cases
        state.erased_members |= members
        state.erased_cases |= cases
        state.erasure = event
    return None


def _erased_content(entry: EntryState, state: _Seen) -> dict[str, Any]:
    """What the entry's latest erasure hashed: its content, with the links at logging less those erased."""
    logged = state.event.facts
    return hashed_content(
        entry,
        [m for m in logged.get("member_ids", []) if int(m) not in state.erased_members],
        [c for c in logged.get("case_ids", []) if int(c) not in state.erased_cases],
        [int(item["id"]) for item in logged.get("evidence", [])],
    )


def chained_links(events: Iterable[Event]) -> dict[int, tuple[set[int], set[int]]]:
    """The members and cases the chain says each entry is linked to now, by entry id (erasures applied)."""
    links: dict[int, tuple[set[int], set[int]]] = {}
    for event in events:
        members, cases = links.setdefault(event.entry_id, (set(), set()))
        if event.kind in ENTRY_KINDS:
            members.update(int(m) for m in event.facts.get("member_ids", []))
            cases.update(int(c) for c in event.facts.get("case_ids", []))
        elif event.kind is EventKind.MEMBER_LINKED:
            members.add(int(event.facts["member_id"]))
        elif event.kind is EventKind.CASE_LINKED:
            cases.add(int(event.facts["case_id"]))
        elif event.kind is EventKind.ERASED:
            members.difference_update(int(m) for m in event.facts["member_ids"])
            cases.difference_update(int(c) for c in event.facts["case_ids"])
    return links


def erasure_facts(
    entry: EntryState, events: Sequence[Event], member_ids: Iterable[int], case_ids: Iterable[int]
) -> dict[str, Any]:
    """The facts of the ERASED event that takes ``member_ids`` and ``case_ids`` off ``entry``.

    ``events``: the entry's own events so far, in order. The facts hold the ids
    erased and the entry's new salted content hash: its content with the links
    it was logged with, less every id erased from it (now and before). Verify
    then checks the entry against this hash instead of its logging event's.

    Raises ValueError when the entry no longer matches the hash it is checked
    against now: a new hash over changed content would hide the change.
    """
    logged = next((e for e in events if e.kind in ENTRY_KINDS), None)
    if logged is None:
        raise ValueError(f"no event in the chain logged entry {entry.ref}")
    state = _Seen(event=logged, status="", status_changed_at=None)
    current = logged.facts.get("content")
    for event in events:
        if event.kind is EventKind.ERASED:
            state.erased_members.update(int(m) for m in event.facts["member_ids"])
            state.erased_cases.update(int(c) for c in event.facts["case_ids"])
            current = event.facts.get("content")
    if content_hash(entry.salt, _erased_content(entry, state)) != current:
        raise ValueError(f"entry {entry.ref} no longer matches the hash the chain holds for it")
    members, cases = sorted(set(member_ids)), sorted(set(case_ids))
    state.erased_members.update(members)
    state.erased_cases.update(cases)
    return {
        "member_ids": members,
        "case_ids": cases,
        "content": content_hash(entry.salt, _erased_content(entry, state)),
    }


def walk(
    events: Sequence[Event],
    entries: Mapping[int, EntryState],
    *,
    live_members: frozenset[int] | set[int] = frozenset(),
    live_cases: frozenset[int] | set[int] = frozenset(),
    altered: frozenset[str] | set[str] = frozenset(),
) -> Verdict:
    """Recompute the chain in order and check every entry against it; name the first failure.

    ``events`` in stored order (by sequence); ``entries`` by id. A link the
    chain records may be gone only with its member or case (deleting a member
    removes their links); ``live_members`` and ``live_cases`` say which still exist.
    ``altered``: the hashes of stored evidence files whose bytes no longer hash to them.
    """
    hashes = {event.hash: event.seq for event in events}
    failure, head = _check_event_links(events, hashes)
    if failure:
        return Verdict(len(events), None, failure)
    refs = {entry.ref: entry.id for entry in entries.values()}
    erased = {event.entry_id for event in events if event.kind is EventKind.ERASED}
    seen: dict[int, _Seen] = {}
    for event in events:
        try:
            failure = _apply(event, entries, refs, seen, erased)
        except (KeyError, TypeError, ValueError, AttributeError):
            # Facts of the wrong shape under a hash that matches them: written by something but repdesk.
            failure = Failure(How.CHANGED, f"event {event.seq}", "its facts are not what repdesk writes")
        if failure:
            return Verdict(len(events), None, failure)
    if failure := _check_entries(entries, seen, live_members, live_cases, altered):
        return Verdict(len(events), None, failure)
    return Verdict(len(events), head if events else None)


def _check_entries(
    entries: Mapping[int, EntryState],
    seen: Mapping[int, _Seen],
    live_members: frozenset[int] | set[int],
    live_cases: frozenset[int] | set[int],
    altered: frozenset[str] | set[str],
) -> Failure | None:
    for entry_id in sorted(entries):
        entry = entries[entry_id]
        name = _entry_name(entry_id, entries)
        state = seen.get(entry_id)
        if state is None:
            return Failure(How.INSERTED, name, "no event in the chain logged it")
        erasure = state.erasure
        if erasure is not None and content_hash(
            entry.salt, _erased_content(entry, state)
        ) != erasure.facts.get("content"):
            return Failure(
                How.CHANGED,
                name,
                f"its content no longer matches the hash its erasure (event {erasure.seq}) logged",
            )
        if (entry.status, moment(entry.status_changed_at)) != (state.status, state.status_changed_at):
            return Failure(How.CHANGED, name, "its follow-up status differs from the one the chain records")
        for label, stored, chained, live in (
            ("member", entry.member_ids, state.member_ids, live_members),
            ("case", entry.case_ids, state.case_ids, live_cases),
        ):
            if stored - chained:
                return Failure(How.INSERTED, name, f"a {label} link the chain does not record")
            if any(ident in live for ident in chained - stored):
                return Failure(How.MISSING, name, f"a {label} link the chain records has been removed")
        extra = entry.evidence.keys() - state.evidence.keys()
        if extra:
            return Failure(How.INSERTED, name, "an evidence file the chain does not record")
        for attachment_id, sha in state.evidence.items():
            if attachment_id not in entry.evidence:
                return Failure(How.MISSING, name, "an evidence file the chain records has been removed")
            if entry.evidence[attachment_id] != sha:
                return Failure(
                    How.EVIDENCE_CHANGED, name, "an evidence file's hash differs from the one logged"
                )
            if sha in altered:
                return Failure(
                    How.EVIDENCE_CHANGED, name, "a stored evidence file no longer matches its hash"
                )
    return None


def extends(events: Sequence[Event], head: str) -> int | None:
    """The sequence number of the event whose hash is ``head`` (full, or its short prefix), if any."""
    for event in events:
        if event.hash == head or (len(head) == SHORT_HEX and event.hash.startswith(head)):
            return event.seq
    return None
