"""Errors the store raises. Each message is a plain sentence for the rep."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from repdesk.domain.errors import RepdeskError
from repdesk.domain.validation import FieldProblem


class DatabaseUnavailable(RepdeskError):
    """The file cannot be opened, read or written (corrupt, locked, no permission)."""


class NewerSchema(DatabaseUnavailable):
    """The file was written by a newer repdesk."""


class Unreadable(DatabaseUnavailable):
    """A stored value (a date, JSON) cannot be read: the file was damaged or edited outside repdesk.

    The message never carries the stored text, which may be casework.
    """

    def __init__(self, what: str, path: Path | None = None) -> None:
        self.what = what
        where = f"{path}" if path is not None else "The database"
        super().__init__(
            f"{where} holds {what} that repdesk cannot read: it was damaged or changed outside repdesk. "
            'Open it in the desk, where the field shows "unreadable", and type it again, '
            "or restore a copy from the backups folder."
        )


class NotFound(RepdeskError):
    """A record the caller named does not exist (any more)."""


class StaleVersion(RepdeskError):
    """The record changed since the caller read it (another repdesk on the same file)."""


class ImmutableRecord(RepdeskError):
    """The record may not be changed in place (threat-log entries)."""


class Invalid(RepdeskError):
    """Input broke one or more rules; every problem is listed."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(problem.message for problem in self.problems))

    @classmethod
    def one(cls, field: str, message: str) -> Invalid:
        """A single problem with one field."""
        return cls([FieldProblem(field, message)])
