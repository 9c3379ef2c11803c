"""Saved filters and deadline deletion: the small services the list screens lean on."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.store import cases, saved_filters
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, StaleVersion
from repdesk.store.models import DeadlineCreate
from tests.store.store_factories import MakeCase


def test_saving_twice_under_one_name_replaces(db: Database) -> None:
    with db.transaction() as session:
        saved_filters.save_filter(session, "cases", "Urgent pay", "priority:urgent cat:pay_deduction")
        saved_filters.save_filter(session, "cases", "Urgent pay", "priority:urgent")
        saved_filters.save_filter(session, "threats", "Urgent pay", "kind:pay")
    with db.session() as session:
        found = saved_filters.list_filters(session, "cases")
        assert [(f.name, f.query) for f in found] == [("Urgent pay", "priority:urgent")]
        assert len(saved_filters.list_filters(session, "threats")) == 1
    with db.transaction() as session:
        saved_filters.delete_filter(session, found[0].id or 0)
    with db.session() as session:
        assert saved_filters.list_filters(session, "cases") == []


@pytest.mark.parametrize(
    ("area", "name", "query", "field"),
    [("nowhere", "x", "y", "area"), ("cases", "  ", "y", "name"), ("cases", "n" * 61, "y", "name")],
)
def test_bad_saved_filters_are_refused(db: Database, area: str, name: str, query: str, field: str) -> None:
    with pytest.raises(Invalid) as caught, db.transaction() as session:
        saved_filters.save_filter(session, area, name, query)
    assert caught.value.problems[0].field == field


def test_deleting_a_deadline_moves_the_cases_next_due_date(db: Database, make_case: MakeCase) -> None:
    made = make_case()
    with db.transaction() as session:
        early = cases.add_deadline(
            session, made.case_id, DeadlineCreate(what="Reply", due_on=date(2026, 12, 1))
        )
        cases.add_deadline(session, made.case_id, DeadlineCreate(what="Hearing", due_on=date(2026, 12, 9)))
    with pytest.raises(StaleVersion), db.transaction() as session:
        cases.delete_deadline(session, early.id or 0, version=early.version + 1)
    with db.transaction() as session:
        cases.delete_deadline(session, early.id or 0, version=early.version)
    with db.session() as session:
        assert cases.get_case(session, made.case_id).next_due_on == date(2026, 12, 9)
        assert [d.what for d in cases.deadlines(session, made.case_id)] == ["Hearing"]
