"""The desk checks the threat log's chain on open: a red banner on Triage and the threat log when it fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from repdesk.paths import Location
from repdesk.store.engine import open_database
from repdesk.tui import make_app
from repdesk.tui.app import RepDesk
from repdesk.tui.threats.screen import ThreatsScreen
from repdesk.tui.triage.screen import CHAIN_CHECK_DELAY, TriageScreen
from repdesk.tui.widgets.chain_banner import ChainBanner
from tests.helpers.pilot import SIZE, screen_of, settle, shown


def _tamper(path: Path) -> str:
    """Change one entry's words as someone with plain sqlite3 could; its reference."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'threat_entry_immutable'"
        ).fetchone()
        conn.execute("DROP TRIGGER threat_entry_immutable")
        conn.execute("UPDATE threat_entry SET exact_words = 'Nothing was said.' WHERE id = 2")
        conn.execute(sql)
        (ref,) = conn.execute("SELECT ref FROM threat_entry WHERE id = 2").fetchone()
    finally:
        conn.close()
    return str(ref)


@pytest.fixture
def desk(db_path: Path, location: Location) -> Iterator[RepDesk]:
    db = open_database(db_path)
    try:
        yield make_app(db, location)
    finally:
        db.close()


async def _checked(app: RepDesk, pilot: Pilot[Any]) -> ChainBanner:
    await settle(app, pilot)
    await pilot.pause(CHAIN_CHECK_DELAY + 0.1)  # Triage starts the check a moment after it is filled
    await pilot.pause()
    checks = [w for w in app.workers if w.group == "chain-check"]
    if checks:
        await app.workers.wait_for_complete(checks)
    await pilot.pause()
    return app.screen.query_one(ChainBanner)


async def test_a_tampered_file_opens_with_the_banner_on_triage_and_the_threat_log(
    db_path: Path, location: Location
) -> None:
    ref = _tamper(db_path)
    db = open_database(db_path)
    try:
        app = make_app(db, location)
        async with app.run_test(size=SIZE) as pilot:
            banner = await _checked(app, pilot)
            screen_of(app, TriageScreen)
            assert banner.display
            words = shown(banner, 200)
            assert "does not verify" in words and f"entry {ref} (#2) changed" in words
            assert "Nothing was said" not in words
            await pilot.press("4")
            banner = await _checked(app, pilot)
            screen_of(app, ThreatsScreen)
            assert banner.display and f"entry {ref} (#2) changed" in shown(banner, 200)
    finally:
        db.close()
    # Nothing was repaired: the words stay as they were found.
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT exact_words FROM threat_entry WHERE id = 2").fetchone() == (
        "Nothing was said.",
    )
    conn.close()


async def test_an_intact_file_shows_no_banner(desk: RepDesk) -> None:
    async with desk.run_test(size=SIZE) as pilot:
        banner = await _checked(desk, pilot)
        assert not banner.display
        await pilot.press("4")
        banner = await _checked(desk, pilot)
        screen_of(desk, ThreatsScreen)
        assert not banner.display
