"""The export dialog, driven by keys: defaults, a refused combination, progress, and where the file went."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from textual.widgets import Input, Select, Static

from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.form import FormScreen
from tests.helpers.pilot import settle, shown
from tests.tui.area_steps import open_area, opened, wait_for_export


async def test_x_exports_the_selected_case_to_the_exports_folder(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        row = screen.table.current_row
        assert row is not None
        form = await opened(pilot, "x", FormScreen)
        assert row.ref in str(form.form_title)
        form.query_one("#f-fmt", Select).value = "md"
        await pilot.press("ctrl+s")
        await wait_for_export(app, pilot)
        written = list(app.location.exports.glob(f"case-{row.ref}-officer-*.md"))
        assert len(written) == 1
        assert stat.S_IMODE(written[0].stat().st_mode) == 0o600
        text = written[0].read_text(encoding="utf-8")
        assert row.ref in text and "Officer copy" in text
        assert any(str(written[0]) in n.message for n in app._notifications)


async def test_csv_is_refused_for_a_case_summary_and_nothing_is_lost(app: RepDesk, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_area(pilot, "2", CasesScreen)
        form = await opened(pilot, "x", FormScreen)
        form.query_one("#f-document", Select).value = "threats"
        await pilot.pause()
        form.query_one("#f-fmt", Select).value = "csv"
        form.query_one("#f-document", Select).value = "case"  # CSV is no longer offered
        await pilot.pause()
        target = tmp_path / "mine.csv"
        form.query_one("#f-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "ends in .csv but the export is PDF" in shown(form.query_one("#hint-path", Static))
        assert form.query_one("#f-path", Input).value == str(target)
        assert not target.exists()


async def test_the_threat_log_exports_its_current_filter(app: RepDesk, tmp_path: Path) -> None:
    target = tmp_path / "chronology.md"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("4")
        await settle(app, pilot)
        await pilot.press("slash")
        for ch in "kind:pay":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(app, pilot)
        form = await opened(pilot, "x", FormScreen)
        form.query_one("#f-fmt", Select).value = "md"
        form.query_one("#f-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await wait_for_export(app, pilot)
    text = target.read_text(encoding="utf-8")
    assert "kind:pay" in text
    assert "Pay deduction" in text and "Capability / performance" not in text


async def test_a_case_with_a_damaged_date_is_not_exported_from_the_desk(app: RepDesk, db: Database) -> None:
    """The desk shows a damaged date as "unreadable"; a document sent on must not carry it as a fact."""
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        row = screen.table.current_row
        assert row is not None
        with sqlite3.connect(app.store.path) as raw:
            raw.execute("UPDATE member_case SET opened_on = 'ZEBRA-MARKER' WHERE id = ?", (row.id,))
        raw.close()
        form = await opened(pilot, "x", FormScreen)
        form.query_one("#f-fmt", Select).value = "md"
        await pilot.press("ctrl+s")
        await wait_for_export(app, pilot)
        assert not list(app.location.exports.glob(f"case-{row.ref}-*"))
        said = " ".join(n.message for n in app._notifications)
        assert "cannot read" in said and "ZEBRA-MARKER" not in said
        assert app.is_running
