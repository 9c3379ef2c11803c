"""The threat log's chain, its parts: canonical events, salted content hashes, and an entry's state.

See :mod:`repdesk.domain.chain` for the whole; pure, like it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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


__all__ = [
    "CONTENT_FIELDS",
    "ENTRY_KINDS",
    "GENESIS",
    "SHORT_HEX",
    "STATE_COLUMNS",
    "STATE_QUERIES",
    "EntryState",
    "Event",
    "EventKind",
    "How",
    "as_moment",
    "canonical",
    "content_hash",
    "entry_facts",
    "entry_states",
    "event_body",
    "hashed_content",
    "link",
    "logged_content",
    "logging_event",
    "moment",
    "parse_head",
    "plain",
    "salted_content",
    "short",
]
