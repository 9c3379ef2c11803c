"""Yes/no questions and one-of-many choices, answered from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from repdesk.tui.actions import Action, bindings

T = TypeVar("T")


def _prompt(label: str | Text) -> Text:
    """Choices are shown as typed (a saved filter's name may hold brackets)."""
    return Text(label) if isinstance(label, str) else label


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; ``y``/enter is yes, ``n``/escape is no."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [
            Action("y,enter", "answer(True)", "Yes", "confirm.yes"),
            Action("n,escape", "answer(False)", "No", "confirm.no"),
        ]
    )

    def __init__(self, question: str, *, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self.question, classes="dialog-title", markup=False)
            if self.detail:
                yield Label(self.detail, classes="dialog-detail", markup=False)
            yield Label("[b]y[/b] yes    [b]n[/b] no", classes="dialog-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceScreen(ModalScreen[T | None], Generic[T]):
    """Pick one of a few values with the arrow keys (or the first letter) and enter."""

    BINDINGS: ClassVar[list[BindingType]] = bindings([Action("escape", "cancel", "Cancel", "choice.cancel")])

    def __init__(
        self, title: str, choices: Sequence[tuple[str | Text, T]], *, current: T | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            options = [
                Option(_prompt(label), id=str(index)) for index, (label, _value) in enumerate(self.choices)
            ]
            yield OptionList(*options, id="choices")
            yield Label("[b]enter[/b] choose    [b]esc[/b] cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        for index, (_label, value) in enumerate(self.choices):
            if value == self.current:
                listing.highlighted = index
                break
        else:
            listing.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def on_key(self, event: object) -> None:
        key = getattr(event, "character", None)
        if not key or not key.isalpha():
            return
        for index, (label, _value) in enumerate(self.choices):
            plain = label.plain if isinstance(label, Text) else label
            if plain.lower().startswith(key.lower()):
                self.query_one(OptionList).highlighted = index
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
