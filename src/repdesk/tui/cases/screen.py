"""Cases: every case ordered by urgency, a filter bar, a detail pane, and keyboard triage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widgets import Static

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.domain.enums import CaseOutcome, CaseStatus, Priority
from repdesk.domain.errors import RepdeskError
from repdesk.domain.filters import CASE_KEYS, CaseFilter, Parsed, parse_case_filter
from repdesk.domain.text import plural
from repdesk.store import quick
from repdesk.store.rows import CaseRow, Page
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings, export_action, filter_action, history_action, view_action
from repdesk.tui.cases import undo
from repdesk.tui.cases.deadline_commands import DEADLINE_ACTIONS
from repdesk.tui.cases.detail import case_detail_renderable
from repdesk.tui.cases.form import NEW_CASE, case_fields, new_case
from repdesk.tui.cases.saved_filter_dialog import SavedFiltersScreen
from repdesk.tui.cases.timeline_commands import TIMELINE_ACTIONS, TimelineCommands
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.evidence import CASE_EVIDENCE_ACTIONS, CaseEvidenceCommands
from repdesk.tui.dialogs.export import run_export
from repdesk.tui.dialogs.form import Field, FormScreen, FormValues, creating, values_of
from repdesk.tui.errors import desk_work
from repdesk.tui.vocabulary import CASE_STATUS_SHORT, PRIORITY_STYLE
from repdesk.tui.widgets.filter_bar import FilterBar
from repdesk.tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from repdesk.store import cases, deadlines, members, models, saved_filters
    from repdesk.store.engine import Session
else:
    cases, deadlines, members, models, saved_filters = lazy.store(
        "cases", "deadlines", "members", "models", "saved_filters"
    )


MAX_NAMED = 12
"""How many references a bulk change's question names before it says "and N more"."""


def deletion_question(detail: cases.CaseDetail) -> tuple[str, str]:
    """The question before a case is deleted, naming it, its member and what goes with it; and below it,
    what stays (linked threat-log entries) and that it cannot be undone."""
    case = detail.case
    files = sum(len(found) for found in detail.attachments.values())
    goes = [
        plural(count, word, words)
        for count, word, words in (
            (len(detail.timeline), "timeline entry", "timeline entries"),
            (len(detail.deadlines), "deadline", None),
            (files, "attached file", None),
        )
        if count
    ]
    listed = ", ".join(goes[:-1]) + f" and {goes[-1]}" if len(goes) > 1 else "".join(goes)
    with_it = f", with its {listed}" if goes else ""
    question = f"Delete case {case.ref} of {detail.member.name}{with_it}?"
    threats = len(detail.threats)
    linked = plural(threats, "linked threat-log entry", "linked threat-log entries")
    stays = (
        f"Its {linked} {'stays' if threats == 1 else 'stay'} in the threat log; only the link goes. "
        if threats
        else ""
    )
    on_disk = "The attached files themselves stay where they are. " if files else ""
    said = (
        f"“{case.title}”. {stays}{on_disk}This cannot be undone (u does not bring it back); "
        "the audit log keeps a record of everything deleted."
    )
    return question, said


def _due_cell(row: CaseRow) -> Text:
    if row.next_due is None:
        return Text("")
    today = clock.today()
    style = "bold red" if row.next_due < today else ("yellow" if (row.next_due - today).days <= 7 else "")
    return Text(format_date(row.next_due), style=style)


COLUMNS: list[Column[CaseRow]] = [
    # Padded to the column's width by the format (scores run from -30.0 to 30.0), so the
    # cell needs no right-justifying, which would take DataTable's slower drawing path.
    Column("Score", lambda r: f"{r.score:5.1f}", width=5),
    Column("Ref", lambda r: r.ref, width=11),
    Column("Member", lambda r: r.member_name, width=16),
    Column("Title", lambda r: r.title, width=24, fill=1),
    Column("Status", lambda r: CASE_STATUS_SHORT[r.status], width=9),
    # On a narrow list, no priority column (it is in the score and the detail).
    Column(
        "Priority", lambda r: Text(r.priority.value, style=PRIORITY_STYLE[r.priority]), width=8, narrow="hide"
    ),
    Column("Next due", _due_cell, width=11),
]


class CasesScreen(CaseEvidenceCommands, TimelineCommands):
    """Member cases, most urgent first."""

    AREA = "Cases"
    FILTER_HINT = (
        "/ filter: words, or " + " ".join(f"{k}:" for k in CASE_KEYS[:6]) + "…  (e.g. status:open due:<7d)"
    )
    ITEM = "case"
    ITEM_WORDS = "case"
    DETAIL_GONE = "This case no longer exists."
    MARKABLE = True
    ACTIONS: ClassVar[tuple[Action, ...]] = (
        filter_action(
            "cases",
            "case",
            "Filter: text and status: priority: cat: member: due:<7d tag:",
            "Focus the filter bar",
        ),
        Action(
            "n",
            "new_case",
            "New",
            "cases.new",
            "Open a new case",
            palette="case: new",
            help="Open a new case for a member",
        ),
        Action(
            "e",
            "edit_case",
            "Edit",
            "cases.edit",
            "Edit the case",
            palette="case: edit",
            help="Edit the selected case",
        ),
        Action(
            "delete",
            "delete_case",
            "Delete",
            "cases.delete",
            "Delete the case, with its timeline and deadlines (asks first)",
            palette="case: delete",
            help="Delete a case opened in error, naming what goes with it first",
            show=False,  # the footer is full at 120 columns; help (?) and the palette list it
        ),
        Action(
            "s",
            "set_status",
            "Status",
            "cases.status",
            "Set status (of marked cases, if any)",
            palette="case: set status",
            help="Set the status of the selected (or marked) cases",
        ),
        Action(
            "p",
            "set_priority",
            "Priority",
            "cases.priority",
            "Set priority (of marked cases, if any)",
            palette="case: set priority",
            help="Set the priority of the selected (or marked) cases",
        ),
        *TIMELINE_ACTIONS,
        *CASE_EVIDENCE_ACTIONS,
        *DEADLINE_ACTIONS,
        Action(
            "space",
            "mark",
            "Mark",
            "cases.mark",
            "Mark or unmark the case",
            palette="case: mark",
            help="Mark the selected case for a bulk change",
        ),
        Action(
            "u",
            "undo",
            "Undo",
            "cases.undo",
            "Undo the last change (a bulk change as one)",
            palette="case: undo",
            help="Undo the last change on the Cases screen",
        ),
        Action(
            "w",
            "why",
            "Why",
            "cases.why",
            "Show the urgency score's parts",
            palette="case: explain urgency",
            help="Show the score's parts and the deadlines' working",
        ),
        Action(
            "f",
            "recall_filter",
            "Saved",
            "cases.recall",
            "Recall a saved filter",
            palette="case: recall filter",
            help="Apply a saved filter",
        ),
        Action(
            "F",
            "save_filter",
            "Save filter",
            "cases.save_filter",
            "Save the current filter",
            palette="case: save filter",
            help="Save the current filter under a name",
            show=False,
        ),
        export_action(
            "cases", "case", "summary", "Export a case summary", "Export the selected case's summary"
        ),
        view_action("cases"),
        history_action("cases", "case"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.show_urgency = False
        self._scored_for: date | None = None
        self._hidden_marks: frozenset[int] = frozenset()
        """Marked cases the filter hides, as of the last load: a bulk change leaves them be."""
        self._list: PagedTable[CaseRow] | None = None
        """The list, held so the loading worker reads its marks without querying the DOM from its thread."""

    def on_mount(self) -> None:
        self._list = self.table

    def list_columns(self) -> Sequence[Column[CaseRow]]:
        return COLUMNS

    # --- loading ----------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> Page[CaseRow]:
        parsed = parse_case_filter(self.query_text)
        store = self.desk.store
        if not store.ready and offset == 0 and parsed.filter == CaseFilter():
            # The desk has just started: read the first page without waiting for the store.
            first = quick.first_cases_page(store.path, clock.today(), limit)
            if first is not None:
                return first
        self._keep_scores_current()
        marked = tuple(self._list.marked) if self._list is not None else ()
        with self.db.session() as session:
            if offset == 0:
                shown = {ident for ident, _ref in cases.cases_in_view(session, parsed.filter, marked)}
                self._hidden_marks = frozenset(marked) - shown
            return cases.list_cases(session, parsed.filter, limit=limit, offset=offset)

    def _keep_scores_current(self) -> None:
        """Once a day (and after an upgrade), store today's scores so the list reads them off an index.

        Called by the loading worker. Rescoring 100,000 cases takes about two
        seconds, so it runs on a worker of its own: meanwhile the list scores
        in the query (correct, only slower) and reloads when it is done.
        """
        today = clock.today()
        if self._scored_for != today:
            self._scored_for = today
            self.app.call_from_thread(self._rescore, today)

    @desk_work(thread=True, exclusive=True, group="page-rescore")
    def _rescore(self, today: date) -> None:
        try:
            with self.db.session() as session:
                if cases.scores_current(session, today):
                    return
            with self.db.transaction() as session:
                cases.refresh_scores(session, today)
        except RepdeskError:  # busy or read-only: the list stays scored in the query; try on the next load
            self._scored_for = None
            return
        self.app.call_from_thread(self.table.reload, refilter=True)

    def empty_hint(self) -> str:
        return "No cases match. Press n for a new case, or / to change the filter."

    def read_detail(self, session: Session, ident: int) -> RenderableType:
        detail = cases.case_detail(session, ident)
        return case_detail_renderable(
            detail, show_urgency=self.show_urgency, checks=deadlines.checks(session, detail.deadlines)
        )

    def parse_filter(self, text: str) -> Parsed[CaseFilter]:
        return parse_case_filter(text)

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        marked = ""
        if self.table.marked:
            hidden = len(self._hidden_marks & self.table.marked)
            hidden_words = f", {hidden} hidden by the filter" if hidden else ""
            marked = f" · {len(self.table.marked)} marked{hidden_words}"
        shown = "closed included" if parse_case_filter(self.query_text).filter.include_closed else "active"
        self.query_one("#count", Static).update(
            f"{plural(event.total, 'case')} ({shown}){marked}", layout=False
        )
        if self._pending_focus is not None:
            target, self._pending_focus = self._pending_focus, None
            if not self.table.select_id(target):
                self.notify("That case is not in the list as filtered; clear the filter to see it.")

    def focus_item(self, kind: str, ident: int) -> None:
        if kind != "case":
            return
        if not self.table.select_id(ident):
            # Not on the first page, or hidden by the filter: show it by its reference.
            ref = self.read(lambda s: cases.get_case(s, ident).ref)
            self._refetch(f"closed:yes {ref}")  # the rep's own filter is set aside, and back when they leave
            self._pending_focus = ident
        self.table.focus()

    # --- actions ------------------------------------------------------------------------

    def action_why(self) -> None:
        self.show_urgency = not self.show_urgency
        self.show_detail()

    def action_mark(self) -> None:
        self.table.toggle_mark()
        self.post_message(PagedTable.Loaded(self.table, self.table.total))

    def _member_search(self, text: str) -> list[tuple[int, str]]:
        return self.read(lambda s: members.find_members(s, text, limit=20))

    @desk_work
    async def action_new_case(self) -> None:
        case_id = await self.app.push_screen_wait(
            FormScreen[int](
                "New case",
                case_fields(self._member_search),
                creating(self.db, lambda s, values: cases.create_case(s, new_case(values))),
                values=NEW_CASE,
                labels_from=models.CaseCreate,
            )
        )
        if case_id is not None:
            self.undo_stack.push(
                undo.Step(
                    "new case",
                    created=[
                        lambda s: cases.delete_case(s, case_id, version=cases.get_case(s, case_id).version)
                    ],
                )
            )
            self.notify("Case opened.")
            self._pending_focus = case_id
            self.table.reload(keep=case_id)

    @desk_work
    async def action_edit_case(self) -> None:
        if (case_id := self.picked_id()) is None:
            return
        case = self.read(lambda s: cases.get_case(s, case_id))

        def submit(values: FormValues) -> cases.CaseChange:
            with self.db.transaction() as session:
                return cases.edit_case(session, case_id, values.changes(), version=case.version)

        saved = await self.app.push_screen_wait(
            FormScreen[cases.CaseChange](
                f"Edit {case.ref}",
                case_fields(),
                submit,
                values=values_of(case, case_fields()),
                labels_from=models.CaseCreate,
            )
        )
        if saved is None:
            return
        if not saved.changed:
            self.notify(f"Nothing to save: {case.ref} is as it was.")
            return
        self.undo_stack.push(undo.Step(f"edit of {case.ref}", change=saved))
        self.notify(f"{case.ref} saved.")
        self.table.reload(keep=case_id)

    @desk_work
    async def action_delete_case(self) -> None:
        if (row := self.picked()) is None:
            return
        detail = self.read(lambda s: cases.case_detail(s, row.id))
        question, said = deletion_question(detail)
        if not await self.app.push_screen_wait(ConfirmScreen(question, detail=said)):
            return
        case_id, version = row.id, detail.case.version
        # The row after it takes the cursor (the one before, at the end of the list).
        rows, at = self.table.rows_loaded, self.table.index_of(str(case_id))
        neighbours = [] if at is None else rows[at + 1 : at + 2] or rows[max(at - 1, 0) : at]
        if self.write(lambda s: cases.delete_case(s, case_id, version=version)) is None:
            self.table.reload(keep=case_id)  # refused: show the case as it now is
            return
        self.table.marked.discard(case_id)
        self.notify(f"Deleted {detail.case.ref}.")
        self.table.reload(keep=neighbours[0].id if neighbours else None)

    async def _marked_targets(self, what: str, value: str) -> list[int] | None:
        """What a change made with cases marked touches, once the rep has read the references and said yes.

        Only what the list as filtered shows: a marked case the filter hides is
        left as it is, and the question says so. With every mark hidden, the
        change is for the selected case, asked all the same. None if the rep said no.
        """
        marked = sorted(self.table.marked)
        query = parse_case_filter(self.query_text).filter
        shown = self.read(lambda s: cases.cases_in_view(s, query, marked))
        hidden = len(marked) - len(shown)
        left = f" Not changed: {plural(hidden, 'marked case')} hidden by the filter." if hidden else ""
        if shown:
            refs = ", ".join(ref for _ident, ref in shown[:MAX_NAMED])
            more = f" and {len(shown) - MAX_NAMED} more" if len(shown) > MAX_NAMED else ""
            question = f"Set the {what} of {plural(len(shown), 'marked case')} to {value}?"
            detail = f"{refs}{more}.{left} u undoes it as one change."
        else:
            row = self.picked(f"Nothing changed: {plural(hidden, 'marked case')} hidden by the filter.")
            if row is None:
                return None
            shown = [(row.id, row.ref)]
            question = f"Set the {what} of {row.ref} to {value}?"
            detail = f"{left.strip()} u undoes it."
        if not await self.app.push_screen_wait(ConfirmScreen(question, detail=detail)):
            return None
        return [ident for ident, _ref in shown]

    async def _bulk(self, what: str, value: str, changes_for: dict[str, Any]) -> None:
        """Change the marked cases shown (named and asked first), or else the selected one."""
        if self.table.marked:
            targets = await self._marked_targets(what, value)
        else:
            targets = None if self.table.current_id is None else [self.table.current_id]
        if not targets:
            return

        def apply(session: Any) -> cases.CaseChange:
            versions = {case_id: cases.get_case(session, case_id).version for case_id in targets}
            return cases.change_cases(session, versions, **changes_for)

        change = self.write(apply)
        if change is None:
            return
        self.table.marked -= set(targets)  # the reload draws the marks left (hidden ones, if any)
        if not change.changed:
            self.notify(f"Nothing changed: {'it' if len(targets) == 1 else 'each'} already had that {what}.")
        else:
            label = f"{what} of {plural(change.changed, 'case')}"
            self.undo_stack.push(undo.Step(label, change=change))
            self.notify(f"Changed the {label}. u undoes it.")
        self.table.reload()

    @desk_work
    async def action_set_status(self) -> None:
        current = self.table.current_row
        status = await self.app.push_screen_wait(
            ChoiceScreen[CaseStatus](
                "Set status", [(s.label, s) for s in CaseStatus], current=current.status if current else None
            )
        )
        if status is None:
            return
        changes: dict[str, Any] = {"status": status}
        if status is CaseStatus.CLOSED:
            outcome = await self.app.push_screen_wait(
                ChoiceScreen[CaseOutcome]("Outcome", [(o.label, o) for o in CaseOutcome])
            )
            if outcome is None:
                return
            changes["outcome"] = outcome
        await self._bulk("status", status.label, changes)

    @desk_work
    async def action_set_priority(self) -> None:
        current = self.table.current_row
        priority = await self.app.push_screen_wait(
            ChoiceScreen[Priority](
                "Set priority",
                [(p.label, p) for p in Priority],
                current=current.priority if current else None,
            )
        )
        if priority is not None:
            await self._bulk("priority", priority.label, {"priority": priority})

    def action_undo(self) -> None:
        if not self.undo_stack.steps:
            self.notify("Nothing to undo.")
            return
        step = self.write(self.undo_stack.undo)
        if step is not None:
            self.notify(f"Undid the {step.label}.")
            self.table.reload()

    @desk_work
    async def action_save_filter(self) -> None:
        text = self.query_one(FilterBar).value.strip()
        if not text:
            self.notify("Type a filter first (press /).")
            return

        def submit(values: dict[str, Any]) -> str:
            with self.db.transaction() as session:
                return saved_filters.save_filter(session, "cases", values["name"], text).name

        name = await self.app.push_screen_wait(
            FormScreen[str](
                "Save filter", [Field("name", "Name", required=True)], submit, note=f"Filter: {text}"
            )
        )
        if name:
            self.notify(f"Saved filter “{name}”. f recalls it.", markup=False)

    @desk_work
    async def action_recall_filter(self) -> None:
        saved = self.read(lambda s: saved_filters.list_filters(s, "cases"))
        if not saved:
            self.notify("No saved filters yet: type a filter with /, then press F to save it.")
            return
        query = await self.app.push_screen_wait(SavedFiltersScreen(self.db, "cases", saved))
        if query is not None:
            self.held_filter = None  # the rep chose this filter: it is theirs now
            self.query_one(FilterBar).set_value(query)

    @desk_work
    async def action_export(self) -> None:
        if (row := self.picked("Pick a case to export first.")) is None:
            return
        await run_export(self.desk, ["case", "threats"], case_ref=row.ref)
