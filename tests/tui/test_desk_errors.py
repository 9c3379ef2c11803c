"""The desk's one error policy, driven by real keys: nothing a rep does ends it or prints casework.

A store error inside a worker is a notice and the screen stays as it was; a
bug closes the desk with the command line's one line and exit code 70; a
value damaged in the file shows as "unreadable". ``MARKER`` stands in for
casework: it must never reach the terminal.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from textual import events

from repdesk.paths import locate
from repdesk.store import cases
from repdesk.store.errors import DatabaseUnavailable, Invalid
from repdesk.tui import make_app
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.desk_store import DeskStore
from repdesk.tui.errors import NOTICE_TITLE
from repdesk.tui.members import screen as members_screen
from repdesk.tui.members.screen import MembersScreen
from repdesk.tui.widgets.filter_bar import FilterBar
from tests.helpers import TODAY_ISO
from tests.helpers.pilot import SIZE, settle
from tests.tui.area_steps import detail_text, open_area

MARKER = "Priya-Shah-MARKER-7731"
UNEXPECTED = (
    "repdesk: unexpected error (ValueError); nothing further was saved. "
    "Set REPDESK_DEBUG=1 to see the details."
)


def notices(app: RepDesk) -> list[str]:
    """The notifications on screen, as text."""
    return [str(n.message) for n in app._notifications]


def top_case(path: Path) -> int:
    """The id of the case the Cases list shows first (the most urgent active one)."""
    with sqlite3.connect(path) as raw:
        (ident,) = raw.execute(
            "SELECT id FROM member_case WHERE status != 'closed' ORDER BY urgency DESC, id LIMIT 1"
        ).fetchone()
    raw.close()
    return int(ident)


def damage(path: Path, sql: str) -> None:
    """Change the file behind the desk's back, as a disk fault or a hand edit would."""
    with sqlite3.connect(path) as raw:
        raw.execute(sql)
    raw.close()


async def test_a_store_error_in_a_worker_is_a_notice_and_the_list_stays(
    app: RepDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        before = list(screen.table.rows_loaded)
        assert before

        def busy(*_args: Any, **_kwargs: Any) -> Any:
            raise DatabaseUnavailable("The database is busy: another repdesk is saving to it.")

        monkeypatch.setattr(cases, "list_cases", busy)
        await pilot.press("slash", "p", "a", "y", "enter")
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        # Each keystroke's load failed the same way: one notice says so.
        assert notices(app).count("The database is busy: another repdesk is saving to it.") == 1
        assert any(n.title == NOTICE_TITLE for n in app._notifications)
        assert screen.table.rows_loaded == before  # the list as it was
        # The desk still answers keys.
        await pilot.press("3")
        await settle(app, pilot)
        assert isinstance(app.screen, MembersScreen)


async def test_a_bug_in_a_worker_closes_the_desk_in_one_line_without_values(
    app: RepDesk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        stored = MARKER  # a local a traceback would print
        raise ValueError(f"Invalid isoformat string: '{stored}'")

    with pytest.raises(ValueError):  # Pilot hands the test the error, as Textual's own hook does
        async with app.run_test(size=SIZE) as pilot:
            await open_area(pilot, "2", CasesScreen)
            monkeypatch.setattr(cases, "list_cases", broken)
            await pilot.press("slash", "x")
            await settle(app, pilot)
            await pilot.pause(0.1)
    assert app.return_code == 70
    out, err = capsys.readouterr()
    assert MARKER not in out + err
    assert "Traceback" not in out + err
    assert err.strip() == UNEXPECTED


async def test_a_date_damaged_while_the_desk_is_open_shows_as_unreadable(
    app: RepDesk, capsys: pytest.CaptureFixture[str]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        ident = top_case(app.store.path)
        damage(app.store.path, f"UPDATE member_case SET opened_on = '{MARKER}' WHERE id = {ident}")
        screen.refresh_data()
        await settle(app, pilot)
        await pilot.pause(0.1)
        assert screen.table.current_id == ident
        text = detail_text(screen)
        assert "Opened" in text and "unreadable" in text
        assert MARKER not in text
        # Every area, and back, with the damaged row in the file.
        for key in ("down", "up", "1", "3", "4", "5", "2", "up"):
            await pilot.press(key)
            await settle(app, pilot)
        assert app.is_running and app.return_code is None
    out, err = capsys.readouterr()
    assert MARKER not in out + err


async def test_a_60kb_paste_into_the_members_filter_leaves_the_desk_running(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        await pilot.press("slash")
        screen.query_one(FilterBar).input.post_message(events.Paste("role:support " + "a" * 60_000))
        await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        # Either the filter was taken, or refused in a notice: never a crash.
        assert screen.query_text.startswith("role:support") or any(
            n.title == NOTICE_TITLE for n in app._notifications
        )


async def test_a_filter_the_store_refuses_is_a_notice_and_the_list_stays(
    app: RepDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(text: str) -> Any:
        raise Invalid.one("filter", "That filter is too long to search for; shorten it.")

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        before = list(screen.table.rows_loaded)
        monkeypatch.setattr(members_screen, "parse_member_filter", refuse)
        await pilot.press("slash", "r", "o", "l", "e")
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        assert "That filter is too long to search for; shorten it." in notices(app)
        assert screen.table.rows_loaded == before and screen.query_text == ""


async def test_pressing_2_at_once_on_a_file_from_a_newer_repdesk_closes_in_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(db_path, "UPDATE alembic_version SET version_num = 'ffffffffffff'")
    app = make_app(DeskStore(db_path), locate("Alex Morgan", db_path), start_mode="triage")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    assert app.return_code == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("repdesk: ") and "newer" in lines[0], err


SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from repdesk.paths import locate
    from repdesk.store import cases
    from repdesk.tui import make_app
    from repdesk.tui.desk_store import DeskStore

    path = Path(sys.argv[1])
    marker = sys.argv[2]

    def broken(*args, **kwargs):
        stored = marker
        raise ValueError(f"Invalid isoformat string: '{stored}'")

    async def drive(pilot):
        await pilot.pause(0.5)
        for key in ("2", "down", "up", "3", "4", "5", "1"):
            await pilot.press(key)
            await pilot.pause(0.1)
        cases.list_cases = broken
        await pilot.press("2", "slash", "x")
        await pilot.pause(1.0)
        await pilot.press("ctrl+q")  # the bug has closed the desk: nothing changes its exit code

    app = make_app(DeskStore(path), locate("Alex Morgan", path), start_mode="cases")
    app.run(headless=True, size=(120, 40), auto_pilot=drive)
    sys.exit(app.return_code or 3)
    """
)


def _run_desk(db_path: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    damage(db_path, f"UPDATE member_case SET opened_on = '{MARKER}' WHERE id = {top_case(db_path)}")
    environ = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "REPDESK_TODAY": TODAY_ISO,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db_path), MARKER],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_crash_path_prints_a_stored_value(db_path: Path, tmp_path: Path) -> None:
    result = _run_desk(db_path, tmp_path)
    assert result.returncode == 70, result.stderr[-2000:]
    assert MARKER not in result.stdout + result.stderr
    assert result.stderr.strip() == UNEXPECTED


def test_repdesk_debug_alone_shows_the_details(db_path: Path, tmp_path: Path) -> None:
    result = _run_desk(db_path, tmp_path, REPDESK_DEBUG="1")
    assert result.returncode != 0
    # Textual's own crash screen, with the error the worker raised (not one about the traceback).
    assert "Traceback" in result.stderr and "ValueError: Invalid isoformat string" in result.stderr
