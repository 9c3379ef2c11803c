"""What the three builders share: the redaction pass, provenance and the pieces of several documents.

Each builder loads what a document needs, fills the frozen dataclasses of
:mod:`repdesk.export.model` with every value, then applies the redaction
profile in one pass (:func:`redact`): fields a profile leaves out become
``None``, members' names become pseudonyms where the profile says so, and every
left-out value is blanked wherever it was also typed into kept text. Renderers
only ever see the redacted document, so every format inherits the same
redaction.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session

from repdesk.domain import chain as chain_rules
from repdesk.domain import clock
from repdesk.domain.unreadable import is_unreadable
from repdesk.store import cases as case_service
from repdesk.store import chain as chain_service
from repdesk.store import members as member_service
from repdesk.store import profile as profile_service
from repdesk.store import threats as threat_service
from repdesk.store.errors import NotFound, Unreadable
from repdesk.store.models import Attachment, Member

from .model import (
    ChronologyEntry,
    DocumentKind,
    EntryProof,
    EvidenceFile,
    MemberRef,
    Progress,
    Provenance,
)
from .redaction import NameIndex, Person, Profile, Redaction, get_profile

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "PAGE",
    "chronology_entry",
    "copied",
    "entry_proofs",
    "evidence_file",
    "find_case_id",
    "member_ref",
    "provenance",
    "recomputable",
    "redact",
    "resolve_profile",
    "tick",
]

T = TypeVar("T")
D = TypeVar("D", bound="DataclassInstance")

PAGE = 1_000
"""How many rows a builder reads from a service list at a time."""


# --------------------------------------------------------------------------- redaction, once


_NAMES_CACHE = "repdesk.export.name_index"


def _name_index(session: Session) -> NameIndex:
    """Everyone on the books (every member, archived too, and every manager the threat log
    names), kept in ``session.info``.

    Exporting many documents in one session reads them once, and each pattern
    is compiled once; a new session sees people added since.
    """
    cached = session.info.get(_NAMES_CACHE)
    if isinstance(cached, NameIndex):
        return cached
    managers: dict[str, None] = {}
    offset = 0
    while True:
        page = threat_service.list_threats(session, limit=PAGE, offset=offset)
        managers.update(dict.fromkeys(row.made_by for row in page.rows))
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            break
    index = NameIndex((Person(*who) for who in member_service.identities(session)), managers)
    session.info[_NAMES_CACHE] = index
    return index


def _refuse_unreadable(value: object) -> None:
    """Refuse a document carrying a value the store could not read (the desk reads leniently).

    A damaged date is "unreadable" on the desk's screen, where the rep can type
    it again; in a document sent to an officer or a tribunal it would look like
    a fact. So the document is not made, with the same sentence the command line gives.
    """
    if is_unreadable(value):
        raise Unreadable("a value")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            _refuse_unreadable(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_unreadable(item)


def redact(session: Session, doc: T, profile: Profile, include_caucus: bool) -> T:
    """Apply ``profile`` to ``doc`` once; every format renders the result."""
    _refuse_unreadable(doc)
    redaction = Redaction(profile, include_caucus)
    redaction.collect(doc)
    # Whoever a text names, not only the people the document is about: in a branch copy
    # this document's members become their pseudonyms and anyone else on the books "[member]".
    index = _name_index(session) if profile.hides_people else None
    return redaction.apply(doc, redaction.scrubber(index))


# --------------------------------------------------------------------------- shared pieces


def resolve_profile(profile: Profile | str) -> Profile:
    """``profile`` itself, or the profile it names."""
    return profile if isinstance(profile, Profile) else get_profile(profile)


def provenance(
    session: Session,
    *,
    document: DocumentKind,
    title: str,
    profile: Profile,
    database: Path | str,
    rep: str,
    include_caucus: bool = False,
    marking: str = "",
) -> Provenance:
    """The provenance block for a document made now, from ``database``, for ``profile``."""
    me = profile_service.get_profile(session)
    union = ""
    if me is not None:
        rep = me.name
        union = ", ".join(part for part in (me.union, me.branch) if part)
    path = Path(database)
    head = chain_service.head(session) if document in ("threats", "case") else None
    return Provenance(
        document=document,
        title=title,
        made_at=clock.now(),
        rep=rep or "(no rep profile)",
        union=union,
        database=str(path) if profile.shows("source.path") else path.name,
        profile=profile.name,
        profile_label=profile.label,
        profile_purpose=profile.purpose(document),
        leaves_out=profile.leaves_out(document, include_caucus=include_caucus),
        include_caucus=include_caucus,
        marking=marking,
        chain=head,
    )


def recomputable(profile: Profile, document: DocumentKind) -> bool:
    """Whether a copy carries each entry's salt and hashed content: only one that leaves nothing out.

    The salt is what keeps a short left-out field (a manager's name) from being
    guessed against the hash, and the content holds every field verbatim.
    """
    return not profile.leaves_out(document)


def entry_proofs(session: Session, entry_ids: Sequence[int], *, full: bool) -> dict[int, EntryProof]:
    """Each entry's place in the chain, by id; with ``full``, also its salt and the content hashed."""
    logged = chain_service.logging_events(session, entry_ids)
    states = chain_service.entry_states(session, list(logged)) if full else {}
    proofs: dict[int, EntryProof] = {}
    for entry_id, event in logged.items():
        content: Mapping[str, object] | None = None
        state = states.get(entry_id)
        if state is not None:
            # Through the canonical encoding and back: JSON-ready, and re-encoding gives the same bytes.
            content = json.loads(chain_rules.canonical(chain_rules.logged_content(state, event)))
        proofs[entry_id] = EntryProof(
            seq=event.seq,
            event_hash=event.hash,
            prev=event.prev,
            content_hash=str(event.facts.get("content", "")),
            salt=state.salt if state is not None else None,
            content=content,
        )
    return proofs


def copied(kind: type[D], record: object, **given: Any) -> D:
    """A ``kind`` holding ``record``'s values, field by field, but for the fields ``given``.

    The document model names its fields as the store names its columns, so a
    record is copied by name; a field the record lacks keeps its default
    (a chronology entry's ``corrections``, filled in later).
    """
    values = {
        field.name: getattr(record, field.name)
        for field in dataclasses.fields(kind)
        if field.name not in given and hasattr(record, field.name)
    }
    return kind(**values, **given)


def evidence_file(attachment: Attachment) -> EvidenceFile:
    """An attached file as a document lists it."""
    return copied(EvidenceFile, attachment, name=PurePath(attachment.path).name)


def member_ref(member: Member) -> MemberRef:
    """A member touched by a threat-log entry, as a document names them."""
    return copied(MemberRef, member)


def tick(on_progress: Progress | None, done: int, total: int) -> None:
    """Report progress, if anyone asked for it."""
    if on_progress is not None:
        on_progress(done, max(total, done))


def chronology_entry(
    detail: threat_service.ThreatDetail,
    *,
    number: str,
    named: Callable[[Member], bool],
    in_selection: bool = True,
    proofs: Mapping[int, EntryProof] | None = None,
) -> ChronologyEntry:
    """One threat-log entry, numbered ``number``, naming only the members ``named`` accepts,
    with its place in the chain from ``proofs`` (by entry id)."""
    entry = detail.entry
    shown = [m for m in detail.members if named(m)]
    return copied(
        ChronologyEntry,
        entry,
        number=number,
        amends=detail.amends.ref if detail.amends else None,
        corrected_by=tuple(c.ref for c in detail.corrected_by),
        members=tuple(member_ref(m) for m in shown),
        other_members=len(detail.members) - len(shown),
        cases=tuple(c.ref for c in detail.cases),
        evidence=tuple(evidence_file(a) for a in detail.evidence),
        in_selection=in_selection,
        proof=(proofs or {}).get(entry.id or 0),
    )


def find_case_id(session: Session, ref: str) -> int:
    """The id of the case with reference ``ref``, or a one-line error."""
    case = case_service.find_case(session, ref)
    if case is None or case.id is None:
        raise NotFound(f"There is no case {ref.strip()!r} in this database; check the reference.")
    return case.id
