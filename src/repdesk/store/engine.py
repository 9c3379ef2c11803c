"""Opening a rep's database: private files, pragmas, migrations, and transactions.

``open_database`` is the only way in. It creates the file 0600 in a 0700
folder, refuses files it cannot trust (corrupt, not repdesk's, written by a
newer repdesk), takes a copy before upgrading the schema, and hands back a
:class:`Database` whose sessions run inside proper SQLite transactions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

__all__ = ["Database", "RepdeskSession", "Session", "open_database"]

from repdesk.domain.errors import RepdeskError
from repdesk.paths import create_private_file, ensure_private_dir, tighten_file
from repdesk.store import audit, migrate, threats, urgency
from repdesk.store.errors import DatabaseUnavailable

BUSY_TIMEOUT_MS = 5_000


class RepdeskSession(Session):
    """A session whose flushes stamp versions, write the audit log and rescore changed cases."""


audit.install(RepdeskSession)
threats.install(RepdeskSession)
urgency.install(RepdeskSession)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Hand transaction control to SQLAlchemy's "begin" hook below, so reads
    # use BEGIN and writes BEGIN IMMEDIATE (pysqlite's own handling would
    # defer the write lock and fail late instead of waiting up front).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # WAL is switched on by open_database once the file is known to be ours:
    # it is persistent and rewrites the file header, so doing it here would
    # change a foreign or newer file that repdesk then refuses "untouched".
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Deleted casework is overwritten on disk, not left in free pages.
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.close()


def _on_begin(connection: sa.Connection) -> None:
    if connection.get_execution_options().get("repdesk_write"):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def plain_message(exc: BaseException, path: Path) -> str:
    """One sentence for an SQLite failure, without SQL or internals."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return f"The database {path} is busy: another repdesk is saving to it. Wait a moment and try again."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"{path} is damaged or is not a repdesk database. Restore a copy from "
            f"{path.parent / 'backups'} or choose another file with --db."
        )
    if "readonly" in text or "read-only" in text or "permission" in text:
        return f"repdesk cannot write to {path}: check the file and folder permissions."
    if "disk" in text and "full" in text:
        return f"The disk holding {path} is full; nothing was saved. Free some space and try again."
    if "unable to open" in text:
        return f"repdesk cannot open {path}: check that the folder exists and is writable."
    return f"repdesk could not use the database {path}. Nothing was saved from the failed step."


class Database:
    """An open rep database."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._writer = engine.execution_options(repdesk_write=True)

    @contextmanager
    def _session(self, bind: sa.Engine, *, write: bool) -> Iterator[Session]:
        session = RepdeskSession(bind=bind, expire_on_commit=False, autoflush=True)
        try:
            yield session
            if write:
                session.commit()
        except RepdeskError:
            session.rollback()
            raise
        except sa.exc.DBAPIError as exc:
            session.rollback()
            raise DatabaseUnavailable(plain_message(exc, self.path)) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read-only view; nothing is committed."""
        with self._session(self.engine, write=False) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: commits if the block finishes, rolls back on any error."""
        with self._session(self._writer, write=True) as session:
            yield session

    def analyze(self) -> None:
        """Recount rows for the query planner (after a bulk load such as the demo)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        """Refresh the planner's statistics if they have drifted, then release every connection."""
        try:
            with self.engine.connect() as conn:
                # SQLite's advice for long-lived files: cheap when nothing changed much.
                conn.exec_driver_sql("PRAGMA optimize")
        except sa.exc.DBAPIError:
            pass  # a busy or read-only file keeps its old statistics; nothing is lost
        self.engine.dispose()


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` with repdesk's pragmas on every connection."""
    engine = sa.create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=2,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _use_wal(engine: Engine) -> None:
    """Put the file in WAL mode (persistent; outside any transaction, as SQLite requires)."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA journal_mode = WAL")


def open_database(path: Path, *, backups: Path | None = None, upgrade: bool = True) -> Database:
    """Open (creating if need be) the database at ``path``, migrated to the current schema."""
    path = Path(path)
    try:
        ensure_private_dir(path.parent)
        create_private_file(path)
    except PermissionError:
        raise DatabaseUnavailable(
            f"repdesk cannot create {path}: permission denied. "
            "Choose a folder you can write to with --db or REPDESK_DB."
        ) from None
    except OSError as exc:
        raise DatabaseUnavailable(f"repdesk cannot create {path}: {exc.strerror or exc}.") from None
    engine = make_engine(path)
    try:
        if upgrade:
            migrate.upgrade_to_head(engine, path, backups or path.parent / "backups")
        else:
            migrate.check_current(engine, path)
        _use_wal(engine)
        # Only now that the file is known to be ours may its mode be changed.
        tighten_file(path)
    except RepdeskError:
        engine.dispose()
        raise
    except (sa.exc.DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        raise DatabaseUnavailable(plain_message(exc, path)) from None
    return Database(path, engine)


def connection_pragmas(db: Database) -> dict[str, Any]:
    """The pragmas a live connection runs with (for tests and ``repdesk locate``)."""
    with db.engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
