"""What every area screen shares: the header line, the footer, and how it reaches the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, cast

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea
from textual.worker import get_current_worker
from typing_extensions import TypeVar

from repdesk.domain.errors import RepdeskError
from repdesk.domain.filters import Parsed
from repdesk.store.errors import NotFound
from repdesk.store.rows import Page
from repdesk.tui import lazy
from repdesk.tui.actions import Action
from repdesk.tui.dialogs.history import HistoryScreen
from repdesk.tui.errors import desk_work, notify_store_error
from repdesk.tui.widgets.filter_bar import FilterBar
from repdesk.tui.widgets.footer import DeskFooter
from repdesk.tui.widgets.paged_table import Column, PagedTable
from repdesk.tui.widgets.table import is_wide, pane_width

if TYPE_CHECKING:
    from repdesk.store import history
    from repdesk.store.engine import Database, Session
    from repdesk.tui.app import RepDesk
else:
    (history,) = lazy.store("history")

T = TypeVar("T")
R = TypeVar("R")
D = TypeVar("D", default=RenderableType)
"""What the detail pane is fed for one row: a Rich renderable, unless the screen has a pane of its own."""


class AreaScreen(Screen[None]):
    """A top-level area (mode). Subclasses set TITLE, AREA, ACTIONS and ``BINDINGS = bindings(ACTIONS)``."""

    AREA = ""
    ACTIONS: ClassVar[tuple[Action, ...]] = ()
    """Each command declared once: its binding, footer label, help and palette entry."""

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


class ListScreen(AreaScreen, Generic[R, D]):
    """An area that is a filter bar over a paged list, with a detail pane beside or below it.

    Subclasses give the filter hint, their columns, a ``_fetch`` (a service
    call) and ``read_detail``; the screen owns the layout, fitting the list to
    its pane, reading the detail on a worker, focus, and the filter and view keys.

    The detail pane is a Static fed a Rich renderable. A screen with a pane of
    its own (talks' session pane) yields it from ``compose_detail``, reads a
    ``D`` for it, and shows that in ``show_read`` and ``show_note``.
    """

    FILTER_HINT: ClassVar[str] = ""
    LIST_SHARE: ClassVar[float] = 0.6
    """The list's share of a wide terminal, beside the detail (see repdesk.tcss: 3fr and 2fr)."""
    MARKABLE: ClassVar[bool] = False
    ITEM: ClassVar[str] = ""
    """The ``kind`` a palette jump names for this screen's rows (see focus_item)."""
    ITEM_WORDS: ClassVar[str] = "record"
    """How messages name one row ("member", "threat-log entry")."""
    AUTO_FOCUS = ""
    """Never Textual's fallback, the first focusable widget: that is the filter bar, where the
    rep's next command letters would be typed (see on_screen_resume)."""

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        """The filter as last applied (a short word still being typed is held back)."""
        self.held_filter: str | None = None
        """The rep's own filter, set aside while a jump shows one row; it is back when they leave."""
        self._pending_focus: int | None = None
        self._pending_tries = 0
        self._loaded_once = False

    DETAIL_GONE: ClassVar[str] = "This record no longer exists."

    def empty_hint(self) -> str:
        """What the detail pane says when no row matches."""
        raise NotImplementedError

    def read_detail(self, session: Session, ident: int) -> D:
        """Row ``ident`` in full for the detail pane (runs on a worker; service calls only)."""
        raise NotImplementedError

    def parse_filter(self, text: str) -> Parsed[Any]:
        """The screen's filter language (the problems are shown under the bar)."""
        raise NotImplementedError

    def narrowing(self, ident: int) -> str:
        """Filter text that brings row ``ident`` onto the first page (raises RepdeskError if gone)."""
        raise NotImplementedError

    def list_columns(self) -> Sequence[Column[R]]:
        """The list's columns, narrow ones and all (the table picks them for its pane's width)."""
        raise NotImplementedError

    def _fetch(self, offset: int, limit: int) -> Page[R]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield self.header_bar()
        yield from self.compose_above()
        with Horizontal(classes="split"):
            with Vertical(classes="list-pane", id="list-pane"):
                yield Static("", id="count", classes="area-title")
                yield PagedTable(self.list_columns(), self._fetch, markable=self.MARKABLE, id="table")
            with VerticalScroll(classes="detail-pane", id="detail-scroll"):
                yield from self.compose_detail()
        yield self.footer()

    def compose_above(self) -> ComposeResult:
        """What stands between the header and the panes: the filter bar."""
        yield FilterBar(self.FILTER_HINT, id="filter")

    def compose_detail(self) -> ComposeResult:
        """The detail pane's content: one Static, fed by ``read_detail``."""
        yield Static("", id="detail")

    @property
    def table(self) -> PagedTable[R]:
        """The list."""
        return self.query_one("#table", PagedTable)

    def on_mount(self) -> None:
        self.table.focus()

    def on_screen_resume(self) -> None:
        # Back from a form, dialog or confirmation (or another area), focus is where the rep
        # left it. If that widget went meanwhile (hidden by a view change), the pane shown takes it.
        if self.focused is None:
            self.focus_shown_pane()

    def on_screen_suspend(self) -> None:
        # Leaving the area, not opening a dialog over it: a filter set aside by a jump comes back.
        if self.held_filter is not None and self not in self.app.screen_stack:
            held, self.held_filter = self.held_filter, None
            self.query_one(FilterBar).set_value(held)

    def focus_shown_pane(self) -> None:
        """Focus the list, or the detail when it is shown alone."""
        alone = self.query_one(".split").has_class("view-detail")
        self.set_focus(self.query_one("#detail-scroll") if alone else self.table)

    def on_resize(self) -> None:
        # List and detail side by side on wide terminals, stacked otherwise.
        width = self.size.width
        self.query_one(".split").set_class(is_wide(width), "wide")
        self.table.fit(pane_width(width, self.LIST_SHARE))
        self.fit_detail(pane_width(width, 1 - self.LIST_SHARE))

    def fit_detail(self, width: int) -> None:
        """Fit the detail pane's tables, if it has any, to its ``width``."""

    def refresh_data(self) -> None:
        self.table.reload()

    # --- the detail pane ------------------------------------------------------------------

    @on(PagedTable.Highlighted)
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        # The list first, the detail a frame later: a detail that lands in the same
        # frame as a new page makes the whole screen lay out again before either shows.
        self.call_after_refresh(self.show_detail)

    def show_detail(self) -> None:
        """Show the row under the cursor (read on a worker, so the cursor never waits for it)."""
        ident = self.table.current_id
        if ident is None:
            self.show_note(self.empty_hint())
            return
        self._read_detail(ident)

    @desk_work(thread=True, exclusive=True, group="page-detail")
    def _read_detail(self, ident: int) -> None:
        shown: D | None
        try:
            shown = self.read(lambda s: self.read_detail(s, ident))
        except NotFound:  # the row went away under us (deleted in another window)
            shown = None
        # Any other store error (a damaged or vanished file) is a notice, and the pane
        # keeps what it showed: see repdesk.tui.errors.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_detail, ident, shown)

    def _show_detail(self, ident: int, shown: D | None) -> None:
        if self.table.current_id != ident:
            return  # the cursor has moved on; its own read is on the way
        if shown is None:
            self.show_note(self.DETAIL_GONE)
        else:
            self.show_read(shown)

    def show_read(self, shown: D) -> None:
        """Show what ``read_detail`` gave: the plain pane is a Static, and ``D`` a Rich renderable."""
        self.query_one("#detail", Static).update(cast(RenderableType, shown))

    def show_note(self, note: str) -> None:
        """Say in the detail pane why there is nothing to show (no row, or it has gone)."""
        self.query_one("#detail", Static).update(Text(note, style="dim"))

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        try:
            parsed = self.parse_filter(event.text)
        except RepdeskError as error:  # refused outright (a paste too long to be a filter, say)
            notify_store_error(self, error)
            return  # the list stays as it was
        self.query_text = event.text
        event.bar.show_problems(parsed.problems)
        self.table.reload(refilter=True)

    # --- showing one row, wherever it is ------------------------------------------------

    def focus_item(self, kind: str, ident: int) -> None:
        """Select row ``ident``: at once if loaded, else after clearing, then narrowing, the filter."""
        if kind != self.ITEM:
            return
        self.table.focus()
        if self.table.select_id(ident):
            return
        self.select_when_loaded(ident)
        if self.query_text.strip():
            self._refetch("")
        elif self._loaded_once:
            self._focus_pending()  # not on the first page: narrow the list to it
        # else the first load, on its way, selects it

    def select_when_loaded(self, ident: int) -> None:
        """Select row ``ident`` once the next load lands (after a save, say)."""
        self._pending_focus, self._pending_tries = ident, 0

    def loaded(self) -> None:
        """Call from the screen's Loaded handler: select a row asked for before it was loaded."""
        self._loaded_once = True
        if self._pending_focus is not None:
            self._focus_pending()

    def _focus_pending(self) -> None:
        target = self._pending_focus
        assert target is not None
        if self.table.select_id(target):
            self._pending_focus = None
            return
        self._pending_tries += 1
        if self._pending_tries > 1:
            self._pending_focus = None
            clear = "; clear the filter (/ then delete) to look for it" if self.query(FilterBar) else ""
            self.notify(f"That {self.ITEM_WORDS} could not be shown{clear}.")
            return
        try:
            narrowed = self.narrowing(target)
        except NotFound:  # deleted in another window: nothing to show
            self._pending_focus = None
            self.notify(f"That {self.ITEM_WORDS} no longer exists.")
            return
        except RepdeskError as error:  # the file could not be read: say so, and stay put
            self._pending_focus = None
            notify_store_error(self, error)
            return
        self._refetch(narrowed)

    def _refetch(self, text: str) -> None:
        """Load the list again under the filter ``text`` (a list with no filter bar just reloads)."""
        bars = self.query(FilterBar)
        if bars:
            bar = bars.first()
            if self.held_filter is None:
                self.held_filter = bar.value
                if bar.value.strip():
                    self.notify(
                        f"Your filter is set aside to show this {self.ITEM_WORDS}; "
                        f"it is back when you next come to {self.AREA}."
                    )
            bar.set_value(text)
        else:
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
        self.held_filter = None  # the rep takes the filter over: what a jump showed is theirs now
        self.set_focus(self.query_one(FilterBar).input)

    def action_toggle_view(self) -> None:
        """Both panes, the list only, or the detail only."""
        cycle_view(self)

    def picked(self, hint: str = "") -> R | None:
        """The row under the cursor, or None after telling the rep to pick one (``hint`` says how)."""
        row = self.table.current_row
        if row is None:
            self.notify(hint or f"Pick a {self.ITEM_WORDS} first.")
        return row

    def picked_id(self, hint: str = "") -> int | None:
        """The id of the row under the cursor, or None after telling the rep to pick one."""
        row = self.picked(hint)
        return None if row is None else self.table.row_id(row)

    def action_history(self) -> None:
        """Show the selected row's history (``h``): its audit trail in plain words, newest first.

        The row's kind is the screen's ``ITEM``. A busy record reads in milliseconds,
        but an all-staff notice links thousands of members: it is read on a worker.
        """
        if (ident := self.picked_id()) is not None:
            self._read_history(ident)

    @desk_work(thread=True, exclusive=True, group="history")
    def _read_history(self, ident: int) -> None:
        # A store error (gone since, a file that cannot be read) becomes a notice: see desk_work.
        shown = self.read(lambda s: history.history_of(s, self.ITEM, ident))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_history, shown)

    def _show_history(self, shown: history.History) -> None:
        self.app.push_screen(HistoryScreen(shown))


def nothing(*_args: Any) -> None:
    """A callback that does nothing."""


VIEWS = ("both", "list", "detail")


def cycle_view(screen: Screen[Any]) -> None:
    """Show both panes, only the list, or only the detail (for small terminals)."""
    split = screen.query_one(".split")
    current = next((v for v in VIEWS if split.has_class(f"view-{v}")), "both")
    following = VIEWS[(VIEWS.index(current) + 1) % len(VIEWS)]
    for view in VIEWS:
        split.set_class(view == following, f"view-{view}")
    # Keys follow what is shown: in the detail alone, the arrows, page keys, home and end
    # scroll it (at 80x24 a case's deadlines and their working are below the fold); in a
    # view with the list, the list has them. A hidden pane never keeps the focus.
    if following == "detail":
        screen.set_focus(screen.query_one("#detail-scroll"))
    else:
        screen.set_focus(split.query_one(".list-pane DataTable"))
    screen.notify(
        f"Showing {'list and detail' if following == 'both' else 'the ' + following + ' only'} (v to change)."
    )
