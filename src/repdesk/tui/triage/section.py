"""One Triage section: a titled table of things needing the rep, or a plain line when there are none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static


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


@dataclass(frozen=True)
class SectionColumn:
    """A column: its heading and width; the ``fill`` column takes what the others leave."""

    label: str
    """The heading."""
    width: int
    """Its width (the fill column's is worked out)."""
    fill: bool = False
    """Takes the width the others leave."""
    narrow: str = "show"
    """On a narrow terminal: "show" it, "fold" it into the fill column ("Mei Rahman: ..."), or "hide" it."""


class TriageSection(Vertical):
    """A title with a count, then a table (focusable, Enter opens the row) or a "nothing here" line."""

    DEFAULT_CSS = """
    TriageSection { height: auto; margin: 0 0 1 0; }
    TriageSection > .triage-title { text-style: bold; color: $accent; padding: 0 1; }
    TriageSection > DataTable { height: auto; max-height: 10; }
    TriageSection > .triage-empty { color: $text-muted; padding: 0 2; }
    """

    class Open(Message):
        """The rep pressed Enter on a row."""

        def __init__(self, section: TriageSection, target: Target) -> None:
            super().__init__()
            self.section = section
            """The section it came from."""
            self.target = target
            """Where to go."""

    def __init__(self, title: str, columns: Sequence[SectionColumn], *, empty: str, id: str) -> None:
        super().__init__(id=id)
        self.heading = title
        self.columns = list(columns)
        self.empty = empty
        self.rows: list[Row] = []
        self.total = 0
        self.narrow = False

    def compose(self) -> ComposeResult:
        yield Static(self.heading, classes="triage-title")
        yield DataTable[str | Text](cursor_type="row", zebra_stripes=True)
        yield Static(self.empty, classes="triage-empty")

    @property
    def table(self) -> DataTable[str | Text]:
        """The section's table."""
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self._add_columns()
        self.table.display = False

    def _shown(self) -> list[int]:
        """Indexes of the columns on screen."""
        if not self.narrow:
            return list(range(len(self.columns)))
        return [i for i, c in enumerate(self.columns) if c.narrow == "show" or c.fill]

    def _add_columns(self) -> None:
        for index in self._shown():
            column = self.columns[index]
            self.table.add_column(column.label, width=column.width, key=f"c{index}")

    def _cells(self, row: Row) -> list[str | Text]:
        """A row's cells as the layout shows them (folded columns go before the fill column's text)."""
        if not self.narrow:
            return list(row.cells)
        folded = [
            row.cells[i] for i, c in enumerate(self.columns) if c.narrow == "fold" and str(row.cells[i])
        ]
        cells: list[str | Text] = []
        for index in self._shown():
            cell = row.cells[index]
            if self.columns[index].fill and folded:
                text = Text()
                for part in folded:
                    text.append_text(part if isinstance(part, Text) else Text(part, style="bold"))
                    text.append(": ")
                text.append_text(cell if isinstance(cell, Text) else Text(cell))
                cell = text
            cells.append(cell)
        return cells

    def set_narrow(self, narrow: bool) -> None:
        """Show fewer columns (folding some into the fill column) on a narrow terminal."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        cursor = self.table.cursor_row
        self.table.clear(columns=True)
        self._add_columns()
        for row in self.rows:
            self.table.add_row(*self._cells(row), key=row.key)
        if self.rows:
            self.table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def show(
        self, rows: Sequence[Row], total: int, *, title: str | None = None, shown: int | None = None
    ) -> None:
        """Replace the rows (keeping the cursor on the same row if it is still there).

        ``total`` is how many there are in all and ``shown`` how many of them
        are listed (``len(rows)`` unless some rows are not counted).
        """
        current = self.current
        table = self.table
        table.clear()
        self.rows = list(rows)
        self.total = total
        heading = title or self.heading
        listed = len(rows) if shown is None else shown
        count = f"{total}" if total == listed else f"first {listed} of {total}"
        self.query_one(".triage-title", Static).update(f"{heading} ({count})")
        for row in self.rows:
            table.add_row(*self._cells(row), key=row.key)
        table.display = bool(self.rows)
        self.query_one(".triage-empty", Static).display = not self.rows
        if current is not None:
            for index, row in enumerate(self.rows):
                if row.key == current.key:
                    table.move_cursor(row=index)
                    break

    @property
    def current(self) -> Row | None:
        """The row under the cursor."""
        if not self.rows or not (0 <= self.table.cursor_row < len(self.rows)):
            return None
        return self.rows[self.table.cursor_row]

    def fit(self, width: int) -> None:
        """Give the fill column whatever ``width`` leaves after the others."""
        shown = self._shown()
        others = sum(self.columns[i].width + 2 for i in shown if not self.columns[i].fill)
        for index, column in enumerate(self.columns):
            if column.fill and index in shown:
                key = f"c{index}"
                for column_key, on_screen in self.table.columns.items():
                    if column_key.value == key:
                        on_screen.width = max(12, width - others - 2)
                        on_screen.auto_width = False
        self.table._require_update_dimensions = True
        self.table.refresh(layout=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.current
        if row is not None:
            self.post_message(self.Open(self, row.target))
