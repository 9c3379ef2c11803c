"""Member cases, their timelines, attachments and deadlines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from pydantic import field_validator, model_validator
from sqlmodel import JSON, Field, SQLModel

from repdesk.domain import clock
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DeadlineKind,
    DisciplinaryStage,
    Priority,
    TimelineKind,
)
from repdesk.domain.validation import FieldError, LenientDate, OptionalDate
from repdesk.store.models.base import (
    LINE,
    LONG,
    NAME,
    SHORT,
    Input,
    Stamped,
    choice,
    flag,
    optional,
    partial,
    text_field,
)

MAX_TAGS = 20


class CaseBase(Input):
    """What a rep records about a case."""

    member_id: int = Field(
        foreign_key="member.id",
        index=True,
        title="Member",
        description="The member the case is for.",
    )
    title: str = text_field(SHORT, "Title", "A short name for the matter.", blank=False)
    category: CaseCategory = choice(CaseCategory, "Category", "What the case is about.")
    status: CaseStatus = choice(CaseStatus, "Status", "Where it stands.", default=CaseStatus.NEW, index=True)
    outcome: CaseOutcome | None = choice(
        CaseOutcome, "Outcome", "How it ended (closed cases only).", default=None
    )
    priority: Priority = choice(Priority, "Priority", "How pressing it is.", default=Priority.NORMAL)
    stage: DisciplinaryStage | None = choice(
        DisciplinaryStage,
        "Disciplinary stage",
        "Stage reached under the ACAS Code (disciplinary cases only).",
        default=None,
    )
    opened_on: LenientDate = Field(
        default_factory=clock.today, title="Opened", description="When the case was opened."
    )
    closed_on: OptionalDate = optional("Closed", "When it was closed.")
    next_action: str = text_field(LINE, "Next action", "What the rep must do next.")
    next_action_due: OptionalDate = optional("Next action due", "When the next action is due.")
    tags: list[str] = Field(default_factory=list, sa_type=JSON, title="Tags", description="Free tags.")
    summary: str = text_field(LONG, "Summary", "The facts, in the rep's words.")

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: Any) -> Any:
        """Accept "a, b c" as typed in a form; keep tags lower-case and unique."""
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        if isinstance(value, list):
            seen: list[str] = []
            for tag in value:
                tag = str(tag).strip().lower().lstrip("#")
                if not tag:
                    continue
                if len(tag) > 40:
                    raise ValueError(f"Tag {tag[:20]!r}… is too long; keep tags under 40 characters.")
                if tag not in seen:
                    seen.append(tag)
            if len(seen) > MAX_TAGS:
                raise ValueError(f"A case can have at most {MAX_TAGS} tags.")
            return seen
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CaseBase:
        if self.closed_on and self.closed_on < self.opened_on:
            raise FieldError("closed_on", "Closed date cannot be before the opened date.")
        if self.status is CaseStatus.CLOSED and self.outcome is None:
            raise FieldError("outcome", "Outcome is required when a case is closed.")
        if self.status is not CaseStatus.CLOSED and (self.outcome or self.closed_on):
            raise FieldError(
                "status", "Outcome and closed date are for closed cases only; set the status to closed first."
            )
        if self.stage and self.category is not CaseCategory.DISCIPLINARY:
            raise FieldError("stage", "Disciplinary stage is for disciplinary cases only.")
        return self


class Case(CaseBase, Stamped, table=True):
    """A case, as stored. ``ref`` is given by the store and never reused."""

    __tablename__ = "member_case"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=20, unique=True, description="Human reference, e.g. C-2025-0007.")
    last_activity_on: date = Field(
        default_factory=clock.today,
        index=True,
        description="Latest date anything happened on the case; drives the urgency score.",
    )
    next_due_on: date | None = Field(
        default=None,
        index=True,
        description="Earliest deadline not yet done; kept by triggers on the deadline table.",
    )
    urgency: float | None = Field(
        default=None,
        description=(
            "The urgency score as of urgency_day.scored_on, so the list sorts on an index. "
            "A trigger blanks it when an input changes; the store rescores blank rows on "
            "every flush and every row once a day."
        ),
    )

    # The list's order, with the columns its filters test, so a filtered page is
    # read off the index in score order without a sort or a table scan.
    __table_args__ = (
        sa.Index("ix_member_case_urgency", "urgency", "id", "status", "priority", "category", "member_id"),
    )


class UrgencyDay(SQLModel, table=True):
    """The one day the stored urgency scores were computed for (one row)."""

    __tablename__ = "urgency_day"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    scored_on: date


class CaseCreate(CaseBase):
    """A new case."""


CaseUpdate = partial(CaseBase, "CaseUpdate", exclude=("member_id",))


class TimelineEntryBase(Input):
    """A dated thing that happened on a case."""

    occurred_on: LenientDate = Field(
        default_factory=clock.today, title="Date", description="When it happened."
    )
    kind: TimelineKind = choice(TimelineKind, "Kind", "What sort of entry.", default=TimelineKind.NOTE)
    summary: str = text_field(SHORT, "Summary", "One line.", blank=False)
    body: str = text_field(LONG, "Details", "The longer text.")


class TimelineEntry(TimelineEntryBase, Stamped, table=True):
    """A timeline entry, as stored."""

    __tablename__ = "timeline_entry"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="member_case.id", ondelete="CASCADE", index=True)


class TimelineEntryCreate(TimelineEntryBase):
    """A new timeline entry."""


TimelineEntryUpdate = partial(TimelineEntryBase, "TimelineEntryUpdate")


class AttachmentBase(Input):
    """A file the rep points to as evidence. The file stays where it is; its hash is kept."""

    path: str = text_field(1_000, "File", "Where the file is.", blank=False)
    description: str = text_field(SHORT, "Description", "What the file is.")


class Attachment(AttachmentBase, table=True):
    """An attached file: on a timeline entry or on a threat-log entry, never both."""

    __table_args__ = (
        sa.CheckConstraint(
            "(timeline_entry_id IS NULL) != (threat_entry_id IS NULL)",
            name="ck_attachment_one_owner",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    timeline_entry_id: int | None = Field(
        default=None, foreign_key="timeline_entry.id", ondelete="CASCADE", index=True
    )
    threat_entry_id: int | None = Field(
        default=None, foreign_key="threat_entry.id", ondelete="CASCADE", index=True
    )
    sha256: str = Field(
        max_length=64,
        index=True,
        description=(
            "SHA-256 of the file when it was attached; its bytes are in evidence_blob under this "
            "hash when the file is stored in the database (attachments made before 0008 are not)."
        ),
    )
    size_bytes: int = Field(description="Size of the file when it was attached.")
    attached_at: datetime = Field(default_factory=clock.now, description="When it was attached (UTC).")


class AttachmentCreate(AttachmentBase):
    """A file to attach; the store reads it to compute the hash."""


class DeadlineBase(Input):
    """A key date on a case."""

    kind: DeadlineKind = choice(DeadlineKind, "Kind", "What sort of date.", default=DeadlineKind.OTHER)
    what: str = text_field(SHORT, "What", "What falls due.", blank=False)
    due_on: LenientDate = Field(title="Due", description="When.")
    done: bool = flag("Done", "Whether it has been dealt with.")
    notes: str = text_field(LINE, "Notes", "Anything to remember about it.")


class Deadline(DeadlineBase, Stamped, table=True):
    """A deadline, as stored. Computed ones keep the rule and its inputs to show the working."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="member_case.id", ondelete="CASCADE", index=True)
    due_on: date = Field(index=True)
    done_on: date | None = Field(default=None, description="When it was marked done.")
    rule_id: str | None = Field(
        default=None, max_length=NAME, description="Rule that computed the date, if any."
    )
    rule_version: int | None = Field(default=None, description="Version of that rule.")
    rule_inputs: dict[str, str] | None = Field(
        default=None, sa_type=JSON, description="ISO inputs the rule used."
    )


class DeadlineCreate(DeadlineBase):
    """A new deadline typed by the rep."""


DeadlineUpdate = partial(DeadlineBase, "DeadlineUpdate")

__all__ = [
    "Attachment",
    "AttachmentCreate",
    "Case",
    "CaseBase",
    "CaseCreate",
    "CaseUpdate",
    "Deadline",
    "DeadlineBase",
    "DeadlineCreate",
    "DeadlineUpdate",
    "TimelineEntry",
    "TimelineEntryBase",
    "TimelineEntryCreate",
    "TimelineEntryUpdate",
    "UrgencyDay",
]
