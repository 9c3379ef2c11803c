"""Everything about one member, for the members list's detail pane."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from repdesk.domain.dates import format_date, format_datetime
from repdesk.domain.enums import CaseStatus
from repdesk.domain.text import clip
from repdesk.store.models import Case, Member, ThreatEntry

EXEMPT_STYLE = "bold green"
ACTION_STYLE = "bold magenta"
ARCHIVED_STYLE = "bold yellow"


QUOTE_SHOWN = 90
"""Characters of a threat's exact words shown here (the threat log shows them all)."""


def _item(line: Text) -> Padding:
    """A list line, indented, wrapping under itself."""
    return Padding(line, (0, 0, 0, 2))


def _or_none(value: str | None) -> Text:
    # Text, not str: a table cell given a str reads it as markup, and what a rep
    # typed must show as typed and never break the pane.
    return Text(value) if value else Text("not recorded", style="dim")


def _exemption(granted: str, asked: str, agreed: bool, on: date | None, what: str) -> Text | None:
    """One exemption: granted in green with its date, asked for but not granted in yellow, else nothing."""
    if agreed:
        when = f" {format_date(on)}" if on else ""
        return Text(f"✔ {granted}{when}" + (f": {what}" if what else ""), style=EXEMPT_STYLE)
    return Text(f"{asked}: {what}", style="yellow") if what else None


def exemption_lines(member: Member) -> list[Text]:
    """Agreed adjustments and approved plans in green with their dates; ones not agreed in yellow."""
    lines = [
        _exemption(
            "Reasonable adjustments agreed",
            "Adjustments asked for, not agreed",
            member.adjustments_agreed,
            member.adjustments_agreed_on,
            member.adjustments,
        ),
        _exemption(
            "Flexible-working plan approved",
            "Flexible-working plan, not approved",
            member.flexible_plan_approved,
            member.flexible_plan_approved_on,
            member.flexible_plan,
        ),
    ]
    return [line for line in lines if line is not None]


def member_detail_renderable(
    member: Member, cases: Sequence[Case], threats: Sequence[ThreatEntry]
) -> RenderableType:
    """The member: who they are, what may excuse them from the policy, the action, then their casework."""
    head = Text(member.name, style="bold")
    if member.membership_no:
        head.append(f"   no. {member.membership_no}", style="dim")
    parts: list[RenderableType] = [head]
    if member.archived_at is not None:
        parts.append(
            Text(
                f"Archived {format_datetime(member.archived_at)}: out of the list and the pickers, "
                "kept for the record with their cases and threat entries. r restores them.",
                style=ARCHIVED_STYLE,
            )
        )
    role = ", ".join(part for part in (member.job_title, member.department, member.work_site) if part)
    if role:
        parts.append(Text(role))
    parts.append(
        Text(f"{member.role_category.label} role: {member.office_days_required} office days a week required")
    )
    parts.extend(exemption_lines(member))
    if member.in_action:
        since = f" since {format_date(member.in_action_since)}" if member.in_action_since else ""
        parts.append(Text(f"⚑ Taking part in the action{since}", style=ACTION_STYLE))
    parts.append(Text(""))

    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("Work pattern", _or_none(member.work_pattern))
    facts.add_row("Email", _or_none(member.email))
    facts.add_row("Phone", _or_none(member.phone))
    facts.add_row(
        "Consent",
        f"Agreed to you holding their data on {format_date(member.consent_on)}"
        if member.consent_on
        else Text("No consent date recorded", style="yellow"),
    )
    if not member.has_exemption:
        facts.add_row("Exemptions", Text("none agreed", style="dim"))
    parts.append(facts)
    if member.notes:
        parts += [Text("Notes", style="bold"), Text(member.notes)]

    open_cases = [case for case in cases if case.status is not CaseStatus.CLOSED]
    parts.append(Text(f"Cases ({len(open_cases)} open, {len(cases)} in all)", style="bold"))
    for case in cases:
        style = "dim" if case.status is CaseStatus.CLOSED else ""
        parts.append(_item(Text(f"{case.ref}  {case.title}  ({case.status.label})", style=style)))
    if not cases:
        parts.append(Text("  none", style="dim"))
    elif open_cases:
        parts.append(Text(f"  enter opens {open_cases[0].ref} in Cases", style="dim"))

    parts.append(Text(f"Threat-log entries naming them ({len(threats)})", style="bold"))
    for entry in threats:
        alleged = " (alleged)" if entry.disputed else ""
        words = clip(" ".join(entry.exact_words.split()), QUOTE_SHOWN)
        parts.append(
            _item(
                Text(f"{entry.ref}  {format_date(entry.occurred_on)}  {entry.kind.label}{alleged}: “{words}”")
            )
        )
    if not threats:
        parts.append(Text("  none", style="dim"))
    return Group(*parts)
