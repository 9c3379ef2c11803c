"""Erasing a member (UK GDPR Art. 17): no byte of them left in the file or its WAL; the chain verifies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from repdesk.domain.chain import EventKind, How
from repdesk.domain.enums import AuditAction
from repdesk.domain.spelling import blank
from repdesk.store import audit, cases, chain, erasure, evidence, members, saved_filters, search, threats
from repdesk.store.engine import Database
from repdesk.store.errors import NotFound
from repdesk.store.models import AttachmentCreate, AuditEntry, Case, Member
from tests.helpers.factories import (
    ident,
    make_case,
    make_deadline,
    make_member,
    make_threat,
    make_timeline_entry,
)
from tests.helpers.raw import tamper

# Markers written into every field the rep fills in for the member and their casework. Each is a
# word of its own, so the search index holds it as a token too (lower case): the bytes are searched
# for it as typed and in lower case.
MEMBER = {
    "name": "Qxname Qxsurname",
    "membership_no": "QXNO-771234",
    "job_title": "Qxjobtitle",
    "department": "Qxdepartment",
    "work_site": "Qxworksite",
    "email": "qxemail@qxmail.example",
    "phone": "07700 918273",
    "work_pattern": "Qxworkpattern",
    "adjustments": "Qxadjustments",
    "flexible_plan": "Qxflexibleplan",
    "notes": "Qxnotesfirst",
}
LATER_NOTES = "Qxnotessecond"
# The case's words name the member too, as a rep writes them: kept cases keep their words, not the name.
CASE = {
    "title": "Qxcasetitle",
    "next_action": "Qxnextaction",
    "summary": "Qxcasesummary: QXNAME's manager refused.",
    "tags": ["qxcasetag", "qxsurname"],
}
TIMELINE = {"summary": "Qxtimelinesummary", "body": "Qxtimelinebody: Qxname Qxsurname rang (QXNO-771234)."}
DEADLINE = {"what": "Qxdeadlinewhat", "notes": "Qxdeadlinenotes, ask qxname"}
FILE_BYTES = b"Qxevidencebytes: the letter, as scanned.\n"
FILE = {"name": "qxfilename.txt", "description": "Qxfiledescription from Qxsurname"}
FILTER = {"name": "Qxfiltername", "query": "qxsurname status:open"}

MEMBER_MARKERS = [*(v for k, v in MEMBER.items() if k != "name"), *MEMBER["name"].split(), LATER_NOTES]
CASE_MARKERS = [
    "Qxcasetitle",
    "Qxnextaction",
    "Qxcasesummary",
    "qxcasetag",
    "Qxtimelinesummary",
    "Qxtimelinebody",
    "Qxdeadlinewhat",
    "Qxdeadlinenotes",
    "Qxevidencebytes",
    "qxfilename",
    "Qxfiledescription",
]
FILTER_MARKERS = [FILTER["name"]]


@dataclass(frozen=True)
class Made:
    member_id: int
    other_id: int
    case_id: int
    other_case_id: int
    threat_id: int


def _bytes(path: Path) -> bytes:
    """The database file and its WAL, as one would read them off the disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _left(path: Path, markers: list[str]) -> list[str]:
    raw = _bytes(path)
    lower = raw.lower()
    return [m for m in markers if m.encode() in raw or m.lower().encode() in lower]


def _fill(db: Database, tmp_path: Path) -> Made:
    """The marked member with a case holding every kind of casework, a saved filter, a linked threat
    entry; and another member whose casework must stay."""
    scan = tmp_path / FILE["name"]
    scan.write_bytes(FILE_BYTES)
    with db.transaction() as s:
        other = make_member(s, name="Ada Keeper", membership_no="KEEP-1")
        other_case = make_case(s, other, title="Kept case")
        member = make_member(s, **MEMBER)
        case = make_case(s, member, **CASE)
        make_timeline_entry(s, case, **TIMELINE)
        make_deadline(s, case, **DEADLINE)
        evidence.attach_to_case(
            s, ident(case), AttachmentCreate(path=str(scan), description=FILE["description"])
        )
        saved_filters.save_filter(s, "members", FILTER["name"], FILTER["query"])
        saved_filters.save_filter(s, "cases", "Open ones", "status:open")
        threat = make_threat(s, member_ids=[ident(member)], case_ids=[ident(case)])
        collective = make_threat(s, member_ids=[ident(other)], exact_words="Everyone back in the office.")
    with db.transaction() as s:
        # An update: the audit log now holds the old notes beside the new.
        members.update_member(s, ident(member), {"version": 1, "notes": LATER_NOTES})
        threats.add_links(s, ident(collective), member_ids=[ident(member)])
    scan.unlink()
    return Made(ident(member), ident(other), ident(case), ident(other_case), ident(threat))


def test_erasure_leaves_no_byte_of_the_member_and_the_chain_verifies(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    made = _fill(db, tmp_path)
    markers = MEMBER_MARKERS + CASE_MARKERS + FILTER_MARKERS
    assert _left(db_path, markers) == markers  # the test can see them before

    with db.session() as s:
        planned = erasure.plan(s, made.member_id)
    assert (
        planned.case_refs and planned.timeline_entries == 2 and planned.deadlines == 1 and planned.files == 1
    )
    assert len(planned.threat_refs) == 2
    assert planned.saved_filters == ("members: Qxfiltername",)

    report = erasure.erase_member(db, made.member_id)

    assert report.compacted
    assert (report.cases, report.timeline_entries, report.deadlines, report.files) == (1, 2, 1, 1)
    assert (report.threat_entries, report.saved_filters) == (2, 1)
    assert _left(db_path, markers) == []
    with db.session() as s:
        assert s.get(Member, made.member_id) is None
        assert s.get(Case, made.case_id) is None
        verdict = chain.verify(s)
        assert verdict.ok, verdict.failure
        # What stays stays: the other member, their case, both threat entries, the other filter.
        assert members.get_member(s, made.other_id).name == "Ada Keeper"
        assert cases.get_case(s, made.other_case_id).title == "Kept case"
        assert threats.get_threat(s, made.threat_id).exact_words == "Your pay will be docked."
        assert [f.name for f in saved_filters.list_filters(s, "cases")] == ["Open ones"]
        assert search.search(s, "qxsurname") == []
        # One event per entry that lost a link, holding ids and hashes only.
        erased = [event for event in chain.events(s) if event.kind is EventKind.ERASED]
        assert len(erased) == 2
        assert set(erased[0].facts) == {"member_ids", "case_ids", "content"}
        # The erasure is recorded as counts, without the member's values.
        recorded = audit.history(s, "member", made.member_id)
        assert [(row.action, row.changes["erasure"][1]) for row in recorded] == [
            (AuditAction.DELETE, report.summary())
        ]
    assert report.summary().startswith(f"member #{made.member_id} erased: 1 case removed, 2 timeline entries")


def test_verify_still_catches_tampering_after_an_erasure(db: Database, db_path: Path, tmp_path: Path) -> None:
    made = _fill(db, tmp_path)
    erasure.erase_member(db, made.member_id)
    with db.session() as s:
        assert chain.verify(s).ok
    # The erased entry's words changed behind repdesk's back: its erasure's hash no longer holds.
    tamper(db_path, f"UPDATE threat_entry SET exact_words = 'Softer words.' WHERE id = {made.threat_id}")
    with db.session() as s:
        failure = chain.verify(s).failure
    assert failure is not None and failure.how is How.CHANGED and "erasure" in failure.detail
    tamper(
        db_path,
        f"UPDATE threat_entry SET exact_words = 'Your pay will be docked.' WHERE id = {made.threat_id}",
    )
    with db.session() as s:
        assert chain.verify(s).ok
    # A link to the erased member put back: the chain took it off.
    tamper(
        db_path,
        f"INSERT INTO threat_member (threat_id, member_id) VALUES ({made.threat_id}, {made.other_id})",
    )
    with db.session() as s:
        failure = chain.verify(s).failure
    assert failure is not None and failure.how is How.INSERTED


def test_an_id_given_again_after_erasure_does_not_break_the_chain(db: Database) -> None:
    with db.transaction() as s:
        member = make_member(s, name="Last In")  # the highest id: SQLite gives it again
        make_threat(s, member_ids=[ident(member)])
    erasure.erase_member(db, ident(member))
    with db.transaction() as s:
        assert ident(make_member(s, name="Next Member")) == ident(member)
    with db.session() as s:
        verdict = chain.verify(s)
    assert verdict.ok, verdict.failure


def test_erasing_without_the_chain_s_erased_events_would_fail_verify(db: Database) -> None:
    """The ERASED event is what lets an id be given again: a plain delete of the same member fails."""
    with db.transaction() as s:
        member = make_member(s, name="Last In")
        make_threat(s, member_ids=[ident(member)])
    with db.transaction() as s:
        members.delete_member(s, ident(member))
    with db.transaction() as s:
        make_member(s, name="Next Member")
    with db.session() as s:
        failure = chain.verify(s).failure
    assert failure is not None and failure.how is How.MISSING


def test_keeping_the_cases_erases_the_member_under_a_placeholder(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    made = _fill(db, tmp_path)
    report = erasure.erase_member(db, made.member_id, keep_cases=True)

    assert report.placeholder == "Erased member 1" and report.placeholder_id not in (None, made.member_id)
    assert _left(db_path, MEMBER_MARKERS + FILTER_MARKERS) == []
    assert _left(db_path, CASE_MARKERS) == CASE_MARKERS  # kept, as the rep chose
    with db.session() as s:
        case = cases.get_case(s, made.case_id)
        # Where the case's words named the member, they name the placeholder.
        assert case.summary == "Qxcasesummary: Erased member 1's manager refused."
        assert (
            cases.timeline(s, made.case_id)[0].body
            == "Qxtimelinebody: Erased member 1 rang (Erased member 1)."
        )
        stand_in = members.get_member(s, case.member_id)
        assert stand_in.name == "Erased member 1" and stand_in.archived_at is not None
        assert (stand_in.email, stand_in.phone, stand_in.membership_no) == (None, None, None)
        assert s.get(Member, made.member_id) is None
        # The case keeps its threat-log link; the member's own links went.
        assert [t.id for t in cases.case_threats(s, made.case_id)] == [made.threat_id]
        assert members.member_threats(s, case.member_id) == []
        assert chain.verify(s).ok
        # The kept case's history names the placeholder, never the erased id.
        created = [r for r in audit.history(s, "member_case", made.case_id) if r.action is AuditAction.CREATE]
        assert created[0].changes["member_id"] == [None, stand_in.id]
    # A second one is numbered on.
    with db.transaction() as s:
        again = make_member(s, name="Second Leaver")
        make_case(s, again)
    assert erasure.erase_member(db, ident(again), keep_cases=True).placeholder == "Erased member 2"


def test_an_erasure_leaves_earlier_holders_of_a_reused_id_their_history(db: Database) -> None:
    with db.transaction() as s:
        first = make_member(s, name="First Holder")
    with db.transaction() as s:
        members.delete_member(s, ident(first))
    with db.transaction() as s:
        second = make_member(s, name="Second Holder")
    assert ident(second) == ident(first)
    erasure.erase_member(db, ident(second))
    with db.session() as s:
        rows = audit.history(s, "member", ident(first))
    assert [r.action for r in rows] == [AuditAction.CREATE, AuditAction.DELETE, AuditAction.DELETE]
    assert rows[0].changes["name"] == [None, "First Holder"]
    assert "erasure" in rows[2].changes


def test_erasure_refuses_to_hide_an_entry_changed_behind_repdesk_s_back(db: Database, db_path: Path) -> None:
    with db.transaction() as s:
        member = make_member(s, name="Named Member")
        entry = make_threat(s, member_ids=[ident(member)])
    tamper(db_path, f"UPDATE threat_entry SET exact_words = 'Rewritten.' WHERE id = {ident(entry)}")
    with pytest.raises(Exception, match="does not verify") as caught:
        erasure.erase_member(db, ident(member))
    assert "Named Member" not in str(caught.value) and "Rewritten" not in str(caught.value)
    with db.session() as s:
        assert members.get_member(s, ident(member)).name == "Named Member"  # nothing was changed


def test_erasing_a_member_who_is_not_there_is_refused(db: Database) -> None:
    with pytest.raises(NotFound):
        erasure.erase_member(db, 999)
    with db.session() as s, pytest.raises(NotFound):
        erasure.plan(s, 999)


def test_a_filter_names_a_member_by_any_part_of_their_name_or_their_number() -> None:
    member = Member(name="Siobhán O'Neill-Søndergaard", membership_no="PCS 771234", email="s@x.example")
    mentions = erasure._mentions(member, "X")
    named = ["oneill", "SIOBHAN status:open", "søndergaard", "771234", "pcs771234", "s@x.example"]
    for text in named:
        assert erasure._names(text, mentions), text
    for text in ["status:open", "neil", "o", "77123"]:
        assert not erasure._names(text, mentions), text
    # However the kept words spell it: accents decomposed, split across a line, the number spaced.
    typed = "Siobha\u0301n O'Neill-\nSøndergaard (PCS 771 234) rang"
    assert blank(typed, mentions) == "X (PCS X) rang"  # a spaced prefix stays, as in a branch copy
    # A particle alone names nobody, in a filter or in a kept case's words; an everyday
    # word that is a surname counts in lower case too, as erasure must not leave it behind.
    particle = erasure._mentions(Member(name="Anna van Dijk"), "X")
    assert erasure._names("dijk", particle) and not erasure._names("the van", particle)
    assert (
        blank("Anna van Dijk left the van; ANNA rang, dijk wrote", particle)
        == "X left the van; X rang, X wrote"
    )
    assert blank("spoke to young", erasure._mentions(Member(name="Hannah Young"), "X")) == "spoke to X"


def test_the_plan_says_what_goes_and_what_stays(db: Database) -> None:
    with db.transaction() as s:
        member = make_member(s, name="Rita Plan", membership_no="P-9")
        case = make_case(s, member)
        make_threat(s, member_ids=[ident(member)], case_ids=[ident(case)], occurred_on=date(2026, 11, 2))
    with db.session() as s:
        removed = erasure.plan(s, ident(member)).lines()
        kept = erasure.plan(s, ident(member), keep_cases=True).lines()
    assert removed[0].startswith("Rita Plan (P-9)")
    assert any(line.startswith("Removed: 1 case (C-") for line in removed)
    assert any(line.startswith("Kept: 1 case") for line in kept)
    assert any("threat-log entry" in line and "the entry stays" in line for line in removed)


def _audit_rows(s: Session) -> int:
    return int(s.exec(select(func.count()).select_from(AuditEntry)).one())


def test_no_audit_row_is_written_for_what_erasure_removes(db: Database) -> None:
    with db.transaction() as s:
        member = make_member(s, name="Quiet Leaver")
        make_case(s, member)
    with db.session() as s:
        before = _audit_rows(s)
    report = erasure.erase_member(db, ident(member))
    with db.session() as s:
        after = _audit_rows(s)
    assert after == before - report.history_rows + 1  # only the erasure's own row is added
