"""The table toolkit: one column description, one width fitter, one narrow-terminal rule, one base table.

Every table on the desk (the four lists, the Triage sections, the talks session
pane's offers and action points) is a :class:`DeskTable` given :class:`Column`
descriptions. A screen tells each table how wide its pane is (:func:`pane_width`);
the table does the rest:

- on a pane under :data:`NARROW` cells it shows its narrow columns: each column
  says whether it stays, folds into the fill column ("Mei Rahman: ...") or goes,
  and may give a compact form of itself;
- the fill columns take whatever the others leave (:func:`fit_widths`), so no
  table scrolls sideways;
- every cell is one line of Text, never read as markup (what a rep typed, say
  "[/b]", stays text) and never wrapped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

R = TypeVar("R")

Narrow = Literal["show", "fold", "hide"]
"""What a column does on a narrow pane: stay, fold into the fill column's cell, or go."""
Overflow = Literal["ellipsis", "crop"]
"""How a cell too long for its column ends."""

WIDE = 150
"""From this many columns, a screen's panes stand side by side (list beside detail, Triage in two)."""
NARROW = 100
"""A pane narrower than this shows its tables' narrow columns."""
PAD = 2
"""The cells of padding every column has (DataTable's ``cell_padding`` on each side)."""
AUTO = 10
"""What the fitter allows a column of no set width (DataTable sizes it to its content)."""


def is_wide(width: int) -> bool:
    """Whether a terminal ``width`` columns wide puts panes side by side."""
    return width >= WIDE


def pane_width(width: int, share: float) -> int:
    """How wide a pane taking ``share`` of a side-by-side layout is (all of ``width`` when stacked)."""
    return int(width * share) if is_wide(width) else width


def is_narrow(pane: int) -> bool:
    """Whether a pane ``pane`` cells wide shows its tables' narrow columns."""
    return pane < NARROW


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a table: its heading, how it shows a row, and how it fits."""

    label: str
    """The heading."""
    render: Callable[[R], str | Text]
    """A row's cell (a ``str`` is shown as typed, never as markup)."""
    width: int | None = None
    """Its width in cells (``None``: as wide as its content). A fill column starts at it."""
    fill: int = 0
    """0 for a fixed width; otherwise it takes the spare width, shared between fill columns in
    proportion to ``fill`` (the last fill column takes what the others leave)."""
    narrow: Narrow = "show"
    """On a narrow pane: "show" it, "fold" it into the (first shown) fill column's cell, or "hide" it.
    A fill column that says "hide" or "fold" (one that shares the width on a wide pane, like the
    threat log's "Made by") goes only if another fill column stays: a table always keeps one."""
    compact: Column[R] | None = None
    """What shows instead of it on a narrow pane (a shorter date, say), if it stays; it fits as declared."""
    least: int = 12
    """The least width a fill column gets."""
    most: int | None = None
    """The most width a fill column gets (not the last one: it takes the rest)."""


def shown_columns(columns: Sequence[Column[R]], *, narrow: bool) -> list[Column[R]]:
    """The columns a table shows: all, or on a narrow pane those that stay (see :func:`stays`)."""
    if not narrow:
        return list(columns)
    return [column.compact or column for column in columns if stays(column, columns)]


def stays(column: Column[R], columns: Sequence[Column[R]]) -> bool:
    """Whether ``column`` shows on a narrow pane: it says "show", or it is a fill column and no
    other fill column says "show" (so there is always one to take the width and the folded cells)."""
    if column.narrow == "show":
        return True
    return bool(column.fill) and not any(other.fill and other.narrow == "show" for other in columns)


def row_cells(columns: Sequence[Column[R]], row: R, *, narrow: bool) -> list[str | Text]:
    """A row's cells for the columns shown; on a narrow pane, folded cells lead the fill column's."""
    if not narrow:
        return [column.render(row) for column in columns]
    folded = [
        cell
        for column in columns
        if column.narrow == "fold" and not stays(column, columns) and str(cell := column.render(row))
    ]
    cells: list[str | Text] = []
    for column in columns:
        if not stays(column, columns):
            continue
        cell = (column.compact or column).render(row)
        if column.fill and folded:
            text = Text()
            for part in folded:
                text.append_text(part if isinstance(part, Text) else Text(part, style="bold"))
                text.append(": ")
            text.append_text(cell if isinstance(cell, Text) else Text(cell))
            cell, folded = text, []
        cells.append(cell)
    return cells


def fit_widths(columns: Sequence[Column[R]], space: int) -> list[int | None]:
    """The width of each column when the table has ``space`` cells for its columns and their padding.

    Fixed columns keep their width; the fill columns share what is left, each
    in proportion to its ``fill`` and within its ``least`` and ``most``, the
    last taking the remainder (never less than its ``least``).
    """
    fixed = sum((column.width or AUTO) + PAD for column in columns if not column.fill)
    fills = sum(1 for column in columns if column.fill)
    spare = space - fixed - PAD * fills
    shares = sum(column.fill for column in columns)
    left = spare
    widths: list[int | None] = []
    for column in columns:
        if not column.fill:
            widths.append(column.width)
            continue
        fills -= 1
        if not fills:  # the last fill column
            width = max(column.least, left)
        else:
            width = max(column.least, spare * column.fill // shares)
            if column.most is not None:
                width = min(width, column.most)
        left -= width
        widths.append(width)
    return widths


def safe(cell: str | Text, overflow: Overflow) -> Text:
    """A one-line cell: never read as markup, cut (with ``overflow``, unless it says otherwise), not wrapped.

    A cell shows one line, and Rich would otherwise word-wrap a long title in
    full before cropping it: that was most of the cost of drawing a page.
    """
    text = Text(cell) if isinstance(cell, str) else cell
    text.no_wrap = True
    text.overflow = text.overflow or overflow
    return text


class DeskTable(DataTable[str | Text], Generic[R]):
    """A table of rows of ``R`` shown through :class:`Column` s, fitted to its pane (see the module).

    ``key`` names a row (unique in the table: the cursor follows it across a
    refresh); ``frame`` is how many cells of its pane the table cannot use
    (scrollbars, padding, borders); ``overflow`` how a long cell ends.
    """

    def __init__(
        self,
        columns: Sequence[Column[R]],
        *,
        key: Callable[[R], object],
        frame: int,
        overflow: Overflow = "ellipsis",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._columns = list(columns)
        self._key = key
        self.frame = frame
        self.overflow: Overflow = overflow
        self.narrow = False
        """Whether the narrow columns show (see :func:`is_narrow`)."""
        self.pane: int | None = None
        """The width of the pane the table was last fitted to."""
        self.rows_loaded: list[R] = []
        """The rows shown, in order."""
        self._drawing = False
        self._frame_style: Style | None = None

    def on_mount(self) -> None:
        if not self.columns:  # a fit may have come first
            self._add_columns()

    # --- columns and widths ------------------------------------------------------------

    def all_columns(self) -> list[Column[R]]:
        """Every column the table has, narrow or not."""
        return list(self._columns)

    def _add_columns(self) -> None:
        shown = shown_columns(self.all_columns(), narrow=self.narrow)
        for index, (column, width) in enumerate(zip(shown, self._widths(shown), strict=True)):
            self.add_column(column.label, width=width, key=f"c{index}")

    def _widths(self, shown: Sequence[Column[R]]) -> list[int | None]:
        if self.pane is None:
            return [column.width for column in shown]
        return fit_widths(shown, self.pane - self.frame)

    def fit(self, pane: int) -> None:
        """Fit the table to a pane ``pane`` cells wide: narrow columns under :data:`NARROW`, fills fitted."""
        self.pane = pane
        if is_narrow(pane) != self.narrow:
            self.narrow = is_narrow(pane)
            self._rebuild()
        else:
            self._apply_widths(self._widths(shown_columns(self.all_columns(), narrow=self.narrow)))

    def _rebuild(self) -> None:
        """Lay the columns out again and re-add the rows, keeping the cursor."""
        cursor = self.cursor_row
        rows = self.rows_loaded
        self.clear(columns=True)
        self._add_columns()
        self.rows_loaded = []
        self.add_rows_of(rows)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1))

    # --- rows --------------------------------------------------------------------------

    def row_key(self, row: R) -> str:
        """The key of a row in the table."""
        return str(self._key(row))

    def add_rows_of(self, rows: Sequence[R]) -> None:
        """Add rows at the end."""
        columns = self.all_columns()
        for row in rows:
            cells = row_cells(columns, row, narrow=self.narrow)
            self.add_row(*(safe(cell, self.overflow) for cell in cells), key=self.row_key(row))
            self.rows_loaded.append(row)

    def show_rows(self, rows: Sequence[R], *, keep: str | None = None) -> None:
        """Replace the rows; the cursor goes to the row keyed ``keep`` if it is there, else the first."""
        self.clear()
        self.rows_loaded = []
        self.add_rows_of(rows)
        index = self.index_of(keep) if keep is not None else None
        if index is not None:
            self.move_cursor(row=index)

    def index_of(self, key: str) -> int | None:
        """Where the row keyed ``key`` is, if it is shown."""
        return next((i for i, row in enumerate(self.rows_loaded) if self.row_key(row) == key), None)

    @property
    def current_row(self) -> R | None:
        """The row under the cursor."""
        if not self.rows_loaded or not (0 <= self.cursor_row < len(self.rows_loaded)):
            return None
        return self.rows_loaded[self.cursor_row]

    # --- DataTable internals --------------------------------------------------------------
    # The only code that reaches into DataTable's private state, for what it has no public
    # way to do: change a column's width in place (a resize), and draw a one-line Text cell
    # without Rich's layout pass. Textual is pinned; its upgrades should look here first.

    def _apply_widths(self, widths: Sequence[int | None]) -> None:
        """Give the columns shown these widths (``None`` leaves a column sized to its content)."""
        for column, width in zip(self.ordered_columns, widths, strict=False):
            if width is not None:
                column.width = width
                column.auto_width = False
        # DataTable works out its virtual size again only when told to: rows added,
        # columns added, or this flag, which nothing public sets.
        self._require_update_dimensions = True
        self.refresh(layout=True)

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
        Text (see :func:`safe`), so the same segments come from cutting the
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
