"""The rep's own profile (one row), the audit log, reference counters and saved filters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BeforeValidator, model_validator
from sqlmodel import JSON, Field, SQLModel

from repdesk.domain import clock
from repdesk.domain.enums import AuditAction, HolidayRegion
from repdesk.domain.validation import FieldError, OptionalDate
from repdesk.store.models.base import (
    NAME,
    SHORT,
    Input,
    Stamped,
    choice,
    enum_type,
    optional,
    partial,
    text_field,
)
from repdesk.store.models.evidence import DEFAULT_LIMIT_MB, MAX_LIMIT_MB

RETENTION_MONTHS = 72
"""Six years: the limitation period for most claims a closed case could lead to (Limitation Act 1980)."""
MAX_RETENTION_MONTHS = 1200
"""A century: more is surely a typing slip."""
LOCK_AFTER_MINUTES = 10
"""How long an encrypted desk may sit idle before it locks itself."""
MAX_LOCK_AFTER_MINUTES = 480
"""A working day: longer is no lock at all."""


def _blank_is_none(value: Any) -> Any:
    """An emptied form field means "no period" (the review is off)."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


OptionalMonths = Annotated[int | None, BeforeValidator(_blank_is_none)]
"""A number of months, or None (blank) for none."""


class RepProfileBase(Input):
    """Who the rep is; asked on first run, editable later."""

    name: str = text_field(NAME, "Your name", "The rep's name.", blank=False)
    union: str = text_field(NAME, "Union", 'E.g. "PCS".', blank=False)
    branch: str = text_field(NAME, "Branch", "Branch name.")
    workplace: str = text_field(SHORT, "Workplace", "Employer and site.")
    holiday_region: HolidayRegion = choice(
        HolidayRegion,
        "Bank holidays",
        "Whose bank holidays count when working days are computed.",
        default=HolidayRegion.ENGLAND_WALES,
    )
    era2025_commencement: OptionalDate = optional(
        "6-month limit commenced on",
        "The date s.152 of the Employment Rights Act 2025 (6-month tribunal limits) commenced, "
        "once you have confirmed it. Empty: the 3-month limit in force is used.",
    )
    era2025_covers_from: OptionalDate = optional(
        "6-month limit covers acts from",
        "The first act the 6-month limit covers under its transitional rule, if not the "
        "commencement date itself.",
    )
    evidence_limit_mb: int = Field(
        default=DEFAULT_LIMIT_MB,
        ge=1,
        le=MAX_LIMIT_MB,
        title="Evidence file limit (MB)",
        description=(
            "The largest file that may be attached as evidence, in MB; each file is copied into "
            f"the database. At most {MAX_LIMIT_MB}."
        ),
    )

    retention_months: OptionalMonths = Field(
        default=RETENTION_MONTHS,
        ge=1,
        le=MAX_RETENTION_MONTHS,
        title="Review closed cases after (months)",
        description=(
            "How long after a case closed Triage lists it as due for review (keep or delete). "
            f"Default {RETENTION_MONTHS} (six years, the usual limitation period). Empty: no review."
        ),
        # No column default: with one, a new profile saved with the review off (None) would
        # be inserted with the default instead, as SQLAlchemy fills an unset None from it.
        sa_column_kwargs={"default": None},
    )

    lock_after_minutes: OptionalMonths = Field(
        default=LOCK_AFTER_MINUTES,
        ge=1,
        le=MAX_LOCK_AFTER_MINUTES,
        title="Lock the desk after (idle minutes)",
        description=(
            "For an encrypted file: how many minutes without a key pressed before the desk hides "
            f"the casework and asks for the passphrase again. Default {LOCK_AFTER_MINUTES}. "
            "Empty: only ctrl+l locks it."
        ),
        sa_column_kwargs={"default": None},
    )

    @model_validator(mode="after")
    def _coverage_needs_commencement(self) -> RepProfileBase:
        if self.era2025_covers_from is not None and self.era2025_commencement is None:
            raise FieldError(
                "era2025_commencement",
                "Enter the date the 6-month limit commenced before the acts it covers, or leave both empty.",
            )
        return self


class RepProfile(RepProfileBase, Stamped, table=True):
    """The single profile row."""

    __tablename__ = "rep_profile"

    id: int | None = Field(default=None, primary_key=True)


class RepProfileCreate(RepProfileBase):
    """The profile given on first run."""


RepProfileUpdate = partial(RepProfileBase, "RepProfileUpdate")


class AuditEntry(SQLModel, table=True):
    """One create, update or delete: when, what, and which fields went from what to what."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=clock.now, index=True)
    action: AuditAction = Field(sa_type=enum_type(AuditAction))
    entity: str = Field(max_length=40, index=True, description="Table name.")
    entity_id: int = Field(index=True)
    label: str = Field(default="", max_length=SHORT, description="Reference or name, for reading the log.")
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, description="field -> [old, new].")


class ReferenceCounter(SQLModel, table=True):
    """Last number handed out per prefix and year, so references are never reused."""

    __tablename__ = "reference_counter"

    key: str = Field(primary_key=True, max_length=20, description='E.g. "C-2025".')
    last: int = Field(default=0)


class SavedFilter(Stamped, table=True):
    """A filter the rep saved on a list screen, to recall by name."""

    __tablename__ = "saved_filter"
    __table_args__ = (sa.UniqueConstraint("area", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    area: str = Field(max_length=20, description='Which list: "cases", "threats", ...')
    name: str = Field(min_length=1, max_length=60, description="What the rep called it.")
    query: str = Field(max_length=500, description="The filter text, as typed.")


__all__ = [
    "LOCK_AFTER_MINUTES",
    "MAX_LOCK_AFTER_MINUTES",
    "MAX_RETENTION_MONTHS",
    "RETENTION_MONTHS",
    "AuditEntry",
    "ReferenceCounter",
    "RepProfile",
    "RepProfileBase",
    "RepProfileCreate",
    "RepProfileUpdate",
    "SavedFilter",
]
