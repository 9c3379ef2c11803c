"""Offers and action points can be finished: edited and deleted as the rep saw them, every change audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import col, select

from repdesk.domain.enums import AuditAction, OfferStatus
from repdesk.store import audit, talks
from repdesk.store.engine import Database
from repdesk.store.errors import NotFound, StaleVersion
from repdesk.store.models import ActionPoint, AuditEntry, Offer, OfferStatusChange
from tests.helpers import TODAY
from tests.helpers.factories import ident, make_action_point, make_offer, make_talks_session


def _offer_with_history(db: Database) -> tuple[int, int, int]:
    """A session and an offer tabled there, later rejected: (session id, offer id, offer version)."""
    with db.transaction() as s:
        held = make_talks_session(s, held_on=date(2026, 11, 3))
        offer = make_offer(s, held, topic="office days", text="Three days for support roles.")
        moved = talks.set_offer_status(s, ident(offer), OfferStatus.REJECTED, version=offer.version)
        return ident(held), ident(offer), moved.version


def _audit(db: Database, entity: str, entity_id: int) -> list[AuditEntry]:
    with db.session() as s:
        return audit.history(s, entity, entity_id)


def test_an_offer_is_edited_against_the_version_the_rep_saw(db: Database) -> None:
    _held, offer_id, version = _offer_with_history(db)
    with db.transaction() as s:
        saved = talks.update_offer(s, offer_id, {"version": version, "text": "Three days, from March."})
        assert saved.version == version + 1
    with pytest.raises(StaleVersion, match="changed elsewhere"), db.transaction() as s:
        talks.update_offer(s, offer_id, {"version": version, "topic": "from a stale window"})
    with db.session() as s:
        offer = s.get(Offer, offer_id)
        assert offer is not None and (offer.text, offer.topic) == ("Three days, from March.", "office days")
    last = _audit(db, "talks_offer", offer_id)[-1]
    assert (last.action, last.changes) == (
        AuditAction.UPDATE,
        {"text": ["Three days for support roles.", "Three days, from March."]},
    )


def test_deleting_an_offer_takes_its_status_history_and_audits_every_step(db: Database) -> None:
    _held, offer_id, version = _offer_with_history(db)
    with db.session() as s:
        steps = [step.id or 0 for step in talks.offer_history(s, offer_id)]
    assert len(steps) == 2
    with pytest.raises(StaleVersion), db.transaction() as s:
        talks.delete_offer(s, offer_id, version=version - 1)
    with db.session() as s:  # refused: nothing went, not even the history
        assert len(talks.offer_history(s, offer_id)) == 2
    with db.transaction() as s:
        gone = talks.delete_offer(s, offer_id, version=version)
        assert gone.text == "Three days for support roles."
    with db.session() as s:
        assert s.get(Offer, offer_id) is None
        assert list(s.exec(select(OfferStatusChange).where(col(OfferStatusChange.id).in_(steps)))) == []
    deleted = _audit(db, "talks_offer", offer_id)[-1]
    assert deleted.action is AuditAction.DELETE
    assert deleted.changes["text"] == ["Three days for support roles.", None]
    for step in steps:
        assert _audit(db, "talks_offer_status", step)[-1].action is AuditAction.DELETE
    with pytest.raises(NotFound, match="no longer exists"), db.transaction() as s:
        talks.delete_offer(s, offer_id, version=version)


def test_an_action_point_is_edited_and_deleted_only_as_the_rep_saw_it(db: Database) -> None:
    with db.transaction() as s:
        point = make_action_point(s, make_talks_session(s), text="Send the headcount", owner="HR")
        point_id, version = ident(point), point.version
    with db.transaction() as s:
        saved = talks.update_action_point(s, point_id, {"version": version, "due_on": TODAY, "done": True})
        assert saved.done_on == TODAY
    with pytest.raises(StaleVersion), db.transaction() as s:
        talks.update_action_point(s, point_id, {"version": version, "done": False})
    with pytest.raises(StaleVersion), db.transaction() as s:
        talks.delete_action_point(s, point_id, version=version)  # a delete from a stale window too
    with db.transaction() as s:
        talks.delete_action_point(s, point_id, version=version + 1)
    with db.session() as s:
        assert s.get(ActionPoint, point_id) is None
    trail = _audit(db, "action_point", point_id)
    assert [entry.action for entry in trail] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert trail[-1].changes["text"] == ["Send the headcount", None]
    with pytest.raises(NotFound), db.transaction() as s:
        talks.delete_action_point(s, point_id, version=version + 1)


def test_a_stale_edit_leaves_an_action_points_done_date_alone(db: Database) -> None:
    with db.transaction() as s:
        point = make_action_point(s, make_talks_session(s))
        point_id, version = ident(point), point.version
        talks.update_action_point(s, point_id, {"version": version, "text": "Changed elsewhere"})
    with db.session() as s:
        with pytest.raises(StaleVersion):
            talks.update_action_point(s, point_id, {"version": version, "done": True})
        # The refused change stamped nothing on the record in hand.
        assert s.get(ActionPoint, point_id).done_on is None  # type: ignore[union-attr]
