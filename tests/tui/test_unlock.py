"""An encrypted desk opens on the unlock screen, locks on ctrl+l and when idle, and unlocks where it was."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static

from repdesk.paths import Location, locate
from repdesk.store import cipher, encryption, profile
from repdesk.store.engine import open_database
from repdesk.store.filestate import FileState, state
from repdesk.tui import make_app
from repdesk.tui.app import RepDesk
from repdesk.tui.desk_store import DeskStore
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.dialogs.unlock import UnlockScreen, wait_after
from repdesk.tui.members.screen import MembersScreen
from repdesk.tui.triage.screen import TriageScreen
from tests.helpers.pilot import screen_of, settle, shown, type_text

SIZE = (120, 40)
PASSPHRASE = "correct horse battery"  # noqa: S105 - a test file's own


@pytest.fixture
def encrypted(tmp_path: Path, demo_template: Path) -> Path:
    """The demo database, encrypted under PASSPHRASE."""
    path = tmp_path / "locked.sqlite"
    shutil.copyfile(demo_template, path)
    encryption.encrypt_file(path, cipher.new_key(PASSPHRASE), tmp_path / "backups")
    assert state(path) is FileState.ENCRYPTED
    return path


def _desk(path: Path) -> RepDesk:
    location: Location = locate("Alex Morgan", path)
    return make_app(DeskStore(path, backups=location.backups), location)


async def _unlock(app: RepDesk, pilot: Pilot[Any], passphrase: str = PASSPHRASE) -> None:
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    for _ in range(60):  # the key takes a moment to derive, the file a moment to open
        await pilot.pause(0.05)
        message = app.screen.query("#unlock-message")
        if not isinstance(app.screen, UnlockScreen) or "does not open" in shown(message.first(Static), 200):
            break
    if not app.store.locked:  # loads wait behind the lock: settling before would wait for ever
        await settle(app, pilot)


def _on_screen(app: RepDesk) -> str:
    """Every text the screen on top shows."""
    return " ".join(shown(widget, 200) for widget in app.screen.query(Static))


async def test_an_encrypted_file_opens_on_the_unlock_screen_and_shows_nothing_until_unlocked(
    encrypted: Path,
) -> None:
    app = _desk(encrypted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app, UnlockScreen)
        assert "is encrypted" in _on_screen(app)
        assert app.store.locked
        # The desk's own keys are refused: no area, no help, no palette behind the lock.
        await pilot.press("ctrl+p")
        await pilot.press("question_mark")
        assert app.screen is screen
        # A wrong passphrase is one plain sentence; nothing opens.
        await _unlock(app, pilot, "not the passphrase")
        assert app.screen is screen
        assert "does not open this file" in shown(screen.query_one("#unlock-message", Static), 200)
        assert app.store.locked
        # The right one opens Triage, filled.
        await _unlock(app, pilot)
        triage = screen_of(app, TriageScreen)
        assert not app.store.locked
        assert triage.section("overdue").table.row_count > 0
        assert "encrypted" in str(app.header_text("Triage"))


async def test_ctrl_l_locks_drops_the_key_and_connections_and_unlocking_returns_to_the_open_form(
    encrypted: Path,
) -> None:
    app = _desk(encrypted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _unlock(app, pilot)
        await pilot.press("3")  # Members
        await settle(app, pilot)
        members = screen_of(app, MembersScreen)
        name = str(members.table.get_row_at(0)[0])
        await pilot.press("e")  # edit the member: a form with their details
        await pilot.pause()
        form = screen_of(app, FormScreen)
        before = app.db
        assert before.key is not None
        await pilot.press("ctrl+l")
        await pilot.pause()
        screen_of(app, UnlockScreen)
        assert name not in _on_screen(app)
        assert app.store.locked and before.key is None
        assert before.engine.pool.checkedout() == 0
        await _unlock(app, pilot)
        assert app.screen is form  # where the rep was, the draft as it was
        assert app.db is not before and app.db.encrypted


async def test_an_idle_desk_locks_itself_after_the_profiles_minutes(encrypted: Path) -> None:
    app = _desk(encrypted)
    now = [1000.0]
    app.idle_clock = lambda: now[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _unlock(app, pilot)
        assert app.lock_after_minutes == 10  # the profile's default
        now[0] += 9 * 60
        app.lock_if_idle()
        assert not app.store.locked
        await pilot.press("down")  # a key resets the idle time
        now[0] += 9 * 60
        app.lock_if_idle()
        assert not app.store.locked
        now[0] += 61
        app.lock_if_idle()
        await pilot.pause()
        assert app.store.locked
        assert "10 idle minutes" in _on_screen(app)


async def test_a_plain_file_says_it_cannot_be_locked(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(app.screen, UnlockScreen)
        assert any("not encrypted" in str(n.message) for n in app._notifications)


async def test_the_first_run_form_encrypts_the_new_file_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    app = _desk(path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, FormScreen):
                break
        await pilot.pause()
        form = screen_of(app, FormScreen)
        assert form.query_one("#f-encrypt", Checkbox).value is True  # recommended: ticked
        form.query_one("#f-union", Input).value = "PCS"
        form.query_one("#f-passphrase", Input).value = "short"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused beside the field
        assert "too short" in shown(form.query_one("#hint-passphrase", Static), 200)
        form.query_one("#f-passphrase", Input).value = PASSPHRASE
        form.query_one("#f-passphrase_again", Input).value = PASSPHRASE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert app.store.encrypted and app.db.encrypted
    app.store.close()
    assert state(path) is FileState.ENCRYPTED
    db = open_database(path, key=cipher.key_for(path, PASSPHRASE))
    try:
        with db.session() as session:
            rep = profile.get_profile(session)
            assert rep is not None and rep.union == "PCS"
    finally:
        db.close()


def test_the_wait_after_wrong_passphrases_grows() -> None:
    assert [wait_after(n) for n in range(1, 8)] == [0, 2, 4, 8, 16, 32, 60]
