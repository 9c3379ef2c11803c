"""Follow one issue across talks sessions: every offer on a topic, oldest first, with its status over time."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from repdesk.domain.dates import format_date
from repdesk.store.models import OfferStatusChange
from repdesk.store.talks import TopicOffer
from repdesk.tui.talks.render import history_lines, offer_heading

Search = Callable[[str], tuple[list[TopicOffer], dict[int, list[OfferStatusChange]]]]
"""Offers matching typed text (oldest first) and their status histories, by offer id."""

Picked = tuple[int, int]
"""(session id, offer id) of the offer the rep chose to open."""


def topic_option(found: TopicOffer, history: list[OfferStatusChange]) -> RenderableType:
    """One offer as the topic list shows it: when tabled, what, where it stands, and how it got there."""
    heading = Text(f"{format_date(found.held_on)}  ", style="bold")
    heading.append_text(offer_heading(found.offer))
    steps = Text("\n").join(line for line in history_lines(history))
    return Group(
        heading,
        Padding(Text(f"“{found.offer.text}”"), (0, 0, 0, 4)),
        Padding(steps, (0, 0, 0, 2)),
    )


class TopicScreen(ModalScreen[Picked | None]):
    """Type a topic (or words from an offer); enter on an offer opens the session that tabled it."""

    DEFAULT_CSS = """
    TopicScreen .dialog { height: 90%; }
    TopicScreen #topic-results { height: 1fr; }
    TopicScreen #topic-results > .option-list--option { padding: 0 0 1 0; }
    TopicScreen #topic-count { height: auto; color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="topic.close", tooltip="Back to the session"),
        Binding("down", "to_results", "Results", show=False, id="topic.results", tooltip="Into the list"),
    ]

    def __init__(self, search: Search, *, marking: str, topics: Sequence[str] = (), text: str = "") -> None:
        super().__init__()
        self.search = search
        self.marking = marking
        self.topics = list(topics)
        self.initial = text
        self.found: list[TopicOffer] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.marking, classes="confidential", id="topic-marking")
            yield Label("Follow a topic across sessions", classes="dialog-title")
            yield Input(
                self.initial,
                placeholder="a topic or words from an offer, e.g. office days",
                suggester=SuggestFromList(self.topics, case_sensitive=False) if self.topics else None,
                id="topic-input",
            )
            yield Static("", id="topic-count")
            yield OptionList(id="topic-results")
            yield Label(
                "[b]→[/b] take suggestion   [b]↓[/b] list   [b]enter[/b] open its session   [b]esc[/b] close",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show(self.initial)

    @on(Input.Changed, "#topic-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#topic-input")
    def _submitted(self) -> None:
        self.action_to_results()

    def _show(self, text: str) -> None:
        results = self.query_one("#topic-results", OptionList)
        count = self.query_one("#topic-count", Static)
        results.clear_options()
        self.found = []
        if not text.strip():
            known = " · ".join(self.topics[:8]) if self.topics else "none yet"
            count.update(f"Topics so far: {known}")
            return
        found, history = self.search(text)
        self.found = found
        sessions = len({f.offer.session_id for f in found})
        if not found:
            count.update(f"No offer mentions “{text.strip()}”.")
            return
        count.update(
            f"{len(found)} offer{'s' if len(found) != 1 else ''} across {sessions} "
            f"session{'s' if sessions != 1 else ''}, oldest first"
        )
        results.add_options(
            [
                Option(topic_option(item, history.get(item.offer.id or 0, [])), id=str(index))
                for index, item in enumerate(found)
            ]
        )
        results.highlighted = 0

    def action_to_results(self) -> None:
        results = self.query_one("#topic-results", OptionList)
        if results.option_count:
            results.focus()

    @on(OptionList.OptionSelected, "#topic-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.found[int(event.option.id or 0)]
        assert item.offer.id is not None
        self.dismiss((item.offer.session_id, item.offer.id))

    def action_close(self) -> None:
        self.dismiss(None)
