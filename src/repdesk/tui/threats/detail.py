"""Everything about one threat-log entry, for the threat log's detail pane."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from repdesk.domain.dates import format_date_weekday, format_datetime, format_time
from repdesk.domain.enums import ProtectedActivity, ThreatStatus
from repdesk.domain.units import file_size
from repdesk.store.threat_links import Collective, LinkedMember
from repdesk.store.threats import ThreatDetail

STATUS_STYLE = {
    ThreatStatus.LOGGED: "yellow",
    ThreatStatus.RAISED: "",
    ThreatStatus.REFERRED: "cyan",
    ThreatStatus.WITHDRAWN: "green",
    ThreatStatus.CARRIED_OUT: "bold red",
}
"""Logged-but-not-acted-on stands out, as triage counts it; a threat carried out stands out more."""

NAMES_SHOWN = 12
"""Names shown in each line of the members section before "and N more" (``w`` lists them all)."""
EXEMPT_MARK = "◆"
"""Beside a member with agreed adjustments or an approved flexible-working plan."""
ACTION_MARK = "▲"
"""Beside a member taking part in the action."""

SHA_SHOWN = 12
"""Hex digits of a file's SHA-256 shown on screen (enough to compare by eye; exports give it all)."""


def _or_none(value: str, none: str = "none recorded") -> Text:
    # Text, not str: a table cell given a str reads it as markup, and what a rep
    # typed (a "[/b]" in a quote) must show as typed and never break the pane.
    return Text(value) if value else Text(none, style="dim")


def _section(title: str) -> Text:
    return Text(title, style="bold")


def _names(people: Sequence[LinkedMember], *, marks: bool = False) -> Text:
    """Names in a line, cut at :data:`NAMES_SHOWN` with "and N more" (``w`` lists them all)."""
    line = Text()
    for index, person in enumerate(people[:NAMES_SHOWN]):
        if index:
            line.append(", ")
        if person.archived:
            line.append("archived · ", style="dim")
        line.append(person.name)
        if marks and (person.exempt or person.in_action):
            line.append(
                " "
                + "".join(
                    m for m, on in ((EXEMPT_MARK, person.exempt), (ACTION_MARK, person.in_action)) if on
                ),
                style="bold",
            )
    if len(people) > NAMES_SHOWN:
        line.append(f" and {len(people) - NAMES_SHOWN} more (w lists them all)", style="dim")
    return line


def collective_section(touched: Collective) -> list[RenderableType]:
    """Who the entry touches: the counts first, then those with adjustments or a plan, those in the
    action, and everyone, each cut short where long (the full list is a key away)."""
    parts: list[RenderableType] = [_section(f"Members ({touched.total})")]
    if not touched.total:
        return [*parts, Text("  none linked", style="dim")]
    exempt, in_action = touched.exempt, touched.in_action
    parts.append(
        Padding(
            Text.assemble(
                (f"{len(exempt)}", "bold"),
                " with agreed adjustments or an approved flexible-working plan · ",
                (f"{len(in_action)}", "bold"),
                " taking part in the action",
            ),
            (0, 0, 0, 2),
        )
    )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    # A subset that is everyone would only repeat the last line: "all of them" says it.
    for mark, label, subset in (
        (EXEMPT_MARK, "Adjustments/plan", exempt),
        (ACTION_MARK, "In the action", in_action),
    ):
        if subset:
            every = len(subset) == touched.total
            grid.add_row(f"{mark} {label}", Text("all of them", style="dim") if every else _names(subset))
    grid.add_row("  Everyone", _names(touched.members, marks=True))
    parts.append(Padding(grid, (0, 0, 0, 2)))
    return parts


def threat_detail_renderable(detail: ThreatDetail, touched: Collective) -> RenderableType:
    """The entry: its exact words first, the correction links both ways, then every fact and link."""
    entry = detail.entry
    head = Text.assemble((entry.ref, "bold"), "  ", (entry.kind.label, "bold"))
    if entry.disputed:
        head.append("   ALLEGED / DISPUTED", style="bold black on yellow")
    parts: list[RenderableType] = [head]
    if detail.amends is not None:
        reason = f" ({entry.correction_reason})" if entry.correction_reason else ""
        parts.append(Text(f"↳ Corrects {detail.amends.ref}{reason}", style="bold cyan"))
    for later in detail.corrected_by:
        reason = f" ({later.correction_reason})" if later.correction_reason else ""
        parts.append(
            Text(
                f"⚠ Corrected by {later.ref}{reason}, recorded {format_datetime(later.recorded_at)}",
                style="bold magenta",
            )
        )
    parts.append(
        Panel(
            Text(f"“{entry.exact_words}”", style="bold"),
            title="Exact words",
            title_align="left",
            box=box.ROUNDED,
            border_style="yellow" if entry.disputed else "blue",
            padding=(0, 1),
        )
    )

    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    when = format_date_weekday(entry.occurred_on)
    if entry.occurred_at is not None:
        when += f", {format_time(entry.occurred_at)}"
    else:
        when += " (time not known)"
    facts.add_row("Happened", when)
    facts.add_row("Recorded", f"{format_datetime(entry.recorded_at)} (set by the app; never changes)")
    made_by = entry.made_by + (f", {entry.made_by_role}" if entry.made_by_role else "")
    facts.add_row("Made by", Text(made_by))
    facts.add_row("Channel", entry.channel.label)
    facts.add_row("Audience", entry.audience.label)
    facts.add_row("Kind", entry.kind.label)
    if entry.related_to_action:
        activity = (
            f" (related activity: {entry.protected_activity.label})"
            if entry.protected_activity is not ProtectedActivity.NONE
            else ""
        )
        facts.add_row("The action", Text(f"Related to the action{activity}", style="bold magenta"))
    else:
        facts.add_row("The action", "Not recorded as related to the action")
    facts.add_row("Witnesses", _or_none(entry.witnesses))
    facts.add_row("Document", _or_none(entry.document_ref))
    facts.add_row(
        "Alleged",
        Text("Yes: disputed, shown as 'alleged' in a chronology", style="bold yellow")
        if entry.disputed
        else "No",
    )
    status = Text(entry.status.label, style=STATUS_STYLE[entry.status])
    if entry.status_changed_at is not None:
        status.append(f" (since {format_datetime(entry.status_changed_at)})", style="dim")
    facts.add_row("Follow-up", status)
    parts.append(facts)

    if entry.context:
        parts += [_section("Context"), Text(entry.context)]

    parts += collective_section(touched)

    parts.append(_section(f"Cases ({len(detail.cases)})"))
    parts.extend(Padding(Text(f"{case.ref}  {case.title}"), (0, 0, 0, 2)) for case in detail.cases)
    if not detail.cases:
        parts.append(Text("  none linked", style="dim"))

    parts.append(_section(f"Evidence files ({len(detail.evidence)})"))
    for item in detail.evidence:
        line = Text(f"  {item.path}")
        if item.description:
            line.append(f"  {item.description}")
        parts.append(line)
        parts.append(
            Text(
                f"    SHA-256 {item.sha256[:SHA_SHOWN]}…  {file_size(item.size_bytes)}, "
                f"attached {format_datetime(item.attached_at)}",
                style="dim",
            )
        )
    if not detail.evidence:
        parts.append(Text("  none attached", style="dim"))
    return Group(*parts)
