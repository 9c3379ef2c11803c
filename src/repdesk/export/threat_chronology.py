"""The threat chronology (``templates/threats.*.j2``): a numbered, dated, neutral list of the threat log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path

from sqlmodel import Session

from repdesk.domain.enums import (
    ThreatKind,
)
from repdesk.domain.errors import RepdeskError
from repdesk.domain.filters import ThreatFilter, parse_threat_filter
from repdesk.domain.units import letters
from repdesk.store import cases as case_service
from repdesk.store import members as member_service
from repdesk.store import threats as threat_service
from repdesk.store.errors import NotFound
from repdesk.store.models import Member, ThreatEntry

from .building import (
    PAGE,
    chronology_entry,
    entry_proofs,
    find_case_id,
    member_ref,
    provenance,
    recomputable,
    redact,
    resolve_profile,
    tick,
)
from .model import ChronologyEntry, Progress, ThreatChronology
from .redaction import DEFAULT_PROFILE, Profile

__all__ = ["ThreatSelection", "build_threat_chronology", "resolve_member"]


@dataclass(frozen=True, kw_only=True)
class ThreatSelection:
    """Which threat-log entries a chronology covers; empty means all of them."""

    member_ids: tuple[int, ...] = ()
    case_ref: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    kinds: frozenset[ThreatKind] = frozenset()
    terms: str = ""
    """The threat log's filter bar as typed (``kind:pay by:jones docked``), applied on top."""


def resolve_member(session: Session, text: str) -> int:
    """The member meant by a name fragment or membership number, or a one-line error.

    An exact membership number or an exact name (ignoring case) wins over
    fragments that also match other members.
    """
    wanted = text.strip()
    if not wanted:
        raise RepdeskError("Give part of a member's name or their membership number.")
    found = member_service.find_members(session, wanted, limit=11, archived=True)  # the record
    if not found:
        raise NotFound(f"No member's name or membership number contains {wanted!r}.")
    if len(found) == 1:
        return found[0][0]
    exact = [
        member_id
        for member_id, name in found
        if name.casefold() == wanted.casefold()
        or (member_service.get_member(session, member_id).membership_no or "") == wanted
    ]
    if len(exact) == 1:
        return exact[0]
    names = ", ".join(name for _id, name in found[:10]) + (", …" if len(found) > 10 else "")
    raise RepdeskError(
        f"{wanted!r} matches {'more than 10' if len(found) > 10 else len(found)} members ({names}); "
        "give more of the name, or the membership number."
    )


def _selected_ids(session: Session, query: ThreatFilter) -> list[int]:
    found: list[int] = []
    offset = 0
    while True:
        page = threat_service.list_threats(session, query, limit=PAGE, offset=offset)
        found.extend(row.id for row in page.rows)
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            return found


def build_threat_chronology(
    session: Session,
    selection: ThreatSelection | None = None,
    *,
    profile: Profile | str = DEFAULT_PROFILE,
    database: Path | str,
    rep: str = "",
    on_progress: Progress | None = None,
) -> ThreatChronology:
    """The threat chronology for ``selection``, redacted for ``profile``.

    An entry that corrects, or is corrected by, a selected entry is always
    shown beside it, even if it falls outside the selection: a chronology must
    never show a corrected entry without its correction.
    """
    chosen = resolve_profile(profile)
    selection = selection or ThreatSelection()
    case_id = find_case_id(session, selection.case_ref) if selection.case_ref else None
    filter_members = [member_service.get_member(session, m) for m in selection.member_ids]
    case_member: int | None = None
    case_ref: str | None = None
    if case_id is not None:
        case = case_service.get_case(session, case_id)
        case_member, case_ref = case.member_id, case.ref
    # The filter bar's terms narrow further; the explicit options win where both say something.
    terms = parse_threat_filter(selection.terms).filter if selection.terms.strip() else ThreatFilter()
    query = replace(
        terms,
        kinds=selection.kinds | terms.kinds,
        date_from=selection.date_from or terms.date_from,
        date_to=selection.date_to or terms.date_to,
        member_ids=frozenset(selection.member_ids),
        case_id=case_id,
    )
    selected = _selected_ids(session, query)
    chosen_ids = set(selected)
    total = len(selected)
    details: dict[int, threat_service.ThreatDetail] = {}

    def load(entry_id: int) -> threat_service.ThreatDetail:
        if entry_id not in details:
            details[entry_id] = threat_service.threat_detail(session, entry_id)
        return details[entry_id]

    # Each entry's root is the first entry of its correction chain.
    def root_of(entry_id: int) -> int:
        seen = {entry_id}
        while (amends := load(entry_id).entry.amends_id) is not None and amends not in seen:
            seen.add(amends)
            entry_id = amends
        return entry_id

    def chain(root: int) -> list[int]:
        out: list[int] = []
        todo = [c.id for c in load(root).corrected_by if c.id is not None]
        while todo:
            current = todo.pop(0)
            if current in out:
                continue
            out.append(current)
            todo.extend(c.id for c in load(current).corrected_by if c.id is not None)
        return out

    roots: list[int] = []
    for done, entry_id in enumerate(selected, start=1):
        root = root_of(entry_id)
        if root not in roots:
            roots.append(root)
        tick(on_progress, done, total)
    order = {entry_id: i for i, entry_id in enumerate(selected)}

    def when(entry_id: int) -> tuple[date, time, int]:
        entry: ThreatEntry = load(entry_id).entry
        return (entry.occurred_on, entry.occurred_at or time.min, order.get(entry_id, entry_id))

    roots.sort(key=when)
    named_ids = set(selection.member_ids) | ({case_member} if case_member is not None else set())

    def named(member: Member) -> bool:
        return not named_ids or member.id in named_ids

    chains = {root: chain(root) for root in roots}
    shown_ids = [i for root in roots for i in (root, *chains[root])]
    proofs = entry_proofs(session, shown_ids, full=recomputable(chosen, "threats"))
    entries: list[ChronologyEntry] = []
    for number, root in enumerate(roots, start=1):
        corrections = tuple(
            chronology_entry(
                load(c),
                number=f"{number}{letters(i).lower()}",
                named=named,
                in_selection=c in chosen_ids,
                proofs=proofs,
            )
            for i, c in enumerate(chains[root])
        )
        item_ = chronology_entry(
            load(root), number=str(number), named=named, in_selection=root in chosen_ids, proofs=proofs
        )
        entries.append(dataclasses.replace(item_, corrections=corrections))
    chronology = ThreatChronology(
        provenance=provenance(
            session,
            document="threats",
            title="Threat chronology",
            profile=chosen,
            database=database,
            rep=rep,
        ),
        filter_members=tuple(member_ref(m) for m in filter_members),
        filter_case=case_ref,
        filter_from=selection.date_from,
        filter_to=selection.date_to,
        filter_kinds=tuple(sorted(selection.kinds, key=list(ThreatKind).index)),
        filter_terms=selection.terms.strip(),
        entries=tuple(entries),
    )
    return redact(session, chronology, chosen, include_caucus=False)
