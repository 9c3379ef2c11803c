"""The ``?`` screen: every binding, by screen, with the keys in force (after remapping)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.widgets.list_screen import AreaScreen


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the app, each area and the forms; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [Action("escape,question_mark,q", "dismiss", "Close", "help.close")]
    )

    def __init__(self, areas: Mapping[str, type[AreaScreen]]) -> None:
        super().__init__()
        self.areas = areas

    def _table(self, title: str, listed: Iterable[Action]) -> Table:
        keymap = getattr(self.app, "config", None)
        remapped: dict[str, str] = keymap.keymap if keymap is not None else {}
        table = Table(
            title=title, title_justify="left", title_style="bold", box=None, expand=True, padding=(0, 1)
        )
        table.add_column("key", style="bold", width=14, no_wrap=True)
        table.add_column("does")
        table.add_column("id", style="dim", width=22, no_wrap=True)
        for item in listed:
            keys = remapped.get(item.id, item.key or "")
            if keys:
                shown = Text(
                    ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                )
            else:  # a command with no key is run from the palette, by its title
                shown = Text("ctrl+p", style="dim")
            does = item.tooltip or item.label
            if not keys and item.palette:
                does = f"{does} (palette: {item.palette})"
            table.add_row(shown, does, Text(item.id))
        return table

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(
                "Keys  [dim](remap any of them by id in config.toml; see the README)[/dim]",
                classes="dialog-title",
            )
            with VerticalScroll():
                yield Static(self._table("Everywhere", getattr(type(self.app), "ACTIONS", ())))
                for area in self.areas.values():
                    yield Static(self._table(area.AREA, area.ACTIONS))
                yield Static(self._table("Forms", FormScreen.ACTIONS))
                yield Static(
                    "[b]ctrl+p[/b] opens the command palette: every action by name "
                    '("case: new", "threat: log") and jumps to any case, member, threat or session.'
                )
            yield Label("[b]esc[/b] close", classes="dialog-keys")
