"""Steps the area screens' Pilot tests share: open an area or a dialog, tab to a field, read what it says."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.export import ExportProgress
from repdesk.tui.dialogs.form import FormScreen
from tests.helpers.pilot import settle, shown

S = TypeVar("S", bound=Screen[Any])


async def open_area(pilot: Pilot[Any], key: str, kind: type[S]) -> S:
    """Press an area's number once the desk is up, and wait for its list."""
    await settle(pilot.app, pilot)
    await pilot.press(key)
    await settle(pilot.app, pilot)
    return on_top(pilot, kind)


async def opened(pilot: Pilot[Any], key: str, kind: type[S]) -> S:
    """Press ``key`` and return the dialog it opened (a form, a choice, a picker)."""
    await pilot.press(key)
    await pilot.pause()
    return on_top(pilot, kind)


def on_top(pilot: Pilot[Any], kind: type[S]) -> S:
    """The screen on top, which must be a ``kind``."""
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} on top, not {kind.__name__}"
    return screen


def top(pilot: Pilot[Any]) -> object:
    """The screen on top (typed loosely so a check after an isinstance narrows nothing)."""
    return pilot.app.screen


def focused_id(pilot: Pilot[Any]) -> str:
    """The id of the focused widget ("" for none)."""
    focused = pilot.app.focused
    return (focused.id or "") if focused is not None else ""


async def move_to(pilot: Pilot[Any], field_id: str) -> None:
    """Tab forward until the form field ``field_id`` has focus."""
    for _ in range(40):
        if focused_id(pilot) == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"never reached {field_id}")


async def clear_input(pilot: Pilot[Any]) -> None:
    """Empty the focused input."""
    await pilot.press("home", "ctrl+k")


def hint(pilot: Pilot[Any], name: str) -> str:
    """What a form says under its field ``name`` (a problem, or how a date was read)."""
    return str(pilot.app.screen.query_one(f"#hint-{name}", Static).content)


def detail_text(screen: Screen[Any], width: int = 110) -> str:
    """An area's detail pane as plain text."""
    return shown(screen.query_one("#detail", Static), width=width)


async def selected_case(pilot: Pilot[Any]) -> int:
    """Open Cases and give the id of the case selected there (the most urgent)."""
    screen = await open_area(pilot, "2", CasesScreen)
    case_id = screen.table.current_id
    assert case_id is not None
    return case_id


async def wait_for_export(app: App[Any], pilot: Pilot[Any]) -> None:
    """Until the export (its progress dialog and the form before it) has closed."""
    for _ in range(100):
        await pilot.pause(0.05)
        if not isinstance(app.screen, ExportProgress | FormScreen):
            return
    raise AssertionError("the export never finished")
