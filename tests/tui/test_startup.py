"""Start-up: the desk draws before the store has opened, then everything works as before."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.widgets import DataTable, Static

from repdesk.domain.filters import CaseFilter
from repdesk.paths import locate
from repdesk.store import cases, quick
from repdesk.store.engine import open_database
from repdesk.tui import make_app
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.desk_store import DeskStore
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.widgets.paged_table import PagedTable
from tests.helpers import TODAY
from tests.helpers.pilot import SIZE, settle, shown, type_text


def _desk(path: Path, start_mode: str) -> RepDesk:
    """The app as `repdesk` builds it: the database not yet open."""
    return make_app(DeskStore(path), locate("Alex Morgan", path), start_mode=start_mode)


async def _until(condition: Any, pilot: Any) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


async def test_cases_shows_its_first_page_before_the_store_opens(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered: list[bool] = []
    real = quick.first_cases_page

    def spy(*args: Any) -> Any:
        page = real(*args)
        answered.append(page is not None)
        return page

    monkeypatch.setattr(quick, "first_cases_page", spy)
    db = open_database(db_path)
    with db.session() as s:
        expected = cases.list_cases(s, CaseFilter(), limit=60)
    db.close()

    app = _desk(db_path, "cases")
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: isinstance(app.screen, CasesScreen) and app.screen.table.rows_loaded, pilot)
        assert answered == [True]  # the first page came from the plain read
        table = app.screen.query_one(PagedTable)
        assert table.rows_loaded == expected.rows
        await _until(lambda: app.store.ready, pilot)
        await settle(app, pilot)
        assert expected.rows[0].ref in shown(app.screen.query_one("#detail", Static))
        # Keys work on the store once it is open: the next case's detail follows the cursor.
        await pilot.press("down")
        await settle(app, pilot)
        assert expected.rows[1].ref in shown(app.screen.query_one("#detail", Static))
    assert app.rep_name == "Alex Morgan"  # the demo profile was read once the store opened


async def test_triage_fills_in_once_the_store_opens(db_path: Path) -> None:
    app = _desk(db_path, "triage")
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: app.store.ready, pilot)
        await settle(app, pilot)
        summary = shown(app.screen.query_one("#triage-summary", Static))
        assert "overdue" in summary and "due within 7 days" in summary


async def test_a_file_from_a_newer_repdesk_closes_the_desk_with_a_plain_message(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    app = _desk(db_path, "cases")
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: app.store.ready, pilot)
        await pilot.pause(0.1)
    assert app.return_code == 1
    assert "newer" in str(app.store.error)
    # Nothing was shown from a file repdesk cannot read.
    assert quick.first_cases_page(db_path, TODAY, 60) is None


async def test_the_first_run_still_asks_for_the_profile(tmp_path: Path) -> None:
    app = _desk(tmp_path / "new.sqlite", "triage")
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: isinstance(app.screen, FormScreen), pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.form_title == "Your profile"
        await pilot.pause(0.2)


async def test_body_cells_draw_exactly_as_datatable_draws_them(app: RepDesk) -> None:
    """PagedTable draws one-line Text cells itself, for speed; the segments must be DataTable's own."""
    async with app.run_test(size=SIZE) as pilot:
        for key in ("2", "3", "4", "5"):
            await pilot.press(key)
            await settle(app, pilot)
            for table in app.screen.query(PagedTable):
                assert table.row_count, f"{key}: nothing to compare"
                widths = [column.get_render_width(table) for column in table.columns.values()]
                for row in range(min(table.row_count, 6)):
                    for column, width in enumerate(widths):
                        for cursor, hover in ((False, False), (True, False), (False, True)):
                            style = Style(bgcolor="grey11")
                            ours = PagedTable._render_cell(table, row, column, style, width, cursor, hover)
                            table._update_count += 1  # a fresh render each way, not the cache
                            theirs = DataTable._render_cell(table, row, column, style, width, cursor, hover)
                            table._update_count += 1
                            assert ours == theirs, (key, row, column, cursor, hover)


async def test_a_filter_that_changes_nothing_redraws_nothing(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await settle(app, pilot)
        table = app.screen.query_one(PagedTable)
        drawn, rows = table._update_count, list(table.rows_loaded)
        await pilot.press("slash")
        await type_text(pilot, "z")  # one letter is not searched yet: the same page
        await settle(app, pilot)
        assert table.rows_loaded == rows
        assert table._update_count == drawn
        await type_text(pilot, " st")  # a word still being typed is not searched yet
        await settle(app, pilot)
        assert table._update_count == drawn
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, " status:new")
        await settle(app, pilot)
        assert table.rows_loaded != rows
        assert {row.status.value for row in table.rows_loaded} == {"new"}
        await asyncio.sleep(0)
