"""Threat log: every threat in the order it happened, a filter bar, and the entry in full.

Entries are evidence: they are logged once and never edited. A mistake is
put right by a correction, a new entry that amends the old one; both stay
in the log and each names the other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Static

from repdesk.domain.dates import format_date, format_time
from repdesk.domain.enums import ThreatAudience, ThreatChannel, ThreatKind, ThreatStatus
from repdesk.domain.filters import THREAT_KEYS, Parsed, ThreatFilter, parse_threat_filter
from repdesk.domain.text import plural
from repdesk.store import cases, members, threat_links, threats
from repdesk.store.common import Page
from repdesk.store.models import ThreatCorrection, ThreatEntry, ThreatEntryCreate
from repdesk.store.rows import ThreatRow
from repdesk.tui.actions import Action, bindings, export_action, filter_action, history_action, view_action
from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.dialogs.evidence import THREAT_EVIDENCE_ACTIONS, ThreatEvidenceCommands
from repdesk.tui.dialogs.export import run_export
from repdesk.tui.dialogs.form import Field, FormScreen, FormValues, creating
from repdesk.tui.errors import desk_work
from repdesk.tui.threats.detail import STATUS_STYLE, threat_detail_renderable
from repdesk.tui.threats.form import NEW_VALUES, correction_values, threat_fields
from repdesk.tui.threats.link_commands import LINK_ACTIONS, LinkCommands
from repdesk.tui.vocabulary import short_words
from repdesk.tui.widgets.chain_banner import ChainBanner
from repdesk.tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from repdesk.store.engine import Session

EDIT_REFUSAL = "Saved entries cannot be edited; press c to record a correction."


@dataclass(frozen=True)
class LogRow:
    """A list row: the entry, and whether a later entry corrects it."""

    row: ThreatRow
    """The entry as the store lists it."""
    corrected: bool
    """A later entry amends this one."""

    @property
    def id(self) -> int:
        """The entry's id (the table keys rows by it)."""
        return self.row.id


KIND_SHORT = short_words(ThreatKind)
CHANNEL_SHORT = short_words(ThreatChannel)
AUDIENCE_SHORT = short_words(ThreatAudience)
STATUS_SHORT = short_words(ThreatStatus)
LEGEND = "A alleged · C correction · * corrected later"


# Cells showing what the rep typed are Text, never str: DataTable reads a str
# cell as markup, and a name or quote with "[/b]" in it would stop the screen drawing.


def _when(row: LogRow) -> str:
    when = format_date(row.row.occurred_on)
    if row.row.occurred_at is not None:
        when += f" {format_time(row.row.occurred_at)}"
    return when


def _marks(row: LogRow) -> Text:
    marks = Text()
    if row.row.disputed:
        marks.append("A", style="bold yellow")
    if row.row.amends_id is not None:
        marks.append("C", style="bold cyan")
    if row.corrected:
        marks.append("*", style="bold magenta")
    return marks


def _words(row: LogRow) -> Text:
    words = " ".join(row.row.exact_words.split())
    return Text(words, style="dim" if row.corrected else "", no_wrap=True, overflow="ellipsis")


def _status_cell(row: LogRow) -> Text:
    return Text(STATUS_SHORT[row.row.status], style=STATUS_STYLE[row.row.status])


REF = Column[LogRow]("Ref", lambda r: r.row.ref, width=11)
MARKS = Column[LogRow]("A/C", _marks, width=3)
STATUS = Column[LogRow]("Status", _status_cell, width=11)
WORDS = Column[LogRow]("Exact words", _words, width=24, fill=1, least=16)
MADE_BY = Column[LogRow](
    "Made by", lambda r: Text(r.row.made_by), width=10, fill=1, least=10, most=22, narrow="hide"
)
"""Shares the spare width with the exact words, up to a full name; the detail pane has it on a narrow list."""
KIND = Column[LogRow]("Kind", lambda r: KIND_SHORT[r.row.kind], width=10)

COLUMNS: list[Column[LogRow]] = [
    REF,
    Column(
        "Date", _when, width=17, compact=Column("Date", lambda r: format_date(r.row.occurred_on), width=11)
    ),
    MADE_BY,
    KIND,
    Column("Channel", lambda r: CHANNEL_SHORT[r.row.channel], width=7, narrow="hide"),
    Column("To", lambda r: AUDIENCE_SHORT[r.row.audience], width=4, narrow="hide"),
    STATUS,
    MARKS,
    Column("Mem", lambda r: Text(str(r.row.members), justify="right"), width=3, narrow="hide"),
    WORDS,
]
"""Every column; a narrow list keeps those that matter most (the detail pane has the rest)."""


class ThreatsScreen(ThreatEvidenceCommands, LinkCommands[LogRow]):
    """The disciplinary-threat log, oldest first."""

    AREA = "Threat log"
    ITEM = "threat"
    ITEM_WORDS = "threat-log entry"
    DETAIL_GONE = "This entry could not be read; press 4 to reload."
    FILTER_HINT = (
        "/ filter: words, or "
        + " ".join(f"{k}:yes" if k == "action" else f"{k}:" for k in THREAT_KEYS)
        + "  (e.g. kind:pay from:1/9/26)"
    )

    def compose_above(self) -> ComposeResult:
        # Red, naming the first failure, only if the log's hash chain does not verify.
        yield ChainBanner()
        yield from super().compose_above()

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        filter_action(
            "threats",
            "threat",
            "Filter: words, and kind: by: channel: audience: status: action:yes from: to:",
            "Filter the threat log",
        ),
        Action(
            "n",
            "log_threat",
            "Log",
            "threats.log",
            "Log a new threat or detriment",
            palette="threat: log",
            help="Log a new threat or detriment from management",
        ),
        Action(
            "c",
            "correct_threat",
            "Correct",
            "threats.correct",
            "Record a correction: a new entry that amends this one (both are kept)",
            palette="threat: correct",
            help="Record a correction to the selected entry",
        ),
        Action(
            "e",
            "edit_threat",
            "Edit",
            "threats.edit",
            "Saved entries are never edited; explains how to correct one",
            show=False,
        ),
        Action(
            "s",
            "set_status",
            "Status",
            "threats.status",
            "Set the follow-up status",
            palette="threat: set status",
            help="Set the follow-up status of the selected entry",
        ),
        export_action(
            "threats",
            "threat",
            "chronology",
            "Export the chronology (as filtered)",
            "Export the threat chronology",
        ),
        view_action("threats"),
        history_action("threats", "threat"),
        *LINK_ACTIONS,
        *THREAT_EVIDENCE_ACTIONS,
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def list_columns(self) -> Sequence[Column[LogRow]]:
        return COLUMNS

    # --- loading ----------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> Page[LogRow]:
        parsed = parse_threat_filter(self.query_text)
        with self.db.session() as session:
            page = threats.list_threats(session, parsed.filter, limit=limit, offset=offset)
            corrected = threats.corrected_ids(session, [row.id for row in page.rows])
        return Page([LogRow(row, row.id in corrected) for row in page.rows], page.total, page.offset)

    def empty_hint(self) -> str:
        if self.query_text.strip():
            return "No entries match. Press / to change the filter, or n to log a threat."
        return "Nothing logged yet. Press n to log a threat or detriment from management."

    def read_detail(self, session: Session, ident: int) -> RenderableType:
        return threat_detail_renderable(
            threats.threat_detail(session, ident), threat_links.collective(session, ident)
        )

    def parse_filter(self, text: str) -> Parsed[ThreatFilter]:
        return parse_threat_filter(text)

    def narrowing(self, ident: int) -> str:
        # Not on the first page of the whole log: narrow the list to its day.
        day = self.read(lambda s: threats.get_threat(s, ident).occurred_on).isoformat()
        return f"from:{day} to:{day}"

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        filtered = " (filtered)" if self.query_text.strip() else ""
        self.query_one("#count", Static).update(
            f"{plural(event.total, 'entry', 'entries')}{filtered}, oldest first   [dim]{LEGEND}[/dim]",
            layout=False,
        )
        self.loaded()

    # --- actions ------------------------------------------------------------------------

    def _find_members(self, text: str) -> list[tuple[int, str]]:
        return self.read(lambda s: members.find_members(s, text, limit=20))

    def _find_cases(self, text: str) -> list[tuple[int, str]]:
        return self.read(lambda s: cases.find_cases(s, text, limit=20))

    def _recording(
        self, fields: list[Field], record: Callable[[Session, FormValues], ThreatEntry]
    ) -> Callable[[FormValues], int]:
        """The form's ``submit``: record the entry, every problem the service finds beside its field."""
        return creating(self.db, record)

    @desk_work
    async def action_log_threat(self) -> None:
        fields = threat_fields(self._find_members, self._find_cases)
        entry_id = await self.app.push_screen_wait(
            FormScreen[int](
                "Log a threat or detriment",
                fields,
                self._recording(fields, threats.log_threat),
                values=NEW_VALUES,
                labels_from=ThreatEntryCreate,
                note="Type the exact words used: a quote, not a paraphrase. Saved entries are never edited.",
            )
        )
        if entry_id is not None:
            ref = self.read(lambda s: threats.get_threat(s, entry_id).ref)
            self.notify(f"{ref} logged.")
            self.table.reload(keep=entry_id)
            self.select_when_loaded(entry_id)

    def action_edit_threat(self) -> None:
        self.notify(EDIT_REFUSAL, title="Not editable", severity="warning")

    @desk_work
    async def action_correct_threat(self) -> None:
        if (entry_id := self.picked_id("Pick an entry to correct first.")) is None:
            return
        detail = self.read(lambda s: threats.threat_detail(s, entry_id))
        old_ref = detail.entry.ref
        fields = threat_fields(self._find_members, self._find_cases, correction=True)
        later = (
            f" It has already been corrected by {', '.join(e.ref for e in detail.corrected_by)}."
            if detail.corrected_by
            else ""
        )
        new_id = await self.app.push_screen_wait(
            FormScreen[int](
                f"Correct {old_ref}",
                fields,
                self._recording(fields, lambda s, values: threats.correct_threat(s, entry_id, values)),
                values=correction_values(detail),
                labels_from=ThreatCorrection,
                note=(
                    f"A correction is a new entry that amends {old_ref}; {old_ref} stays in the log "
                    f"unchanged and both name each other.{later}"
                ),
            )
        )
        if new_id is not None:
            new_ref = self.read(lambda s: threats.get_threat(s, new_id).ref)
            self.notify(f"{new_ref} recorded: it corrects {old_ref}, which is kept.")
            self.table.reload(keep=new_id)
            self.select_when_loaded(new_id)

    @desk_work
    async def action_set_status(self) -> None:
        if (row := self.picked()) is None:
            return
        status = await self.app.push_screen_wait(
            ChoiceScreen[ThreatStatus](
                f"Follow-up status of {row.row.ref}",
                [(s.label, s) for s in ThreatStatus],
                current=row.row.status,
            )
        )
        if status is None or status is row.row.status:
            return
        entry_id, version = row.id, row.row.version
        self.write(
            lambda s: threats.set_status(s, entry_id, status, version=version),
            done=f"{row.row.ref}: follow-up status set to {status.label}.",
        )
        # Reload either way: after a refusal (changed in another window) the row shows the news.
        self.table.reload(keep=entry_id)

    @desk_work
    async def action_export(self) -> None:
        await run_export(self.desk, ["threats"], terms=self.query_text)
