"""The ACAS talks record (``templates/talks.*.j2``): sessions, offers over time, action points."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from pathlib import Path

from sqlmodel import Session

from repdesk.domain.enums import (
    Side,
)
from repdesk.domain.errors import RepdeskError
from repdesk.store import talks as talks_service
from repdesk.store.models import DEFAULT_MARKING, Offer, OfferStatusChange

from .building import PAGE, copied, provenance, redact, resolve_profile, tick
from .model import AgreedAction, OfferItem, Progress, SessionRecord, StatusStep, TalksRecord
from .redaction import DEFAULT_PROFILE, Profile

__all__ = ["build_talks_record"]


def _all_session_ids(session: Session) -> list[int]:
    found: list[int] = []
    offset = 0
    while True:
        page = talks_service.list_sessions(session, limit=PAGE, offset=offset)
        found.extend(row.id for row in page.rows)
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            return found


def _steps(history: Sequence[OfferStatusChange], numbers: dict[int, int]) -> tuple[StatusStep, ...]:
    return tuple(
        copied(
            StatusStep,
            change,
            session=numbers.get(change.session_id) if change.session_id is not None else None,
        )
        for change in history
    )


def build_talks_record(
    session: Session,
    *,
    profile: Profile | str = DEFAULT_PROFILE,
    include_caucus: bool = False,
    database: Path | str,
    rep: str = "",
    on_progress: Progress | None = None,
) -> TalksRecord:
    """The record of every ACAS talks session, redacted for ``profile``.

    Caucus notes are left out unless ``include_caucus`` is given, and a
    profile that never carries them (branch) refuses the request.
    """
    chosen = resolve_profile(profile)
    if include_caucus and not chosen.shows("talks.caucus", include_caucus=True):
        raise RepdeskError(
            f"The {chosen.name} profile never includes caucus notes; "
            "leave out --include-caucus or choose another profile."
        )
    details = [talks_service.session_detail(session, i) for i in _all_session_ids(session)]
    details.sort(key=lambda d: (d.session.held_on, d.session.starts_at or time.min, d.session.id or 0))
    numbers = {d.session.id: n for n, d in enumerate(details, start=1) if d.session.id is not None}
    sessions: list[SessionRecord] = []
    for number, detail in enumerate(details, start=1):
        talks = detail.session
        offers = tuple(_offer(o, number, talks.held_on, detail.history, numbers) for o in detail.offers)
        sessions.append(
            copied(
                SessionRecord,
                talks,
                number=number,
                caucus_notes=talks.caucus_notes if include_caucus else None,
                offers=offers,
                actions=tuple(
                    copied(
                        AgreedAction,
                        a,
                        session=number,
                        owner=None if _is_group(a.owner) else a.owner,
                        owner_group=a.owner.strip() if _is_group(a.owner) else "",
                        owner_side=a.owner_side or _GROUPS.get(a.owner.strip().casefold()),
                    )
                    for a in detail.actions
                ),
            )
        )
        tick(on_progress, number, len(details))
    markings = list(dict.fromkeys(s.confidentiality for s in sessions if s.confidentiality.strip()))
    record = TalksRecord(
        provenance=provenance(
            session,
            document="talks",
            title="ACAS talks record",
            profile=chosen,
            database=database,
            rep=rep,
            include_caucus=include_caucus,
            marking=" / ".join(markings) or DEFAULT_MARKING,
        ),
        sessions=tuple(sessions),
    )
    return redact(session, record, chosen, include_caucus=include_caucus)


_GROUPS: dict[str, Side | None] = {
    "acas": Side.ACAS,
    "union": Side.UNION,
    "union side": Side.UNION,
    "the union": Side.UNION,
    "employer": Side.EMPLOYER,
    "employer side": Side.EMPLOYER,
    "the employer": Side.EMPLOYER,
    "management": Side.EMPLOYER,
    "both sides": None,
    "both": None,
    "joint": None,
    "all": None,
}


def _is_group(owner: str) -> bool:
    """True when an action point's owner is a side or group rather than a person."""
    return owner.strip().casefold() in _GROUPS


def _offer(
    offer: Offer,
    number: int,
    held_on: date,
    history: dict[int, list[OfferStatusChange]],
    numbers: dict[int, int],
) -> OfferItem:
    return copied(
        OfferItem,
        offer,
        session=number,
        tabled_on=held_on,
        history=_steps(history.get(offer.id or 0, []), numbers),
    )
