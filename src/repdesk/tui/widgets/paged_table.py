"""A table that pages from SQLite: it holds a few pages, never a whole table.

The screen gives it columns and a ``fetch(offset, limit) -> Page`` callable
(a service call). Rows load on a worker thread, newest request wins, and the
next page is appended as the cursor nears the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import get_current_worker

from repdesk.store.rows import Page
from repdesk.tui.errors import desk_work
from repdesk.tui.widgets.table import Column, DeskTable

__all__ = ["Column", "PagedTable"]

R = TypeVar("R")

PAGE = 60
PREFETCH = 20
MARK = "●"
END_REACH = 5_000
"""The most rows one press of ``end`` loads: a list is never read whole into the desk."""
LIST_FRAME = 3
"""Cells of the list pane the table cannot use: its scrollbar and a cell to spare."""


class PagedTable(DeskTable[R], Generic[R]):
    """Rows of ``R`` (light dataclasses with an ``id``), fetched a page at a time."""

    DEFAULT_CSS = """
    PagedTable { height: 1fr; }
    """

    @dataclass
    class Loaded(Message):
        """A load finished."""

        table: PagedTable[Any]
        """The table that loaded."""
        total: int
        """How many rows match."""

        @property
        def control(self) -> PagedTable[Any]:
            """The table that loaded (so ``@on(PagedTable.Loaded, "#id")`` works)."""
            return self.table

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row."""

        table: PagedTable[Any]
        """The table whose cursor moved."""
        row: Any | None
        """The row now under the cursor (None when the table is empty)."""

        @property
        def control(self) -> PagedTable[Any]:
            """The table whose cursor moved."""
            return self.table

    def __init__(
        self,
        columns: Sequence[Column[R]],
        fetch: Callable[[int, int], Page[R]],
        *,
        markable: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(columns, key=self.row_id, frame=LIST_FRAME, id=id)
        self._fetch = fetch
        self.markable = markable
        self.total = 0
        self.marked: set[int] = set()
        self._loading_more = False
        self._select_after_load: int | None = None
        self._refilter = False
        self._announced: int | None = None

    def all_columns(self) -> list[Column[R]]:
        mark = [Column[R](" ", self._mark_cell, width=1)] if self.markable else []
        return mark + super().all_columns()

    def _mark_cell(self, row: R) -> Text:
        return Text(MARK if self.row_id(row) in self.marked else "")

    # --- loading -------------------------------------------------------------------

    def reload(self, *, keep: int | None = None, refilter: bool = False) -> None:
        """Fetch the first page again; the cursor goes to row ``keep``, else stays where it is on landing.

        ``refilter`` says only the filter changed, not the data: if the new first
        page is the one already shown (as while a word is half typed), nothing is
        redrawn. Repainting a full table costs about 20 ms; most keystrokes then
        cost none of it.
        """
        self._select_after_load = keep
        self._refilter = refilter
        self._load(0, replace=True)

    @desk_work(thread=True, exclusive=True, group="page-load")
    def _load(self, offset: int, *, replace: bool) -> None:
        page = self._fetch(offset, PAGE)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, page, replace)

    def _show(self, page: Page[R], replace: bool) -> None:
        self._loading_more = False
        self.total = page.total
        if replace and self._refilter and page.rows == self.rows_loaded:
            # The same rows, in the same order, with the same values: keep the table as drawn.
            self._refilter = False
            self._select_after_load = None
            self.post_message(self.Loaded(self, page.total))
            return
        refiltered, self._refilter = self._refilter, False
        if replace:
            if self._select_after_load is None:
                # Read the row to keep now, not when the load began: the rep may have moved meanwhile.
                self._select_after_load = self.current_id
            self.clear()
            self.rows_loaded = []
        self.add_rows_of(page.rows)
        if replace:
            self._restore_cursor(refiltered=refiltered)
        self.post_message(self.Loaded(self, page.total))

    def _restore_cursor(self, *, refiltered: bool) -> None:
        wanted, self._select_after_load = self._select_after_load, None
        if self.rows_loaded:
            index = None if wanted is None else self.index_of(str(wanted))
            self.move_cursor(row=index or 0)
        # After a new filter the row under the cursor may be the one already shown:
        # its detail stands. After a data reload it is said again, to be read afresh.
        self._announce(force=not refiltered)

    def _announce(self, *, force: bool) -> None:
        """Tell the screen which row is under the cursor, if it changed (or ``force``)."""
        row_id = self.current_id
        if force or row_id != self._announced:
            self._announced = row_id
            self.post_message(self.Highlighted(self, self.current_row))

    def action_scroll_home(self) -> None:
        """``home``: the first row of the list."""
        if self.rows_loaded:
            self.move_cursor(row=0)

    def action_scroll_end(self) -> None:
        """``end``: the last row of the whole list, loading the rows not yet loaded first."""
        loaded = len(self.rows_loaded)
        if loaded >= self.total:
            if loaded:
                self.move_cursor(row=loaded - 1)
            return
        if not self._loading_more:
            self._loading_more = True
            wanted = min(self.total - loaded, END_REACH)
            if wanted < self.total - loaded:
                self.notify(
                    f"Went {wanted:,} rows further, of {self.total - loaded:,}: press end again to go on, "
                    "or narrow the filter (/) to reach them sooner."
                )
            self._load_more(loaded, wanted, to_end=True)

    def _maybe_load_more(self) -> None:
        loaded = len(self.rows_loaded)
        if not self._loading_more and loaded < self.total and self.cursor_row >= loaded - PREFETCH:
            self._loading_more = True
            self._load_more(loaded)

    @desk_work(thread=True, exclusive=True, group="page-more")
    def _load_more(self, offset: int, limit: int = PAGE, *, to_end: bool = False) -> None:
        """Append ``limit`` rows from ``offset``; ``to_end``: all of them, then the cursor on the last."""
        stop = offset + limit
        while True:
            try:
                page = self._fetch(offset, limit)
            except Exception:
                # Reported by desk_work; the next move near the end tries again.
                self.app.call_from_thread(setattr, self, "_loading_more", False)
                raise
            self.app.call_from_thread(self._show, page, False)
            offset += len(page.rows)
            # The service gives at most its own page size: ask again until the last row is in.
            if not (to_end and page.rows and offset < min(stop, page.total)):
                break
            self.app.call_from_thread(setattr, self, "_loading_more", True)
            limit = min(stop, page.total) - offset
        if to_end:
            self.app.call_from_thread(self._to_last_row)

    def _to_last_row(self) -> None:
        if self.rows_loaded:
            self.move_cursor(row=len(self.rows_loaded) - 1)

    # --- rows and marks ------------------------------------------------------------

    @staticmethod
    def row_id(row: Any) -> int:
        """The id of a light row."""
        return int(row.id)

    @property
    def current_id(self) -> int | None:
        """The id of the row under the cursor."""
        row = self.current_row
        return None if row is None else self.row_id(row)

    def select_id(self, row_id: int) -> bool:
        """Move the cursor to ``row_id`` if it is loaded; say whether it was."""
        index = self.index_of(str(row_id))
        if index is not None:
            self.move_cursor(row=index)
        return index is not None

    def toggle_mark(self) -> None:
        """Mark or unmark the row under the cursor, then move down."""
        row_id = self.current_id
        if row_id is None or not self.markable:
            return
        if row_id in self.marked:
            self.marked.discard(row_id)
        else:
            self.marked.add(row_id)
        self._redraw_mark(row_id)
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def clear_marks(self) -> None:
        """Unmark every row."""
        marked, self.marked = self.marked, set()
        for row_id in marked:
            self._redraw_mark(row_id)

    def _redraw_mark(self, row_id: int) -> None:
        if self.index_of(str(row_id)) is not None:
            self.update_cell(str(row_id), "c0", Text(MARK if row_id in self.marked else ""))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._maybe_load_more()
        self._announce(force=False)
