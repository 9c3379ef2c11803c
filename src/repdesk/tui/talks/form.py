"""The talks forms: their fields, and the shared dialogs with the confidentiality marking as a banner."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from repdesk.domain.dates import format_date
from repdesk.domain.enums import OfferKind, Side, TalksFormat, TalksKind
from repdesk.store.models import DEFAULT_MARKING, TalksSession
from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.dialogs.form import Field, FormScreen, FormValues

T = TypeVar("T")


def session_fields() -> list[Field]:
    """Every field of a talks session, in the order a rep fills them in after a meeting."""
    return [
        Field("held_on", "Date", "date", required=True, placeholder="today, 6/1/25, fri"),
        Field("starts_at", "Time", "time", placeholder="10:00, 2pm"),
        Field("kind", "Kind", "select", TalksKind.choices(), allow_blank=False),
        Field("format", "Format", "select", TalksFormat.choices(), allow_blank=False),
        Field("venue", "Venue", placeholder="e.g. ACAS offices, or the video call"),
        Field("conciliator", "ACAS conciliator"),
        Field("union_attendees", "Union side", placeholder="who attended for the union"),
        Field("employer_attendees", "Employer side", placeholder="who attended for the employer"),
        Field("agenda", "Agenda", "area", height=3),
        Field("notes", "Notes", "area", height=5),
        Field("caucus_notes", "Caucus notes (PRIVATE)", "area", height=3),
        Field("report_back", "Report-back to members", "area", height=3),
        Field("next_session_on", "Next session", "date", placeholder="when talks resume"),
        Field("confidentiality", "Confidentiality marking", required=True),
    ]


def new_session_values(last: TalksSession | None) -> dict[str, Any]:
    """A new session's values, from the ``last`` one: the same people, and the date it set for the next."""
    values: dict[str, Any] = {
        "held_on": "today",
        "kind": TalksKind.JOINT,
        "format": TalksFormat.ONLINE,
        "confidentiality": DEFAULT_MARKING,
    }
    if last is not None:
        if last.next_session_on and last.next_session_on > last.held_on:
            values["held_on"] = format_date(last.next_session_on)
        for name in ("conciliator", "union_attendees", "employer_attendees", "confidentiality"):
            values[name] = getattr(last, name)
    return values


def offer_fields(known: Sequence[str]) -> list[Field]:
    """A position or offer: who tabled it, what kind, its topic (a ``known`` one as example), its words."""
    example = f"e.g. {known[0]} (→ takes a suggestion)" if known else "e.g. office days"
    return [
        Field("side", "Tabled by", "select", Side.choices(), allow_blank=False),
        Field("kind", "Kind", "select", OfferKind.choices(), allow_blank=False),
        Field("topic", "Topic", placeholder=example),
        Field("text", "What was put forward", "area", required=True, height=4),
    ]


def action_fields() -> list[Field]:
    """An action point: what, who, and by when."""
    return [
        Field("text", "Action", required=True, placeholder="what is to be done"),
        Field("owner", "Owner", placeholder="a person, or a side"),
        Field("owner_side", "Owner's side", "select", Side.choices()),
        Field("due_on", "Due", "date", placeholder="+7d, fri, 6/1/25"),
    ]


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
