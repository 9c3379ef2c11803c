"""Steps of the Pilot tests and the screenshot script: waiting for loads, typing, reading a Static."""

from __future__ import annotations

import contextlib
import io
from typing import Any, TypeVar

from rich.console import Console
from textual.app import App
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import WorkerCancelled

SIZE = (120, 36)
"""The terminal most Pilot tests run in."""

S = TypeVar("S", bound=Screen[Any])


async def settle(app: App[Any], pilot: Pilot[Any]) -> None:
    """Let table loads finish and the screen repaint.

    Only loading workers are awaited: an action waiting on an open form is a
    worker too, and would never finish while the test holds the form open. A
    load cancelled by a newer one (a fresh screen gets two resume events, so
    two loads) is no failure: the next round waits for its successor.
    """
    for _ in range(3):
        loading = [w for w in app.workers if w.group.startswith("page")]
        if loading:  # an empty list would mean "every worker"
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(loading)
        await pilot.pause()


def screen_of(app: App[Any], kind: type[S]) -> S:
    """The screen on top, checked to be a ``kind`` (so a test reads on with its type)."""
    screen = app.screen
    assert isinstance(screen, kind), f"on {type(screen).__name__}, not {kind.__name__}"
    return screen


async def palette_search(pilot: Pilot[Any], text: str, wait: float = 0.5) -> CommandPalette:
    """Open the command palette, type ``text`` and give its providers ``wait`` seconds to answer."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = screen_of(pilot.app, CommandPalette)
    await type_text(pilot, text)
    await pilot.pause(wait)
    return palette


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as a rep would."""
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


def shown(widget: Static, width: int = 100) -> str:
    """The plain text a Static shows (its Rich renderable printed without styles)."""
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()
