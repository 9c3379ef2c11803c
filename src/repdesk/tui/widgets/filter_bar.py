"""The filter bar: free text and ``key:value`` terms, applied as the rep types."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from repdesk.domain.filters import settled
from repdesk.domain.text import clip


class FilterBar(Vertical):
    """An input that posts :class:`FilterBar.Changed` on every keystroke."""

    DEFAULT_CSS = """
    FilterBar { height: auto; }
    FilterBar Input { margin: 0 1; }
    FilterBar .filter-problems { color: $warning; height: auto; padding: 0 2; }
    """

    BINDINGS = [Binding("escape", "leave", "Back to list", id="filter.leave")]

    class Changed(Message):
        """The filter text settled on ``text``."""

        def __init__(self, bar: FilterBar, text: str) -> None:
            super().__init__()
            self.bar = bar
            self.text = text

    class Left(Message):
        """The rep pressed escape or enter: focus should go back to the list."""

    def __init__(self, placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.placeholder = placeholder
        self._problems = ""
        self._emitted: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id="filter-input")
        yield Static("", classes="filter-problems")

    @property
    def input(self) -> Input:
        """The text box."""
        return self.query_one(Input)

    @property
    def value(self) -> str:
        """The filter text."""
        return self.input.value

    def set_value(self, text: str) -> None:
        """Replace the filter text (a recalled filter) and apply it now."""
        self.input.value = text
        self._emit()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_placeholder)

    def _fit_placeholder(self) -> None:
        """The hint cut to the box, ending in "…" when it does not fit (as at 80 columns)."""
        width = self.input.content_size.width
        if width > 0:
            self.input.placeholder = clip(self.placeholder, width - 1)

    def show_problems(self, problems: tuple[str, ...]) -> None:
        """Say which terms were ignored."""
        text = " ".join(problems)
        if text != self._problems:  # most keystrokes change nothing here: skip the relayout
            self._problems = text
            self.query_one(".filter-problems", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        # No debounce: the list reloads on a worker and a newer keystroke
        # cancels an older load, so typing never waits for the database. A word
        # of one or two letters still being typed is held back (see settled).
        event.stop()
        self._emit(typing=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._emit()
        self.post_message(self.Left())

    def _emit(self, *, typing: bool = False) -> None:
        text = settled(self.input.value) if typing else self.input.value
        if typing and text == self._emitted:
            return  # "s" to "st": nothing new to look for
        self._emitted = text
        self.post_message(self.Changed(self, text))

    def action_leave(self) -> None:
        self.post_message(self.Left())
