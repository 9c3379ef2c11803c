"""The threat log is evidence: saved entries never change, except their follow-up status."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
import sqlalchemy as sa

from repdesk.domain.enums import ThreatAudience, ThreatChannel, ThreatKind, ThreatStatus
from repdesk.store import cases, members, threats
from repdesk.store.engine import Database
from repdesk.store.errors import ImmutableRecord, StaleVersion
from repdesk.store.models import ThreatCorrection, ThreatEntry, ThreatEntryCreate
from tests.store.store_factories import MakeCase

WORDS = "If you do not attend four days a week your pay will be docked."


def _log(db: Database, member_id: int | None = None, case_id: int | None = None) -> int:
    with db.transaction() as s:
        entry = threats.log_threat(
            s,
            ThreatEntryCreate(
                occurred_on=date(2026, 11, 3),
                occurred_at=time(14, 5),
                made_by="Supt Example",
                made_by_role="Superintendent",
                channel=ThreatChannel.MEETING,
                audience=ThreatAudience.TEAM,
                kind=ThreatKind.PAY_DEDUCTION,
                exact_words=WORDS,
                context="Team briefing",
                member_ids=[] if member_id is None else [member_id],
                case_ids=[] if case_id is None else [case_id],
            ),
        )
        assert entry.id is not None
        return entry.id


def _stored_words(db: Database, entry_id: int) -> str:
    with db.session() as s:
        return threats.get_threat(s, entry_id).exact_words


# The columns of a saved entry that must never change (everything but the follow-up status).
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


def test_a_correction_is_a_new_linked_entry_and_both_stay(db: Database, make_case: MakeCase) -> None:
    made = make_case()
    original_id = _log(db, made.member_id, made.case_id)
    with db.transaction() as s:
        correction = threats.correct_threat(
            s,
            original_id,
            ThreatCorrection(
                occurred_on=date(2026, 11, 3),
                occurred_at=time(14, 5),
                made_by="Supt Example",
                channel=ThreatChannel.MEETING,
                audience=ThreatAudience.TEAM,
                kind=ThreatKind.PAY_DEDUCTION,
                exact_words="If you do not attend four days a week your pay may be docked.",
                member_ids=[made.member_id],
                case_ids=[made.case_id],
                reason="Misheard 'will'; two witnesses say 'may'.",
                disputed=True,
            ),
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
    db: Database, make_case: MakeCase
) -> None:
    first = make_case()
    second = make_case()
    entry_id = _log(db, first.member_id, second.case_id)
    with db.transaction() as s:
        cases.delete_case(s, first.case_id, version=1)
        members.delete_member(s, first.member_id)
        cases.delete_case(s, second.case_id, version=1)
    with db.session() as s:
        detail = threats.threat_detail(s, entry_id)
    assert (detail.entry.exact_words, detail.members, detail.cases) == (WORDS, [], [])
