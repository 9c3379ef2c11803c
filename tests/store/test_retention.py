"""Retention: closed cases past the rep's period are listed for review, and nothing more."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from repdesk.domain.dates import add_months
from repdesk.domain.enums import CaseOutcome, CaseStatus
from repdesk.store import cases, profile, triage
from repdesk.store.engine import Database, open_database
from repdesk.store.errors import Invalid
from repdesk.store.models import RETENTION_MONTHS
from tests.helpers import TODAY
from tests.helpers.factories import make_case, make_member
from tests.store.store_helpers import save_profile
from tests.store.test_migrations import _step_to


def _years_ago(years: int) -> date:
    return add_months(TODAY, -12 * years)


def _closed_case(db: Database, closed_on: date, title: str) -> int:
    with db.transaction() as s:
        case = make_case(
            s,
            make_member(s, name=f"Member of {title}"),
            title=title,
            opened_on=closed_on.replace(day=1),
            status=CaseStatus.CLOSED,
            outcome=CaseOutcome.RESOLVED,
            closed_on=closed_on,
        )
        assert case.id is not None
        return case.id


@pytest.fixture
def three(db: Database) -> dict[str, int]:
    """A case closed seven years ago, one closed five years ago, and an open one opened eight years ago."""
    made = {
        "seven": _closed_case(db, _years_ago(7), "Seven years closed"),
        "five": _closed_case(db, _years_ago(5), "Five years closed"),
    }
    with db.transaction() as s:
        made["open"] = int(make_case(s, title="Still open", opened_on=_years_ago(8)).id or 0)
    return made


def test_a_case_closed_past_the_period_is_due_and_no_other(db: Database, three: dict[str, int]) -> None:
    save_profile(db)
    with db.session() as s:
        board = triage.triage(s)
        assert board.retention_months == RETENTION_MONTHS == 72
        assert board.review.total == 1
        [item] = board.review.rows
        assert (item.case_id, item.case_ref, item.member_name, item.title, item.closed_on) == (
            three["seven"],
            cases.get_case(s, three["seven"]).ref,
            "Member of Seven years closed",
            "Seven years closed",
            _years_ago(7),
        )
        summary = triage.overview(s)
        assert (summary.retention_months, summary.due_for_review) == (72, 1)


def test_the_period_is_the_reps_and_a_shorter_one_lists_more(db: Database, three: dict[str, int]) -> None:
    save_profile(db, retention_months=48)
    with db.session() as s:
        board = triage.triage(s)
        # Closed longest ago first; the open case never, however old.
        assert [row.case_id for row in board.review.rows] == [three["seven"], three["five"]]
        assert triage.triage(s, limit=1).review.total == 2
        assert len(triage.triage(s, limit=1).review.rows) == 1


def test_the_day_the_period_ends_it_is_due(db: Database) -> None:
    save_profile(db, retention_months=12)
    on_the_day = _closed_case(db, add_months(TODAY, -12), "A year to the day")
    _closed_case(db, date.fromordinal(add_months(TODAY, -12).toordinal() + 1), "A day short")
    with db.session() as s:
        assert [row.case_id for row in triage.triage(s).review.rows] == [on_the_day]


def test_with_the_setting_off_none_is_listed(db: Database, three: dict[str, int]) -> None:
    save_profile(db, retention_months="")  # the form's emptied field
    with db.session() as s:
        board = triage.triage(s)
        assert board.retention_months is None
        assert (board.review.total, board.review.rows) == (0, [])
        assert triage.overview(s).due_for_review == 0
    # Nothing was deleted by listing (or not listing).
    with db.session() as s:
        assert all(cases.get_case(s, ident) for ident in three.values())


def test_a_period_out_of_range_is_refused(db: Database) -> None:
    save_profile(db)
    for bad in (0, -6, 1201):
        with db.transaction() as s:
            current = profile.get_profile(s)
            assert current is not None
            with pytest.raises(Invalid) as caught:
                profile.update_profile(s, {"version": current.version, "retention_months": bad})
            assert [p.field for p in caught.value.problems] == ["retention_months"]


def test_the_migration_leaves_existing_profiles_at_the_default(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = open_database(path)
    try:
        save_profile(old)
    finally:
        old.close()
    _step_to(path, "0008", down=True)
    with sqlite3.connect(path) as raw:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(rep_profile)")]
        assert "retention_months" not in columns
    db = open_database(path)
    try:
        with db.session() as s:
            rep = profile.get_profile(s)
            assert rep is not None and rep.name == "Sam Rep"
            assert rep.retention_months == RETENTION_MONTHS
    finally:
        db.close()


def test_a_case_closed_without_a_closed_date_counts_from_its_last_activity(db: Database) -> None:
    save_profile(db)
    with db.transaction() as s:
        case = make_case(s, opened_on=_years_ago(8), status=CaseStatus.CLOSED, outcome=CaseOutcome.WITHDRAWN)
        assert case.closed_on is None
        s.connection().exec_driver_sql(
            "UPDATE member_case SET last_activity_on = ? WHERE id = ?", (_years_ago(7).isoformat(), case.id)
        )
    with db.session() as s:
        [item] = triage.triage(s).review.rows
        assert (item.case_id, item.closed_on) == (case.id, _years_ago(7))
