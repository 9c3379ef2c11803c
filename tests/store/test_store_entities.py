"""Every entity goes in through its service and comes back out as it was written."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from repdesk.domain import rules
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DeadlineKind,
    DisciplinaryStage,
    HolidayRegion,
    OfferKind,
    OfferStatus,
    Priority,
    ProtectedActivity,
    RoleCategory,
    Side,
    TalksFormat,
    TalksKind,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
    TimelineKind,
)
from repdesk.store import cases, members, profile, talks, threats
from repdesk.store import deadlines as deadline_service
from repdesk.store.engine import Database
from repdesk.store.errors import NotFound
from repdesk.store.models import (
    DEFAULT_MARKING,
    ActionPointCreate,
    AttachmentCreate,
    CaseCreate,
    CaseUpdate,
    DeadlineCreate,
    MemberCreate,
    OfferCreate,
    RepProfileCreate,
    RepProfileUpdate,
    TalksSessionCreate,
    ThreatEntryCreate,
    TimelineEntryCreate,
)
from tests.store.store_factories import MakeCase

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def _evidence(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / "evidence" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_member_with_every_field_round_trips(db: Database) -> None:
    # As a form sends it: dates typed the way a rep writes them.
    given = MemberCreate.model_validate(
        {
            "name": "Priya Okafor",
            "membership_no": "PCS-0042",
            "job_title": "999 call handler",
            "role_category": "operational",
            "office_days_required": 4,
            "department": "Contact handling",
            "work_site": "Lambeth",
            "email": "priya@example.org",
            "phone": "07700 900123",
            "work_pattern": "2 office days a week under the 2021 blended-working agreement",
            "adjustments": "Quiet desk; later start",
            "adjustments_agreed": True,
            "adjustments_agreed_on": "3/2/25",
            "flexible_plan": "Compressed hours",
            "flexible_plan_approved": True,
            "flexible_plan_approved_on": "2025-04-01",
            "in_action": True,
            "in_action_since": "1 Oct 2026",
            "consent_on": "2026-09-30",
            "notes": "Prefers email.",
        }
    )
    with db.transaction() as s:
        created = members.create_member(s, given)
        assert created.id is not None
        member_id = created.id
    with db.session() as s:
        stored = members.get_member(s, member_id)
    assert stored.model_dump(include=set(MemberCreate.model_fields)) == given.model_dump()
    assert (
        stored.adjustments_agreed_on,
        stored.flexible_plan_approved_on,
        stored.in_action_since,
        stored.consent_on,
    ) == (date(2025, 2, 3), date(2025, 4, 1), date(2026, 10, 1), date(2026, 9, 30))
    assert stored.role_category is RoleCategory.OPERATIONAL
    assert stored.version == 1
    assert stored.created_at == NOON
    assert stored.exemption_summary == "reasonable adjustments agreed; flexible-working plan approved"


def test_a_case_round_trips_with_a_fresh_reference(db: Database, make_case: MakeCase) -> None:
    first = make_case(title="Earlier matter")
    with db.transaction() as s:
        case = cases.create_case(
            s,
            CaseCreate.model_validate(
                {
                    "member_id": first.member_id,
                    "title": "Disciplinary over office days",
                    "category": "disciplinary",
                    "status": "open",
                    "priority": "high",
                    "stage": "investigation",
                    "opened_on": "1/11/26",
                    "next_action": "Ask for the investigation notes",
                    "next_action_due": "2026-11-27",
                    "tags": "#Hybrid, pay hybrid",
                    "summary": "Told to attend 4 days despite the 2021 agreement.",
                }
            ),
        )
        assert case.id is not None
        case_id = case.id
    with db.session() as s:
        stored = cases.get_case(s, case_id)
        found = cases.find_case(s, " c-2026-0002 ")
    assert first.case_ref == "C-2026-0001"
    assert stored.ref == "C-2026-0002"
    assert found is not None and found.id == case_id
    assert stored.category is CaseCategory.DISCIPLINARY
    assert stored.status is CaseStatus.OPEN
    assert stored.priority is Priority.HIGH
    assert stored.stage is DisciplinaryStage.INVESTIGATION
    assert stored.opened_on == date(2026, 11, 1)
    assert stored.last_activity_on == date(2026, 11, 1)
    assert stored.next_action_due == date(2026, 11, 27)
    assert stored.tags == ["hybrid", "pay"]
    assert stored.summary == "Told to attend 4 days despite the 2021 agreement."
    assert stored.outcome is None and stored.closed_on is None


def test_closing_a_case_fills_in_today_and_reopening_clears_the_outcome(
    db: Database, make_case: MakeCase
) -> None:
    made = make_case(opened_on="2026-11-01")
    with db.transaction() as s:
        closed = cases.set_status(
            s, made.case_id, CaseStatus.CLOSED, version=made.case_version, outcome=CaseOutcome.RESOLVED
        )
        version = closed.version
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.status, stored.outcome, stored.closed_on) == (
        CaseStatus.CLOSED,
        CaseOutcome.RESOLVED,
        date(2026, 11, 22),
    )
    with db.transaction() as s:
        cases.set_status(s, made.case_id, CaseStatus.OPEN, version=version)
    with db.session() as s:
        reopened = cases.get_case(s, made.case_id)
    assert (reopened.status, reopened.outcome, reopened.closed_on) == (CaseStatus.OPEN, None, None)


def test_a_timeline_entry_with_an_attachment_keeps_the_file_hash(
    db: Database, make_case: MakeCase, tmp_path: Path
) -> None:
    made = make_case(opened_on="2026-11-01")
    content = b"Dear colleague, your pay will be docked.\n" * 1000
    letter = _evidence(tmp_path, "letter.txt", content)
    with db.transaction() as s:
        entry = cases.add_timeline_entry(
            s,
            made.case_id,
            TimelineEntryCreate(
                occurred_on=date(2026, 11, 20),
                kind=TimelineKind.LETTER,
                summary="Letter from HR",
                body="Threatens deduction for missed office days.",
            ),
        )
        assert entry.id is not None
        entry_id = entry.id
        attachment = cases.attach_to_entry(
            s, entry_id, AttachmentCreate(path=str(letter), description="The letter")
        )
        assert attachment.id is not None
    letter.write_bytes(b"changed later")  # the stored hash is of the file when attached
    with db.session() as s:
        detail = cases.case_detail(s, made.case_id)
    [stored] = detail.timeline
    assert (stored.id, stored.occurred_on, stored.kind) == (entry_id, date(2026, 11, 20), TimelineKind.LETTER)
    assert (stored.summary, stored.body) == (
        "Letter from HR",
        "Threatens deduction for missed office days.",
    )
    [kept] = detail.attachments[entry_id]
    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    assert kept.size_bytes == len(content)
    assert kept.path == str(letter.absolute())
    assert kept.description == "The letter"
    assert kept.threat_entry_id is None


def test_deadlines_typed_and_computed_round_trip_with_their_working(
    db: Database, make_case: MakeCase
) -> None:
    made = make_case(opened_on="2026-10-01")
    computation = rules.compute(
        "tribunal", {"act": date(2026, 9, 15), "acas_contacted": "2026-11-01", "certificate": "2026-11-20"}
    )
    with db.transaction() as s:
        typed = cases.add_deadline(
            s,
            made.case_id,
            DeadlineCreate.model_validate(
                {"kind": "hearing", "what": "Disciplinary hearing", "due_on": "4/12/26", "notes": "Room 3"}
            ),
        )
        computed = deadline_service.add_computed(
            s, made.case_id, computation, kind=DeadlineKind.TRIBUNAL_LIMIT, what="ET1 deadline"
        )
        typed_id, computed_id = typed.id, computed.id
    with db.session() as s:
        stored = {d.id: d for d in cases.deadlines(s, made.case_id)}
    hearing = stored[typed_id]
    assert (hearing.kind, hearing.what, hearing.due_on, hearing.notes) == (
        DeadlineKind.HEARING,
        "Disciplinary hearing",
        date(2026, 12, 4),
        "Room 3",
    )
    assert hearing.rule_id is None and hearing.rule_inputs is None
    limit = stored[computed_id]
    assert limit.due_on == computation.result
    assert limit.rule_id == rules.TRIBUNAL_LIMIT
    assert limit.rule_version == computation.rule.version
    assert limit.rule_inputs == computation.inputs
    assert limit.version == 1  # a new record, however many steps it took to write
    again = rules.recompute(limit.rule_id, limit.rule_inputs)
    assert again.result == limit.due_on
    assert again.steps == computation.steps


def test_a_threat_entry_round_trips_with_links_and_evidence(
    db: Database, make_case: MakeCase, tmp_path: Path
) -> None:
    first = make_case()
    second = make_case()
    content = b"%PDF-1.4 all-staff notice"
    notice = _evidence(tmp_path, "notice.pdf", content)
    with db.transaction() as s:
        entry = threats.log_threat(
            s,
            ThreatEntryCreate(
                occurred_on=date(2026, 11, 2),
                occurred_at=time(9, 30),
                made_by="Ch Supt A. Example",
                made_by_role="Head of contact handling",
                channel=ThreatChannel.NOTICE,
                audience=ThreatAudience.ALL_STAFF,
                kind=ThreatKind.PAY_DEDUCTION,
                exact_words="Staff who do not attend will not be paid for that day.",
                context="Posted on the intranet after the ballot result.",
                protected_activity=ProtectedActivity.INDUSTRIAL_ACTION,
                witnesses="Whole team",
                document_ref="Intranet notice 2026/114",
                disputed=True,
                member_ids=[first.member_id, second.member_id, first.member_id],
                case_ids=[first.case_id],
            ),
            evidence=[AttachmentCreate(path=str(notice), description="Screenshot")],
        )
        assert entry.id is not None
        entry_id = entry.id
    with db.session() as s:
        detail = threats.threat_detail(s, entry_id)
        by_ref = threats.find_threat(s, "t-2026-0001")
    stored = detail.entry
    assert by_ref is not None and by_ref.id == entry_id
    assert stored.ref == "T-2026-0001"
    assert (stored.occurred_on, stored.occurred_at) == (date(2026, 11, 2), time(9, 30))
    assert (stored.made_by, stored.made_by_role) == ("Ch Supt A. Example", "Head of contact handling")
    assert (stored.channel, stored.audience, stored.kind) == (
        ThreatChannel.NOTICE,
        ThreatAudience.ALL_STAFF,
        ThreatKind.PAY_DEDUCTION,
    )
    assert stored.exact_words == "Staff who do not attend will not be paid for that day."
    assert stored.context == "Posted on the intranet after the ballot result."
    assert stored.protected_activity is ProtectedActivity.INDUSTRIAL_ACTION
    assert stored.related_to_action is True  # implied by the protected activity
    assert (stored.witnesses, stored.document_ref, stored.disputed) == (
        "Whole team",
        "Intranet notice 2026/114",
        True,
    )
    assert stored.status is ThreatStatus.LOGGED
    assert stored.recorded_at == NOON
    assert {m.id for m in detail.members} == {first.member_id, second.member_id}
    assert [c.id for c in detail.cases] == [first.case_id]
    [kept] = detail.evidence
    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    assert (kept.size_bytes, kept.description) == (len(content), "Screenshot")
    assert kept.timeline_entry_id is None
    assert detail.amends is None and detail.corrected_by == []


def test_a_talks_session_round_trips(db: Database) -> None:
    given = TalksSessionCreate(
        held_on=date(2026, 11, 10),
        starts_at=time(10, 0),
        format=TalksFormat.HYBRID,
        kind=TalksKind.SEPARATE,
        venue="ACAS Euston",
        conciliator="J. Conciliator",
        union_attendees="Branch secretary, two reps",
        employer_attendees="HR director",
        agenda="Office days",
        notes="Employer floated 3 days for support roles.",
        caucus_notes="We could live with 3.",
        report_back="Talks continue.",
        next_session_on=date(2026, 11, 24),
    )
    with db.transaction() as s:
        created = talks.create_session(s, given)
        assert created.id is not None
        session_id = created.id
    with db.session() as s:
        stored = talks.get_session(s, session_id)
    assert stored.model_dump(include=set(TalksSessionCreate.model_fields)) == given.model_dump()
    assert stored.confidentiality == DEFAULT_MARKING


def test_an_offer_keeps_its_status_history(db: Database) -> None:
    with db.transaction() as s:
        first = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 3)))
        second = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 10)))
        assert first.id is not None and second.id is not None
        offer = talks.add_offer(
            s,
            first.id,
            OfferCreate(
                side=Side.EMPLOYER,
                kind=OfferKind.OFFER,
                topic="office days for support roles",
                text="3 days for support roles from January.",
            ),
        )
        assert offer.id is not None
        offer_id, ids = offer.id, (first.id, second.id)
        considered = talks.set_offer_status(
            s, offer_id, OfferStatus.CONSIDERING, version=offer.version, at_session_id=second.id
        )
        talks.set_offer_status(
            s,
            offer_id,
            OfferStatus.REJECTED,
            version=considered.version,
            on=date(2026, 11, 15),
            note="Ballot",
        )
    with db.session() as s:
        detail = talks.session_detail(s, ids[0])
        history = talks.offer_history(s, offer_id)
    [stored] = detail.offers
    assert (stored.side, stored.kind, stored.topic, stored.text, stored.status) == (
        Side.EMPLOYER,
        OfferKind.OFFER,
        "office days for support roles",
        "3 days for support roles from January.",
        OfferStatus.REJECTED,
    )
    assert stored.version == 3
    steps = [(h.from_status, h.to_status, h.session_id, h.changed_on, h.note) for h in history]
    assert steps == [
        (None, OfferStatus.TABLED, ids[0], date(2026, 11, 3), ""),
        (OfferStatus.TABLED, OfferStatus.CONSIDERING, ids[1], date(2026, 11, 10), ""),
        (OfferStatus.CONSIDERING, OfferStatus.REJECTED, None, date(2026, 11, 15), "Ballot"),
    ]
    assert [h.id for h in detail.history[offer_id]] == [h.id for h in history]


def test_an_action_point_toggles_done_and_back(db: Database) -> None:
    with db.transaction() as s:
        talk = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 10)))
        assert talk.id is not None
        point = talks.add_action_point(
            s,
            talk.id,
            ActionPointCreate.model_validate(
                {"text": "Send headcount figures", "owner": "HR", "owner_side": "employer", "due_on": "+3d"}
            ),
        )
        assert point.id is not None
        point_id, talk_id = point.id, talk.id
    with db.transaction() as s:
        done = talks.toggle_action_point(s, point_id, version=1)
        assert (done.done, done.done_on, done.version) == (True, date(2026, 11, 22), 2)
    with db.session() as s:
        [stored] = talks.action_points(s, talk_id)
        [row] = talks.list_sessions(s).rows
    assert (stored.text, stored.owner, stored.owner_side, stored.due_on) == (
        "Send headcount figures",
        "HR",
        Side.EMPLOYER,
        date(2026, 11, 25),
    )
    assert (stored.done, stored.done_on) == (True, date(2026, 11, 22))
    assert row.open_actions == 0
    with db.transaction() as s:
        undone = talks.toggle_action_point(s, point_id, version=2)
    assert (undone.done, undone.done_on, undone.version) == (False, None, 3)


def test_the_rep_profile_is_saved_once_and_edited(db: Database) -> None:
    with db.session() as s:
        assert profile.get_profile(s) is None
    with pytest.raises(NotFound, match="no rep profile yet"), db.transaction() as s:
        profile.update_profile(s, RepProfileUpdate.model_validate({"version": 1, "branch": "HQ"}))
    with db.transaction() as s:
        profile.save_profile(
            s,
            RepProfileCreate(
                name="Sam O'Neill",
                union="PCS",
                branch="Met Police Staff",
                workplace="Lambeth",
                holiday_region=HolidayRegion.SCOTLAND,
                era2025_commencement=date(2026, 10, 1),
            ),
        )
    with db.transaction() as s:
        again = profile.save_profile(s, RepProfileCreate(name="Sam O'Neill", union="PCS", branch="HQ"))
        assert again.version == 2
        edited = profile.update_profile(
            s, RepProfileUpdate.model_validate({"version": 2, "workplace": "Empress"})
        )
        assert edited.version == 3
    with db.session() as s:
        stored = profile.get_profile(s)
        count = s.connection().exec_driver_sql("SELECT count(*) FROM rep_profile").scalar()
    assert count == 1
    assert stored is not None
    assert (stored.name, stored.union, stored.branch, stored.workplace) == (
        "Sam O'Neill",
        "PCS",
        "HQ",
        "Empress",
    )
    # save_profile replaces every field, so the region goes back to its default.
    assert stored.holiday_region is HolidayRegion.ENGLAND_WALES
    assert stored.era2025_commencement is None


def test_update_case_changes_only_what_is_set(db: Database, make_case: MakeCase) -> None:
    made = make_case(summary="Original", next_action="Call member", priority=Priority.LOW)
    with db.transaction() as s:
        cases.update_case(s, made.case_id, CaseUpdate.model_validate({"version": 1, "summary": "New facts"}))
    with db.session() as s:
        stored = cases.get_case(s, made.case_id)
    assert (stored.summary, stored.next_action, stored.priority) == ("New facts", "Call member", Priority.LOW)
