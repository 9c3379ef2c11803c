"""What every area screen shares: the header line, the footer, and how it reaches the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.screen import Screen
from textual.widgets import Footer, Static

from repdesk.domain.errors import RepdeskError

if TYPE_CHECKING:
    from repdesk.store.engine import Database, Session
    from repdesk.tui.app import RepDesk

T = TypeVar("T")


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

    def footer(self) -> Footer:
        """The footer with the keys that matter here."""
        return Footer(show_command_palette=True)

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


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 case``, ``3 cases``."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def nothing(*_args: Any) -> None:
    """A callback that does nothing."""


WIDE = 150


def fit_split(screen: Screen[Any], fit_column: int | None = None) -> None:
    """List and detail side by side on wide terminals, stacked otherwise; fit the list's widest column."""
    from repdesk.tui.widgets.paged_table import PagedTable

    width = screen.size.width
    for split in screen.query(".split"):
        split.set_class(width >= WIDE, "wide")
    if fit_column is not None:
        for table in screen.query(PagedTable):
            spare = int(width * 0.6) if width >= WIDE else width
            table.fit_column(fit_column, spare)


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
