"""Stand-ins for stored values the desk cannot read (a damaged date, broken JSON).

A value damaged in the file (by a disk fault, or an edit outside repdesk)
must not take the desk down, and its text must never reach the screen or a
traceback: it may be casework. The desk's reads hand back one of these in its
place. Each is a real ``date``, ``datetime``, ``time`` or ``dict``, so code
that sorts or iterates keeps working, shows as "unreadable", and keeps no
trace of what was stored.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

UNREADABLE = "unreadable"
"""What a field shows in place of a value that cannot be read."""


class _Shown:
    """Shows as "unreadable" however it is formatted."""

    def __str__(self) -> str:
        return UNREADABLE

    def __repr__(self) -> str:
        return f"<{UNREADABLE} {type(self).__name__}>"

    def __format__(self, _spec: str) -> str:
        return UNREADABLE

    def isoformat(self, *_args: Any, **_kwargs: Any) -> str:
        """Not the stored text: "unreadable"."""
        return UNREADABLE

    def strftime(self, _format: str) -> str:
        """Not the stored text: "unreadable"."""
        return UNREADABLE


class UnreadableDate(_Shown, date):
    """A stored date that cannot be read. It sorts first, as the earliest date there is."""

    def __new__(cls, *_args: Any) -> UnreadableDate:
        return super().__new__(cls, 1, 1, 1)


class UnreadableDateTime(_Shown, datetime):
    """A stored moment that cannot be read. It sorts first."""

    def __new__(cls, *_args: Any) -> UnreadableDateTime:
        return super().__new__(cls, 1, 1, 1)


class UnreadableTime(_Shown, time):
    """A stored time of day that cannot be read."""

    def __new__(cls, *_args: Any) -> UnreadableTime:
        return super().__new__(cls, 0, 0)


class UnreadableData(_Shown, dict[str, Any]):
    """Stored JSON (tags, a rule's inputs) that cannot be read: empty, so nothing iterates over it."""


def is_unreadable(value: object) -> bool:
    """Whether ``value`` stands in for a stored value that could not be read."""
    return isinstance(value, _Shown)
