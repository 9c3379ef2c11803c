"""ACAS talks: the sessions, each with its record, the offers on the table and the action points.

Everything here is confidential: the session's marking stays on screen as a
banner, and every talks form carries it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from repdesk.domain.dates import format_date
from repdesk.domain.errors import RepdeskError
from repdesk.domain.text import plural
from repdesk.store import talks
from repdesk.store.common import Page
from repdesk.store.models import (
    DEFAULT_MARKING,
    OfferStatusChange,
    TalksSessionCreate,
)
from repdesk.store.rows import SessionRow
from repdesk.store.talks import TopicOffer
from repdesk.tui.actions import Action, bindings, history_action, view_action
from repdesk.tui.dialogs.export import run_export
from repdesk.tui.dialogs.form import creating, save_edit, values_of
from repdesk.tui.errors import desk_work
from repdesk.tui.talks.form import (
    TalksFormScreen,
    new_session_values,
    session_fields,
)
from repdesk.tui.talks.pane import SessionPane, SessionView
from repdesk.tui.talks.table_commands import TABLE_ACTIONS, TableCommands
from repdesk.tui.talks.topic import Picked, TopicScreen
from repdesk.tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from repdesk.store.engine import Session


SESSION_COLUMNS: list[Column[SessionRow]] = [
    Column("Date", lambda r: format_date(r.held_on), width=11),
    Column("Kind", lambda r: r.kind.value, width=11),
    Column("Format", lambda r: r.format.label.lower(), width=9),
    Column("Conciliator", lambda r: r.conciliator, width=20, fill=1),
    Column("Offers", lambda r: Text(str(r.offers), justify="right"), width=6),
    Column(
        "To do",
        lambda r: Text(str(r.open_actions), justify="right", style="yellow" if r.open_actions else "dim"),
        width=5,
    ),
    Column("Next", lambda r: format_date(r.next_session_on), width=11),
]


class TalksScreen(TableCommands):
    """ACAS talks: sessions newest first, and the selected one in full."""

    AREA = "ACAS talks"
    ITEM = "session"
    ITEM_WORDS = "session"
    DETAIL_GONE = "This session no longer exists."
    LIST_SHARE = 0.5  # side by side, the session's offers need as much room as the list
    CSS = """
    TalksScreen #list-pane { height: auto; max-height: 10; }
    TalksScreen #table { height: auto; max-height: 9; }
    TalksScreen .split.wide #list-pane { height: 1fr; max-height: 100%; }
    TalksScreen .split.wide #table { height: 1fr; max-height: 100%; }
    TalksScreen .split.view-list #list-pane { height: 1fr; max-height: 100%; }
    TalksScreen .split.view-list #table { height: 1fr; max-height: 100%; }
    TalksScreen .detail-pane { height: 1fr; }
    TalksScreen .split.wide .list-pane { width: 1fr; }
    TalksScreen .split.wide .detail-pane { width: 1fr; }
    TalksScreen #marking { max-height: 3; }
    """

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action(
            "n",
            "new_session",
            "New",
            "talks.new",
            "Record a new talks session",
            palette="talks: new session",
            help="Record a new ACAS talks session",
        ),
        Action(
            "e",
            "edit_session",
            "Edit",
            "talks.edit",
            "Edit the selected session's record",
            palette="talks: edit session",
        ),
        *TABLE_ACTIONS,
        Action(
            "slash",
            "follow_topic",
            "Topic",
            "talks.topic",
            "Follow a topic across sessions: every offer on it, with its status over time",
            palette="talks: follow topic",
            help="Every offer on a topic across sessions, with its history",
        ),
        Action(
            "x",
            "export",
            "Export",
            "talks.export",
            "Export the talks record",
            palette="talks: export record",
            help="Export the talks record (with its confidentiality marking)",
        ),
        view_action("talks"),
        history_action("talks", "talks"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    # --- the list and the session pane ----------------------------------------------------

    def list_columns(self) -> list[Column[SessionRow]]:
        return SESSION_COLUMNS

    def compose_above(self) -> ComposeResult:
        # No filter bar: a handful of sessions, and / follows a topic instead.
        yield Static(DEFAULT_MARKING, id="marking", classes="confidential")

    def compose_detail(self) -> ComposeResult:
        yield SessionPane(id="pane")

    def fit_detail(self, width: int) -> None:
        self.pane.fit(width)

    def _fetch(self, offset: int, limit: int) -> Page[SessionRow]:
        with self.db.session() as session:
            return talks.list_sessions(session, limit=limit, offset=offset)

    def empty_hint(self) -> str:
        return "No talks session selected. Press n to record one."

    def read_detail(self, session: Session, ident: int) -> SessionView:
        return SessionView(
            talks.get_session(session, ident),
            talks.offers_on_table(session, ident),
            talks.action_points(session, ident),
        )

    def show_read(self, shown: SessionView) -> None:
        self.query_one("#marking", Static).update(shown.session.confidentiality)
        self.pane.show(shown)

    def show_note(self, note: str) -> None:
        self.query_one("#marking", Static).update(DEFAULT_MARKING)
        self.pane.show_note(note)

    def narrowing(self, ident: int) -> str:
        self.read(lambda s: talks.get_session(s, ident))  # gone: NotFound says so
        return ""  # no filter: a reload brings a new session in

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        self.query_one("#count", Static).update(
            f"{plural(event.total, 'talks session')}, newest first"
            if event.total
            else "No talks sessions yet",
            layout=False,
        )
        self.loaded()

    @on(DataTable.RowSelected, "#table")
    def _session_chosen(self, event: DataTable.RowSelected) -> None:
        # Enter on a session: on to what was tabled at it (or its action points).
        event.stop()
        for table in (self.pane.offers, self.pane.actions):
            if table.display:
                table.focus()
                return

    @on(DataTable.RowSelected, "#offers")
    def _offer_chosen(self, event: DataTable.RowSelected) -> None:
        # Enter on an offer asks for its status, like s (escape leaves it as it is).
        event.stop()
        self.action_set_offer_status()

    # --- actions --------------------------------------------------------------------------

    @desk_work
    async def action_export(self) -> None:
        # The record covers every session; its marking goes on every page, caucus notes only if asked.
        await run_export(self.desk, ["talks"])

    @desk_work
    async def action_new_session(self) -> None:
        latest = self.read(lambda s: talks.list_sessions(s, limit=1).rows)
        last = self.read(lambda s: talks.get_session(s, latest[0].id)) if latest else None
        new_id = await self.app.push_screen_wait(
            TalksFormScreen[int](
                "New talks session",
                session_fields(),
                creating(self.db, talks.create_session),
                marking=self._marking(),
                values=new_session_values(last),
                labels_from=TalksSessionCreate,
            )
        )
        if new_id is not None:
            self.notify("Talks session recorded.")
            self._reshow(new_id)

    @desk_work
    async def action_edit_session(self) -> None:
        view = self._need_session()
        if view is None:
            return
        session_id = view.id
        try:
            record = self.read(lambda s: talks.get_session(s, session_id))
        except RepdeskError as exc:  # deleted in another window
            self.notify(str(exc), severity="error")
            self.table.reload()
            return
        fields = session_fields()
        changed = await self.app.push_screen_wait(
            TalksFormScreen[bool](
                f"Edit the {format_date(record.held_on)} session",
                fields,
                lambda values: save_edit(self.db, record, talks.update_session, values.changes()),
                marking=record.confidentiality,
                values=values_of(record, fields),
                labels_from=TalksSessionCreate,
            )
        )
        if changed is not None:
            self.notify("Session saved." if changed else "Nothing to save: the session is as it was.")
            self.table.reload(keep=session_id)

    def _search_topic(self, text: str) -> tuple[list[TopicOffer], dict[int, list[OfferStatusChange]]]:
        if not text.strip():
            return [], {}

        def run(s: Session) -> tuple[list[TopicOffer], dict[int, list[OfferStatusChange]]]:
            found = talks.follow_topic(s, text)
            return found, talks.offer_histories(s, [f.offer.id for f in found if f.offer.id is not None])

        return self.read(run)

    @desk_work
    async def action_follow_topic(self) -> None:
        known = self.read(lambda s: talks.topics(s, limit=100))
        picked: Picked | None = await self.app.push_screen_wait(
            TopicScreen(self._search_topic, marking=self._marking(), topics=known)
        )
        if picked is None:
            return
        session_id, offer_id = picked
        self._reshow(session_id, offer=offer_id)
        self.pane.offers.focus()
