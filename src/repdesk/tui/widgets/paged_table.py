"""A DataTable that pages from SQLite: it holds a few pages, never a whole table.

The screen gives it columns and a ``fetch(offset, limit) -> Page`` callable
(a service call). Rows load on a worker thread, newest request wins, and the
next page is appended as the cursor nears the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual._types import SegmentLines
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.worker import get_current_worker

from repdesk.store.rows import Page

R = TypeVar("R")

PAGE = 60
PREFETCH = 20
MARK = "●"


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its heading, width, and how to show a row's value."""

    label: str
    render: Callable[[R], str | Text]
    width: int | None = None


def _safe(cell: str | Text) -> Text:
    """A one-line cell: never read as markup, cut with an ellipsis rather than wrapped.

    A cell shows one line, and Rich would otherwise word-wrap a long title in
    full before cropping it: that was most of the cost of drawing a page.
    """
    text = Text(cell) if isinstance(cell, str) else cell
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class PagedTable(DataTable[str | Text], Generic[R]):
    """Rows of ``R`` (light dataclasses with an ``id``), fetched a page at a time."""

    DEFAULT_CSS = """
    PagedTable { height: 1fr; }
    """

    class Loaded(Message):
        """A load finished: ``total`` rows match."""

        def __init__(self, table: PagedTable[Any], total: int) -> None:
            super().__init__()
            self.table = table
            self.total = total

        @property
        def control(self) -> PagedTable[Any]:
            """The table that loaded (so ``@on(PagedTable.Loaded, "#id")`` works)."""
            return self.table

    class Highlighted(Message):
        """The cursor moved to ``row`` (None when the table is empty)."""

        def __init__(self, table: PagedTable[Any], row: Any | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

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
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = list(columns)
        self._fetch = fetch
        self.markable = markable
        self.rows_loaded: list[R] = []
        self.total = 0
        self.marked: set[int] = set()
        self._loading_more = False
        self._select_after_load: int | None = None
        self._refilter = False
        self._announced: int | None = None
        self._drawing = False
        self._frame_style: Style | None = None

    def on_mount(self) -> None:
        self._add_columns()

    # --- drawing ------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # While one frame of the table is drawn its styles cannot change: work out the
        # table's Rich style once for the frame, not for every line and every header
        # lookup (each walks every ancestor's CSS; a third of a page's drawing).
        self._drawing, self._frame_style = True, None
        try:
            return super().render_lines(crop)
        finally:
            self._drawing, self._frame_style = False, None

    @property
    def rich_style(self) -> Style:
        """The table's Rich style (kept for the frame being drawn, see render_lines)."""
        if self._frame_style is not None:
            return self._frame_style
        style = super().rich_style
        if self._drawing:
            self._frame_style = style
        return style

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """Draw one body cell straight from its Text, as DataTable would, without Rich's layout pass.

        DataTable draws each cell through Padding and Styled and Rich's
        line renderer: about 0.1 ms a cell, so 25 ms for a page, on every
        keystroke that changes the list. Every body cell here is one line of
        Text (see ``_safe``), so the same segments come from cutting the
        Text to width and applying the same styles in the same order. Header
        cells, justified cells and anything else still go through DataTable.
        """
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index)[1][column_index]
        if (
            not isinstance(cell, Text)
            or cell.justify not in (None, "default", "left")
            or "\n" in cell.plain
            or self.rows[row_key].height != 1
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            row_index < self.fixed_rows or column_index < self.fixed_columns,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pad = self.cell_padding
        inner = max(0, width - 2 * pad)
        text = cell.copy()
        text.truncate(inner, overflow=cell.overflow or "crop")
        spare = inner - text.cell_len
        # Segment for segment what Padding and Rich's line renderer would give.
        console = self.app.console
        body = text.render(console, end="")
        if text.style:  # Text.render leaves the whole-text style to its caller, as Text.join does
            body = Segment.apply_style(body, console.get_style(text.style))
        segments = [Segment(" " * pad), *body]
        if spare > 0:
            segments.append(Segment(" " * spare))
        segments.append(Segment(" " * pad))
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        lines = [list(Segment.apply_style(segments, style=pre_style, post_style=post_style))]
        self._cell_render_cache[key] = lines
        return lines

    def _add_columns(self) -> None:
        if self.markable:
            self.add_column(" ", width=1, key="mark")
        for index, column in enumerate(self._columns):
            self.add_column(column.label, width=column.width, key=f"c{index}")

    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        """Show other columns (a compact set on a narrow terminal), keeping the rows and cursor."""
        if list(columns) == self._columns:
            return
        cursor = self.cursor_row
        self._columns = list(columns)
        rows = self.rows_loaded
        self.clear(columns=True)
        self._add_columns()
        self.rows_loaded = []
        for row in rows:
            self._add(row)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    def fit_column(self, index: int, spare: int, *, minimum: int = 12) -> None:
        """Give column ``index`` whatever width the others leave (the table never scrolls sideways)."""
        others = sum((c.width or 10) + 2 for i, c in enumerate(self._columns) if i != index)
        others += 3 if self.markable else 0
        width = max(minimum, spare - others - 5)  # scrollbar and borders
        key = f"c{index}"
        for column_key, column in self.columns.items():
            if column_key.value == key:
                column.width = width
                column.auto_width = False
        self._require_update_dimensions = True
        self.refresh()

    # --- loading -------------------------------------------------------------------

    def set_fetch(self, fetch: Callable[[int, int], Page[R]]) -> None:
        """Use another query (a new filter) and reload from the top."""
        self._fetch = fetch
        self.reload()

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

    @work(thread=True, exclusive=True, group="page-load")
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
        for row in page.rows:
            self._add(row)
        if replace:
            self._restore_cursor(refiltered=refiltered)
        self.post_message(self.Loaded(self, page.total))

    def _add(self, row: R) -> None:
        row_id = self.row_id(row)
        cells: list[str | Text] = [Text(MARK if row_id in self.marked else "")] if self.markable else []
        # Plain strings are wrapped in Text so what a rep typed ("[/b]") is never read as markup.
        cells.extend(_safe(column.render(row)) for column in self._columns)
        self.add_row(*cells, key=str(row_id))
        self.rows_loaded.append(row)

    def _restore_cursor(self, *, refiltered: bool) -> None:
        wanted = self._select_after_load
        self._select_after_load = None
        index = 0
        if wanted is not None:
            for i, row in enumerate(self.rows_loaded):
                if self.row_id(row) == wanted:
                    index = i
                    break
        if self.rows_loaded:
            self.move_cursor(row=index)
        # After a new filter the row under the cursor may be the one already shown:
        # its detail stands. After a data reload it is said again, to be read afresh.
        self._announce(force=not refiltered)

    def _announce(self, *, force: bool) -> None:
        """Tell the screen which row is under the cursor, if it changed (or ``force``)."""
        row_id = self.current_id
        if force or row_id != self._announced:
            self._announced = row_id
            self.post_message(self.Highlighted(self, self.current_row))

    def _maybe_load_more(self) -> None:
        loaded = len(self.rows_loaded)
        if not self._loading_more and loaded < self.total and self.cursor_row >= loaded - PREFETCH:
            self._loading_more = True
            self._load_more(loaded)

    @work(thread=True, exclusive=True, group="page-more")
    def _load_more(self, offset: int) -> None:
        page = self._fetch(offset, PAGE)
        self.app.call_from_thread(self._show, page, False)

    # --- rows and marks ------------------------------------------------------------

    @staticmethod
    def row_id(row: Any) -> int:
        """The id of a light row."""
        return int(row.id)

    @property
    def current_row(self) -> R | None:
        """The row under the cursor."""
        if not self.rows_loaded or not (0 <= self.cursor_row < len(self.rows_loaded)):
            return None
        return self.rows_loaded[self.cursor_row]

    @property
    def current_id(self) -> int | None:
        """The id of the row under the cursor."""
        row = self.current_row
        return None if row is None else self.row_id(row)

    def select_id(self, row_id: int) -> bool:
        """Move the cursor to ``row_id`` if it is loaded; say whether it was."""
        for index, row in enumerate(self.rows_loaded):
            if self.row_id(row) == row_id:
                self.move_cursor(row=index)
                return True
        return False

    def toggle_mark(self) -> None:
        """Mark or unmark the row under the cursor, then move down."""
        row_id = self.current_id
        if row_id is None or not self.markable:
            return
        if row_id in self.marked:
            self.marked.discard(row_id)
        else:
            self.marked.add(row_id)
        self.update_cell(str(row_id), "mark", Text(MARK if row_id in self.marked else ""))
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def clear_marks(self) -> None:
        """Unmark every row."""
        shown = {self.row_id(row) for row in self.rows_loaded}
        for row_id in self.marked & shown:
            self.update_cell(str(row_id), "mark", Text(""))
        self.marked.clear()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._maybe_load_more()
        self._announce(force=False)
