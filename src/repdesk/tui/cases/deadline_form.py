"""The deadline form: type a date, or work one out by a rule and watch the working as you type.

The rep picks a rule (or "Typed date"), fills in that rule's inputs (built
from :func:`repdesk.domain.rules.input_specs`), and the preview pane shows the
date and its whole working after every keystroke. A problem is shown as the
rule's own sentence under the preview. Saving hands a :class:`DeadlineDraft`
to the caller's ``save``, which makes the service call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import ValidationError
from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from repdesk.domain import rules
from repdesk.domain.dates import describe_date, format_date, format_date_weekday
from repdesk.domain.enums import DeadlineKind
from repdesk.domain.errors import RepdeskError
from repdesk.domain.rules import Computation, InputSpec, RuleInputError, RuleKind, Settings, input_specs
from repdesk.domain.validation import FieldProblem
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings
from repdesk.tui.cases.deadline_render import working_lines
from repdesk.tui.dialogs.form import DraftScreen, form_actions, problems_of, report_problems

if TYPE_CHECKING:
    from repdesk.store import deadlines, models
else:
    deadlines, models = lazy.store("deadlines", "models")

TYPED = "typed"
"""The rule select's value for a date the rep types (no rule)."""
TYPED_LABEL = "Typed date (no rule)"
NARROW = 110
"""Below this many columns the preview goes under the inputs instead of beside them."""
DATE_HINT = "e.g. 20/6/25, 2025-06-20, today"
LABELS = {"what": "What", "due_on": "Due", "kind": "Kind", "notes": "Notes"}
"""The typed date's fields as the form labels them, for pydantic's sentences."""


@dataclass
class DeadlineDraft:
    """What the form holds when the rep saves."""

    rule: RuleKind | None
    """The rule that works the date out, or None for a typed date."""
    values: dict[str, str] = field(default_factory=dict)
    """The rule's inputs as typed (empty for a typed date)."""
    due_on: str = ""
    """The typed date (typed dates only)."""
    what: str = ""
    """What falls due; empty lets a rule name it."""
    kind: DeadlineKind | None = None
    """What sort of key date."""
    notes: str = ""
    """Anything to remember about it."""


@dataclass(frozen=True)
class Editing:
    """The saved deadline the form changes (None for a new one)."""

    rule: RuleKind | None
    """Its rule, or None if typed."""
    values: Mapping[str, str]
    """Its saved facts (rule inputs without the rep's settings)."""
    due_on: str
    """Its date as saved (ISO), for a typed one."""
    what: str
    """What falls due, as saved."""
    kind: DeadlineKind
    """What sort of key date."""
    notes: str
    """Its notes."""


def _input_id(kind: RuleKind, name: str) -> str:
    return f"in-{kind.value}-{name}"


def headline(computation: Computation) -> Text:
    """The date to work to, with the other date beside it (never instead of it)."""
    text = Text.assemble(("Work to: ", "bold"), (format_date_weekday(computation.result), "bold green"))
    if computation.alternative is not None:
        text.append("\nOther date: ", style="dim")
        text.append(format_date_weekday(computation.alternative.due), style="italic")
        text.append(" (not the one to work to: see why below)", style="dim")
    return text


def _row(label: str, widget: Widget) -> Horizontal:
    """A labelled input with the hint line under it (``hint-<id>``) that says what it was read as."""
    wid = widget.id or ""
    hint = Static("", id=f"hint-{wid}", classes="form-hint")
    hint.display = False
    return Horizontal(
        Static(label, classes="form-label", id=f"label-{wid}"),
        Vertical(widget, hint, classes="form-cell"),
        classes="form-row",
    )


def _choice(choices: Sequence[tuple[str, str]], value: str, wid: str) -> Select[str]:
    return Select(list(choices), value=value, allow_blank=False, id=wid, classes="form-input", compact=True)


def _box(value: str, wid: str, placeholder: str = "", *, integer: bool = False) -> Input:
    kind: Literal["integer", "text"] = "integer" if integer else "text"
    return Input(value, placeholder=placeholder, type=kind, id=wid, classes="form-input", compact=True)


class DeadlineForm(DraftScreen[int]):
    """Add or edit a deadline: typed, or worked out by a rule with a live preview."""

    AUTO_FOCUS = "#dl-rule"
    CSS = """
    DeadlineForm .dialog.deadline { width: 98%; max-width: 160; height: 92%; }
    DeadlineForm #dl-split { height: 1fr; }
    DeadlineForm #dl-fields { width: 62; height: 100%; }
    DeadlineForm #dl-preview-pane { width: 1fr; height: 100%; padding: 0 1; border-left: vkey $accent 40%; }
    DeadlineForm #dl-split.stacked { layout: vertical; }
    DeadlineForm #dl-split.stacked #dl-fields { width: 1fr; height: 1fr; }
    DeadlineForm #dl-split.stacked #dl-preview-pane {
        width: 1fr; height: 1fr; border-left: none; border-top: hkey $accent 40%;
    }
    DeadlineForm .form-label { width: 25; }
    DeadlineForm .form-row { margin-bottom: 0; }
    DeadlineForm .rule-group { height: auto; }
    DeadlineForm #dl-problem { color: $error; text-style: bold; height: auto; }
    DeadlineForm #dl-problem.waiting { color: $text-muted; text-style: none; }
    DeadlineForm #dl-preview { height: auto; }
    """
    ACTIONS: ClassVar[tuple[Action, ...]] = form_actions("deadline")
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(
        self,
        title: str,
        settings: Settings,
        save: Callable[[DeadlineDraft], int],
        *,
        editing: Editing | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.settings = settings
        self.save = save
        self.editing = editing
        self._ready = False
        self._kind_touched = editing is not None
        self._kind_auto: DeadlineKind | None = None
        self.computation: Computation | None = None
        """The working as the preview last showed it (None while an input is missing or wrong)."""
        self.problem: RuleInputError | RepdeskError | None = None

    # --- building ----------------------------------------------------------------------

    def _rule_choices(self) -> list[tuple[str, str]]:
        choices = [(kind.label, kind.value) for kind in RuleKind]
        if self.editing is not None and self.editing.rule is not None:
            return choices  # a worked-out date stays worked out: its working is what makes it true
        return [(TYPED_LABEL, TYPED), *choices]

    def compose(self) -> ComposeResult:
        editing = self.editing
        rule = TYPED if editing is None or editing.rule is None else editing.rule.value
        with Vertical(classes="dialog deadline"):
            yield Label(self.form_title, classes="dialog-title", markup=False)
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(id="dl-split"):
                with VerticalScroll(id="dl-fields", classes="form-body"):
                    yield _row("Work it out", _choice(self._rule_choices(), rule, "dl-rule"))
                    for kind in RuleKind:
                        with Vertical(classes="rule-group", id=f"grp-{kind.value}") as group:
                            group.display = kind.value == rule
                            for spec in input_specs(kind):
                                yield _row(
                                    spec.label + (" *" if spec.required and spec.type != "choice" else ""),
                                    self._spec_widget(kind, spec),
                                )
                    with Vertical(classes="rule-group", id="grp-typed") as typed:
                        typed.display = rule == TYPED
                        yield _row(
                            "Due *", _box(editing.due_on if editing else "", "dl-due_on", "+5d, 6/1/25, fri")
                        )
                    yield _row(
                        "What",
                        _box(
                            editing.what if editing else "", "dl-what", "e.g. Reply to investigation letter"
                        ),
                    )
                    kind_now = editing.kind if editing else DeadlineKind.REPLY_DUE
                    yield _row("Kind", _choice(DeadlineKind.choices(), kind_now.value, "dl-kind"))
                    yield _row("Notes", _box(editing.notes if editing else "", "dl-notes"))
                with VerticalScroll(id="dl-preview-pane", can_focus=False):
                    yield Static("", id="dl-preview")
                    yield Static("", id="dl-problem")
            yield Label(
                "[b]ctrl+s[/b]/[b]enter[/b] save    [b]esc[/b] cancel    [b]tab[/b] next field",
                classes="dialog-keys",
            )

    def _spec_widget(self, kind: RuleKind, spec: InputSpec) -> Widget:
        wid = _input_id(kind, spec.name)
        saved = ""
        if self.editing is not None and self.editing.rule is kind:
            saved = self.editing.values.get(spec.name, "")
        if spec.type == "choice":
            return _choice(spec.choices, saved or spec.choices[0][1], wid)
        if spec.type == "flag":
            # A yes/no choice rather than a checkbox: Textual's compact checkbox shows its
            # X even when unticked, which reads as "yes" on a rule input that moves a date.
            flag = _choice(
                [("No", "no"), ("Yes", "yes")], "yes" if saved.lower() in {"yes", "true", "1"} else "no", wid
            )
            flag.tooltip = spec.help or None
            return flag
        box = _box(saved, wid, DATE_HINT if spec.type == "date" else "", integer=spec.type == "int")
        if spec.help:
            box.tooltip = spec.help
        return box

    def on_mount(self) -> None:
        self._layout(self.app.size.width)
        self._refresh_preview()
        editing = self.editing
        computation = self.computation
        if (
            editing is not None
            and computation is not None
            and editing.what == deadlines.default_what(computation)
        ):
            # The rule named it: leave it to the rule, so a changed input renames it too.
            self.query_one("#dl-what", Input).value = ""
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True

    def on_resize(self) -> None:
        self._layout(self.size.width)

    def _layout(self, width: int) -> None:
        self.query_one("#dl-split").set_class(width < NARROW, "stacked")

    # --- what the form holds -------------------------------------------------------------

    @property
    def rule(self) -> RuleKind | None:
        """The rule chosen, or None for a typed date."""
        value = self.query_one("#dl-rule", Select).value
        return None if value in (TYPED, Select.NULL) else RuleKind(str(value))

    def rule_values(self, kind: RuleKind) -> dict[str, str]:
        """The inputs of ``kind`` as typed (a ticked flag is "yes")."""
        values: dict[str, str] = {}
        for spec in input_specs(kind):
            widget = self.query_one(f"#{_input_id(kind, spec.name)}")
            if isinstance(widget, Select):
                chosen = "" if widget.value is Select.NULL else str(widget.value)
                values[spec.name] = "" if spec.type == "flag" and chosen != "yes" else chosen
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
        return values

    def draft(self) -> DeadlineDraft:
        """Everything the rep has entered."""
        rule = self.rule
        kind = self.query_one("#dl-kind", Select).value
        return DeadlineDraft(
            rule=rule,
            values=self.rule_values(rule) if rule is not None else {},
            due_on=self.query_one("#dl-due_on", Input).value if rule is None else "",
            what=self.query_one("#dl-what", Input).value,
            kind=None if kind is Select.NULL else DeadlineKind(str(kind)),
            notes=self.query_one("#dl-notes", Input).value,
        )

    # --- live feedback -----------------------------------------------------------------

    @on(Select.Changed, f"#{_input_id(RuleKind.TRIBUNAL, 'claim')}")
    def _claim_changed(self, event: Select.Changed) -> None:
        # The date a limit counts from has its own name per claim type (the payday, the EDT, ...).
        if event.value is Select.NULL:
            return
        act = _input_id(RuleKind.TRIBUNAL, "act")
        self.query_one(f"#label-{act}", Static).update(f"{rules.Claim(str(event.value)).subject} *")

    @on(Select.Changed, "#dl-rule")
    def _rule_changed(self, event: Select.Changed) -> None:
        chosen = str(event.value)
        for group in self.query(".rule-group"):
            group.display = group.id == f"grp-{chosen}"
        if not self._kind_touched and chosen == TYPED:
            self._set_kind(DeadlineKind.REPLY_DUE)

    @on(Select.Changed, "#dl-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if self._ready and event.value != (self._kind_auto.value if self._kind_auto else None):
            self._kind_touched = True

    def _set_kind(self, kind: DeadlineKind) -> None:
        select = self.query_one("#dl-kind", Select)
        if select.value != kind.value:
            self._kind_auto = kind
            select.value = kind.value

    @on(Input.Changed)
    @on(Select.Changed)
    def _touched(self, event: Input.Changed | Select.Changed) -> None:
        if self._ready:
            self.dirty = True
        control_id = getattr(event.control, "id", None) or ""
        if isinstance(event, Input.Changed) and control_id.startswith(("in-", "dl-due_on")):
            self._describe(control_id, event.value)
        self._refresh_preview()

    def _describe(self, control_id: str, text: str) -> None:
        """Under a date, what it was read as; under anything else, nothing (until a problem)."""
        hint = self.query_one(f"#hint-{control_id}", Static)
        widget = self.query_one(f"#{control_id}", Input)
        if widget.type == "integer" or not text.strip():
            hint.display = False
            hint.remove_class("bad")
            return
        understood, sentence = describe_date(text)
        hint.update(f"→ {sentence}" if understood else sentence)
        hint.set_class(understood is None, "bad")
        hint.display = True

    def _refresh_preview(self) -> None:
        rule = self.rule
        preview = self.query_one("#dl-preview", Static)
        problem = self.query_one("#dl-problem", Static)
        what = self.query_one("#dl-what", Input)
        self.computation, self.problem = None, None
        if rule is None:
            preview.update(
                Group(
                    Text("Typed date", style="bold"),
                    Text(
                        "The date is what you type: there is no working to show. Pick a rule above to "
                        "have repdesk work it out and show how.",
                        style="dim",
                    ),
                )
            )
            problem.update("")
            what.placeholder = "e.g. Reply to investigation letter"
            return
        try:
            computation = rules.compute(rule, self.rule_values(rule), self.settings)
        except RepdeskError as exc:
            self.problem = exc
            preview.update(Text(rule.label, style="bold"))
            field_name = getattr(exc, "field", "")
            waiting = bool(field_name) and not self.rule_values(rule).get(field_name, "").strip()
            problem.update(Text(str(exc)))
            problem.set_class(waiting, "waiting")  # an input not yet typed is no error
            return
        self.computation = computation
        parts: list[RenderableType] = [headline(computation), Text(""), *working_lines(computation)]
        preview.update(Group(*parts))
        problem.update("")
        what.placeholder = deadlines.default_what(computation)
        if not self._kind_touched:
            self._set_kind(deadlines.default_kind(computation))

    # --- saving --------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            result = self.save(self.draft())
        except RuleInputError as exc:
            self._show_problems([FieldProblem(exc.field, str(exc))])
        except (ValidationError, RepdeskError) as exc:
            self._show_problems(problems_of(exc, LABELS))
        else:
            self.dismiss(result)

    def _widget_for(self, name: str) -> Widget | None:
        rule = self.rule
        candidates = [f"#dl-{name}"]
        if rule is not None:
            candidates.insert(0, f"#{_input_id(rule, name)}")
        for selector in candidates:
            found = self.query(selector)
            if found:
                return found.first()
        return None

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        general: list[str] = []
        first: Widget | None = None
        for problem in problems:
            widget = self._widget_for(problem.field) if problem.field else None
            if widget is None or widget.id is None:
                general.append(problem.message)
                continue
            hint = self.query_one(f"#hint-{widget.id}", Static)
            hint.update(problem.message)
            hint.add_class("bad")
            hint.display = True
            first = first or widget
        report_problems(self, problems, general, first)


def _as_typed(value: str) -> str:
    """A stored fact as the rep types it: an ISO date the UK way (``6 Jan 2026``), the rest as it is."""
    try:
        return format_date(date.fromisoformat(value)) if len(value) == 10 else value
    except ValueError:
        return value


def editing(
    rule_id: str | None,
    rule_inputs: Mapping[str, str] | None,
    *,
    due_on: str,
    what: str,
    kind: DeadlineKind,
    notes: str,
) -> Editing:
    """What the form shows for a saved deadline: a computed one's facts (not the settings it used)."""
    if rule_id is None:
        return Editing(None, {}, due_on, what, kind, notes)
    rule, claim = rules.kind_of(rule_id)
    facts = {k: _as_typed(v) for k, v in (rule_inputs or {}).items() if k not in rules.SETTING_KEYS}
    if claim is not None:
        facts["claim"] = claim.value
    return Editing(rule, facts, due_on, what, kind, notes)
