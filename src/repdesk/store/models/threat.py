"""The disciplinary-threat log: exact, dated, never edited in place."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from repdesk.domain import clock
from repdesk.domain.enums import (
    ProtectedActivity,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
)
from repdesk.domain.validation import LenientDate, OptionalTime
from repdesk.store.models.base import (
    LINE,
    LONG,
    NAME,
    SHORT,
    TEXT,
    Input,
    choice,
    enum_type,
    flag,
    optional,
    text_field,
)


class ThreatEntryBase(Input):
    """What the rep records about one threat or detriment from management."""

    occurred_on: LenientDate = Field(index=True, title="Date", description="The day it happened.")
    occurred_at: OptionalTime = optional("Time", "The time, if known.")
    made_by: str = text_field(NAME, "Made by", "Who made it (name).", blank=False)
    made_by_role: str = text_field(NAME, "Their role", "Their role or rank.")
    channel: ThreatChannel = choice(ThreatChannel, "Channel", "How it was made.")
    audience: ThreatAudience = choice(ThreatAudience, "Audience", "Who it was addressed to.")
    kind: ThreatKind = choice(ThreatKind, "Kind", "What was threatened.", index=True)
    exact_words: str = text_field(TEXT, "Exact words", "A quote, not a paraphrase.", blank=False)
    context: str = text_field(LONG, "Context", "What led to it, who else was there.")
    related_to_action: bool = flag(
        "Related to the action", "Whether it relates to the industrial action or other union activity."
    )
    protected_activity: ProtectedActivity = choice(
        ProtectedActivity,
        "Related activity",
        "The industrial action or other union activity it relates to, if any (a fact only).",
        default=ProtectedActivity.NONE,
    )
    witnesses: str = text_field(LINE, "Witnesses", "Who else saw or heard it.")
    document_ref: str = text_field(SHORT, "Document reference", "The letter, email or notice it is in.")
    disputed: bool = flag("Alleged / disputed", "Shown as 'alleged' in a chronology.")

    @field_validator("occurred_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        # The entry is recorded now, so it cannot have happened after today.
        if value > clock.today():
            raise ValueError("Date cannot be in the future: a threat cannot be recorded before it happened.")
        return value

    @model_validator(mode="after")
    def _related_follows_activity(self) -> ThreatEntryBase:
        if self.protected_activity is not ProtectedActivity.NONE and not self.related_to_action:
            self.related_to_action = True
        return self


class ThreatEntry(ThreatEntryBase, table=True):
    """A threat-log entry, as stored.

    Everything above is fixed once saved (a trigger refuses changes); only the
    follow-up status moves. A correction is a new entry with ``amends_id``.
    """

    __tablename__ = "threat_entry"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=20, unique=True, description="Human reference, e.g. T-2025-0003.")
    recorded_at: datetime = Field(
        default_factory=clock.now, description="When it was recorded; set by the app, never edited."
    )
    amends_id: int | None = Field(
        default=None,
        foreign_key="threat_entry.id",
        index=True,
        description="The entry this one corrects.",
    )
    correction_reason: str = Field(
        default="", max_length=LINE, description="Why the earlier entry was corrected."
    )
    status: ThreatStatus = Field(
        default=ThreatStatus.LOGGED,
        sa_type=enum_type(ThreatStatus),
        index=True,
        description="Follow-up status.",
    )
    status_changed_at: datetime | None = Field(
        default=None, description="When the follow-up status last changed."
    )
    version: int = Field(default=1, description="Bumped when the follow-up status changes.")
    salt: str = Field(
        default_factory=lambda: secrets.token_hex(16),
        max_length=32,
        description="Random, per entry, never shown: salts the content hash the chain commits to.",
    )


class ThreatEntryCreate(ThreatEntryBase):
    """A new entry, with the members and cases it touches."""

    member_ids: list[int] = Field(default_factory=list, title="Members", description="Members it touches.")
    case_ids: list[int] = Field(default_factory=list, title="Cases", description="Cases it touches.")


class ThreatCorrection(ThreatEntryCreate):
    """A correction: a complete new entry plus why the earlier one was wrong."""

    reason: str = text_field(LINE, "Reason for correction", "What was wrong.", blank=False)


class ThreatMember(SQLModel, table=True):
    """Links a threat entry to a member it touches."""

    __tablename__ = "threat_member"

    threat_id: int = Field(foreign_key="threat_entry.id", primary_key=True, ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", primary_key=True, ondelete="CASCADE", index=True)


class ThreatCase(SQLModel, table=True):
    """Links a threat entry to a case it touches."""

    __tablename__ = "threat_case"

    threat_id: int = Field(foreign_key="threat_entry.id", primary_key=True, ondelete="CASCADE")
    case_id: int = Field(foreign_key="member_case.id", primary_key=True, ondelete="CASCADE", index=True)


__all__ = [
    "ThreatCase",
    "ThreatCorrection",
    "ThreatEntry",
    "ThreatEntryBase",
    "ThreatEntryCreate",
    "ThreatMember",
]
