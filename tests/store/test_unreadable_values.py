"""A value damaged in the file: the desk reads it as "unreadable", everything else gives a plain error.

The damage is done as it happens in life, to the file with plain ``sqlite3``,
and each damaged value carries a marker that must never reach a message.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from repdesk.domain.dates import format_date, format_datetime, format_time
from repdesk.domain.unreadable import UNREADABLE, UnreadableDate, is_unreadable
from repdesk.store import cases, threats
from repdesk.store.engine import Database
from repdesk.store.errors import DatabaseUnavailable, Unreadable
from repdesk.store.rows import case_row
from tests.helpers import day
from tests.helpers.cli import one_line_error, runner
from tests.helpers.factories import make_case, make_deadline, make_threat

MARKER = "Priya-Shah-MARKER-7731"
"""Stands in for casework: it must not appear in any error."""


def damage(path: Path, sql: str) -> None:
    """Change the file behind repdesk's back (checks off, as a disk fault or a hand edit would leave it)."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        raw.execute(sql)
    raw.close()


@pytest.fixture
def case_id(db: Database) -> int:
    """A case with a computed-looking deadline, then its date and the deadline's inputs damaged."""
    with db.transaction() as session:
        case = make_case(session, opened_on=day(-10))
        make_deadline(session, case, due_on=day(5))
        assert case.id is not None
        ident = case.id
    damage(db.path, f"UPDATE member_case SET opened_on = '{MARKER}' WHERE id = {ident}")
    damage(db.path, f"UPDATE deadline SET rule_inputs = '{{{MARKER}' WHERE case_id = {ident}")
    return ident


def test_a_command_reading_a_damaged_date_gets_a_plain_error_without_the_value(
    db: Database, case_id: int
) -> None:
    with pytest.raises(Unreadable) as raised, db.session() as session:
        cases.get_case(session, case_id)
    message = str(raised.value)
    assert isinstance(raised.value, DatabaseUnavailable)  # a store error: the CLI prints it, exit 1
    assert MARKER not in message and "isoformat" not in message
    assert str(db.path) in message and "cannot read" in message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_the_desk_reads_a_damaged_date_and_json_as_unreadable(db: Database, case_id: int) -> None:
    db.lenient = True
    with db.session() as session:
        case = cases.get_case(session, case_id)
        deadline = cases.deadlines(session, case_id)[0]
        listed = next(row for row in cases.list_cases(session).rows if row.id == case_id)
    assert is_unreadable(case.opened_on) and isinstance(case.opened_on, date)
    assert format_date(case.opened_on) == UNREADABLE
    assert str(case.opened_on) == case.opened_on.isoformat() == f"{case.opened_on}" == UNREADABLE
    assert MARKER not in repr(case.opened_on)
    assert format_date(listed.opened_on) == UNREADABLE  # the list's light row too
    assert is_unreadable(deadline.rule_inputs) and not deadline.rule_inputs  # empty: nothing to iterate
    assert deadline.due_on == day(5)  # the rest of the record reads as it was


def test_a_damaged_json_value_is_a_plain_error_outside_the_desk(db: Database, case_id: int) -> None:
    with pytest.raises(Unreadable) as raised, db.session() as session:
        cases.deadlines(session, case_id)
    assert MARKER not in str(raised.value)


def test_a_damaged_moment_and_time_show_as_unreadable(db: Database) -> None:
    with db.transaction() as session:
        entry = make_threat(session)
        assert entry.id is not None
        ident = entry.id
    # The threat log refuses edits by trigger: the damage goes round it, as a disk fault would.
    with sqlite3.connect(db.path) as raw:
        raw.execute("PRAGMA ignore_check_constraints = ON")
        raw.execute("DROP TRIGGER IF EXISTS threat_entry_immutable")
        raw.execute(
            f"UPDATE threat_entry SET occurred_at = '{MARKER}', recorded_at = '{MARKER}' WHERE id = {ident}"
        )
    raw.close()
    db.lenient = True
    with db.session() as session:
        got = threats.get_threat(session, ident)
    assert format_time(got.occurred_at) == UNREADABLE
    assert format_datetime(got.recorded_at) == UNREADABLE


def test_the_first_page_read_raw_shows_a_damaged_date_as_unreadable() -> None:
    values = (
        1,
        "C-2026-0001",
        "Docked pay",
        2,
        "Priya",
        "other",
        "open",
        "normal",
        MARKER,
        "",
        None,
        "2026-11-01",
        3.0,
        1,
    )
    row = case_row(values)
    assert isinstance(row.opened_on, UnreadableDate)
    assert row.last_activity_on == date(2026, 11, 1)


def test_exporting_a_damaged_case_from_the_command_line_is_one_plain_line(
    db: Database, case_id: int, tmp_path: Path
) -> None:
    with sqlite3.connect(db.path) as raw:
        (ref,) = raw.execute(f"SELECT ref FROM member_case WHERE id = {case_id}").fetchone()
    raw.close()
    db.close()
    run = runner(tmp_path / "home")
    result = run("--db", str(db.path), "export", "case", ref, "--format", "md", "-o", "-")
    line = one_line_error(result, 1)
    assert "cannot read" in line
    assert MARKER not in result.stderr + result.stdout
