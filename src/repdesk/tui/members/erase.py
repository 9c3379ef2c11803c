"""The confirmation an erasure needs: what will go, whether the cases stay, and a word typed on purpose."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from repdesk.store.erasure import ErasurePlan
from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.form import TickBox

CONFIRM_WORD = "ERASE"
"""What the rep types: a word, not a key, since nothing brings an erased member back."""


class EraseScreen(ModalScreen[bool | None]):
    """Ask before erasing a member; dismissed with ``keep_cases`` once ERASE is typed, or None.

    ``removing`` and ``keeping`` are the plans with and without the cases, so the
    list of what goes follows the tick.
    """

    AUTO_FOCUS = "#erase-word"
    BINDINGS: ClassVar[list[BindingType]] = bindings([Action("escape", "cancel", "Cancel", "erase.cancel")])
    DEFAULT_CSS = """
    EraseScreen #erase-what { color: $text; width: 1fr; }
    EraseScreen #erase-keep { margin: 1 0 0 0; }
    EraseScreen #erase-word { margin: 1 0 0 0; }
    EraseScreen #erase-warning { color: $error; }
    """

    def __init__(self, removing: ErasurePlan, keeping: ErasurePlan) -> None:
        super().__init__()
        self.removing = removing
        self.keeping = keeping

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Erase {self.removing.name}? This cannot be undone.", classes="dialog-title", markup=False
            )
            yield Static(self._what(keep=False), id="erase-what", markup=False)
            if self.removing.case_refs:
                yield TickBox(
                    "Keep their cases, under a placeholder member with no details",
                    False,
                    id="erase-keep",
                    classes="",
                )
            yield Input(placeholder=f"Type {CONFIRM_WORD} to erase", id="erase-word")
            yield Label("", id="erase-warning")
            yield Label(
                f"[b]{CONFIRM_WORD}[/b] then [b]enter[/b] erase    [b]tab[/b] next    [b]esc[/b] cancel",
                classes="dialog-keys",
            )

    def _what(self, *, keep: bool) -> str:
        plan = self.keeping if keep else self.removing
        return "This erases, for good:\n" + "\n".join(f"• {line}" for line in plan.lines())

    @on(Checkbox.Changed, "#erase-keep")
    def _keep_changed(self, event: Checkbox.Changed) -> None:
        self.query_one("#erase-what", Static).update(self._what(keep=event.value))

    @on(Input.Submitted, "#erase-word")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() != CONFIRM_WORD:
            self.query_one("#erase-warning", Label).update(
                f"Type {CONFIRM_WORD} in capitals to erase, or press esc to keep the member."
            )
            return
        keep = self.query("#erase-keep").results(Checkbox)
        self.dismiss(any(box.value for box in keep))

    def action_cancel(self) -> None:
        self.dismiss(None)
