"""The rep's profile: asked for on first run, editable later."""

from __future__ import annotations

from sqlmodel import Session, col, select

from repdesk.store.common import Fields, apply_update, validate
from repdesk.store.errors import NotFound
from repdesk.store.models import RepProfile, RepProfileCreate, RepProfileUpdate


def get_profile(session: Session) -> RepProfile | None:
    """The profile, or None before the first run has asked for it."""
    return session.exec(select(RepProfile).order_by(col(RepProfile.id))).first()


def save_profile(session: Session, data: Fields) -> RepProfile:
    """Create the profile, or replace its fields if it exists."""
    data = validate(RepProfileCreate, data)
    profile = get_profile(session)
    if profile is None:
        profile = RepProfile.model_validate(data)
    else:
        for name, value in data.model_dump().items():
            setattr(profile, name, value)
    session.add(profile)
    session.flush()
    return profile


def update_profile(session: Session, data: Fields) -> RepProfile:
    """Change some profile fields; refused from a stale copy."""
    data = validate(RepProfileUpdate, data)
    profile = get_profile(session)
    if profile is None:
        raise NotFound("There is no rep profile yet: give your name and union first.")
    return apply_update(session, profile, data, "profile")
