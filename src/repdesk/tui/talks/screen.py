"""ACAS talks: the sessions, each with its record, the offers on the table and the action points.

Everything here is confidential: the session's marking stays on screen as a
banner, and every talks form carries it too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.domain.enums import OfferKind, OfferStatus, Side, TalksFormat, TalksKind
from repdesk.domain.errors import RepdeskError
from repdesk.store import talks
from repdesk.store.common import Page, validate
from repdesk.store.models import (
    DEFAULT_MARKING,
    ActionPoint,
    ActionPointCreate,
    OfferCreate,
    OfferStatusChange,
    TalksSession,
    TalksSessionCreate,
    TalksSessionUpdate,
)
from repdesk.store.rows import SessionRow
from repdesk.store.talks import TableOffer, TopicOffer
from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.export import run_export
from repdesk.tui.dialogs.form import Field, FormValues
from repdesk.tui.talks.form import TalksChoiceScreen, TalksFormScreen
from repdesk.tui.talks.render import (
    KIND_SHORT,
    SIDE_SHORT,
    offer_renderable,
    session_renderable,
    status_text,
)
from repdesk.tui.talks.topic import Picked, TopicScreen
from repdesk.tui.widgets.list_screen import WIDE, AreaScreen, cycle_view, fit_split, plural
from repdesk.tui.widgets.paged_table import Column, PagedTable

CONCILIATOR_COLUMN = 3

SESSION_COLUMNS: list[Column[SessionRow]] = [
    Column("Date", lambda r: format_date(r.held_on), width=11),
    Column("Kind", lambda r: r.kind.value, width=11),
    Column("Format", lambda r: r.format.label.lower(), width=9),
    Column("Conciliator", lambda r: r.conciliator, width=20),
    Column("Offers", lambda r: Text(str(r.offers), justify="right"), width=6),
    Column(
        "To do",
        lambda r: Text(str(r.open_actions), justify="right", style="yellow" if r.open_actions else "dim"),
        width=5,
    ),
    Column("Next", lambda r: format_date(r.next_session_on), width=11),
]

# The detail tables: (key, heading, width); topic and text (and an action's text) share what is left.
# On a narrow terminal the columns marked False go: the highlighted offer's kind is spelt out below it.
OFFER_COLUMNS = [
    ("side", "Side", 8, True),
    ("kind", "Kind", 8, False),
    ("topic", "Topic", 20, True),
    ("text", "Text", 30, True),
    ("status", "Status", 11, True),
    ("tabled", "Tabled", 11, True),
]
ACTION_COLUMNS = [
    ("done", "✔", 1, True),
    ("text", "Action", 30, True),
    ("owner", "Owner", 18, True),
    ("due", "Due", 11, True),
    ("done_on", "Done on", 11, False),
]
FREE = {"topic", "text"}
NARROW = 100
"""Below this width the detail tables drop a column."""


def session_fields() -> list[Field]:
    """Every field of a talks session, in the order a rep fills them in after a meeting."""
    return [
        Field("held_on", "Date", "date", required=True, placeholder="today, 6/1/25, fri"),
        Field("starts_at", "Time", "time", placeholder="10:00, 2pm"),
        Field("kind", "Kind", "select", TalksKind.choices(), allow_blank=False),
        Field("format", "Format", "select", TalksFormat.choices(), allow_blank=False),
        Field("venue", "Venue", placeholder="e.g. ACAS offices, or the video call"),
        Field("conciliator", "ACAS conciliator"),
        Field("union_attendees", "Union side", placeholder="who attended for the union"),
        Field("employer_attendees", "Employer side", placeholder="who attended for the employer"),
        Field("agenda", "Agenda", "area", height=3),
        Field("notes", "Notes", "area", height=5),
        Field("caucus_notes", "Caucus notes (PRIVATE)", "area", height=3),
        Field("report_back", "Report-back to members", "area", height=3),
        Field("next_session_on", "Next session", "date", placeholder="when talks resume"),
        Field("confidentiality", "Confidentiality marking", required=True),
    ]


class TalksScreen(AreaScreen):
    """ACAS talks: sessions newest first, and the selected one in full."""

    AREA = "ACAS talks"
    CSS = """
    TalksScreen #sessions-pane { height: auto; max-height: 10; }
    TalksScreen #sessions { height: auto; max-height: 9; }
    TalksScreen .split.wide #sessions-pane { height: 1fr; max-height: 100%; }
    TalksScreen .split.wide #sessions { height: 1fr; max-height: 100%; }
    TalksScreen .split.view-list #sessions-pane { height: 1fr; max-height: 100%; }
    TalksScreen .split.view-list #sessions { height: 1fr; max-height: 100%; }
    TalksScreen .detail-pane { height: 1fr; }
    TalksScreen .split.wide .list-pane { width: 1fr; }
    TalksScreen .split.wide .detail-pane { width: 1fr; }
    TalksScreen #offers, TalksScreen #actions { height: auto; max-height: 14; margin: 0 0 0 0; }
    TalksScreen #offer-detail { padding: 0 0 0 1; }
    TalksScreen .talks-empty { color: $text-muted; padding: 0 2; }
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
        Action(
            "o",
            "add_offer",
            "Offer+",
            "talks.offer",
            "Add a position or offer to this session",
            palette="talks: add offer",
            help="Add a position or offer to the selected session",
        ),
        Action(
            "s",
            "set_offer_status",
            "Status",
            "talks.status",
            "Set the highlighted offer's status, as at this session",
            palette="talks: set offer status",
            help="Set the highlighted offer's status at this session",
        ),
        Action(
            "t",
            "add_action",
            "Action+",
            "talks.action",
            "Add an action point to this session",
            palette="talks: add action point",
            help="Add an action point to the selected session",
        ),
        Action(
            "space",
            "toggle_action",
            "Done",
            "talks.toggle",
            "Tick the highlighted action point done (or not done)",
            palette="talks: toggle action point",
            help="Tick the highlighted action point done or not",
        ),
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
        Action(
            "v",
            "toggle_view",
            "View",
            "talks.view",
            "Show only the sessions, only the detail, or both",
            show=False,
        ),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self._pending_focus: int | None = None
        # (session id, row id) to put the cursor on once that session is shown: a reload
        # (say, the one every screen does on resume) may show another session first.
        self._pending_offer: tuple[int, int] | None = None
        self._pending_action: tuple[int, int] | None = None
        self.session_id: int | None = None
        self.record: TalksSession | None = None
        self.on_table: list[TableOffer] = []
        self.points: list[ActionPoint] = []
        self.narrow = False

    def compose(self) -> ComposeResult:
        yield self.header_bar()
        yield Static(DEFAULT_MARKING, id="marking", classes="confidential")
        with Horizontal(classes="split"):
            with Vertical(classes="list-pane", id="sessions-pane"):
                yield Static("", id="count", classes="area-title")
                yield PagedTable(SESSION_COLUMNS, self._fetch, id="sessions")
            with VerticalScroll(classes="detail-pane", id="detail-scroll"):
                yield Static("", id="detail")
                yield Static("", id="offers-title", classes="section-title")
                yield DataTable[str | Text](id="offers", cursor_type="row", zebra_stripes=True)
                yield Static("", id="offers-empty", classes="talks-empty")
                yield Static("", id="offer-detail")
                yield Static("", id="actions-title", classes="section-title")
                yield DataTable[str | Text](id="actions", cursor_type="row", zebra_stripes=True)
                yield Static("", id="actions-empty", classes="talks-empty")
        yield self.footer()

    # --- widgets ------------------------------------------------------------------------

    @property
    def table(self) -> PagedTable[SessionRow]:
        """The list of sessions."""
        return self.query_one("#sessions", PagedTable)

    @property
    def offers_table(self) -> DataTable[str | Text]:
        """What was on the table at the selected session."""
        return self.query_one("#offers", DataTable)

    @property
    def actions_table(self) -> DataTable[str | Text]:
        """The selected session's action points."""
        return self.query_one("#actions", DataTable)

    def on_mount(self) -> None:
        if not self.offers_table.columns:  # a resize may have come first
            self._add_columns()
        self._show_empty()
        self.table.focus()

    def _offer_columns(self) -> list[tuple[str, str, int, bool]]:
        return [c for c in OFFER_COLUMNS if c[3] or not self.narrow]

    def _action_columns(self) -> list[tuple[str, str, int, bool]]:
        return [c for c in ACTION_COLUMNS if c[3] or not self.narrow]

    def _add_columns(self) -> None:
        for key, label, width, _narrow in self._offer_columns():
            self.offers_table.add_column(label, key=key, width=width)
        for key, label, width, _narrow in self._action_columns():
            self.actions_table.add_column(label, key=key, width=width)

    def on_resize(self) -> None:
        width = self.size.width
        fit_split(self)
        # Side by side, the session's offers need as much room as the list (1fr : 1fr).
        self.table.fit_column(CONCILIATOR_COLUMN, width // 2 if width >= WIDE else width)
        pane = width // 2 if width >= WIDE else width
        narrow = pane < NARROW
        if narrow != self.narrow:
            self.narrow = narrow
            self.offers_table.clear(columns=True)
            self.actions_table.clear(columns=True)
            self._add_columns()
            if self.session_id is not None:
                self.show_detail()
        self._fit_detail_columns(pane)

    def _fit_detail_columns(self, pane: int) -> None:
        """Give the free-text columns what the fixed ones leave (the tables never scroll sideways)."""
        spare = pane - 2 - 2 - 2  # the pane's padding and border, the scrollbar
        offers_fixed = sum(w + 2 for key, _l, w, _n in self._offer_columns() if key not in FREE)
        free = max(20, spare - offers_fixed - 4)
        topic = max(10, min(34, free * 3 // 5))
        self._set_width(self.offers_table, "topic", topic)
        self._set_width(self.offers_table, "text", max(12, free - topic))
        actions_fixed = sum(w + 2 for key, _l, w, _n in self._action_columns() if key not in FREE)
        self._set_width(self.actions_table, "text", max(16, spare - actions_fixed - 2))

    @staticmethod
    def _set_width(table: DataTable[Any], key: str, width: int) -> None:
        for column_key, column in table.columns.items():
            if column_key.value == key:
                column.width = width
                column.auto_width = False
        table.refresh(layout=True)
        table._require_update_dimensions = True

    # --- loading ----------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> Page[SessionRow]:
        with self.db.session() as session:
            return talks.list_sessions(session, limit=limit, offset=offset)

    def refresh_data(self) -> None:
        self.table.reload()

    # PagedTable's messages carry no ``control``, so @on cannot match "#sessions"; there is one table here.
    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        self.query_one("#count", Static).update(
            f"{plural(event.total, 'talks session')}, newest first"
            if event.total
            else "No talks sessions yet",
            layout=False,
        )
        if self._pending_focus is not None:
            target, self._pending_focus = self._pending_focus, None
            if not self.table.select_id(target):
                self.notify("That session is not in the list; it may have been deleted.")

    @on(PagedTable.Highlighted)
    def _highlighted(self, event: PagedTable.Highlighted) -> None:
        self.show_detail()

    def focus_item(self, kind: str, ident: int) -> None:
        if kind != "session":
            return
        if not self.table.select_id(ident):
            # Still loading, or new since the list loaded: select it once it arrives.
            self._pending_focus = ident
            if self.table.rows_loaded:
                self.table.reload(keep=ident)
        self.table.focus()

    def _show_empty(self) -> None:
        self.record = None
        self.session_id = None
        self.on_table = []
        self.points = []
        self.query_one("#marking", Static).update(DEFAULT_MARKING)
        self.query_one("#detail", Static).update(
            Text("No talks session selected. Press n to record one.", style="dim")
        )
        for widget_id in ("#offers-title", "#offers", "#offers-empty", "#offer-detail"):
            self.query_one(widget_id).display = False
        for widget_id in ("#actions-title", "#actions", "#actions-empty"):
            self.query_one(widget_id).display = False

    def show_detail(self) -> None:
        """Show the session under the cursor: its record, what was on the table, the action points."""
        session_id = self.table.current_id
        if session_id is None:
            self._show_empty()
            return
        try:
            detail, on_table = self.read(
                lambda s: (talks.session_detail(s, session_id), talks.offers_on_table(s, session_id))
            )
        except RepdeskError:  # deleted in another window
            self._show_empty()
            self.query_one("#detail", Static).update(Text("This session no longer exists.", style="dim"))
            return
        same = session_id == self.session_id
        self.session_id = session_id
        self.record = detail.session
        self.on_table = on_table
        self.points = detail.actions
        self.query_one("#marking", Static).update(detail.session.confidentiality)
        self.query_one("#detail", Static).update(session_renderable(detail.session))
        offer_keep = action_keep = None
        if self._pending_offer is not None and self._pending_offer[0] == session_id:
            offer_keep, self._pending_offer = self._pending_offer[1], None
        if self._pending_action is not None and self._pending_action[0] == session_id:
            action_keep, self._pending_action = self._pending_action[1], None
        self._fill_offers(keep=offer_keep, same=same)
        self._fill_actions(keep=action_keep, same=same)

    def _fill_offers(self, *, keep: int | None, same: bool) -> None:
        table = self.offers_table
        previous = self._current_offer()
        wanted = keep if keep is not None else (previous.offer.id if previous and same else None)
        table.clear()
        tabled_here = sum(1 for item in self.on_table if item.tabled_here)
        carried = len(self.on_table) - tabled_here
        title = f"Positions and offers: {tabled_here} tabled here"
        if carried:
            title += f", {carried} carried over from earlier sessions"
        self.query_one("#offers-title", Static).update(title)
        self.query_one("#offers-title").display = True
        keys = [key for key, _label, _width, _narrow in self._offer_columns()]
        for item in self.on_table:
            offer = item.offer
            cells: dict[str, str | Text] = {
                "side": SIDE_SHORT[offer.side],
                "kind": KIND_SHORT[offer.kind],
                "topic": offer.topic or Text("(none)", style="dim"),
                "text": offer.text,
                "status": status_text(offer.status, short=True),
                "tabled": Text("here", style="cyan") if item.tabled_here else format_date(item.tabled_on),
            }
            table.add_row(*(cells[key] for key in keys), key=str(offer.id))
        has_rows = bool(self.on_table)
        table.display = has_rows
        empty = self.query_one("#offers-empty", Static)
        empty.display = not has_rows
        empty.update("Nothing on the table yet. Press o to add a position or offer.")
        if has_rows:
            index = next((i for i, item in enumerate(self.on_table) if item.offer.id == wanted), 0)
            table.move_cursor(row=index)
        self._show_offer()

    def _fill_actions(self, *, keep: int | None, same: bool) -> None:
        table = self.actions_table
        previous = self._current_action()
        wanted = keep if keep is not None else (previous.id if previous and same else None)
        table.clear()
        today = clock.today()
        keys = [key for key, _label, _width, _narrow in self._action_columns()]
        open_points = sum(1 for p in self.points if not p.done)
        self.query_one("#actions-title", Static).update(
            f"Action points: {open_points} open of {len(self.points)}" if self.points else "Action points"
        )
        self.query_one("#actions-title").display = True
        for point in self.points:
            late = not point.done and point.due_on is not None and point.due_on < today
            owner = point.owner or (point.owner_side.label if point.owner_side else "")
            if point.owner and point.owner_side and point.owner_side.label.lower() not in point.owner.lower():
                owner = f"{point.owner} ({point.owner_side.label})"
            cells: dict[str, str | Text] = {
                "done": Text("✔", style="bold green") if point.done else Text("·", style="dim"),
                "text": Text(point.text, style="dim" if point.done else ""),
                "owner": owner,
                "due": Text(format_date(point.due_on), style="bold red" if late else ""),
                "done_on": format_date(point.done_on),
            }
            table.add_row(*(cells[key] for key in keys), key=str(point.id))
        has_rows = bool(self.points)
        table.display = has_rows
        empty = self.query_one("#actions-empty", Static)
        empty.display = not has_rows
        empty.update("No action points. Press t to add one.")
        if has_rows:
            index = next((i for i, p in enumerate(self.points) if p.id == wanted), 0)
            table.move_cursor(row=index)

    def _current_offer(self) -> TableOffer | None:
        table = self.offers_table
        if not self.on_table or not (0 <= table.cursor_row < len(self.on_table)):
            return None
        return self.on_table[table.cursor_row]

    def _current_action(self) -> ActionPoint | None:
        table = self.actions_table
        if not self.points or not (0 <= table.cursor_row < len(self.points)):
            return None
        return self.points[table.cursor_row]

    def _show_offer(self) -> None:
        widget = self.query_one("#offer-detail", Static)
        item = self._current_offer()
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

    @on(DataTable.RowSelected, "#sessions")
    def _session_chosen(self, event: DataTable.RowSelected) -> None:
        # Enter on a session: on to what was tabled at it (or its action points).
        event.stop()
        for table in (self.offers_table, self.actions_table):
            if table.display:
                table.focus()
                return

    @on(DataTable.RowSelected, "#offers")
    def _offer_chosen(self, event: DataTable.RowSelected) -> None:
        # Enter on an offer asks for its status, like s (escape leaves it as it is).
        event.stop()
        self.action_set_offer_status()

    # --- actions --------------------------------------------------------------------------

    def _marking(self) -> str:
        return self.record.confidentiality if self.record is not None else DEFAULT_MARKING

    def _need_session(self) -> int | None:
        if self.session_id is None:
            self.notify("Pick a session first (or press n to record one).")
        return self.session_id

    def action_toggle_view(self) -> None:
        cycle_view(self)

    @work
    async def action_export(self) -> None:
        # The record covers every session; its marking goes on every page, caucus notes only if asked.
        await run_export(self.desk, ["talks"])

    def _defaults_for_new(self) -> dict[str, Any]:
        """Prefill from the latest session: the same people, and the date it set for the next one."""
        values: dict[str, Any] = {
            "held_on": "today",
            "kind": TalksKind.JOINT,
            "format": TalksFormat.ONLINE,
            "confidentiality": DEFAULT_MARKING,
        }
        latest = self.read(lambda s: talks.list_sessions(s, limit=1).rows)
        if latest:
            last = self.read(lambda s: talks.get_session(s, latest[0].id))
            if last.next_session_on and last.next_session_on > last.held_on:
                values["held_on"] = format_date(last.next_session_on)
            for name in ("conciliator", "union_attendees", "employer_attendees", "confidentiality"):
                values[name] = getattr(last, name)
        return values

    @work
    async def action_new_session(self) -> None:
        def submit(values: dict[str, Any]) -> int:
            data = validate(TalksSessionCreate, values)
            with self.db.transaction() as session:
                made = talks.create_session(session, data)
                assert made.id is not None
                return made.id

        new_id = await self.app.push_screen_wait(
            TalksFormScreen[int](
                "New talks session",
                session_fields(),
                submit,
                marking=self._marking(),
                values=self._defaults_for_new(),
                labels_from=TalksSessionCreate,
            )
        )
        if new_id is not None:
            self.notify("Talks session recorded.")
            self._pending_focus = new_id
            self.table.reload(keep=new_id)

    @work
    async def action_edit_session(self) -> None:
        session_id = self._need_session()
        if session_id is None:
            return
        try:
            record = self.read(lambda s: talks.get_session(s, session_id))
        except RepdeskError as exc:  # deleted in another window
            self.notify(str(exc), severity="error")
            self.table.reload()
            return
        fields = session_fields()
        values = {f.name: getattr(record, f.name) for f in fields}

        def submit(values: FormValues) -> int:
            data = validate(TalksSessionUpdate, {"version": record.version, **values.changes()})
            with self.db.transaction() as session:
                talks.update_session(session, session_id, data)
            return session_id

        saved = await self.app.push_screen_wait(
            TalksFormScreen[int](
                f"Edit the {format_date(record.held_on)} session",
                fields,
                submit,
                marking=record.confidentiality,
                values=values,
                labels_from=TalksSessionCreate,
            )
        )
        if saved is not None:
            self.notify("Session saved.")
            self.table.reload(keep=session_id)

    @work
    async def action_add_offer(self) -> None:
        session_id = self._need_session()
        if session_id is None or self.record is None:
            return
        known = self.read(lambda s: talks.topics(s, limit=100))
        fields = [
            Field("side", "Tabled by", "select", Side.choices(), allow_blank=False),
            Field("kind", "Kind", "select", OfferKind.choices(), allow_blank=False),
            Field(
                "topic",
                "Topic",
                placeholder=f"e.g. {known[0]} (→ takes a suggestion)" if known else "e.g. office days",
            ),
            Field("text", "What was put forward", "area", required=True, height=4),
        ]

        def submit(values: dict[str, Any]) -> int:
            data = validate(OfferCreate, values)
            with self.db.transaction() as session:
                offer = talks.add_offer(session, session_id, data)
                assert offer.id is not None
                return offer.id

        current = self._current_offer()
        offer_id = await self.app.push_screen_wait(
            TalksFormScreen[int](
                f"Add a position or offer to the {format_date(self.record.held_on)} session",
                fields,
                submit,
                marking=self._marking(),
                values={
                    "side": Side.UNION,
                    "kind": OfferKind.PROPOSAL,
                    "topic": current.offer.topic if current else "",
                },
                labels_from=OfferCreate,
                suggest={"topic": known},
            )
        )
        if offer_id is not None:
            self.notify("Offer added.")
            self._pending_offer = (session_id, offer_id)
            self.table.reload(keep=session_id)
            self.offers_table.focus()

    @work
    async def action_set_offer_status(self) -> None:
        session_id = self._need_session()
        item = self._current_offer()
        if session_id is None or self.record is None:
            return
        if item is None:
            self.notify("Nothing on the table at this session. Press o to add a position or offer.")
            return
        offer = item.offer
        held_on = self.record.held_on
        status = await self.app.push_screen_wait(
            TalksChoiceScreen[OfferStatus](
                f"{SIDE_SHORT[offer.side]} {offer.kind.label.lower()} on {offer.topic or 'no topic'}: "
                f"status as at the {format_date(held_on)} session",
                [(s.label, s) for s in OfferStatus],
                marking=self._marking(),
                current=offer.status,
            )
        )
        if status is None or status == offer.status:
            return
        later = [step for step in item.history if step.changed_on > held_on and step.session_id != session_id]
        if later and not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Record “{status.label}” at the {format_date(held_on)} session?",
                detail=f"This offer moved on later ({_last_step(later)}). What you choose becomes its "
                "current status; the history keeps every step.",
            )
        ):
            return
        done = self.write(
            lambda s: talks.set_offer_status(
                s, offer.id or 0, status, version=offer.version, at_session_id=session_id
            ),
            done=f"Offer marked {status.label.lower()} at the {format_date(held_on)} session.",
        )
        if done is not None:
            self._pending_offer = (session_id, offer.id or 0)
            self.table.reload(keep=session_id)

    @work
    async def action_add_action(self) -> None:
        session_id = self._need_session()
        if session_id is None or self.record is None:
            return
        fields = [
            Field("text", "Action", required=True, placeholder="what is to be done"),
            Field("owner", "Owner", placeholder="a person, or a side"),
            Field("owner_side", "Owner's side", "select", Side.choices()),
            Field("due_on", "Due", "date", placeholder="+7d, fri, 6/1/25"),
        ]

        def submit(values: dict[str, Any]) -> int:
            data = validate(ActionPointCreate, values)
            with self.db.transaction() as session:
                point = talks.add_action_point(session, session_id, data)
                assert point.id is not None
                return point.id

        point_id = await self.app.push_screen_wait(
            TalksFormScreen[int](
                f"Add an action point to the {format_date(self.record.held_on)} session",
                fields,
                submit,
                marking=self._marking(),
                labels_from=ActionPointCreate,
            )
        )
        if point_id is not None:
            self.notify("Action point added. Space ticks it done.")
            self._pending_action = (session_id, point_id)
            self.table.reload(keep=session_id)
            self.actions_table.focus()

    def action_toggle_action(self) -> None:
        if self._need_session() is None:
            return
        point = self._current_action()
        if point is None:
            self.notify("This session has no action points. Press t to add one.")
            return
        if self.focused is not self.actions_table:
            # Space elsewhere must not tick off a point the rep cannot see: go there first.
            self.actions_table.focus()
            self.notify("On the action points now: space ticks the highlighted one done.")
            return
        point_id, version = point.id or 0, point.version
        changed = self.write(lambda s: talks.toggle_action_point(s, point_id, version=version))
        if changed is not None:
            self.notify(f"Action point {'done' if changed.done else 'reopened'}: {point.text}")
            self._pending_action = (self.session_id or 0, point_id)
            self.table.reload(keep=self.session_id)

    def _search_topic(self, text: str) -> tuple[list[TopicOffer], dict[int, list[OfferStatusChange]]]:
        if not text.strip():
            return [], {}

        def run(s: Any) -> tuple[list[TopicOffer], dict[int, list[OfferStatusChange]]]:
            found = talks.follow_topic(s, text)
            return found, talks.offer_histories(s, [f.offer.id for f in found if f.offer.id is not None])

        return self.read(run)

    @work
    async def action_follow_topic(self) -> None:
        known = self.read(lambda s: talks.topics(s, limit=100))
        picked: Picked | None = await self.app.push_screen_wait(
            TopicScreen(self._search_topic, marking=self._marking(), topics=known)
        )
        if picked is None:
            return
        session_id, offer_id = picked
        self._pending_offer = (session_id, offer_id)
        # Reload rather than move the cursor: the reload this screen does on resume would put it back.
        self._pending_focus = session_id
        self.table.reload(keep=session_id)
        self.offers_table.focus()


def _last_step(steps: list[OfferStatusChange]) -> str:
    step = steps[-1]
    return f"{step.to_status.label.lower()} on {format_date(step.changed_on)}"
