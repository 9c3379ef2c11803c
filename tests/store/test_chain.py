"""The threat log's hash chain over a real file: appends, triggers, and a tamper battery in plain sqlite3.

Each tampering is done the way someone holding the file could: with Python's
own ``sqlite3``, dropping whatever trigger is in the way, editing, and putting
the trigger back. ``verify`` must name the entry or event every time.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from repdesk.domain.chain import Failure, How, Verdict
from repdesk.domain.enums import ThreatStatus
from repdesk.store import chain, evidence, threats
from repdesk.store.engine import Database, open_database
from repdesk.store.models import AttachmentCreate
from tests.helpers.factories import make_case, make_member, make_threat
from tests.store.test_migrations import _step_to


@pytest.fixture
def logged(tmp_path: Path, db_path: Path, head_template: Path) -> Path:
    """A file holding three entries (one corrected), a status change, a later link and evidence."""
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(head_template, db_path)
    proof = tmp_path / "letter.txt"
    proof.write_text("Dear colleague, your pay will be docked.\n")
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            alice, bob = make_member(s, name="Alice Example"), make_member(s, name="Bob Example")
            assert alice.id is not None and bob.id is not None
            case = make_case(s, alice)
            first = make_threat(
                s,
                member_ids=[alice.id],
                case_ids=[case.id],
                evidence=[AttachmentCreate(path=str(proof), description="The letter")],
            )
            second = make_threat(s, member_ids=[alice.id], exact_words="You will not be promoted.")
            assert first.id is not None and second.id is not None
            threats.set_status(s, first.id, ThreatStatus.RAISED, version=first.version)
            threats.correct_threat(
                s,
                second.id,
                {**_fields(second), "context": "Said after the briefing.", "reason": "Context was missing."},
            )
            threats.add_links(s, second.id, member_ids=[bob.id])
    finally:
        db.close()
    return db_path


def _fields(entry: object) -> dict[str, object]:
    names = ("occurred_on", "made_by", "made_by_role", "channel", "audience", "kind", "exact_words")
    return {name: getattr(entry, name) for name in names}


def _verdict(path: Path) -> Verdict:
    db = open_database(path)
    try:
        with db.session() as s:
            return chain.verify(s)
    finally:
        db.close()


@pytest.fixture
def raw(logged: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to the file, with no trigger in the way (put back on close)."""
    conn = sqlite3.connect(logged, isolation_level=None)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'trigger' AND tbl_name IN ('threat_entry', 'threat_event')"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    try:
        yield conn
    finally:
        for _, sql in triggers:
            conn.execute(sql)
        conn.close()


def _failure(raw: sqlite3.Connection, path: Path, *statements: str) -> Failure:
    for statement in statements:
        raw.execute(statement)
    verdict = _verdict(path)
    assert verdict.failure is not None, statements
    assert verdict.head is None
    return verdict.failure


def test_an_untouched_file_verifies(logged: Path) -> None:
    verdict = _verdict(logged)
    assert verdict.ok, verdict.failure
    # 3 entries, one status change, one later link.
    assert verdict.count == 5
    assert verdict.head is not None and len(verdict.head) == 64


def test_no_event_holds_a_name_or_the_words(logged: Path) -> None:
    conn = sqlite3.connect(logged)
    facts = " ".join(row[0] for row in conn.execute("SELECT facts FROM threat_event"))
    conn.close()
    for secret in ("Alice", "Bob", "promoted", "docked", "letter"):
        assert secret not in facts


_EDITS = {
    "occurred_on": "'2020-01-01'",
    "occurred_at": "'08:00:00.000000'",
    "made_by": "made_by || 'x'",
    "made_by_role": "made_by_role || 'x'",
    "channel": "CASE channel WHEN 'letter' THEN 'email' ELSE 'letter' END",
    "audience": "CASE audience WHEN 'team' THEN 'all_staff' ELSE 'team' END",
    "kind": "CASE kind WHEN 'other_detriment' THEN 'disciplinary' ELSE 'other_detriment' END",
    "exact_words": "exact_words || ' (or not)'",
    "context": "context || 'x'",
    "related_to_action": "1 - related_to_action",
    "protected_activity": "CASE protected_activity WHEN 'none' THEN 'union_activities' ELSE 'none' END",
    "witnesses": "witnesses || 'x'",
    "document_ref": "document_ref || 'x'",
    "disputed": "1 - disputed",
    "ref": "'T-2026-0999'",
    "recorded_at": "'2026-01-01 09:00:00.000000'",
    "amends_id": "2",
    "correction_reason": "correction_reason || 'x'",
    "salt": "'00000000000000000000000000000000'",
}


@pytest.mark.parametrize("column", sorted(_EDITS))
def test_each_field_changed_is_named(raw: sqlite3.Connection, logged: Path, column: str) -> None:
    failure = _failure(raw, logged, f"UPDATE threat_entry SET {column} = {_EDITS[column]} WHERE id = 1")
    assert failure.subject in ("entry T-2026-0001 (#1)", "entry T-2026-0999 (#1)")
    assert failure.how in (How.CHANGED, How.REORDERED)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("occurred_on", "'not a date'"),
        ("recorded_at", "X'00FF'"),
        ("disputed", "0.5"),
        ("occurred_at", "'25:99'"),
    ],
)
def test_a_value_no_field_could_hold_is_named_not_a_crash(
    raw: sqlite3.Connection, logged: Path, column: str, value: str
) -> None:
    failure = _failure(raw, logged, f"UPDATE threat_entry SET {column} = {value} WHERE id = 2")
    assert (failure.how, failure.subject) == (How.CHANGED, "entry T-2026-0002 (#2)")


def test_recorded_at_moved_is_changed(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(
        raw, logged, "UPDATE threat_entry SET recorded_at = datetime(recorded_at, '-3 days') WHERE id = 2"
    )
    assert (failure.how, failure.subject) == (How.CHANGED, "entry T-2026-0002 (#2)")


def test_a_deleted_entry_is_missing(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(
        raw,
        logged,
        "DELETE FROM threat_member WHERE threat_id = 3",
        "DELETE FROM threat_entry WHERE id = 3",
    )
    assert (failure.how, failure.subject) == (How.MISSING, "entry #3")


def test_two_ids_swapped_is_reordered(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(
        raw,
        logged,
        "UPDATE threat_entry SET id = 100 WHERE id = 1",
        "UPDATE threat_entry SET id = 1 WHERE id = 2",
        "UPDATE threat_entry SET id = 2 WHERE id = 100",
    )
    assert failure.how is How.REORDERED
    assert "entry" in failure.subject and "#1" in failure.subject


def test_an_inserted_entry_is_named(raw: sqlite3.Connection, logged: Path) -> None:
    columns = ", ".join(
        name for (_, name, *_) in raw.execute("PRAGMA table_info(threat_entry)") if name not in ("id", "ref")
    )
    failure = _failure(
        raw,
        logged,
        f"INSERT INTO threat_entry (id, ref, {columns}) "
        f"SELECT 9, 'T-2026-0009', {columns} FROM threat_entry WHERE id = 1",
    )
    assert (failure.how, failure.subject) == (How.INSERTED, "entry T-2026-0009 (#9)")


def test_a_removed_event_is_missing(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(raw, logged, "DELETE FROM threat_event WHERE seq = 2")
    assert (failure.how, failure.subject) == (How.MISSING, "event 2")


def test_the_last_event_removed_leaves_its_link_unexplained(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(
        raw, logged, "DELETE FROM threat_event WHERE seq = (SELECT max(seq) FROM threat_event)"
    )
    assert (failure.how, failure.subject) == (How.INSERTED, "entry T-2026-0002 (#2)")


def test_an_edited_event_is_changed(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(
        raw,
        logged,
        "UPDATE threat_event SET facts = replace(facts, 'raised', 'withdrawn') WHERE kind = 'status_changed'",
    )
    assert failure.how is How.CHANGED and failure.subject.startswith("event ")


def test_a_status_changed_behind_the_chain(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(raw, logged, "UPDATE threat_entry SET status = 'withdrawn' WHERE id = 1")
    assert (failure.how, failure.subject) == (How.CHANGED, "entry T-2026-0001 (#1)")


def test_a_link_added_behind_the_chain(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(raw, logged, "INSERT INTO threat_member (threat_id, member_id) VALUES (1, 2)")
    assert (failure.how, failure.subject) == (How.INSERTED, "entry T-2026-0001 (#1)")


def test_the_audit_log_rewritten_to_match_is_still_caught(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(
        raw,
        logged,
        "UPDATE threat_entry SET exact_words = 'Please come to the office.' WHERE id = 1",
        "UPDATE audit_log SET changes = json_set(changes, '$.exact_words[1]', 'Please come to the office.') "
        "WHERE entity = 'threat_entry' AND entity_id = 1",
    )
    assert (failure.how, failure.subject) == (How.CHANGED, "entry T-2026-0001 (#1)")


def test_evidence_changed(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(raw, logged, f"UPDATE attachment SET sha256 = '{'0' * 64}' WHERE threat_entry_id = 1")
    assert (failure.how, failure.subject) == (How.EVIDENCE_CHANGED, "entry T-2026-0001 (#1)")


def test_evidence_bytes_altered(raw: sqlite3.Connection, logged: Path) -> None:
    failure = _failure(raw, logged, "UPDATE evidence_blob SET content = CAST('forged' AS BLOB)")
    assert (failure.how, failure.subject) == (How.EVIDENCE_CHANGED, "entry T-2026-0001 (#1)")


def test_a_case_file_altered_is_named_by_verify_but_not_by_the_light_check(
    logged: Path, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Meeting note.\n")
    db = _db(logged)
    try:
        with db.transaction() as s:
            attached = evidence.attach_to_case(s, 1, AttachmentCreate(path=str(note)))
    finally:
        db.close()
    conn = sqlite3.connect(logged, isolation_level=None)
    conn.execute(
        "UPDATE evidence_blob SET content = CAST('forged' AS BLOB) WHERE sha256 = ?", (attached.sha256,)
    )
    conn.close()
    failure = _verdict(logged).failure
    assert failure is not None
    assert (failure.how, failure.subject) == (
        How.EVIDENCE_CHANGED,
        f"evidence file #{attached.id} of case C-2026-0001",
    )
    db = _db(logged)
    try:
        with db.session() as s:
            assert chain.verify(s, read_files=False).ok
    finally:
        db.close()


def _db(path: Path) -> Database:
    return open_database(path)


def test_extends_an_old_head_but_not_after_a_rewrite(logged: Path) -> None:
    db = _db(logged)
    try:
        with db.session() as s:
            old = chain.head(s)
        assert old is not None
        with db.transaction() as s:
            threats.set_status(s, 2, ThreatStatus.REFERRED, version=1)
        with db.session() as s:
            verdict, seq = chain.extends(s, old.short)
            assert verdict.ok and seq == old.count
            assert chain.extends(s, old.full)[1] == old.count
    finally:
        db.close()
    # Rewrite from the start: change the words, throw the chain away and build a new one that verifies.
    conn = sqlite3.connect(logged, isolation_level=None)
    for trigger in ("threat_entry_immutable", "threat_event_no_delete"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("UPDATE threat_entry SET exact_words = 'Nothing was said.' WHERE id = 1")
    conn.execute("DELETE FROM threat_event")
    conn.close()
    db = _db(logged)
    try:
        with db.transaction() as s:
            chain.log_entries(s, [1, 2, 3])
        with db.session() as s:
            verdict, seq = chain.extends(s, old.short)
    finally:
        db.close()
    assert verdict.ok  # a whole new chain holds together...
    assert seq is None  # ...but does not extend the head written down before


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM threat_entry WHERE id = 1",
        "UPDATE threat_entry SET id = 50 WHERE id = 1",
        "UPDATE threat_entry SET salt = 'ff' WHERE id = 1",
        "UPDATE threat_event SET facts = '{}' WHERE seq = 1",
        "DELETE FROM threat_event WHERE seq = 1",
    ],
)
def test_triggers_refuse(logged: Path, statement: str) -> None:
    conn = sqlite3.connect(logged)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute(statement)
    finally:
        conn.close()


def test_an_upgraded_0006_file_verifies(logged: Path) -> None:
    _step_to(logged, "0006", down=True)
    check = sqlite3.connect(logged)
    assert not check.execute("SELECT 1 FROM sqlite_master WHERE name = 'threat_event'").fetchall()
    check.close()
    verdict = _verdict(logged)  # opening upgrades to head
    assert verdict.ok, verdict.failure
    assert verdict.count == 3
    check = sqlite3.connect(logged)
    salts = {row[0] for row in check.execute("SELECT salt FROM threat_entry")}
    check.close()
    assert len(salts) == 3 and "" not in salts


def test_a_log_of_10000_events_verifies(db: Database) -> None:
    # Timed by hand, as every benchmark here: tests/scripts/bench_verify.py (see the README's Measurements).
    with db.transaction() as s:
        member = make_member(s)
        make_threat(s, member_ids=[member.id])
        # 9,999 more entries copied from the first in one statement, then logged as the demo logs its batches.
        columns = ", ".join(c for c in _EDITS if c not in ("ref", "salt"))
        s.execute(
            sa.text(
                "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
                f"INSERT INTO threat_entry (id, ref, salt, status, version, {columns}) "
                f"SELECT i, printf('T-2026-%05d', i), lower(hex(randomblob(16))), 'logged', 1, {columns} "
                "FROM n, threat_entry WHERE threat_entry.id = 1"
            )
        )
        chain.log_entries(s, list(range(2, 10_001)))
    with db.session() as s:
        verdict = chain.verify(s)
    assert verdict.ok, verdict.failure
    assert verdict.count == 10_000
