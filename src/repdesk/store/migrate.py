"""Schema migrations: Alembic scripts shipped in the package, applied when a database opens.

Developers add a revision with ``python -m repdesk.store.migrate "what changed"``,
which autogenerates from the models against a scratch database at head;
review the script, then add an upgrade test.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from repdesk.paths import create_free_file, ensure_private_dir
from repdesk.store import cipher
from repdesk.store.errors import DatabaseUnavailable, NewerSchema
from repdesk.store.head import HEAD as HEAD  # re-exported for the CLI and tests

if TYPE_CHECKING:
    from alembic.config import Config


MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this repdesk knows (asking Alembic)."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def known_revisions() -> set[str]:
    """Every revision this repdesk can upgrade from."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision the file is at, or None for a new (empty) file."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if not has_table:
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return None if row is None else str(row[0])


def _user_tables(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [name for name in sa.inspect(conn).get_table_names() if name != "alembic_version"]


def check_current(engine: Engine, path: Path) -> str | None:
    """Refuse a file repdesk cannot trust; return its revision (None when empty)."""
    current = current_revision(engine)
    if current == HEAD:
        return current
    if current is None and _user_tables(engine):
        raise DatabaseUnavailable(
            f"{path} is an SQLite file but not a repdesk database; repdesk will not touch it. "
            "Choose another file with --db."
        )
    if current is not None and current not in known_revisions():
        raise NewerSchema(
            f"{path} was written by a newer repdesk (schema {current}); this repdesk knows up to "
            f"{head()}. Upgrade repdesk to open it; the file was not changed."
        )
    return current


def backup(path: Path, backups: Path, label: str, key: cipher.Key | None = None) -> Path:
    """Copy the live database (WAL included) to ``backups`` with the online-backup API.

    The copy of an encrypted file is encrypted with the same key.
    """
    ensure_private_dir(backups)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # Two backups in one second get "-2", "-3"…: a backup never replaces another.
    target, fd = create_free_file(backups / f"{path.stem}-{stamp}-{label}.sqlite")
    os.close(fd)
    try:
        _copy(path, target, key)
    except BaseException:
        with contextlib.suppress(OSError):  # a full disk must not leave a partial copy that looks whole
            target.unlink()
        raise
    return target


def _copy(path: Path, target: Path, key: cipher.Key | None = None) -> None:
    """Copy the database at ``path`` into the (empty) file ``target``, page by page."""
    if key is not None:
        try:
            _copy_with(cipher.connect(path, key), lambda: cipher.connect(target, key))
        except cipher.dbapi().Error as exc:  # as sqlite3's, so callers say "disk full" etc. the same way
            raise sqlite3.OperationalError(str(exc)) from None
        return
    _copy_with(sqlite3.connect(path), lambda: sqlite3.connect(target))


def _copy_with(source: Any, open_destination: Callable[[], Any]) -> None:
    try:
        destination = open_destination()
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def upgrade_to_head(engine: Engine, path: Path, backups: Path, key: cipher.Key | None = None) -> Path | None:
    """Bring the file to the newest schema; returns the backup taken, if any."""
    current = check_current(engine, path)
    if current == HEAD:
        return None
    from alembic import command

    target = head()
    copy = backup(path, backups, f"before-{target}", key) if current is not None else None
    writer = engine.execution_options(repdesk_write=True)
    with writer.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        # Batch migrations rebuild tables; foreign keys must be off while they
        # do, and can only be switched outside a transaction.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            command.upgrade(alembic_config(conn), "head")
            conn.commit()
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    if broken:
        raise DatabaseUnavailable(
            f"Upgrading {path} left broken links between records; the copy taken before is {copy}."
        )
    return copy


def make_revision(message: str) -> None:  # pragma: no cover - a developer tool
    """Autogenerate a new revision from the models against a scratch database at head."""
    from repdesk.store.engine import make_engine

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "scratch.sqlite"
        engine = make_engine(path)
        upgrade_to_head(engine, path, Path(scratch))
        from alembic import command

        with engine.connect() as conn:
            command.revision(alembic_config(conn), message, autogenerate=True)
            conn.commit()
        engine.dispose()


if __name__ == "__main__":  # pragma: no cover
    make_revision(" ".join(sys.argv[1:]) or "change")
