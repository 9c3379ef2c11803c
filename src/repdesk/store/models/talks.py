"""ACAS talks: sessions, positions and offers (with their status over time), action points."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from repdesk.domain import clock
from repdesk.domain.enums import OfferKind, OfferStatus, Side, TalksFormat, TalksKind
from repdesk.domain.validation import LenientDate, OptionalDate, OptionalTime
from repdesk.store.models.base import (
    LINE,
    LONG,
    NAME,
    SHORT,
    TEXT,
    Input,
    Stamped,
    enum_type,
    partial,
)

DEFAULT_MARKING = (
    "CONFIDENTIAL: ACAS collective conciliation. Not for circulation beyond the union "
    "negotiating team without agreement."
)


class TalksSessionBase(Input):
    """One ACAS talks session as the rep records it."""

    held_on: LenientDate = Field(index=True, title="Date", description="When it was held.")
    starts_at: OptionalTime = Field(default=None, title="Time", description="When it started.")
    format: TalksFormat = Field(
        default=TalksFormat.ONLINE,
        sa_type=enum_type(TalksFormat),
        title="Format",
        description="In person, online or hybrid.",
    )
    kind: TalksKind = Field(
        default=TalksKind.JOINT,
        sa_type=enum_type(TalksKind),
        title="Kind",
        description="Separate, joint or exploratory.",
    )
    venue: str = Field(
        default="",
        max_length=SHORT,
        title="Venue",
        description="Where, or the meeting link's name.",
    )
    conciliator: str = Field(
        default="", max_length=NAME, title="ACAS conciliator", description="Who conciliated."
    )
    union_attendees: str = Field(
        default="", max_length=LINE, title="Union side", description="Who attended for the union."
    )
    employer_attendees: str = Field(
        default="",
        max_length=LINE,
        title="Employer side",
        description="Who attended for the employer.",
    )
    agenda: str = Field(default="", max_length=TEXT, title="Agenda", description="What was to be discussed.")
    notes: str = Field(default="", max_length=LONG, title="Notes", description="What was said.")
    caucus_notes: str = Field(
        default="",
        max_length=LONG,
        title="Caucus notes",
        description="Private union-side notes; never exported unless asked for.",
    )
    report_back: str = Field(
        default="",
        max_length=TEXT,
        title="Report-back",
        description="What may be shared with members.",
    )
    next_session_on: OptionalDate = Field(
        default=None, title="Next session", description="When talks resume."
    )
    confidentiality: str = Field(
        default=DEFAULT_MARKING,
        min_length=1,
        max_length=LINE,
        title="Confidentiality marking",
        description="Shown on every talks screen and export.",
    )

    @model_validator(mode="after")
    def _next_after(self) -> TalksSessionBase:
        if self.next_session_on and self.next_session_on < self.held_on:
            raise ValueError("Next session cannot be before this session's date.")
        return self


class TalksSession(TalksSessionBase, Stamped, table=True):
    """A talks session, as stored."""

    __tablename__ = "talks_session"

    id: int | None = Field(default=None, primary_key=True)


class TalksSessionCreate(TalksSessionBase):
    """A new talks session."""


TalksSessionUpdate = partial(TalksSessionBase, "TalksSessionUpdate")


class OfferBase(Input):
    """A position, proposal or offer put on the table."""

    side: Side = Field(sa_type=enum_type(Side), title="Side", description="Who tabled it.")
    kind: OfferKind = Field(
        default=OfferKind.PROPOSAL,
        sa_type=enum_type(OfferKind),
        title="Kind",
        description="Position, proposal, offer or counter-offer.",
    )
    topic: str = Field(
        default="",
        max_length=NAME,
        index=True,
        title="Topic",
        description='The issue it is about, e.g. "office days for support roles", to follow across sessions.',
    )
    text: str = Field(min_length=1, max_length=TEXT, title="Text", description="What was put forward.")
    status: OfferStatus = Field(
        default=OfferStatus.TABLED,
        sa_type=enum_type(OfferStatus),
        title="Status",
        description="Where it stands.",
    )


class Offer(OfferBase, Stamped, table=True):
    """A position or offer, as stored."""

    __tablename__ = "talks_offer"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="talks_session.id", ondelete="CASCADE", index=True)


class OfferCreate(OfferBase):
    """A new position or offer."""


OfferUpdate = partial(OfferBase, "OfferUpdate", exclude=("status",))


class OfferStatusChange(SQLModel, table=True):
    """One step in an offer's status over time."""

    __tablename__ = "talks_offer_status"

    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(foreign_key="talks_offer.id", ondelete="CASCADE", index=True)
    session_id: int | None = Field(
        default=None,
        foreign_key="talks_session.id",
        ondelete="SET NULL",
        description="Session where the change was noted.",
    )
    changed_on: date = Field(description="When the status changed.")
    from_status: OfferStatus | None = Field(default=None, sa_type=enum_type(OfferStatus))
    to_status: OfferStatus = Field(sa_type=enum_type(OfferStatus))
    note: str = Field(default="", max_length=LINE)
    recorded_at: datetime = Field(default_factory=clock.now)


class ActionPointBase(Input):
    """Something someone agreed to do."""

    text: str = Field(min_length=1, max_length=LINE, title="Action", description="What is to be done.")
    owner: str = Field(default="", max_length=NAME, title="Owner", description="Side or person responsible.")
    owner_side: Side | None = Field(
        default=None,
        sa_type=enum_type(Side),
        title="Owner's side",
        description="Which side owns it.",
    )
    due_on: OptionalDate = Field(default=None, title="Due", description="When it is due.")
    done: bool = Field(default=False, title="Done", description="Whether it is done.")


class ActionPoint(ActionPointBase, Stamped, table=True):
    """An action point, as stored."""

    __tablename__ = "action_point"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="talks_session.id", ondelete="CASCADE", index=True)
    done_on: date | None = Field(default=None, description="When it was marked done.")


class ActionPointCreate(ActionPointBase):
    """A new action point."""


ActionPointUpdate = partial(ActionPointBase, "ActionPointUpdate")

__all__ = [
    "DEFAULT_MARKING",
    "ActionPoint",
    "ActionPointBase",
    "ActionPointCreate",
    "ActionPointUpdate",
    "Offer",
    "OfferBase",
    "OfferCreate",
    "OfferStatusChange",
    "OfferUpdate",
    "TalksSession",
    "TalksSessionBase",
    "TalksSessionCreate",
    "TalksSessionUpdate",
]
