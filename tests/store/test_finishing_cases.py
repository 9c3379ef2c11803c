"""Every case record can be finished: timeline entries edited and deleted, cases deleted, saved
filters renamed and deleted; each audited and refused when made from a stale copy or when gone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from repdesk.domain.enums import AuditAction, TimelineKind
from repdesk.store import cases, saved_filters
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, NotFound, StaleVersion
from repdesk.store.models import (
    Attachment,
    AttachmentCreate,
    AuditEntry,
    Case,
    Deadline,
    ThreatCase,
    ThreatEntry,
    TimelineEntry,
)
from tests.helpers.factories import NewCase, ident, make_deadline, make_threat, make_timeline_entry


def _audit(db: Database, entity: str, action: AuditAction) -> list[AuditEntry]:
    with db.session() as s:
        query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.action == action)
        return list(s.exec(query.order_by(col(AuditEntry.id))))


def _count(db: Database, model: type[TimelineEntry | Attachment | Deadline | Case | ThreatCase]) -> int:
    with db.session() as s:
        return len(list(s.exec(select(model))))


def _entry_with_files(db: Database, case_id: int, tmp_path: Path, files: int) -> int:
    """A meeting entry on 6 Jan 2026 with ``files`` attached files (real files in ``tmp_path``)."""
    with db.transaction() as s:
        entry = make_timeline_entry(
            s, case_id, summary="Meeting with HR", kind=TimelineKind.MEETING, occurred_on=date(2026, 1, 6)
        )
        for n in range(files):
            letter = tmp_path / f"letter-{ident(entry)}-{n}.txt"
            letter.write_text(f"letter {n}")
            cases.attach_to_entry(s, ident(entry), AttachmentCreate(path=str(letter)))
        return ident(entry)


# --- timeline entries -------------------------------------------------------------------


def test_an_entry_edit_changes_only_what_changed_and_refuses_a_stale_copy(
    db: Database, new_case: NewCase
) -> None:
    made = new_case()
    with db.transaction() as s:
        entry_id = ident(make_timeline_entry(s, made.case_id, summary="Call", body="Rang the member"))
    with db.transaction() as s:  # the same values again write nothing
        same = cases.update_timeline_entry(
            s, entry_id, {"version": 1, "summary": "Call", "occurred_on": "22/11/26"}
        )
        assert same.version == 1
    with db.transaction() as s:
        changed = cases.update_timeline_entry(
            s, entry_id, {"version": 1, "summary": "Call with the member", "body": "Rang the member"}
        )
        assert changed.version == 2
    [update] = _audit(db, "timeline_entry", AuditAction.UPDATE)
    assert update.entity_id == entry_id
    assert update.changes == {"summary": ["Call", "Call with the member"]}
    with pytest.raises(StaleVersion, match="changed elsewhere"), db.transaction() as s:
        cases.update_timeline_entry(s, entry_id, {"version": 1, "summary": "From an old window"})
    with db.session() as s:
        assert cases.get_timeline_entry(s, entry_id).summary == "Call with the member"


def test_deleting_an_entry_takes_its_attached_files_and_audits_each(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    entry_id = _entry_with_files(db, made.case_id, tmp_path, files=2)
    kept = _entry_with_files(db, made.case_id, tmp_path, files=1)  # another entry keeps its own
    with db.transaction() as s:
        deleted = cases.delete_timeline_entry(s, entry_id, version=1)
        assert deleted.summary == "Meeting with HR"
    with db.session() as s:
        assert [ident(e) for e in cases.timeline(s, made.case_id)] == [kept]
        left = list(s.exec(select(Attachment)))
    assert [a.timeline_entry_id for a in left] == [kept]
    [entry_gone] = _audit(db, "timeline_entry", AuditAction.DELETE)
    assert (entry_gone.entity_id, entry_gone.label) == (entry_id, "Meeting with HR")
    files_gone = _audit(db, "attachment", AuditAction.DELETE)
    assert len(files_gone) == 2
    assert all(Path(a.changes["path"][0]).name.startswith(f"letter-{entry_id}-") for a in files_gone)
    assert all(Path(a.changes["path"][0]).exists() for a in files_gone)  # the files themselves stay


def test_an_entry_delete_from_a_stale_copy_or_of_a_gone_entry_is_refused(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    entry_id = _entry_with_files(db, made.case_id, tmp_path, files=1)
    with db.transaction() as s:
        cases.update_timeline_entry(s, entry_id, {"version": 1, "summary": "Meeting (rescheduled)"})
    with (
        pytest.raises(StaleVersion, match="This timeline entry was changed elsewhere"),
        db.transaction() as s,
    ):
        cases.delete_timeline_entry(s, entry_id, version=1)
    # Refused whole: the entry and its file are still there.
    assert (_count(db, TimelineEntry), _count(db, Attachment)) == (1, 1)
    assert _audit(db, "attachment", AuditAction.DELETE) == []
    with db.transaction() as s:
        cases.delete_timeline_entry(s, entry_id, version=2)
    with pytest.raises(NotFound, match="That timeline entry no longer exists"), db.transaction() as s:
        cases.delete_timeline_entry(s, entry_id, version=2)
    with pytest.raises(NotFound), db.transaction() as s:
        cases.delete_timeline_entry(s, 2**70, version=1)  # an id SQLite cannot hold names nothing


# --- cases ------------------------------------------------------------------------------------


def test_deleting_a_case_takes_its_records_audited_and_leaves_linked_threats(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    other = new_case()
    _entry_with_files(db, made.case_id, tmp_path, files=2)
    _entry_with_files(db, other.case_id, tmp_path, files=1)
    with db.transaction() as s:
        make_timeline_entry(s, made.case_id, summary="Second call")
        make_deadline(s, made.case_id, what="Appeal")
        make_deadline(s, other.case_id, what="Other appeal")
        threat = ident(make_threat(s, case_ids=[made.case_id, other.case_id]))
    with db.transaction() as s:
        deleted = cases.delete_case(s, made.case_id, version=made.case_version)
        assert deleted.ref == made.case_ref
    with db.session() as s:
        assert [ident(c) for c in s.exec(select(Case))] == [other.case_id]
        assert {e.case_id for e in s.exec(select(TimelineEntry))} == {other.case_id}
        assert [d.what for d in s.exec(select(Deadline))] == ["Other appeal"]
        assert len(list(s.exec(select(Attachment)))) == 1
        # The threat-log entry stays; only its link to the deleted case goes.
        assert s.get(ThreatEntry, threat) is not None
        assert [(link.threat_id, link.case_id) for link in s.exec(select(ThreatCase))] == [
            (threat, other.case_id)
        ]
    # Each record that went is in the audit log, not only the case.
    assert [a.label for a in _audit(db, "member_case", AuditAction.DELETE)] == [made.case_ref]
    assert sorted(a.label for a in _audit(db, "timeline_entry", AuditAction.DELETE)) == [
        "Meeting with HR",
        "Second call",
    ]
    assert [a.label for a in _audit(db, "deadline", AuditAction.DELETE)] == ["Appeal"]
    assert len(_audit(db, "attachment", AuditAction.DELETE)) == 2
    [link] = _audit(db, "threat_case", AuditAction.DELETE)
    assert link.changes == {"threat_id": [threat, None], "case_id": [made.case_id, None]}


def test_a_case_delete_from_a_stale_copy_is_refused_and_deletes_nothing(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    _entry_with_files(db, made.case_id, tmp_path, files=1)
    with db.transaction() as s:
        make_deadline(s, made.case_id)
        cases.update_case(s, made.case_id, {"version": made.case_version, "title": "Renamed elsewhere"})
    counts = [_count(db, model) for model in (Case, TimelineEntry, Attachment, Deadline)]
    with pytest.raises(StaleVersion, match="This case was changed elsewhere"), db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version)
    assert (
        [_count(db, model) for model in (Case, TimelineEntry, Attachment, Deadline)] == counts == [1, 1, 1, 1]
    )
    with db.session() as s:
        assert s.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.DELETE)).first() is None
    with db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version + 1)
    with pytest.raises(NotFound, match="That case no longer exists"), db.transaction() as s:
        cases.delete_case(s, made.case_id, version=made.case_version + 1)


# --- saved filters ------------------------------------------------------------------------------


def _saved(db: Database, name: str, query: str, area: str = "cases") -> int:
    with db.transaction() as s:
        return saved_filters.save_filter(s, area, name, query).id or 0


def test_renaming_a_saved_filter_is_versioned_and_audited(db: Database) -> None:
    filter_id = _saved(db, "Urgent pay", "priority:urgent cat:pay")
    with db.transaction() as s:
        assert saved_filters.rename_filter(s, filter_id, "Urgent pay", version=1).version == 1  # no change
    with db.transaction() as s:
        renamed = saved_filters.rename_filter(s, filter_id, "  Pay, urgent  ", version=1)
        assert (renamed.name, renamed.version) == ("Pay, urgent", 2)
    [update] = _audit(db, "saved_filter", AuditAction.UPDATE)
    assert update.changes == {"name": ["Urgent pay", "Pay, urgent"]}
    with pytest.raises(StaleVersion, match="This saved filter was changed elsewhere"), db.transaction() as s:
        saved_filters.rename_filter(s, filter_id, "From an old window", version=1)
    with db.session() as s:
        assert [f.name for f in saved_filters.list_filters(s, "cases")] == ["Pay, urgent"]


def test_a_rename_onto_another_filters_name_is_refused_in_plain_words(db: Database) -> None:
    first = _saved(db, "Urgent", "priority:urgent")
    _saved(db, "Overdue", "due:<0d")
    _saved(db, "Mine", "tag:mine", area="threats")
    with pytest.raises(Invalid) as clash, db.transaction() as s:
        saved_filters.rename_filter(s, first, "Overdue", version=1)
    [problem] = clash.value.problems
    assert problem.field == "name"
    assert problem.message == (
        "There is already a saved filter called “Overdue”: choose another name, or delete that one."
    )
    with db.transaction() as s:  # a name used on another list is free on this one
        saved_filters.rename_filter(s, first, "Mine", version=1)
    for bad, words in [
        ("  ", "Name is required."),
        ("x" * 61, "too long"),
        ("bad\ud800", "broken character"),
    ]:
        with pytest.raises(Invalid, match=words), db.transaction() as s:
            saved_filters.rename_filter(s, first, bad, version=2)


def test_deleting_a_saved_filter_is_versioned_and_audited(db: Database) -> None:
    filter_id = _saved(db, "Urgent", "priority:urgent")
    _saved(db, "Urgent", "priority:urgent status:open")  # saved again under its name: an update
    [replaced] = _audit(db, "saved_filter", AuditAction.UPDATE)
    assert replaced.changes == {"query": ["priority:urgent", "priority:urgent status:open"]}
    with pytest.raises(StaleVersion), db.transaction() as s:
        saved_filters.delete_filter(s, filter_id, version=1)
    with db.transaction() as s:
        saved_filters.delete_filter(s, filter_id, version=2)
    [gone] = _audit(db, "saved_filter", AuditAction.DELETE)
    assert (gone.entity_id, gone.label) == (filter_id, "Urgent")
    with pytest.raises(NotFound, match="That saved filter no longer exists"), db.transaction() as s:
        saved_filters.delete_filter(s, filter_id, version=2)
    with pytest.raises(NotFound), db.transaction() as s:
        saved_filters.rename_filter(s, filter_id, "Anything", version=2)
