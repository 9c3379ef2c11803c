"""Snapshot tests: the look of every area, on fixed demo data and a frozen date.

One class per area: its main screen at 80x24, 120x36 and 160x40 (wide enough
for the side-by-side layout), then its forms and dialogs. After an intended
change, regenerate only the pictures it changed
(``pytest tests/tui/test_snapshots.py -k "<ids>" --snapshot-update``) and look
at the SVGs (the report pytest prints, or screenshots/).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from repdesk.paths import locate
from repdesk.store.engine import open_database
from repdesk.tui import make_app
from tests.helpers.factories import add_old_default_deadline
from tests.helpers.pilot import settle

SnapCompare = Callable[..., bool]

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 36), id="120x36"),
    pytest.param((160, 40), id="160x40"),
]
"""The sizes every area's main screen is pictured at: small, usual, and wide (side by side)."""

DEADLINE_FORM = ("2", "d", "enter", "down", "enter", "tab", "tab", *"20/6/25")
"""From the Cases list: a computed deadline, a tribunal limit, its act on 20 June 2025."""


@pytest.fixture
def snap_app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app on demo data, with HOME set so the header shows ``~/desk.sqlite`` on every machine."""
    monkeypatch.setenv("HOME", str(db_path.parent))
    db = open_database(db_path)
    yield make_app(db, locate("Alex Morgan", db_path))
    db.close()


@pytest.fixture
def flagged_app(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app on demo data whose most urgent case has a deadline saved under the old 6-month default."""
    from repdesk.domain.filters import CaseFilter
    from repdesk.store import cases

    monkeypatch.setenv("HOME", str(db_path.parent))
    db = open_database(db_path)
    with db.session() as session:
        case_id = cases.list_cases(session, CaseFilter(), limit=1).rows[0].id
    add_old_default_deadline(db, case_id)
    yield make_app(db, locate("Alex Morgan", db_path))
    db.close()


async def _laid_out(pilot: Pilot[Any]) -> None:
    """Let loads finish, then wait until two pictures in a row agree (at most a few frames).

    Under load a section shown by the last load can take another frame or two to be laid out.
    """
    await settle(pilot.app, pilot)
    before = pilot.app.export_screenshot()
    for _ in range(10):
        await pilot.pause(0.05)
        after = pilot.app.export_screenshot()
        if after == before:
            break
        before = after


def steady(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """Let the first screen finish, press ``keys`` (each once the last has landed), and stop
    cursors blinking, so the picture is the same however busy the machine is."""

    async def run(pilot: Pilot[Any]) -> None:
        await _laid_out(pilot)
        for key in keys:
            await pilot.press(key)
            await _laid_out(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await _laid_out(pilot)

    return run


class AreaSnapshots:
    """An area's main screen at every size (each area's class names the key that opens it)."""

    KEYS: ClassVar[tuple[str, ...]]

    @pytest.mark.parametrize("size", SIZES)
    def test_screen(self, snap_compare: SnapCompare, snap_app: Any, size: tuple[int, int]) -> None:
        assert snap_compare(snap_app, terminal_size=size, run_before=steady(*self.KEYS))


class TestTriage(AreaSnapshots):
    """Triage, where the desk opens."""

    KEYS = ()

    def test_with_a_deadline_to_recheck(self, snap_compare: SnapCompare, flagged_app: Any) -> None:
        assert snap_compare(flagged_app, terminal_size=(120, 36), run_before=steady())


class TestCases(AreaSnapshots):
    """Cases: the list and detail, the urgency working, forms, and deadlines worked out."""

    KEYS = ("2",)

    def test_urgency_explained(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "w"))

    def test_new_case_form(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "n"))

    def test_form_errors(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "d", "ctrl+s"))

    def test_status_choice(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "s"))

    def test_deadline_form_working_out_a_tribunal_limit(
        self, snap_compare: SnapCompare, snap_app: Any
    ) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady(*DEADLINE_FORM))

    def test_deadline_form_80x24(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steady(*DEADLINE_FORM))

    def test_case_detail_with_a_flagged_computed_deadline(
        self, snap_compare: SnapCompare, flagged_app: Any
    ) -> None:
        assert snap_compare(flagged_app, terminal_size=(160, 50), run_before=steady("2"))

    def test_history_80x24(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steady("2", "h"))

    def test_timeline_entry_choice(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("2", "E"))

    def test_delete_case_asks_naming_what_goes(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steady("2", "delete"))


class TestMembers(AreaSnapshots):
    """Members."""

    KEYS = ("3",)

    def test_archive_asks_naming_what_stays(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(80, 24), run_before=steady("3", "a"))


class TestThreats(AreaSnapshots):
    """The threat log."""

    KEYS = ("4",)

    def test_history_of_a_corrected_entry(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("4", "end", "up", "h"))


class TestTalks(AreaSnapshots):
    """ACAS talks."""

    KEYS = ("5",)

    def test_offer_choice(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("5", "O"))


class TestShell:
    """What every area shares."""

    @pytest.mark.parametrize("size", SIZES[:2])
    def test_unlock_screen(
        self, snap_compare: SnapCompare, db_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
    ) -> None:
        """An encrypted file opens on the unlock screen, after a wrong passphrase: nothing else shows."""
        from repdesk.store import cipher, encryption
        from repdesk.tui.desk_store import DeskStore

        monkeypatch.setenv("HOME", str(db_path.parent))
        encryption.encrypt_file(db_path, cipher.new_key("correct horse battery"), db_path.parent / "backups")
        location = locate("Alex Morgan", db_path)
        app = make_app(DeskStore(db_path, backups=location.backups), location)

        async def wrong_once(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            await pilot.press(*"not it", "enter")
            for _ in range(60):  # the key takes a moment to derive on its own thread
                await pilot.pause(0.05)
                if pilot.app.screen.query_one("#passphrase", Input).disabled is False:
                    break
            for box in pilot.app.screen.query(Input):
                box.cursor_blink = False
            await pilot.pause()

        assert snap_compare(app, terminal_size=size, run_before=wrong_once)

    def test_help(self, snap_compare: SnapCompare, snap_app: Any) -> None:
        assert snap_compare(snap_app, terminal_size=(120, 36), run_before=steady("question_mark"))
