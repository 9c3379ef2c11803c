"""How a history line names a field (its title), a stored value (as the desk shows it) and a linked record.

The audit log keeps values as they are stored (enum values, ISO dates, ids);
these turn them into what a rep reads ("Waiting on employer", "6 Jan 2026",
"Kim O'Neill"), and a value in a shape repdesk never wrote into "unreadable".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from enum import Enum
from functools import cache
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlmodel import Session, SQLModel

from repdesk.domain.dates import format_date, format_datetime, format_time
from repdesk.domain.text import ELLIPSIS, clip
from repdesk.domain.unreadable import UNREADABLE, is_unreadable
from repdesk.store.models import Case, Member, ThreatEntry, labels_of
from repdesk.store.models.base import LINE

SHORT_TEXT = 48
"""Characters of a text shown before it is cut with "…"."""

# Titles of the columns the store sets, which no form shows and so carry none.
_TITLES = {"status": "Follow-up status", "rule_id": "Rule"}


class Damaged:
    """Stands for a change the log holds in a shape repdesk never wrote."""


def pair(change: Any) -> tuple[Any, Any]:
    """A change's (old, new)."""
    if isinstance(change, list | tuple) and len(change) == 2:
        return change[0], change[1]
    return Damaged, Damaged


def table_name(model: type[SQLModel]) -> str:
    """The table name the log knows a model by."""
    return str(model.__tablename__)


def in_utc(at: Any) -> datetime:
    """A moment from the log, in UTC (SQLite keeps it without its zone)."""
    if not isinstance(at, datetime) or is_unreadable(at):
        return at  # type: ignore[no-any-return]
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


@cache
def _titles(model: type[SQLModel]) -> dict[str, str]:
    """Each field's title, from the model and the input models it is built on."""
    titles: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel:
            titles.update(labels_of(cls))
    return titles


def field_title(model: type[SQLModel], field: str) -> str:
    """A field as a line names it: its title, lower-cased unless it starts with an acronym."""
    return lower_first(_titles(model).get(field) or _TITLES.get(field) or field.replace("_", " "))


def lower_first(words: str) -> str:
    if len(words) > 1 and words[1].isupper():
        return words  # "ACAS conciliator"
    return words[:1].lower() + words[1:]


def _column(model: type[SQLModel], field: str) -> Any:
    mapped: Any = model
    return mapped.__table__.columns.get(field)


def is_long(model: type[SQLModel], field: str) -> bool:
    """Whether a field holds long text (notes, summary): a line says it changed, not how."""
    column = _column(model, field)
    if column is None:
        return False
    kind = column.type
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl  # SQLModel's AutoString, over a String
    if not isinstance(kind, sa.String) or isinstance(kind, sa.Enum):
        return False
    return kind.length is None or kind.length > LINE


def blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def shown_value(model: type[SQLModel], field: str, value: Any, names: Names) -> str:
    """A stored value as the desk shows it (the log keeps enums, dates and times as text)."""
    if value is Damaged:
        return UNREADABLE
    if blank(value):
        return "none"
    linked = names.by_column.get(field)
    if linked is not None:
        return linked(value)
    column = _column(model, field)
    try:
        return _shown(None if column is None else column.type, value)
    except (ValueError, TypeError, AttributeError, OverflowError):
        return UNREADABLE


def _shown(kind: Any, value: Any) -> str:
    """``value`` as a column of type ``kind`` holds it; TypeError for a shape it never holds."""
    if is_unreadable(value):
        return UNREADABLE
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl  # SQLModel's AutoString, over a String
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        member: Any = value if isinstance(value, Enum) else kind.enum_class(value)
        return str(member.label)
    if isinstance(kind, sa.DateTime):
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return format_datetime(in_utc(moment))
    if isinstance(kind, sa.Date):
        return format_date(value if isinstance(value, date) else date.fromisoformat(value))
    if isinstance(kind, sa.Time):
        return format_time(value if isinstance(value, time) else time.fromisoformat(value))
    if isinstance(kind, sa.Boolean) and isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(kind, sa.JSON) and isinstance(value, list):
        return ", ".join(short(item) for item in value if isinstance(item, str))
    if isinstance(kind, sa.String | None) and isinstance(value, str):
        return quoted(value)
    if isinstance(kind, sa.Integer | sa.Float | None) and isinstance(value, int | float):
        return str(value)
    raise TypeError  # a shape this column never holds


def short(text: str, limit: int = SHORT_TEXT) -> str:
    """The first line of ``text``, cut at a word with "…" when there is more."""
    lines = text.strip().splitlines()
    first = clip(" ".join(lines[0].split()) if lines else "", limit)
    return first + ELLIPSIS if len(lines) > 1 and not first.endswith(ELLIPSIS) else first


def quoted(text: str) -> str:
    return f"“{short(text)}”"


class Names:
    """Linked records as a rep names them (a member by name, a case by reference), looked up once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._found: dict[tuple[str, int], str] = {}
        self.by_column: dict[str, Callable[[Any], str]] = {
            "member_id": self.member,
            "case_id": self.case,
            "amends_id": self.threat,
        }

    def _name(self, model: type[SQLModel], column: str, ident: Any, gone: str) -> str:
        if not isinstance(ident, int) or isinstance(ident, bool):
            return UNREADABLE
        key = (table_name(model), ident)
        if key not in self._found:
            found = self.session.get(model, ident) if abs(ident) < 2**63 else None
            self._found[key] = str(getattr(found, column)) if found is not None else gone
        return self._found[key]

    def member(self, ident: Any) -> str:
        """A member's name."""
        return self._name(Member, "name", ident, "a member since deleted")

    def case(self, ident: Any) -> str:
        """A case's reference."""
        return self._name(Case, "ref", ident, "a case since deleted")

    def threat(self, ident: Any) -> str:
        """A threat entry's reference."""
        return self._name(ThreatEntry, "ref", ident, "an entry no longer in the log")
