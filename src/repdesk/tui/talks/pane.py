"""The session pane: the selected session's record, what was on the table at it, and its action points.

The screen reads a :class:`SessionView` on a worker; the pane only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from repdesk.domain.dates import format_date
from repdesk.store.models import ActionPoint, TalksSession
from repdesk.store.talks import TableOffer
from repdesk.tui.talks.render import (
    KIND_SHORT,
    SIDE_SHORT,
    action_done_mark,
    action_due,
    action_owner,
    offer_renderable,
    session_renderable,
    status_text,
)
from repdesk.tui.widgets.table import Column, DeskTable


@dataclass(frozen=True)
class SessionView:
    """One session as the pane shows it."""

    session: TalksSession
    """Its record."""
    on_table: list[TableOffer]
    """What was on the table at it: tabled there, or carried over and still open."""
    points: list[ActionPoint]
    """Its action points."""

    @property
    def id(self) -> int:
        """The session's id."""
        assert self.session.id is not None
        return self.session.id


def _tabled(item: TableOffer) -> str | Text:
    return Text("here", style="cyan") if item.tabled_here else format_date(item.tabled_on)


OFFER_COLUMNS: list[Column[TableOffer]] = [
    Column("Side", lambda item: SIDE_SHORT[item.offer.side], 8),
    Column("Kind", lambda item: KIND_SHORT[item.offer.kind], 8, narrow="hide"),  # spelt out below the table
    # Topic and text share what the others leave: the topic three parts in five, up to 34.
    Column(
        "Topic", lambda item: item.offer.topic or Text("(none)", style="dim"), 20, fill=3, least=10, most=34
    ),
    Column("Text", lambda item: item.offer.text, 30, fill=2),
    Column("Status", lambda item: status_text(item.offer.status, short=True), 11),
    Column("Tabled", _tabled, 11),
]
ACTION_COLUMNS: list[Column[ActionPoint]] = [
    Column("✔", action_done_mark, 1),
    Column("Action", lambda point: Text(point.text, style="dim" if point.done else ""), 30, fill=1, least=16),
    Column("Owner", action_owner, 18),
    Column("Due", action_due, 11),
    Column("Done on", lambda point: format_date(point.done_on), 11, narrow="hide"),
]
PANE_FRAME = 6
"""Cells of the detail pane its tables cannot use: the pane's padding and border, the scrollbar."""


class SessionPane(Vertical):
    """The session's record, the offers on the table (the highlighted one in full), the action points."""

    DEFAULT_CSS = """
    SessionPane { height: auto; }
    SessionPane > DeskTable { height: auto; max-height: 14; }
    SessionPane > #offer-detail { padding: 0 0 0 1; }
    SessionPane > .talks-empty { color: $text-muted; padding: 0 2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: SessionView | None = None
        """What is shown (None when no session is)."""
        self._expected: dict[str, tuple[int, int]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="detail")
        yield Static("", id="offers-title", classes="section-title")
        yield DeskTable(OFFER_COLUMNS, key=lambda item: item.offer.id, frame=PANE_FRAME, id="offers")
        yield Static("", id="offers-empty", classes="talks-empty")
        yield Static("", id="offer-detail")
        yield Static("", id="actions-title", classes="section-title")
        yield DeskTable(ACTION_COLUMNS, key=lambda point: point.id, frame=PANE_FRAME, id="actions")
        yield Static("", id="actions-empty", classes="talks-empty")

    def on_mount(self) -> None:
        self._hide_tables()

    # --- what is shown ------------------------------------------------------------------

    @property
    def offers(self) -> DeskTable[TableOffer]:
        """What was on the table at the session."""
        return self.query_one("#offers", DeskTable)

    @property
    def actions(self) -> DeskTable[ActionPoint]:
        """The session's action points."""
        return self.query_one("#actions", DeskTable)

    @property
    def session_id(self) -> int | None:
        """The id of the session shown."""
        return None if self.view is None else self.view.id

    @property
    def current_offer(self) -> TableOffer | None:
        """The highlighted offer."""
        return None if self.view is None else self.offers.current_row

    @property
    def current_action(self) -> ActionPoint | None:
        """The highlighted action point."""
        return None if self.view is None else self.actions.current_row

    def fit(self, width: int) -> None:
        """Fit both tables to a pane ``width`` cells wide."""
        self.offers.fit(width)
        self.actions.fit(width)

    # --- showing ------------------------------------------------------------------------

    def expect(self, session_id: int, *, offer: int | None = None, action: int | None = None) -> None:
        """Put the cursor on this offer or action point when session ``session_id`` is next shown."""
        if offer is not None:
            self._expected["offers"] = (session_id, offer)
        if action is not None:
            self._expected["actions"] = (session_id, action)

    def show(self, view: SessionView) -> None:
        """Show a session; the cursors stay on the same offer and action point when it is the one shown."""
        same = self.session_id == view.id
        keep_offer = self._keep(self.offers, view, same=same)
        keep_action = self._keep(self.actions, view, same=same)
        self.view = view
        self.query_one("#detail", Static).update(session_renderable(view.session))
        tabled_here = sum(1 for item in view.on_table if item.tabled_here)
        carried = len(view.on_table) - tabled_here
        title = f"Positions and offers: {tabled_here} tabled here"
        if carried:
            title += f", {carried} carried over from earlier sessions"
        self._fill(
            self.offers,
            view.on_table,
            keep_offer,
            title,
            "Nothing on the table yet. Press o to add a position or offer.",
        )
        open_points = sum(1 for point in view.points if not point.done)
        self._fill(
            self.actions,
            view.points,
            keep_action,
            f"Action points: {open_points} open of {len(view.points)}" if view.points else "Action points",
            "No action points. Press t to add one.",
        )
        self._show_offer()

    def show_note(self, note: str) -> None:
        """Show no session: only ``note`` (why not, and what to do)."""
        self.view = None
        self.query_one("#detail", Static).update(Text(note, style="dim"))
        self.offers.show_rows([])
        self.actions.show_rows([])
        self._hide_tables()

    def _hide_tables(self) -> None:
        for name in ("offers", "actions"):
            for widget_id in (f"#{name}-title", f"#{name}", f"#{name}-empty"):
                self.query_one(widget_id).display = False
        self.query_one("#offer-detail").display = False

    def _keep(self, table: DeskTable[Any], view: SessionView, *, same: bool) -> str | None:
        """The row to put the cursor on: the one expected, else the one under it if the session stays."""
        assert table.id is not None
        expected = self._expected.get(table.id)
        if expected is not None and expected[0] == view.id:
            del self._expected[table.id]
            return str(expected[1])
        current = table.current_row
        return table.row_key(current) if same and current is not None else None

    def _fill(self, table: DeskTable[Any], rows: list[Any], keep: str | None, title: str, empty: str) -> None:
        heading = self.query_one(f"#{table.id}-title", Static)
        heading.update(title)
        heading.display = True
        table.show_rows(rows, keep=keep)
        table.display = bool(rows)
        note = self.query_one(f"#{table.id}-empty", Static)
        note.update(empty)
        note.display = not rows

    def _show_offer(self) -> None:
        widget = self.query_one("#offer-detail", Static)
        item = self.current_offer
        widget.display = item is not None
        if item is None:
            widget.update("")
            return
        widget.update(
            offer_renderable(
                item.offer,
                item.history,
                tabled_on=item.tabled_on,
                tabled_here=item.tabled_here,
                here=self.session_id,
            )
        )

    @on(DataTable.RowHighlighted, "#offers")
    def _offer_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_offer()
