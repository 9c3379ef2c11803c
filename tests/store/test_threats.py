"""The threat log is evidence: entries never change except their status; corrections are new entries."""

from __future__ import annotations

import hashlib
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from repdesk.domain.enums import ProtectedActivity, ThreatAudience, ThreatChannel, ThreatKind, ThreatStatus
from repdesk.domain.filters import ThreatFilter
from repdesk.store import cases, members, threats
from repdesk.store.engine import Database
from repdesk.store.errors import ImmutableRecord, Invalid, StaleVersion
from repdesk.store.models import AttachmentCreate, ThreatEntry
from tests.helpers import NOON, day
from tests.helpers.factories import THREAT, NewCase, ident, make_threat
from tests.store.store_helpers import evidence_file

NOTICE = {
    "occurred_on": date(2026, 11, 2),
    "occurred_at": time(9, 30),
    "made_by": "Ch Supt A. Example",
    "made_by_role": "Head of contact handling",
    "channel": ThreatChannel.NOTICE,
    "audience": ThreatAudience.ALL_STAFF,
    "kind": ThreatKind.PAY_DEDUCTION,
    "exact_words": "Staff who do not attend will not be paid for that day.",
    "context": "Posted on the intranet after the ballot result.",
    "protected_activity": ProtectedActivity.INDUSTRIAL_ACTION,
    "witnesses": "Whole team",
    "document_ref": "Intranet notice 2026/114",
    "disputed": True,
}
"""A threat-log entry with every field a rep can type."""


def test_a_threat_entry_round_trips_with_links_and_evidence(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    first = new_case()
    second = new_case()
    content = b"%PDF-1.4 all-staff notice"
    notice = evidence_file(tmp_path, "notice.pdf", content)
    with db.transaction() as s:
        entry = make_threat(
            s,
            **NOTICE,
            member_ids=[first.member_id, second.member_id, first.member_id],
            case_ids=[first.case_id],
            evidence=[AttachmentCreate(path=str(notice), description="Screenshot")],
        )
        entry_id = ident(entry)
    with db.session() as s:
        detail = threats.threat_detail(s, entry_id)
        by_ref = threats.find_threat(s, "t-2026-0001")
    stored = detail.entry
    assert by_ref is not None and by_ref.id == entry_id
    assert stored.ref == "T-2026-0001"
    assert stored.model_dump(include=set(NOTICE)) == NOTICE
    assert (stored.channel, stored.protected_activity) == (
        ThreatChannel.NOTICE,
        ProtectedActivity.INDUSTRIAL_ACTION,
    )
    assert isinstance(stored.channel, ThreatChannel) and isinstance(
        stored.protected_activity, ProtectedActivity
    )
    assert stored.related_to_action is True  # implied by the protected activity
    assert stored.status is ThreatStatus.LOGGED
    assert stored.recorded_at == NOON
    assert {m.id for m in detail.members} == {first.member_id, second.member_id}
    assert [c.id for c in detail.cases] == [first.case_id]
    [kept] = detail.evidence
    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    assert (kept.size_bytes, kept.description) == (len(content), "Screenshot")
    assert kept.timeline_entry_id is None
    assert detail.amends is None and detail.corrected_by == []


def test_threat_filters_and_chronological_order(db: Database, new_case: NewCase) -> None:
    priya = new_case(member_name="Priya Okafor")
    dan = new_case(member_name="Dan Smith")

    def log(
        on: date,
        at: time | None,
        made_by: str,
        kind: ThreatKind,
        words: str,
        member_ids: list[int],
        case_ids: list[int],
    ) -> int:
        with db.transaction() as s:
            entry = make_threat(
                s,
                occurred_on=on,
                occurred_at=at,
                made_by=made_by,
                kind=kind,
                exact_words=words,
                member_ids=member_ids,
                case_ids=case_ids,
            )
            assert entry.id is not None
            return entry.id

    # Logged out of order; listed in the order they happened.
    late = log(day(-1), None, "Supt Example", ThreatKind.DISCIPLINARY, "Final warning", [priya.member_id], [])
    early = log(
        day(-30), time(9, 0), "Insp Other", ThreatKind.PAY_DEDUCTION, "Pay docked", [dan.member_id], []
    )
    mid_pm = log(
        day(-10), time(15, 0), "Supt Example", ThreatKind.PAY_DEDUCTION, "Docked again", [], [priya.case_id]
    )
    mid_am = log(
        day(-10),
        time(8, 30),
        "HR Director",
        ThreatKind.VETTING_PROMOTION,
        "Promotion file note",
        [priya.member_id, dan.member_id],
        [priya.case_id],
    )
    mid_untimed = log(day(-10), None, "Supt Example", ThreatKind.CAPABILITY, "Capability review", [], [])

    def listed(query: ThreatFilter | None = None) -> list[int]:
        with db.session() as s:
            page = threats.list_threats(s, query)
        assert page.total == len(page.rows)
        return [row.id for row in page.rows]

    assert listed() == [early, mid_untimed, mid_am, mid_pm, late]
    assert listed(ThreatFilter(newest_first=True)) == [late, mid_pm, mid_am, mid_untimed, early]
    assert listed(ThreatFilter(kinds=frozenset({ThreatKind.PAY_DEDUCTION}))) == [early, mid_pm]
    assert listed(ThreatFilter(made_by="supt")) == [mid_untimed, mid_pm, late]
    assert listed(ThreatFilter(date_from=day(-10), date_to=day(-10))) == [mid_untimed, mid_am, mid_pm]
    assert listed(ThreatFilter(date_from=day(-9))) == [late]
    assert listed(ThreatFilter(date_to=day(-11))) == [early]
    assert listed(ThreatFilter(member_ids=frozenset({priya.member_id}))) == [mid_am, late]
    assert listed(ThreatFilter(member_ids=frozenset({priya.member_id, dan.member_id}))) == [
        early,
        mid_am,
        late,
    ]
    assert listed(ThreatFilter(case_id=priya.case_id)) == [mid_am, mid_pm]
    assert listed(ThreatFilter(text="docked")) == [early, mid_pm]
    assert listed(ThreatFilter(text="docked", made_by="insp")) == [early]
    assert listed(ThreatFilter(statuses=frozenset({ThreatStatus.RAISED}))) == []
    with db.session() as s:
        page = threats.list_threats(s, limit=2, offset=2)
        rows = {row.id: row for row in threats.list_threats(s).rows}
    assert ([row.id for row in page.rows], page.total) == ([mid_am, mid_pm], 5)
    assert rows[mid_am].members == 2 and rows[late].members == 1 and rows[mid_untimed].members == 0


WORDS = "If you do not attend four days a week your pay will be docked."


SAID: dict[str, Any] = {
    **THREAT,
    "occurred_at": time(14, 5),
    "channel": ThreatChannel.MEETING,
    "exact_words": WORDS,
}
"""What was said at the team briefing, as every test here logs it."""


def _log(db: Database, member_id: int | None = None, case_id: int | None = None) -> int:
    with db.transaction() as s:
        entry = make_threat(
            s,
            **SAID,
            made_by_role="Superintendent",
            context="Team briefing",
            member_ids=[] if member_id is None else [member_id],
            case_ids=[] if case_id is None else [case_id],
        )
        return ident(entry)


def _stored_words(db: Database, entry_id: int) -> str:
    with db.session() as s:
        return threats.get_threat(s, entry_id).exact_words


FIXED = sorted(
    {c.name for c in ThreatEntry.__table__.columns}  # type: ignore[attr-defined]
    - set(threats.MUTABLE)
    - {"id"}
)


NEW_VALUES: dict[str, Any] = {
    "occurred_on": date(2026, 11, 4),
    "occurred_at": time(9, 0),
    "made_by": "Someone else",
    "made_by_role": "Inspector",
    "channel": ThreatChannel.EMAIL,
    "audience": ThreatAudience.ALL_STAFF,
    "kind": ThreatKind.DISCIPLINARY,
    "exact_words": "Something softer.",
    "context": "Rewritten context",
    "related_to_action": True,
    "witnesses": "Nobody",
    "document_ref": "REF-1",
    "disputed": True,
    "ref": "T-2026-9999",
    "correction_reason": "sneaky",
}


def test_the_fixed_columns_are_the_whole_record_but_its_status() -> None:
    assert {"exact_words", "occurred_on", "made_by", "ref", "recorded_at", "amends_id"} <= set(FIXED)
    assert "status" not in FIXED and "version" not in FIXED


@pytest.mark.parametrize("field", sorted(NEW_VALUES))
def test_changing_a_saved_entry_through_the_orm_is_refused(db: Database, field: str) -> None:
    entry_id = _log(db)
    with pytest.raises(ImmutableRecord) as caught, db.transaction() as s:
        entry = threats.get_threat(s, entry_id)
        setattr(entry, field, NEW_VALUES[field])
        s.add(entry)
        s.flush()
    assert "cannot be edited" in str(caught.value) and "correction" in str(caught.value)
    assert _stored_words(db, entry_id) == WORDS
    with db.session() as s:
        assert getattr(threats.get_threat(s, entry_id), field) != NEW_VALUES[field]


def test_deleting_an_entry_is_refused(db: Database) -> None:
    entry_id = _log(db)
    with pytest.raises(ImmutableRecord, match="cannot be deleted"), db.transaction() as s:
        s.delete(threats.get_threat(s, entry_id))
    with db.session() as s:
        assert threats.get_threat(s, entry_id).id == entry_id


def test_the_edit_service_always_refuses(db: Database) -> None:
    entry_id = _log(db)
    with pytest.raises(ImmutableRecord) as caught, db.transaction() as s:
        threats.edit_threat(s, entry_id, exact_words="Something softer.")
    assert str(caught.value) == threats.REFUSAL
    assert _stored_words(db, entry_id) == WORDS


def test_a_raw_sql_update_of_the_words_is_refused_by_the_trigger(db: Database) -> None:
    entry_id = _log(db)
    with pytest.raises(sa.exc.DatabaseError) as caught, db.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE threat_entry SET exact_words = :words WHERE id = :id"),
            {"words": "Something softer.", "id": entry_id},
        )
    assert "cannot be edited" in str(caught.value.orig)
    assert _stored_words(db, entry_id) == WORDS


@pytest.mark.parametrize("column", FIXED)
def test_the_trigger_guards_every_fixed_column(db: Database, column: str) -> None:
    entry_id = _log(db)
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
        # Even "setting it to itself" is refused: whoever writes to the file.
        conn.exec_driver_sql(f"UPDATE threat_entry SET {column} = {column} WHERE id = {entry_id}")


def test_the_follow_up_status_can_move(db: Database) -> None:
    entry_id = _log(db)
    with db.transaction() as s:
        raised = threats.set_status(s, entry_id, ThreatStatus.RAISED, version=1)
        assert raised.version == 2
        same = threats.set_status(s, entry_id, ThreatStatus.RAISED, version=2)
        assert same.version == 2  # no change, no new version
    with pytest.raises(StaleVersion), db.transaction() as s:
        threats.set_status(s, entry_id, ThreatStatus.CARRIED_OUT, version=1)
    with db.transaction() as s:
        threats.set_status(s, entry_id, ThreatStatus.CARRIED_OUT, version=2)
    with db.session() as s:
        stored = threats.get_threat(s, entry_id)
    assert (stored.status, stored.version, stored.exact_words) == (ThreatStatus.CARRIED_OUT, 3, WORDS)
    assert stored.status_changed_at is not None
    # The trigger lets the status through from raw SQL too.
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE threat_entry SET status = 'withdrawn' WHERE id = {entry_id}")
    with db.session() as s:
        assert threats.get_threat(s, entry_id).status is ThreatStatus.WITHDRAWN


def test_a_correction_is_a_new_linked_entry_and_both_stay(db: Database, new_case: NewCase) -> None:
    made = new_case()
    original_id = _log(db, made.member_id, made.case_id)
    with db.transaction() as s:
        correction = threats.correct_threat(
            s,
            original_id,
            {
                **SAID,
                "exact_words": "If you do not attend four days a week your pay may be docked.",
                "member_ids": [made.member_id],
                "case_ids": [made.case_id],
                "reason": "Misheard 'will'; two witnesses say 'may'.",
                "disputed": True,
            },
        )
        assert correction.id is not None
        correction_id = correction.id
    with db.session() as s:
        page = threats.list_threats(s)
        new = threats.threat_detail(s, correction_id)
        old = threats.threat_detail(s, original_id)
    assert page.total == 2
    assert [row.id for row in page.rows] == [original_id, correction_id]
    assert [row.amends_id for row in page.rows] == [None, original_id]
    assert new.entry.amends_id == original_id
    assert new.amends is not None and new.amends.id == original_id
    assert new.entry.correction_reason == "Misheard 'will'; two witnesses say 'may'."
    assert new.entry.ref == "T-2026-0002"
    assert [c.id for c in new.cases] == [made.case_id]
    assert old.amends is None
    assert [e.id for e in old.corrected_by] == [correction_id]
    assert old.entry.exact_words == WORDS
    assert old.entry.disputed is False


def test_deleting_a_member_or_case_keeps_the_entry_and_drops_only_the_link(
    db: Database, new_case: NewCase
) -> None:
    first = new_case()
    second = new_case()
    entry_id = _log(db, first.member_id, second.case_id)
    with db.transaction() as s:
        cases.delete_case(s, first.case_id, version=1)
        members.delete_member(s, first.member_id)
        cases.delete_case(s, second.case_id, version=1)
    with db.session() as s:
        detail = threats.threat_detail(s, entry_id)
    assert (detail.entry.exact_words, detail.members, detail.cases) == (WORDS, [], [])


def _log_words(db: Database, words: str) -> int:
    with db.transaction() as s:
        return ident(make_threat(s, exact_words=words))


def _correct(db: Database, entry_id: int, words: str) -> int:
    with db.transaction() as s:
        entry = threats.correct_threat(s, entry_id, {**THREAT, "exact_words": words, "reason": "Misheard"})
        return ident(entry)


def test_corrected_ids_names_only_entries_a_later_one_corrects(db: Database) -> None:
    first = _log_words(db, "Your pay will be docked.")
    second = _log_words(db, "You may face disciplinary action.")
    fixed = _correct(db, first, "Your pay may be docked.")
    again = _correct(db, first, "Your pay could be docked.")
    with db.session() as s:
        assert threats.corrected_ids(s, [first, second, fixed, again]) == {first}
        assert threats.corrected_ids(s, [second, fixed]) == set()


def test_corrected_ids_of_nothing_is_empty(db: Database) -> None:
    with db.session() as s:
        assert threats.corrected_ids(s, []) == set()


def test_corrected_ids_takes_more_ids_than_sqlite_binds_at_once(db: Database) -> None:
    first = _log_words(db, "Your pay will be docked.")
    _correct(db, first, "Your pay may be docked.")
    with db.session() as s:
        assert threats.corrected_ids(s, [*range(100_000, 105_000), first]) == {first}


def test_missing_links_and_files_are_refused(db: Database, new_case: NewCase, tmp_path: Any) -> None:
    made = new_case()
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        make_threat(s, member_ids=[made.member_id, 999])
    assert [p.field for p in caught.value.problems] == ["member_ids"]
    with pytest.raises(Invalid) as caught, db.transaction() as s:
        make_threat(s, evidence=[AttachmentCreate(path=str(tmp_path / "nowhere.pdf"))])
    assert [p.field for p in caught.value.problems] == ["path"]
    assert "does not exist" in str(caught.value)
    with db.session() as s:
        assert threats.list_threats(s).total == 0
