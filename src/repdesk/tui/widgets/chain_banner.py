"""The red banner Triage and the threat log show when the threat log's hash chain does not verify.

The check runs once per desk, on a thread, after the first frame (the chain
of a long log takes a moment to recompute); every banner shares its answer.
Nothing is repaired: the banner names the first failure and says what to do.
"""

from __future__ import annotations

import threading
import weakref
from concurrent.futures import Future
from typing import TYPE_CHECKING

from textual.app import App
from textual.widgets import Static

from repdesk.tui import lazy
from repdesk.tui.errors import desk_work

if TYPE_CHECKING:
    from repdesk.store import chain
else:
    (chain,) = lazy.store("chain")

_CHECKS: weakref.WeakKeyDictionary[App[object], Future[str | None]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def banner_text(failure: str) -> str:
    """What the banner says about ``failure`` (the verify walk's sentence: references, never names)."""
    return (
        f"The threat log does not verify: {failure}. Nothing has been repaired. "
        "Keep this file and your backups as they are, and run `repdesk verify` for details."
    )


def _first_failure(app: App[object]) -> str | None:
    """What the banner says for this desk (None while the chain holds), checked once by the first to ask."""
    with _LOCK:
        checking = _CHECKS.get(app)
        owner = checking is None
        if checking is None:
            checking = _CHECKS[app] = Future()
    if owner:
        try:
            from repdesk.tui.app import RepDesk

            assert isinstance(app, RepDesk)
            with app.db.session() as session:
                # The chain and the recorded hashes; `repdesk verify` also re-reads every stored file.
                verdict = chain.verify(session, read_files=False)
            checking.set_result(None if verdict.failure is None else banner_text(str(verdict.failure)))
        except Exception as exc:  # the check failing must not take the desk down: say so instead
            checking.set_result(
                f"The threat log could not be checked ({type(exc).__name__}). "
                "Run `repdesk verify` to check it."
            )
    return checking.result()


class ChainBanner(Static):
    """Hidden while the chain holds (or is still being checked); red, naming the failure, when not."""

    DEFAULT_CSS = """
    ChainBanner {
        display: none;
        height: auto;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, *, when_filled: bool = False) -> None:
        super().__init__("", classes="chain-banner")
        self.when_filled = when_filled
        """Wait for the screen to call :meth:`start` once it is filled (Triage, where the desk opens:
        the check's hashing would otherwise compete with the first page for the interpreter)."""

    def on_mount(self) -> None:
        if not self.when_filled:
            self.start()

    def start(self) -> None:
        """Check the chain (once per desk; a later banner shares the answer) after the next frame."""
        self.call_after_refresh(self._check)

    @desk_work(thread=True, exclusive=True, group="chain-check")
    def _check(self) -> None:
        words = _first_failure(self.app)
        if words is not None:
            self.app.call_from_thread(self._show, words)

    def _show(self, words: str) -> None:
        self.update(words)
        self.display = True
