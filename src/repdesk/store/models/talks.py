"""ACAS talks: sessions, positions and offers (with their status over time), action points."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from repdesk.domain import clock
from repdesk.domain.enums import OfferKind, OfferStatus, Side, TalksFormat, TalksKind
from repdesk.domain.validation import FieldError, LenientDate, OptionalDate, OptionalTime
from repdesk.store.models.base import (
    LINE,
    LONG,
    NAME,
    SHORT,
    TEXT,
    Input,
    Stamped,
    choice,
    enum_type,
    flag,
    optional,
    partial,
    text_field,
)

DEFAULT_MARKING = (
    "CONFIDENTIAL: ACAS collective conciliation. Not for circulation beyond the union "
    "negotiating team without agreement."
)


class TalksSessionBase(Input):
    """One ACAS talks session as the rep records it."""

    held_on: LenientDate = Field(index=True, title="Date", description="When it was held.")
    starts_at: OptionalTime = optional("Time", "When it started.")
    format: TalksFormat = choice(
        TalksFormat, "Format", "In person, online or hybrid.", default=TalksFormat.ONLINE
    )
    kind: TalksKind = choice(TalksKind, "Kind", "Separate, joint or exploratory.", default=TalksKind.JOINT)
    venue: str = text_field(SHORT, "Venue", "Where, or the meeting link's name.")
    conciliator: str = text_field(NAME, "ACAS conciliator", "Who conciliated.")
    union_attendees: str = text_field(LINE, "Union side", "Who attended for the union.")
    employer_attendees: str = text_field(LINE, "Employer side", "Who attended for the employer.")
    agenda: str = text_field(TEXT, "Agenda", "What was to be discussed.")
    notes: str = text_field(LONG, "Notes", "What was said.")
    caucus_notes: str = text_field(
        LONG, "Caucus notes", "Private union-side notes; never exported unless asked for."
    )
    report_back: str = text_field(TEXT, "Report-back", "What may be shared with members.")
    next_session_on: OptionalDate = optional("Next session", "When talks resume.")
    confidentiality: str = text_field(
        LINE,
        "Confidentiality marking",
        "Shown on every talks screen and export.",
        blank=False,
        default=DEFAULT_MARKING,
    )

    @model_validator(mode="after")
    def _next_after(self) -> TalksSessionBase:
        if self.next_session_on and self.next_session_on < self.held_on:
            raise FieldError("next_session_on", "Next session cannot be before this session's date.")
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

    side: Side = choice(Side, "Side", "Who tabled it.")
    kind: OfferKind = choice(
        OfferKind, "Kind", "Position, proposal, offer or counter-offer.", default=OfferKind.PROPOSAL
    )
    topic: str = text_field(
        NAME,
        "Topic",
        'The issue it is about, e.g. "office days for support roles", to follow across sessions.',
        index=True,
    )
    text: str = text_field(TEXT, "Text", "What was put forward.", blank=False)
    status: OfferStatus = choice(OfferStatus, "Status", "Where it stands.", default=OfferStatus.TABLED)


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

    text: str = text_field(LINE, "Action", "What is to be done.", blank=False)
    owner: str = text_field(NAME, "Owner", "Side or person responsible.")
    owner_side: Side | None = choice(Side, "Owner's side", "Which side owns it.", default=None)
    due_on: OptionalDate = optional("Due", "When it is due.")
    done: bool = flag("Done", "Whether it is done.")


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
