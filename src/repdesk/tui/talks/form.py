"""The talks forms and choices: the shared dialogs with the confidentiality marking shown as a banner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.dialogs.form import Field, FormScreen, FormValues

T = TypeVar("T")


class TalksFormScreen(FormScreen[T]):
    """A :class:`FormScreen` whose note (the marking) reads as the ``.confidential`` banner.

    ``suggest`` gives an input field a list to complete from (→ takes the
    suggestion), so a topic is spelt the same way at every session.
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[FormValues], T],
        *,
        marking: str,
        values: dict[str, Any] | None = None,
        labels_from: type[BaseModel] | None = None,
        suggest: dict[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(title, fields, submit, values=values, labels_from=labels_from, note=marking)
        self.suggest = dict(suggest or {})

    def on_mount(self) -> None:
        # Textual calls FormScreen.on_mount too (handlers run for every class in the MRO).
        for label in self.query(".dialog-detail").results(Label):
            label.add_class("confidential")
        for name, options in self.suggest.items():
            if options:
                self.query_one(f"#f-{name}", Input).suggester = SuggestFromList(options, case_sensitive=False)
        self._fit_body()

    def on_resize(self) -> None:
        self._fit_body()

    def _fit_body(self) -> None:
        # The shared .form-body is capped at 30 lines, which overflows a 24-line terminal and
        # hides the keys line; keep the title, marking and keys on screen and scroll the fields.
        overhead = 8 + len(self.note) // max(20, min(self.size.width, 104) - 6)
        self.query_one(".form-body").styles.max_height = max(6, min(30, self.size.height - overhead - 3))


class TalksChoiceScreen(ChoiceScreen[T]):
    """A :class:`ChoiceScreen` with the confidentiality marking above the title."""

    def __init__(
        self, title: str, choices: Sequence[tuple[str, T]], *, marking: str, current: T | None = None
    ) -> None:
        super().__init__(title, choices, current=current)
        self.marking = marking

    def on_mount(self) -> None:
        # ChoiceScreen.on_mount runs as well (Textual calls the handler of every class in the MRO).
        dialog = self.query_one(".dialog")
        dialog.mount(Static(self.marking, classes="confidential"), before=0)
