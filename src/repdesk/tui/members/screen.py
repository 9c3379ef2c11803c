"""Members: everyone the rep is helping, exemptions and the action at a glance, and their casework."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.widgets import DataTable, Static

from repdesk.domain.enums import CaseStatus, RoleCategory
from repdesk.domain.filters import Parsed
from repdesk.domain.member_filter import MEMBER_KEYS, MemberFilter, parse_member_filter
from repdesk.domain.text import plural
from repdesk.store import erasure, members
from repdesk.store.common import Page
from repdesk.store.models import MemberCreate
from repdesk.store.rows import MemberRow
from repdesk.tui.actions import Action, bindings, export_action, filter_action, history_action, view_action
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.export import run_export
from repdesk.tui.dialogs.form import FormScreen, FormValues, creating, save_edit, values_of
from repdesk.tui.errors import desk_work
from repdesk.tui.members.detail import ACTION_STYLE, ARCHIVED_STYLE, EXEMPT_STYLE, member_detail_renderable
from repdesk.tui.members.erase import EraseScreen
from repdesk.tui.members.form import NEW_VALUES, member_fields, with_policy_days
from repdesk.tui.widgets.list_screen import ListScreen
from repdesk.tui.widgets.paged_table import Column, PagedTable

if TYPE_CHECKING:
    from repdesk.store.engine import Session

LEGEND = "RA adjustments agreed · FWP flexible plan approved · ⚑ in action"


def _name(row: MemberRow) -> Text:
    if row.archived:  # shown only when the filter asks (archived:yes); first, so a cut name keeps it
        return Text.assemble(("archived · ", ARCHIVED_STYLE), row.name)
    return Text(row.name)


def _exempt(row: MemberRow) -> Text:
    marks = [mark for mark, on in (("RA", row.adjustments_agreed), ("FWP", row.flexible_plan_approved)) if on]
    return Text(" ".join(marks), style=EXEMPT_STYLE)


def _action(row: MemberRow) -> Text:
    return Text("⚑ yes" if row.in_action else "", style=ACTION_STYLE)


def _cases(row: MemberRow) -> Text:
    return Text(str(row.open_cases), justify="right", style="" if row.open_cases else "dim")


# Cells the rep typed are Text, never str: DataTable reads a str cell as markup,
# and a name with "[/b]" in it would stop the screen drawing.
NAME = Column[MemberRow]("Name", _name, width=24, fill=1)
DAYS = Column[MemberRow]("Days", lambda r: Text(str(r.office_days_required), justify="right"), width=4)
EXEMPT = Column[MemberRow]("Exempt", _exempt, width=6)
ACTION = Column[MemberRow]("Action", _action, width=6)
CASES = Column[MemberRow]("Cases", _cases, width=5)

COLUMNS: list[Column[MemberRow]] = [
    NAME,
    Column(
        "Job title",
        lambda r: Text(r.job_title),
        width=24,
        compact=Column("Job title", lambda r: Text(r.job_title), width=16),
    ),
    Column("Department", lambda r: Text(r.department), width=22, narrow="hide"),
    Column(
        "Role",
        lambda r: r.role_category.value,
        width=11,
        compact=Column(
            "Role", lambda r: "op" if r.role_category is RoleCategory.OPERATIONAL else "sup", width=4
        ),
    ),
    DAYS,
    EXEMPT,
    ACTION,
    CASES,
]
"""Every column; on a narrow list the department goes (the detail pane has it), job title and role shrink."""


class MembersScreen(ListScreen[MemberRow]):
    """Members by name."""

    AREA = "Members"
    ITEM = "member"
    ITEM_WORDS = "member"
    DETAIL_GONE = "This member no longer exists."
    FILTER_HINT = (
        "/ filter: name, number, job or department, or "
        + " ".join(f"{k}:" for k in MEMBER_KEYS)
        + "  (e.g. role:support exempt:yes action:yes; archived:yes shows archived members too)"
    )
    ACTIONS: ClassVar[tuple[Action, ...]] = (
        filter_action(
            "members",
            "member",
            "Filter: name, number, job or department; role:op|support exempt:yes action:yes|no "
            "archived:yes|only",
            "Filter the members list",
        ),
        Action("n", "new_member", "New", "members.new", "Add a member", palette="member: new"),
        Action(
            "e",
            "edit_member",
            "Edit",
            "members.edit",
            "Edit the member",
            palette="member: edit",
            help="Edit the selected member",
        ),
        Action(
            "enter",
            "open_case",
            "Open case",
            "members.open_case",
            "Open the member's first open case in Cases",
            palette="member: open case",
            help="Open the selected member's first open case",
        ),
        Action(
            "a",
            "archive_member",
            "Archive",
            "members.archive",
            "Archive the member: out of this list and the pickers, kept for the record (asks first)",
            palette="member: archive",
            help="Archive the selected member: hidden from lists and pickers, kept with their casework",
        ),
        Action(
            "E",
            "erase_member",
            "Erase member…",
            "members.erase",
            "Erase the member for good: their record, cases and every copy in the file (asks first)",
            palette="member: erase",
            help="Erase the selected member (UK GDPR Art. 17): record, cases or not, history, search, "
            "filters; cannot be undone",
            show=False,  # never one keystroke from the footer: help and the palette list it
        ),
        Action(
            "r",
            "restore_member",
            "Restore",
            "members.restore",
            "Bring an archived member back (/ archived:yes shows them)",
            palette="member: restore",
            help="Restore the selected archived member to the list and the pickers",
            show=False,  # an archived member's detail names it
        ),
        export_action(
            "members",
            "member",
            "subject access copy",
            "Export everything held about the member (subject access)",
            "Export everything the file holds about the selected member: their subject access copy",
        ),
        view_action("members"),
        history_action("members", "member"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def list_columns(self) -> Sequence[Column[MemberRow]]:
        return COLUMNS

    # --- loading ----------------------------------------------------------------------

    def _fetch(self, offset: int, limit: int) -> Page[MemberRow]:
        query = parse_member_filter(self.query_text).filter
        with self.db.session() as session:
            return members.list_members(session, query, limit=limit, offset=offset)

    def empty_hint(self) -> str:
        if self.query_text.strip():
            return "No members match. Press / to change the filter, or n to add a member."
        return "No members yet. Press n to add one."

    def read_detail(self, session: Session, ident: int) -> RenderableType:
        return member_detail_renderable(
            members.get_member(session, ident),
            members.member_cases(session, ident),
            members.member_threats(session, ident),
        )

    def parse_filter(self, text: str) -> Parsed[MemberFilter]:
        return parse_member_filter(text)

    def narrowing(self, ident: int) -> str:
        # Past the first page of the whole list: look them up by name (an archived member too).
        member = self.read(lambda s: members.get_member(s, ident))
        name = f'"{member.name}"' if '"' not in member.name else member.name
        return name + (" archived:yes" if member.archived_at is not None else "")

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        filtered = " (filtered)" if self.query_text.strip() else ""
        self.query_one("#count", Static).update(
            f"{plural(event.total, 'member')}{filtered}   [dim]{LEGEND}[/dim]", layout=False
        )
        self.loaded()

    # --- actions ------------------------------------------------------------------------

    @desk_work
    async def action_new_member(self) -> None:
        member_id = await self.app.push_screen_wait(
            FormScreen[int](
                "New member",
                member_fields(),
                creating(self.db, lambda s, values: members.create_member(s, with_policy_days(values))),
                values=NEW_VALUES,
                labels_from=MemberCreate,
            )
        )
        if member_id is not None:
            self.notify("Member added.")
            self.table.reload(keep=member_id)
            self.select_when_loaded(member_id)

    @desk_work
    async def action_edit_member(self) -> None:
        if (member_id := self.picked_id("Pick a member to edit first.")) is None:
            return
        member = self.read(lambda s: members.get_member(s, member_id))

        def submit(values: FormValues) -> bool:
            full = with_policy_days(values)
            changes = {name: full[name] for name in values.changes()}
            return save_edit(self.db, member, members.update_member, changes)

        fields = member_fields()
        changed = await self.app.push_screen_wait(
            FormScreen[bool](
                f"Edit {member.name}",  # the form shows its title as typed, never as markup
                fields,
                submit,
                values=values_of(member, fields),
                labels_from=MemberCreate,
            )
        )
        if changed is not None:
            said = f"{member.name} saved." if changed else f"Nothing to save: {member.name} is as it was."
            self.notify(said, markup=False)
            self.table.reload(keep=member_id)
            self.select_when_loaded(member_id)

    @desk_work
    async def action_export(self) -> None:
        if (row := self.picked("Pick a member to export first.")) is None:
            return
        await run_export(self.desk, ["member"], member_id=self.table.row_id(row), member_name=row.name)

    @desk_work
    async def action_archive_member(self) -> None:
        if (member_id := self.picked_id("Pick a member to archive first.")) is None:
            return
        member, cases, threats = self.read(
            lambda s: (
                members.get_member(s, member_id),
                members.member_cases(s, member_id),
                members.member_threats(s, member_id),
            )
        )
        if member.archived_at is not None:
            self.notify(f"{member.name} is already archived; r restores them.", markup=False)
            return
        still_open = sum(1 for case in cases if case.status is not CaseStatus.CLOSED)
        open_note = (
            f" {plural(still_open, 'open case stays', 'open cases stay')} open in Cases: close "
            f"{'it' if still_open == 1 else 'them'} there when the work is done."
            if still_open
            else ""
        )
        if not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Archive {member.name}?",
                detail=f"They leave the Members list and the pickers for new cases and threat entries. "
                f"Kept for the record: {plural(len(cases), 'case')} and "
                f"{plural(len(threats), 'threat-log entry', 'threat-log entries')} naming them, which "
                f"still show.{open_note} / archived:yes shows archived members; r restores one.",
            )
        ):
            return
        version = member.version  # as the rep saw them when asked
        if self.write(lambda s: members.archive_member(s, member_id, version=version)) is not None:
            self.notify(f"{member.name} archived (/ archived:yes shows them).", markup=False)
            self.table.reload()

    @desk_work
    async def action_erase_member(self) -> None:
        if (member_id := self.picked_id("Pick a member to erase first.")) is None:
            return
        removing, keeping = self.read(
            lambda s: (erasure.plan(s, member_id), erasure.plan(s, member_id, keep_cases=True))
        )
        keep = await self.app.push_screen_wait(EraseScreen(removing, keeping))
        if keep is None:
            return
        # Vacuuming a file with much evidence takes a while: off the screen's thread.
        report = await asyncio.to_thread(erasure.erase_member, self.db, member_id, keep_cases=keep)
        kept = f" Their cases are kept under {report.placeholder}." if report.placeholder else ""
        self.notify(f"{removing.name} erased.{kept}", markup=False)
        if not report.compacted:
            self.notify(
                "The file's WAL could not be emptied while it was in use: run `repdesk member compact` "
                "once the desk is closed.",
                severity="warning",
                timeout=15,
            )
        self.table.reload()

    def action_restore_member(self) -> None:
        member_id = self.picked_id("Pick an archived member first: / archived:only lists them.")
        if member_id is None:
            return
        member = self.read(lambda s: members.get_member(s, member_id))
        if member.archived_at is None:
            self.notify(f"{member.name} is not archived. / archived:only lists those who are.", markup=False)
            return
        version = member.version
        if self.write(lambda s: members.restore_member(s, member_id, version=version)) is not None:
            self.notify(f"{member.name} restored to the Members list.", markup=False)
            self.table.reload(keep=member_id)
            self.show_detail()

    @on(DataTable.RowSelected)
    async def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        await self.action_open_case()

    async def action_open_case(self) -> None:
        if (member_id := self.picked_id()) is None:
            return
        name, cases = self.read(
            lambda s: (members.get_member(s, member_id).name, members.member_cases(s, member_id))
        )
        if not cases:
            self.notify(f"{name} has no cases. Press 2 for Cases, then n to open one.", markup=False)
            return
        open_cases = [case for case in cases if case.status is not CaseStatus.CLOSED]
        target = (open_cases or cases)[0]
        if not open_cases:
            self.notify(f"{name} has no open case; showing their latest, {target.ref}.")
        assert target.id is not None
        await self.desk.jump("cases", "case", target.id)
