"""One Triage section: a titled table of things needing the rep, or a plain line when there are none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from repdesk.tui.widgets.table import Column, DeskTable


@dataclass(frozen=True)
class Target:
    """Where Enter on a row takes the rep: an area, a kind of record and its id."""

    mode: str
    """The area (app mode) that shows it."""
    kind: str
    """"case", "threat" or "session"."""
    ident: int
    """The record's id."""


@dataclass(frozen=True)
class Row:
    """One row of a section: what it shows and where it leads."""

    key: str
    """Unique within the section (keeps the cursor across a refresh)."""
    cells: tuple[str | Text, ...]
    """One per column."""
    target: Target
    """Where Enter goes."""


def at(index: int) -> Callable[[Row], str | Text]:
    """A column's render: the row's ``index``-th cell."""
    return lambda row: row.cells[index]


SECTION_FRAME = 4
"""Cells of a Triage column a section's table cannot use: the page's scrollbar and its own."""


class TriageSection(Vertical):
    """A title with a count, then a table (focusable, Enter opens the row) or a "nothing here" line."""

    DEFAULT_CSS = """
    TriageSection { height: auto; margin: 0 0 1 0; }
    TriageSection > .triage-title { text-style: bold; color: $accent; padding: 0 1; }
    TriageSection > DeskTable { height: auto; max-height: 10; }
    TriageSection > .triage-empty { color: $text-muted; padding: 0 2; }
    """

    @dataclass
    class Open(Message):
        """The rep pressed Enter on a row."""

        section: TriageSection
        """The section it came from."""
        target: Target
        """Where to go."""

        @property
        def control(self) -> TriageSection:
            """The section it came from."""
            return self.section

    def __init__(self, title: str, columns: Sequence[Column[Row]], *, empty: str, id: str) -> None:
        super().__init__(id=id)
        self.heading = title
        self.columns = list(columns)
        self.empty = empty
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Static(self.heading, classes="triage-title")
        yield DeskTable(self.columns, key=lambda row: row.key, frame=SECTION_FRAME)
        yield Static(self.empty, classes="triage-empty")

    @property
    def table(self) -> DeskTable[Row]:
        """The section's table."""
        return self.query_one(DeskTable)

    @property
    def rows(self) -> list[Row]:
        """The rows shown."""
        return self.table.rows_loaded

    def on_mount(self) -> None:
        self.table.display = False

    def show(
        self, rows: Sequence[Row], total: int, *, title: str | None = None, shown: int | None = None
    ) -> None:
        """Replace the rows (keeping the cursor on the same row if it is still there).

        ``total`` is how many there are in all and ``shown`` how many of them
        are listed (``len(rows)`` unless some rows are not counted).
        """
        current = self.current
        self.total = total
        heading = title or self.heading
        listed = len(rows) if shown is None else shown
        count = f"{total}" if total == listed else f"first {listed} of {total}"
        self.query_one(".triage-title", Static).update(f"{heading} ({count})")
        self.table.show_rows(rows, keep=None if current is None else current.key)
        self.table.display = bool(rows)
        self.query_one(".triage-empty", Static).display = not rows

    @property
    def current(self) -> Row | None:
        """The row under the cursor."""
        return self.table.current_row

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.current
        if row is not None:
            self.post_message(self.Open(self, row.target))
