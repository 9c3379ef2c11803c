"""Triage, the start screen: what needs the rep now, each item one Enter away from where it lives."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from repdesk.domain.dates import format_date, format_date_weekday, format_time
from repdesk.domain.text import plural
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings
from repdesk.tui.errors import desk_work
from repdesk.tui.triage.section import Row, Target, TriageSection, at
from repdesk.tui.vocabulary import CASE_STATUS_SHORT, PRIORITY_STYLE, when
from repdesk.tui.widgets.chain_banner import ChainBanner
from repdesk.tui.widgets.list_screen import AreaScreen
from repdesk.tui.widgets.table import Column, is_wide, pane_width

if TYPE_CHECKING:
    from repdesk.store import triage
    from repdesk.store.deadlines import FlaggedDeadline
    from repdesk.store.triage import ActionItem, DeadlineItem, ReviewItem, SessionItem, ThreatItem, Triage
else:
    (triage,) = lazy.store("triage")

WHEN = 26
"""``19 Nov 2026 (300 days ago)``."""


def _deadline_columns(due: str, what: str) -> list[Column[Row]]:
    """A deadline section's columns: when, the case, its member, and what is due (or what to recheck)."""
    return [
        Column(due, at(0), WHEN),
        Column("Case", at(1), 11, narrow="hide"),
        Column("Member", at(2), 18, narrow="fold"),
        Column(what, at(3), 30, fill=1),
    ]


DEADLINE_COLUMNS = _deadline_columns("Due", "What")
RECHECK_COLUMNS = _deadline_columns("Saved date", "What the rules now give")


def _case_columns(when_label: str) -> list[Column[Row]]:
    """A case section's columns: the case, its member, title and status, and a date (``when_label``)."""
    return [
        Column("Case", at(0), 11),
        Column("Member", at(1), 18, narrow="fold"),
        Column("Title", at(2), 30, fill=1),
        Column("Status", at(3), 9, narrow="hide"),
        Column(when_label, at(4), WHEN),
    ]


CASE_COLUMNS = _case_columns("Next due")
QUIET_COLUMNS = _case_columns("Last activity")
THREAT_COLUMNS = [
    Column("Entry", at(0), 11),
    Column("When", at(1), WHEN),
    Column("Made by", at(2), 18, narrow="fold"),
    Column("Words", at(3), 30, fill=1),
]
TALKS_COLUMNS = [
    Column("When", at(0), WHEN + 6),  # a session's day has its time too: ``5 Mar 2025 (627 days ago) 14:00``
    Column("What", at(1), 30, fill=1),
    Column("Who", at(2), 18, narrow="fold"),
]

REVIEW_COLUMNS = [
    Column("Case", at(0), 11),
    Column("Member", at(1), 18, narrow="fold"),
    Column("Title", at(2), 30, fill=1),
    Column("Closed", at(3), WHEN),
]

Spec = tuple[str, str, list[Column[Row]], str]
"""A section: its id, title, columns, and what it says when there is nothing."""

LAYOUT: tuple[tuple[Spec, ...], ...] = (
    (
        ("recheck", "Deadlines to recheck", RECHECK_COLUMNS, "No computed deadline needs rechecking."),
        ("overdue", "Overdue deadlines", DEADLINE_COLUMNS, "Nothing overdue."),
        ("due-soon", "Due in the next 7 days", DEADLINE_COLUMNS, "Nothing due in the next 7 days."),
    ),
    (
        ("urgent", "Urgent cases", CASE_COLUMNS, "No active case is marked urgent."),
        (
            "threats",
            "Threats logged, not yet acted on",
            THREAT_COLUMNS,
            "Every threat-log entry has been followed up.",
        ),
        ("talks", "Talks", TALKS_COLUMNS, "No talks sessions or open action points."),
        ("quiet", "Gone quiet", QUIET_COLUMNS, "No active case has gone quiet."),
        ("review", "Due for review", REVIEW_COLUMNS, "No closed case is past your retention period."),
    ),
)
"""The sections, column by column (side by side on a wide terminal)."""
SECTIONS = tuple(name for column in LAYOUT for name, *_ in column)
SMALL_ROWS = 6
"""Rows the urgent, threats and talks tables show before they scroll."""
QUIET_ROWS = 3
"""Rows the gone-quiet and due-for-review tables show before they scroll: nudges, below what is due."""
HIDDEN_WHEN_EMPTY = ("recheck", "review")
"""Sections shown only when a load finds something, so the page does not shift when they go."""
MIN_ROWS = 5
"""The least height (heading included) a deadline table gets."""


def _what(item: DeadlineItem) -> Text:
    """A deadline's words; a case's next-action date says that is what it is."""
    if item.next_action:
        return Text.assemble(("next action: ", "italic cyan"), item.what)
    return Text(item.what)


def _deadline_rows(items: list[DeadlineItem], today_style: str) -> list[Row]:
    return [
        Row(
            # A next-action date has no deadline id; its case's id keeps its key unique.
            f"n{item.case_id}" if item.id is None else str(item.id),
            (Text(when(item.due_on), style=today_style), item.case_ref, item.member_name, _what(item)),
            Target("cases", "case", item.case_id),
        )
        for item in items
    ]


def _recheck_rows(items: list[FlaggedDeadline]) -> list[Row]:
    return [
        Row(
            str(item.deadline_id),
            (
                when(item.due_on),
                item.case_ref,
                item.member,
                Text.assemble((item.flag, "bold red"), "  ", (item.what, "dim")),
            ),
            Target("cases", "case", item.case_id),
        )
        for item in items
    ]


def _threat_rows(items: list[ThreatItem]) -> list[Row]:
    rows = []
    for item in items:
        words = Text(f"“{item.exact_words}”")
        if item.disputed:
            words.append(" (alleged)", style="dim")
        rows.append(
            Row(
                str(item.id),
                (item.ref, when(item.occurred_on), item.made_by, words),
                Target("threats", "threat", item.id),
            )
        )
    return rows


def _talks_rows(session: SessionItem | None, actions: list[ActionItem]) -> list[Row]:
    rows: list[Row] = []
    if session is not None:
        at = f" {format_time(session.starts_at)}" if session.starts_at else ""
        what = Text(f"{session.kind.label} session ({session.format.label.lower()})", style="bold")
        if session.upcoming:
            if session.venue:
                what.append(f" at {session.venue}")
        elif session.next_session_on:
            what.append(
                f" · next set for {format_date(session.next_session_on)}, not recorded", style="yellow"
            )
        else:
            what.append(" · no next session set", style="yellow")
        rows.append(
            Row(
                f"s{session.id}",
                (Text(when(session.held_on) + at, style="bold"), what, ""),
                Target("talks", "session", session.id),
            )
        )
    for point in actions:
        owner = point.owner or (point.owner_side.label if point.owner_side else "")
        text = Text(point.text)
        text.append(f"  (agreed {format_date(point.session_on)})", style="dim")
        rows.append(
            Row(
                f"a{point.id}",
                (when(point.due_on) if point.due_on else Text("no due date", style="dim"), text, owner),
                Target("talks", "session", point.session_id),
            )
        )
    return rows


def _period(months: int) -> str:
    """``6 years``, ``1 year 3 months``, ``5 months``."""
    years, rest = divmod(months, 12)
    parts = [plural(years, "year")] if years else []
    if rest or not years:
        parts.append(plural(rest, "month"))
    return " ".join(parts)


def _review_rows(items: list[ReviewItem], today: date) -> list[Row]:
    """Closed cases past the retention period, each with how long ago it closed."""
    return [
        Row(
            str(item.case_id),
            (
                item.case_ref,
                item.member_name,
                item.title,
                f"{format_date(item.closed_on)} ({_period(_months_between(item.closed_on, today))} ago)",
            ),
            Target("cases", "case", item.case_id),
        )
        for item in items
    ]


def _months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier`` to ``later``."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


CHAIN_CHECK_DELAY = 0.5
"""Seconds after Triage is filled before the threat log's chain is checked (see ChainBanner)."""


class TriageScreen(AreaScreen):
    """What needs the rep now: deadlines, urgent and quiet cases, threats not acted on, the talks."""

    AREA = "Triage"
    CSS = """
    TriageScreen #triage-summary { height: auto; padding: 0 1; color: $text; }
    TriageScreen #triage-body { height: 1fr; padding: 0 0; }
    TriageScreen #triage-grid { height: auto; layout: vertical; }
    TriageScreen #triage-grid.wide { layout: horizontal; }
    TriageScreen .triage-col { height: auto; }
    TriageScreen #recheck > .triage-title { color: $error; }
    TriageScreen #triage-grid.wide .triage-col { width: 1fr; }
    """

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action(
            "enter",
            "open_selected",
            "Open",
            "triage.open",
            "Open the highlighted item where it lives (case, threat log, talks)",
            palette="triage: open selected",
            help="Open the highlighted item where it lives",
            # Before the table's own (hidden) enter, so the footer shows it and a keymap can move it.
            priority=True,
        ),
        Action(
            "r",
            "refresh",
            "Refresh",
            "triage.refresh",
            "Work out what needs you again",
            palette="triage: refresh",
            help="Work out again what needs you now",
        ),
        Action("tab", "app.focus_next", "Next section", "triage.next", "Move to the next section"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.data: Triage | None = None
        self._last_section: str = ""

    def compose(self) -> ComposeResult:
        yield self.header_bar()
        yield ChainBanner(when_filled=True)
        yield Static("", id="triage-summary")
        with VerticalScroll(id="triage-body", can_focus=False), Vertical(id="triage-grid"):
            for column in LAYOUT:
                with Vertical(classes="triage-col"):
                    for name, title, columns, empty in column:
                        section = TriageSection(title, columns, empty=empty, id=name)
                        section.display = name not in HIDDEN_WHEN_EMPTY
                        yield section
        yield self.footer()

    def section(self, name: str) -> TriageSection:
        """One of the sections by id: recheck, overdue, due-soon, urgent, threats, talks, quiet, review."""
        return self.query_one(f"#{name}", TriageSection)

    def on_mount(self) -> None:
        self.load()

    def on_resize(self) -> None:
        width = self.size.width
        self.query_one("#triage-grid").set_class(is_wide(width), "wide")
        for name in SECTIONS:
            self.section(name).table.fit(pane_width(width, 0.5))
        self._fit_heights()

    def _fit_heights(self) -> None:
        """Share the height so that, on a 40-line terminal, every section shows at once."""
        wide = self.query_one("#triage-grid").has_class("wide")
        available = self.size.height - 3  # header, summary, footer
        small = 0
        recheck = self.section("recheck")
        above = 0  # the recheck section sits above the deadline tables, in the same column
        if recheck.display:
            shown = min(len(recheck.rows), SMALL_ROWS)
            recheck.table.styles.max_height = shown + 1
            above = 2 + shown + 1
        for name in ("urgent", "threats", "talks", "quiet", "review"):
            if not self.section(name).display:
                continue
            rows = len(self.section(name).rows)
            shown = min(rows, QUIET_ROWS if name in {"quiet", "review"} else SMALL_ROWS)
            self.section(name).table.styles.max_height = shown + 1
            small += 2 + (shown + 1 if rows else 1)
        left = available - 4 - above - (0 if wide else small)
        each = max(MIN_ROWS, left // 2)
        for name in ("overdue", "due-soon"):
            self.section(name).table.styles.max_height = each
        # The grid's height is set from what its sections now need rather than left to
        # "auto": after the first load, Textual sometimes kept the grid at the height it
        # had before the rows came, and clipped the talks section off the page (seen
        # under load in the snapshots; a resize put it back).
        self.call_after_refresh(self._size_grid)

    def _size_grid(self) -> None:
        """Give the grid the height its sections need, once they have been laid out."""
        grid = self.query_one("#triage-grid")
        size = self.size
        needed = max(1, grid.get_content_height(size, size, size.width))
        if grid.styles.height is None or grid.styles.height.value != needed:
            grid.styles.height = needed

    def refresh_data(self) -> None:
        self.load()

    # --- loading ----------------------------------------------------------------------

    def load(self) -> None:
        """Ask the store what needs the rep now (on a worker: at start-up the store may still be opening)."""
        self._read()

    @desk_work(thread=True, exclusive=True, group="page-triage")
    def _read(self) -> None:
        data = self.read(lambda s: triage.triage(s))
        self.app.call_from_thread(self._show, data)

    def _show(self, data: Triage) -> None:
        first = self.data is None
        self.data = data
        recheck = self.section("recheck")
        recheck.show(_recheck_rows(data.recheck), len(data.recheck))
        # Only there when something needs the rep: a safety warning, not a standing list.
        recheck.display = bool(data.recheck)
        self.section("overdue").show(_deadline_rows(data.overdue.rows, "bold red"), data.overdue.total)
        self.section("due-soon").show(_deadline_rows(data.due_soon.rows, "yellow"), data.due_soon.total)
        self.section("urgent").show(
            [
                Row(
                    str(case.id),
                    (
                        Text(case.ref, style=PRIORITY_STYLE[case.priority]),
                        case.member_name,
                        case.title,
                        CASE_STATUS_SHORT[case.status],
                        when(case.next_due) if case.next_due else Text("none", style="dim"),
                    ),
                    Target("cases", "case", case.id),
                )
                for case in data.urgent.rows
            ],
            data.urgent.total,
        )
        self.section("quiet").show(
            [
                Row(
                    str(item.case_id),
                    (
                        item.case_ref,
                        item.member_name,
                        item.title,
                        CASE_STATUS_SHORT[item.status],
                        when(item.last_activity_on),
                    ),
                    Target("cases", "case", item.case_id),
                )
                for item in data.quiet.rows
            ],
            data.quiet.total,
            title=f"Gone quiet: nothing for {triage.QUIET_DAYS} days",
        )
        self.section("threats").show(_threat_rows(data.threats.rows), data.threats.total)
        review = self.section("review")
        review.show(
            _review_rows(data.review.rows, data.today),
            data.review.total,
            title=f"Due for review: closed {_period(data.retention_months or 0)} ago or more",
        )
        # A nudge only when something is due: nothing is deleted unless the rep deletes it on Cases.
        review.display = bool(data.review.total)
        talks_rows = _talks_rows(data.session, data.actions.rows)
        if data.session is None:
            title = "Talks: no sessions recorded · open action points"
        elif data.session.upcoming:
            title = "Next talks session · open action points"
        else:
            title = "Latest talks session · open action points"
        self.section("talks").show(talks_rows, data.actions.total, title=title, shown=len(data.actions.rows))
        self.query_one("#triage-summary", Static).update(self._summary(data))
        self._fit_heights()
        if first:
            self._focus_first()
            # A moment after the rep has their page, so its last paint never waits on the hashing.
            self.set_timer(CHAIN_CHECK_DELAY, self.query_one(ChainBanner).start)
            self.call_after_refresh(self.query_one("#triage-body", VerticalScroll).scroll_home, animate=False)

    @staticmethod
    def _summary(data: Triage) -> Text:
        parts = [
            *([(f"{len(data.recheck)} to recheck", "bold red")] if data.recheck else []),
            (f"{data.overdue.total} overdue", "bold red" if data.overdue.total else "dim"),
            (f"{data.due_soon.total} due within 7 days", "yellow" if data.due_soon.total else "dim"),
            (plural(data.urgent.total, "urgent case"), "bold" if data.urgent.total else "dim"),
            (plural(data.threats.total, "threat") + " logged", "bold" if data.threats.total else "dim"),
            (plural(data.actions.total, "open action point"), "" if data.actions.total else "dim"),
            *([(f"{data.review.total} due for review", "")] if data.review.total else []),
        ]
        text = Text(f"{format_date_weekday(data.today)}: ", style="bold")
        for index, (words, style) in enumerate(parts):
            if index:
                text.append(" · ", style="dim")
            text.append(words, style=style)
        return text

    def _focus_first(self) -> None:
        for name in SECTIONS:
            section = self.section(name)
            if section.rows:
                section.table.focus()
                return

    # --- actions ------------------------------------------------------------------------

    def _focused_section(self) -> TriageSection | None:
        return next((self.section(n) for n in SECTIONS if self.section(n).table.has_focus), None)

    def action_refresh(self) -> None:
        self.load()
        self.notify("Triage worked out again.")

    def action_open_selected(self) -> None:
        section = self._focused_section()
        row = section.current if section is not None else None
        if row is None:
            self.notify("Move to an item first (tab moves between sections).")
            return
        self._open(row.target)

    @on(TriageSection.Open)
    def _opened(self, event: TriageSection.Open) -> None:
        self._open(event.target)

    def _open(self, target: Target) -> None:
        self.app.call_later(self.desk.jump, target.mode, target.kind, target.ident)
