"""The ACAS talks: three sessions, the offers made and answered in them, and their action points."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Session

from repdesk.demo.story import _days, _Story
from repdesk.domain.enums import OfferKind, OfferStatus, Side, TalksFormat, TalksKind
from repdesk.store import talks as talks_service
from repdesk.store.models import ActionPointCreate, OfferCreate, TalksSessionCreate

_CONCILIATOR = "Ruth Okonjo (ACAS senior conciliator)"
_UNION_SIDE = "Alex Morgan (branch rep), Dana Whitfield (PCS full-time officer), Sam Patel (branch secretary)"
_EMPLOYER_SIDE = (
    "Jonathan Hale (Director of People and Change), Martin Greaves (Head of HR Operations), "
    "Lucy Brandt (Hybrid Working Programme lead)"
)
_SUPPORT_DAYS = "office days for support roles"
_OPERATIONAL_DAYS = "office days for operational roles"
_DEDUCTIONS = "pay deductions during the dispute"
_EXEMPTIONS = "exemptions for reasonable adjustments"
_DISCIPLINARY = "disciplinary action during the dispute"


def _fill_talks(session: Session, story: _Story) -> tuple[int, int, int]:
    first, second, third, after = story.sessions
    sessions = [
        TalksSessionCreate(
            held_on=first,
            starts_at=time(10, 0),
            format=TalksFormat.ONLINE,
            kind=TalksKind.SEPARATE,
            venue="ACAS video call (union side only)",
            conciliator=_CONCILIATOR,
            union_attendees=_UNION_SIDE,
            agenda=(
                "1. How ACAS conciliation works\n2. The union's issues in dispute\n3. What a settlement needs"
            ),
            notes=(
                "The conciliator met each side separately. Union set out the dispute: the 60% attendance "
                "rule (4 days operational, 3 days support), threatened pay deductions and disciplinary "
                "action, and the lack of evidence or consultation. ACAS to test whether the employer "
                "will pause deductions while talks run."
            ),
            caucus_notes=(
                "Agreed our bottom line: no deductions for members working full contracted hours. "
                "Keep the Mercer point in reserve for the FTO."
            ),
            report_back=(
                "Talks under ACAS have started. The union has set out members' case; the employer has "
                "agreed to meet jointly. Keep a note of any instruction or threat and send it to your rep."
            ),
            next_session_on=second,
        ),
        TalksSessionCreate(
            held_on=second,
            starts_at=time(10, 30),
            format=TalksFormat.IN_PERSON,
            kind=TalksKind.JOINT,
            venue="ACAS offices, central London",
            conciliator=_CONCILIATOR,
            union_attendees=_UNION_SIDE,
            employer_attendees=_EMPLOYER_SIDE,
            agenda="1. Office days by role\n2. Pay deductions\n3. Exemptions\n4. Disciplinary threats",
            notes=(
                "Employer tabled 3 days for support roles with a six-month review and kept 4 days for "
                "operational roles. Employer maintained that deductions apply. Union proposed that agreed "
                "adjustments and approved flexible-working plans are honoured in full."
            ),
            caucus_notes="Support-roles offer is movement; operational days are the sticking point.",
            report_back=(
                "First joint meeting held. The employer has made an offer on support roles that the "
                "negotiating team will put to members. No agreement yet on operational roles or deductions."
            ),
            next_session_on=third,
        ),
        TalksSessionCreate(
            held_on=third,
            starts_at=time(14, 0),
            format=TalksFormat.HYBRID,
            kind=TalksKind.JOINT,
            venue="ACAS offices, central London, and video link",
            conciliator=_CONCILIATOR,
            union_attendees=_UNION_SIDE,
            employer_attendees=_EMPLOYER_SIDE,
            agenda="1. Members' response to the support-roles offer\n2. Operational roles\n3. Deductions",
            notes=(
                "Members rejected 3 days for support roles. Employer suspended deductions while talks "
                "continue and accepted the exemptions proposal. ACAS proposed a joint working group on "
                "operational roles, to report within eight weeks."
            ),
            caucus_notes="Working group is worth taking if deductions stay suspended in writing.",
            report_back=(
                "Deductions are suspended while talks continue, and agreed adjustments and approved "
                "flexible-working plans will be honoured. Talks on office days continue."
            ),
            next_session_on=after,
        ),
    ]
    ids: list[int] = []
    for data in sessions:
        made = talks_service.create_session(session, data)
        assert made.id is not None
        ids.append(made.id)
    s1, s2, s3 = ids

    offers = 0

    def table(at: int, side: Side, kind: OfferKind, topic: str, text: str) -> tuple[int, int]:
        nonlocal offers
        offer = talks_service.add_offer(
            session, at, OfferCreate(side=side, kind=kind, topic=topic, text=text)
        )
        assert offer.id is not None
        offers += 1
        return offer.id, offer.version

    def move(offer: tuple[int, int], status: OfferStatus, at: int, on: date, note: str) -> tuple[int, int]:
        moved = talks_service.set_offer_status(
            session, offer[0], status, version=offer[1], at_session_id=at, on=on, note=note
        )
        return offer[0], moved.version

    # Session 1: the union's positions.
    support = table(
        s1,
        Side.UNION,
        OfferKind.POSITION,
        _SUPPORT_DAYS,
        "Keep the 2021 blended-working agreement: office days agreed by managers and teams, typically 2.",
    )
    operational = table(
        s1,
        Side.UNION,
        OfferKind.POSITION,
        _OPERATIONAL_DAYS,
        "No blanket minimum; office days set by what each role needs, agreed with the team.",
    )
    deductions = table(
        s1,
        Side.UNION,
        OfferKind.POSITION,
        _DEDUCTIONS,
        "No deductions from members who work their full contracted hours from home.",
    )
    support = move(support, OfferStatus.CONSIDERING, s2, second, "Employer replied with a counter-offer.")
    deductions = move(deductions, OfferStatus.CONSIDERING, s2, second, "Employer to take advice.")

    # Session 2: the employer's offer and the union's proposals.
    support_offer = table(
        s2,
        Side.EMPLOYER,
        OfferKind.OFFER,
        _SUPPORT_DAYS,
        "Support roles: 3 office days a week, reviewed after six months.",
    )
    operational_offer = table(
        s2,
        Side.EMPLOYER,
        OfferKind.POSITION,
        _OPERATIONAL_DAYS,
        "Operational roles: 4 office days a week, with exceptions agreed team by team.",
    )
    employer_deductions = table(
        s2,
        Side.EMPLOYER,
        OfferKind.POSITION,
        _DEDUCTIONS,
        "Deductions apply for each contracted office day worked from home over the permitted maximum.",
    )
    exemptions = table(
        s2,
        Side.UNION,
        OfferKind.PROPOSAL,
        _EXEMPTIONS,
        "Agreed reasonable adjustments and approved flexible-working plans are honoured in full, "
        "without a fresh application.",
    )
    discipline = table(
        s2,
        Side.UNION,
        OfferKind.PROPOSAL,
        _DISCIPLINARY,
        "No disciplinary action against members for taking part in the action.",
    )
    support_offer = move(support_offer, OfferStatus.CONSIDERING, s2, second, "To be put to members.")
    operational_offer = move(operational_offer, OfferStatus.REJECTED, s2, second, "Union side rejected.")

    # Session 3: members' answer, the employer's movement and ACAS's proposal.
    move(support_offer, OfferStatus.REJECTED, s3, third, "Members rejected 3 days in the consultation.")
    move(support, OfferStatus.REJECTED, s3, third, "Employer will not return to the 2021 arrangements.")
    move(employer_deductions, OfferStatus.WITHDRAWN, s3, third, "Deductions suspended while talks continue.")
    move(deductions, OfferStatus.ACCEPTED, s3, third, "Accepted for the duration of the talks.")
    move(exemptions, OfferStatus.ACCEPTED, s3, third, "Employer accepted; to confirm in writing.")
    move(discipline, OfferStatus.CONSIDERING, s3, third, "Employer to respond at the next session.")
    move(operational, OfferStatus.CONSIDERING, s3, third, "Parked pending the working group.")
    table(
        s3,
        Side.EMPLOYER,
        OfferKind.COUNTER_OFFER,
        _SUPPORT_DAYS,
        "Support roles: 2 office days a week for 12 months, then a joint review.",
    )
    working_group = table(
        s3,
        Side.ACAS,
        OfferKind.PROPOSAL,
        _OPERATIONAL_DAYS,
        "A joint working group reviews the evidence for office days role by role and reports in 8 weeks.",
    )
    move(working_group, OfferStatus.ACCEPTED, s3, third, "Both sides agreed to the working group.")

    points = [
        (s1, "Circulate terms of reference for the talks", "ACAS", Side.ACAS, _days(first, 5), True),
        (s1, "Send the members' productivity survey", "Union side", Side.UNION, _days(first, 14), True),
        (s2, "Provide the evidence base for the 60% requirement", "Employer side", Side.EMPLOYER,
         _days(second, 14), False),
        (s2, "Consult members on the support-roles offer", "Union side", Side.UNION, _days(second, 18), True),
        (s3, "Confirm in writing that deductions are suspended", "Jonathan Hale", Side.EMPLOYER,
         _days(third, 7), True),
        (s3, "Nominate members of the working group", "Union side", Side.UNION, _days(third, 10), False),
        (s3, "Draft the working group's terms of reference", "ACAS", Side.ACAS, _days(third, 14), False),
    ]  # fmt: skip
    for at, text, owner, side, due, done in points:
        point = talks_service.add_action_point(
            session, at, ActionPointCreate(text=text, owner=owner, owner_side=side, due_on=due)
        )
        if done:
            # Done when it was done, not on the day the demo was made.
            point.done = True
            point.done_on = min(due, story.today)
            session.add(point)
    session.flush()
    return len(ids), offers, len(points)
