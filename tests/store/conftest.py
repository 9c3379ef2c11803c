"""Fixtures for the data-layer tests: a real SQLite file per test (the date is frozen for every test)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from repdesk.domain.enums import CaseOutcome, CaseStatus, Priority
from repdesk.store import cases
from repdesk.store.engine import Database, open_database
from tests.helpers import day, factories


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file lives."""
    return tmp_path / "desk" / "x.sqlite"


@pytest.fixture(scope="session")
def head_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database built to head once per run, copied for each test (building takes ~0.1 s)."""
    path = tmp_path_factory.mktemp("template") / "head.sqlite"
    open_database(path).close()
    return path


@pytest.fixture
def db(db_path: Path, head_template: Path) -> Iterator[Database]:
    """An open database at head on a real file of its own, closed afterwards."""
    db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(head_template, db_path)
    db_path.chmod(0o600)
    database = open_database(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def new_case(db: Database) -> factories.NewCase:
    """``factories.new_case`` on the test's database: a member and a case, committed, as ids."""
    return functools.partial(factories.new_case, db)


@pytest.fixture
def varied(db: Database, new_case: factories.NewCase) -> list[int]:
    """Cases across every priority, status, deadline distance and idle time the curves cover."""
    made: list[int] = []
    priorities = list(Priority)
    statuses = [s for s in CaseStatus if s is not CaseStatus.CLOSED]
    due_offsets: list[int | None] = [None, -20, -7, -3, 0, 1, 5, 10, 14, 20, 45]
    idle_offsets = [0, 3, 10, 20, 45, 90]
    for i in range(33):
        due = due_offsets[i % len(due_offsets)]
        opened = day(-idle_offsets[i % len(idle_offsets)])
        by_action = i % 3 == 0
        case = new_case(
            title=f"Case {i:02d}",
            opened_on=opened,
            priority=priorities[i % len(priorities)],
            status=statuses[i % len(statuses)],
            next_action_due=day(due) if by_action and due is not None else None,
        )
        if due is not None and not by_action:
            with db.transaction() as s:
                factories.make_deadline(s, case.case_id, what="Due", due_on=day(due))
                # A later action date (the deadline decides) or an earlier one (it decides).
                action = {0: due + 9, 1: due - 2}.get(i % 4)
                if action is not None:
                    cases.update_case(s, case.case_id, {"version": 1, "next_action_due": day(action)})
        made.append(case.case_id)
    closed = new_case(title="Closed but overdue", opened_on=day(-60), priority=Priority.URGENT)
    with db.transaction() as s:
        factories.make_deadline(s, closed.case_id, what="Stale", due_on=day(-30))
        cases.set_status(s, closed.case_id, CaseStatus.CLOSED, version=1, outcome=CaseOutcome.WITHDRAWN)
    made.append(closed.case_id)
    return made
