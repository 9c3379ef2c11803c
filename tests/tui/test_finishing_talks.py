"""ACAS talks, driven by keys: an offer or action point is edited (O, T) or deleted (ctrl+o, ctrl+t)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import select
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static

from repdesk.store import talks
from repdesk.store.engine import Database
from repdesk.store.models import ActionPoint, AuditEntry, Offer, TalksSession
from repdesk.tui.app import RepDesk
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.talks.screen import TalksScreen
from tests.helpers.pilot import settle, type_text
from tests.tui.area_steps import clear_input, move_to, on_top, open_area, opened

SIZE = (120, 36)
S = TypeVar("S", bound=Screen[Any])


def _notes(app: RepDesk) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _labels(screen: object) -> str:
    assert isinstance(screen, ChoiceScreen | ConfirmScreen)
    return "\n".join(str(label.content) for label in screen.query(Label).results(Label))


def _choices(screen: ChoiceScreen[Any]) -> list[str]:
    listing = screen.query_one(OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def _here(db: Database, session_id: int) -> list[Offer]:
    with db.session() as s:
        return [item.offer for item in talks.offers_on_table(s, session_id) if item.tabled_here]


def _points(db: Database, session_id: int) -> list[ActionPoint]:
    with db.session() as s:
        return talks.action_points(s, session_id)


async def _pick(pilot: Pilot[Any], key: str, down: int, kind: type[S]) -> S:
    """Press ``key``, choose the ``down``-th item offered (from 0), and give the dialog that follows."""
    await opened(pilot, key, ChoiceScreen)
    await pilot.press(*["down"] * down, "enter")
    await pilot.pause()
    return on_top(pilot, kind)


async def _open(pilot: Pilot[Any]) -> tuple[TalksScreen, int]:
    """The talks screen on its newest session (two offers tabled there, three action points)."""
    screen = await open_area(pilot, "5", TalksScreen)
    session_id = screen.table.current_id
    assert session_id is not None
    return screen, session_id


async def test_edit_an_offer_picked_from_the_sessions_offers(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, session_id = await _open(pilot)
        first, second = _here(db, session_id)
        choice = await opened(pilot, "O", ChoiceScreen)
        # Only what was tabled at this session: carried-over offers are changed where they were tabled.
        assert len(_choices(choice)) == 2 and second.text[:20] in _choices(choice)[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        form = on_top(pilot, FormScreen)
        assert form.query_one("#f-topic", Input).value == second.topic
        await move_to(pilot, "f-topic")
        await clear_input(pilot)
        await type_text(pilot, "rota for operational roles")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert app.focused is screen.table  # back on the sessions list
        assert "Offer saved." in _notes(app)
        with db.session() as s:
            saved = s.get(Offer, second.id)
            assert saved is not None and saved.topic == "rota for operational roles"
            assert saved.version == second.version + 1
            assert s.get(Offer, first.id) == first  # the other one untouched
        shown_topics = [item.offer.topic for item in screen.pane.offers.rows_loaded]
        assert "rota for operational roles" in shown_topics  # the pane shows it afresh


async def test_a_stale_offer_edit_is_refused_in_plain_words_and_keeps_what_was_typed(
    app: RepDesk, db: Database
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        _screen, session_id = await _open(pilot)
        first = _here(db, session_id)[0]
        form = await _pick(pilot, "O", 0, FormScreen)
        with db.transaction() as s:  # another window changes it meanwhile
            talks.update_offer(s, first.id or 0, {"version": first.version, "text": "Changed elsewhere."})
        await move_to(pilot, "f-topic")
        await clear_input(pilot)
        await type_text(pilot, "my new topic")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # nothing lost
        assert "changed elsewhere" in str(form.query_one("#form-error", Static).content)
        assert form.query_one("#f-topic", Input).value == "my new topic"
        with db.session() as s:
            kept = s.get(Offer, first.id)
            assert kept is not None and (kept.text, kept.topic) == ("Changed elsewhere.", first.topic)


async def test_delete_an_offer_with_its_history_after_a_confirmation(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, session_id = await _open(pilot)
        first, second = _here(db, session_id)
        confirm = await _pick(pilot, "ctrl+o", 1, ConfirmScreen)
        words = _labels(confirm)
        assert second.text[:20] in words and "status history goes too" in words
        await pilot.press("n")  # no: nothing goes
        await settle(app, pilot)
        assert [o.id for o in _here(db, session_id)] == [first.id, second.id]
        await _pick(pilot, "ctrl+o", 1, ConfirmScreen)
        await opened(pilot, "y", TalksScreen)
        await settle(app, pilot)
        assert [o.id for o in _here(db, session_id)] == [first.id]
        with db.session() as s:
            assert talks.offer_history(s, second.id or 0) == []
        assert "Offer deleted, with its status history." in _notes(app)
        assert app.focused is screen.table
        assert second.id not in [item.offer.id for item in screen.pane.offers.rows_loaded]


async def test_on_the_offers_the_highlighted_one_is_edited_without_a_choice(
    app: RepDesk, db: Database
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, session_id = await _open(pilot)
        await pilot.press("enter")  # on to the session's offers
        await settle(app, pilot)
        assert app.focused is screen.pane.offers
        await pilot.press("O")  # the first row was carried over from an earlier session
        await pilot.pause()
        assert app.screen is screen
        assert any("tabled at the" in note for note in _notes(app))
        await pilot.press(*["down"] * screen.pane.offers.row_count)  # the last row: tabled here
        await pilot.pause()
        last = _here(db, session_id)[-1]
        form = await opened(pilot, "O", FormScreen)
        assert form.query_one("#f-topic", Input).value == last.topic


async def test_edit_an_action_point_with_dates_the_uk_way(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, session_id = await _open(pilot)
        points = _points(db, session_id)
        choice = await opened(pilot, "T", ChoiceScreen)
        assert len(_choices(choice)) == len(points)
        await pilot.press("enter")
        await pilot.pause()
        form = on_top(pilot, FormScreen)
        point = points[0]
        assert form.query_one("#f-text", Input).value == point.text
        due = form.query_one("#f-due_on", Input).value
        assert point.due_on is None or ("-" not in due and str(point.due_on.year) in due)
        await move_to(pilot, "f-due_on")
        await clear_input(pilot)
        await type_text(pilot, "1/12/26")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and app.focused is screen.table
        assert "Action point saved." in _notes(app)
        with db.session() as s:
            saved = s.get(ActionPoint, point.id)
            assert saved is not None and saved.due_on is not None and saved.due_on.isoformat() == "2026-12-01"
            assert saved.version == point.version + 1


async def test_delete_an_action_point_after_a_confirmation_naming_it(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen, session_id = await _open(pilot)
        points = _points(db, session_id)
        confirm = await _pick(pilot, "ctrl+t", 0, ConfirmScreen)
        assert points[0].text[:20] in _labels(confirm)
        await pilot.press("y")
        await settle(app, pilot)
        assert [p.id for p in _points(db, session_id)] == [p.id for p in points[1:]]
        assert "Action point deleted." in _notes(app)
        assert app.focused is screen.table
        assert points[0].id not in [p.id for p in screen.pane.actions.rows_loaded]


async def test_a_delete_from_a_stale_window_is_refused(app: RepDesk, db: Database) -> None:
    async with app.run_test(size=SIZE) as pilot:
        _screen, session_id = await _open(pilot)
        point = _points(db, session_id)[0]
        await _pick(pilot, "ctrl+t", 0, ConfirmScreen)
        with db.transaction() as s:  # ticked done in another window while the rep reads the question
            talks.toggle_action_point(s, point.id or 0, version=point.version)
        await pilot.press("y")
        await settle(app, pilot)
        assert any("changed elsewhere" in note for note in _notes(app))
        assert point.id in [p.id for p in _points(db, session_id)]


async def test_saving_an_unchanged_edit_writes_nothing_and_says_so(app: RepDesk, db: Database) -> None:
    """An offer, action point or session saved as it was: no new version, no audit row, and it says so."""
    async with app.run_test(size=SIZE) as pilot:
        screen, session_id = await _open(pilot)
        first = _here(db, session_id)[0]
        point = _points(db, session_id)[0]
        with db.session() as s:
            before = s.get(TalksSession, session_id)
            assert before is not None
            audited = len(list(s.exec(select(AuditEntry))))
        await _pick(pilot, "O", 0, FormScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Nothing to save: the offer is as it was." in _notes(app)
        await _pick(pilot, "T", 0, FormScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Nothing to save: it is as it was." in _notes(app)
        await opened(pilot, "e", FormScreen)  # the session itself, its dates shown the UK way
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Nothing to save: the session is as it was." in _notes(app)
        assert app.screen is screen
        with db.session() as s:
            assert len(list(s.exec(select(AuditEntry)))) == audited
            offer, kept_point = s.get(Offer, first.id), s.get(ActionPoint, point.id)
            assert offer is not None and offer.version == first.version
            assert kept_point is not None and kept_point.version == point.version
            session_now = s.get(TalksSession, session_id)
            assert session_now is not None and session_now.version == before.version
