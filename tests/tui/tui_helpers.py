"""Helpers shared by the Pilot tests (importable: tests/tui is on sys.path)."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled


async def settle(app: App[Any], pilot: Pilot[Any]) -> None:
    """Let table loads finish and the screen repaint.

    Only loading workers are awaited: an action waiting on an open form is a
    worker too, and would never finish while the test holds the form open.
    """
    for _ in range(3):
        loading = [w for w in app.workers if w.group.startswith("page")]
        if loading:  # an empty list would mean "every worker"
            with contextlib.suppress(WorkerCancelled):  # a newer reload replaced this one
                await app.workers.wait_for_complete(loading)
        await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as a rep would."""
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


def shown(widget: Static, width: int = 100) -> str:
    """The plain text a Static shows (its Rich renderable printed without styles)."""
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()
