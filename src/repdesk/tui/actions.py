"""Each command declared once: its key, binding id, footer label, tooltip, palette title and help.

An area screen lists its commands as ``ACTIONS``; ``bindings()`` gives Textual its
``BINDINGS`` (ids unchanged, so every rep's keymap still applies) and ``palette()``
gives the command palette its "area: verb object" entries, so the two never drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    """One command of a screen."""

    key: str | None
    """The key (or comma-separated keys) bound to it; ``None`` for a palette-only command."""
    action: str
    """The screen's action it runs (``new_case`` runs ``action_new_case``)."""
    label: str
    """The footer's short label."""
    id: str
    """The binding id a rep remaps in config.toml (``cases.new``); never changed."""
    tooltip: str = ""
    """What it does, as the footer tooltip and the help screen say it."""
    palette: str | None = None
    """The command palette's title ("case: new"); ``None`` keeps it out of the palette."""
    help: str = ""
    """The palette's line under the title; the tooltip when empty."""
    show: bool = True
    """Whether the footer shows it (help and the palette list it either way)."""
    priority: bool = False
    """Whether it fires before the focused widget's own binding for the key."""


def bindings(actions: Iterable[Action]) -> list[BindingType]:
    """The Textual bindings of the actions that have a key, in declaration order."""
    return [
        Binding(a.key, a.action, a.label, show=a.show, priority=a.priority, tooltip=a.tooltip, id=a.id)
        for a in actions
        if a.key is not None
    ]


def palette(actions: Iterable[Action]) -> list[tuple[str, str, str]]:
    """(title, help, action) of the actions that have a palette title, in declaration order."""
    return [
        (item.palette, item.help or item.tooltip, item.action) for item in actions if item.palette is not None
    ]


def filter_action(area: str, item: str, tooltip: str, help: str) -> Action:
    """The ``/`` every list has: focus its filter bar (``cases.filter``, "case: filter").

    A priority binding, so letters typed straight after it land in the bar
    (see ``ListScreen.check_action``).
    """
    return Action(
        "slash",
        "filter",
        "Filter",
        f"{area}.filter",
        tooltip,
        palette=f"{item}: filter",
        help=help,
        priority=True,
    )


def view_action(area: str) -> Action:
    """The ``v`` every list has: both panes, the list only, or the detail only (``cases.view``)."""
    return Action(
        "v", "toggle_view", "View", f"{area}.view", "Show only the list, only the detail, or both", show=False
    )


def export_action(area: str, item: str, document: str, tooltip: str, help: str) -> Action:
    """The ``x`` of a list that exports: ``cases.export``, "case: export summary"."""
    return Action(
        "x", "export", "Export", f"{area}.export", tooltip, palette=f"{item}: export {document}", help=help
    )


def history_action(area: str, item: str) -> Action:
    """The ``h`` of a list whose records keep a history: ``cases.history``, "case: history".

    Kept out of the footer, which has no room to spare at 80 columns; help and the palette list it.
    """
    return Action(
        "h",
        "history",
        "History",
        f"{area}.history",
        "History: every change, newest first",
        palette=f"{item}: history",
        help="Show the selected record's history: every change, newest first",
        show=False,
    )
