"""The vocabulary of repdesk, as closed sets of values.

Each enum's *value* is what is stored in SQLite and written to JSON; its
``label`` is what a rep reads. Values are short, lower-case and stable:
changing one needs a migration.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a human label for screens and exports."""

    @property
    def label(self) -> str:
        """The words a rep reads for this value."""
        return _LABELS.get((type(self), self.value), self.value.replace("_", " ").capitalize())

    @property
    def short(self) -> str:
        """The word a list's narrow column shows ("wait emp.", "no flexi"); filters accept it too."""
        return _SHORT.get((type(self), self.value), self.value.replace("_", " "))

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(label, value) pairs in declaration order, for pickers."""
        return [(member.label, member.value) for member in cls]


class RoleCategory(LabelledEnum):
    """Role category under the disputed hybrid-working policy."""

    OPERATIONAL = "operational"
    SUPPORT = "support"

    @property
    def policy_office_days(self) -> int:
        """Office days a week the disputed policy demands for this category."""
        return 4 if self is RoleCategory.OPERATIONAL else 3


class CaseCategory(LabelledEnum):
    """What a member case is about."""

    ATTENDANCE = "attendance"
    PAY_DEDUCTION = "pay_deduction"
    DISCIPLINARY = "disciplinary"
    GRIEVANCE = "grievance"
    REASONABLE_ADJUSTMENT = "reasonable_adjustment"
    FLEXIBLE_WORKING = "flexible_working"
    DETRIMENT = "detriment"
    CAPABILITY = "capability"
    OTHER = "other"


class CaseStatus(LabelledEnum):
    """Where a case stands."""

    NEW = "new"
    OPEN = "open"
    WAITING_EMPLOYER = "waiting_employer"
    WAITING_MEMBER = "waiting_member"
    ESCALATED = "escalated"
    CLOSED = "closed"

    @property
    def is_active(self) -> bool:
        """True for every status but closed."""
        return self is not CaseStatus.CLOSED


class CaseOutcome(LabelledEnum):
    """How a closed case ended."""

    RESOLVED = "resolved"
    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"
    WITHDRAWN = "withdrawn"
    NO_FURTHER_ACTION = "no_further_action"


class Priority(LabelledEnum):
    """How pressing a case is, as the rep judges it."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class DisciplinaryStage(LabelledEnum):
    """Stages of the ACAS Code of Practice (2015) disciplinary procedure, in order."""

    INVESTIGATION = "investigation"
    NOTICE = "notice"
    HEARING = "hearing"
    DECISION = "decision"
    APPEAL = "appeal"


class TimelineKind(LabelledEnum):
    """Kinds of dated entry on a case timeline."""

    NOTE = "note"
    CALL = "call"
    EMAIL = "email"
    LETTER = "letter"
    MEETING = "meeting"
    HEARING = "hearing"
    OUTCOME = "outcome"
    DOCUMENT = "document"


class DeadlineKind(LabelledEnum):
    """Kinds of key date on a case."""

    INVESTIGATION_MEETING = "investigation_meeting"
    HEARING = "hearing"
    OUTCOME_DUE = "outcome_due"
    APPEAL_WINDOW = "appeal_window"
    TRIBUNAL_LIMIT = "tribunal_limit"
    REPLY_DUE = "reply_due"
    OTHER = "other"


class ThreatChannel(LabelledEnum):
    """How a threat reached the member(s)."""

    EMAIL = "email"
    LETTER = "letter"
    MEETING = "meeting"
    CALL = "call"
    NOTICE = "notice"
    IN_PERSON = "in_person"
    OTHER = "other"


class ThreatAudience(LabelledEnum):
    """Who a threat was addressed to."""

    ONE_MEMBER = "one_member"
    TEAM = "team"
    DEPARTMENT = "department"
    ALL_STAFF = "all_staff"


class ThreatKind(LabelledEnum):
    """What management threatened."""

    PAY_DEDUCTION = "pay_deduction"
    DISCIPLINARY = "disciplinary"
    CAPABILITY = "capability"
    FLEXIBLE_WORKING_WITHDRAWAL = "flexible_working_withdrawal"
    VETTING_PROMOTION = "vetting_promotion"
    OTHER_DETRIMENT = "other_detriment"


class ThreatStatus(LabelledEnum):
    """Follow-up status of a threat-log entry: the one thing about it that may change."""

    LOGGED = "logged"
    RAISED = "raised"
    REFERRED = "referred"
    WITHDRAWN = "withdrawn"
    CARRIED_OUT = "carried_out"


class ProtectedActivity(LabelledEnum):
    """The industrial action or other union activity a threat relates to ("related activity"), if any."""

    NONE = "none"
    INDUSTRIAL_ACTION = "industrial_action"
    UNION_MEMBERSHIP = "union_membership"
    UNION_ACTIVITIES = "union_activities"
    OTHER = "other"


class TalksFormat(LabelledEnum):
    """How a talks session met."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class TalksKind(LabelledEnum):
    """What kind of ACAS session it was."""

    SEPARATE = "separate"
    JOINT = "joint"
    EXPLORATORY = "exploratory"


class Side(LabelledEnum):
    """A party at talks."""

    UNION = "union"
    EMPLOYER = "employer"
    ACAS = "acas"


class OfferKind(LabelledEnum):
    """What was put on the table."""

    POSITION = "position"
    PROPOSAL = "proposal"
    OFFER = "offer"
    COUNTER_OFFER = "counter_offer"


class OfferStatus(LabelledEnum):
    """Where a position or offer stands."""

    TABLED = "tabled"
    CONSIDERING = "considering"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class HolidayRegion(LabelledEnum):
    """Which UK bank-holiday calendar counts for working days."""

    ENGLAND_WALES = "ENG"
    SCOTLAND = "SCT"
    NORTHERN_IRELAND = "NIR"


class AuditAction(LabelledEnum):
    """What happened to a record."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


# Pairs, not a dict keyed by member: members of different enums with the same
# value compare equal (ThreatStatus.WITHDRAWN == OfferStatus.WITHDRAWN), so a
# dict would give one enum's label to the other.
_LABEL_PAIRS: list[tuple[LabelledEnum, str]] = [
    (CaseCategory.ATTENDANCE, "Attendance / hybrid working"),
    (CaseCategory.PAY_DEDUCTION, "Pay deduction"),
    (CaseCategory.REASONABLE_ADJUSTMENT, "Reasonable adjustment"),
    (CaseCategory.FLEXIBLE_WORKING, "Flexible-working request"),
    (CaseCategory.DETRIMENT, "Detriment (union activity / action)"),
    (CaseStatus.WAITING_EMPLOYER, "Waiting on employer"),
    (CaseStatus.WAITING_MEMBER, "Waiting on member"),
    (CaseStatus.ESCALATED, "Escalated (FTO / legal)"),
    (CaseOutcome.NOT_UPHELD, "Not upheld"),
    (CaseOutcome.NO_FURTHER_ACTION, "No further action"),
    (DisciplinaryStage.NOTICE, "Written notice"),
    (DisciplinaryStage.HEARING, "Meeting / hearing"),
    (DisciplinaryStage.DECISION, "Written decision"),
    (DeadlineKind.APPEAL_WINDOW, "Appeal window closes"),
    (DeadlineKind.TRIBUNAL_LIMIT, "Tribunal time limit"),
    (DeadlineKind.INVESTIGATION_MEETING, "Investigation meeting"),
    (ThreatChannel.CALL, "Phone / video call"),
    (ThreatChannel.NOTICE, "Intranet / all-staff notice"),
    (ThreatChannel.IN_PERSON, "In person"),
    (ThreatAudience.ONE_MEMBER, "One member"),
    (ThreatAudience.ALL_STAFF, "All staff"),
    (ThreatKind.DISCIPLINARY, "Disciplinary action"),
    (ThreatKind.CAPABILITY, "Capability / performance"),
    (ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL, "Withdrawal of flexible working"),
    (ThreatKind.VETTING_PROMOTION, "Vetting / promotion impact"),
    (ThreatKind.OTHER_DETRIMENT, "Other detriment"),
    (ThreatStatus.RAISED, "Raised with management"),
    (ThreatStatus.REFERRED, "Referred to FTO / legal"),
    (ThreatStatus.WITHDRAWN, "Withdrawn by employer"),
    (ThreatStatus.CARRIED_OUT, "Carried out"),
    (ProtectedActivity.INDUSTRIAL_ACTION, "Industrial action"),
    (ProtectedActivity.UNION_MEMBERSHIP, "Union membership"),
    (ProtectedActivity.UNION_ACTIVITIES, "Union activities"),
    (TalksKind.SEPARATE, "Separate (union side)"),
    (TalksKind.JOINT, "Joint"),
    (Side.ACAS, "ACAS"),
    (OfferKind.COUNTER_OFFER, "Counter-offer"),
    (OfferStatus.CONSIDERING, "Under consideration"),
    (HolidayRegion.ENGLAND_WALES, "England and Wales"),
    (HolidayRegion.SCOTLAND, "Scotland"),
    (HolidayRegion.NORTHERN_IRELAND, "Northern Ireland"),
]

_LABELS: dict[tuple[type, str], str] = {(type(member), member.value): text for member, text in _LABEL_PAIRS}

# The words narrow list columns show. Filters read them too (``kind:discipline``,
# ``kind:"no flexi"``) and name them when a value is not understood, so what a
# rep reads in a list is what they can type.
_SHORT_PAIRS: list[tuple[LabelledEnum, str]] = [
    (CaseStatus.WAITING_EMPLOYER, "wait emp."),
    (CaseStatus.WAITING_MEMBER, "wait mem."),
    (ThreatKind.PAY_DEDUCTION, "pay"),
    (ThreatKind.DISCIPLINARY, "discipline"),
    (ThreatKind.FLEXIBLE_WORKING_WITHDRAWAL, "no flexi"),
    (ThreatKind.VETTING_PROMOTION, "vetting"),
    (ThreatKind.OTHER_DETRIMENT, "detriment"),
    (ThreatChannel.IN_PERSON, "person"),
    (ThreatAudience.ONE_MEMBER, "one"),
    (ThreatAudience.DEPARTMENT, "dept"),
    (ThreatAudience.ALL_STAFF, "all"),
]

_SHORT: dict[tuple[type, str], str] = {(type(member), member.value): text for member, text in _SHORT_PAIRS}
