"""Members: the people the rep is helping, with their exemptions at a glance."""

from __future__ import annotations

import re

from pydantic import field_validator, model_validator
from sqlmodel import Field

from repdesk.domain.enums import RoleCategory
from repdesk.domain.validation import OptionalDate
from repdesk.store.models.base import (
    LINE,
    LONG,
    NAME,
    TEXT,
    Input,
    Stamped,
    enum_type,
    partial,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class MemberBase(Input):
    """What a rep records about a member."""

    name: str = Field(min_length=1, max_length=NAME, title="Name", description="Full name.")
    membership_no: str | None = Field(
        default=None,
        max_length=40,
        title="Membership number",
        description="Union membership number; unique where given.",
    )
    job_title: str = Field(
        default="", max_length=NAME, title="Job title", description='E.g. "999 call handler".'
    )
    role_category: RoleCategory = Field(
        default=RoleCategory.SUPPORT,
        sa_type=enum_type(RoleCategory),
        title="Role category",
        description="Operational or support, as the disputed policy classes the role.",
    )
    office_days_required: int = Field(
        default=3,
        ge=0,
        le=7,
        title="Office days required",
        description="Days a week in the office that management now demands of this member.",
    )
    department: str = Field(
        default="", max_length=NAME, title="Department / unit", description="Department or unit."
    )
    work_site: str = Field(default="", max_length=NAME, title="Work site", description="Usual place of work.")
    email: str | None = Field(
        default=None,
        max_length=254,
        title="Email",
        description="Contact email; never exported unless asked.",
    )
    phone: str | None = Field(
        default=None,
        max_length=40,
        title="Phone",
        description="Contact phone; never exported unless asked.",
    )
    work_pattern: str = Field(
        default="",
        max_length=LINE,
        title="Work pattern",
        description='Current pattern, e.g. "2 office days a week under the 2021 blended-working agreement".',
    )
    adjustments: str = Field(
        default="",
        max_length=TEXT,
        title="Reasonable adjustments",
        description="Adjustments in place or asked for.",
    )
    adjustments_agreed: bool = Field(
        default=False, title="Adjustments agreed", description="Whether management agreed them."
    )
    adjustments_agreed_on: OptionalDate = Field(
        default=None, title="Date adjustments agreed", description="When they were agreed."
    )
    flexible_plan: str = Field(
        default="",
        max_length=TEXT,
        title="Flexible-working plan",
        description="The plan, in the member's words.",
    )
    flexible_plan_approved: bool = Field(
        default=False, title="Flexible plan approved", description="Whether it was approved."
    )
    flexible_plan_approved_on: OptionalDate = Field(
        default=None, title="Date flexible plan approved", description="When it was approved."
    )
    in_action: bool = Field(
        default=False,
        title="Taking part in the action",
        description="Taking part in the industrial action.",
    )
    in_action_since: OptionalDate = Field(
        default=None, title="In the action since", description="First day of taking part."
    )
    consent_on: OptionalDate = Field(
        default=None,
        title="Consent date",
        description="When the member consented to the rep holding their data.",
    )
    notes: str = Field(default="", max_length=LONG, title="Notes", description="Free notes.")

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
            raise ValueError("Date adjustments agreed is set, but the adjustments are not marked agreed.")
        if self.flexible_plan_approved_on and not self.flexible_plan_approved:
            raise ValueError("Date flexible plan approved is set, but the plan is not marked approved.")
        if self.in_action_since and not self.in_action:
            raise ValueError("In the action since is set, but the member is not marked as taking part.")
        return self

    @property
    def has_exemption(self) -> bool:
        """True when an agreed adjustment or approved flexible plan may excuse the policy."""
        return self.adjustments_agreed or self.flexible_plan_approved


class Member(MemberBase, Stamped, table=True):
    """A member, as stored."""

    id: int | None = Field(default=None, primary_key=True)
    membership_no: str | None = Field(default=None, max_length=40, unique=True)

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
