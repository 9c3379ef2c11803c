"""The chain's pure rules: canonical encoding, salted content, heads, and the verify walk."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from repdesk.domain import chain
from repdesk.domain.chain import EntryState, Event, EventKind, How
from repdesk.domain.enums import ThreatChannel

AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _entry(entry_id: int, **content: Any) -> EntryState:
    fields: dict[str, Any] = dict.fromkeys(chain.CONTENT_FIELDS, "")
    fields.update(ref=f"T-2026-{entry_id:04d}", recorded_at=AT, amends_id=None, **content)
    return EntryState(
        id=entry_id,
        salt=f"{entry_id:032x}",
        content=fields,
        status="logged",
        status_changed_at=None,
        member_ids=frozenset({7}),
        case_ids=frozenset(),
        evidence={3: "ab" * 32} if entry_id == 1 else {},
    )


def _chain(entries: list[EntryState], extra: list[tuple[EventKind, int, dict[str, Any]]] = ()) -> list[Event]:  # type: ignore[assignment]
    items = [(EventKind.ENTRY_LOGGED, e.id, chain.entry_facts(e)) for e in entries] + list(extra)
    made, prev = [], chain.GENESIS
    for seq, (kind, entry_id, facts) in enumerate(items, start=1):
        raw = chain.canonical(facts)
        digest = chain.link(prev, chain.event_body(seq, kind, entry_id, AT, raw))
        made.append(Event(seq, kind, entry_id, AT, facts, prev, digest, raw))
        prev = digest
    return made


def test_canonical_is_sorted_compact_utf8_and_iso() -> None:
    encoded = chain.canonical(
        {"b": date(2026, 1, 2), "a": "Café", "c": time(9, 5), "d": ThreatChannel.EMAIL, "e": AT}
    )
    assert (
        encoded
        == (
            '{"a":"Café","b":"2026-01-02","c":"09:05:00","d":"email","e":"2026-11-22T12:00:00+00:00"}'
        ).encode()
    )


def test_a_naive_moment_is_read_as_utc_and_floats_are_refused() -> None:
    assert chain.plain(datetime(2026, 11, 22, 12, 0)) == chain.plain(AT)
    with pytest.raises(TypeError):
        chain.plain({"x": [1.5]})


def test_link_is_sha256_of_previous_bytes_then_the_canonical_event() -> None:
    facts = {"status": "raised"}
    body = chain.event_body(1, EventKind.STATUS_CHANGED, 4, AT, chain.canonical(facts))
    assert body == chain.canonical(
        {"seq": 1, "kind": EventKind.STATUS_CHANGED, "entry": 4, "at": AT, "facts": facts}
    )
    assert chain.link(chain.GENESIS, body) == hashlib.sha256(bytes(32) + body).hexdigest()


def test_content_hash_is_salted() -> None:
    content = {"made_by": "A Manager"}
    assert chain.content_hash("00" * 16, content) != chain.content_hash("01" * 16, content)
    assert "A Manager" not in chain.canonical(chain.entry_facts(_entry(1, made_by="A Manager"))).decode()


def test_short_head_and_parsing() -> None:
    full = "a1b2c3d4e5f6" + "0" * 52
    assert chain.short(full) == "a1b2 c3d4 e5f6"
    assert chain.parse_head("A1B2-c3d4 e5f6") == "a1b2c3d4e5f6"
    assert chain.parse_head(full.upper()) == full
    for bad in ("a1b2", "zzzz zzzz zzzz", ""):
        with pytest.raises(ValueError):
            chain.parse_head(bad)


def test_an_intact_chain_verifies_with_its_head() -> None:
    entries = [_entry(1), _entry(2)]
    events = _chain(entries, [(EventKind.STATUS_CHANGED, 2, {"status": "raised"})])
    by_id = {e.id: e for e in entries}
    by_id[2] = replace(by_id[2], status="raised", status_changed_at=AT)
    verdict = chain.walk(events, by_id, live_members={7})
    assert verdict.ok, verdict.failure
    assert verdict.head == events[-1].hash
    assert chain.extends(events, events[0].hash[:12]) == 1
    assert chain.extends(events, "f" * 64) is None


def _failure(events: list[Event], entries: list[EntryState]) -> chain.Failure:
    verdict = chain.walk(events, {e.id: e for e in entries}, live_members={7})
    assert verdict.failure is not None
    return verdict.failure


def test_each_kind_of_tampering_is_named() -> None:
    entries = [_entry(1, exact_words="Pay will be docked."), _entry(2), _entry(3)]
    events = _chain(entries)

    changed = [entries[0], replace(entries[1], content={**entries[1].content, "context": "x"}), entries[2]]
    failure = _failure(events, changed)
    assert (failure.how, failure.subject) == (How.CHANGED, "entry T-2026-0002 (#2)")

    failure = _failure([events[0], events[2]], entries)
    assert (failure.how, failure.subject) == (How.MISSING, "event 2")

    failure = _failure(events, entries[:2])
    assert (failure.how, failure.subject) == (How.MISSING, "entry #3")

    failure = _failure(events, [*entries, _entry(4)])
    assert (failure.how, failure.subject) == (How.INSERTED, "entry T-2026-0004 (#4)")

    swapped = [entries[0], replace(entries[2], id=2), replace(entries[1], id=3)]
    assert _failure(events, swapped).how is How.REORDERED

    reordered = [events[0], replace(events[2], seq=2), replace(events[1], seq=3)]
    assert _failure(reordered, entries).how is How.REORDERED

    evidence = [replace(entries[0], evidence={3: "cd" * 32}), *entries[1:]]
    failure = _failure(events, evidence)
    assert (failure.how, failure.subject) == (How.EVIDENCE_CHANGED, "entry T-2026-0001 (#1)")

    forged = {**events[1].facts, "status": "raised"}
    edited = [events[0], replace(events[1], facts=forged, raw=chain.canonical(forged)), events[2]]
    assert _failure(edited, entries) == chain.Failure(
        How.CHANGED, "event 2", "its hash does not match what it records"
    )


def test_links_must_match_the_chain_unless_the_member_is_gone() -> None:
    entries = [_entry(1)]
    events = _chain(entries)
    extra_link = [replace(entries[0], member_ids=frozenset({7, 8}))]
    assert _failure(events, extra_link).how is How.INSERTED
    no_link = [replace(entries[0], member_ids=frozenset())]
    assert _failure(events, no_link).how is How.MISSING
    # The member was deleted (their links go with them): that is not tampering.
    assert chain.walk(events, {1: no_link[0]}, live_members=set()).ok
    linked = _chain(entries, [(EventKind.MEMBER_LINKED, 1, {"member_id": 8})])
    assert chain.walk(linked, {1: extra_link[0]}, live_members={7, 8}).ok
