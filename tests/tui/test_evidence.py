"""Evidence in the desk, driven by keys: A attaches a file (a path completed from the file system, its
name, size and hash shown before saving), V lists a record's files and enter saves a copy out (0600)."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from repdesk.domain.enums import TimelineKind
from repdesk.paths import Location
from repdesk.store import cases, profile
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.dialogs.evidence import AttachScreen, EvidenceListScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.threats.screen import ThreatsScreen
from tests.helpers.pilot import settle, shown, type_text
from tests.tui.area_steps import on_top, open_area, opened

SIZE = (120, 40)
LETTER = b"Dear colleague, from Monday your pay will be docked for each day worked at home.\n" * 40


def _notes(app: RepDesk) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _count(db_path: Path, table: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def _previewed(app: RepDesk, pilot: Pilot[Any]) -> str:
    """What the attach dialog shows of the file, once its preview (hashed on a thread) is in."""
    previews = [w for w in app.workers if w.group == "evidence-preview"]
    if previews:
        await app.workers.wait_for_complete(previews)
    await pilot.pause()
    return shown(app.screen.query_one("#evidence-preview", Static), width=200)


async def test_A_on_cases_attaches_a_completed_path_after_showing_its_size_and_hash(
    app: RepDesk, db: Database, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "hr-letter.txt").write_bytes(LETTER)
    sha = hashlib.sha256(LETTER).hexdigest()
    blobs, files = _count(db_path, "evidence_blob"), _count(db_path, "attachment")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        case_id = screen.table.current_id
        assert case_id is not None
        choice = await opened(pilot, "A", ChoiceScreen)
        assert choice.choices[0] == ("A new document entry, dated today", 0)
        await pilot.press("enter")
        await pilot.pause()
        dialog = on_top(pilot, AttachScreen)
        path = dialog.query_one("#evidence-path", Input)
        path.value = f"{folder}/h"
        await type_text(pilot, "r")
        await pilot.pause(0.2)
        await pilot.press("right")  # takes the file system's completion
        assert path.value == str(folder / "hr-letter.txt")
        preview = await _previewed(app, pilot)
        assert f"hr-letter.txt  3.2 KB  SHA-256 {sha[:16]}…" in preview
        await pilot.press("tab")
        await type_text(pilot, "Letter from HR")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert any("hr-letter.txt attached to" in note for note in _notes(app))
    assert (_count(db_path, "evidence_blob"), _count(db_path, "attachment")) == (blobs + 1, files + 1)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT content FROM evidence_blob WHERE sha256 = ?", (sha,)).fetchone() == (
            LETTER,
        )
    with db.session() as s:
        detail = cases.case_detail(s, case_id)
    [entry] = [e for e in detail.timeline if detail.attachments.get(e.id or 0)]
    assert (entry.kind, entry.summary) == (TimelineKind.DOCUMENT, "Letter from HR")
    assert [a.sha256 for a in detail.attachments[entry.id or 0]] == [sha]


async def test_a_missing_or_over_limit_file_is_refused_in_the_dialog_and_nothing_is_attached(
    app: RepDesk, db_path: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (25 * 1024 * 1024 + 1))
    blobs, files = _count(db_path, "evidence_blob"), _count(db_path, "attachment")
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "4", ThreatsScreen)
        dialog = await opened(pilot, "A", AttachScreen)
        path = dialog.query_one("#evidence-path", Input)
        path.value = str(tmp_path / "nowhere.pdf")
        await pilot.press("ctrl+s")
        await pilot.pause()
        problem = shown(dialog.query_one("#evidence-problem", Static), width=200)
        assert "nowhere.pdf does not exist or is not a file" in problem
        path.value = str(big)
        assert "Over your limit of 25.0 MB" in await _previewed(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_top(pilot, AttachScreen) is dialog
        problem = shown(dialog.query_one("#evidence-problem", Static), width=200)
        assert "over your limit of 25.0 MB per evidence file; nothing was attached" in problem
        await pilot.press("escape")
    assert (_count(db_path, "evidence_blob"), _count(db_path, "attachment")) == (blobs, files)


async def test_V_lists_a_threat_entrys_evidence_and_enter_saves_a_private_copy(
    app: RepDesk, location: Location, tmp_path: Path
) -> None:
    shot = tmp_path / "teams.png"
    shot.write_bytes(b"\x89PNG a screenshot of the Teams message")
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "4", ThreatsScreen)
        dialog = await opened(pilot, "A", AttachScreen)
        dialog.query_one("#evidence-path", Input).value = str(shot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        shot.unlink()  # the desk's copy no longer needs the file
        listing = await opened(pilot, "V", EvidenceListScreen)
        options = listing.query_one(OptionList)
        assert options.option_count == 1
        line = str(options.get_option_at_index(0).prompt)
        assert "teams.png  38 bytes" in line and "in the file" in line
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # a second copy never replaces the first
        await pilot.pause()
        saved = [note for note in _notes(app) if note.startswith("Saved a copy")]
    first, second = location.exports / "teams.png", location.exports / "teams-2.png"
    assert saved == [
        f"Saved a copy (readable by you only) to {first}",
        f"Saved a copy (readable by you only) to {second}",
    ]
    for copy in (first, second):
        assert copy.read_bytes() == b"\x89PNG a screenshot of the Teams message"
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600


async def test_the_profile_form_sets_the_limit_the_attach_dialog_then_keeps_to(
    app: RepDesk, db: Database
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_area(pilot, "4", ThreatsScreen)
        app.action_edit_profile()
        await pilot.pause()
        form = on_top(pilot, FormScreen)
        field = form.query_one("#f-evidence_limit_mb", Input)
        assert field.value == "25"
        field.value = "40"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        dialog = await opened(pilot, "A", AttachScreen)
        keys = [str(label.content) for label in dialog.query(Label).results(Label)]
        assert any("At most 40.0 MB." in text for text in keys)
        await pilot.press("escape")
    with db.session() as s:
        saved = profile.get_profile(s)
    assert saved is not None and saved.evidence_limit_mb == 40
