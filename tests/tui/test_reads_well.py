"""The desk reads well at 80x24 and 120x40: what the screen shows, read off the screen itself.

Cut text ends in "…" (Triage, the palette, the lists); the threat list gives its
spare width to "Made by" and "Exact words"; the footer keeps "? Help"; a form's
problems are said in the form, never under a notice; edit forms show dates the
UK way; a checkbox shows its label and whether it is ticked.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import Checkbox, Input, Static
from textual.widgets._toast import Toast

from repdesk.domain.enums import ThreatKind
from repdesk.store import cases
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.cases.screen import CasesScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.members.screen import MembersScreen
from repdesk.tui.talks.screen import TalksScreen
from repdesk.tui.threats.screen import ThreatsScreen
from repdesk.tui.triage.screen import TriageScreen
from tests.helpers import day
from tests.helpers.factories import make_case, make_deadline, make_member, make_threat
from tests.helpers.pilot import palette_search, settle
from tests.tui.area_steps import move_to, open_area, opened

SIZES = [(80, 24), (120, 40)]
LONG_WHAT = "Zebrafish appeal " * 8
"""A deadline far longer than any Triage column."""
MANAGER = "Insp Gatekeeper"
"""A manager's name of 15 letters: more than the 10 cells the threat list used to give it."""
TICK = "✔"
"""What a ticked box shows (an unticked one shows a blank: the state is not only a colour)."""
WORDS = "Zebrafish performance plan for anyone who stays away from the office on a rostered day"


def screen_lines(app: RepDesk) -> list[str]:
    """The terminal as the rep sees it, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.fixture
def seeded(db: Database) -> Database:
    """The demo data, plus an overdue deadline with a very long description and a threat by MANAGER."""
    with db.transaction() as s:
        member = make_member(s, name="Zelda Quill")
        case = make_case(s, member, title="Quillfish " * 10)
        make_deadline(s, case, what=LONG_WHAT.strip(), due_on=day(-200))
        make_threat(
            s, occurred_on=date(2026, 11, 2), made_by=MANAGER, kind=ThreatKind.CAPABILITY, exact_words=WORDS
        )
    return db


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_triage_cuts_a_long_cell_with_an_ellipsis(seeded: Database, app: RepDesk, size: Any) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TriageScreen)
        rows = [line for line in screen_lines(app) if "Zebrafish appeal" in line]
        assert rows, "the long deadline is not on the Triage screen"
        assert all("…" in line for line in rows), rows
        assert all(len(line) <= size[0] for line in rows)


async def test_the_palette_cuts_a_threats_words_with_an_ellipsis(seeded: Database, app: RepDesk) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await palette_search(pilot, "Zebrafish performance")
        shown = "\n".join(screen_lines(app))
        assert f"{MANAGER}: “Zebrafish performance" in shown
        title = next(line for line in screen_lines(app) if f"{MANAGER}: “" in line)
        assert "…”" in title, title
        assert "a rostered day" not in title


async def test_the_threat_list_gives_made_by_and_the_words_the_spare_width(
    seeded: Database, app: RepDesk
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_area(pilot, "4", ThreatsScreen)
        await pilot.pause()
        row = next(line for line in screen_lines(app) if "Zebrafish" in line)
        assert f" {MANAGER} " in row, row  # the whole name, not "Insp Gate…"
        assert re.search(r"Zebrafish[^│]*…", row), row
        # Every cell of the pane is used: the columns and their padding fill it to the frame.
        table = screen.table
        used = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert used == 120 - table.frame


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", ["1", "2", "3", "4", "5"])
async def test_the_footer_keeps_help_in_view(app: RepDesk, size: Any, key: str) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        footer = screen_lines(app)[-1]
        assert "? Help" in footer, footer
        assert "^p palette" in footer, footer


async def test_an_edit_form_shows_dates_the_uk_way_and_saves_them_back(db: Database, app: RepDesk) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area(pilot, "2", CasesScreen)
        case_id = screen.table.current_id
        assert case_id is not None
        with db.session() as s:
            before = cases.get_case(s, case_id)
        form = await opened(pilot, "e", FormScreen)
        opened_on = form.query_one("#f-opened_on", Input).value
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", opened_on), opened_on
        assert opened_on == f"{before.opened_on.day} {before.opened_on:%b %Y}"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen  # saved: the date it showed reads back
        with db.session() as s:
            after = cases.get_case(s, case_id)
        assert after.opened_on == before.opened_on
        assert after.version == before.version  # nothing changed, nothing written


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_checkbox_shows_its_label_and_whether_it_is_ticked(app: RepDesk, size: Any) -> None:
    async with app.run_test(size=size) as pilot:
        await open_area(pilot, "3", MembersScreen)
        form = await opened(pilot, "n", FormScreen)
        await move_to(pilot, "f-in_action")
        box = form.query_one("#f-in_action", Checkbox)
        unticked = box.render().plain
        assert "Taking part in the action" in unticked
        assert TICK not in unticked
        await pilot.press("space")
        await pilot.pause()
        assert box.value
        ticked = box.render().plain
        assert "Taking part in the action" in ticked and TICK in ticked
        shown = "\n".join(screen_lines(app))
        assert f"{TICK}▌ Taking part in the action" in shown or f"{TICK} Taking part in the action" in shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_forms_problems_are_never_under_a_notification(app: RepDesk, size: Any) -> None:
    async with app.run_test(size=size, notifications=True) as pilot:
        await open_area(pilot, "4", ThreatsScreen)
        form = await opened(pilot, "n", FormScreen)
        await pilot.press("ctrl+s")  # nothing typed: several problems
        await pilot.pause()
        await pilot.pause()  # a notice's toast is mounted a moment after it is raised
        assert app.screen is form
        dialog: Region = form.query_one(".dialog").region
        toasts = [toast.region for toast in app.screen.query(Toast)]
        assert not [region for region in toasts if region.overlaps(dialog)], (dialog, toasts)
        said = str(form.query_one("#form-error", Static).content)
        assert re.search(r"\d+ things to fix", said), said
        # A notice raised while the form is open waits for it to close.
        app.notify("Zebra notice", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert not any("Zebra notice" in line for line in screen_lines(app))
        form.dismiss(None)
        await pilot.pause()
        await pilot.pause()
        assert any("Zebra notice" in line for line in screen_lines(app))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_export_dialog_describes_each_profile_as_it_fits_the_document(
    app: RepDesk, size: Any
) -> None:
    async with app.run_test(size=size) as pilot:
        await open_area(pilot, "5", TalksScreen)
        form = await opened(pilot, "x", FormScreen)
        await pilot.pause()
        box = form.query_one(".dialog").region
        inside = " ".join(
            " ".join(line[box.x : box.right].split()) for line in screen_lines(app)[box.y : box.bottom]
        )
        assert "Officer copy: a full-time officer" in inside, inside
        # A talks record holds no case and no health details: the profile says what it does hold.
        assert "health" not in inside and "taking the case on" not in inside, inside
