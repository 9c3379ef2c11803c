"""The member form (new and edit): every field a rep keeps, exemptions and the action grouped."""

from __future__ import annotations

from typing import Any

from repdesk.domain.enums import RoleCategory
from repdesk.tui.dialogs.form import Field

DATE_HINT = "6/1/25, 6 Jan 2025, -3d"


def member_fields() -> list[Field]:
    """Every MemberBase field, in the order a rep fills them."""
    return [
        Field("name", "Name", required=True, placeholder="Full name"),
        Field("membership_no", "Membership number", placeholder="Optional; unique where given"),
        Field("job_title", "Job title", placeholder="e.g. 999 call handler, PCSO"),
        Field("role_category", "Role category", "select", RoleCategory.choices(), allow_blank=False),
        Field(
            "office_days_required",
            "Office days required",
            "int",
            placeholder="blank: the policy's 4 (operational) or 3 (support)",
        ),
        Field("department", "Department / unit"),
        Field("work_site", "Work site"),
        Field(
            "work_pattern", "Work pattern", placeholder="e.g. 2 office days a week under the 2021 agreement"
        ),
        Field("email", "Email", placeholder="name@example.org (never exported unless asked)"),
        Field("phone", "Phone"),
        Field("adjustments", "Reasonable adjustments", "area", height=2),
        Field("adjustments_agreed", "Adjustments agreed", "bool"),
        Field("adjustments_agreed_on", "Date adjustments agreed", "date", placeholder=DATE_HINT),
        Field("flexible_plan", "Flexible-working plan", "area", height=2),
        Field("flexible_plan_approved", "Flexible plan approved", "bool"),
        Field("flexible_plan_approved_on", "Date flexible plan approved", "date", placeholder=DATE_HINT),
        Field("in_action", "Taking part in the action", "bool"),
        Field("in_action_since", "In the action since", "date", placeholder=DATE_HINT),
        Field("consent_on", "Consent date", "date", placeholder="When they agreed to you holding their data"),
        Field("notes", "Notes", "area", height=3),
    ]


NEW_VALUES: dict[str, Any] = {"role_category": RoleCategory.SUPPORT}
"""A new member starts as support staff; office days follow the role unless typed."""


def with_policy_days(values: dict[str, Any]) -> dict[str, Any]:
    """Blank office days means what the disputed policy demands of the role."""
    days = values.get("office_days_required")
    if days is None or (isinstance(days, str) and not days.strip()):
        role = values.get("role_category") or RoleCategory.SUPPORT
        values = {**values, "office_days_required": RoleCategory(role).policy_office_days}
    return values
