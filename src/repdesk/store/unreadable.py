"""Reading a stored value that cannot be read: a plain error, or (in the desk) a stand-in.

SQLite keeps dates, times and JSON as text, so a file damaged on disk or
edited outside repdesk can hold ``opened_on = 'garbage'``. SQLAlchemy would
raise ``ValueError: Invalid isoformat string: 'garbage'``, printing the stored
text. :func:`install` swaps the engine's date, time and JSON types for ones
that catch that: by default they raise :class:`~repdesk.store.errors.Unreadable`
(a plain sentence, no value), which the command line prints as any other
error; in the desk (``lenient``) they hand back a stand-in from
:mod:`repdesk.domain.unreadable`, shown as "unreadable" in its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import base as sqlite_base
from sqlalchemy.engine import Dialect, Engine

from repdesk.domain.unreadable import UnreadableData, UnreadableDate, UnreadableDateTime, UnreadableTime
from repdesk.store.errors import Unreadable

_LENIENT = "repdesk_lenient"
"""The dialect attribute saying this engine's reads hand back stand-ins."""


def _guard(
    processor: Callable[[Any], Any] | None, dialect: Dialect, stand_in: Callable[[], Any], what: str
) -> Callable[[Any], Any] | None:
    if processor is None:
        return None

    def read(value: Any) -> Any:
        try:
            return processor(value)
        except (ValueError, TypeError):
            # The stored text goes nowhere: no message, no chained exception.
            if getattr(dialect, _LENIENT, False):
                return stand_in()
            raise Unreadable(what) from None

    return read


class _Date(sqlite_base.DATE):
    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        return _guard(super().result_processor(dialect, coltype), dialect, UnreadableDate, "a date")


class _DateTime(sqlite_base.DATETIME):
    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        return _guard(
            super().result_processor(dialect, coltype), dialect, UnreadableDateTime, "a date and time"
        )


class _Time(sqlite_base.TIME):
    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        processor = super().result_processor(dialect, coltype)  # type: ignore[no-untyped-call]
        return _guard(processor, dialect, UnreadableTime, "a time")


class _Json(sqlite_base._SQliteJson):
    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        processor = super().result_processor(dialect, coltype)  # type: ignore[no-untyped-call]
        return _guard(processor, dialect, UnreadableData, "a list of values")


def install(engine: Engine) -> None:
    """Read this engine's dates, times and JSON through the guarded types (strict until set lenient)."""
    dialect = engine.dialect
    dialect.colspecs = {
        **dialect.colspecs,
        sa.Date: _Date,
        sa.DateTime: _DateTime,
        sa.Time: _Time,
        sa.JSON: _Json,
    }


def set_lenient(engine: Engine, lenient: bool) -> None:
    """Whether a value that cannot be read comes back as a stand-in (the desk) or raises (everything else)."""
    setattr(engine.dialect, _LENIENT, lenient)
