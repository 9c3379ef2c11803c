"""ACAS talks services: sessions, positions and offers with their status history, action points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk.domain import clock
from repdesk.domain.enums import OfferStatus
from repdesk.store import search
from repdesk.store.common import (
    Fields,
    Page,
    apply_update,
    check_version,
    chunks,
    columns,
    count,
    delete,
    fetch,
    get,
    ids,
    insert,
    like_pattern,
    page_bounds,
    stamp_done,
    validate,
)
from repdesk.store.models import (
    ActionPoint,
    ActionPointCreate,
    ActionPointUpdate,
    Offer,
    OfferCreate,
    OfferStatusChange,
    OfferUpdate,
    TalksSession,
    TalksSessionCreate,
    TalksSessionUpdate,
)
from repdesk.store.rows import SessionRow


def create_session(session: Session, data: Fields) -> TalksSession:
    """Record a talks session."""
    return insert(session, TalksSession, validate(TalksSessionCreate, data))


def get_session(session: Session, session_id: int) -> TalksSession:
    """One talks session, or NotFound."""
    return get(session, TalksSession, session_id, "talks session")


def update_session(session: Session, session_id: int, data: Fields) -> TalksSession:
    """Change a talks session's record."""
    data = validate(TalksSessionUpdate, data)
    return apply_update(session, get_session(session, session_id), data, "talks session")


def list_sessions(session: Session, *, text: str = "", limit: int = 100, offset: int = 0) -> Page[SessionRow]:
    """Sessions, newest first, optionally matching text in their notes."""
    limit, offset = page_bounds(limit, offset)
    conditions: list[sa.ColumnElement[bool]] = []
    if text.strip():
        matching = search.ids_matching(text, search.Kind.SESSION)
        if matching is not None:
            conditions.append(col(TalksSession.id).in_(matching))
    total = count(session, TalksSession, *conditions)
    offers = (
        select(func.count())
        .where(Offer.session_id == TalksSession.id)
        .correlate(TalksSession)
        .scalar_subquery()
    )
    actions = (
        select(func.count())
        .where(ActionPoint.session_id == TalksSession.id, col(ActionPoint.done).is_(False))
        .correlate(TalksSession)
        .scalar_subquery()
    )
    rows = fetch(
        session,
        sa.select(
            *columns(
                TalksSession.id,
                TalksSession.held_on,
                TalksSession.kind,
                TalksSession.format,
                TalksSession.conciliator,
                offers,
                actions,
                TalksSession.next_session_on,
            )
        )
        .where(*conditions)
        .order_by(col(TalksSession.held_on).desc(), col(TalksSession.id).desc())
        .limit(limit)
        .offset(offset),
    )
    return Page([SessionRow(*row) for row in rows], total, offset)


def next_session(session: Session, today: date | None = None) -> TalksSession | None:
    """The next session on or after today, or failing that the most recent one."""
    today = today or clock.today()
    upcoming = session.exec(
        select(TalksSession).where(TalksSession.held_on >= today).order_by(col(TalksSession.held_on))
    ).first()
    if upcoming:
        return upcoming
    return session.exec(select(TalksSession).order_by(col(TalksSession.held_on).desc())).first()


def add_offer(session: Session, session_id: int, data: Fields) -> Offer:
    """Record a position or offer tabled at a session; its first status is kept in the history."""
    data = validate(OfferCreate, data)
    talks = get_session(session, session_id)
    offer = insert(session, Offer, data, session_id=session_id)
    assert offer.id is not None
    session.add(
        OfferStatusChange(
            offer_id=offer.id,
            session_id=session_id,
            changed_on=talks.held_on,
            to_status=offer.status,
        )
    )
    session.flush()
    return offer


def update_offer(session: Session, offer_id: int, data: Fields) -> Offer:
    """Change an offer's wording, side, kind or topic (status moves through :func:`set_offer_status`)."""
    data = validate(OfferUpdate, data)
    return apply_update(session, get(session, Offer, offer_id, "offer"), data, "offer")


def delete_offer(session: Session, offer_id: int, *, version: int) -> Offer:
    """Delete an offer entered in error, with its status history (each step audited as it goes).

    The version is checked before any step goes. The database would drop the
    steps by itself (ON DELETE CASCADE), but then the audit log would not
    record them: they are deleted here, one by one, so it does.
    """
    check_version(get(session, Offer, offer_id, "offer"), version, "offer")
    for step in offer_history(session, offer_id):
        session.delete(step)
    return delete(session, Offer, offer_id, version, "offer")


def set_offer_status(
    session: Session,
    offer_id: int,
    status: OfferStatus,
    *,
    version: int,
    at_session_id: int | None = None,
    on: date | None = None,
    note: str = "",
) -> Offer:
    """Move an offer's status, keeping each step (when, at which session, why)."""
    offer = get(session, Offer, offer_id, "offer")
    check_version(offer, version, "offer")
    if offer.status == status:
        return offer
    noted_at = get_session(session, at_session_id) if at_session_id is not None else None
    session.add(
        OfferStatusChange(
            offer_id=offer_id,
            session_id=at_session_id,
            # Noted at a session: it happened that day unless the rep says otherwise.
            changed_on=on or (noted_at.held_on if noted_at else clock.today()),
            from_status=offer.status,
            to_status=status,
            note=note[:500],
        )
    )
    offer.status = status
    session.add(offer)
    session.flush()
    return offer


def offer_history(session: Session, offer_id: int) -> list[OfferStatusChange]:
    """An offer's status over time, oldest first."""
    query = (
        select(OfferStatusChange)
        .where(OfferStatusChange.offer_id == offer_id)
        .order_by(col(OfferStatusChange.id))
    )
    return list(session.exec(query))


def offers(session: Session, session_id: int) -> list[Offer]:
    """Offers tabled at one session, in the order tabled."""
    return list(session.exec(select(Offer).where(Offer.session_id == session_id).order_by(col(Offer.id))))


@dataclass(frozen=True)
class TopicOffer:
    """An offer with the date of the session it was tabled at, to follow a topic across sessions."""

    offer: Offer
    held_on: date


def follow_topic(session: Session, text: str, *, limit: int = 200) -> list[TopicOffer]:
    """Every offer whose topic or text mentions ``text``, across sessions, oldest first."""
    conditions: list[sa.ColumnElement[bool]] = [
        col(Offer.topic).like(like_pattern(text.strip()), escape="\\")
    ]
    matching = search.ids_matching(text, search.Kind.OFFER)
    if matching is not None:
        conditions.append(col(Offer.id).in_(matching))
    rows = session.exec(
        select(Offer, col(TalksSession.held_on))
        .join(TalksSession, col(TalksSession.id) == Offer.session_id)
        .where(sa.or_(*conditions))
        .order_by(col(TalksSession.held_on), col(Offer.id))
        .limit(limit)
    )
    return [TopicOffer(offer, held_on) for offer, held_on in rows]


def add_action_point(session: Session, session_id: int, data: Fields) -> ActionPoint:
    """Record an action point agreed at a session."""
    data = validate(ActionPointCreate, data)
    get_session(session, session_id)
    done_on = clock.today() if data.done else None
    return insert(session, ActionPoint, data, session_id=session_id, done_on=done_on)


def update_action_point(session: Session, point_id: int, data: Fields) -> ActionPoint:
    """Change an action point."""
    data = validate(ActionPointUpdate, data)
    point = get(session, ActionPoint, point_id, "action point")
    check_version(point, data.version, "action point")  # before the done date is stamped
    stamp_done(point, data)
    return apply_update(session, point, data, "action point")


def delete_action_point(session: Session, point_id: int, *, version: int) -> ActionPoint:
    """Delete an action point entered in error (audited; refused if gone or changed since)."""
    return delete(session, ActionPoint, point_id, version, "action point")


def toggle_action_point(session: Session, point_id: int, *, version: int) -> ActionPoint:
    """Flip an action point between done and not done."""
    point = get(session, ActionPoint, point_id, "action point")
    return update_action_point(session, point_id, {"version": version, "done": not point.done})


def action_points(session: Session, session_id: int) -> list[ActionPoint]:
    """A session's action points, open ones first."""
    query = (
        select(ActionPoint)
        .where(ActionPoint.session_id == session_id)
        .order_by(col(ActionPoint.done), sa.nulls_last(col(ActionPoint.due_on)), col(ActionPoint.id))
    )
    return list(session.exec(query))


@dataclass(frozen=True)
class SessionDetail:
    """A session with its offers (and their histories) and action points."""

    session: TalksSession
    offers: list[Offer]
    history: dict[int, list[OfferStatusChange]]
    actions: list[ActionPoint]


def session_detail(session: Session, session_id: int) -> SessionDetail:
    """Load one session with everything tabled and agreed at it."""
    talks = get_session(session, session_id)
    tabled = offers(session, session_id)
    history: dict[int, list[OfferStatusChange]] = {}
    if tabled:
        query = (
            select(OfferStatusChange)
            .where(col(OfferStatusChange.offer_id).in_([o.id for o in tabled]))
            .order_by(col(OfferStatusChange.id))
        )
        for change in session.exec(query):
            history.setdefault(change.offer_id, []).append(change)
    return SessionDetail(talks, tabled, history, action_points(session, session_id))


# --- what the Talks screen needs beyond the record itself --------------------

OPEN_STATUSES = frozenset({OfferStatus.TABLED, OfferStatus.CONSIDERING})
"""Statuses that leave an offer on the table."""


@dataclass(frozen=True)
class TableOffer:
    """An offer as one session sees it: tabled there, or carried over from an earlier session."""

    offer: Offer
    """The offer, with its current status."""
    tabled_on: date
    """When the session that tabled it was held."""
    tabled_here: bool
    """Whether it was tabled at the session being looked at (else carried over)."""
    status_here: OfferStatus
    """Its status at the end of the session being looked at."""
    history: list[OfferStatusChange]
    """Every status step, oldest first."""


def offer_histories(session: Session, offer_ids: list[int]) -> dict[int, list[OfferStatusChange]]:
    """The status steps of several offers at once, oldest first, by offer id."""
    history: dict[int, list[OfferStatusChange]] = {}
    for chunk in chunks(ids(offer_ids)):
        query = (
            select(OfferStatusChange)
            .where(col(OfferStatusChange.offer_id).in_(list(chunk)))
            .order_by(col(OfferStatusChange.id))
        )
        for change in session.exec(query):
            history.setdefault(change.offer_id, []).append(change)
    return history


def _status_at(offer: Offer, steps: list[OfferStatusChange], talks: TalksSession) -> OfferStatus:
    """The offer's status once ``talks`` ended: the last step on or before its date (or noted at it)."""
    status = offer.status
    reached = [step for step in steps if step.session_id == talks.id or step.changed_on <= talks.held_on]
    if reached:
        status = reached[-1].to_status
    elif steps:
        status = steps[0].to_status
    return status


def offers_on_table(session: Session, session_id: int, *, limit: int = 200) -> list[TableOffer]:
    """What was on the table at a session, in the order tabled.

    That is every offer tabled at it, plus offers tabled at earlier sessions
    that were still open then or whose status moved at it: so a rep looking at
    the third session can record that an offer from the first was rejected
    there. At most ``limit`` offers are looked at, the most recent first.
    """
    talks = get_session(session, session_id)
    moved_here = select(OfferStatusChange.offer_id).where(OfferStatusChange.session_id == session_id)
    earlier = sa.or_(
        col(TalksSession.held_on) < talks.held_on,
        sa.and_(col(TalksSession.held_on) == talks.held_on, col(TalksSession.id) < session_id),
    )
    rows = list(
        session.exec(
            select(Offer, col(TalksSession.held_on))
            .join(TalksSession, col(TalksSession.id) == Offer.session_id)
            .where(sa.or_(col(Offer.session_id) == session_id, col(Offer.id).in_(moved_here), earlier))
            .order_by(col(TalksSession.held_on).desc(), col(Offer.id).desc())
            .limit(max(1, min(limit, 1_000)))
        )
    )
    history = offer_histories(session, [offer.id for offer, _held in rows if offer.id is not None])
    found: list[TableOffer] = []
    for offer, held_on in reversed(rows):
        assert offer.id is not None
        steps = history.get(offer.id, [])
        here = offer.session_id == session_id
        status = _status_at(offer, steps, talks)
        moved = any(step.session_id == session_id for step in steps)
        if here or moved or status in OPEN_STATUSES:
            found.append(TableOffer(offer, held_on, here, status, steps))
    return found


def topics(session: Session, *, limit: int = 50) -> list[str]:
    """Topics offers have been tabled under, most recently used first (to reuse their spelling)."""
    rows = session.exec(
        select(Offer.topic, func.max(Offer.id))
        .where(Offer.topic != "")
        .group_by(Offer.topic)
        .order_by(func.max(Offer.id).desc())
        .limit(max(1, min(limit, 500)))
    )
    return [topic for topic, _last in rows]
