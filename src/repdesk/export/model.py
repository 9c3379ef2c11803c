"""The documents as plain data: frozen dataclasses a builder fills and every renderer reads.

Fields say which redaction item governs them through their metadata
(``field(metadata=item("member.contact"))``); a field without one is kept.
The builders (:mod:`.case_summary`, :mod:`.threat_chronology`,
:mod:`.talks_record`) fill them, and :class:`repdesk.export.redaction.Redaction`
applies a profile to them, once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from repdesk.domain import chain as chain_rules
from repdesk.domain.enums import (
    CaseCategory,
    CaseOutcome,
    CaseStatus,
    DeadlineKind,
    DisciplinaryStage,
    OfferKind,
    OfferStatus,
    Priority,
    ProtectedActivity,
    RoleCategory,
    Side,
    TalksFormat,
    TalksKind,
    ThreatAudience,
    ThreatChannel,
    ThreatKind,
    ThreatStatus,
    TimelineKind,
)
from repdesk.store.chain import ChainHead

from .redaction import item

__all__ = [
    "AgreedAction",
    "CaseDeadline",
    "CaseFacts",
    "CaseSummary",
    "ChronologyEntry",
    "Document",
    "DocumentKind",
    "EntryProof",
    "EvidenceFile",
    "HistoryItem",
    "MemberCase",
    "MemberDetails",
    "MemberRecord",
    "MemberRef",
    "OfferItem",
    "Progress",
    "Provenance",
    "SessionRecord",
    "StatusStep",
    "SubjectAccess",
    "TalksRecord",
    "ThreatChronology",
    "TimelineItem",
    "Topic",
    "Working",
    "WorkingInput",
]

Progress = Callable[[int, int], None]
"""``on_progress(done, total)``: called as a document is built, so a screen can show how far it got."""

DocumentKind = Literal["case", "threats", "talks", "member"]


@dataclass(frozen=True, kw_only=True)
class EntryProof:
    """Where a threat-log entry sits in the chain, and what its logging event committed to.

    Every copy carries the hashes, so ``repdesk verify --export`` can check the
    entry against the database's chain; only a copy that leaves nothing out
    also carries the salt and the exact content hashed, so a reader can
    recompute ``content_hash = SHA-256(salt ‖ canonical content)`` themselves.
    """

    seq: int
    """The number of the event that logged the entry."""
    event_hash: str
    """That event's hash."""
    prev: str
    """The hash of the event before it."""
    content_hash: str
    """The salted content hash the event committed to."""
    salt: str | None = field(default=None, metadata={"omit_none": True})
    """The entry's salt (hex): in a copy that leaves nothing out only."""
    content: Mapping[str, Any] | None = field(default=None, metadata={"omit_none": True})
    """The content exactly as hashed (stored values, links and evidence hashes at logging):
    in a copy that leaves nothing out only."""
    short: str = field(init=False)
    """The content hash as a rep reads it (``a1b2 c3d4 e5f6``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "short", chain_rules.short(self.content_hash))


@dataclass(frozen=True, kw_only=True)
class Provenance:
    """When, by whom, from where and how redacted a document was made. Never scrubbed."""

    document: DocumentKind
    """Which document this is."""
    title: str
    """Its heading."""
    made_at: datetime
    """When it was made (from :func:`repdesk.domain.clock.now`, so tests can freeze it)."""
    rep: str
    """The rep who made it (their profile name, else their repdesk name)."""
    union: str
    """The rep's union and branch, as their profile gives them."""
    database: str
    """The database it came from: the full path in a full copy, else the file name."""
    profile: str
    """The redaction profile's name."""
    profile_label: str
    """The profile as a heading says it ("Officer copy")."""
    profile_purpose: str
    """Who the profile is for."""
    leaves_out: tuple[str, ...]
    """What the profile leaves out or pseudonymises, in words."""
    include_caucus: bool
    """Whether talks caucus notes were asked for."""
    marking: str
    """A confidentiality marking to show on every page ("" if none)."""
    chain: ChainHead | None = None
    """The threat log's chain head then (threat chronologies and case summaries; None for an empty log):
    what ``repdesk verify --extends`` takes."""


@dataclass(frozen=True, kw_only=True)
class EvidenceFile:
    """A file attached to a timeline entry or a threat-log entry."""

    path: str | None = field(metadata=item("file.path"))
    """Where the file was on the rep's computer."""
    name: str | None = field(metadata=item("file.name"))
    """The file's name."""
    description: str = field(metadata=item("file.facts"))
    """What the file is."""
    sha256: str = field(metadata=item("file.facts"))
    """SHA-256 of the file when it was attached."""
    size_bytes: int = field(metadata=item("file.facts"))
    """Its size then."""
    attached_at: datetime = field(metadata=item("file.facts"))
    """When it was attached."""


@dataclass(frozen=True, kw_only=True)
class MemberRef:
    """A member touched by a threat-log entry: who they are and how to reach them."""

    name: str = field(metadata=item("member.name"))
    """Their name, or pseudonym."""
    membership_no: str | None = field(metadata=item("member.membership_no"))
    """Their membership number."""
    email: str | None = field(metadata=item("member.contact"))
    """Their email (carried so a left-out value can be blanked in kept text)."""
    phone: str | None = field(metadata=item("member.contact"))
    """Their phone."""


@dataclass(frozen=True, kw_only=True)
class MemberDetails(MemberRef):
    """The member a case is for: a :class:`MemberRef` and the rest of their record.

    Fields mirror :class:`repdesk.store.models.Member`; a field the profile
    leaves out is ``None``, and ``name`` is a pseudonym where it says so.
    """

    job_title: str | None = field(metadata=item("member.job"))
    work_site: str | None = field(metadata=item("member.job"))
    department: str = field(metadata=item("member.role"))
    role_category: RoleCategory = field(metadata=item("member.role"))
    office_days_required: int = field(metadata=item("member.role"))
    work_pattern: str = field(metadata=item("member.role"))
    adjustments: str | None = field(metadata=item("member.adjustments"))
    adjustments_agreed: bool | None = field(metadata=item("member.adjustments"))
    adjustments_agreed_on: date | None = field(metadata=item("member.adjustments"))
    flexible_plan: str | None = field(metadata=item("member.flexible_plan"))
    flexible_plan_approved: bool = field(metadata=item("member.role"))
    flexible_plan_approved_on: date | None = field(metadata=item("member.role"))
    in_action: bool = field(metadata=item("member.action"))
    in_action_since: date | None = field(metadata=item("member.action"))
    consent_on: date | None = field(metadata=item("member.consent"))
    notes: str | None = field(metadata=item("member.notes"))


@dataclass(frozen=True, kw_only=True)
class CaseFacts:
    """The case itself; fields mirror :class:`repdesk.store.models.Case`."""

    ref: str
    title: str
    category: CaseCategory
    status: CaseStatus
    outcome: CaseOutcome | None
    priority: Priority
    stage: DisciplinaryStage | None
    opened_on: date
    closed_on: date | None
    next_action: str
    next_action_due: date | None
    last_activity_on: date
    tags: tuple[str, ...] | None = field(metadata=item("case.tags"))
    summary: str | None = field(metadata=item("case.summary"))


@dataclass(frozen=True, kw_only=True)
class TimelineItem:
    """One dated entry on a case's timeline, with the files attached to it."""

    occurred_on: date
    kind: TimelineKind
    summary: str
    body: str | None = field(metadata=item("timeline.body"))
    files: tuple[EvidenceFile, ...] = ()


@dataclass(frozen=True, kw_only=True)
class WorkingInput:
    """One input a rule used, as saved and as a rep reads it."""

    key: str
    label: str
    value: str
    shown: str


@dataclass(frozen=True, kw_only=True)
class Working:
    """How a computed deadline was worked out, redone from its saved rule and inputs."""

    rule_id: str
    rule_version: int | None
    rule: str
    """Rule name and version, e.g. "Tribunal time limit (v2)"."""
    source: str
    inputs: tuple[WorkingInput, ...]
    steps: tuple[str, ...]
    warnings: tuple[str, ...]
    """What the rep must not miss (a weekend limit, EC begun before the act, ...)."""
    alternative: str
    """The other date where readings or an unconfirmed law differ, and why; or ""."""
    result: date | None
    caveat: str
    problem: str
    """Empty, or the flag when today's rules and settings give another date (or cannot check it)."""


@dataclass(frozen=True, kw_only=True)
class CaseDeadline:
    """A key date on a case; fields mirror :class:`repdesk.store.models.Deadline`.

    ``working`` is the computation redone from the saved rule and inputs
    (None for a date the rep typed).
    """

    kind: DeadlineKind
    what: str
    due_on: date
    done: bool
    done_on: date | None
    notes: str
    working: Working | None


@dataclass(frozen=True, kw_only=True)
class ChronologyEntry:
    """One threat-log entry, as a chronology lists it.

    Fields mirror :class:`repdesk.store.models.ThreatEntry`, plus its number in
    the document, its links (as references and names) and its corrections.
    """

    number: str
    """Its number in this document ("3"; corrections "3a", "3b")."""
    ref: str
    occurred_on: date
    occurred_at: time | None
    recorded_at: datetime
    made_by: str | None = field(metadata=item("threat.made_by"))
    made_by_role: str
    channel: ThreatChannel
    audience: ThreatAudience
    kind: ThreatKind
    exact_words: str
    context: str
    related_to_action: bool
    protected_activity: ProtectedActivity
    witnesses: str | None = field(metadata=item("threat.witnesses"))
    document_ref: str
    disputed: bool
    status: ThreatStatus
    status_changed_at: datetime | None
    amends: str | None
    """Reference of the entry this one corrects."""
    correction_reason: str
    corrected_by: tuple[str, ...]
    """References of later entries correcting this one."""
    members: tuple[MemberRef, ...]
    """Members touched that this document names."""
    other_members: int
    """Members touched that this document does not name (outside its selection)."""
    cases: tuple[str, ...]
    evidence: tuple[EvidenceFile, ...]
    in_selection: bool = True
    """False for an entry shown only because it corrects, or is corrected by, one selected."""
    corrections: tuple[ChronologyEntry, ...] = ()
    """Entries correcting this one, shown beside it (chronology only)."""
    proof: EntryProof | None = field(default=None, metadata={"scrub": False})
    """Its place in the threat log's chain (None if no event logged it: verify would say so)."""


@dataclass(frozen=True, kw_only=True)
class CaseSummary:
    """A case summary: for a full-time officer, a hearing pack or a solicitor."""

    provenance: Provenance = field(metadata={"scrub": False})
    member: MemberDetails
    case: CaseFacts
    timeline: tuple[TimelineItem, ...]
    deadlines: tuple[CaseDeadline, ...]
    threats: tuple[ChronologyEntry, ...]


@dataclass(frozen=True, kw_only=True)
class ThreatChronology:
    """A numbered, dated, neutral chronology of the threat log."""

    provenance: Provenance = field(metadata={"scrub": False})
    filter_members: tuple[MemberRef, ...]
    filter_case: str | None
    filter_from: date | None
    filter_to: date | None
    filter_kinds: tuple[ThreatKind, ...]
    filter_terms: str = ""
    """The filter bar's text, when the chronology came from the threat log's current filter."""
    entries: tuple[ChronologyEntry, ...]
    """Entries in date order, each with its corrections beside it."""

    @property
    def flat(self) -> list[ChronologyEntry]:
        """Every entry in document order, corrections straight after what they correct."""
        return [shown for entry in self.entries for shown in (entry, *entry.corrections)]


@dataclass(frozen=True, kw_only=True)
class StatusStep:
    """One step in a position's or offer's status over time."""

    changed_on: date
    from_status: OfferStatus | None
    to_status: OfferStatus
    note: str
    session: int | None
    """Number of the session it was noted at."""


@dataclass(frozen=True, kw_only=True)
class OfferItem:
    """A position, proposal or offer, with its status over time."""

    session: int
    """Number of the session it was tabled at."""
    tabled_on: date
    topic: str
    side: Side
    kind: OfferKind
    text: str
    status: OfferStatus
    history: tuple[StatusStep, ...]


@dataclass(frozen=True, kw_only=True)
class AgreedAction:
    """An action point agreed at a session."""

    session: int
    text: str
    owner: str | None = field(metadata=item("talks.action_owner"))
    """The person who owns it (None when the owner is a side, not a person)."""
    owner_group: str = ""
    """The owner when it is a side or group ("ACAS", "Union side"), which no profile hides."""
    owner_side: Side | None = None
    due_on: date | None = None
    done: bool = False
    done_on: date | None = None


@dataclass(frozen=True, kw_only=True)
class SessionRecord:
    """One ACAS talks session."""

    number: int
    held_on: date
    starts_at: time | None
    format: TalksFormat
    kind: TalksKind
    venue: str
    confidentiality: str
    conciliator: str | None = field(metadata=item("talks.people"))
    union_attendees: str | None = field(metadata=item("talks.people"))
    employer_attendees: str | None = field(metadata=item("talks.people"))
    agenda: str = ""
    notes: str | None = field(metadata=item("talks.notes"))
    caucus_notes: str | None = field(metadata=item("talks.caucus"))
    report_back: str = ""
    next_session_on: date | None = None
    offers: tuple[OfferItem, ...] = ()
    actions: tuple[AgreedAction, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Topic:
    """Every position and offer on one issue, across sessions."""

    topic: str
    offers: tuple[OfferItem, ...]


@dataclass(frozen=True, kw_only=True)
class TalksRecord:
    """The record of ACAS talks: sessions, positions and offers over time, action points."""

    provenance: Provenance = field(metadata={"scrub": False})
    sessions: tuple[SessionRecord, ...]

    @property
    def topics(self) -> list[Topic]:
        """Positions and offers grouped by issue, in the order each issue was first raised."""
        grouped: dict[str, list[OfferItem]] = {}
        for session in self.sessions:
            for offer in session.offers:
                grouped.setdefault(offer.topic.strip().casefold(), []).append(offer)
        return [Topic(topic=offers[0].topic.strip(), offers=tuple(offers)) for offers in grouped.values()]

    @property
    def actions(self) -> list[AgreedAction]:
        """Every action point, open ones first, then by due date."""
        every = [a for s in self.sessions for a in s.actions]
        return sorted(every, key=lambda a: (a.done, a.due_on is None, a.due_on or date.min, a.session))


@dataclass(frozen=True, kw_only=True)
class MemberRecord(MemberDetails):
    """A member's whole stored record: :class:`MemberDetails` and the record's own bookkeeping."""

    id: int
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


@dataclass(frozen=True, kw_only=True)
class HistoryItem:
    """One line of a record's history, as the desk's history screen shows it."""

    at: datetime
    text: str


@dataclass(frozen=True, kw_only=True)
class MemberCase:
    """One of a member's cases, with its timeline, deadlines and history."""

    case: CaseFacts
    timeline: tuple[TimelineItem, ...]
    deadlines: tuple[CaseDeadline, ...]
    history: tuple[HistoryItem, ...]


@dataclass(frozen=True, kw_only=True)
class SubjectAccess:
    """Everything the file holds about one member (UK GDPR Art. 15): their own copy, nothing left out."""

    provenance: Provenance = field(metadata={"scrub": False})
    member: MemberRecord
    cases: tuple[MemberCase, ...]
    threats: tuple[ChronologyEntry, ...]
    """The threat-log entries naming them, in date order, corrections beside what they correct."""
    history: tuple[HistoryItem, ...]
    """The history of their member record, newest first."""


Document = CaseSummary | ThreatChronology | TalksRecord | SubjectAccess
