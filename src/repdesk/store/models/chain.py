"""The threat log's hash chain: one row per event, appended and never changed (triggers refuse)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from repdesk.domain.chain import EventKind
from repdesk.store.models.base import enum_type


class ThreatEvent(SQLModel, table=True):
    """One event in the chain: what happened to which entry, and the hashes that tie it to the rest.

    ``facts`` holds ids, references, hashes and states only, never a name or a
    quote, so an erasure never has to rewrite the chain.
    """

    __tablename__ = "threat_event"

    seq: int = Field(
        primary_key=True,
        sa_column_kwargs={"autoincrement": False},
        description="Position in the chain, from 1.",
    )
    entry_id: int = Field(foreign_key="threat_entry.id", index=True, description="The entry it touches.")
    kind: EventKind = Field(sa_type=enum_type(EventKind), description="What happened.")
    at: datetime = Field(description="When it happened (UTC).")
    facts: str = Field(description="The event's facts, as the canonical JSON that was hashed.")
    prev: str = Field(max_length=64, description="The hash of the event before (zeros for the first).")
    hash: str = Field(max_length=64, unique=True, description="SHA-256 of prev and the canonical event.")


__all__ = ["ThreatEvent"]
