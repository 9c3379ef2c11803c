"""List screens page, filter and order in SQL, and the SQL urgency score is the domain's."""

from __future__ import annotations

from datetime import date, time, timedelta
from itertools import pairwise

import pytest

from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    Priority,
    RoleCategory,
    Side,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.domain.filters import CaseFilter, ThreatFilter
from repdesk.domain.member_filter import MemberFilter
from repdesk.domain.urgency import urgency
from repdesk.store import cases, members, talks, threats
from repdesk.store.common import Page, validate
from repdesk.store.engine import Database
from repdesk.store.models import (
    CaseUpdate,
    DeadlineCreate,
    MemberCreate,
    OfferCreate,
    TalksSessionCreate,
    ThreatEntryCreate,
    TimelineEntryCreate,
)
from tests.store.store_factories import MakeCase

TODAY = date(2026, 11, 22)


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def _ids(page: Page[cases.CaseRow]) -> list[int]:
    return [row.id for row in page.rows]


# --- cases: paging and urgency -------------------------------------------------------------


@pytest.fixture
def varied(db: Database, make_case: MakeCase) -> list[int]:
    """Cases across every priority, status, deadline distance and idle time the curves cover."""
    made: list[int] = []
    priorities = list(Priority)
    statuses = [s for s in CaseStatus if s is not CaseStatus.CLOSED]
    due_offsets: list[int | None] = [None, -20, -7, -3, 0, 1, 5, 10, 14, 20, 45]
    idle_offsets = [0, 3, 10, 20, 45, 90]
    for i in range(33):
        due = due_offsets[i % len(due_offsets)]
        opened = _day(-idle_offsets[i % len(idle_offsets)])
        by_action = i % 3 == 0
        case = make_case(
            title=f"Case {i:02d}",
            opened_on=opened,
            priority=priorities[i % len(priorities)],
            status=statuses[i % len(statuses)],
            next_action_due=_day(due) if by_action and due is not None else None,
        )
        if due is not None and not by_action:
            with db.transaction() as s:
                cases.add_deadline(s, case.case_id, DeadlineCreate(what="Due", due_on=_day(due)))
                # A later action date (the deadline decides) or an earlier one (it decides).
                action = {0: due + 9, 1: due - 2}.get(i % 4)
                if action is not None:
                    cases.update_case(
                        s, case.case_id, validate(CaseUpdate, {"version": 1, "next_action_due": _day(action)})
                    )
        made.append(case.case_id)
    closed = make_case(title="Closed but overdue", opened_on=_day(-60), priority=Priority.URGENT)
    with db.transaction() as s:
        cases.add_deadline(s, closed.case_id, DeadlineCreate(what="Stale", due_on=_day(-30)))
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.WITHDRAWN)
    made.append(closed.case_id)
    return made


def test_the_sql_urgency_matches_the_domain_score_for_every_row(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        page = cases.list_cases(s, CaseFilter(include_closed=True), limit=100)
        stored = {c.id: c for c in (cases.get_case(s, i) for i in varied)}
    assert page.total == len(varied) == len(page.rows)
    python_scores = []
    for row in page.rows:
        case = stored[row.id]
        expected = urgency(
            priority=case.priority,
            status=case.status,
            next_due=cases.next_due(case),
            last_activity=case.last_activity_on,
            today=TODAY,
        )
        assert row.next_due == cases.next_due(case)
        assert row.score == pytest.approx(expected.score, abs=0.15), (row.title, expected.explain())
        assert cases.case_urgency(case).score == expected.score
        python_scores.append(expected.score)
    # Most urgent first: the Python scores never rise down the list (beyond rounding).
    for higher, lower in pairwise(python_scores):
        assert higher >= lower - 0.2
    assert page.rows[-1].status is CaseStatus.CLOSED
    assert len(set(python_scores)) > 10  # the fixture really does spread the scores


def _scores(db: Database) -> dict[int, float]:
    with db.session() as s:
        page = cases.list_cases(s, CaseFilter(include_closed=True), limit=100)
    return {row.id: row.score for row in page.rows}


def _domain_scores(db: Database, today: date) -> dict[int, float]:
    with db.session() as s:
        return {
            case_id: cases.case_urgency(cases.get_case(s, case_id), today).score for case_id in _scores(db)
        }


def test_the_stored_score_is_todays_after_every_kind_of_write(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        assert not cases.scores_current(s)  # never scored for a day yet: the list scores in SQL
    scored_in_sql = _scores(db)
    with db.transaction() as s:
        # Every write already scored its case for today: marking the day rewrites nothing.
        assert cases.refresh_scores(s) == 0
    with db.session() as s:
        assert cases.scores_current(s)
    # The stored column holds exactly what the query computed.
    assert _scores(db) == scored_in_sql
    # Each input of the score, changed through the services, rescored on the same flush.
    first, second, third = varied[:3]
    with db.transaction() as s:
        case = cases.get_case(s, first)
        cases.set_priority(
            s,
            first,
            Priority.LOW if case.priority is not Priority.LOW else Priority.URGENT,
            version=case.version,
        )
        cases.add_deadline(s, second, DeadlineCreate(what="Hearing", due_on=TODAY))
        cases.add_timeline_entry(s, third, TimelineEntryCreate(summary="Met the member", occurred_on=TODAY))
    with db.session() as s:
        assert cases.scores_current(s)
    after = _scores(db)
    assert after != scored_in_sql
    assert after == pytest.approx(_domain_scores(db, TODAY), abs=0.15)
    # Nothing else moved.
    assert {k: v for k, v in after.items() if k not in (first, second, third)} == {
        k: v for k, v in scored_in_sql.items() if k not in (first, second, third)
    }


def test_a_new_day_makes_the_stored_scores_stale_until_rescored(
    db: Database, varied: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as s:
        cases.refresh_scores(s)
    today_scores = _scores(db)
    tomorrow = TODAY + timedelta(days=1)
    monkeypatch.setenv("REPDESK_TODAY", tomorrow.isoformat())
    with db.session() as s:
        assert not cases.scores_current(s)
    # Stale: the list scores in SQL for the new day rather than trusting yesterday's column.
    stale_list = _scores(db)
    assert stale_list != today_scores
    assert stale_list == pytest.approx(_domain_scores(db, tomorrow), abs=0.15)
    with db.transaction() as s:
        moved = cases.refresh_scores(s)
    # Only rows whose score changed were rewritten (some sit at the curves' caps).
    assert 0 < moved < len(varied)
    with db.session() as s:
        assert cases.scores_current(s)
    assert _scores(db) == stale_list


def test_pages_add_up_to_the_whole_ordered_list(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        whole = cases.list_cases(s, limit=100)
        pages = [cases.list_cases(s, limit=10, offset=offset) for offset in (0, 10, 20, 30)]
        beyond = cases.list_cases(s, limit=10, offset=40)
        clamped = cases.list_cases(s, limit=0, offset=-5)
    active = len(varied) - 1
    assert whole.total == active
    assert [p.total for p in pages] == [active] * 4
    assert [len(p.rows) for p in pages] == [10, 10, 10, active - 30]
    assert [p.offset for p in pages] == [0, 10, 20, 30]
    assert [i for p in pages for i in _ids(p)] == _ids(whole)
    assert (beyond.rows, beyond.total) == ([], active)
    assert (len(clamped.rows), clamped.offset) == (1, 0)


def test_other_sorts(db: Database, varied: list[int]) -> None:
    with db.session() as s:
        by_ref = cases.list_cases(s, CaseFilter(sort="ref"), limit=100)
        by_due = cases.list_cases(s, CaseFilter(sort="due"), limit=100)
        by_opened = cases.list_cases(s, CaseFilter(sort="opened"), limit=100)
    refs = [row.ref for row in by_ref.rows]
    assert refs == sorted(refs)
    dues = [row.next_due for row in by_due.rows]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated) and dues[: len(dated)] == dated  # undated last
    opened = [row.opened_on for row in by_opened.rows]
    assert opened == sorted(opened, reverse=True)


# --- cases: filters ----------------------------------------------------------------------------


@pytest.fixture
def assorted(db: Database, make_case: MakeCase) -> dict[str, int]:
    priya = make_case(
        member_name="Priya Okafor",
        member_membership_no="PCS-100",
        title="Docked pay",
        category=CaseCategory.PAY_DEDUCTION,
        priority=Priority.URGENT,
        status=CaseStatus.OPEN,
        tags=["pay", "hybrid"],
        next_action_due=_day(3),
    )
    priya2 = make_case(
        member_id=priya.member_id,
        title="Office days",
        category=CaseCategory.ATTENDANCE,
        priority=Priority.LOW,
        tags=["hybrid"],
        summary="Quartermaster rota",
    )
    dan = make_case(
        member_name="Dan Smith",
        member_membership_no="PCS-200",
        title="Hearing",
        category=CaseCategory.DISCIPLINARY,
        priority=Priority.HIGH,
        status=CaseStatus.WAITING_EMPLOYER,
        tags=["pay"],
    )
    with db.transaction() as s:
        cases.add_deadline(s, dan.case_id, DeadlineCreate(what="Overdue reply", due_on=_day(-2)))
    closed = make_case(
        member_name="Ola Closed",
        title="Old grievance",
        category=CaseCategory.GRIEVANCE,
        opened_on=_day(-100),
        tags=["pay"],
        next_action_due=_day(1),
    )
    with db.transaction() as s:
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.RESOLVED)
    far = make_case(member_name="Far Future", title="Later", next_action_due=_day(40))
    return {
        "priya": priya.case_id,
        "priya2": priya2.case_id,
        "priya_member": priya.member_id,
        "dan": dan.case_id,
        "closed": closed.case_id,
        "far": far.case_id,
    }


def _listed(db: Database, query: CaseFilter) -> set[int]:
    with db.session() as s:
        page = cases.list_cases(s, query, limit=100)
    assert page.total == len(page.rows)
    return set(_ids(page))


def test_case_filters(db: Database, assorted: dict[str, int]) -> None:
    a = assorted
    active = {a["priya"], a["priya2"], a["dan"], a["far"]}
    assert _listed(db, CaseFilter()) == active
    assert _listed(db, CaseFilter(include_closed=True)) == active | {a["closed"]}
    assert _listed(db, CaseFilter(statuses=frozenset({CaseStatus.OPEN}))) == {a["priya"]}
    assert _listed(db, CaseFilter(statuses=frozenset({CaseStatus.CLOSED}))) == {a["closed"]}
    assert _listed(db, CaseFilter(priorities=frozenset({Priority.URGENT, Priority.HIGH}))) == {
        a["priya"],
        a["dan"],
    }
    assert _listed(db, CaseFilter(categories=frozenset({CaseCategory.ATTENDANCE}))) == {a["priya2"], a["far"]}
    assert _listed(db, CaseFilter(member="okaf")) == {a["priya"], a["priya2"]}
    assert _listed(db, CaseFilter(member="pcs-2")) == {a["dan"]}
    assert _listed(db, CaseFilter(member="%")) == set()  # LIKE wildcards are literal
    assert _listed(db, CaseFilter(member_id=a["priya_member"])) == {a["priya"], a["priya2"]}
    assert _listed(db, CaseFilter(tags=frozenset({"pay"}))) == {a["priya"], a["dan"]}
    assert _listed(db, CaseFilter(tags=frozenset({"PAY", "hybrid"}))) == {a["priya"]}
    assert _listed(db, CaseFilter(tags=frozenset({"pay"}), include_closed=True)) == {
        a["priya"],
        a["dan"],
        a["closed"],
    }
    # Overdue counts as due within any window; undated and far-off cases do not.
    assert _listed(db, CaseFilter(due_within_days=7)) == {a["priya"], a["dan"]}
    assert _listed(db, CaseFilter(due_within_days=0)) == {a["dan"]}
    assert _listed(db, CaseFilter(due_within_days=60)) == {a["priya"], a["dan"], a["far"]}
    assert _listed(db, CaseFilter(text="quartermaster")) == {a["priya2"]}
    assert _listed(db, CaseFilter(text="docked")) == {a["priya"]}  # the title is indexed
    assert _listed(db, CaseFilter(text="quartermaster", priorities=frozenset({Priority.HIGH}))) == set()
    assert _listed(db, CaseFilter(text="  ")) == active  # no words, no text filter


def test_case_rows_carry_their_member(db: Database, assorted: dict[str, int]) -> None:
    with db.session() as s:
        [row] = cases.list_cases(s, CaseFilter(member="Dan")).rows
    assert (row.id, row.member_name, row.title, row.priority) == (
        assorted["dan"],
        "Dan Smith",
        "Hearing",
        Priority.HIGH,
    )
    assert row.next_due == _day(-2)
    assert row.version == 1


# --- threats -----------------------------------------------------------------------------------


def test_threat_filters_and_chronological_order(db: Database, make_case: MakeCase) -> None:
    priya = make_case(member_name="Priya Okafor")
    dan = make_case(member_name="Dan Smith")

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
            entry = threats.log_threat(
                s,
                ThreatEntryCreate(
                    occurred_on=on,
                    occurred_at=at,
                    made_by=made_by,
                    channel=ThreatChannel.EMAIL,
                    audience=ThreatAudience.TEAM,
                    kind=kind,
                    exact_words=words,
                    member_ids=member_ids,
                    case_ids=case_ids,
                ),
            )
            assert entry.id is not None
            return entry.id

    # Logged out of order; listed in the order they happened.
    late = log(
        _day(-1), None, "Supt Example", ThreatKind.DISCIPLINARY, "Final warning", [priya.member_id], []
    )
    early = log(
        _day(-30), time(9, 0), "Insp Other", ThreatKind.PAY_DEDUCTION, "Pay docked", [dan.member_id], []
    )
    mid_pm = log(
        _day(-10), time(15, 0), "Supt Example", ThreatKind.PAY_DEDUCTION, "Docked again", [], [priya.case_id]
    )
    mid_am = log(
        _day(-10),
        time(8, 30),
        "HR Director",
        ThreatKind.VETTING_PROMOTION,
        "Promotion file note",
        [priya.member_id, dan.member_id],
        [priya.case_id],
    )
    mid_untimed = log(_day(-10), None, "Supt Example", ThreatKind.CAPABILITY, "Capability review", [], [])

    def listed(query: ThreatFilter | None = None) -> list[int]:
        with db.session() as s:
            page = threats.list_threats(s, query)
        assert page.total == len(page.rows)
        return [row.id for row in page.rows]

    assert listed() == [early, mid_untimed, mid_am, mid_pm, late]
    assert listed(ThreatFilter(newest_first=True)) == [late, mid_pm, mid_am, mid_untimed, early]
    assert listed(ThreatFilter(kinds=frozenset({ThreatKind.PAY_DEDUCTION}))) == [early, mid_pm]
    assert listed(ThreatFilter(made_by="supt")) == [mid_untimed, mid_pm, late]
    assert listed(ThreatFilter(date_from=_day(-10), date_to=_day(-10))) == [mid_untimed, mid_am, mid_pm]
    assert listed(ThreatFilter(date_from=_day(-9))) == [late]
    assert listed(ThreatFilter(date_to=_day(-11))) == [early]
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


# --- members -----------------------------------------------------------------------------------


def test_member_filters(db: Database, make_case: MakeCase) -> None:
    with db.transaction() as s:
        people = [
            members.create_member(
                s,
                MemberCreate(
                    name="priya Okafor",
                    membership_no="PCS-1",
                    job_title="999 call handler",
                    role_category=RoleCategory.OPERATIONAL,
                    office_days_required=4,
                    adjustments_agreed=True,
                ),
            ),
            members.create_member(
                s, MemberCreate(name="Dan Smith", department="Contact handling", flexible_plan_approved=True)
            ),
            members.create_member(s, MemberCreate(name="Ann Jones", in_action=True, job_title="PCSO")),
            members.create_member(s, MemberCreate(name="Bob 100% Brown")),
        ]
        ids = [p.id for p in people]
    assert None not in ids
    priya, dan, ann, bob = (int(i or 0) for i in ids)
    make_case(member_id=priya)
    closed = make_case(member_id=priya)
    with db.transaction() as s:
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.RESOLVED)

    def listed(**kwargs: object) -> list[int]:
        with db.session() as s:
            page = members.list_members(s, MemberFilter(**kwargs))  # type: ignore[arg-type]
        assert page.total == len(page.rows)
        return [row.id for row in page.rows]

    assert listed() == [ann, bob, dan, priya]  # by name, ignoring case
    assert listed(text="OKAF") == [priya]
    assert listed(text="pcs-1") == [priya]
    assert listed(text="handl") == [dan, priya]  # department and job title
    assert listed(text="100%") == [bob]
    assert listed(text="%") == [bob]
    assert listed(role=RoleCategory.OPERATIONAL) == [priya]
    assert listed(role=RoleCategory.SUPPORT) == [ann, bob, dan]
    assert listed(exempt_only=True) == [dan, priya]
    assert listed(in_action=True) == [ann]
    assert listed(exempt_only=True, role=RoleCategory.SUPPORT) == [dan]
    with db.session() as s:
        page = members.list_members(s, limit=2, offset=1)
        rows = {row.id: row for row in members.list_members(s).rows}
    assert ([row.id for row in page.rows], page.total) == ([bob, dan], 4)
    assert rows[priya].open_cases == 1 and rows[dan].open_cases == 0
    assert rows[priya].has_exemption and rows[dan].has_exemption and not rows[ann].has_exemption


# --- talks -------------------------------------------------------------------------------------


def test_following_a_topic_across_sessions(db: Database) -> None:
    with db.transaction() as s:
        # Recorded out of order: the third session is typed in first.
        third = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 17)))
        first = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 3)))
        second = talks.create_session(s, TalksSessionCreate(held_on=date(2026, 11, 10)))
        assert third.id and first.id and second.id

        def offer(session_id: int, side: Side, topic: str, text: str) -> int:
            made = talks.add_offer(s, session_id, OfferCreate(side=side, topic=topic, text=text))
            assert made.id is not None
            return made.id

        final = offer(third.id, Side.EMPLOYER, "Office days for support roles", "Final: 3 days.")
        opening = offer(first.id, Side.UNION, "office days for support roles", "Keep the 2021 agreement.")
        unrelated = offer(first.id, Side.EMPLOYER, "Pay", "1% uplift.")
        counter = offer(second.id, Side.EMPLOYER, "", "Counter-offer on office days: 4 reduced to 3.")
        _ = unrelated
    with db.session() as s:
        followed = talks.follow_topic(s, "office days")
        by_word = talks.follow_topic(s, "uplift")
        sessions = talks.list_sessions(s)
    assert [item.offer.id for item in followed] == [opening, counter, final]
    assert [item.held_on for item in followed] == [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17)]
    assert [item.offer.id for item in by_word] == [unrelated]
    assert [row.held_on for row in sessions.rows] == [
        date(2026, 11, 17),
        date(2026, 11, 10),
        date(2026, 11, 3),
    ]
    assert [row.offers for row in sessions.rows] == [1, 1, 2]
