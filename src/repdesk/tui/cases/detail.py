"""Everything about one case, for the Cases detail pane: member, facts, deadlines, timeline, threats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.tui.cases.deadline_render import INDENT, deadline_lines
from repdesk.tui.vocabulary import PRIORITY_STYLE

if TYPE_CHECKING:
    from repdesk.store.cases import CaseDetail
    from repdesk.store.deadlines import DeadlineCheck


def _granted(what: str, on: date | None, terms: str) -> Text:
    """An exemption the member has (it may excuse them from the policy), standing out in green."""
    return Text(f"✔ {what} {format_date(on)}: {terms}", style="bold green")


def member_block(detail: CaseDetail) -> RenderableType:
    """The member, with exemptions and the action standing out."""
    member = detail.member
    lines = [
        Text.assemble((member.name, "bold"), f"  {member.job_title}" if member.job_title else ""),
        Text(
            f"{member.role_category.label}: {member.office_days_required} office days a week required"
            + (f" · {member.department}" if member.department else "")
        ),
    ]
    if member.work_pattern:
        lines.append(Text(f"Pattern: {member.work_pattern}", style="dim"))
    if member.adjustments_agreed:
        lines.append(
            _granted("Reasonable adjustments agreed", member.adjustments_agreed_on, member.adjustments)
        )
    elif member.adjustments:
        lines.append(Text(f"Adjustments asked for (not agreed): {member.adjustments}", style="yellow"))
    if member.flexible_plan_approved:
        lines.append(
            _granted("Flexible-working plan approved", member.flexible_plan_approved_on, member.flexible_plan)
        )
    if member.in_action:
        since = f" since {format_date(member.in_action_since)}" if member.in_action_since else ""
        lines.append(Text(f"⚑ Taking part in the action{since}", style="bold magenta"))
    return Group(*lines)


def case_detail_renderable(
    detail: CaseDetail, *, show_urgency: bool, checks: Sequence[DeadlineCheck]
) -> RenderableType:
    """Everything about one case, for the detail pane; ``checks`` are its deadlines rechecked."""
    case = detail.case
    today = clock.today()
    parts: list[RenderableType] = [
        Text(f"{case.ref}  {case.title}", style="bold"),
        member_block(detail),
        Text(""),
    ]
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("Category", case.category.label)
    facts.add_row("Status", case.status.label + (f" ({case.outcome.label})" if case.outcome else ""))
    facts.add_row("Priority", Text(case.priority.label, style=PRIORITY_STYLE[case.priority]))
    if case.stage:
        facts.add_row("Stage", case.stage.label)
    facts.add_row(
        "Opened",
        format_date(case.opened_on) + (f" · closed {format_date(case.closed_on)}" if case.closed_on else ""),
    )
    if case.next_action:
        due = f" (due {format_date(case.next_action_due)})" if case.next_action_due else ""
        facts.add_row("Next action", Text(case.next_action + due))
    if case.tags:
        facts.add_row("Tags", Text(", ".join(case.tags)))
    facts.add_row("Urgency", f"{detail.urgency.score:.1f}" + ("" if show_urgency else "   (w: why)"))
    parts.append(facts)
    if show_urgency:
        parts.extend(Text(f"  {line}", style="cyan") for line in detail.urgency.explain())
    if case.summary:
        parts += [Text("Summary", style="bold"), Text(case.summary)]
    parts.append(Text(f"Deadlines ({len(detail.deadlines)})", style="bold"))
    parts.extend(deadline_lines(checks, today))
    if not detail.deadlines:
        parts.append(Text("  none", style="dim"))
    parts.append(Text(f"Timeline ({len(detail.timeline)})", style="bold"))
    for entry in reversed(detail.timeline):
        files = detail.attachments.get(entry.id or 0, [])
        clip = f"  📎{len(files)}" if files else ""
        parts.append(Text(f" {format_date(entry.occurred_on)}  {entry.kind.label}: {entry.summary}{clip}"))
        # The whole entry, as saved: its details and every file it points to, each wrapped
        # under its own indent.
        below = [Text(entry.body)] if entry.body else []
        below += [
            Text(f"📎 {file.path}" + (f"  {file.description}" if file.description else ""), style="dim")
            for file in files
        ]
        if below:
            parts.append(Padding(Group(*below), (0, 0, 0, len(INDENT))))
    if not detail.timeline:
        parts.append(Text("  nothing yet", style="dim"))
    parts.append(Text(f"Threat-log entries ({len(detail.threats)})", style="bold"))
    for threat in detail.threats:
        alleged = " (alleged)" if threat.disputed else ""
        parts.append(
            Text(
                f" {threat.ref} {format_date(threat.occurred_on)} {threat.kind.label}{alleged}: "
                f"“{threat.exact_words}”"
            )
        )
    if not detail.threats:
        parts.append(Text("  none linked", style="dim"))
    return Group(*parts)
