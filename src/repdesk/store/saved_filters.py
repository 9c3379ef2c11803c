"""Saved filters: a list screen's filter text kept under a name the rep chose."""

from __future__ import annotations

from sqlmodel import Session, col, select

from repdesk.domain.validation import unstorable
from repdesk.store.common import check_version, delete, get
from repdesk.store.errors import Invalid
from repdesk.store.models import SavedFilter

AREAS = frozenset({"cases", "threats", "members", "talks"})


def _name(name: str) -> str:
    """``name`` as stored (trimmed), or :class:`Invalid` saying what is wrong with it."""
    name = name.strip()
    if not name:
        raise Invalid.one("name", "Name is required.")
    if len(name) > 60:
        raise Invalid.one("name", f"Name is too long ({len(name)} characters); the limit is 60.")
    broken = unstorable(name)
    if broken is not None:
        raise Invalid.one("name", f"Name contains {broken}; type it again.")
    return name


def _named(session: Session, area: str, name: str) -> SavedFilter | None:
    return session.exec(select(SavedFilter).where(SavedFilter.area == area, SavedFilter.name == name)).first()


def save_filter(session: Session, area: str, name: str, query: str) -> SavedFilter:
    """Save (or replace: an update, audited as one) the filter called ``name`` on ``area``."""
    if area not in AREAS:
        raise Invalid.one("area", f"There is no list called {area!r} to save a filter for.")
    name = _name(name)
    if len(query) > 500:
        raise Invalid.one("query", f"Filter is too long ({len(query)} characters); the limit is 500.")
    saved = _named(session, area, name)
    if saved is None:
        saved = SavedFilter(area=area, name=name, query=query)
    saved.query = query
    session.add(saved)
    session.flush()
    return saved


def list_filters(session: Session, area: str) -> list[SavedFilter]:
    """The filters saved for ``area``, by name."""
    query = select(SavedFilter).where(SavedFilter.area == area).order_by(col(SavedFilter.name))
    return list(session.exec(query))


def rename_filter(session: Session, filter_id: int, name: str, *, version: int) -> SavedFilter:
    """Give a saved filter a new name, as the rep saw it (``version``); audited.

    Refused if it is gone or changed since, or if another filter of its list
    already has the name. The same name again changes nothing.
    """
    saved = get(session, SavedFilter, filter_id, "saved filter")
    check_version(saved, version, "saved filter")
    name = _name(name)
    if name == saved.name:
        return saved
    if _named(session, saved.area, name) is not None:
        raise Invalid.one(
            "name",
            f"There is already a saved filter called “{name}”: choose another name, or delete that one.",
        )
    saved.name = name
    session.add(saved)
    session.flush()
    return saved


def delete_filter(session: Session, filter_id: int, *, version: int) -> None:
    """Forget a saved filter, as the rep saw it (refused if gone or changed since); audited."""
    delete(session, SavedFilter, filter_id, version, "saved filter")
