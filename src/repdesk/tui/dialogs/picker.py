"""Type-to-search pickers for linking members and cases."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList

from repdesk.tui.actions import Action, bindings

Search = Callable[[str], list[tuple[int, str]]]


class PickerScreen(ModalScreen[list[tuple[int, str]] | None]):
    """Search as you type; space ticks, ctrl+s keeps the ticked items."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [
            Action("ctrl+s", "done", "Keep", "picker.done"),
            Action("escape", "cancel", "Cancel", "picker.cancel"),
            Action("down", "to_list", "List", "picker.list", show=False),
        ]
    )

    def __init__(self, title: str, search: Search, chosen: list[tuple[int, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.search = search
        self.chosen: dict[int, str] = dict(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(placeholder="type part of a name, number or reference", id="picker-query")
            yield SelectionList[int](id="picker-results")
            yield Label("", id="picker-count", classes="dialog-detail")
            yield Label(
                "[b]↓[/b] to the list   [b]space[/b] tick   [b]ctrl+s[/b] keep   [b]esc[/b] cancel",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self._refresh("")

    @on(Input.Changed, "#picker-query")
    def _typed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        self.action_to_list()

    def _refresh(self, text: str) -> None:
        results = self.search(text)
        listing = self.query_one(SelectionList)
        listing.clear_options()
        seen = set()
        for ident, label in [*((i, n) for i, n in self.chosen.items()), *results]:
            if ident in seen:
                continue
            seen.add(ident)
            listing.add_option((Text(label), ident, ident in self.chosen))
        self._count()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[int]) -> None:
        option = event.selection_list.get_option_at_index(event.selection_index)
        ident = int(option.value)
        if ident in self.chosen:
            del self.chosen[ident]
        else:
            self.chosen[ident] = (
                option.prompt.plain if isinstance(option.prompt, Text) else str(option.prompt)
            )
        self._count()

    def _count(self) -> None:
        self.query_one("#picker-count", Label).update(f"{len(self.chosen)} chosen")

    def action_to_list(self) -> None:
        listing = self.query_one(SelectionList)
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0
        listing.focus()

    def action_done(self) -> None:
        self.dismiss(list(self.chosen.items()))

    def action_cancel(self) -> None:
        self.dismiss(None)
