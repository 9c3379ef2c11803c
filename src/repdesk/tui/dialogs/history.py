"""The ``h`` dialog: a record's history in plain words, newest first, read with the keyboard alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from repdesk.tui.actions import Action, bindings

if TYPE_CHECKING:
    from repdesk.store.history import History

EMPTY = "Nothing has been recorded about it yet."
"""What the dialog says for a record with no history (one made before the log was kept)."""


def history_table(history: History) -> Table:
    """The lines as two columns: when, then what, which wraps under itself at any width."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column("when", style="dim", no_wrap=True)
    table.add_column("what", ratio=1, overflow="fold")
    for line in history.lines:
        table.add_row(line.when, Text(line.text))
    return table


class HistoryScreen(ModalScreen[None]):
    """A record's audit trail; the arrows, page keys, home and end scroll it, escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings([Action("escape", "dismiss", "Close", "history.close")])
    AUTO_FOCUS = "#history-lines"

    DEFAULT_CSS = """
    HistoryScreen .dialog.history {
        height: 90%;
    }
    HistoryScreen #history-lines {
        height: 1fr;
    }
    """

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog history"):
            yield Label(f"History · {self.history.title}", classes="dialog-title", markup=False)
            with VerticalScroll(id="history-lines"):
                if self.history.lines:
                    yield Static(history_table(self.history), id="history-text")
                else:
                    yield Static(Text(EMPTY, style="dim"), id="history-text")
            yield Label(
                "[b]↑ ↓ pgup pgdn home end[/b] scroll    [b]esc[/b] close    newest first",
                classes="dialog-keys",
            )
