"""How the Talks screen shows a session, an offer's status over time, and a topic across sessions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from repdesk.domain import clock
from repdesk.domain.dates import format_date, format_date_weekday, format_time, relative_days
from repdesk.domain.enums import OfferKind, OfferStatus, Side
from repdesk.domain.text import clip
from repdesk.tui.vocabulary import when

if TYPE_CHECKING:
    from repdesk.store.models import ActionPoint, Offer, OfferStatusChange, TalksSession

STATUS_STYLE = {
    OfferStatus.TABLED: "",
    OfferStatus.CONSIDERING: "yellow",
    OfferStatus.ACCEPTED: "bold green",
    OfferStatus.REJECTED: "red",
    OfferStatus.WITHDRAWN: "dim",
}

SIDE_SHORT = {Side.UNION: "Union", Side.EMPLOYER: "Employer", Side.ACAS: "ACAS"}

KIND_SHORT = {
    OfferKind.POSITION: "position",
    OfferKind.PROPOSAL: "proposal",
    OfferKind.OFFER: "offer",
    OfferKind.COUNTER_OFFER: "counter",
}

CAUCUS_LABEL = "Caucus notes: PRIVATE, union side only (never exported unless you ask)"


def status_text(status: OfferStatus, *, short: bool = False) -> Text:
    """An offer's status, coloured by how it ended."""
    return Text(status.value if short else status.label, style=STATUS_STYLE[status])


def _block(
    title: str, body: str, *, style: str = "bold", empty: str = "none recorded"
) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(title, style=style)]
    if body.strip():
        parts.append(Text(body.strip(), style=""))
    else:
        parts.append(Text(f"  {empty}", style="dim"))
    return parts


def session_title(talks: TalksSession) -> str:
    """``Joint session, Wed 5 Mar 2025 14:00``."""
    at = f" {format_time(talks.starts_at)}" if talks.starts_at else ""
    return f"{talks.kind.label} session, {format_date_weekday(talks.held_on)}{at}"


def session_renderable(talks: TalksSession) -> RenderableType:
    """The session's record: facts, attendees, agenda, notes, caucus notes, report-back."""
    today = clock.today()
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row(
        "Date",
        format_date_weekday(talks.held_on)
        + (f" at {format_time(talks.starts_at)}" if talks.starts_at else "")
        + f"  ({relative_days(talks.held_on, today=today)})",
    )
    facts.add_row("Kind", talks.kind.label)
    facts.add_row("Format", talks.format.label)
    facts.add_row("Venue", talks.venue or Text("not recorded", style="dim"))
    facts.add_row("Conciliator", talks.conciliator or Text("not recorded", style="dim"))
    facts.add_row("Union side", talks.union_attendees or Text("not recorded", style="dim"))
    facts.add_row("Employer side", talks.employer_attendees or Text("not recorded", style="dim"))
    facts.add_row(
        "Next session",
        when(talks.next_session_on, today=today) if talks.next_session_on else Text("not set", style="dim"),
    )
    parts: list[RenderableType] = [Text(session_title(talks), style="bold"), facts, Text("")]
    parts += _block("Agenda", talks.agenda)
    parts += _block("Notes", talks.notes)
    parts += _block(CAUCUS_LABEL, talks.caucus_notes, style="bold magenta", empty="none")
    parts += _block("Report-back (may be shared with members)", talks.report_back, empty="none yet")
    return Group(*parts)


def history_lines(history: list[OfferStatusChange], *, here: int | None = None) -> list[Text]:
    """One line per status step: date, from → to, at which session, and the note."""
    lines: list[Text] = []
    for step in history:
        line = Text(f"  {format_date(step.changed_on):>11}  ")
        if step.from_status is None:
            line.append("tabled")
            if step.to_status is not OfferStatus.TABLED:
                line.append(" as ")
                line.append_text(status_text(step.to_status))
        else:
            line.append_text(status_text(step.from_status))
            line.append(" → ")
            line.append_text(status_text(step.to_status))
        if here is not None and step.session_id == here:
            line.append("  (at this session)", style="cyan")
        if step.note:
            line.append(f"  {step.note}", style="italic")
        lines.append(line)
    return lines


def offer_heading(offer: Offer) -> Text:
    """``Employer offer on office days for support roles: Rejected``."""
    heading = Text.assemble(
        (f"{offer.side.label} {offer.kind.label.lower()}", "bold"),
        f" on {offer.topic}" if offer.topic else " (no topic)",
        ": ",
    )
    heading.append_text(status_text(offer.status))
    return heading


def offer_renderable(
    offer: Offer,
    history: list[OfferStatusChange],
    *,
    tabled_on: date,
    tabled_here: bool,
    here: int | None,
) -> RenderableType:
    """The highlighted offer in full, with its status over time."""
    tabled = "tabled at this session" if tabled_here else f"tabled at the {format_date(tabled_on)} session"
    parts: list[RenderableType] = [
        Text.assemble(offer_heading(offer), (f"  ({tabled})", "dim")),
        Text(f"“{offer.text}”"),
        Text("Status over time:", style="dim"),
        *history_lines(history, here=here),
    ]
    return Group(*parts)


def last_step(steps: list[OfferStatusChange]) -> str:
    """The latest of an offer's status steps: ``rejected on 12 Feb 2025``."""
    step = steps[-1]
    return f"{step.to_status.label.lower()} on {format_date(step.changed_on)}"


def _quoted(text: str, most: int) -> str:
    """``text`` on one line, in quotes, cut with … past ``most`` characters."""
    return "“" + clip(" ".join(text.split()), most) + "”"


def offer_label(offer: Offer, *, most: int = 60) -> str:
    """One line naming an offer, for a choice or a question: ``Employer proposal on pay: “Three…”``."""
    about = f" on {offer.topic}" if offer.topic else ""
    return f"{offer.side.label} {offer.kind.label.lower()}{about}: {_quoted(offer.text, most)}"


def point_label(point: ActionPoint, *, most: int = 60) -> str:
    """One line naming an action point, for a choice or a question: ``“Send the figures” (HR, due 1 Dec)``."""
    due = f"due {format_date(point.due_on)}" if point.due_on else ""
    about = ", ".join(part for part in (action_owner(point), due) if part)
    return _quoted(point.text, most) + (f" ({about})" if about else "")


def action_owner(point: ActionPoint) -> str:
    """Who an action point is for: the person, with their side when the name does not say it."""
    side = point.owner_side.label if point.owner_side else ""
    if point.owner and side and side.lower() not in point.owner.lower():
        return f"{point.owner} ({side})"
    return point.owner or side


def action_done_mark(point: ActionPoint) -> Text:
    """A tick for a point done, a dot for one still open."""
    return Text("✔", style="bold green") if point.done else Text("·", style="dim")


def action_due(point: ActionPoint) -> Text:
    """An action point's due date, in red once it is late and still open."""
    late = not point.done and point.due_on is not None and point.due_on < clock.today()
    return Text(format_date(point.due_on), style="bold red" if late else "")
