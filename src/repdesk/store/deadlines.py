"""Computed deadlines: work one out for a case, check saved ones against today's rules, recompute.

A computed deadline keeps its rule id, version and inputs (facts and the
settings used). Reading it rechecks it: its facts are worked again under
today's rule data and the rep's current settings (holiday region, the
Employment Rights Act 2025 commencement). A deadline whose date would now
differ is flagged, never rewritten; :func:`recompute_deadline` rewrites it
when the rep asks, and the audit log records the change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from repdesk.domain import rules
from repdesk.domain.dates import format_date
from repdesk.domain.enums import CaseStatus, DeadlineKind
from repdesk.domain.errors import RepdeskError
from repdesk.domain.rules import Computation, RuleKind, Settings
from repdesk.store.cases import insert_deadline
from repdesk.store.common import check_version, get, validate
from repdesk.store.models import Case, Deadline, Member
from repdesk.store.models.case import DeadlineBase
from repdesk.store.profile import get_profile

__all__ = [
    "DeadlineCheck",
    "FlaggedDeadline",
    "add_computed",
    "check",
    "checks",
    "default_kind",
    "default_what",
    "flagged_deadlines",
    "preview",
    "recompute_deadline",
    "rule_settings",
    "update_computed",
]


def rule_settings(session: Session) -> Settings:
    """The rep's settings for deadline rules, from their profile (safe defaults before it exists)."""
    profile = get_profile(session)
    if profile is None:
        return Settings()
    return Settings(profile.holiday_region, profile.era2025_commencement, profile.era2025_covers_from)


def preview(session: Session, kind: RuleKind | str, values: Mapping[str, object]) -> Computation:
    """Work a deadline out under the rep's settings without saving it (the form's live preview)."""
    return rules.compute(kind, values, rule_settings(session))


_KINDS = {
    RuleKind.TRIBUNAL: DeadlineKind.TRIBUNAL_LIMIT,
    RuleKind.COMPANION: DeadlineKind.HEARING,
    RuleKind.FLEXIBLE_DECISION: DeadlineKind.REPLY_DUE,
    RuleKind.SAR: DeadlineKind.REPLY_DUE,
    RuleKind.WRITTEN_REASONS: DeadlineKind.REPLY_DUE,
    RuleKind.POLICY: DeadlineKind.APPEAL_WINDOW,
}


def default_kind(computation: Computation) -> DeadlineKind:
    """The kind of key date a computation makes, unless the rep says otherwise."""
    return _KINDS[computation.rule.kind]


def default_what(computation: Computation) -> str:
    """A neutral description of a computed deadline, naming the rule and its main date."""
    inputs = computation.inputs
    rule = computation.rule
    if rule.kind is RuleKind.TRIBUNAL:
        act = format_date(date.fromisoformat(inputs["act"]))
        name = rule.name if rule.claim is rules.Claim.MOST else f"{rule.name} limit"
        return f"{name} from {act}"
    if rule.kind is RuleKind.COMPANION:
        proposed = format_date(date.fromisoformat(inputs["proposed"]))
        return f"Latest alternative hearing time if the companion cannot attend on {proposed}"
    return rule.name


def add_computed(
    session: Session,
    case_id: int,
    computation: Computation,
    *,
    kind: DeadlineKind | None = None,
    what: str = "",
    notes: str = "",
) -> Deadline:
    """Save ``computation`` to a case as a deadline that keeps its rule and inputs."""
    data = {
        "kind": kind or default_kind(computation),
        "what": what.strip() or default_what(computation),
        "due_on": computation.result,
        "notes": notes,
    }
    rule = {
        "rule_id": computation.rule.id,
        "rule_version": computation.rule.version,
        "rule_inputs": dict(computation.inputs),
    }
    return insert_deadline(session, case_id, data, rule)


def _facts(deadline: Deadline) -> dict[str, str]:
    return {k: v for k, v in (deadline.rule_inputs or {}).items() if k not in rules.SETTING_KEYS}


def _rewrite(session: Session, deadline: Deadline, computation: Computation) -> Deadline:
    deadline.due_on = computation.result
    deadline.rule_id = computation.rule.id
    deadline.rule_version = computation.rule.version
    deadline.rule_inputs = dict(computation.inputs)
    session.add(deadline)
    session.flush()
    return deadline


def recompute_deadline(session: Session, deadline_id: int, *, version: int) -> Deadline:
    """Work a saved deadline's facts again under today's rules and settings, and save the result.

    The audit log records the old and new date, version and inputs. Raises
    :class:`RepdeskError` if the deadline was not computed by a rule.
    """
    deadline = get(session, Deadline, deadline_id, "deadline")
    check_version(deadline, version, "deadline")
    if deadline.rule_id is None or deadline.rule_inputs is None:
        raise RepdeskError(
            "This deadline was typed in, not worked out by a rule, so there is nothing to recompute."
        )
    computation = rules.recheck(deadline.rule_id, deadline.rule_inputs, rule_settings(session))
    return _rewrite(session, deadline, computation)


def update_computed(
    session: Session,
    deadline_id: int,
    kind: RuleKind | str,
    values: Mapping[str, object],
    *,
    version: int,
    what: str | None = None,
    notes: str | None = None,
    deadline_kind: DeadlineKind | None = None,
) -> Deadline:
    """Change a computed deadline's inputs (or rule) and recompute it, in one audited change."""
    deadline = get(session, Deadline, deadline_id, "deadline")
    check_version(deadline, version, "deadline")
    computation = rules.compute(kind, values, rule_settings(session))
    merged = validate(
        DeadlineBase,
        {
            "kind": deadline_kind or deadline.kind,
            "what": deadline.what if what is None else (what.strip() or default_what(computation)),
            "due_on": computation.result,
            "done": deadline.done,
            "notes": deadline.notes if notes is None else notes,
        },
    )
    deadline.kind, deadline.what, deadline.notes = merged.kind, merged.what, merged.notes
    return _rewrite(session, deadline, computation)


@dataclass(frozen=True)
class DeadlineCheck:
    """A saved deadline set beside its working as saved and what the rules give today.

    ``saved`` is the working exactly as computed (None if it cannot be
    rebuilt); ``now`` is what its facts give under today's rules and settings;
    ``problem`` says, in plain words, why either could not be worked.
    """

    deadline: Deadline
    saved: Computation | None
    now: Computation | None
    problem: str | None = None

    @property
    def computed(self) -> bool:
        """True when a rule worked this deadline out."""
        return self.deadline.rule_id is not None

    @property
    def changed(self) -> bool:
        """True when the rules and settings would now give a different date."""
        return self.now is not None and self.now.result != self.deadline.due_on

    @property
    def flag(self) -> str | None:
        """The sentence shown wherever the deadline is, when it needs the rep: None if all is well."""
        if self.deadline.done:
            return None
        if self.problem is not None:
            return f"The working cannot be checked: {self.problem}"
        if self.changed:
            assert self.now is not None
            return f"The rules now give {format_date(self.now.result)}: check and recompute."
        return None

    @property
    def working(self) -> Computation | None:
        """The working to show: as saved, or (if that cannot be rebuilt) as the rules give it now."""
        return self.saved or self.now


def check(deadline: Deadline, settings: Settings) -> DeadlineCheck:
    """Recheck one saved deadline against today's rules and ``settings``."""
    if deadline.rule_id is None or deadline.rule_inputs is None:
        return DeadlineCheck(deadline, None, None)
    saved: Computation | None = None
    now: Computation | None = None
    problems: list[str] = []
    try:
        saved = rules.recompute(deadline.rule_id, deadline.rule_inputs)
    except RepdeskError as exc:
        problems.append(exc.message)
    try:
        now = rules.recheck(deadline.rule_id, deadline.rule_inputs, settings)
    except RepdeskError as exc:
        problems.append(exc.message)
    return DeadlineCheck(deadline, saved, now, problems[0] if problems else None)


def checks(session: Session, found: Sequence[Deadline]) -> list[DeadlineCheck]:
    """Recheck several deadlines under the rep's current settings (one profile read)."""
    settings = rule_settings(session)
    return [check(deadline, settings) for deadline in found]


@dataclass(frozen=True)
class FlaggedDeadline:
    """An open computed deadline whose date the rules would now give differently."""

    deadline_id: int
    case_id: int
    case_ref: str
    member: str
    what: str
    due_on: date
    flag: str


def flagged_deadlines(session: Session) -> list[FlaggedDeadline]:
    """Open computed deadlines on open cases that need the rep to check and recompute, soonest first.

    Only deadlines a rule computed are rechecked; a rep keeps dozens, so
    working each again on read costs little and can never go stale.
    """
    query = (
        select(Deadline, Case.ref, Member.name)
        .join(Case, col(Case.id) == Deadline.case_id)
        .join(Member, col(Member.id) == Case.member_id)
        .where(
            col(Deadline.rule_id).is_not(None),
            sa.not_(col(Deadline.done)),
            col(Case.status) != CaseStatus.CLOSED,
        )
        .order_by(col(Deadline.due_on), col(Deadline.id))
    )
    rows = list(session.exec(query))
    settings = rule_settings(session)
    flagged = []
    for deadline, ref, member in rows:
        flag = check(deadline, settings).flag
        if flag is not None and deadline.id is not None:
            flagged.append(
                FlaggedDeadline(
                    deadline.id, deadline.case_id, ref, member, deadline.what, deadline.due_on, flag
                )
            )
    return flagged
