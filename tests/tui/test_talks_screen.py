"""The ACAS talks screen, driven by keys: sessions, offers and their status, action points, topics."""

from __future__ import annotations

import io
import threading
from datetime import date, time
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, Static

from repdesk.domain.enums import OfferStatus, Side
from repdesk.store import talks
from repdesk.store.engine import Database
from repdesk.store.models import DEFAULT_MARKING
from repdesk.store.rows import SessionRow
from repdesk.tui.app import RepDesk
from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
from repdesk.tui.dialogs.form import FormScreen
from repdesk.tui.talks.screen import TalksScreen
from repdesk.tui.talks.topic import TopicScreen
from tests.helpers import TODAY
from tests.helpers.pilot import settle, shown
from tests.helpers.pilot import type_text as _type

SIZE = (120, 36)


def _screen(app: RepDesk) -> TalksScreen:
    screen = app.screen
    assert isinstance(screen, TalksScreen)
    return screen


def _sessions(db: Database) -> list[SessionRow]:
    with db.session() as session:
        return talks.list_sessions(session).rows


def _plain(renderable: Any) -> str:
    """A Rich renderable as plain text."""
    console = Console(width=200, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _marking_on(app: RepDesk) -> list[str]:
    """Every confidentiality banner on the current screen (a form's note included)."""
    return [shown(widget, 200) for widget in app.screen.query(".confidential").results(Static)]


async def _open_form(
    app: RepDesk, pilot: Pilot[Any], key: str, marking: str = "CONFIDENTIAL"
) -> FormScreen[Any]:
    """Press ``key`` and give the form it opens, which carries the confidentiality marking."""
    await pilot.press(key)
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormScreen)
    assert any(marking in text for text in _marking_on(app))
    return form


async def _open_talks(app: RepDesk, pilot: Pilot[Any]) -> TalksScreen:
    await pilot.press("5")
    await settle(app, pilot)
    return _screen(app)


async def test_sessions_list_detail_and_the_marking(app: RepDesk, db: Database) -> None:
    rows = _sessions(db)
    assert len(rows) == 3
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        assert [r.id for r in screen.table.rows_loaded] == [r.id for r in rows]
        newest = rows[0]
        assert screen.table.current_id == newest.id
        with db.session() as session:
            record = talks.get_session(session, newest.id)
            on_table = talks.offers_on_table(session, newest.id)
        assert any(record.confidentiality in text for text in _marking_on(app))
        detail = shown(screen.query_one("#detail", Static), 200)
        assert record.venue in detail and record.conciliator in detail
        assert "PRIVATE" in detail and record.caucus_notes in detail
        assert record.report_back.split(",")[0] in detail
        assert screen.pane.offers.row_count == len(on_table)
        history = shown(screen.query_one("#offer-detail", Static), 200)
        assert "Status over time" in history


async def test_new_session_through_the_form(app: RepDesk, db: Database) -> None:
    before = {r.id for r in _sessions(db)}
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        form = await _open_form(app, pilot, "n", DEFAULT_MARKING)
        held = form.query_one("#f-held_on", Input)
        assert form.focused is held
        held.value = ""
        await _type(pilot, "nonsense")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # nothing saved, nothing lost
        assert "nonsense" in shown(form.query_one("#hint-held_on", Static))
        held.value = ""
        await _type(pilot, "1/12/26")
        await pilot.press("tab")
        await _type(pilot, "10am")
        await pilot.press("tab", "tab", "tab")  # kind, format, venue
        await _type(pilot, "ACAS Euston")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert _screen(app) is screen
        added = [r for r in _sessions(db) if r.id not in before]
        assert len(added) == 1
        with db.session() as session:
            record = talks.get_session(session, added[0].id)
        assert (record.held_on, record.starts_at, record.venue) == (
            date(2026, 12, 1),
            time(10, 0),
            "ACAS Euston",
        )
        # Prefilled from the latest session: the same conciliator and marking.
        assert record.conciliator.startswith("Ruth Okonjo") and record.confidentiality == DEFAULT_MARKING
        assert screen.table.current_id == record.id
        assert "ACAS Euston" in shown(screen.query_one("#detail", Static), 200)


async def test_edit_session_and_a_bad_next_date_is_refused_in_words(app: RepDesk, db: Database) -> None:
    newest = _sessions(db)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        form = await _open_form(app, pilot, "e")
        form.query_one("#f-next_session_on", Input).value = "1/1/2020"
        form.query_one("#f-venue", Input).value = "Somewhere else"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Next session cannot be before" in shown(form.query_one("#hint-next_session_on", Static), 200)
        form.query_one("#f-next_session_on", Input).value = "26/3/25"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert _screen(app) is screen
    with db.session() as session:
        record = talks.get_session(session, newest.id)
    assert record.venue == "Somewhere else" and record.next_session_on == date(2025, 3, 26)


async def test_add_offer_then_accept_it_with_one_key_and_a_choice(app: RepDesk, db: Database) -> None:
    older = _sessions(db)[1]  # the second session: the change is recorded there, not today
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        assert screen.pane.session_id == older.id
        form = await _open_form(app, pilot, "o")
        form.query_one("#f-topic", Input).value = "car parking"
        await pilot.press("tab", "tab", "tab")  # side, kind, topic -> text
        await _type(pilot, "Free parking on office days")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        with db.session() as session:
            offer = next(o for o in talks.offers(session, older.id) if o.topic == "car parking")
        assert offer.text == "Free parking on office days" and offer.side is Side.UNION
        assert offer.status is OfferStatus.TABLED
        current = screen.pane.current_offer
        assert current is not None and current.offer.id == offer.id
        assert screen.focused is screen.pane.offers

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert any("CONFIDENTIAL" in text for text in _marking_on(app))
        await pilot.press("a", "enter")  # "Accepted"
        await settle(app, pilot)
        assert app.screen is screen
        with db.session() as session:
            assert offer.id is not None
            stored = talks.offer_history(session, offer.id)
            record = talks.get_session(session, older.id)
            now = talks.offers(session, older.id)
        accepted = next(o for o in now if o.id == offer.id)
        assert accepted.status is OfferStatus.ACCEPTED
        last = stored[-1]
        assert (last.from_status, last.to_status) == (OfferStatus.TABLED, OfferStatus.ACCEPTED)
        assert last.session_id == older.id and last.changed_on == record.held_on
        row = screen.pane.offers.get_row(str(offer.id))
        assert "accepted" in str(row[4])
        assert "Tabled → Accepted" in shown(screen.query_one("#offer-detail", Static), 200)


async def test_status_of_an_offer_carried_over_is_recorded_at_the_session_viewed(
    app: RepDesk, db: Database
) -> None:
    newest = _sessions(db)[0]
    with db.session() as session:
        carried = next(
            t for t in talks.offers_on_table(session, newest.id)
            if not t.tabled_here and t.offer.status is OfferStatus.CONSIDERING
        )  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        index = next(
            i for i, t in enumerate(screen.pane.offers.rows_loaded) if t.offer.id == carried.offer.id
        )
        await pilot.press("tab", "tab")  # sessions -> detail -> offers
        assert screen.focused is screen.pane.offers
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("s", "w", "enter")  # "Withdrawn by employer"
        await settle(app, pilot)
    assert carried.offer.id is not None
    with db.session() as session:
        last = talks.offer_history(session, carried.offer.id)[-1]
    assert last.to_status is OfferStatus.WITHDRAWN and last.session_id == newest.id
    assert last.session_id != carried.offer.session_id


async def test_action_point_added_then_ticked_done_with_space(app: RepDesk, db: Database) -> None:
    newest = _sessions(db)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        await _open_form(app, pilot, "t")
        await _type(pilot, "Send the survey results")
        await pilot.press("tab")
        await _type(pilot, "Sam Patel")
        await pilot.press("tab", "tab")  # owner's side (left blank) -> due
        await _type(pilot, "+7d")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        with db.session() as session:
            point = next(
                p for p in talks.action_points(session, newest.id) if p.text == "Send the survey results"
            )
        assert (point.owner, point.due_on, point.done) == ("Sam Patel", date(2026, 11, 29), False)
        assert screen.focused is screen.pane.actions
        current = screen.pane.current_action
        assert current is not None and current.id == point.id

        await pilot.press("space")
        await settle(app, pilot)
        with db.session() as session:
            done = next(p for p in talks.action_points(session, newest.id) if p.id == point.id)
        assert done.done and done.done_on == TODAY
        assert "✔" in str(screen.pane.actions.get_row(str(point.id))[0])

        await pilot.press("space")  # and back again
        await settle(app, pilot)
        with db.session() as session:
            reopened = next(p for p in talks.action_points(session, newest.id) if p.id == point.id)
        assert not reopened.done and reopened.done_on is None


async def test_space_away_from_the_action_points_moves_there_first(app: RepDesk, db: Database) -> None:
    newest = _sessions(db)[0]
    with db.session() as session:
        before = [(p.id, p.done) for p in talks.action_points(session, newest.id)]
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        assert screen.focused is screen.table
        await pilot.press("space")
        await settle(app, pilot)
        assert screen.focused is screen.pane.actions
    with db.session() as session:
        assert [(p.id, p.done) for p in talks.action_points(session, newest.id)] == before


async def test_follow_a_topic_across_sessions(app: RepDesk, db: Database) -> None:
    with db.session() as session:
        expected = talks.follow_topic(session, "support roles")
    assert len({t.offer.session_id for t in expected}) >= 2
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        topic = app.screen
        assert isinstance(topic, TopicScreen)
        assert any("CONFIDENTIAL" in text for text in _marking_on(app))
        await _type(pilot, "support roles")
        await pilot.pause()
        results = topic.query_one("#topic-results", OptionList)
        assert results.option_count == len(expected)
        assert [f.offer.id for f in topic.found] == [t.offer.id for t in expected]
        assert [f.held_on for f in topic.found] == sorted(f.held_on for f in topic.found)
        count = shown(topic.query_one("#topic-count", Static))
        assert f"{len(expected)} offers across" in count
        first = _plain(results.get_option_at_index(0).prompt)
        assert "office days for support roles" in first and "Status over time" not in first
        assert "Rejected" in first  # the first union position ended rejected: its history shows
        await pilot.press("enter")  # into the list
        assert topic.focused is results
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        picked = expected[1].offer
        assert screen.table.current_id == picked.session_id
        current = screen.pane.current_offer
        assert current is not None and current.offer.id == picked.id


async def test_topic_search_with_odd_input_does_not_crash(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _open_talks(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        topic = app.screen
        assert isinstance(topic, TopicScreen)
        await _type(pilot, '"%_ NEAR( -')
        await pilot.pause()
        assert "No offer mentions" in shown(topic.query_one("#topic-count", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TalksScreen)


async def test_jump_selects_a_session_and_x_opens_the_talks_export(app: RepDesk, db: Database) -> None:
    oldest = _sessions(db)[-1]
    async with app.run_test(size=SIZE) as pilot:
        await app.jump("talks", "session", oldest.id)
        await settle(app, pilot)
        screen = _screen(app)
        assert screen.table.current_id == oldest.id
        assert screen.pane.session_id == oldest.id
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormScreen)
        assert dialog.query_one("#f-document", Select).value == "talks"
        assert not dialog.query_one("#f-include_caucus", Checkbox).value  # caucus notes only if asked


async def test_an_empty_desk_says_what_to_do(app: RepDesk, db: Database) -> None:
    with db.transaction() as session:
        for row in talks.list_sessions(session).rows:
            session.delete(talks.get_session(session, row.id))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        assert "Press n" in shown(screen.query_one("#detail", Static))
        assert any(DEFAULT_MARKING in text for text in _marking_on(app))
        for key in ("o", "s", "t", "space", "e"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is screen
        assert not screen.query_one("#offers", DataTable).display


async def test_changing_an_offer_that_moved_on_later_asks_first(app: RepDesk, db: Database) -> None:
    middle = _sessions(db)[1]
    with db.session() as session:
        moved = next(
            t for t in talks.offers_on_table(session, middle.id)
            if t.tabled_here and any(step.changed_on > t.tabled_on for step in t.history)
        )  # fmt: skip
    assert moved.offer.id is not None
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        await pilot.press("down")
        await settle(app, pilot)
        index = next(i for i, t in enumerate(screen.pane.offers.rows_loaded) if t.offer.id == moved.offer.id)
        await pilot.press("tab", "tab", *(["down"] * index))
        await pilot.press("s", "t", "enter")  # "Tabled"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        with db.session() as session:
            assert talks.offer_history(session, moved.offer.id)[-1].id == moved.history[-1].id
        await pilot.press("s", "t", "enter", "y")
        await settle(app, pilot)
    with db.session() as session:
        last = talks.offer_history(session, moved.offer.id)[-1]
    assert last.to_status is OfferStatus.TABLED and last.session_id == middle.id


async def test_a_session_changed_elsewhere_is_not_overwritten(app: RepDesk, db: Database) -> None:
    newest = _sessions(db)[0]
    async with app.run_test(size=SIZE) as pilot:
        await _open_talks(app, pilot)
        form = await _open_form(app, pilot, "e")
        with db.transaction() as session:  # another repdesk window saves first
            record = talks.get_session(session, newest.id)
            talks.update_session(session, newest.id, {"version": record.version, "venue": "Theirs"})
        form.query_one("#f-venue", Input).value = "Mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "changed elsewhere" in shown(form.query_one("#form-error", Static), 200)
    with db.session() as session:
        assert talks.get_session(session, newest.id).venue == "Theirs"


async def test_enter_walks_from_the_session_to_its_offers_and_their_status(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        await pilot.press("enter")
        assert screen.focused is screen.pane.offers
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert _screen(app) is screen
        await pilot.press("tab")
        assert screen.focused is screen.pane.actions


async def test_the_session_is_read_on_a_worker_and_one_deleted_elsewhere_says_so(
    app: RepDesk, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _sessions(db)
    threads: list[bool] = []
    read = talks.offers_on_table

    def watched(session: Any, session_id: int, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return read(session, session_id, **kwargs)

    monkeypatch.setattr(talks, "offers_on_table", watched)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        assert screen.pane.session_id == rows[0].id
        with db.transaction() as session:  # another repdesk window deletes the next session
            session.delete(talks.get_session(session, rows[1].id))
        await pilot.press("down")
        await settle(app, pilot)
        assert "This session no longer exists" in shown(screen.query_one("#detail", Static))
        assert screen.pane.session_id is None and not screen.pane.offers.display
        assert any(DEFAULT_MARKING in text for text in _marking_on(app))
        await pilot.press("o")  # nothing to add an offer to
        await pilot.pause()
        assert app.screen is screen
    assert threads and not any(threads)  # never on the UI thread


async def test_a_resize_across_the_narrow_line_keeps_the_highlighted_offer(app: RepDesk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_talks(app, pilot)
        await pilot.press("tab", "tab", "down", "down")
        offer = screen.pane.current_offer
        assert offer is not None and len(screen.pane.offers.columns) == 6
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert len(screen.pane.offers.columns) == 5  # the kind goes, spelt out below the table
        assert screen.pane.current_offer == offer
        assert screen.focused is screen.pane.offers
