"""The demo data: deterministic, complete enough to show every screen, and safe to add to."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk import demo
from repdesk.demo import threats as demo_threats
from repdesk.domain import rules
from repdesk.domain.enums import (
    CaseCategory,
    CaseStatus,
    ProtectedActivity,
    RoleCategory,
    TalksKind,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.store import profile, search, talks, threats
from repdesk.store.engine import Database, open_database
from repdesk.store.models import (
    ActionPoint,
    Case,
    Deadline,
    Member,
    Offer,
    OfferStatusChange,
    ReferenceCounter,
    TalksSession,
    ThreatEntry,
    ThreatMember,
    TimelineEntry,
)
from tests.helpers import TODAY
from tests.helpers.factories import make_case

ACTION_START = date(2025, 1, 6)

# Tables compared for determinism, and the columns that hold the wall-clock time.
DUMPED = (
    "rep_profile",
    "member",
    "member_case",
    "timeline_entry",
    "deadline",
    "threat_entry",
    "threat_member",
    "threat_case",
    "talks_session",
    "talks_offer",
    "talks_offer_status",
    "action_point",
    "reference_counter",
    "audit_log",
)
# A threat entry's salt is random by design (it keeps its content hash from being guessed).
CLOCK_COLUMNS = {"created_at", "updated_at", "recorded_at", "at", "status_changed_at", "salt"}


def _made(path: Path, **kwargs: Any) -> tuple[Database, demo.DemoSummary]:
    db = open_database(path)
    return db, demo.fill(db, **kwargs)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, demo.DemoSummary]]:
    """One 60-member demo for the read-only checks (built on the frozen date)."""
    db, summary = _made(tmp_path_factory.mktemp("demo") / "demo.sqlite", members=60)
    try:
        yield db, summary
    finally:
        db.close()


@pytest.fixture
def session(shared: tuple[Database, demo.DemoSummary]) -> Iterator[Session]:
    with shared[0].session() as read:
        yield read


@pytest.fixture
def summary(shared: tuple[Database, demo.DemoSummary]) -> demo.DemoSummary:
    return shared[1]


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the main tables, in key order, without wall-clock columns."""
    dumped: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in DUMPED:
            info = conn.exec_driver_sql(f"PRAGMA table_info({table})").all()
            names = [f'"{row[1]}"' for row in info if row[1] not in CLOCK_COLUMNS]
            keys = [f'"{row[1]}"' for row in sorted(info, key=lambda row: row[5]) if row[5]] or ["rowid"]
            query = f"SELECT {', '.join(names)} FROM {table} ORDER BY {', '.join(keys)}"
            dumped[table] = [tuple(row) for row in conn.exec_driver_sql(query)]
    return dumped


def _count(session: Session, model: Any, *where: Any) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


# --- determinism -------------------------------------------------------------------


def test_same_seed_same_data_and_another_seed_differs(tmp_path: Path) -> None:
    first, _ = _made(tmp_path / "a.sqlite", members=60, seed=11)
    second, _ = _made(tmp_path / "b.sqlite", members=60, seed=11)
    other, _ = _made(tmp_path / "c.sqlite", members=60, seed=12)
    try:
        a, b, c = _dump(first), _dump(second), _dump(other)
    finally:
        for db in (first, second, other):
            db.close()
    assert a["member"] and a["member_case"] and a["threat_entry"] and a["audit_log"]
    assert a == b
    assert a["member"] != c["member"]
    assert a["member_case"] != c["member_case"]


def test_summary_counts_what_is_stored(session: Session, summary: demo.DemoSummary) -> None:
    assert summary.members == 60 == _count(session, Member)
    assert summary.cases == _count(session, Case)
    assert summary.timeline_entries == _count(session, TimelineEntry)
    assert summary.deadlines == _count(session, Deadline)
    assert summary.threats == _count(session, ThreatEntry) == 12  # members / 5
    assert summary.sessions == _count(session, TalksSession) == 3
    assert summary.offers == _count(session, Offer)
    assert summary.action_points == _count(session, ActionPoint)
    assert 40 <= summary.cases <= 90


# --- profile and members --------------------------------------------------------------


def test_profile_is_made_once(session: Session) -> None:
    rep = profile.get_profile(session)
    assert rep is not None
    assert (rep.name, rep.union) == ("Alex Morgan", "PCS")
    assert "Metropolitan Police Service" in rep.workplace


def test_members_cover_both_roles_exemptions_and_the_action(session: Session) -> None:
    people = list(session.exec(select(Member)))
    roles = {m.role_category for m in people}
    assert roles == set(RoleCategory)
    for m in people:
        assert m.office_days_required in (2, 3, 4)
        if m.office_days_required != 2:  # part-timers have fewer
            assert m.office_days_required == m.role_category.policy_office_days
        assert m.email is None or m.email.endswith("example.org")
        assert m.phone is None or re.fullmatch(r"07700 900\d{3}", m.phone)
        assert m.consent_on is not None and m.consent_on <= TODAY
        assert (m.adjustments_agreed_on is not None) == m.adjustments_agreed
        assert (m.flexible_plan_approved_on is not None) == m.flexible_plan_approved
        assert (m.in_action_since is not None) == m.in_action
        assert m.in_action_since is None or ACTION_START <= m.in_action_since <= TODAY
    in_action = [m for m in people if m.in_action]
    assert len(in_action) >= len(people) // 3
    assert any(m.in_action_since == ACTION_START for m in in_action)
    assert any("2021 blended-working agreement" in m.work_pattern for m in people)
    assert any(m.membership_no for m in people) and any(m.membership_no is None for m in people)
    numbers = [m.membership_no for m in people if m.membership_no]
    assert len(numbers) == len(set(numbers))
    assert len({m.name for m in people}) == len(people)


# --- cases ---------------------------------------------------------------------------


def test_every_category_and_status_appears_with_consistent_fields(session: Session) -> None:
    rows = list(session.exec(select(Case)))
    assert {c.category for c in rows} == set(CaseCategory)
    assert {c.status for c in rows} == set(CaseStatus)
    assert len({c.priority for c in rows}) >= 3
    for c in rows:
        assert c.opened_on <= TODAY
        if c.status is CaseStatus.CLOSED:
            assert c.outcome is not None and c.closed_on is not None
            assert c.opened_on <= c.closed_on <= TODAY
            assert c.next_action == "" and c.next_action_due is None
        else:
            assert c.outcome is None and c.closed_on is None
        assert (c.stage is not None) == (c.category is CaseCategory.DISCIPLINARY)
        assert c.summary and c.tags
    dues = [c.next_action_due for c in rows if c.next_action_due]
    assert any(d < TODAY for d in dues)
    assert any(TODAY <= d <= TODAY + timedelta(days=7) for d in dues)


def test_timelines_have_one_to_six_entries_of_varied_kinds(session: Session) -> None:
    counts = dict(
        session.exec(select(TimelineEntry.case_id, func.count()).group_by(col(TimelineEntry.case_id))).all()
    )
    assert len(counts) == _count(session, Case)
    assert set(counts.values()) <= set(range(1, 7))
    kinds = set(session.exec(select(TimelineEntry.kind).distinct()))
    assert len(kinds) >= 5
    # The last-activity trigger ran for the bulk-inserted entries.
    for case in session.exec(select(Case)):
        latest = session.exec(
            select(func.max(TimelineEntry.occurred_on)).where(TimelineEntry.case_id == case.id)
        ).one()
        assert case.last_activity_on == max(case.opened_on, latest or case.opened_on)


def test_deadlines_are_done_overdue_and_due_soon_and_some_computed(session: Session) -> None:
    open_ = col(Deadline.done).is_(False)
    assert _count(session, Deadline, col(Deadline.done).is_(True)) > 0
    assert _count(session, Deadline, open_, col(Deadline.due_on) < TODAY) > 0
    soon = (col(Deadline.due_on) >= TODAY, col(Deadline.due_on) <= TODAY + timedelta(days=7))
    assert _count(session, Deadline, open_, *soon) > 0
    computed = list(session.exec(select(Deadline).where(col(Deadline.rule_id).is_not(None))))
    assert computed
    for deadline in computed:
        assert deadline.rule_id is not None and deadline.rule_inputs is not None
        redone = rules.recompute(deadline.rule_id, deadline.rule_inputs)
        assert redone.result == deadline.due_on
    # The next-due trigger ran for the bulk-inserted deadlines.
    for case in session.exec(select(Case)):
        earliest = session.exec(
            select(func.min(Deadline.due_on)).where(Deadline.case_id == case.id, open_)
        ).one()
        assert case.next_due_on == earliest


def test_references_are_unique_and_a_new_case_takes_the_next_number(tmp_path: Path) -> None:
    db, _ = _made(tmp_path / "refs.sqlite", members=60)
    try:
        with db.session() as read:
            refs = list(read.exec(select(Case.ref)))
            counters = {c.key: c.last for c in read.exec(select(ReferenceCounter))}
            member_id = read.exec(select(Member.id)).first()
        assert len(refs) == len(set(refs))
        highest: dict[str, int] = {}
        for ref in refs:
            key, number = ref.rsplit("-", 1)
            highest[key] = max(highest.get(key, 0), int(number))
        assert {k: v for k, v in counters.items() if k.startswith("C-")} == highest
        assert member_id is not None
        with db.transaction() as write:
            made = [
                make_case(write, member_id, title="After the demo", opened_on=day)
                for day in (TODAY, date(2025, 6, 2))
            ]
        assert made[0].ref == f"C-2026-{highest['C-2026'] + 1:04d}"
        assert made[1].ref == f"C-2025-{highest['C-2025'] + 1:04d}"
    finally:
        db.close()


# --- threat log ------------------------------------------------------------------------


def test_one_all_staff_notice_touches_everyone_in_the_action(session: Session) -> None:
    notices = list(session.exec(select(ThreatEntry).where(ThreatEntry.audience == ThreatAudience.ALL_STAFF)))
    assert len(notices) == 1
    notice = notices[0]
    assert notice.channel is ThreatChannel.NOTICE
    assert notice.kind is ThreatKind.PAY_DEDUCTION
    assert notice.related_to_action
    assert notice.protected_activity is ProtectedActivity.INDUSTRIAL_ACTION
    assert notice.occurred_on == date(2024, 12, 16)
    linked = set(session.exec(select(ThreatMember.member_id).where(ThreatMember.threat_id == notice.id)))
    in_action = set(session.exec(select(Member.id).where(col(Member.in_action))))
    assert len(linked) >= 20
    assert in_action <= linked


def test_exactly_one_correction_and_both_entries_stay(session: Session) -> None:
    corrections = list(session.exec(select(ThreatEntry).where(col(ThreatEntry.amends_id).is_not(None))))
    assert len(corrections) == 1
    correction = corrections[0]
    assert correction.correction_reason
    assert correction.amends_id is not None
    detail = threats.threat_detail(session, correction.amends_id)
    assert [e.id for e in detail.corrected_by] == [correction.id]
    original = detail.entry
    assert original.occurred_on != correction.occurred_on
    assert original.exact_words == correction.exact_words
    assert [m.id for m in detail.members] == [
        m.id for m in threats.threat_detail(session, correction.id or 0).members
    ]


def test_threats_are_varied_dated_and_worded(session: Session) -> None:
    entries = list(session.exec(select(ThreatEntry)))
    assert len(entries) == 12
    assert all(e.occurred_on <= TODAY for e in entries)
    assert {e.status for e in entries} == set(ThreatStatus)
    assert any(e.disputed for e in entries)
    assert {ThreatKind.VETTING_PROMOTION, ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL} <= {e.kind for e in entries}
    words = " ".join(e.exact_words for e in entries)
    assert "Your pay will be docked for each contracted office day you work from home." in words
    assert "Continued refusal may result in disciplinary action under the conduct procedure." in words
    refs = [e.ref for e in entries]
    assert len(refs) == len(set(refs))
    # Every entry but the notice is linked to at least one member.
    for entry in entries:
        assert _count(session, ThreatMember, ThreatMember.threat_id == entry.id) >= 1


def test_batched_threats_match_the_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SERVICE_THREATS the entries go in batches; the stored result must be the same."""
    by_service, _ = _made(tmp_path / "service.sqlite", members=100)
    monkeypatch.setattr(demo_threats, "SERVICE_THREATS", 3)
    batched, made = _made(tmp_path / "batched.sqlite", members=100)
    try:
        one, other = _dump(by_service), _dump(batched)
    finally:
        by_service.close()
        batched.close()
    assert made.threats == 20
    for table in ("threat_entry", "threat_member", "threat_case", "reference_counter"):
        assert one[table] == other[table], table

    # The same audit rows, though written in another order.
    def audited(rows: list[tuple[Any, ...]]) -> list[str]:
        return sorted(repr(row[1:]) for row in rows)  # without the audit row's own id

    assert audited(one["audit_log"]) == audited(other["audit_log"])


def test_search_finds_words_from_the_threat_log(session: Session) -> None:
    hits = search.search(session, "docked", kinds={search.Kind.THREAT})
    assert hits
    assert all(hit.kind is search.Kind.THREAT for hit in hits)


# --- ACAS talks ---------------------------------------------------------------------------


def test_three_sessions_with_offers_followed_across_sessions(session: Session) -> None:
    held = list(session.exec(select(TalksSession).order_by(col(TalksSession.held_on))))
    assert [s.kind for s in held] == [TalksKind.SEPARATE, TalksKind.JOINT, TalksKind.JOINT]
    assert all(date(2025, 1, 1) <= s.held_on <= date(2025, 3, 31) for s in held)
    for earlier, later in itertools.pairwise(held):
        assert earlier.next_session_on == later.held_on
    for s in held:
        assert s.conciliator and s.union_attendees and s.agenda and s.notes
        assert s.caucus_notes and s.report_back
    assert held[1].employer_attendees

    support = talks.follow_topic(session, "office days for support roles")
    assert len({item.offer.session_id for item in support}) == 3
    topics = set(session.exec(select(Offer.topic)))
    assert {
        "office days for support roles",
        "office days for operational roles",
        "pay deductions during the dispute",
        "exemptions for reasonable adjustments",
    } <= topics
    assert {o.side for o in session.exec(select(Offer))} == {"union", "employer", "acas"}
    spanning = 0
    for offer in session.exec(select(Offer)):
        steps = talks.offer_history(session, offer.id or 0)
        assert steps[-1].to_status == offer.status
        if {step.session_id for step in steps} - {offer.session_id}:
            spanning += 1
    assert spanning >= 3
    assert _count(session, OfferStatusChange) > _count(session, Offer)

    points = list(session.exec(select(ActionPoint)))
    assert any(p.done for p in points) and any(not p.done for p in points)
    assert all(p.done_on is not None and p.done_on <= TODAY for p in points if p.done)


# --- scale and robustness ---------------------------------------------------------------


def test_three_hundred_members(tmp_path: Path) -> None:
    db, made = _made(tmp_path / "big.sqlite", members=300, seed=3)
    try:
        with db.session() as read:
            assert made.members == 300
            assert 250 <= made.cases <= 400
            assert made.threats == 60 == _count(read, ThreatEntry)
            notice = read.exec(
                select(ThreatEntry).where(ThreatEntry.audience == ThreatAudience.ALL_STAFF)
            ).one()
            linked = _count(read, ThreatMember, ThreatMember.threat_id == notice.id)
            assert linked == _count(read, Member, col(Member.in_action)) > 100
            threat_refs = list(read.exec(select(ThreatEntry.ref)))
            assert len(threat_refs) == len(set(threat_refs))
            # Logged in the order they happened (the correction aside).
            dated = list(
                read.exec(
                    select(col(ThreatEntry.occurred_on))
                    .where(col(ThreatEntry.amends_id).is_(None))
                    .order_by(col(ThreatEntry.id))
                )
            )
            assert dated == sorted(dated)
            audited = read.exec(
                select(func.count())
                .select_from(sa.table("audit_log", sa.column("entity")))
                .where(sa.column("entity") == "timeline_entry")
            ).one()
            assert audited == made.timeline_entries
    finally:
        db.close()


def test_a_second_fill_adds_without_clashes(tmp_path: Path) -> None:
    db, first = _made(tmp_path / "twice.sqlite", members=20, seed=1)
    try:
        second = demo.fill(db, members=20, seed=1)
        with db.session() as read:
            assert _count(read, Member) == 40
            assert _count(read, Case) == first.cases + second.cases
            refs = list(read.exec(select(Case.ref)))
            assert len(refs) == len(set(refs))
            numbers = [n for n in read.exec(select(Member.membership_no)) if n]
            assert len(numbers) == len(set(numbers))
            assert _count(read, sa.table("rep_profile")) == 1
    finally:
        db.close()


def test_an_early_today_moves_the_story_into_the_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = date(2025, 2, 3)
    monkeypatch.setenv("REPDESK_TODAY", early.isoformat())
    db, _ = _made(tmp_path / "early.sqlite", members=25)
    try:
        with db.session() as read:
            assert all(d <= early for d in read.exec(select(col(ThreatEntry.occurred_on))))
            assert all(d < early for d in read.exec(select(col(TalksSession.held_on))))
            assert all(d <= early for d in read.exec(select(col(Case.opened_on))))
            since = {d for d in read.exec(select(col(Member.in_action_since))) if d}
            assert since and min(since) < early and min(since).weekday() == 0
    finally:
        db.close()
