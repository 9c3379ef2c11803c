"""Fixtures for Pilot and snapshot tests: a real demo database and the app built as the CLI builds it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from repdesk import demo
from repdesk.paths import Location, locate
from repdesk.store.engine import Database, open_database
from repdesk.tui import make_app
from repdesk.tui.app import RepDesk


@pytest.fixture(autouse=True)
def own_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Config and data folders of the test's own (the date is frozen for every test in tests/conftest.py)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("REPDESK_DB", raising=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30-member demo database made once per run (copied for each test)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(path)
    demo.fill(db, members=30, seed=1)
    db.close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, demo_template: Path) -> Path:
    """The test's own copy of the demo database."""
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """The test's demo database, open."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def location(db_path: Path) -> Location:
    """Where the app thinks its files are."""
    return locate("Alex Morgan", db_path)


@pytest.fixture
def app(db: Database, location: Location) -> RepDesk:
    """The app on the demo database, built through the same factory as ``repdesk``."""
    return make_app(db, location)
