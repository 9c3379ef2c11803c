"""Linking members and cases to a saved threat entry, by id and by a Members filter; who it touches."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from repdesk.domain.enums import RoleCategory
from repdesk.domain.member_filter import MemberFilter, parse_member_filter
from repdesk.store import chain, members, threat_links, threats
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, NotFound
from repdesk.store.models import AuditEntry, ThreatMember
from tests.helpers.factories import ident, make_case, make_member, make_threat


def _staff(db: Database) -> tuple[int, dict[str, int]]:
    """An all-staff notice linked to nobody, and six members of every kind (one archived)."""
    with db.transaction() as s:
        entry = make_threat(s, exact_words="Anyone working from home on Friday will be docked a day's pay")
        people = {
            "ada": make_member(s, name="Ada Support", role_category=RoleCategory.SUPPORT, in_action=True),
            "bea": make_member(
                s,
                name="Bea Support",
                role_category=RoleCategory.SUPPORT,
                in_action=True,
                adjustments_agreed=True,
            ),
            "cal": make_member(s, name="Cal Support", role_category=RoleCategory.SUPPORT),
            "dev": make_member(
                s, name="Dev Operational", role_category=RoleCategory.OPERATIONAL, flexible_plan_approved=True
            ),
            "eve": make_member(
                s, name="Eve Operational", role_category=RoleCategory.OPERATIONAL, in_action=True
            ),
            "fay": make_member(s, name="Fay Archived", role_category=RoleCategory.SUPPORT, in_action=True),
        }
        ids = {key: ident(m) for key, m in people.items()}
        members.archive_member(s, ids["fay"], version=people["fay"].version)
        return ident(entry), ids


def _linked(db: Database, entry_id: int) -> set[int]:
    with db.session() as s:
        return set(s.exec(select(ThreatMember.member_id).where(ThreatMember.threat_id == entry_id)))


def test_link_members_adds_new_ones_and_skips_those_linked_already(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.transaction() as s:
        first = threat_links.link_members(s, entry_id, [people["ada"], people["bea"]])
    assert first.added == [people["ada"], people["bea"]] and first.skipped == 0
    with db.transaction() as s:
        again = threat_links.link_members(s, entry_id, [people["bea"], people["cal"], people["cal"]])
    assert again.added == [people["cal"]] and again.skipped == 1
    assert _linked(db, entry_id) == {people["ada"], people["bea"], people["cal"]}
    with db.session() as s:
        assert threats.list_threats(s).rows[0].members == 3  # the list's member count follows


def test_linking_a_member_who_no_longer_exists_links_nobody(db: Database) -> None:
    entry_id, people = _staff(db)
    with pytest.raises(Invalid), db.transaction() as s:
        threat_links.link_members(s, entry_id, [people["ada"], 999_999])
    assert _linked(db, entry_id) == set()
    with pytest.raises(NotFound), db.transaction() as s:
        threat_links.link_members(s, 999_999, [people["ada"]])


def test_link_cases_adds_new_ones_and_skips_those_linked_already(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.transaction() as s:
        case_a = ident(make_case(s, people["ada"], title="Docked pay"))
        case_b = ident(make_case(s, people["bea"], title="Adjustments ignored"))
        first = threat_links.link_cases(s, entry_id, [case_a])
        second = threat_links.link_cases(s, entry_id, [case_a, case_b])
    assert first.added == [case_a] and first.skipped == 0
    assert second.added == [case_b] and second.skipped == 1
    with db.session() as s:
        assert [c.id for c in threats.threat_detail(s, entry_id).cases] == [case_a, case_b]


def test_linking_by_filter_links_current_matching_members_never_archived_ones(db: Database) -> None:
    entry_id, people = _staff(db)
    query = parse_member_filter("role:support action:yes").filter
    with db.session() as s:
        preview = threat_links.preview_matching(s, entry_id, query)
    assert (preview.matching, preview.already, preview.new) == (2, 0, 2)  # Ada, Bea; not archived Fay
    with db.transaction() as s:
        done = threat_links.link_members_matching(s, entry_id, query)
    assert done.added == [people["ada"], people["bea"]] and done.skipped == 0
    assert people["fay"] not in _linked(db, entry_id)

    # archived:yes (or only) in the filter is overruled: an archived member is never linked by filter.
    everyone_archived_too = parse_member_filter("archived:only").filter
    with db.transaction() as s:
        assert threat_links.preview_matching(s, entry_id, everyone_archived_too).matching == 0
        assert threat_links.link_members_matching(s, entry_id, everyone_archived_too).added == []
        support = threat_links.link_members_matching(s, entry_id, MemberFilter(role=RoleCategory.SUPPORT))
    assert support.added == [people["cal"]] and support.skipped == 2
    with db.session() as s:
        again = threat_links.preview_matching(s, entry_id, MemberFilter(role=RoleCategory.SUPPORT))
    assert (again.matching, again.already, again.new) == (3, 3, 0)
    assert _linked(db, entry_id) == {people["ada"], people["bea"], people["cal"]}


def test_an_archived_member_can_still_be_linked_by_hand_and_counts_in_the_collective(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.transaction() as s:
        threat_links.link_members(s, entry_id, [people["fay"]])
    with db.session() as s:
        shown = threat_links.collective(s, entry_id)
    assert [(m.name, m.archived) for m in shown.members] == [("Fay Archived", True)]


def test_collective_counts_and_lists_the_members_an_entry_touches(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.transaction() as s:
        threat_links.link_members(s, entry_id, [people[k] for k in ("eve", "dev", "cal", "bea", "ada")])
    with db.session() as s:
        shown = threat_links.collective(s, entry_id)
    assert shown.total == 5
    assert [m.name for m in shown.members] == [
        "Ada Support",
        "Bea Support",
        "Cal Support",
        "Dev Operational",
        "Eve Operational",
    ]
    assert [m.name for m in shown.exempt] == ["Bea Support", "Dev Operational"]
    assert [m.name for m in shown.in_action] == ["Ada Support", "Bea Support", "Eve Operational"]


def test_links_go_on_the_entry_picked_even_one_corrected_later(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.transaction() as s:
        entry = threats.get_threat(s, entry_id)
        threats.correct_threat(
            s,
            entry_id,
            {
                "reason": "Wrong day",
                "exact_words": entry.exact_words,
                "occurred_on": entry.occurred_on,
                "made_by": entry.made_by,
                "channel": entry.channel,
                "audience": entry.audience,
                "kind": entry.kind,
            },
        )
        threat_links.link_members(s, entry_id, [people["ada"]])
    assert _linked(db, entry_id) == {people["ada"]}


def test_each_new_link_is_audited_and_a_skipped_one_is_not(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.transaction() as s:
        threat_links.link_members(s, entry_id, [people["ada"], people["bea"]])
        threat_links.link_members(s, entry_id, [people["ada"]])
    with db.session() as s:
        rows = s.exec(
            select(AuditEntry).where(AuditEntry.entity == "threat_member").order_by(col(AuditEntry.id))
        ).all()
    assert [(r.action.value, r.entity_id, r.changes.get("member_id")) for r in rows] == [
        ("create", entry_id, [None, people["ada"]]),
        ("create", entry_id, [None, people["bea"]]),
    ]


def test_each_new_link_appends_one_chain_event_and_the_chain_verifies(db: Database) -> None:
    entry_id, people = _staff(db)
    with db.session() as s:
        head = chain.head(s)
        assert head is not None  # the entry's own logging event
        before = head.count
    with db.transaction() as s:
        threat_links.link_members_matching(s, entry_id, parse_member_filter("action:yes").filter)
        threat_links.link_members(s, entry_id, [people["ada"], people["cal"]])  # Ada skipped, no event
        threat_links.link_cases(s, entry_id, [ident(make_case(s, people["cal"], title="Docked"))])
    with db.session() as s:
        after = chain.head(s)
        assert after is not None and after.count == before + 3 + 1 + 1  # Ada, Bea, Eve; Cal; the case
        assert chain.verify(s).ok
