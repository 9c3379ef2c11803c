"""The Cases screen's deadline commands: add one (typed or worked out), mark done, edit, delete, recompute.

They are a base class of :class:`~repdesk.tui.cases.screen.CasesScreen`, so
each stays one of the screen's actions (its key, palette entry and help line
come from :data:`DEADLINE_ACTIONS`), while the screen's module keeps to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from repdesk.domain.dates import format_date
from repdesk.store.rows import CaseRow
from repdesk.tui import lazy
from repdesk.tui.actions import Action
from repdesk.tui.cases import deadline_form, undo
from repdesk.tui.cases.deadline_form import DeadlineDraft, DeadlineForm
from repdesk.tui.cases.deadline_render import deadline_choice
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.errors import desk_work
from repdesk.tui.widgets.list_screen import ListScreen

if TYPE_CHECKING:
    from repdesk.store import cases, deadlines
    from repdesk.store.deadlines import DeadlineCheck
    from repdesk.store.engine import Session
    from repdesk.store.models import Deadline
else:
    cases, deadlines = lazy.store("cases", "deadlines")

NO_DEADLINES = "This case has no deadlines: d adds one."

DEADLINE_ACTIONS: tuple[Action, ...] = (
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
)
"""In the order the Cases footer and help list them."""


def save_draft(session: Session, case_id: int, deadline: Deadline | None, draft: DeadlineDraft) -> Deadline:
    """Save what the deadline form holds: a new or changed deadline, typed or worked out by its rule.

    The services validate; their :class:`~repdesk.store.errors.Invalid` reaches the form.
    """
    if draft.rule is not None and deadline is None:
        computation = deadlines.preview(session, draft.rule, draft.values)
        return deadlines.add_computed(
            session, case_id, computation, kind=draft.kind, what=draft.what, notes=draft.notes
        )
    if draft.rule is not None:
        assert deadline is not None
        return deadlines.update_computed(
            session,
            _ident(deadline),
            draft.rule,
            draft.values,
            version=deadline.version,
            what=draft.what,
            notes=draft.notes,
            deadline_kind=draft.kind,
        )
    values = {"what": draft.what, "due_on": draft.due_on, "notes": draft.notes}
    if draft.kind is not None:
        values["kind"] = draft.kind
    if deadline is None:
        return cases.add_deadline(session, case_id, values)
    return cases.update_deadline(session, _ident(deadline), {"version": deadline.version, **values})


class DeadlineCommands(ListScreen[CaseRow]):
    """The deadline commands of the Cases list, acting on the selected case."""

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = undo.UndoStack()
        """The screen's last changes (a new deadline among them), newest last."""

    def _saver(self, case_id: int, deadline: Deadline | None) -> Callable[[DeadlineDraft], int]:
        """What the deadline form calls on save: :func:`save_draft` in a transaction."""

        def save(draft: DeadlineDraft) -> int:
            with self.db.transaction() as session:
                return _ident(save_draft(session, case_id, deadline, draft))

        return save

    def case_changed(self, case_id: int) -> None:
        """After a change to one of a case's records: the list and the case's detail read afresh."""
        self.table.reload(keep=case_id)
        self.show_detail()

    @desk_work
    async def action_add_deadline(self) -> None:
        if (row := self.picked()) is None:
            return
        case_id = row.id
        settings = self.read(deadlines.rule_settings)
        deadline_id = await self.app.push_screen_wait(
            DeadlineForm(f"Add deadline · {row.ref}", settings, self._saver(case_id, None))
        )
        if deadline_id is not None:
            self.undo_stack.push(
                undo.Step(
                    "deadline",
                    created=[
                        lambda s: cases.delete_deadline(
                            s, deadline_id, version=cases.get_deadline(s, deadline_id).version
                        )
                    ],
                )
            )
            self.notify("Deadline added.")
            self.case_changed(case_id)

    async def _pick_deadline(
        self, title: str, *, none: str = NO_DEADLINES, only: Callable[[DeadlineCheck], bool] | None = None
    ) -> Deadline | None:
        """One deadline of the selected case: asked for if there are several, else the only one."""
        if (case_id := self.picked_id()) is None:
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
            return found[0].deadline
        chosen = await self.app.push_screen_wait(
            ChoiceScreen[int](title, [(deadline_choice(c), index) for index, c in enumerate(found)])
        )
        return None if chosen is None else found[chosen].deadline

    @desk_work
    async def action_deadline_done(self) -> None:
        deadline = await self._pick_deadline("Mark which deadline done (or not done)?")
        if deadline is None:
            return
        ident, version, done = _ident(deadline), deadline.version, not deadline.done
        if self.write(lambda s: cases.set_deadline_done(s, ident, done, version=version)) is not None:
            self.notify(f"{'Done' if done else 'Not done'}: {deadline.what}", markup=False)
            self.case_changed(deadline.case_id)

    @desk_work
    async def action_edit_deadline(self) -> None:
        row = self.table.current_row
        deadline = await self._pick_deadline("Edit which deadline?")
        if deadline is None or row is None:
            return
        settings = self.read(deadlines.rule_settings)
        shown = deadline_form.editing(
            deadline.rule_id,
            deadline.rule_inputs,
            due_on=format_date(deadline.due_on),
            what=deadline.what,
            kind=deadline.kind,
            notes=deadline.notes,
        )
        saved = await self.app.push_screen_wait(
            DeadlineForm(
                f"Edit deadline · {row.ref}",
                settings,
                self._saver(deadline.case_id, deadline),
                editing=shown,
            )
        )
        if saved is not None:
            recomputed = " (worked out again)" if deadline.rule_id else ""
            self.notify(f"Deadline saved{recomputed}.")
            self.case_changed(deadline.case_id)

    @desk_work
    async def action_delete_deadline(self) -> None:
        deadline = await self._pick_deadline(
            "Delete which deadline?", none="This case has no deadlines to delete."
        )
        if deadline is None:
            return
        if not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete the deadline “{deadline.what}” ({format_date(deadline.due_on)})?",
                detail="Only for one entered in error. The audit log keeps a record of it.",
            )
        ):
            return
        ident, version = _ident(deadline), deadline.version
        self.write(lambda s: cases.delete_deadline(s, ident, version=version), done="Deadline deleted.")
        self.case_changed(deadline.case_id)  # refused or not, the detail shows the deadlines as they now are

    @desk_work
    async def action_recompute_deadline(self) -> None:
        deadline = await self._pick_deadline(
            "Recompute which deadline?",
            none="No deadline of this case needs recomputing: each still gives its saved date.",
            only=lambda c: c.changed and not c.deadline.done,
        )
        if deadline is None:
            return
        ident, version, before = _ident(deadline), deadline.version, deadline.due_on
        saved = self.write(lambda s: deadlines.recompute_deadline(s, ident, version=version))
        if saved is not None:
            self.notify(
                f"{deadline.what}: recomputed from {format_date(before)} to {format_date(saved.due_on)}.",
                title="Deadline recomputed",
                markup=False,
                timeout=8,
            )
            self.case_changed(deadline.case_id)


def _ident(deadline: Deadline) -> int:
    assert deadline.id is not None
    return deadline.id
