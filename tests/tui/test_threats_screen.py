"""The threat log, driven by real keys: logging, correcting (never editing), status, filters, bad input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from repdesk.domain.enums import ThreatAudience, ThreatChannel, ThreatKind, ThreatStatus
from repdesk.domain.filters import ThreatFilter
from repdesk.store import threats
from repdesk.store.engine import Database
from repdesk.tui.app import RepDesk
from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.dialogs.picker import PickerScreen
from repdesk.tui.threats.screen import EDIT_REFUSAL, LogRow, ThreatsScreen
from repdesk.tui.widgets.paged_table import PagedTable
from tests.helpers import TODAY
from tests.helpers.factories import make_member, make_threat
from tests.helpers.pilot import settle, shown, type_text
from tests.tui.area_steps import clear_input, detail_text, focused_id, hint, move_to, open_area, opened, top

WORDS = "Pay docked daily"


@dataclass
class Desk:
    """The demo database plus a member and a threat of the test's own, and the app over it."""

    db: Database
    app: RepDesk
    member_id: int
    threat_id: int


@pytest.fixture
def desk(db: Database, app: RepDesk) -> Desk:
    with db.transaction() as s:
        member = make_member(s, name="Zelda Quill", job_title="PCSO")
        entry = make_threat(
            s,
            occurred_on=date(2026, 11, 2),
            made_by="Insp Gatekeeper",
            kind=ThreatKind.CAPABILITY,
            exact_words="Zebrafish performance plan for anyone on the picket",
        )
        assert member.id is not None and entry.id is not None
        return Desk(db, app, member.id, entry.id)


async def open_log(pilot: Pilot[int]) -> ThreatsScreen:
    return await open_area(pilot, "4", ThreatsScreen)


def table(screen: ThreatsScreen) -> PagedTable[LogRow]:
    return screen.table


def refs(screen: ThreatsScreen) -> list[str]:
    return [row.row.ref for row in table(screen).rows_loaded]


async def fill_required(pilot: Pilot[int], words: str, when: str = "") -> None:
    """Type the words, the date (the form starts at today) and who made it; pick channel, audience, kind."""
    await type_text(pilot, words)
    await pilot.press("tab")  # date
    if when:
        await clear_input(pilot)
        await type_text(pilot, when)
    await pilot.press("tab", "tab")  # time, made by
    await type_text(pilot, "Supt Doe")
    await pilot.press("tab", "tab", "enter", "m", "enter")  # role, channel: Meeting
    await pilot.press("tab", "enter", "o", "enter")  # audience: One member
    await pilot.press("tab", "enter", "p", "enter")  # kind: Pay deduction
    await pilot.pause()


async def test_the_log_lists_entries_oldest_first_with_the_detail(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        rows = table(screen).rows_loaded
        assert len(rows) == table(screen).total >= 2
        days = [(r.row.occurred_on, r.row.occurred_at is not None, r.row.id) for r in rows]
        assert [d[0] for d in days] == sorted(d[0] for d in days)
        text = detail_text(screen)
        first = rows[0].row
        assert first.ref in text and "Exact words" in text and "Recorded" in text


async def test_log_a_threat_through_the_form_with_a_linked_member(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        before = table(screen).total
        await opened(pilot, "n", FormScreen)
        assert isinstance(desk.app.focused, TextArea)  # exact words come first
        await fill_required(pilot, WORDS, when="+0d")
        await move_to(pilot, "f-member_ids")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(desk.app.screen, PickerScreen)
        await type_text(pilot, "Zelda")
        await pilot.pause()
        # The first down moves to the list, the second highlights its first name (see report).
        await pilot.press("down", "down", "space", "ctrl+s")
        await pilot.pause()
        assert isinstance(desk.app.screen, FormScreen)
        assert "Zelda Quill" in str(desk.app.screen.query_one("#f-member_ids", Static).content)
        await pilot.press("ctrl+s")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        assert table(screen).total == before + 1
        current = table(screen).current_row
        assert current is not None and current.row.exact_words == WORDS
        assert current.row.members == 1
        assert WORDS in detail_text(screen) and "Zelda Quill" in detail_text(screen)
        with desk.db.session() as s:
            detail = threats.threat_detail(s, current.id)
        assert detail.entry.exact_words == WORDS
        assert detail.entry.occurred_on == TODAY
        assert detail.entry.made_by == "Supt Doe"
        assert detail.entry.channel is ThreatChannel.MEETING
        assert detail.entry.audience is ThreatAudience.ONE_MEMBER
        assert detail.entry.kind is ThreatKind.PAY_DEDUCTION
        assert [m.id for m in detail.members] == [desk.member_id]


async def test_correct_an_entry_keeps_both_and_links_them_both_ways(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        assert table(screen).select_id(desk.threat_id)
        await pilot.pause()
        form = await opened(pilot, "c", FormScreen)
        # Pre-filled with the entry's values; the reason comes first.
        assert form.query_one("#f-exact_words", TextArea).text.startswith("Zebrafish")
        assert form.query_one("#f-made_by", Input).value == "Insp Gatekeeper"
        assert focused_id(pilot) == "f-reason"
        await type_text(pilot, "Misquoted")
        await pilot.press("tab", "end", "ctrl+u")
        await type_text(pilot, "A plan for pickets")
        await pilot.press("ctrl+s")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        new = table(screen).current_row
        assert new is not None and new.id != desk.threat_id
        assert new.row.amends_id == desk.threat_id
        with desk.db.session() as s:
            old_entry = threats.get_threat(s, desk.threat_id)
            new_entry = threats.get_threat(s, new.id)
        assert old_entry.exact_words == "Zebrafish performance plan for anyone on the picket"
        assert new_entry.exact_words == "A plan for pickets"
        assert new_entry.amends_id == desk.threat_id
        assert new_entry.correction_reason == "Misquoted"
        assert new_entry.made_by == "Insp Gatekeeper"
        assert new_entry.kind is ThreatKind.CAPABILITY
        assert f"Corrects {old_entry.ref} (Misquoted)" in detail_text(screen)
        # The old entry is still listed, marked, and names its correction.
        assert old_entry.ref in refs(screen)
        table(screen).select_id(desk.threat_id)
        await pilot.pause()
        assert f"Corrected by {new_entry.ref} (Misquoted)" in detail_text(screen)
        old_row = table(screen).current_row
        assert old_row is not None and old_row.corrected


async def test_a_correction_needs_a_reason(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        before = table(screen).total
        await opened(pilot, "c", FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(desk.app.screen, FormScreen)
        assert "Reason for correction is required." in hint(pilot, "reason")
        await pilot.press("escape")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        assert table(screen).total == before


async def test_e_refuses_to_edit_and_says_how_to_correct(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert top(pilot) is screen
        messages = [n.message for n in desk.app._notifications]
        assert EDIT_REFUSAL in messages
        assert EDIT_REFUSAL == "Saved entries cannot be edited; press c to record a correction."


async def test_set_the_follow_up_status(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        assert table(screen).select_id(desk.threat_id)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(desk.app.screen, ChoiceScreen)
        await pilot.press("down", "down", "enter")  # logged -> raised -> referred
        await settle(desk.app, pilot)
        row = table(screen).current_row
        assert row is not None and row.id == desk.threat_id
        assert row.row.status is ThreatStatus.REFERRED
        assert "Referred to FTO / legal" in detail_text(screen)
        with desk.db.session() as s:
            entry = threats.get_threat(s, desk.threat_id)
        assert entry.status is ThreatStatus.REFERRED and entry.version == 2


async def test_filter_by_kind_and_by_words(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        with desk.db.session() as s:
            capability = threats.list_threats(s, ThreatFilter(kinds=frozenset({ThreatKind.CAPABILITY}))).total
        await pilot.press("slash")
        await type_text(pilot, "kind:capability")
        await settle(desk.app, pilot)
        assert table(screen).total == capability
        assert {r.row.kind for r in table(screen).rows_loaded} == {ThreatKind.CAPABILITY}
        await clear_input(pilot)
        await type_text(pilot, "zebrafish")
        await settle(desk.app, pilot)
        assert [r.id for r in table(screen).rows_loaded] == [desk.threat_id]
        await clear_input(pilot)
        await type_text(pilot, "kind:nonsense")
        await settle(desk.app, pilot)
        problems = str(screen.query_one(".filter-problems", Static).content)
        assert "kind:nonsense is not one of" in problems
        await pilot.press("enter")  # back to the list
        await pilot.pause()
        assert desk.app.focused is table(screen)


async def test_bad_input_keeps_what_was_typed_and_shows_errors_beside_fields(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        before = table(screen).total
        await opened(pilot, "n", FormScreen)
        # Empty exact words and an impossible date.
        await pilot.press("tab")
        await clear_input(pilot)
        await type_text(pilot, "31/2/25")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Someone")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = desk.app.screen
        assert isinstance(form, FormScreen)
        assert "Exact words is required." in hint(pilot, "exact_words")
        assert "February 2025 has only 28 days" in hint(pilot, "occurred_on")
        assert "Channel is required." in hint(pilot, "channel")
        assert form.query_one("#f-occurred_on", Input).value == "31/2/25"
        assert form.query_one("#f-made_by", Input).value == "Someone"
        # A date in the future is refused beside the date, even with everything else right.
        await pilot.press("escape", "y")
        await pilot.pause()
        await opened(pilot, "n", FormScreen)
        await fill_required(pilot, WORDS, when="+3d")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = desk.app.screen
        assert isinstance(form, FormScreen)
        assert "cannot be in the future" in hint(pilot, "occurred_on")
        assert form.query_one("#f-exact_words", TextArea).text == WORDS
        assert form.query_one("#f-occurred_on", Input).value == "+3d"
        await pilot.press("escape", "y")
        await settle(desk.app, pilot)
        assert top(pilot) is screen
        assert table(screen).total == before
        with desk.db.session() as s:
            assert threats.list_threats(s).total == before


async def test_focus_item_selects_the_entry_clearing_the_filter(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        await settle(desk.app, pilot)
        await desk.app.jump("threats", "threat", desk.threat_id)  # a screen not shown before
        await settle(desk.app, pilot)
        screen = desk.app.screen
        assert isinstance(screen, ThreatsScreen)
        assert table(screen).current_id == desk.threat_id
        await pilot.press("slash")
        await type_text(pilot, "kind:pay")
        await settle(desk.app, pilot)
        assert desk.threat_id not in [r.id for r in table(screen).rows_loaded]
        await desk.app.jump("threats", "threat", desk.threat_id)
        await settle(desk.app, pilot)
        assert table(screen).current_id == desk.threat_id
        assert screen.query_one("#filter-input", Input).value == ""


async def test_export_and_view_keys_answer(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        dialog = await opened(pilot, "x", FormScreen)  # the export dialog, for the chronology
        assert dialog.query_one("#f-document", Select).value == "threats"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert screen.query_one(".split").has_class("view-list")


async def test_columns_fit_at_120_and_80_columns(desk: Desk) -> None:
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        assert table(screen).virtual_size.width <= table(screen).size.width
        await pilot.resize_terminal(80, 24)
        await settle(desk.app, pilot)
        assert table(screen).virtual_size.width <= table(screen).size.width
        assert table(screen).total >= 2


async def test_square_brackets_typed_by_the_rep_show_as_typed(desk: Desk) -> None:
    """Rich and Textual read "[...]" in plain strings as markup; what a rep typed must never be."""
    with desk.db.transaction() as s:
        member = make_member(s, name="Sam [/b] Bracket")
        entry = make_threat(
            s,
            made_by="Insp [/i] Odd",
            channel=ThreatChannel.LETTER,
            audience=ThreatAudience.ONE_MEMBER,
            kind=ThreatKind.DISCIPLINARY,
            exact_words="[bold]You[/bold] will [/red] be disciplined",
            witnesses="[/dim]",
            member_ids=[member.id or 0],
        )
        # Out of triage's "not yet acted on" list, which is not this screen's to test.
        threats.set_status(s, entry.id or 0, ThreatStatus.RAISED, version=1)
        entry_id = entry.id or 0
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        assert table(screen).select_id(entry_id)
        await pilot.pause()
        text = detail_text(screen)
        assert "“[bold]You[/bold] will [/red] be disciplined”" in text
        assert "Insp [/i] Odd" in text and "Sam [/b] Bracket" in text and "[/dim]" in text
        await opened(pilot, "c", FormScreen)
        assert "Sam [/b] Bracket" in shown(desk.app.screen.query_one("#f-member_ids", Static))
        await pilot.press("escape")
        await settle(desk.app, pilot)
        assert top(pilot) is screen


async def test_focus_item_finds_an_entry_past_the_first_page(desk: Desk) -> None:
    with desk.db.transaction() as s:
        for n in range(110):
            make_threat(
                s,
                occurred_on=date(2026, 1, 1 + n % 28),
                made_by="Bulk",
                kind=ThreatKind.OTHER_DETRIMENT,
                exact_words=f"Entry {n}",
            )
        last = make_threat(
            s,
            occurred_on=date(2026, 11, 21),
            made_by="Late",
            kind=ThreatKind.OTHER_DETRIMENT,
            exact_words="The newest of many",
        )
        last_id = last.id or 0
    async with desk.app.run_test(size=(120, 36)) as pilot:
        screen = await open_log(pilot)
        assert last_id not in [r.id for r in table(screen).rows_loaded]
        await desk.app.jump("threats", "threat", last_id)
        await settle(desk.app, pilot)
        assert table(screen).current_id == last_id
        assert screen.query_one("#filter-input", Input).value == "from:2026-11-21 to:2026-11-21"
