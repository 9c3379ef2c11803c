"""Saved filters: one per name and area, and bad ones refused."""

from __future__ import annotations

import pytest

from repdesk.store import saved_filters
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid


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
        saved_filters.delete_filter(session, found[0].id or 0, version=found[0].version)
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
