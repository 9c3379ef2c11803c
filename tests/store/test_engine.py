"""Opening a rep's file: refusals in plain words, private files, and the pragmas every connection uses."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import repdesk.store.models  # noqa: F401  (every table on the metadata)
from repdesk.store.engine import Database, connection_pragmas, open_database
from repdesk.store.errors import DatabaseUnavailable, NewerSchema
from tests.store.store_helpers import file_mode


def test_a_corrupt_file_is_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    # Not a whole number of pages: whole pages of random bytes are what an encrypted file looks like.
    path.write_bytes(os.urandom(8000))
    before = path.read_bytes()

    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(path)

    message = str(caught.value)
    assert "damaged or is not a repdesk database" in message
    assert str(path) in message
    assert "sqlite3" not in message.lower() and "SELECT" not in message
    assert path.read_bytes() == before


def test_a_foreign_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "recipes.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE recipe (name TEXT)")
        raw.execute("INSERT INTO recipe VALUES ('soup')")
    raw.close()
    before = path.read_bytes()

    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(path)

    message = str(caught.value)
    assert "not a repdesk database" in message and "will not touch it" in message
    assert not isinstance(caught.value, NewerSchema)
    # "will not touch it" holds: same bytes (no switch to WAL), no tables added.
    assert path.read_bytes() == before
    with sqlite3.connect(path) as raw:
        tables = raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    raw.close()
    assert tables == [("recipe",)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_an_unwritable_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            open_database(folder / "x.sqlite")
        assert "permission denied" in str(caught.value)
    finally:
        folder.chmod(0o700)
    assert not (folder / "x.sqlite").exists()


def test_a_folder_that_is_really_a_file_is_refused(tmp_path: Path) -> None:
    # The permission-free way to make a folder impossible to create or write in.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file")
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(blocker / "x.sqlite")
    assert "repdesk cannot create" in str(caught.value)
    assert blocker.read_text() == "I am a file"


def test_a_new_database_is_private(db_path: Path) -> None:
    assert not db_path.parent.exists()
    database = open_database(db_path)
    try:
        assert file_mode(db_path.parent) == 0o700
        assert file_mode(db_path) == 0o600
    finally:
        database.close()


def test_a_loose_file_is_tightened_on_open(db_path: Path) -> None:
    open_database(db_path).close()
    db_path.chmod(0o644)
    open_database(db_path).close()
    assert file_mode(db_path) == 0o600


def test_connections_use_wal_foreign_keys_and_a_busy_timeout(db: Database) -> None:
    pragmas = connection_pragmas(db)
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] > 0
    # Every pooled connection gets them, not only the first.
    with db.engine.connect() as first, db.engine.connect() as second:
        for conn in (first, second):
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert isinstance(timeout, int) and timeout > 0
