"""The rep's database as the desk holds it: opened on a thread, so the first screen draws first.

Opening means importing the store (SQLAlchemy, SQLModel, pydantic, every
model) and checking or upgrading the file: well over half a second. The desk
starts it once its first frame is up and reads its first page meanwhile with
the standard library (:mod:`repdesk.store.quick`). Anything that needs the
database asks :meth:`DeskStore.wait`, which returns at once when it is open;
a key pressed in the first moments waits for it rather than failing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from repdesk.domain.errors import RepdeskError

if TYPE_CHECKING:
    from repdesk.store.engine import Database


class DeskStore:
    """The database at ``path``, opened in the background (or handed over already open)."""

    def __init__(self, path: Path, *, backups: Path | None = None, db: Database | None = None) -> None:
        self.path = path
        self._backups = backups
        self._db = db
        self._error: Exception | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._when_done: Callable[[], None] | None = None
        if db is not None:
            db.lenient = True
            self._done.set()

    @property
    def ready(self) -> bool:
        """True once the database is open (or has failed to open)."""
        return self._done.is_set()

    @property
    def error(self) -> Exception | None:
        """Why the database could not be opened, if it could not."""
        return self._error

    def open_in_background(self, when_done: Callable[[], None] | None = None) -> None:
        """Start opening (once). ``when_done`` is called exactly once when the outcome is known:

        on the opening thread when it finishes, or at once, on the caller's
        thread, if the database was already open (or had already failed).
        """
        with self._lock:
            finished = self._done.is_set() and self._when_done is None
            if not finished and when_done is not None:
                self._when_done = when_done
            if not finished and self._thread is None and not self._done.is_set():
                self._thread = threading.Thread(target=self._open, name="repdesk-open", daemon=True)
                self._thread.start()
        if finished and when_done is not None:
            when_done()

    def _open(self) -> None:
        try:
            from repdesk.store.engine import open_database

            db = open_database(self.path, backups=self._backups)
            # The desk shows a value damaged in the file as "unreadable" in its field, and goes on.
            db.lenient = True
            self._db = db
        except Exception as exc:  # handed to whoever waits, on their own thread
            self._error = exc
        with self._lock:
            self._done.set()
            when_done, self._when_done = self._when_done, None
        if when_done is not None:
            when_done()

    def wait(self) -> Database:
        """The open database, opening it now if nobody has asked yet."""
        if not self._done.is_set():
            self.open_in_background()
            self._done.wait()
        if self._db is None:
            raise self._error or RepdeskError(f"repdesk could not open {self.path}.")
        return self._db

    def close(self) -> None:
        """Close the database once it is open (waiting for an open under way)."""
        if self._thread is not None:
            self._thread.join()
        if self._db is not None:
            self._db.close()
