"""``x`` on Members: the member's subject access copy, written 0600 into the exports folder."""

from __future__ import annotations

import json
import stat

import pytest
from textual.widgets import Select
from textual.widgets.select import InvalidSelectValueError

from repdesk.paths import Location
from repdesk.store import members
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.members.screen import MembersScreen
from tests.tui.area_steps import open_area, opened, wait_for_export


async def test_x_on_members_writes_the_selected_members_subject_access_copy(
    app: RepDesk, db: Database, location: Location
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_area(pilot, "3", MembersScreen)
        member_id = screen.table.current_id
        assert member_id is not None
        name = str(screen.table.get_row_at(screen.table.cursor_row)[0])
        form = await opened(pilot, "x", FormScreen)
        assert form.form_title == f"Export ({name})"  # whose copy it is, before it is written
        assert form.query_one("#f-document", Select).value == "member"
        assert not form.query("#f-profile")  # the member's own copy leaves nothing out
        formats = form.query_one("#f-fmt", Select)
        with pytest.raises(InvalidSelectValueError):
            formats.value = "csv"  # only the document's own formats are offered
        formats.value = "json"
        await pilot.press("ctrl+s")
        await wait_for_export(app, pilot)
    (written,) = location.exports.glob("member-*.json")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    data = json.loads(written.read_text(encoding="utf-8"))
    with db.session() as session:
        member = members.get_member(session, member_id)
    assert data["member"]["id"] == member_id
    assert data["title"].startswith(f"Subject access: everything repdesk holds about {member.name}, made ")
