"""A case's deadlines for the detail pane: date, what, done or not, and a computed one's whole working."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from repdesk.domain.dates import format_date, relative_days

if TYPE_CHECKING:
    from repdesk.domain.rules import Computation
    from repdesk.domain.rules.working import WorkingPart
    from repdesk.store.deadlines import DeadlineCheck

INDENT = "     "

_STYLE: dict[WorkingPart, str] = {
    "rule": "bold",
    "warning": "bold yellow",
    "result": "bold green",
    "alternative": "italic",
    "caveat": "italic",
}
"""How each kind of line of the working stands out; the rest is plain."""


def working_lines(computation: Computation) -> list[Text]:
    """The whole working, styled: warnings stand out, the other date is marked as not the one."""
    return [
        Text(f"⚠ {text}" if part == "warning" else text, style=_STYLE.get(part, ""))
        for part, text in computation.working()
    ]


def deadline_heading(check: DeadlineCheck, today: date) -> Text:
    """One line: mark, due date (and how far off), what, and whether it is done."""
    deadline = check.deadline
    overdue = not deadline.done and deadline.due_on < today
    mark = "✔" if deadline.done else ("!" if overdue else "·")
    style = "dim" if deadline.done else ("bold red" if overdue else "")
    text = Text(f" {mark} ", style=style)
    text.append(format_date(deadline.due_on), style=(style + " bold").strip())
    text.append(f" ({relative_days(deadline.due_on, today=today)}) ", style=style)
    text.append(deadline.what, style=style)
    if deadline.done:
        done_on = f" {format_date(deadline.done_on)}" if deadline.done_on else ""
        text.append(f"  done{done_on}", style="green")
    else:
        text.append("  not done", style="dim")
    text.append(f"  · {deadline.kind.label}", style="dim")
    return text


def deadline_lines(checks: Sequence[DeadlineCheck], today: date) -> list[RenderableType]:
    """Every deadline of a case; computed ones with their working, and any recheck flag in red."""
    lines: list[RenderableType] = []
    for check in checks:
        lines.append(deadline_heading(check, today))
        if check.flag is not None:
            # Only a date the rules now give differently can be recomputed; unreadable
            # saved inputs need the deadline edited (D) instead.
            key = "R recomputes" if check.changed else "D edits it"
            lines.append(Text(f"{INDENT}⚠ {check.flag} ({key})", style="bold red"))
        if not check.computed:
            if check.deadline.notes:
                lines.append(Text(f"{INDENT}{check.deadline.notes}", style="dim"))
            continue
        working = check.working
        if working is None:
            continue
        shown = working_lines(working)
        if check.deadline.done:
            for line in shown:
                line.stylize("dim")
        # Padded as a block, so a long line wraps under its own indent.
        lines.append(Padding(Group(*shown), (0, 0, 0, len(INDENT))))
        if check.deadline.notes:
            lines.append(Text(f"{INDENT}Notes: {check.deadline.notes}", style="dim"))
    return lines


def deadline_choice(check: DeadlineCheck) -> Text:
    """A deadline as the picker lists it: date, what, whether done, and any recheck flag."""
    deadline = check.deadline
    text = Text.assemble((format_date(deadline.due_on), "bold"), "  ", deadline.what)
    if deadline.done:
        text.append("  (done)", style="green")
    if deadline.rule_id:
        text.append("  [computed]", style="dim")
    if check.flag:
        text.append(f"  {check.flag}", style="bold red")
    return text
