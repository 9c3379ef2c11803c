"""The rep's database as the desk holds it: opened on a thread, so the first screen draws first.

Opening means importing the store (SQLAlchemy, SQLModel, pydantic, every
model) and checking or upgrading the file: well over half a second. The desk
starts it once its first frame is up and reads its first page meanwhile with
the standard library (:mod:`repdesk.store.quick`). Anything that needs the
database asks :meth:`DeskStore.wait`, which returns at once when it is open;
a key pressed in the first moments waits for it rather than failing.

An encrypted file is opened only once :meth:`DeskStore.unlock` has derived
its key; :meth:`DeskStore.lock` closes it again and drops the key. While it is
locked, a worker that asks waits until it is unlocked; the desk's own thread
is refused in a sentence, since it is the one that must show the unlock screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from repdesk.domain.errors import RepdeskError
from repdesk.store.filestate import FileState, state

if TYPE_CHECKING:
    from repdesk.store.cipher import Key
    from repdesk.store.engine import Database


def _load_store_code() -> None:
    """Import what opening the file and the first screen's reads need (SQLAlchemy, the models)."""
    import repdesk.store.engine
    import repdesk.store.triage  # noqa: F401


class Locked(RepdeskError):
    """The desk is locked: nothing may be read until the passphrase is given again."""


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
        self._key: Key | None = None
        self.encrypted = db.encrypted if db is not None else state(path) is FileState.ENCRYPTED
        """Whether the file is encrypted, so opens only after :meth:`unlock`."""
        if db is not None:
            db.lenient = True
            self._key = db.key
            self._done.set()

    @property
    def locked(self) -> bool:
        """True while an encrypted file waits for its passphrase."""
        return self.encrypted and self._key is None

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
            if self.locked:  # opened by unlock() once the passphrase is given
                self._when_done = when_done or self._when_done
                # Meanwhile load the store's code, so the rep waits only for the file itself.
                threading.Thread(target=_load_store_code, name="repdesk-warm", daemon=True).start()
                return
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

            db = open_database(self.path, backups=self._backups, key=self._key)
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
        """The open database, opening it now if nobody has asked yet (see the module on locking)."""
        if self.locked and threading.current_thread() is threading.main_thread():
            raise Locked("The desk is locked: give the passphrase to go on.")
        if not self._done.is_set():
            self.open_in_background()
            self._done.wait()
        if self._db is None:
            raise self._error or RepdeskError(f"repdesk could not open {self.path}.")
        return self._db

    def unlock(self, passphrase: str, when_done: Callable[[], None] | None = None) -> None:
        """Derive the key from ``passphrase`` and start opening the file (raises ``WrongPassphrase``).

        The slow step (deriving the key): call it from a worker thread. ``when_done``
        is called as :meth:`open_in_background` says.
        """
        from repdesk.store import cipher

        key = cipher.key_for(self.path, passphrase)
        cipher.check(self.path, key)
        with self._lock:
            self._key = key
            self._thread = None
        self.open_in_background(when_done)

    def lock(self) -> None:
        """Close the database, drop the key and every connection; workers that ask now wait."""
        with self._lock:
            if not self.encrypted:
                return
            db, self._db = self._db, None
            self._key = None
            self._done.clear()
            self._error = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if db is not None:
            db.close()

    def release(self) -> None:
        """Wake every worker still waiting for a locked file, which then fails (the desk is closing)."""
        with self._lock:
            if self.locked:
                self._error = Locked("The desk closed while it was locked.")
                self._done.set()

    def encrypt(self, passphrase: str) -> None:
        """Encrypt the (plain) file under ``passphrase`` now, and go on with it encrypted."""
        from repdesk.store import cipher, encryption

        key = cipher.new_key(passphrase)
        db = self.wait()
        backups = self._backups or self.path.parent / "backups"
        with self._lock:
            db.close()
            self._db = None
            self._done.clear()
            self._thread = None
        try:
            encryption.encrypt_file(self.path, key, backups)
        except BaseException:
            self.open_in_background()  # the file is as it was: open it again as it is
            self._done.wait()
            raise
        with self._lock:
            self.encrypted = True
            self._key = key
        self.open_in_background()
        self._done.wait()

    def close(self) -> None:
        """Close the database once it is open (waiting for an open under way)."""
        if self._thread is not None:
            self._thread.join()
        if self._db is not None:
            self._db.close()
