"""The saved filters of the Cases list: recall one (enter), rename it (r) or delete it (d, asking first).

Renames and deletes name the version of the filter the dialog read, so one
changed or deleted in another window since is refused in plain words; the
list is read again after each, so it shows the filters as they now are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from repdesk.domain.errors import RepdeskError
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.form import Field, FormScreen, FormValues
from repdesk.tui.errors import desk_work

if TYPE_CHECKING:
    from repdesk.store import saved_filters
    from repdesk.store.engine import Database
    from repdesk.store.models import SavedFilter
else:
    (saved_filters,) = lazy.store("saved_filters")

CLEAR = "clear"
"""The option id of the first line, which clears the filter."""


def filter_choice(saved: SavedFilter) -> Text:
    """A saved filter as the dialog lists it: its name, then its filter text dimmed (both as typed)."""
    return Text.assemble(saved.name, "  ", (saved.query, "dim"))


class SavedFiltersScreen(ModalScreen[str | None]):
    """The saved filters of one list; gives the filter text to apply ("" clears it), or None."""

    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("r", "rename", "Rename", "saved_filters.rename", "Rename the highlighted saved filter"),
        Action(
            "d,delete",
            "delete",
            "Delete",
            "saved_filters.delete",
            "Delete the highlighted saved filter (asks first)",
        ),
        Action("escape", "cancel", "Cancel", "saved_filters.cancel", "Close, leaving the filter as it is"),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, db: Database, area: str, filters: list[SavedFilter]) -> None:
        super().__init__()
        self.db = db
        self.area = area
        self.filters = list(filters)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label("Saved filters", classes="dialog-title")
            yield OptionList(id="choices")
            yield Label(
                "[b]enter[/b] apply   [b]r[/b] rename   [b]d[/b] delete   [b]esc[/b] cancel",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self._show(keep=self.filters[0].id if self.filters else None)

    def _show(self, keep: int | None = None) -> None:
        """List the filters, the highlight on filter ``keep`` if it is still there."""
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_option(Option(Text("(clear the filter)", style="italic"), id=CLEAR))
        listing.add_options(Option(filter_choice(f), id=str(f.id)) for f in self.filters)
        ids = [f.id for f in self.filters]
        listing.highlighted = ids.index(keep) + 1 if keep in ids else 0

    def _read_again(self, keep: int | None = None) -> None:
        """Read the filters afresh (another window may have changed them too) and list them."""
        try:
            with self.db.session() as session:
                self.filters = saved_filters.list_filters(session, self.area)
        except RepdeskError as exc:
            self.notify(str(exc), title="Not read", severity="error", timeout=8)
            return
        self._show(keep)

    def _highlighted(self, what: str) -> SavedFilter | None:
        """The filter under the highlight; None (and a word why) on the line that clears the filter."""
        index = self.query_one(OptionList).highlighted
        if not index:
            self.notify(f"Highlight a saved filter to {what} it: the first line only clears the filter.")
            return None
        return self.filters[index - 1]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == CLEAR:
            self.dismiss("")
        else:
            self.dismiss(self.filters[event.option_index - 1].query)

    @desk_work
    async def action_rename(self) -> None:
        saved = self._highlighted("rename")
        if saved is None:
            return
        ident, version, old = saved.id or 0, saved.version, saved.name

        def submit(values: FormValues) -> str:
            with self.db.transaction() as session:
                return saved_filters.rename_filter(session, ident, values["name"], version=version).name

        name = await self.app.push_screen_wait(
            FormScreen[str](
                "Rename saved filter",
                [Field("name", "Name", required=True)],
                submit,
                values={"name": old},
                note=f"Filter: {saved.query}",
            )
        )
        if name is not None:
            said = (
                f"Renamed “{old}” to “{name}”." if name != old else f"Nothing to save: it is still “{old}”."
            )
            self.notify(said, markup=False)
        self._read_again(keep=ident)  # saved or not: a refusal may mean it changed elsewhere

    @desk_work
    async def action_delete(self) -> None:
        saved = self._highlighted("delete")
        if saved is None:
            return
        if not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Delete the saved filter “{saved.name}”?",
                detail=f"Filter: {saved.query}. The audit log keeps a record of it.",
            )
        ):
            return
        ident, version = saved.id or 0, saved.version
        index = self.filters.index(saved)
        later, earlier = self.filters[index + 1 :], self.filters[:index]
        neighbour = later[0] if later else earlier[-1] if earlier else None
        keep: int | None = ident
        try:
            with self.db.transaction() as session:
                saved_filters.delete_filter(session, ident, version=version)
        except RepdeskError as exc:
            self.notify(str(exc), title="Not deleted", severity="error", timeout=8)
        else:
            self.notify(f"Deleted the saved filter “{saved.name}”.", markup=False)
            keep = neighbour.id if neighbour else None  # the highlight stays about where it was
        self._read_again(keep=keep)  # deleted or not: a refusal may mean it changed elsewhere

    def action_cancel(self) -> None:
        self.dismiss(None)
