"""Documents as plain data, built from the store through its services and redacted once.

Each builder loads what a document needs, fills frozen dataclasses with every
value, then applies the redaction profile in one pass (:func:`_redact`):
fields a profile leaves out become ``None``, members' names become pseudonyms
where the profile says so, and every left-out value is blanked wherever it was
also typed into kept text. Renderers only ever see the redacted document, so
every format inherits the same redaction.

Fields say which redaction item governs them through their metadata
(``field(metadata=item("member.contact"))``); a field without one is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path, PurePath
from typing import Any, Literal, TypeVar

from sqlmodel import Session

from repdesk.domain import clock, rules
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
from repdesk.domain.errors import RepdeskError
from repdesk.domain.filters import ThreatFilter, parse_threat_filter
from repdesk.store import cases as case_service
from repdesk.store import deadlines as deadline_service
from repdesk.store import members as member_service
from repdesk.store import profile as profile_service
from repdesk.store import talks as talks_service
from repdesk.store import threats as threat_service
from repdesk.store.errors import NotFound
from repdesk.store.models import (
    DEFAULT_MARKING,
    Attachment,
    Deadline,
    Member,
    Offer,
    OfferStatusChange,
    ThreatEntry,
)

from .redaction import (
    DEFAULT_PROFILE,
    OTHER_MEMBER,
    REDACTED,
    NameIndex,
    Profile,
    Scrubber,
    Treatment,
    get_profile,
    item,
    name_words,
    pseudonym,
    scrubs,
)

__all__ = [
    "ActionItem",
    "CaseFacts",
    "CaseSummary",
    "DeadlineItem",
    "Document",
    "DocumentKind",
    "EvidenceFile",
    "MemberDetails",
    "MemberRef",
    "OfferItem",
    "Progress",
    "Provenance",
    "SessionItem",
    "StatusStep",
    "TalksRecord",
    "ThreatChronology",
    "ThreatItem",
    "ThreatSelection",
    "TimelineItem",
    "Topic",
    "Working",
    "WorkingInput",
    "build_case_summary",
    "build_talks_record",
    "build_threat_chronology",
    "find_case_id",
    "resolve_member",
]

Progress = Callable[[int, int], None]
"""``on_progress(done, total)``: called as a document is built, so a screen can show how far it got."""

DocumentKind = Literal["case", "threats", "talks"]

T = TypeVar("T")

_PAGE = 1_000


# --------------------------------------------------------------------------- the documents


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
    """A member touched by a threat-log entry."""

    name: str = field(metadata=item("member.name"))
    """Their name, or pseudonym."""
    membership_no: str | None = field(metadata=item("member.membership_no"))
    """Their membership number."""
    email: str | None = field(metadata=item("member.contact"))
    """Their email (carried so a left-out value can be blanked in kept text)."""
    phone: str | None = field(metadata=item("member.contact"))
    """Their phone."""


@dataclass(frozen=True, kw_only=True)
class MemberDetails:
    """The member a case is for.

    Fields mirror :class:`repdesk.store.models.Member`; a field the profile
    leaves out is ``None``, and ``name`` is a pseudonym where it says so.
    """

    name: str = field(metadata=item("member.name"))
    membership_no: str | None = field(metadata=item("member.membership_no"))
    email: str | None = field(metadata=item("member.contact"))
    phone: str | None = field(metadata=item("member.contact"))
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
class DeadlineItem:
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
class ThreatItem:
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
    corrections: tuple[ThreatItem, ...] = ()
    """Entries correcting this one, shown beside it (chronology only)."""


@dataclass(frozen=True, kw_only=True)
class CaseSummary:
    """A case summary: for a full-time officer, a hearing pack or a solicitor."""

    provenance: Provenance = field(metadata={"scrub": False})
    member: MemberDetails
    case: CaseFacts
    timeline: tuple[TimelineItem, ...]
    deadlines: tuple[DeadlineItem, ...]
    threats: tuple[ThreatItem, ...]


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
    entries: tuple[ThreatItem, ...]
    """Entries in date order, each with its corrections beside it."""

    @property
    def flat(self) -> list[ThreatItem]:
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
class ActionItem:
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
class SessionItem:
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
    actions: tuple[ActionItem, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Topic:
    """Every position and offer on one issue, across sessions."""

    topic: str
    offers: tuple[OfferItem, ...]


@dataclass(frozen=True, kw_only=True)
class TalksRecord:
    """The record of ACAS talks: sessions, positions and offers over time, action points."""

    provenance: Provenance = field(metadata={"scrub": False})
    sessions: tuple[SessionItem, ...]

    @property
    def topics(self) -> list[Topic]:
        """Positions and offers grouped by issue, in the order each issue was first raised."""
        grouped: dict[str, list[OfferItem]] = {}
        for session in self.sessions:
            for offer in session.offers:
                grouped.setdefault(offer.topic.strip().casefold(), []).append(offer)
        return [Topic(topic=offers[0].topic.strip(), offers=tuple(offers)) for offers in grouped.values()]

    @property
    def actions(self) -> list[ActionItem]:
        """Every action point, open ones first, then by due date."""
        every = [a for s in self.sessions for a in s.actions]
        return sorted(every, key=lambda a: (a.done, a.due_on is None, a.due_on or date.min, a.session))


Document = CaseSummary | ThreatChronology | TalksRecord


# --------------------------------------------------------------------------- redaction, once


class _Redaction:
    """Applies one profile to one document tree."""

    def __init__(self, profile: Profile, include_caucus: bool) -> None:
        self.profile = profile
        self.include_caucus = include_caucus
        self.pseudonyms: dict[str, str] = {}
        self.dropped: dict[str, str] = {}

    def _fields(self, obj: Any) -> Iterable[tuple[dataclasses.Field[Any], Any]]:
        for f in dataclasses.fields(obj):
            yield f, getattr(obj, f.name)

    def collect(self, obj: Any) -> None:
        """First pass: give pseudonyms in order of appearance and note every left-out value."""
        if isinstance(obj, tuple):
            for value in obj:
                self.collect(value)
            return
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return
        for f, value in self._fields(obj):
            key = f.metadata.get("redaction")
            if key is None:
                if f.metadata.get("scrub", True):
                    self.collect(value)
                continue
            if self.profile.treatment(key) is Treatment.PSEUDONYM:
                if isinstance(value, str) and value not in self.pseudonyms:
                    self.pseudonyms[value] = pseudonym(len(self.pseudonyms))
            elif not self.profile.shows(key, include_caucus=self.include_caucus):
                if not scrubs(key):
                    continue
                for text in value if isinstance(value, tuple) else (value,):
                    if type(text) is str:
                        self.dropped.setdefault(text, REDACTED)
            else:
                self.collect(value)

    def apply(self, obj: T, scrub: Scrubber) -> T:
        """Second pass: the same tree with left-out fields None, names pseudonymised, text scrubbed."""
        return self._apply(obj, scrub)  # type: ignore[no-any-return]

    def _apply(self, obj: Any, scrub: Scrubber) -> Any:
        if type(obj) is str:
            return scrub(obj)
        if isinstance(obj, tuple):
            return tuple(self._apply(value, scrub) for value in obj)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        changes: dict[str, Any] = {}
        for f, value in self._fields(obj):
            key = f.metadata.get("redaction")
            if not f.metadata.get("scrub", True):
                continue
            if key is not None and self.profile.treatment(key) is Treatment.PSEUDONYM:
                alias = self.pseudonyms.get(value, OTHER_MEMBER) if isinstance(value, str) else value
                changes[f.name] = alias
            elif key is not None and not self.profile.shows(key, include_caucus=self.include_caucus):
                changes[f.name] = None
            else:
                changes[f.name] = self._apply(value, scrub)
        return dataclasses.replace(obj, **changes)


_NAMES_CACHE = "repdesk.export.name_index"


def _name_index(session: Session) -> NameIndex:
    """Every member's name and number, compiled once and kept in ``session.info``.

    Exporting many documents in one session reads the member list and builds
    the pattern once; a new session sees members added since.
    """
    cached = session.info.get(_NAMES_CACHE)
    if isinstance(cached, NameIndex):
        return cached
    people: list[tuple[str, str | None]] = []
    offset = 0
    while True:
        page = member_service.list_members(session, limit=_PAGE, offset=offset)
        people.extend((row.name, row.membership_no) for row in page.rows)
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            break
    index = NameIndex(people)
    session.info[_NAMES_CACHE] = index
    return index


def _redact(session: Session, doc: T, profile: Profile, include_caucus: bool) -> T:
    """Apply ``profile`` to ``doc`` once; every format renders the result."""
    redaction = _Redaction(profile, include_caucus)
    redaction.collect(doc)
    values: dict[str, str] = dict(redaction.dropped)
    tokens: dict[str, str] = {}
    names: NameIndex | None = None
    if profile.pseudonymises:
        # Names typed into kept text: this document's members become their pseudonyms,
        # anyone else on the books "[member]", whether written in full or by one name.
        names = _name_index(session)
        for name, alias in redaction.pseudonyms.items():
            values[name] = alias
            for word in name_words(name):
                tokens.setdefault(word, alias)
    return redaction.apply(doc, Scrubber(values, tokens, names))


# --------------------------------------------------------------------------- shared pieces


def _profile(profile: Profile | str) -> Profile:
    return profile if isinstance(profile, Profile) else get_profile(profile)


def _provenance(
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
    me = profile_service.get_profile(session)
    union = ""
    if me is not None:
        rep = me.name
        union = ", ".join(part for part in (me.union, me.branch) if part)
    path = Path(database)
    return Provenance(
        document=document,
        title=title,
        made_at=clock.now(),
        rep=rep or "(no rep profile)",
        union=union,
        database=str(path) if profile.shows("source.path") else path.name,
        profile=profile.name,
        profile_label=profile.label,
        profile_purpose=profile.purpose,
        leaves_out=profile.leaves_out(document, include_caucus=include_caucus),
        include_caucus=include_caucus,
        marking=marking,
    )


def _file(attachment: Attachment) -> EvidenceFile:
    return EvidenceFile(
        path=attachment.path,
        name=PurePath(attachment.path).name,
        description=attachment.description,
        sha256=attachment.sha256,
        size_bytes=attachment.size_bytes,
        attached_at=attachment.attached_at,
    )


def _member_ref(member: Member) -> MemberRef:
    return MemberRef(
        name=member.name, membership_no=member.membership_no, email=member.email, phone=member.phone
    )


def _tick(on_progress: Progress | None, done: int, total: int) -> None:
    if on_progress is not None:
        on_progress(done, max(total, done))


def _threat_item(
    detail: threat_service.ThreatDetail,
    *,
    number: str,
    named: Callable[[Member], bool],
    in_selection: bool = True,
) -> ThreatItem:
    entry = detail.entry
    shown = [m for m in detail.members if named(m)]
    return ThreatItem(
        number=number,
        ref=entry.ref,
        occurred_on=entry.occurred_on,
        occurred_at=entry.occurred_at,
        recorded_at=entry.recorded_at,
        made_by=entry.made_by,
        made_by_role=entry.made_by_role,
        channel=entry.channel,
        audience=entry.audience,
        kind=entry.kind,
        exact_words=entry.exact_words,
        context=entry.context,
        related_to_action=entry.related_to_action,
        protected_activity=entry.protected_activity,
        witnesses=entry.witnesses,
        document_ref=entry.document_ref,
        disputed=entry.disputed,
        status=entry.status,
        status_changed_at=entry.status_changed_at,
        amends=detail.amends.ref if detail.amends else None,
        correction_reason=entry.correction_reason,
        corrected_by=tuple(c.ref for c in detail.corrected_by),
        members=tuple(_member_ref(m) for m in shown),
        other_members=len(detail.members) - len(shown),
        cases=tuple(c.ref for c in detail.cases),
        evidence=tuple(_file(a) for a in detail.evidence),
        in_selection=in_selection,
    )


# --------------------------------------------------------------------------- case summary


def _working(deadline: Deadline, settings: rules.Settings) -> Working | None:
    """A computed deadline's working as saved, checked against today's rules and the rep's settings."""
    checked = deadline_service.check(deadline, settings)
    if not checked.computed:
        return None
    assert deadline.rule_id is not None
    computed = checked.working
    if computed is None:
        saved = dict(deadline.rule_inputs or {})
        return Working(
            rule_id=deadline.rule_id,
            rule_version=deadline.rule_version,
            rule=deadline.rule_id,
            source="",
            inputs=tuple(WorkingInput(key=k, label=k, value=v, shown=v) for k, v in saved.items()),
            steps=(),
            warnings=(),
            alternative="",
            result=None,
            caveat=rules.CHECK_WITH_FTO,
            problem=checked.flag or "",
        )
    return Working(
        rule_id=deadline.rule_id,
        rule_version=deadline.rule_version,
        rule=computed.rule.label,
        source=computed.rule.source,
        inputs=tuple(
            WorkingInput(key=key, label=label, value=computed.inputs[key], shown=shown)
            for key, label, shown in computed.input_rows()
        ),
        steps=tuple(computed.steps),
        warnings=tuple(computed.warnings),
        alternative=computed.alternative_text,
        result=computed.result,
        caveat=computed.caveat,
        problem=checked.flag or "",
    )


def _member_details(member: Member) -> MemberDetails:
    return MemberDetails(
        name=member.name,
        membership_no=member.membership_no,
        email=member.email,
        phone=member.phone,
        job_title=member.job_title,
        work_site=member.work_site,
        department=member.department,
        role_category=member.role_category,
        office_days_required=member.office_days_required,
        work_pattern=member.work_pattern,
        adjustments=member.adjustments,
        adjustments_agreed=member.adjustments_agreed,
        adjustments_agreed_on=member.adjustments_agreed_on,
        flexible_plan=member.flexible_plan,
        flexible_plan_approved=member.flexible_plan_approved,
        flexible_plan_approved_on=member.flexible_plan_approved_on,
        in_action=member.in_action,
        in_action_since=member.in_action_since,
        consent_on=member.consent_on,
        notes=member.notes,
    )


def find_case_id(session: Session, ref: str) -> int:
    """The id of the case with reference ``ref``, or a one-line error."""
    case = case_service.find_case(session, ref)
    if case is None or case.id is None:
        raise NotFound(f"There is no case {ref.strip()!r} in this database; check the reference.")
    return case.id


def build_case_summary(
    session: Session,
    ref: str,
    *,
    profile: Profile | str = DEFAULT_PROFILE,
    database: Path | str,
    rep: str = "",
    on_progress: Progress | None = None,
) -> CaseSummary:
    """The case summary for case ``ref``, redacted for ``profile``."""
    chosen = _profile(profile)
    case_id = find_case_id(session, ref)
    detail = case_service.case_detail(session, case_id)
    settings = deadline_service.rule_settings(session)
    total = 3 + len(detail.threats)
    _tick(on_progress, 1, total)
    timeline = tuple(
        TimelineItem(
            occurred_on=entry.occurred_on,
            kind=entry.kind,
            summary=entry.summary,
            body=entry.body,
            files=tuple(_file(a) for a in detail.attachments.get(entry.id or 0, [])),
        )
        for entry in detail.timeline
    )
    deadlines = tuple(
        DeadlineItem(
            kind=d.kind,
            what=d.what,
            due_on=d.due_on,
            done=d.done,
            done_on=d.done_on,
            notes=d.notes,
            working=_working(d, settings),
        )
        for d in detail.deadlines
    )
    _tick(on_progress, 2, total)
    threats: list[ThreatItem] = []
    for number, entry in enumerate(detail.threats, start=1):
        assert entry.id is not None
        threats.append(
            _threat_item(
                threat_service.threat_detail(session, entry.id),
                number=str(number),
                named=lambda m: m.id == detail.member.id,
            )
        )
        _tick(on_progress, 2 + number, total)
    case = detail.case
    summary = CaseSummary(
        provenance=_provenance(
            session,
            document="case",
            title=f"Case summary: {case.ref}",
            profile=chosen,
            database=database,
            rep=rep,
        ),
        member=_member_details(detail.member),
        case=CaseFacts(
            ref=case.ref,
            title=case.title,
            category=case.category,
            status=case.status,
            outcome=case.outcome,
            priority=case.priority,
            stage=case.stage,
            opened_on=case.opened_on,
            closed_on=case.closed_on,
            next_action=case.next_action,
            next_action_due=case.next_action_due,
            last_activity_on=case.last_activity_on,
            tags=tuple(case.tags),
            summary=case.summary,
        ),
        timeline=timeline,
        deadlines=deadlines,
        threats=tuple(threats),
    )
    redacted = _redact(session, summary, chosen, include_caucus=False)
    _tick(on_progress, total, total)
    return redacted


# --------------------------------------------------------------------------- threat chronology


def resolve_member(session: Session, text: str) -> int:
    """The member meant by a name fragment or membership number, or a one-line error.

    An exact membership number or an exact name (ignoring case) wins over
    fragments that also match other members.
    """
    wanted = text.strip()
    if not wanted:
        raise RepdeskError("Give part of a member's name or their membership number.")
    found = member_service.find_members(session, wanted, limit=11)
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
        page = threat_service.list_threats(session, query, limit=_PAGE, offset=offset)
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
    chosen = _profile(profile)
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
        _tick(on_progress, done, total)
    order = {entry_id: i for i, entry_id in enumerate(selected)}

    def when(entry_id: int) -> tuple[date, time, int]:
        entry: ThreatEntry = load(entry_id).entry
        return (entry.occurred_on, entry.occurred_at or time.min, order.get(entry_id, entry_id))

    roots.sort(key=when)
    named_ids = set(selection.member_ids) | ({case_member} if case_member is not None else set())

    def named(member: Member) -> bool:
        return not named_ids or member.id in named_ids

    entries: list[ThreatItem] = []
    for number, root in enumerate(roots, start=1):
        corrections = tuple(
            _threat_item(
                load(c),
                number=f"{number}{_letter(i)}",
                named=named,
                in_selection=c in chosen_ids,
            )
            for i, c in enumerate(chain(root))
        )
        item_ = _threat_item(load(root), number=str(number), named=named, in_selection=root in chosen_ids)
        entries.append(dataclasses.replace(item_, corrections=corrections))
    chronology = ThreatChronology(
        provenance=_provenance(
            session,
            document="threats",
            title="Threat chronology",
            profile=chosen,
            database=database,
            rep=rep,
        ),
        filter_members=tuple(_member_ref(m) for m in filter_members),
        filter_case=case_ref,
        filter_from=selection.date_from,
        filter_to=selection.date_to,
        filter_kinds=tuple(sorted(selection.kinds, key=list(ThreatKind).index)),
        filter_terms=selection.terms.strip(),
        entries=tuple(entries),
    )
    return _redact(session, chronology, chosen, include_caucus=False)


def _letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


# --------------------------------------------------------------------------- talks record


def _all_session_ids(session: Session) -> list[int]:
    found: list[int] = []
    offset = 0
    while True:
        page = talks_service.list_sessions(session, limit=_PAGE, offset=offset)
        found.extend(row.id for row in page.rows)
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            return found


def _steps(history: Sequence[OfferStatusChange], numbers: dict[int, int]) -> tuple[StatusStep, ...]:
    return tuple(
        StatusStep(
            changed_on=change.changed_on,
            from_status=change.from_status,
            to_status=change.to_status,
            note=change.note,
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
    chosen = _profile(profile)
    if include_caucus and not chosen.shows("talks.caucus", include_caucus=True):
        raise RepdeskError(
            f"The {chosen.name} profile never includes caucus notes; "
            "leave out --include-caucus or choose another profile."
        )
    details = [talks_service.session_detail(session, i) for i in _all_session_ids(session)]
    details.sort(key=lambda d: (d.session.held_on, d.session.starts_at or time.min, d.session.id or 0))
    numbers = {d.session.id: n for n, d in enumerate(details, start=1) if d.session.id is not None}
    sessions: list[SessionItem] = []
    for number, detail in enumerate(details, start=1):
        talks = detail.session
        offers = tuple(_offer(o, number, talks.held_on, detail.history, numbers) for o in detail.offers)
        sessions.append(
            SessionItem(
                number=number,
                held_on=talks.held_on,
                starts_at=talks.starts_at,
                format=talks.format,
                kind=talks.kind,
                venue=talks.venue,
                confidentiality=talks.confidentiality,
                conciliator=talks.conciliator,
                union_attendees=talks.union_attendees,
                employer_attendees=talks.employer_attendees,
                agenda=talks.agenda,
                notes=talks.notes,
                caucus_notes=talks.caucus_notes if include_caucus else None,
                report_back=talks.report_back,
                next_session_on=talks.next_session_on,
                offers=offers,
                actions=tuple(
                    ActionItem(
                        session=number,
                        text=a.text,
                        owner=None if _is_group(a.owner) else a.owner,
                        owner_group=a.owner.strip() if _is_group(a.owner) else "",
                        owner_side=a.owner_side or _GROUPS.get(a.owner.strip().casefold()),
                        due_on=a.due_on,
                        done=a.done,
                        done_on=a.done_on,
                    )
                    for a in detail.actions
                ),
            )
        )
        _tick(on_progress, number, len(details))
    markings = list(dict.fromkeys(s.confidentiality for s in sessions if s.confidentiality.strip()))
    record = TalksRecord(
        provenance=_provenance(
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
    return _redact(session, record, chosen, include_caucus=include_caucus)


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
    return OfferItem(
        session=number,
        tabled_on=held_on,
        topic=offer.topic,
        side=offer.side,
        kind=offer.kind,
        text=offer.text,
        status=offer.status,
        history=_steps(history.get(offer.id or 0, []), numbers),
    )
