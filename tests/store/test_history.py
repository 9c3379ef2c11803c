"""A record's history in plain words: what the ``h`` dialog shows, read from the audit log of a real file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from repdesk.domain import clock
from repdesk.domain.enums import CaseStatus, OfferStatus, Priority, ThreatStatus
from repdesk.store import cases, history, members, talks, threats
from repdesk.store.engine import Database
from repdesk.store.errors import NotFound
from repdesk.store.models import AttachmentCreate, AuditEntry
from tests.helpers.factories import (
    THREAT,
    ident,
    make_action_point,
    make_case,
    make_deadline,
    make_member,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)

MARKER = "Kim-ONeill-MARKER-5521"
"""Stands in for casework damaged in the file: it must never be shown."""

Clock = Callable[[datetime], None]


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set the moment the next changes are recorded at (UTC)."""

    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return move


def lines_of(db: Database, kind: str, record_id: int) -> list[str]:
    """The history's lines as the dialog shows them, newest first."""
    with db.session() as session:
        return [str(line) for line in history.history_of(session, kind, record_id).lines]


def test_a_status_change_reads_in_plain_words_with_the_uk_date_and_local_time(
    db: Database, at: Clock
) -> None:
    at(datetime(2026, 11, 10, 9, 0, tzinfo=UTC))
    with db.transaction() as session:
        case = make_case(session, member=make_member(session, name="Kim O'Neill"), status=CaseStatus.OPEN)
        assert case.id is not None
        case_id = case.id
    at(datetime(2026, 11, 14, 10, 32, tzinfo=UTC))
    with db.transaction() as session:
        cases.set_status(session, case_id, CaseStatus.WAITING_EMPLOYER, version=1)
    # British Summer Time: the rep reads the clock they lived by, not UTC.
    at(datetime(2026, 7, 1, 8, 5, tzinfo=UTC))
    with db.transaction() as session:
        cases.set_priority(session, case_id, Priority.URGENT, version=2)

    with db.session() as session:
        shown = history.history_of(session, "case", case_id)
    assert shown.title.endswith(" Kim O'Neill") and shown.title.startswith("C-2026-")
    lines = [str(line) for line in shown.lines]
    assert lines[0] == "1 Jul 2026 09:05 · priority: Normal → Urgent"
    assert lines[1] == "14 Nov 2026 10:32 · status: Open → Waiting on employer"
    assert lines[2].startswith("10 Nov 2026 09:00 · Created: title: “Case ")
    assert "category: Attendance / hybrid working; status: Open; priority: Normal" in lines[2]


def test_lines_come_newest_first_and_noise_is_left_out(db: Database, at: Clock) -> None:
    at(datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    with db.transaction() as session:
        case = make_case(session)
        assert case.id is not None
        case_id = case.id
    at(datetime(2026, 11, 2, 12, 0, tzinfo=UTC))
    with db.transaction() as session:
        cases.update_case(
            session,
            case_id,
            {
                "version": 1,
                "next_action": "Ring HR",
                "next_action_due": date(2026, 12, 1),
                "tags": "pay, rota",
            },
        )
    at(datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    with db.transaction() as session:
        cases.update_case(session, case_id, {"version": 2, "summary": "A long account of it.\n" * 40})
        cases.update_case(session, case_id, {"version": 3, "next_action_due": None})

    lines = lines_of(db, "case", case_id)
    assert lines == [
        "3 Nov 2026 12:00 · next action due: cleared (was 1 Dec 2026)",
        "3 Nov 2026 12:00 · summary: added",
        "2 Nov 2026 12:00 · next action: set to “Ring HR”",
        "2 Nov 2026 12:00 · next action due: set to 1 Dec 2026",
        "2 Nov 2026 12:00 · tags: set to pay, rota",
        lines[-1],
    ]
    assert lines[-1].startswith("1 Nov 2026 12:00 · Created")
    # The stored score, the next due date the triggers keep, versions and stamps say nothing to a rep.
    joined = "\n".join(lines).lower()
    for noise in ("urgency", "version", "updated", "last activity", "next due", "created at", "ref"):
        assert noise not in joined


def test_a_case_history_takes_in_its_timeline_deadlines_attachments_and_threats(
    db: Database, at: Clock, tmp_path: Path
) -> None:
    letter = tmp_path / "outcome-letter.pdf"
    letter.write_bytes(b"%PDF-1.4 letter")
    at(datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    with db.transaction() as session:
        case = make_case(session)
        other = make_case(session)
        assert case.id is not None
        case_id, ref = case.id, case.ref
    at(datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    with db.transaction() as session:
        entry = make_timeline_entry(
            session, case_id, occurred_on=date(2026, 1, 6), kind="meeting", summary="Met HR"
        )
        assert entry.id is not None
        cases.attach_to_entry(session, entry.id, AttachmentCreate(path=str(letter)))
        kept = make_deadline(session, case_id, what="Reply to HR", due_on=date(2026, 12, 1))
        gone = make_deadline(session, case_id, what="Typed in error", due_on=date(2026, 12, 2))
        make_deadline(session, other, what="Another case's deadline")
        threat = make_threat(session, case_ids=[case_id])
        assert kept.id is not None and gone.id is not None
        kept_id, gone_id, threat_ref = kept.id, gone.id, threat.ref
    at(datetime(2026, 11, 4, 9, 0, tzinfo=UTC))
    with db.transaction() as session:
        cases.set_deadline_done(session, kept_id, True, version=1)
        cases.delete_deadline(session, gone_id, version=1)

    lines = lines_of(db, "case", case_id)
    assert lines[:2] == [
        "4 Nov 2026 09:00 · deadline “Typed in error” due 2 Dec 2026: deleted",
        "4 Nov 2026 09:00 · deadline “Reply to HR” due 1 Dec 2026: done: no → yes",
    ]
    assert set(lines[2:7]) == {
        "3 Nov 2026 09:00 · timeline entry 6 Jan 2026 meeting “Met HR”: added",
        "3 Nov 2026 09:00 · attachment “outcome-letter.pdf”: added",
        "3 Nov 2026 09:00 · deadline “Reply to HR” due 1 Dec 2026: added",
        "3 Nov 2026 09:00 · deadline “Typed in error” due 2 Dec 2026: added",
        f"3 Nov 2026 09:00 · Linked to threat entry {threat_ref}",
    }
    assert lines[7].startswith("2 Nov 2026 09:00 · Created") and len(lines) == 8
    assert not any("Another case" in line for line in lines)
    assert ref.startswith("C-")


def test_a_correction_shows_both_ways(db: Database, at: Clock) -> None:
    at(datetime(2026, 11, 5, 16, 40, tzinfo=UTC))
    with db.transaction() as session:
        member = make_member(session, name="Kim O'Neill")
        first = make_threat(session, member_ids=[member.id])
        assert first.id is not None
        first_id, first_ref = first.id, first.ref
    at(datetime(2026, 11, 6, 8, 15, tzinfo=UTC))
    with db.transaction() as session:
        threats.set_status(session, first_id, ThreatStatus.RAISED, version=1)
    at(datetime(2026, 12, 3, 11, 0, tzinfo=UTC))
    with db.transaction() as session:
        later = threats.correct_threat(
            session, first_id, {**THREAT, "occurred_on": date(2026, 11, 2), "reason": "Wrong date"}
        )
        assert later.id is not None
        later_id, later_ref = later.id, later.ref

    first_lines = lines_of(db, "threat", first_id)
    assert first_lines[0] == f"3 Dec 2026 11:00 · Corrected by {later_ref} (why: “Wrong date”)"
    assert first_lines[1] == "6 Nov 2026 08:15 · follow-up status: Logged → Raised with management"
    assert "5 Nov 2026 16:40 · Linked to member Kim O'Neill" in first_lines
    assert first_lines[-1].startswith("5 Nov 2026 16:40 · Created: date: 3 Nov 2026; kind: Pay deduction")

    later_lines = lines_of(db, "threat", later_id)
    assert f"3 Dec 2026 11:00 · Corrects {first_ref} (why: “Wrong date”)" in later_lines
    assert later_lines[-1].startswith("3 Dec 2026 11:00 · Created: date: 2 Nov 2026")


def test_a_member_and_a_talks_session_have_histories_of_their_own(db: Database, at: Clock) -> None:
    at(datetime(2026, 11, 9, 10, 0, tzinfo=UTC))
    with db.transaction() as session:
        member = make_member(session, name="Kim O'Neill", membership_no="12345")
        talks_session = make_talks_session(session)
        offer = make_offer(session, talks_session, text="Three office days a week.")
        point = make_action_point(session, talks_session)
        assert member.id and talks_session.id and offer.id and point.id
        member_id, session_id, offer_id, point_id = member.id, talks_session.id, offer.id, point.id
    at(datetime(2026, 11, 10, 10, 0, tzinfo=UTC))
    with db.transaction() as session:
        members.update_member(session, member_id, {"version": 1, "name": "Kim O'Neill-Søndergaard"})
        members.archive_member(session, member_id, version=2)
        talks.set_offer_status(session, offer_id, OfferStatus.REJECTED, version=1)
        talks.toggle_action_point(session, point_id, version=1)

    assert lines_of(db, "member", member_id) == [
        "10 Nov 2026 10:00 · Archived",
        "10 Nov 2026 10:00 · name: “Kim O'Neill” → “Kim O'Neill-Søndergaard”",
        "9 Nov 2026 10:00 · Created: name: “Kim O'Neill”; membership number: “12345”; role category: Support",
    ]
    session_lines = lines_of(db, "session", session_id)
    assert session_lines[:2] == [
        "10 Nov 2026 10:00 · action point “Send the headcount figures”: done: no → yes",
        "10 Nov 2026 10:00 · offer employer proposal “Three office days a week.”: status: Tabled → Rejected",
    ]
    assert session_lines[-1] == "9 Nov 2026 10:00 · Created: date: 10 Nov 2026; kind: Joint; format: Online"


def test_a_record_that_is_gone_is_a_plain_refusal(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFound, match="case no longer exists"):
        history.history_of(session, "case", 999)


def damage(path: Path, sql: str, *values: object) -> None:
    """Change the file behind repdesk's back, as a disk fault or a hand edit would."""
    with sqlite3.connect(path) as raw:
        raw.execute(sql, values)
    raw.close()


def test_a_log_value_that_cannot_be_read_shows_as_unreadable_and_never_as_stored(db: Database) -> None:
    with db.transaction() as session:
        case = make_case(session)
        assert case.id is not None
        case_id = case.id
        cases.set_status(session, case_id, CaseStatus.OPEN, version=1)
        cases.update_case(session, case_id, {"version": 2, "title": "Renamed"})
        cases.set_priority(session, case_id, Priority.HIGH, version=3)
        gone = make_deadline(session, case_id, what="Typed in error")
        cases.delete_deadline(session, ident(gone), version=1)
    with db.session() as session:
        query = select(AuditEntry).where(AuditEntry.entity == "member_case", AuditEntry.entity_id == case_id)
        logged = {
            next(iter(row.changes)) if row.action == "update" else "": row.id for row in session.exec(query)
        }
    # A value of the wrong shape, a status no repdesk has, a date that is no date,
    # JSON that is no JSON, and a moment that is no moment.
    broken = {"status": [MARKER, "nonsense"], "opened_on": ["2026-11-01", MARKER], "title": MARKER}
    damage(db.path, "UPDATE audit_log SET changes = ? WHERE id = ?", json.dumps(broken), logged["status"])
    damage(db.path, "UPDATE audit_log SET changes = ? WHERE id = ?", "{" + MARKER, logged["title"])
    damage(db.path, "UPDATE audit_log SET at = ? WHERE id = ?", MARKER, logged["priority"])
    made = {"title": [None, [MARKER]], "status": [None, 12345], "priority": [None, {MARKER: 1}]}
    damage(db.path, "UPDATE audit_log SET changes = ? WHERE id = ?", json.dumps(made), logged[""])
    damage(
        db.path, "UPDATE audit_log SET changes = ? WHERE entity = 'deadline' AND action = 'delete'", MARKER
    )
    db.lenient = True  # as the desk reads

    lines = lines_of(db, "case", case_id)
    joined = "\n".join(lines)
    assert MARKER not in joined
    assert "unreadable · priority: Normal → High" in lines
    assert "status: unreadable → unreadable" in joined
    assert "opened: 1 Nov 2026 → unreadable" in joined
    assert "title: unreadable" in joined
    assert "changed (what changed cannot be read)" in joined
    assert "Created: title: " in joined and "status: unreadable; priority: unreadable" in joined


def test_an_entry_linked_to_many_members_at_once_says_so_in_one_line(db: Database, at: Clock) -> None:
    at(datetime(2026, 11, 5, 9, 0, tzinfo=UTC))
    with db.transaction() as session:
        staff = [ident(make_member(session, name=f"Staff {n}")) for n in range(1, 9)]
        notice = make_threat(session, member_ids=staff)
        assert notice.id is not None
        notice_id = notice.id
    at(datetime(2026, 11, 6, 9, 0, tzinfo=UTC))
    with db.transaction() as session:
        extra = make_member(session, name="Late Starter")
        threats.add_links(session, notice_id, member_ids=[ident(extra)])

    lines = lines_of(db, "threat", notice_id)
    assert lines[:2] == [
        "6 Nov 2026 09:00 · Linked to member Late Starter",
        "5 Nov 2026 09:00 · Linked to 8 members: Staff 1, Staff 2, Staff 3, Staff 4, Staff 5 and 3 more",
    ]
    assert lines[2].startswith("5 Nov 2026 09:00 · Created") and len(lines) == 3
