"""The threat log's verify walk: every event, every entry, erasures, and whether a head is extended.

See :mod:`repdesk.domain.chain` for the whole; pure, like it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from repdesk.domain.chain.events import (
    ENTRY_KINDS,
    GENESIS,
    SHORT_HEX,
    EntryState,
    Event,
    EventKind,
    How,
    content_hash,
    event_body,
    hashed_content,
    link,
    logged_content,
    moment,
)

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


__all__ = [
    "Failure",
    "Verdict",
    "chained_links",
    "erasure_facts",
    "extends",
    "walk",
]
