"""What every command shares: exit codes, the usage error, and opening the rep's database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location

if TYPE_CHECKING:
    from repdesk.store.engine import Database

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70

NO_DATABASE = "There is no database at {path}; start one with `repdesk` (or `repdesk demo`)."
"""What a command that needs the rep's file says when there is none."""


class UsageError(RepdeskError):
    """The command line itself is wrong."""


@contextlib.contextmanager
def database(location: Location, *, missing: str = "") -> Iterator[Database]:
    """The rep's database, opened (and upgraded) for one command, then closed.

    With ``missing``, a file that does not exist is refused with that message
    (``{path}`` names the file) instead of being created.
    """
    from repdesk.store.engine import open_database

    if missing and not location.database.exists():
        raise RepdeskError(missing.format(path=location.database))
    db = open_database(location.database, backups=location.backups)
    try:
        yield db
    finally:
        db.close()
