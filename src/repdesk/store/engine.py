"""Opening a rep's database: private files, pragmas, migrations, and transactions.

``open_database`` is the only way in. It creates the file 0600 in a 0700
folder, refuses files it cannot trust (corrupt, not repdesk's, written by a
newer repdesk), takes a copy before upgrading the schema, and hands back a
:class:`Database` whose sessions run inside proper SQLite transactions.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

if sys.platform != "win32":
    import fcntl

__all__ = ["Database", "RepdeskSession", "Session", "exclusive_use", "open_database"]

from repdesk.domain.errors import RepdeskError
from repdesk.paths import create_private_file, ensure_private_dir, tighten_file
from repdesk.store import audit, cipher, migrate, threats, unreadable, urgency
from repdesk.store.errors import DatabaseUnavailable, Unreadable

BUSY_TIMEOUT_MS = 5_000


class FileInUse(DatabaseUnavailable):
    """Another repdesk has the file open, so it may not be replaced or removed now."""


def lock_path(path: Path) -> Path:
    """The file beside a database whose lock says who has it open (``rep.sqlite-lock``).

    SQLite's own locks cannot say it: in WAL mode readers take none a writer
    can see, and an idle desk holds no transaction at all. So every repdesk
    that opens the file keeps a shared ``flock`` on this file for as long as
    it has it open, and whatever would replace the file (``demo --fresh``)
    must get it exclusively. The lock file itself is empty and stays.
    """
    return path.with_name(path.name + "-lock")


def _lock(path: Path, *, exclusive: bool, wait: float) -> int | None:
    """Take the lock on ``path``'s lock file, waiting up to ``wait`` seconds; the descriptor holding it.

    ``None`` where there are no ``flock`` locks (Windows). Raises
    :class:`FileInUse` if another process holds it the other way, and
    ``OSError`` if the lock file cannot be made.
    """
    if sys.platform == "win32":  # pragma: no cover - repdesk's own locks are POSIX only
        return None
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    how = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    give_up = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, how)
            return fd
        except BlockingIOError:
            if time.monotonic() >= give_up:
                os.close(fd)
                if exclusive:
                    raise FileInUse(
                        f"{path} is open in another repdesk (the desk, or a command still running); "
                        "close it there and try again. Nothing was changed."
                    ) from None
                raise FileInUse(
                    f"{path} is being replaced by another repdesk (demo --fresh); try again in a moment."
                ) from None
            time.sleep(0.05)
        except OSError:  # no locks on this file system (ENOLCK): the caller decides
            os.close(fd)
            raise


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases its flock


@contextmanager
def exclusive_use(path: Path) -> Iterator[None]:
    """Hold ``path`` so that no other repdesk has it open, or may open it, until the block ends.

    Refuses at once with :class:`FileInUse` while any other repdesk (a desk
    left open all day, a command) has the file open.
    """
    try:
        fd = _lock(path, exclusive=True, wait=0)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"repdesk cannot tell whether another repdesk has {path} open ({lock_path(path).name}: "
            f"{(exc.strerror or 'the system refused').lower()}), so it leaves the file alone."
        ) from None
    try:
        yield
    finally:
        _unlock(fd)


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

    def __init__(
        self, path: Path, engine: Engine, lock: int | None = None, key: cipher.Key | None = None
    ) -> None:
        self.path = path
        self.engine = engine
        self.key = key
        """The key an encrypted file was opened with (None for a plain file)."""
        self._writer = engine.execution_options(repdesk_write=True)
        # The shared lock that tells `demo --fresh` the file is open here; let go on close,
        # or when a database nobody closed is collected.
        self._release = weakref.finalize(self, _unlock, lock)
        self._lenient = False

    @property
    def lenient(self) -> bool:
        """Whether a stored value that cannot be read comes back as "unreadable" rather than raising.

        The desk reads leniently, so a damaged date shows as "unreadable" in its
        field; commands and exports raise :class:`Unreadable`, a plain error.
        """
        return self._lenient

    @lenient.setter
    def lenient(self, lenient: bool) -> None:
        self._lenient = lenient
        unreadable.set_lenient(self.engine, lenient)

    @contextmanager
    def _session(self, bind: sa.Engine, *, write: bool) -> Iterator[Session]:
        session = RepdeskSession(bind=bind, expire_on_commit=False, autoflush=True)
        try:
            yield session
            if write:
                session.commit()
        except Unreadable as exc:
            session.rollback()
            raise Unreadable(exc.what, self.path) from None
        except RepdeskError:
            session.rollback()
            raise
        except (sa.exc.DBAPIError, sqlite3.DatabaseError) as exc:
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
        self.key = None
        self._release()

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (SQLCipher)."""
        return self.key is not None


def make_engine(path: Path, key: cipher.Key | None = None) -> Engine:
    """An engine on ``path`` with repdesk's pragmas on every connection (unlocked by ``key`` if given)."""
    connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    if key is None:
        engine = sa.create_engine(
            f"sqlite:///{path}", poolclass=QueuePool, pool_size=2, connect_args=connect_args
        )
    else:
        # SQLCipher's module, so its errors are SQLAlchemy's DBAPIError like sqlite3's; each
        # connection is handed the derived key, so no connection derives it again.
        engine = sa.create_engine(
            f"sqlite:///{path}",
            module=cipher.dbapi(),
            creator=lambda: cipher.connect(path, key, **connect_args),
            poolclass=QueuePool,
            pool_size=2,
        )
    unreadable.install(engine)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _use_wal(engine: Engine) -> None:
    """Put the file in WAL mode (persistent; outside any transaction, as SQLite requires)."""
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA journal_mode = WAL")


def open_database(
    path: Path, *, backups: Path | None = None, upgrade: bool = True, key: cipher.Key | None = None
) -> Database:
    """Open (creating if need be) the database at ``path``, migrated to the current schema.

    An encrypted file needs its ``key`` (:func:`cipher.key_for`); a new file
    opened with a key is created encrypted.
    """
    path = Path(path)
    found = cipher.state(path)
    if key is None and found is cipher.FileState.ENCRYPTED:
        raise cipher.NeedsPassphrase(
            f"{path} is encrypted: give its passphrase (on the terminal, with --passphrase-file, "
            "or in REPDESK_PASSPHRASE)."
        )
    if key is not None and found is cipher.FileState.PLAIN:
        raise cipher.NotEncrypted(
            f"{path} is not encrypted, so it takes no passphrase. Encrypt it with `repdesk encrypt`."
        )
    if key is not None and found is cipher.FileState.ENCRYPTED:
        cipher.check(path, key)
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
    try:
        lock = _lock(path, exclusive=False, wait=BUSY_TIMEOUT_MS / 1000)
    except OSError:
        lock = None  # no lock file can be made here (a read-only folder): open as before, unguarded
    engine = make_engine(path, key)
    try:
        if upgrade:
            migrate.upgrade_to_head(engine, path, backups or path.parent / "backups", key)
        else:
            migrate.check_current(engine, path)
        _use_wal(engine)
        # Only now that the file is known to be ours may its mode be changed.
        tighten_file(path)
    except (sa.exc.DBAPIError, sqlite3.Error) as exc:
        engine.dispose()
        _unlock(lock)
        raise DatabaseUnavailable(plain_message(exc, path)) from None
    except BaseException:  # a refusal (corrupt, newer, not ours) or anything else: let go of the file
        engine.dispose()
        _unlock(lock)
        raise
    return Database(path, engine, lock, key)


def connection_pragmas(db: Database) -> dict[str, Any]:
    """The pragmas a live connection runs with (for tests and ``repdesk locate``)."""
    with db.engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
