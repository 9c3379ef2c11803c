"""Members: the people the rep is helping, with their exemptions at a glance."""

from __future__ import annotations

import re
from datetime import datetime

from pydantic import field_validator, model_validator
from sqlmodel import Field

from repdesk.domain.enums import RoleCategory
from repdesk.domain.validation import FieldError, OptionalDate
from repdesk.store.models.base import (
    LINE,
    LONG,
    NAME,
    TEXT,
    Input,
    Stamped,
    choice,
    flag,
    optional,
    partial,
    text_field,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class MemberBase(Input):
    """What a rep records about a member."""

    name: str = text_field(NAME, "Name", "Full name.", blank=False)
    membership_no: str | None = optional(
        "Membership number", "Union membership number; unique where given.", max_length=40
    )
    job_title: str = text_field(NAME, "Job title", 'E.g. "999 call handler".')
    role_category: RoleCategory = choice(
        RoleCategory,
        "Role category",
        "Operational or support, as the disputed policy classes the role.",
        default=RoleCategory.SUPPORT,
    )
    office_days_required: int = Field(
        default=3,
        ge=0,
        le=7,
        title="Office days required",
        description="Days a week in the office that management now demands of this member.",
    )
    department: str = text_field(NAME, "Department / unit", "Department or unit.")
    work_site: str = text_field(NAME, "Work site", "Usual place of work.")
    email: str | None = optional("Email", "Contact email; never exported unless asked.", max_length=254)
    phone: str | None = optional("Phone", "Contact phone; never exported unless asked.", max_length=40)
    work_pattern: str = text_field(
        LINE,
        "Work pattern",
        'Current pattern, e.g. "2 office days a week under the 2021 blended-working agreement".',
    )
    adjustments: str = text_field(TEXT, "Reasonable adjustments", "Adjustments in place or asked for.")
    adjustments_agreed: bool = flag("Adjustments agreed", "Whether management agreed them.")
    adjustments_agreed_on: OptionalDate = optional("Date adjustments agreed", "When they were agreed.")
    flexible_plan: str = text_field(TEXT, "Flexible-working plan", "The plan, in the member's words.")
    flexible_plan_approved: bool = flag("Flexible plan approved", "Whether it was approved.")
    flexible_plan_approved_on: OptionalDate = optional("Date flexible plan approved", "When it was approved.")
    in_action: bool = flag("Taking part in the action", "Taking part in the industrial action.")
    in_action_since: OptionalDate = optional("In the action since", "First day of taking part.")
    consent_on: OptionalDate = optional(
        "Consent date", "When the member consented to the rep holding their data."
    )
    notes: str = text_field(LONG, "Notes", "Free notes.")

    @field_validator("membership_no", "email", "phone", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """An emptied optional field means "not given", so it never clashes as unique."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError(f"Email {value!r} does not look like an address (name@example.org).")
        return value

    @model_validator(mode="after")
    def _dates_agree(self) -> MemberBase:
        if self.adjustments_agreed_on and not self.adjustments_agreed:
            raise FieldError(
                "adjustments_agreed_on",
                "Date adjustments agreed is set, but the adjustments are not marked agreed.",
            )
        if self.flexible_plan_approved_on and not self.flexible_plan_approved:
            raise FieldError(
                "flexible_plan_approved_on",
                "Date flexible plan approved is set, but the plan is not marked approved.",
            )
        if self.in_action_since and not self.in_action:
            raise FieldError(
                "in_action_since", "In the action since is set, but the member is not marked as taking part."
            )
        return self

    @property
    def has_exemption(self) -> bool:
        """True when an agreed adjustment or approved flexible plan may excuse the policy."""
        return self.adjustments_agreed or self.flexible_plan_approved


class Member(MemberBase, Stamped, table=True):
    """A member, as stored."""

    id: int | None = Field(default=None, primary_key=True)
    membership_no: str | None = Field(default=None, max_length=40, unique=True)
    archived_at: datetime | None = Field(
        default=None,
        index=True,
        description="When the rep archived the member (UTC): hidden from lists, kept for the record.",
    )

    @property
    def exemption_summary(self) -> str:
        """One line naming what may excuse the member from the policy, or ""."""
        parts = []
        if self.adjustments_agreed:
            parts.append("reasonable adjustments agreed")
        if self.flexible_plan_approved:
            parts.append("flexible-working plan approved")
        return "; ".join(parts)


class MemberCreate(MemberBase):
    """A new member."""


MemberUpdate = partial(MemberBase, "MemberUpdate")

__all__ = ["Member", "MemberBase", "MemberCreate", "MemberUpdate"]
