"""Shared fixtures for the data-layer tests: a real SQLite file per test, a frozen date."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from repdesk.domain.enums import CaseCategory
from repdesk.store import cases, members
from repdesk.store.engine import Database, open_database
from repdesk.store.models import Case, CaseCreate, Member, MemberCreate
from tests.store.store_factories import Made, MakeCase

TODAY = "2026-11-22"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every store test runs on Sunday 22 November 2026 (clock honours REPDESK_TODAY)."""
    monkeypatch.setenv("REPDESK_TODAY", TODAY)
    return TODAY


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
def make_case(db: Database) -> MakeCase:
    """Make a member and a case for them in one committed transaction.

    Keyword arguments starting ``member_`` go to the member (``member_name``),
    the rest to the case; ``member_id`` reuses an existing member.
    """
    counter = {"n": 0}

    def make(**kwargs: Any) -> Made:
        counter["n"] += 1
        member_fields = {k.removeprefix("member_"): v for k, v in kwargs.items() if k.startswith("member_")}
        case_fields = {k: v for k, v in kwargs.items() if not k.startswith("member_")}
        existing = member_fields.pop("id", None)
        with db.transaction() as session:
            if existing is None:
                member_fields.setdefault("name", f"Member {counter['n']}")
                member: Member = members.create_member(session, MemberCreate.model_validate(member_fields))
                assert member.id is not None
                member_id = member.id
            else:
                member_id = int(existing)
            case_fields.setdefault("title", f"Case {counter['n']}")
            case_fields.setdefault("category", CaseCategory.ATTENDANCE)
            case: Case = cases.create_case(
                session, CaseCreate.model_validate({"member_id": member_id, **case_fields})
            )
            assert case.id is not None
            return Made(member_id, case.id, case.ref, case.version)

    return make
