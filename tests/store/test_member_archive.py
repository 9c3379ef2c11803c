"""An archived member leaves the lists and pickers but stays on record, with their casework."""

from __future__ import annotations

import pytest

from repdesk.domain.enums import AuditAction, CaseStatus
from repdesk.domain.member_filter import MemberFilter, parse_member_filter
from repdesk.export.talks_record import build_talks_record
from repdesk.export.threat_chronology import resolve_member
from repdesk.store import audit, cases, lookup, members
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, NotFound, StaleVersion
from tests.helpers import NOON
from tests.helpers.factories import ident, make_case, make_member, make_talks_session, make_threat


def _names(db: Database, query: MemberFilter | None = None) -> list[str]:
    with db.session() as s:
        return [row.name for row in members.list_members(s, query).rows]


def _found(db: Database, text: str) -> list[str]:
    with db.session() as s:
        return [name for _id, name in members.find_members(s, text)]


def _archived(db: Database) -> tuple[int, int]:
    """Priya (archived, with an open case and a threat entry) and Sam (current): Priya's id and version."""
    with db.transaction() as s:
        priya = make_member(s, name="Priya Okafor", membership_no="PCS-1")
        make_member(s, name="Sam Okafor")
        case = make_case(s, priya, title="Docked pay")
        make_threat(s, member_ids=[ident(priya)], case_ids=[ident(case)])
        priya_id, version = ident(priya), priya.version
    with db.transaction() as s:
        archived = members.archive_member(s, priya_id, version=version)
        assert archived.archived_at == NOON
        return priya_id, archived.version


def test_an_archived_member_is_hidden_from_the_list_and_pickers(db: Database) -> None:
    _archived(db)
    assert _names(db) == ["Sam Okafor"]
    assert _found(db, "okafor") == ["Sam Okafor"]
    assert _found(db, "PCS-1") == []
    with db.session() as s:
        assert members.list_members(s).total == 1


def test_the_filter_word_shows_archived_members(db: Database) -> None:
    _archived(db)
    both = _names(db, parse_member_filter("okafor archived:yes").filter)
    assert both == ["Priya Okafor", "Sam Okafor"]
    assert _names(db, parse_member_filter("archived:only").filter) == ["Priya Okafor"]
    assert _names(db, parse_member_filter("archived:no").filter) == ["Sam Okafor"]
    with db.session() as s:
        rows = members.list_members(s, MemberFilter(archived=None)).rows
    assert [(row.name, row.archived) for row in rows] == [("Priya Okafor", True), ("Sam Okafor", False)]
    problems = parse_member_filter("archived:maybe").problems
    assert problems and all(word in problems[0] for word in ("archived:yes", "archived:only", "archived:no"))


def test_archiving_keeps_the_casework_and_closes_nothing(db: Database) -> None:
    priya_id, _version = _archived(db)
    with db.session() as s:
        kept = members.member_cases(s, priya_id)
        assert [(c.title, c.status) for c in kept] == [("Docked pay", CaseStatus.NEW)]
        assert cases.list_cases(s).total == 1  # still in Cases
        assert len(members.member_threats(s, priya_id)) == 1
        # The palette still jumps to them, marked.
        assert [t.title for t in lookup.find(s, "Priya") if t.kind == "member"] == [
            "member: Priya Okafor (archived)"
        ]


def test_restore_brings_them_back_and_both_are_audited(db: Database) -> None:
    priya_id, version = _archived(db)
    with pytest.raises(StaleVersion, match="changed elsewhere"), db.transaction() as s:
        members.restore_member(s, priya_id, version=version - 1)
    with pytest.raises(Invalid, match="already archived"), db.transaction() as s:
        members.archive_member(s, priya_id, version=version)
    with db.transaction() as s:
        members.restore_member(s, priya_id, version=version)
    assert _names(db) == ["Priya Okafor", "Sam Okafor"]
    assert _found(db, "PCS-1") == ["Priya Okafor"]
    with db.session() as s:
        trail = audit.history(s, "member", priya_id)
    changes = [entry.changes for entry in trail if entry.action is AuditAction.UPDATE]
    assert changes == [
        {"archived_at": [None, NOON.isoformat()]},
        {"archived_at": [NOON.isoformat(), None]},
    ]
    with pytest.raises(NotFound), db.transaction() as s:
        members.archive_member(s, 999_999, version=1)


def test_an_export_still_finds_and_redacts_an_archived_member(db: Database) -> None:
    priya_id, _version = _archived(db)
    with db.transaction() as s:
        make_talks_session(s, agenda="Priya Okafor's pay")
    with db.session() as s:
        record = build_talks_record(s, profile="branch", database="desk.sqlite")
        # A name out of the list is never out of the branch copy's redaction.
        assert "Priya" not in record.sessions[0].agenda
        assert resolve_member(s, "Priya") == priya_id  # export threats --member finds the record
