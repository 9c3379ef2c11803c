"""What is at a database path, from its first bytes alone: cheap enough for the desk's start.

Standard library only, so the desk can tell an encrypted file (which opens on
the unlock screen) before it has loaded the store.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

PLAIN_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every plain SQLite file; an encrypted file starts with its random salt."""
MIN_PAGE = 512
"""The smallest page SQLite or SQLCipher writes: every database file is a whole number of them."""


class FileState(StrEnum):
    """What is at a database path, read from its first bytes alone."""

    MISSING = "missing"
    EMPTY = "empty"
    PLAIN = "plain"
    ENCRYPTED = "encrypted"


def state(path: Path) -> FileState:
    """Whether ``path`` is missing, empty, a plain SQLite file or (by elimination) an encrypted one.

    A file that is not a whole number of pages is no database at all: it counts as
    plain, so opening it says the file is damaged instead of asking for a passphrase.
    """
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
            size = os.fstat(handle.fileno()).st_size
    except (FileNotFoundError, NotADirectoryError):  # a path under a file cannot exist, as Path.exists says
        return FileState.MISSING
    if not head:
        return FileState.EMPTY
    return FileState.PLAIN if head == PLAIN_HEADER or size % MIN_PAGE else FileState.ENCRYPTED
