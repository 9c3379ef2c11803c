"""Cases: every case ordered by urgency, a filter bar, a detail pane, and keyboard triage."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.binding import BindingType
from textual.widgets import Static

from repdesk.domain import clock
from repdesk.domain.dates import format_date
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DisciplinaryStage,
    Priority,
    TimelineKind,
)
from repdesk.domain.errors import RepdeskError
from repdesk.domain.filters import CASE_KEYS, CaseFilter, Parsed, parse_case_filter
from repdesk.store import quick
from repdesk.store.rows import CaseRow, Page
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings
from repdesk.tui.cases import deadline_form, undo
from repdesk.tui.cases.deadline_form import DeadlineDraft, DeadlineForm
from repdesk.tui.cases.deadline_render import deadline_lines
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.export import run_export
from repdesk.tui.dialogs.form import Field, FormScreen, FormValues
from repdesk.tui.vocabulary import CASE_STATUS_SHORT, PRIORITY_STYLE
from repdesk.tui.widgets.filter_bar import FilterBar
from repdesk.tui.widgets.list_screen import ListScreen, plural
from repdesk.tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from repdesk.store import cases, common, deadlines, members, models, saved_filters
    from repdesk.store.cases import CaseDetail
    from repdesk.store.deadlines import DeadlineCheck
    from repdesk.store.engine import Session
else:
    cases, common, deadlines, members, models, saved_filters = lazy.store(
        "cases", "common", "deadlines", "members", "models", "saved_filters"
    )


def _due_cell(row: CaseRow) -> Text:
    if row.next_due is None:
        return Text("")
    today = clock.today()
    style = "bold red" if row.next_due < today else ("yellow" if (row.next_due - today).days <= 7 else "")
    return Text(format_date(row.next_due), style=style)


TITLE_COLUMN = 3

COLUMNS: list[Column[CaseRow]] = [
    # Padded to the column's width by the format (scores run from -30.0 to 30.0), so the
    # cell needs no right-justifying, which would take DataTable's slower drawing path.
    Column("Score", lambda r: f"{r.score:5.1f}", width=5),
    Column("Ref", lambda r: r.ref, width=11),
    Column("Member", lambda r: r.member_name, width=16),
    Column("Title", lambda r: r.title, width=24),
    Column("Status", lambda r: CASE_STATUS_SHORT[r.status], width=9),
    Column("Priority", lambda r: Text(r.priority.value, style=PRIORITY_STYLE[r.priority]), width=8),
    Column("Next due", _due_cell, width=11),
]
# Under 100 columns: no priority column (it is in the score and the detail).
COMPACT: list[Column[CaseRow]] = [c for c in COLUMNS if c.label != "Priority"]
NARROW = 100


def member_block(detail: CaseDetail) -> RenderableType:
    """The member, with exemptions and the action standing out."""
    member = detail.member
    lines = [
        Text.assemble((member.name, "bold"), f"  {member.job_title}" if member.job_title else ""),
        Text(
            f"{member.role_category.label}: {member.office_days_required} office days a week required"
            + (f" · {member.department}" if member.department else "")
        ),
    ]
    if member.work_pattern:
        lines.append(Text(f"Pattern: {member.work_pattern}", style="dim"))
    if member.adjustments_agreed:
        lines.append(
            Text(
                f"✔ Reasonable adjustments agreed {format_date(member.adjustments_agreed_on)}: "
                f"{member.adjustments}",
                style="bold green",
            )
        )
    elif member.adjustments:
        lines.append(Text(f"Adjustments asked for (not agreed): {member.adjustments}", style="yellow"))
    if member.flexible_plan_approved:
        lines.append(
            Text(
                f"✔ Flexible-working plan approved {format_date(member.flexible_plan_approved_on)}: "
                f"{member.flexible_plan}",
                style="bold green",
            )
        )
    if member.in_action:
        since = f" since {format_date(member.in_action_since)}" if member.in_action_since else ""
        lines.append(Text(f"⚑ Taking part in the action{since}", style="bold magenta"))
    return Group(*lines)


def case_detail_renderable(
    detail: CaseDetail, *, show_urgency: bool, checks: Sequence[DeadlineCheck]
) -> RenderableType:
    """Everything about one case, for the detail pane; ``checks`` are its deadlines rechecked."""
    case = detail.case
    today = clock.today()
    parts: list[RenderableType] = [
        Text(f"{case.ref}  {case.title}", style="bold"),
        member_block(detail),
        Text(""),
    ]
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("Category", case.category.label)
    facts.add_row("Status", case.status.label + (f" ({case.outcome.label})" if case.outcome else ""))
    facts.add_row("Priority", Text(case.priority.label, style=PRIORITY_STYLE[case.priority]))
    if case.stage:
        facts.add_row("Stage", case.stage.label)
    facts.add_row(
        "Opened",
        format_date(case.opened_on) + (f" · closed {format_date(case.closed_on)}" if case.closed_on else ""),
    )
    if case.next_action:
        due = f" (due {format_date(case.next_action_due)})" if case.next_action_due else ""
        facts.add_row("Next action", Text(case.next_action + due))
    if case.tags:
        facts.add_row("Tags", Text(", ".join(case.tags)))
    facts.add_row("Urgency", f"{detail.urgency.score:.1f}" + ("" if show_urgency else "   (w: why)"))
    parts.append(facts)
    if show_urgency:
        parts.extend(Text(f"  {line}", style="cyan") for line in detail.urgency.explain())
    if case.summary:
        parts += [Text("Summary", style="bold"), Text(case.summary)]
    parts.append(Text(f"Deadlines ({len(detail.deadlines)})", style="bold"))
    parts.extend(deadline_lines(checks, today))
    if not detail.deadlines:
        parts.append(Text("  none", style="dim"))
    parts.append(Text(f"Timeline ({len(detail.timeline)})", style="bold"))
    for entry in reversed(detail.timeline):
        files = detail.attachments.get(entry.id or 0, [])
        clip = f"  📎{len(files)}" if files else ""
        parts.append(Text(f" {format_date(entry.occurred_on)}  {entry.kind.label}: {entry.summary}{clip}"))
    if not detail.timeline:
        parts.append(Text("  nothing yet", style="dim"))
    parts.append(Text(f"Threat-log entries ({len(detail.threats)})", style="bold"))
    for threat in detail.threats:
        alleged = " (alleged)" if threat.disputed else ""
        parts.append(
            Text(
                f" {threat.ref} {format_date(threat.occurred_on)} {threat.kind.label}{alleged}: "
                f"“{threat.exact_words}”"
            )
        )
    if not detail.threats:
        parts.append(Text("  none linked", style="dim"))
    return Group(*parts)


def case_fields(*, new: bool) -> list[Field]:
    """The case form."""
    fields: list[Field] = []
    if new:
        fields.append(
            Field("member_id", "Member", "links", required=True, search=None, extra={"single": True})
        )
    fields += [
        Field("title", "Title", required=True, placeholder="e.g. Pay docked for home working"),
        Field("category", "Category", "select", CaseCategory.choices(), required=True, allow_blank=False),
        Field("priority", "Priority", "select", Priority.choices(), allow_blank=False),
        Field("status", "Status", "select", CaseStatus.choices(), allow_blank=False),
        Field("outcome", "Outcome (closed only)", "select", CaseOutcome.choices()),
        Field("stage", "Disciplinary stage", "select", DisciplinaryStage.choices()),
        Field("opened_on", "Opened", "date", required=True, placeholder="today, 6/1/25, -3d"),
        Field("closed_on", "Closed", "date"),
        Field("next_action", "Next action", placeholder="e.g. Chase written outcome"),
        Field("next_action_due", "Next action due", "date", placeholder="+5d, fri"),
        Field("tags", "Tags", placeholder="hybrid, pay"),
        Field("summary", "Summary", "area", height=5),
    ]
    return fields


class CasesScreen(ListScreen[CaseRow]):
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
        Action(
            "slash",
            "filter",
            "Filter",
            "cases.filter",
            "Filter: text and status: priority: cat: member: due:<7d tag:",
            palette="case: filter",
            help="Focus the filter bar",
            priority=True,  # see ListScreen.check_action
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
        Action(
            "a",
            "add_entry",
            "Timeline+",
            "cases.timeline",
            "Add a timeline entry",
            palette="case: add timeline entry",
            help="Add a dated entry to the case's timeline",
        ),
        Action(
            "d",
            "add_deadline",
            "Deadline+",
            "cases.deadline",
            "Add a deadline (typed, or worked out)",
            palette="case: add deadline",
            help="Add a key date to the case, typed or worked out by a rule",
        ),
        Action(
            "c",
            "deadline_done",
            "Done",
            "cases.done",
            "Mark one of the case's deadlines done, or not done",
            palette="case: mark deadline done",
            show=False,  # the footer is full at 120 columns; help (?) and the palette list it
        ),
        Action(
            "D",
            "edit_deadline",
            "Edit deadline",
            "cases.deadline_edit",
            "Edit one of the case's deadlines (a worked-out one is worked out again)",
            palette="case: edit deadline",
            help="Change a deadline (a worked-out one is worked out again)",
            show=False,
        ),
        Action(
            "ctrl+d",
            "delete_deadline",
            "Delete deadline",
            "cases.deadline_delete",
            "Delete one of the case's deadlines (asks first)",
            palette="case: delete deadline",
            help="Delete a deadline entered in error",
            show=False,
        ),
        Action(
            "R",
            "recompute_deadline",
            "Recompute",
            "cases.recompute",
            "Recompute a deadline the rules now give differently (flagged in red)",
            palette="case: recompute deadline",
            help="Work a flagged deadline out again under today's rules and settings",
            show=False,  # a flagged deadline names this key beside its flag
        ),
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
        Action(
            "x",
            "export",
            "Export",
            "cases.export",
            "Export a case summary",
            palette="case: export summary",
            help="Export the selected case's summary",
        ),
        Action(
            "v",
            "toggle_view",
            "View",
            "cases.view",
            "Show only the list, only the detail, or both",
            show=False,
        ),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self) -> None:
        super().__init__()
        self.show_urgency = False
        self.undo_stack = undo.UndoStack()
        self._scored_for: date | None = None

    def columns_for(self, list_width: int) -> tuple[Sequence[Column[CaseRow]], int]:
        return (COMPACT if list_width < NARROW else COLUMNS), TITLE_COLUMN

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
        with self.db.session() as session:
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

    @work(thread=True, exclusive=True, group="page-rescore")
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
        marked = f" · {len(self.table.marked)} marked" if self.table.marked else ""
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
            self.query_one(FilterBar).set_value(f"closed:yes {ref}")
            self._pending_focus = ident
        self.table.focus()

    # --- actions ------------------------------------------------------------------------

    def action_why(self) -> None:
        self.show_urgency = not self.show_urgency
        self.show_detail()

    def action_mark(self) -> None:
        self.table.toggle_mark()
        self.post_message(PagedTable.Loaded(self.table, self.table.total))

    def _targets(self) -> list[int]:
        if self.table.marked:
            return sorted(self.table.marked)
        return [] if self.table.current_id is None else [self.table.current_id]

    def _member_search(self, text: str) -> list[tuple[int, str]]:
        return self.read(lambda s: members.find_members(s, text, limit=20))

    @work
    async def action_new_case(self) -> None:
        fields = [
            Field(
                "member_id",
                "Member",
                "links",
                required=True,
                search=self._member_search,
                extra={"single": True},
            ),
            *case_fields(new=False),
        ]

        def submit(values: dict[str, Any]) -> int:
            picked = values.pop("member_id") or []
            values["member_id"] = picked[0] if picked else None
            data = common.validate(models.CaseCreate, values)
            with self.db.transaction() as session:
                case = cases.create_case(session, data)
                assert case.id is not None
                return case.id

        case_id = await self.app.push_screen_wait(
            FormScreen[int](
                "New case",
                fields,
                submit,
                values={"opened_on": "today", "priority": Priority.NORMAL, "status": CaseStatus.NEW},
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

    @work
    async def action_edit_case(self) -> None:
        case_id = self.table.current_id
        if case_id is None:
            return
        case = self.read(lambda s: cases.get_case(s, case_id))
        values = {f.name: getattr(case, f.name) for f in case_fields(new=False)}

        def submit(values: FormValues) -> cases.CaseChange:
            with self.db.transaction() as session:
                return cases.edit_case(session, case_id, values.changes(), version=case.version)

        saved = await self.app.push_screen_wait(
            FormScreen[cases.CaseChange](
                f"Edit {case.ref}",
                case_fields(new=False),
                submit,
                values=values,
                labels_from=models.CaseCreate,
            )
        )
        if saved is not None:
            self.undo_stack.push(undo.Step(f"edit of {case.ref}", change=saved))
            self.notify(f"{case.ref} saved.")
            self.table.reload(keep=case_id)

    async def _bulk(self, what: str, changes_for: dict[str, Any]) -> None:
        targets = self._targets()
        if not targets:
            return
        if len(targets) > 1 and not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Change the {what} of {len(targets)} marked cases?", detail="u undoes it as one change."
            )
        ):
            return
        label = f"{what} of {plural(len(targets), 'case')}"

        def apply(session: Any) -> cases.CaseChange:
            versions = {case_id: cases.get_case(session, case_id).version for case_id in targets}
            return cases.change_cases(session, versions, **changes_for)

        change = self.write(apply)
        if change is None:
            return
        self.undo_stack.push(undo.Step(label, change=change))
        self.table.clear_marks()
        self.notify(f"Changed the {label}. u undoes it.")
        self.table.reload()

    @work
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
        await self._bulk("status", changes)

    @work
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
            await self._bulk("priority", {"priority": priority})

    def action_undo(self) -> None:
        if not self.undo_stack.steps:
            self.notify("Nothing to undo.")
            return
        step = self.write(self.undo_stack.undo)
        if step is not None:
            self.notify(f"Undid the {step.label}.")
            self.table.reload()

    @work
    async def action_add_entry(self) -> None:
        case_id = self.table.current_id
        if case_id is None:
            return
        fields = [
            Field("occurred_on", "Date", "date", required=True),
            Field("kind", "Kind", "select", TimelineKind.choices(), allow_blank=False),
            Field("summary", "Summary", required=True, placeholder="One line"),
            Field("body", "Details", "area", height=6),
        ]

        def submit(values: dict[str, Any]) -> int:
            data = common.validate(models.TimelineEntryCreate, values)
            with self.db.transaction() as session:
                entry = cases.add_timeline_entry(session, case_id, data)
                assert entry.id is not None
                return entry.id

        entry_id = await self.app.push_screen_wait(
            FormScreen[int](
                "Add timeline entry",
                fields,
                submit,
                values={"occurred_on": "today", "kind": TimelineKind.NOTE},
                labels_from=models.TimelineEntryCreate,
            )
        )
        if entry_id is not None:
            self.undo_stack.push(
                undo.Step("timeline entry", created=[lambda s: cases.delete_timeline_entry(s, entry_id)])
            )
            self.notify("Timeline entry added.")
            self.table.reload(keep=case_id)

    # --- deadlines --------------------------------------------------------------------------

    def _deadline_saver(
        self, case_id: int, deadline: models.Deadline | None
    ) -> Callable[[DeadlineDraft], int]:
        """What the deadline form calls on save: the service call for a new or changed deadline."""

        def save(draft: DeadlineDraft) -> int:
            with self.db.transaction() as session:
                if draft.rule is not None and deadline is None:
                    computation = deadlines.preview(session, draft.rule, draft.values)
                    saved = deadlines.add_computed(
                        session, case_id, computation, kind=draft.kind, what=draft.what, notes=draft.notes
                    )
                elif draft.rule is not None:
                    assert deadline is not None and deadline.id is not None
                    saved = deadlines.update_computed(
                        session,
                        deadline.id,
                        draft.rule,
                        draft.values,
                        version=deadline.version,
                        what=draft.what,
                        notes=draft.notes,
                        deadline_kind=draft.kind,
                    )
                else:
                    values = {"what": draft.what, "due_on": draft.due_on, "notes": draft.notes}
                    if draft.kind is not None:
                        values["kind"] = draft.kind
                    if deadline is None:
                        saved = cases.add_deadline(
                            session, case_id, common.validate(models.DeadlineCreate, values)
                        )
                    else:
                        assert deadline.id is not None
                        data = common.validate(models.DeadlineUpdate, {"version": deadline.version, **values})
                        saved = cases.update_deadline(session, deadline.id, data)
                assert saved.id is not None
                return saved.id

        return save

    def _deadlines_changed(self, case_id: int) -> None:
        self.table.reload(keep=case_id)
        self.show_detail()

    @work
    async def action_add_deadline(self) -> None:
        row = self.table.current_row
        if row is None:
            return
        case_id = row.id
        settings = self.read(deadlines.rule_settings)
        deadline_id = await self.app.push_screen_wait(
            DeadlineForm(f"Add deadline · {row.ref}", settings, self._deadline_saver(case_id, None))
        )
        if deadline_id is not None:
            self.undo_stack.push(
                undo.Step(
                    "deadline",
                    created=[
                        lambda s: cases.delete_deadline(
                            s, deadline_id, version=_deadline_version(s, deadline_id)
                        )
                    ],
                )
            )
            self.notify("Deadline added.")
            self._deadlines_changed(case_id)

    async def _pick_deadline(
        self, title: str, *, none: str, only: Callable[[DeadlineCheck], bool] | None = None
    ) -> DeadlineCheck | None:
        """One deadline of the selected case: asked for if there are several, else the only one."""
        case_id = self.table.current_id
        if case_id is None:
            self.notify("Pick a case first.")
            return None
        found = [
            c
            for c in self.read(lambda s: deadlines.checks(s, cases.deadlines(s, case_id)))
            if only is None or only(c)
        ]
        if not found:
            self.notify(none)
            return None
        if len(found) == 1:
            return found[0]
        chosen = await self.app.push_screen_wait(
            ChoiceScreen[int](title, [(_deadline_choice(c), index) for index, c in enumerate(found)])
        )
        return None if chosen is None else found[chosen]

    @work
    async def action_deadline_done(self) -> None:
        check = await self._pick_deadline(
            "Mark which deadline done (or not done)?", none="This case has no deadlines: d adds one."
        )
        if check is None:
            return
        deadline = check.deadline
        assert deadline.id is not None
        ident, version, done = deadline.id, deadline.version, not deadline.done
        if self.write(lambda s: cases.set_deadline_done(s, ident, done, version=version)) is not None:
            self.notify(f"{'Done' if done else 'Not done'}: {deadline.what}", markup=False)
            self._deadlines_changed(deadline.case_id)

    @work
    async def action_edit_deadline(self) -> None:
        row = self.table.current_row
        check = await self._pick_deadline(
            "Edit which deadline?", none="This case has no deadlines: d adds one."
        )
        if check is None or row is None:
            return
        deadline = check.deadline
        settings = self.read(deadlines.rule_settings)
        shown = deadline_form.editing(
            deadline.rule_id,
            deadline.rule_inputs,
            due_on=deadline.due_on.isoformat(),
            what=deadline.what,
            kind=deadline.kind,
            notes=deadline.notes,
        )
        saved = await self.app.push_screen_wait(
            DeadlineForm(
                f"Edit deadline · {row.ref}",
                settings,
                self._deadline_saver(deadline.case_id, deadline),
                editing=shown,
            )
        )
        if saved is not None:
            recomputed = " (worked out again)" if deadline.rule_id else ""
            self.notify(f"Deadline saved{recomputed}.")
            self._deadlines_changed(deadline.case_id)

    @work
    async def action_delete_deadline(self) -> None:
        check = await self._pick_deadline(
            "Delete which deadline?", none="This case has no deadlines to delete."
        )
        if check is None:
            return
        deadline = check.deadline
        assert deadline.id is not None
        if not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete the deadline “{deadline.what}” ({format_date(deadline.due_on)})?",
                detail="Only for one entered in error. The audit log keeps a record of it.",
            )
        ):
            return
        ident, version = deadline.id, deadline.version
        if (
            self.write(lambda s: cases.delete_deadline(s, ident, version=version), done="Deadline deleted.")
            is None
        ):
            return
        self._deadlines_changed(deadline.case_id)

    @work
    async def action_recompute_deadline(self) -> None:
        check = await self._pick_deadline(
            "Recompute which deadline?",
            none="No deadline of this case needs recomputing: each still gives its saved date.",
            only=lambda c: c.changed and not c.deadline.done,
        )
        if check is None:
            return
        deadline = check.deadline
        assert deadline.id is not None
        ident, version, before = deadline.id, deadline.version, deadline.due_on
        saved = self.write(lambda s: deadlines.recompute_deadline(s, ident, version=version))
        if saved is not None:
            self.notify(
                f"{deadline.what}: recomputed from {format_date(before)} to {format_date(saved.due_on)}.",
                title="Deadline recomputed",
                markup=False,
                timeout=8,
            )
            self._deadlines_changed(deadline.case_id)

    @work
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

    @work
    async def action_recall_filter(self) -> None:
        saved = self.read(
            lambda s: [
                (f"{f.name}  [dim]{f.query}[/dim]", f.query) for f in saved_filters.list_filters(s, "cases")
            ]
        )
        if not saved:
            self.notify("No saved filters yet: type a filter with /, then press F to save it.")
            return
        query = await self.app.push_screen_wait(
            ChoiceScreen[str]("Recall a saved filter", [("(clear the filter)", ""), *saved])
        )
        if query is not None:
            self.query_one(FilterBar).set_value(query)

    @work
    async def action_export(self) -> None:
        row = self.table.current_row
        if row is None:
            self.notify("Pick a case to export first.")
            return
        await run_export(self.desk, ["case", "threats"], case_ref=row.ref)


def _deadline_version(session: Any, deadline_id: int) -> int:
    return cases.get_deadline(session, deadline_id).version


def _deadline_choice(check: DeadlineCheck) -> Text:
    """A deadline as the picker lists it: date, what, whether done, and any recheck flag."""
    deadline = check.deadline
    text = Text.assemble((format_date(deadline.due_on), "bold"), "  ", deadline.what)
    if deadline.done:
        text.append("  (done)", style="green")
    if deadline.rule_id:
        text.append("  [computed]", style="dim")
    if check.flag:
        text.append(f"  {check.flag}", style="bold red")
    return text
