"""The Cases screen's timeline commands: add an entry, edit one, delete one (asking first).

Like :mod:`~repdesk.tui.cases.deadline_commands`, a base class of
:class:`~repdesk.tui.cases.screen.CasesScreen`, acting on the selected case;
each command's key, palette entry and help line come from :data:`TIMELINE_ACTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text

from repdesk.domain.dates import format_date
from repdesk.domain.text import clip, plural
from repdesk.tui import lazy
from repdesk.tui.actions import Action
from repdesk.tui.cases import undo
from repdesk.tui.cases.deadline_commands import DeadlineCommands
from repdesk.tui.cases.form import NEW_ENTRY, TIMELINE_FIELDS
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen, FormValues, save_edit, values_of
from repdesk.tui.errors import desk_work

if TYPE_CHECKING:
    from repdesk.store import cases, models
    from repdesk.store.cases import CaseDetail
    from repdesk.store.models import TimelineEntry
else:
    cases, models = lazy.store("cases", "models")

T = TypeVar("T")

TIMELINE_ACTIONS: tuple[Action, ...] = (
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
        "E",
        "edit_entry",
        "Edit entry",
        "cases.timeline_edit",
        "Edit one of the case's timeline entries",
        palette="case: edit timeline entry",
        help="Change a timeline entry's date, kind, summary or details",
        show=False,  # the footer is full at 120 columns; help (?) and the palette list it
    ),
    Action(
        "X",
        "delete_entry",
        "Delete entry",
        "cases.timeline_delete",
        "Delete one of the case's timeline entries, with its attached files (asks first)",
        palette="case: delete timeline entry",
        help="Delete a timeline entry made in error",
        show=False,
    ),
)
"""In the order the Cases footer and help list them."""

SHOWN_WORDS = 32
"""How many characters of an entry's summary the picker and the question show."""


def first_words(text: str, most: int = SHOWN_WORDS) -> str:
    """``text`` on one line in at most ``most`` characters, ending in ``…`` if cut."""
    return clip(" ".join(text.split()), most)


def entry_choice(entry: TimelineEntry, files: int) -> Text:
    """A timeline entry as the picker lists it: its date, kind and first words, and its files."""
    text = Text.assemble(
        (format_date(entry.occurred_on), "bold"), "  ", f"{entry.kind.label}: {first_words(entry.summary)}"
    )
    if files:
        text.append(f"  📎{files}", style="dim")
    return text


def entry_question(ref: str, entry: TimelineEntry, files: int) -> str:
    """The delete question, naming the entry by its date and kind, and what goes with it."""
    question = f"Delete the {format_date(entry.occurred_on)} {entry.kind.label.lower()} entry of {ref}?"
    if files:
        goes = "goes" if files == 1 else "go"
        question += f" Its {plural(files, 'attached file')} {goes} with it."
    return question


class TimelineCommands(DeadlineCommands):
    """The timeline commands of the Cases list, acting on the selected case."""

    async def _pick_entry(self, verb: str) -> tuple[CaseDetail, TimelineEntry] | None:
        """One timeline entry of the selected case, newest first, always shown so the rep sees which."""
        if (row := self.picked()) is None:
            return None
        detail = self.read(lambda s: cases.case_detail(s, row.id))
        if not detail.timeline:
            self.notify(f"{row.ref} has no timeline entries: a adds one.")
            return None
        entries = list(reversed(detail.timeline))
        choices = [
            (entry_choice(entry, len(detail.attachments.get(entry.id or 0, []))), index)
            for index, entry in enumerate(entries)
        ]
        chosen = await self.app.push_screen_wait(
            ChoiceScreen[int](f"{verb} which timeline entry of {row.ref}?", choices)
        )
        return None if chosen is None else (detail, entries[chosen])

    async def _entry_form(
        self, title: str, submit: Callable[[FormValues], T], values: dict[str, Any]
    ) -> T | None:
        """The timeline-entry form, saving through ``submit``; what it returned, or None if cancelled."""
        return await self.app.push_screen_wait(
            FormScreen[T](
                title, TIMELINE_FIELDS, submit, values=values, labels_from=models.TimelineEntryCreate
            )
        )

    @desk_work
    async def action_add_entry(self) -> None:
        if (case_id := self.picked_id()) is None:
            return

        def submit(values: FormValues) -> tuple[int, int, cases.CaseChange]:
            with self.db.transaction() as session:
                # The case as it was, so an undo puts back its activity date (and so its score) too.
                before = cases.case_state(session, case_id)
                entry = cases.add_timeline_entry(session, case_id, values)
                assert entry.id is not None
                return entry.id, entry.version, before

        saved = await self._entry_form("Add timeline entry", submit, NEW_ENTRY)
        if saved is not None:
            entry_id, version, before = saved
            self.undo_stack.push(
                undo.Step(
                    "timeline entry",
                    change=before,
                    # As it was added: an entry edited since is not taken away by this undo.
                    created=[lambda s: cases.delete_timeline_entry(s, entry_id, version=version)],
                )
            )
            self.notify("Timeline entry added.")
            self.case_changed(case_id)

    @desk_work
    async def action_edit_entry(self) -> None:
        picked = await self._pick_entry("Edit")
        if picked is None:
            return
        detail, entry = picked
        ref, case_id = detail.case.ref, entry.case_id

        def submit(values: FormValues) -> bool:
            return save_edit(self.db, entry, cases.update_timeline_entry, values.changes())

        changed = await self._entry_form(
            f"Edit timeline entry · {ref}", submit, values_of(entry, TIMELINE_FIELDS)
        )
        if changed is None:
            return
        self.notify("Timeline entry saved." if changed else "Nothing to save: the entry is as it was.")
        self.case_changed(case_id)

    @desk_work
    async def action_delete_entry(self) -> None:
        picked = await self._pick_entry("Delete")
        if picked is None:
            return
        detail, entry = picked
        files = len(detail.attachments.get(entry.id or 0, []))
        kept = " (the files themselves stay where they are)" if files else ""
        if not await self.app.push_screen_wait(
            ConfirmScreen(
                entry_question(detail.case.ref, entry, files),
                detail=f"“{first_words(entry.summary)}”. Only for one made in error{kept}. "
                "u does not bring it back; the audit log keeps a record of it.",
            )
        ):
            return
        entry_id, version = entry.id or 0, entry.version
        if self.write(lambda s: cases.delete_timeline_entry(s, entry_id, version=version)) is not None:
            self.notify("Timeline entry deleted.")
        self.case_changed(entry.case_id)  # refused or not, the detail shows the timeline as it now is
