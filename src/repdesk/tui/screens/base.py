"""What every area screen shares: the header line, the footer, and how it reaches the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from repdesk.domain.errors import RepdeskError
from repdesk.store.rows import Page
from repdesk.tui.widgets.filter_bar import FilterBar
from repdesk.tui.widgets.footer import DeskFooter
from repdesk.tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from repdesk.store.engine import Database, Session
    from repdesk.tui.app import RepDesk

T = TypeVar("T")
R = TypeVar("R")


class AreaScreen(Screen[None]):
    """A top-level area (mode). Subclasses set TITLE, AREA and BINDINGS."""

    AREA = ""
    PALETTE: ClassVar[list[tuple[str, str, str]]] = []
    """(title, help, action) for the command palette: "area: verb object"."""

    @property
    def desk(self) -> RepDesk:
        """The app, typed."""
        from repdesk.tui.app import RepDesk

        assert isinstance(self.app, RepDesk)
        return self.app

    @property
    def db(self) -> Database:
        """The rep's open database."""
        return self.desk.db

    def read(self, work: Callable[[Session], T]) -> T:
        """Run a read-only service call."""
        with self.db.session() as session:
            return work(session)

    def write(self, work: Callable[[Session], T], *, done: str = "") -> T | None:
        """Run a service call in a transaction; a refusal becomes a notification, not a crash."""
        try:
            with self.db.transaction() as session:
                result = work(session)
        except RepdeskError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8)
            return None
        if done:
            self.notify(done)
        return result

    def header_bar(self) -> Static:
        """The one-line header: area, rep and database."""
        return Static(self.desk.header_text(self.AREA), classes="header-bar")

    def footer(self) -> DeskFooter:
        """The footer with the keys that matter here."""
        return DeskFooter()

    def focus_item(self, kind: str, ident: int) -> None:
        """Select the record ``ident`` of ``kind`` on this screen (palette jumps, triage enter)."""

    def refresh_data(self) -> None:
        """Reload what the screen shows (after a change elsewhere)."""

    def update_header(self) -> None:
        """Redraw the header line (the rep's name may have changed)."""
        for bar in self.query(".header-bar").results(Static):
            bar.update(self.desk.header_text(self.AREA))

    def on_screen_resume(self) -> None:
        self.update_header()
        self.refresh_data()


class ListScreen(AreaScreen, Generic[R]):
    """An area that is a filter bar over a paged list, with a detail pane beside or below it.

    Subclasses give the filter hint, their columns for a list width, and a
    ``_fetch`` (a service call); the screen owns the layout, the column
    choice on resize, focus, and the filter and view keys.
    """

    FILTER_HINT: ClassVar[str] = ""
    MARKABLE: ClassVar[bool] = False

    def columns_for(self, list_width: int) -> tuple[Sequence[Column[R]], int]:
        """The columns for a list this wide, and which of them takes the spare width."""
        raise NotImplementedError

    def _fetch(self, offset: int, limit: int) -> Page[R]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield self.header_bar()
        yield FilterBar(self.FILTER_HINT, id="filter")
        columns, _fit = self.columns_for(list_width(self.app.size.width))
        with Horizontal(classes="split"):
            with Vertical(classes="list-pane", id="list-pane"):
                yield Static("", id="count", classes="area-title")
                yield PagedTable(columns, self._fetch, markable=self.MARKABLE, id="table")
            with VerticalScroll(classes="detail-pane", id="detail-scroll"):
                yield Static("", id="detail")
        yield self.footer()

    @property
    def table(self) -> PagedTable[R]:
        """The list."""
        return self.query_one("#table", PagedTable)

    def on_mount(self) -> None:
        self.table.focus()

    def on_resize(self) -> None:
        columns, fit = self.columns_for(list_width(self.size.width))
        self.table.set_columns(columns)
        fit_split(self, fit)

    def refresh_data(self) -> None:
        self.table.reload()

    @on(FilterBar.Left)
    def _filter_left(self) -> None:
        self.set_focus(self.table)  # at once, not a turn later: the next key is for the list

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The filter key is a priority binding, so the App handles it the moment it
        # arrives, before any letters typed after it are handed to the list: "/pay"
        # typed fast fills the filter. Where the rep is typing, "/" is just a slash.
        if action == "filter" and isinstance(self.focused, (Input, TextArea)):
            return False
        return super().check_action(action, parameters)

    def action_filter(self) -> None:
        """Focus the filter bar at once (``Widget.focus`` waits a turn), so letters typed next land in it."""
        self.set_focus(self.query_one(FilterBar).input)

    def action_toggle_view(self) -> None:
        """Both panes, the list only, or the detail only."""
        cycle_view(self)


def list_width(width: int) -> int:
    """How wide the list pane is on a terminal ``width`` columns wide (see :func:`fit_split`)."""
    return int(width * 0.6) if width >= WIDE else width


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 case``, ``3 cases``."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def nothing(*_args: Any) -> None:
    """A callback that does nothing."""


WIDE = 150


def fit_split(screen: Screen[Any], fit_column: int | None = None) -> None:
    """List and detail side by side on wide terminals, stacked otherwise; fit the list's widest column."""
    width = screen.size.width
    for split in screen.query(".split"):
        split.set_class(width >= WIDE, "wide")
    if fit_column is not None:
        for table in screen.query(PagedTable):
            table.fit_column(fit_column, list_width(width))


VIEWS = ("both", "list", "detail")


def cycle_view(screen: Screen[Any]) -> None:
    """Show both panes, only the list, or only the detail (for small terminals)."""
    split = screen.query_one(".split")
    current = next((v for v in VIEWS if split.has_class(f"view-{v}")), "both")
    following = VIEWS[(VIEWS.index(current) + 1) % len(VIEWS)]
    for view in VIEWS:
        split.set_class(view == following, f"view-{view}")
    screen.notify(
        f"Showing {'list and detail' if following == 'both' else 'the ' + following + ' only'} (v to change)."
    )
