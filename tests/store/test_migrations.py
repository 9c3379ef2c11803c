"""The schema is built and upgraded only by migrations, with a backup, and a newer file is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import repdesk.store.models  # noqa: F401  (every table on the metadata)
from repdesk.domain.enums import OfferKind, TimelineKind
from repdesk.store import cases, members, search, talks, threats
from repdesk.store.engine import Database, make_engine, open_database
from repdesk.store.errors import DatabaseUnavailable, NewerSchema
from repdesk.store.migrate import alembic_config, current_revision, head, known_revisions
from tests.helpers.factories import (
    ident,
    make_action_point,
    make_case,
    make_member,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)
from tests.store.store_helpers import file_mode


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _step_to(path: Path, revision: str, *, down: bool = False) -> None:
    """Move ``path`` to ``revision`` with Alembic, the way upgrade_to_head runs migrations."""
    engine = make_engine(path)
    try:
        with engine.execution_options(repdesk_write=True).connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
            try:
                (command.downgrade if down else command.upgrade)(alembic_config(conn), revision)
                conn.commit()
            finally:
                raw.execute("PRAGMA foreign_keys = ON")
        assert current_revision(engine) == revision
    finally:
        engine.dispose()


def _fill_at_first_revision(path: Path) -> dict[str, Any]:
    """Casework in a 0001 file: written through today's services, then the schema taken down.

    The services write today's columns, so the rows go in at head and every
    later migration is undone (which exercises the downgrades too).
    """
    old = open_database(path)
    try:
        with old.transaction() as s:
            member = make_member(s, name="Priya Okafor", membership_no="PCS-1")
            case = make_case(s, member, title="Office days", summary="Quarrelsome rota dispute")
            entry = make_timeline_entry(
                s, case, summary="Rang HR", kind=TimelineKind.CALL, body="Marmalade meeting booked"
            )
            words = "Pay will be docked for zeppelin absences"
            threat = make_threat(s, exact_words=words, member_ids=[ident(member)], case_ids=[ident(case)])
            talk = make_talks_session(s, notes="Walrus proposal")
            offer = make_offer(s, talk, kind=OfferKind.OFFER, text="Quokka days")
            point = make_action_point(s, talk, text="Send narwhal figures")
    finally:
        old.close()
    _step_to(path, "0001", down=True)
    # And one row written with raw SQL, as an older repdesk (or sqlite3) might have.
    with sqlite3.connect(path) as raw:
        raw.execute("INSERT INTO reference_counter(key, last) VALUES ('X-2026', 7)")
    return {
        "member": member.id,
        "case": case.id,
        "entry": entry.id,
        "threat": threat.id,
        "session": talk.id,
        "offer": offer.id,
        "point": point.id,
    }


def test_an_empty_file_is_built_to_head(db_path: Path) -> None:
    database = open_database(db_path)
    try:
        assert current_revision(database.engine) == head()
        assert head() in known_revisions() and "0001" in known_revisions()
        with database.session() as s:
            tables = s.connection().exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            names = {row[0] for row in tables}
        assert {
            "member",
            "member_case",
            "threat_entry",
            "talks_session",
            "search_index",
            "audit_log",
        } <= names
    finally:
        database.close()


def test_the_built_schema_matches_the_models_except_the_search_index(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)

    def table_name(item: Any) -> str:
        """The table a diff entry concerns (column diffs come as lists of tuples)."""
        first = item[0] if isinstance(item, list) else item
        target = first[1]
        if hasattr(target, "name") and first[0].endswith("_table"):
            return str(target.name)
        if hasattr(target, "table"):  # indexes and constraints
            return str(target.table.name)
        return str(first[2])  # ("add_column", schema, table, column) and ("modify_*", ...)

    rest = [item for item in diff if not table_name(item).startswith("search_index")]
    assert rest == []
    # The FTS tables are the only thing autogenerate would see, and it does see them.
    assert any(table_name(item) == "search_index" for item in diff)


def test_a_database_from_the_first_migration_is_upgraded_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    ids = _fill_at_first_revision(path)
    backups = tmp_path / "backups"
    assert not backups.exists()  # the fill opened a new file at head: nothing to copy

    db = open_database(path)
    try:
        assert current_revision(db.engine) == head()
        copies = list(backups.iterdir())
        assert len(copies) == 1
        copy = copies[0]
        assert copy.name.startswith("old-") and copy.name.endswith(f"-before-{head()}.sqlite")
        assert file_mode(copy) == 0o600
        assert file_mode(backups) == 0o700
        # The copy is the database as it was: still at 0001, with the rows.
        with sqlite3.connect(copy) as raw:
            assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
            assert raw.execute("SELECT name FROM member").fetchall() == [("Priya Okafor",)]

        with db.session() as s:
            assert members.get_member(s, ids["member"]).membership_no == "PCS-1"
            case = cases.get_case(s, ids["case"])
            assert case.summary == "Quarrelsome rota dispute"
            assert [e.summary for e in cases.timeline(s, ids["case"])] == ["Rang HR"]
            detail = threats.threat_detail(s, ids["threat"])
            assert [m.id for m in detail.members] == [ids["member"]]
            assert [c.id for c in detail.cases] == [ids["case"]]
            assert [o.text for o in talks.offers(s, ids["session"])] == ["Quokka days"]
            counter = s.connection().exec_driver_sql(
                "SELECT last FROM reference_counter WHERE key = 'X-2026'"
            )
            assert counter.scalar() == 7

            # Migration 0002 indexed what was already there.
            def found(word: str) -> set[tuple[search.Kind, int]]:
                return {(hit.kind, hit.entity_id) for hit in search.search(s, word)}

            assert found("quarrelsome") == {(search.Kind.CASE, ids["case"])}
            assert found("marmalade") == {(search.Kind.TIMELINE, ids["entry"])}
            assert found("zeppelin") == {(search.Kind.THREAT, ids["threat"])}
            assert found("walrus") == {(search.Kind.SESSION, ids["session"])}
            assert found("quokka") == {(search.Kind.OFFER, ids["offer"])}
            assert found("narwhal") == {(search.Kind.ACTION, ids["point"])}

        # New writes after the upgrade are indexed by the triggers too.
        with db.transaction() as s:
            make_timeline_entry(s, ids["case"], summary="Later", body="Pelican")
        with db.session() as s:
            assert [h.kind for h in search.search(s, "pelican")] == [search.Kind.TIMELINE]
    finally:
        db.close()


def test_reopening_at_head_takes_no_backup(db_path: Path) -> None:
    open_database(db_path).close()
    open_database(db_path).close()
    backups = db_path.parent / "backups"
    assert not backups.exists() or list(backups.iterdir()) == []


def test_a_file_from_a_newer_repdesk_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    before = _fingerprint(db_path)

    with pytest.raises(NewerSchema) as caught:
        open_database(db_path)

    message = str(caught.value)
    assert "newer" in message and "9999" in message and "not changed" in message
    assert isinstance(caught.value, DatabaseUnavailable)
    assert _fingerprint(db_path) == before
    assert not (db_path.parent / "backups").exists()


def test_the_fast_head_matches_alembics_head() -> None:
    """migrate.HEAD lets a current file open without importing Alembic; it must follow new revisions."""
    from repdesk.store import migrate

    assert migrate.head() == migrate.HEAD
