"""The unlock screen: an encrypted file's passphrase, asked on opening and after the desk locks.

It covers the whole terminal, so no casework shows behind it, and the desk's
own keys (areas, help, the palette) are refused while it is up (see
``RepDesk.check_action``). The passphrase is checked on a thread of its own
(the key takes a moment to derive); a wrong one says so, and after the second
wrong one the field waits before it takes another, twice as long each time.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from repdesk.domain.errors import RepdeskError
from repdesk.tui.actions import Action, bindings

if TYPE_CHECKING:
    from repdesk.tui.app import RepDesk

FIRST_WAIT = 2
"""Seconds the field waits after the second wrong passphrase; doubled after each further one."""
LONGEST_WAIT = 60
"""The wait stops growing here."""
WRONG = "That passphrase does not open this file. Check it (and caps lock) and try again."


def wait_after(failures: int) -> int:
    """Seconds before another try after ``failures`` wrong passphrases in a row (none after the first)."""
    if failures < 2:
        return 0
    return min(LONGEST_WAIT, FIRST_WAIT << (failures - 2))


class UnlockScreen(Screen[None]):
    """Ask for the passphrase of the encrypted file at ``path``."""

    AUTO_FOCUS = "#passphrase"
    ACTIONS: ClassVar[tuple[Action, ...]] = (
        Action("ctrl+q", "app.quit", "Quit", id="unlock.quit", tooltip="Leave repdesk", priority=True),
    )
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(self, path: Path, *, why: str = "") -> None:
        super().__init__(classes="unlock-screen")
        self.path = path
        self.why = why
        self.failures = 0
        self._countdown: Timer | None = None
        self._left = 0

    @property
    def desk(self) -> RepDesk:
        from repdesk.tui.app import RepDesk

        assert isinstance(self.app, RepDesk)
        return self.app

    def compose(self) -> ComposeResult:
        from repdesk.tui.app import short_path

        with Vertical(classes="dialog unlock"):
            yield Label("repdesk is locked", classes="dialog-title")
            yield Label(
                (self.why + " " if self.why else "")
                + f"{short_path(self.path)} is encrypted. Type its passphrase to open it.",
                classes="dialog-detail",
                markup=False,
            )
            yield Input(password=True, id="passphrase", placeholder="passphrase", compact=True)
            yield Static("", id="unlock-message", classes="form-hint")
            yield Label("[b]enter[/b] unlock    [b]ctrl+q[/b] quit", classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#passphrase", Input)
        if field.disabled or not event.value:
            return
        field.disabled = True
        self._say("Unlocking…", bad=False)
        self._try(event.value)
        field.value = ""

    def _try(self, passphrase: str) -> None:
        # A thread of its own, not a Textual worker: the screens' loads started before the
        # unlock wait in the workers' pool for the file to open, and could fill it.
        threading.Thread(target=self._unlock, args=(passphrase,), name="repdesk-unlock", daemon=True).start()

    def _unlock(self, passphrase: str) -> None:
        from repdesk.store.cipher import WrongPassphrase

        try:
            self.desk.store.unlock(passphrase, self.desk.store_done)
        except WrongPassphrase:
            self.app.call_from_thread(self._wrong)
        except RepdeskError as exc:
            self.app.call_from_thread(self._failed, str(exc))

    def _say(self, text: str, *, bad: bool = True) -> None:
        message = self.query_one("#unlock-message", Static)
        message.update(text)
        message.set_class(bad, "bad")

    def _failed(self, text: str) -> None:
        self._say(text)
        self._enable()

    def _wrong(self) -> None:
        self.failures += 1
        self._left = wait_after(self.failures)
        if not self._left:
            self._say(WRONG)
            self._enable()
            return
        self._tick()
        self._countdown = self.set_interval(1, self._tick)

    def _tick(self) -> None:
        if self._left <= 0:
            if self._countdown is not None:
                self._countdown.stop()
                self._countdown = None
            self._say(WRONG)
            self._enable()
            return
        self._say(f"{WRONG} Wait {self._left} s.")
        self._left -= 1

    def _enable(self) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.focus()
