"""Saved filters: a list screen's filter text kept under a name the rep chose."""

from __future__ import annotations

from sqlmodel import Session, col, select

from repdesk.store.errors import Invalid
from repdesk.store.models import SavedFilter

AREAS = frozenset({"cases", "threats", "members", "talks"})


def save_filter(session: Session, area: str, name: str, query: str) -> SavedFilter:
    """Save (or replace) the filter called ``name`` on ``area``."""
    name = name.strip()
    if area not in AREAS:
        raise Invalid.one("area", f"There is no list called {area!r} to save a filter for.")
    if not name:
        raise Invalid.one("name", "Name is required.")
    if len(name) > 60:
        raise Invalid.one("name", f"Name is too long ({len(name)} characters); the limit is 60.")
    if len(query) > 500:
        raise Invalid.one("query", f"Filter is too long ({len(query)} characters); the limit is 500.")
    saved = session.exec(
        select(SavedFilter).where(SavedFilter.area == area, SavedFilter.name == name)
    ).first()
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


def delete_filter(session: Session, filter_id: int) -> None:
    """Forget a saved filter."""
    saved = session.get(SavedFilter, filter_id)
    if saved is not None:
        session.delete(saved)
        session.flush()
