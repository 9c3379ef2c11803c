"""What every command shares: exit codes, the usage error, plain words for file errors, and
opening the rep's database."""

from __future__ import annotations

import contextlib
import errno
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from repdesk.domain.errors import RepdeskError
from repdesk.paths import Location

if TYPE_CHECKING:
    from repdesk.store.cipher import Key
    from repdesk.store.engine import Database

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70


def unexpected_error_message(exc: BaseException) -> str:
    """The one line after a bug, in the command line and the desk: the error's type, never its text."""
    # Tracebacks and messages can carry casework (values in locals and SQL), so neither is shown.
    return (
        f"repdesk: unexpected error ({type(exc).__name__}); nothing further was saved. "
        "Set REPDESK_DEBUG=1 to see the details."
    )


class UsageError(RepdeskError):
    """The command line itself is wrong."""


def file_problem(exc: OSError, path: Path | str | None = None) -> str:
    """One sentence for a failed file operation: what went wrong with ``path``, never the data.

    Without ``path`` the file is not named: the error's own file name could be
    one the rep stored (an attachment's path), which no error may show.
    """
    unnamed = "the file being written" if exc.errno == errno.ENOSPC else "a file it needed"
    where = path if path is not None else unnamed
    if exc.errno == errno.ENOSPC:
        return (
            f"The disk holding {where} is full; nothing more was written there. "
            "Free some space and try again."
        )
    if exc.errno == errno.ENAMETOOLONG:
        return f"The file name {where} is too long for its file system; choose a shorter name."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"repdesk cannot use {where}: permission denied. Check the file and folder permissions."
    if exc.errno == errno.EROFS:
        return f"repdesk cannot write {where}: it is on a read-only file system."
    return f"repdesk cannot use {where}: {(exc.strerror or 'the system refused').lower()}."


def exists(path: Path) -> bool:
    """Whether ``path`` exists; a path the system cannot even look up is refused in plain words."""
    try:
        return path.exists()
    except OSError as exc:  # a name too long, a loop of links...
        raise RepdeskError(file_problem(exc, path)) from None


def how_to_start(location: Location) -> str:
    """The command that starts this rep's file: the desk, which asks for the profile first."""
    if location.source == "--db":
        return f"repdesk --db {shlex.quote(str(location.database))}"
    if location.source == "--rep":
        return f"repdesk --rep {shlex.quote(location.rep)}"
    return "repdesk"


def no_database(location: Location, purpose: str = "") -> str:
    """What a command that needs the rep's file says when there is none."""
    return (
        f"There is no database at {location.database} yet{', so nothing to ' + purpose if purpose else ''}. "
        f"Start it by running `{how_to_start(location)}` in a terminal: the desk opens and asks for "
        "your profile. Or try repdesk on fictional data with `repdesk demo`."
    )


@contextlib.contextmanager
def database(
    location: Location, *, create: bool = False, purpose: str = "", new_key: Key | None = None
) -> Iterator[Database]:
    """The rep's database, opened (and upgraded) for one command, then closed.

    Only with ``create`` is a missing file made (``repdesk demo``), encrypted
    under ``new_key`` if given; every other command refuses with
    :func:`no_database` (``purpose`` says what it would have done: "back up"),
    so a mistyped rep never leaves an empty file behind.
    """
    from repdesk.cli.passphrase import key_if_encrypted
    from repdesk.store.engine import open_database

    if not create and not exists(location.database):
        raise RepdeskError(no_database(location, purpose))
    key = key_if_encrypted(location.database) if exists(location.database) else new_key
    db = open_database(location.database, backups=location.backups, key=key)
    try:
        yield db
    finally:
        db.close()
