"""Typed modal forms: first field focused, ctrl+s saves, escape cancels (asking if anything was typed).

A form is a list of :class:`Field` specs and a ``submit`` callable that
saves (a service call in a transaction; the service validates). Every
problem is shown beside its field as a plain sentence; nothing the rep
typed is lost. Date fields show what they understood as the rep types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from repdesk.domain.dates import describe_date, format_date, format_time, parse_time
from repdesk.domain.errors import DateInputError, RepdeskError
from repdesk.domain.validation import FieldProblem, problems_from
from repdesk.store.errors import Invalid
from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.picker import PickerScreen, Search
from repdesk.tui.errors import desk_work

if TYPE_CHECKING:
    from repdesk.store.engine import Database, Session

T = TypeVar("T")

Kind = Literal["text", "area", "date", "time", "select", "bool", "int", "tags", "links", "secret"]


@dataclass(frozen=True)
class Field:
    """One input on a form."""

    name: str
    """The model field it fills."""
    label: str
    """What the rep reads."""
    kind: Kind = "text"
    """Which widget."""
    choices: Sequence[tuple[str, Any]] = ()
    """(label, value) for selects."""
    required: bool = False
    """Marked with * (the model enforces it)."""
    placeholder: str = ""
    """Example input."""
    search: Search | None = None
    """For ``links``: how to find records by typed text."""
    allow_blank: bool = True
    """For selects: whether "none" is a choice."""
    height: int = 4
    """For ``area``: rows of text."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Anything a specific form needs to remember."""


class FormValues(dict[str, Any]):
    """What a form holds when saved, and which fields the rep changed since it opened."""

    def __init__(self, values: dict[str, Any], shown: dict[str, Any]) -> None:
        super().__init__(values)
        self._shown = shown

    def changes(self) -> dict[str, Any]:
        """Only the fields whose value differs from what the form first showed.

        Compared as the widgets hold them, so an untouched date is never
        mistaken for a change because the record stores a date and the form text.
        """
        return {name: value for name, value in self.items() if self._shown.get(name) != value}


def values_of(record: Any, fields: Sequence[Field]) -> dict[str, Any]:
    """An edit form's values, read from a stored record (the form shows its dates the UK way)."""
    return {spec.name: getattr(record, spec.name) for spec in fields}


Update = Callable[["Session", int, dict[str, Any]], Any]
"""A service's update: (session, id, the changed values with the version the rep saw) -> the record."""


def save_edit(db: Database, record: Any, update: Update, changes: Mapping[str, Any]) -> bool:
    """Save ``changes`` to ``record`` as the rep saw it; whether anything was written.

    Against the version the form opened with, so a copy changed elsewhere is
    refused (the form keeps what was typed); a save that changes nothing
    writes nothing, and says so.
    """
    if not changes:
        return False
    with db.transaction() as session:
        saved = update(session, record.id, {"version": record.version, **changes})
    return bool(saved.version != record.version)


class LinksField(Static, can_focus=True):
    """Linked records, picked through a type-to-search picker (enter to change)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings([Action("enter", "pick", "Pick", "form.pick")])

    def __init__(self, spec: Field, chosen: list[tuple[int, str]], *, id: str) -> None:
        super().__init__(id=id, classes="links form-input")
        self.spec = spec
        self.chosen = list(chosen)

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        if self.chosen:
            names = ", ".join(label for _ident, label in self.chosen[:8])
            more = f" and {len(self.chosen) - 8} more" if len(self.chosen) > 8 else ""
            self.update(Text.assemble(names + more, ("   (enter to change)", "dim")))
        else:
            self.update(Text("none (enter to pick)", style="dim"))

    @desk_work
    async def action_pick(self) -> None:
        assert self.spec.search is not None
        picked = await self.app.push_screen_wait(
            PickerScreen(f"Link {self.spec.label.lower()}", self.spec.search, self.chosen)
        )
        if picked is not None:
            self.chosen = picked
            self._show()
            if isinstance(self.screen, FormScreen):
                self.screen.dirty = True

    @property
    def value(self) -> list[int]:
        """Ids of the chosen records."""
        return [ident for ident, _label in self.chosen]


class TickBox(Checkbox):
    """A form's checkbox: its label beside it, and a tick that shows (✔ or blank), not only a colour."""

    def __init__(self, label: str, value: bool, *, id: str, classes: str) -> None:
        super().__init__(label, value, id=id, classes=classes, compact=True)
        self._show_tick(value)

    def _show_tick(self, ticked: bool) -> None:
        self.BUTTON_INNER = TICK if ticked else " "

    def watch_value(self) -> None:
        super().watch_value()
        self._show_tick(self.value)


TICK = "✔"
"""What a ticked checkbox shows in its box."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date):  # the UK way, as everywhere else in the desk: "6 Jan 2026"
        return format_date(value)
    if hasattr(value, "hour"):
        return format_time(value)
    return str(value)


def report_problems(
    screen: Screen[Any], problems: Sequence[FieldProblem], general: Sequence[str], first: Widget | None
) -> None:
    """The end of every form's validation: at the top of the form (``#form-error``) how many
    things there are to fix and the problems that have no field, and focus on the first field
    that needs fixing (its problem is beside it).

    Said in the form, not in a notice: a notice would sit over the fields it is about.
    """
    error = screen.query_one("#form-error", Static)
    count = len(problems)
    heading = f"{count} thing{'s' if count != 1 else ''} to fix" + (":" if general else ".")
    error.update(Text("\n".join([heading, *general])))
    error.display = bool(problems)
    if first is not None:
        first.focus()


def problems_of(refusal: ValidationError | RepdeskError, labels: Mapping[str, str]) -> list[FieldProblem]:
    """Why a save was refused, by field: pydantic's errors and a service's :class:`Invalid` name
    their fields; any other refusal (a stale copy, a clash) is one problem for the whole form."""
    if isinstance(refusal, ValidationError):
        return problems_from(refusal, labels)
    if isinstance(refusal, Invalid):
        return list(refusal.problems)
    return [FieldProblem("", str(refusal))]


def form_actions(scope: str) -> tuple[Action, ...]:
    """Save and cancel, as every form has them (binding ids ``<scope>.save``, ``<scope>.cancel``)."""
    return (
        Action("ctrl+s", "save", "Save", f"{scope}.save", "Validate and save"),
        Action("escape", "cancel", "Cancel", f"{scope}.cancel", "Close without saving"),
    )


class Identified(Protocol):
    """A stored record, which has its id once flushed."""

    @property
    def id(self) -> int | None:
        """Its primary key."""
        ...


def creating(
    db: Database,
    create: Callable[[Session, FormValues], Identified],
) -> Callable[[FormValues], int]:
    """A form's ``submit`` that makes one record (a service call) in a transaction and gives its id.

    The service validates the values; its :class:`Invalid` reaches the form,
    which shows each problem beside its field.
    """

    def submit(values: FormValues) -> int:
        with db.transaction() as session:
            ident = create(session, values).id
        assert ident is not None
        return ident

    return submit


class DraftScreen(ModalScreen[T | None], Generic[T]):
    """A modal the rep types into: escape closes it, asking first if anything was typed."""

    def __init__(self) -> None:
        super().__init__()
        self.dirty = False
        """Whether anything was typed or picked since it opened."""

    @desk_work
    async def action_cancel(self) -> None:
        if self.dirty and not await self.app.push_screen_wait(
            ConfirmScreen("Discard what you typed?", detail="Nothing on this form has been saved.")
        ):
            return
        self.dismiss(None)


class FormScreen(DraftScreen[T]):
    """A form that returns what ``submit`` returned, or None if cancelled."""

    AUTO_FOCUS = ".form-input"
    ACTIONS: ClassVar[tuple[Action, ...]] = form_actions("form")
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: Callable[[FormValues], T],
        *,
        values: dict[str, Any] | None = None,
        labels_from: type[BaseModel] | None = None,
        note: str = "",
        note_classes: str = "",
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        self.initial = dict(values or {})
        self.note = note
        self.note_classes = note_classes
        self.labels = {f.name: f.label for f in self.fields}
        self._ready = False
        self._shown: dict[str, Any] = {}
        if labels_from is not None:
            for name, info in labels_from.model_fields.items():
                self.labels.setdefault(name, info.title or name)

    # --- building ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.form_title, classes="dialog-title", markup=False)
            if self.note:
                yield Label(self.note, classes=f"dialog-detail {self.note_classes}", markup=False)
            yield Static("", id="form-error", classes="form-error")
            with VerticalScroll(classes="form-body"):
                for spec in self.fields:
                    with Horizontal(classes="form-row", id=f"row-{spec.name}"):
                        # A checkbox carries its own label, beside its tick.
                        label = "" if spec.kind == "bool" else spec.label + (" *" if spec.required else "")
                        yield Static(label, classes="form-label")
                        with Vertical(classes="form-cell"):
                            yield self._widget(spec)
                            hint = Static("", id=f"hint-{spec.name}", classes="form-hint")
                            hint.display = False
                            yield hint
            yield Label(
                "[b]ctrl+s[/b] save    [b]esc[/b] cancel    [b]tab[/b] next field", classes="dialog-keys"
            )

    def _widget(self, spec: Field) -> Widget:
        value = self.initial.get(spec.name)
        wid = f"f-{spec.name}"
        if spec.kind == "area":
            area = TextArea(_text(value), id=wid, classes="form-input", soft_wrap=True, tab_behavior="focus")
            area.compact = True
            area.styles.height = spec.height
            return area
        if spec.kind == "select":
            options = [(label, choice) for label, choice in spec.choices]
            current = value.value if isinstance(value, Enum) else value
            return Select(
                options,
                value=current if current is not None else Select.NULL,
                allow_blank=spec.allow_blank,
                id=wid,
                classes="form-input",
                compact=True,
            )
        if spec.kind == "bool":
            return TickBox(spec.label, bool(value), id=wid, classes="form-input")
        if spec.kind == "links":
            chosen = list(value or [])
            return LinksField(spec, chosen, id=wid)
        return Input(
            _text(value),
            placeholder=spec.placeholder,
            id=wid,
            classes="form-input",
            compact=True,
            password=spec.kind == "secret",
        )

    def on_resize(self) -> None:
        # Keep the keys line on screen however small the terminal: the body scrolls instead.
        body = self.query_one(".form-body")
        body.styles.max_height = max(4, self.size.height - 12)

    def on_mount(self) -> None:
        for spec in self.fields:
            if spec.kind in {"date", "time"}:
                self._describe(spec, self.query_one(f"#f-{spec.name}", Input).value)
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True
        self._shown = self.values()

    # --- live feedback -----------------------------------------------------------------

    def _spec(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def _describe(self, spec: Field, text: str) -> None:
        hint = self.query_one(f"#hint-{spec.name}", Static)
        hint.remove_class("bad")
        hint.display = bool(text.strip())
        if spec.kind == "date":
            understood, sentence = describe_date(text)
            hint.update(f"→ {sentence}" if understood else sentence)
            hint.set_class(understood is None and bool(text.strip()), "bad")
        elif spec.kind == "time":
            try:
                parsed = parse_time(text)
            except DateInputError as exc:
                hint.update(str(exc))
                hint.add_class("bad")
            else:
                hint.update(f"→ {format_time(parsed)}" if parsed else "")

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _touched(self, event: Input.Changed | TextArea.Changed | Select.Changed | Checkbox.Changed) -> None:
        if self._ready:
            self.dirty = True
        control_id = getattr(event.control, "id", None) or ""
        spec = self._spec(control_id.removeprefix("f-"))
        if spec is not None and isinstance(event, Input.Changed):
            if spec.kind in {"date", "time"}:
                self._describe(spec, event.value)
            else:
                self._hint(spec.name, "")

    def _hint(self, name: str, message: str) -> None:
        hint = self.query_one(f"#hint-{name}", Static)
        hint.update(message)
        hint.set_class(bool(message), "bad")
        hint.display = bool(message)

    # --- values ---------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the form holds now, as the model expects it (blank select = None)."""
        found: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#f-{spec.name}")
            if isinstance(widget, TextArea):
                found[spec.name] = widget.text
            elif isinstance(widget, Select):
                found[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, (Checkbox, LinksField, Input)):
                found[spec.name] = widget.value
        return found

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Put each problem beside its field; ones without a field go at the top."""
        for spec in self.fields:
            if spec.kind not in {"date", "time"}:
                self._hint(spec.name, "")
        general: list[str] = []
        first: Widget | None = None
        # In the form's order, so the cursor goes to the first field the rep must change.
        order = [spec.name for spec in self.fields]
        problems = sorted(problems, key=lambda p: order.index(p.field) if p.field in order else -1)
        for problem in problems:
            if self._spec(problem.field) is not None:
                self._hint(problem.field, problem.message)
                if first is None:
                    first = self.query_one(f"#f-{problem.field}")
            else:
                general.append(problem.message)
        report_problems(self, problems, general, first)

    def action_save(self) -> None:
        try:
            result = self.submit(FormValues(self.values(), self._shown))
        except (ValidationError, RepdeskError) as exc:
            self.show_problems(problems_of(exc, self.labels))
        else:
            self.dismiss(result)
