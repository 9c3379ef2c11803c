"""Linking members and cases to a saved threat entry from the desk: picker, filter, who it touches."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, OptionList

from repdesk.domain.enums import RoleCategory
from repdesk.domain.member_filter import MemberFilter
from repdesk.store import members, threat_links, threats
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.picker import PickerScreen
from repdesk.tui.threats.link_commands import FilterLinkScreen, MembersTouchedScreen
from repdesk.tui.threats.screen import ThreatsScreen
from tests.helpers.factories import ident, make_case, make_member, make_threat
from tests.helpers.pilot import SIZE, settle, type_text
from tests.tui.area_steps import detail_text, on_top, opened

FILTER = "quokka role:support action:yes"


@dataclass
class Notice:
    """An all-staff notice linked to nobody, members of the test's own (one archived), and the app."""

    db: Database
    app: RepDesk
    entry_id: int
    ref: str
    people: dict[str, int]
    case_id: int


@pytest.fixture
def notice(db: Database, app: RepDesk) -> Notice:
    with db.transaction() as s:
        entry = make_threat(s, exact_words="Xylophone notice: anyone at home on Friday loses a day's pay")
        made = {
            "ann": make_member(s, name="Ann Quokka", role_category=RoleCategory.SUPPORT, in_action=True),
            "bob": make_member(
                s,
                name="Bob Quokka",
                role_category=RoleCategory.SUPPORT,
                in_action=True,
                adjustments_agreed=True,
            ),
            "cy": make_member(s, name="Cy Quokka", role_category=RoleCategory.OPERATIONAL, in_action=True),
            "dee": make_member(s, name="Dee Quokka", role_category=RoleCategory.SUPPORT, in_action=True),
        }
        people = {key: ident(m) for key, m in made.items()}
        members.archive_member(s, people["dee"], version=made["dee"].version)
        case_id = ident(make_case(s, people["cy"], title="Yodel docked pay"))
        return Notice(db, app, ident(entry), entry.ref, people, case_id)


async def open_entry(notice: Notice, pilot: Pilot[int]) -> ThreatsScreen:
    await settle(notice.app, pilot)
    await notice.app.jump("threats", "threat", notice.entry_id)
    await settle(notice.app, pilot)
    screen = on_top(pilot, ThreatsScreen)
    assert screen.table.current_id == notice.entry_id
    return screen


def linked(notice: Notice) -> list[str]:
    with notice.db.session() as s:
        return [m.name for m in threats.threat_detail(s, notice.entry_id).members]


def member_count(screen: ThreatsScreen) -> int:
    row = screen.table.current_row
    assert row is not None
    return row.row.members


async def test_link_a_member_by_picker_and_the_detail_and_count_follow(notice: Notice) -> None:
    async with notice.app.run_test(size=SIZE) as pilot:
        screen = await open_entry(notice, pilot)
        assert "Members (0)" in detail_text(screen) and member_count(screen) == 0
        picker = await opened(pilot, "m", PickerScreen)
        assert notice.ref in picker.title_text
        await type_text(pilot, "Bob Quokka")
        await pilot.pause()
        await pilot.press("down", "down", "space", "ctrl+s")
        await settle(notice.app, pilot)
        assert on_top(pilot, ThreatsScreen) is screen
        assert linked(notice) == ["Bob Quokka"]
        assert member_count(screen) == 1  # the list's member column follows
        text = detail_text(screen)
        assert "Members (1)" in text and "Bob Quokka" in text
        assert "1 with agreed adjustments or an approved flexible-working plan" in text
        assert "1 taking part in the action" in text


async def test_link_a_case_by_picker(notice: Notice) -> None:
    async with notice.app.run_test(size=SIZE) as pilot:
        screen = await open_entry(notice, pilot)
        await opened(pilot, "k", PickerScreen)
        await type_text(pilot, "Yodel")
        await pilot.pause()
        await pilot.press("down", "down", "space", "ctrl+s")
        await settle(notice.app, pilot)
        with notice.db.session() as s:
            assert [c.id for c in threats.threat_detail(s, notice.entry_id).cases] == [notice.case_id]
        assert "Cases (1)" in detail_text(screen) and "Yodel docked pay" in detail_text(screen)


async def test_link_by_members_filter_shows_the_count_then_asks(notice: Notice) -> None:
    async with notice.app.run_test(size=SIZE) as pilot:
        screen = await open_entry(notice, pilot)
        dialog = await opened(pilot, "M", FilterLinkScreen)
        await type_text(pilot, FILTER)
        await pilot.pause()
        preview = str(dialog.query_one("#link-preview", Label).content)
        # Ann and Bob; not Cy (operational), nor Dee (archived: never linked by a filter).
        assert f"2 members matching {FILTER}: 2 to link" in preview
        await pilot.press("enter")
        await pilot.pause()
        confirm = on_top(pilot, ConfirmScreen)
        assert confirm.question == f"Link 2 members matching {FILTER} to {notice.ref}?"
        await pilot.press("y")
        await settle(notice.app, pilot)
        assert linked(notice) == ["Ann Quokka", "Bob Quokka"]
        assert member_count(screen) == 2
        text = detail_text(screen)
        assert "Members (2)" in text and "Ann Quokka" in text and "Bob Quokka" in text
        assert "2 taking part in the action" in text

        # Again, with one of them linked already: the preview and the question say so.
        await opened(pilot, "M", FilterLinkScreen)
        await type_text(pilot, "quokka action:yes")
        await pilot.press("enter")
        await pilot.pause()
        confirm = on_top(pilot, ConfirmScreen)
        assert confirm.question == f"Link 1 more member matching quokka action:yes to {notice.ref}?"
        assert "2 of the 3 matching are linked already" in confirm.detail
        await pilot.press("n")
        await settle(notice.app, pilot)
        assert linked(notice) == ["Ann Quokka", "Bob Quokka"]  # said no: nothing linked


async def test_a_long_list_is_cut_in_the_detail_and_w_lists_everyone(notice: Notice) -> None:
    with notice.db.transaction() as s:
        everyone = threat_links.link_members_matching(s, notice.entry_id, MemberFilter())
    total = len(everyone.added)
    assert total > 20  # the demo's members and the test's own, archived ones left out
    async with notice.app.run_test(size=SIZE) as pilot:
        screen = await open_entry(notice, pilot)
        text = detail_text(screen)
        assert f"Members ({total})" in text
        assert f"and {total - 12} more (w lists them all)" in text
        touched = await opened(pilot, "w", MembersTouchedScreen)
        listing = touched.query_one(OptionList)
        assert listing.option_count == total
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(total)]
        assert any("Bob Quokka" in p and "adjustments/plan" in p for p in prompts)
        await pilot.press("escape")
        await pilot.pause()
        assert on_top(pilot, ThreatsScreen) is screen
