"""The export dialog never collides: formats per document, a question before replacing, free default names."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen
from tests.helpers.pilot import shown
from tests.tui.area_steps import open_area, opened, wait_for_export


async def test_the_format_list_follows_the_document(app: RepDesk) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await open_area(pilot, "2", CasesScreen)
        form = await opened(pilot, "x", FormScreen)
        formats = form.query_one("#f-fmt", Select)
        with pytest.raises(InvalidSelectValueError):
            formats.value = "csv"  # a case summary has no CSV, so it is not offered
        formats.value = "md"
        form.query_one("#f-document", Select).value = "threats"
        await pilot.pause()
        assert formats.value == "md"  # a format both documents have is kept
        formats.value = "csv"
        form.query_one("#f-document", Select).value = "case"
        await pilot.pause()
        assert formats.value == "pdf"  # CSV went with the chronology


async def test_an_existing_file_is_replaced_only_after_yes(app: RepDesk, tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("the rep's own notes", encoding="utf-8")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_area(pilot, "2", CasesScreen)
        for answer in ("n", "y"):
            form = await opened(pilot, "x", FormScreen)
            form.query_one("#f-fmt", Select).value = "md"
            form.query_one("#f-path", Input).value = str(target)
            await pilot.press("ctrl+s")
            for _ in range(20):
                await pilot.pause(0.05)
                if isinstance(app.screen, ConfirmScreen):
                    break
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(answer)
            await wait_for_export(app, pilot)
            if answer == "n":
                assert target.read_text(encoding="utf-8") == "the rep's own notes"
    assert target.read_text(encoding="utf-8").startswith("# Case summary")


async def test_a_pdf_to_a_markdown_name_is_refused_beside_the_field(app: RepDesk, tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    async with app.run_test(size=(120, 36)) as pilot:
        await open_area(pilot, "2", CasesScreen)
        form = await opened(pilot, "x", FormScreen)
        form.query_one("#f-path", Input).value = str(target)
        await pilot.press("ctrl+s")  # the format is PDF by default
        await pilot.pause()
        assert app.screen is form
        assert "ends in .md but the export is PDF" in shown(form.query_one("#hint-path", Static))
        assert not target.exists()


async def test_two_default_exports_in_one_second_both_land(app: RepDesk) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        row = screen.table.current_row
        assert row is not None
        for _ in range(2):
            form = await opened(pilot, "x", FormScreen)
            form.query_one("#f-fmt", Select).value = "md"
            await pilot.press("ctrl+s")
            await wait_for_export(app, pilot)
    written = sorted(app.location.exports.glob(f"case-{row.ref}-officer-*.md"), key=lambda p: len(p.name))
    assert len(written) == 2  # the frozen clock gives both the same second: the second took "-2"
    assert written[1].stem == written[0].stem + "-2"
