"""Case services: cases, their timelines and deadlines, and the urgency-ordered list.

The urgency score's SQL lives in :mod:`repdesk.store.urgency`, attached files
in :mod:`repdesk.store.attachments`; the names callers know from here are
re-exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from repdesk.domain import clock
from repdesk.domain.enums import CaseOutcome, CaseStatus, Priority
from repdesk.domain.filters import CaseFilter
from repdesk.domain.urgency import Urgency
from repdesk.store import search
from repdesk.store.attachments import attach, attachments_for_entries
from repdesk.store.common import (
    Fields,
    Page,
    apply_update,
    changed_values,
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
    next_reference,
    page_bounds,
    stamp_done,
    validate,
)
from repdesk.store.errors import Invalid
from repdesk.store.models import (
    Attachment,
    AttachmentCreate,
    Case,
    CaseBase,
    CaseCreate,
    CaseUpdate,
    Deadline,
    DeadlineCreate,
    DeadlineUpdate,
    Member,
    ThreatCase,
    ThreatEntry,
    TimelineEntry,
    TimelineEntryCreate,
    TimelineEntryUpdate,
)
from repdesk.store.rows import CaseRow as CaseRow  # re-exported: the Cases list's row
from repdesk.store.rows import case_row

# Re-exported: the Cases screen and the tests read the score through the case services.
from repdesk.store.urgency import case_urgency as case_urgency
from repdesk.store.urgency import next_due as next_due
from repdesk.store.urgency import next_due_expr, urgency_expr
from repdesk.store.urgency import refresh_scores as refresh_scores
from repdesk.store.urgency import scores_current as scores_current

# --- cases -------------------------------------------------------------------


def create_case(session: Session, data: Fields) -> Case:
    """Open a case with the next free reference for its opening year."""
    data = validate(CaseCreate, data)
    get(session, Member, data.member_id, "member")
    ref = next_reference(session, "C", data.opened_on.year)
    return insert(session, Case, data, ref=ref, last_activity_on=data.opened_on)


def get_case(session: Session, case_id: int) -> Case:
    """One case, or NotFound."""
    return get(session, Case, case_id, "case")


def find_case(session: Session, ref: str) -> Case | None:
    """A case by its reference (case-insensitive), or None."""
    return session.exec(select(Case).where(func.upper(Case.ref) == ref.strip().upper())).first()


NOT_ACTIVITY = frozenset({"status", "outcome", "closed_on", "priority", "tags"})
"""Case fields that file a case rather than work on it: changing them is not activity.

Activity is what the idle part of the urgency score measures, time since
something happened on the case: a timeline entry, or the rep changing its
facts (title, summary, stage, next action...). Moving its status or priority,
or its tags, says nothing happened, so it never makes a neglected case look
fresh (and drop down the list).
"""


def update_case(session: Session, case_id: int, data: Fields) -> Case:
    """Change a case; changing its facts counts as activity (see :data:`NOT_ACTIVITY`).

    Closing fills in today's date if none given. A field set to the value it
    already has changes nothing: no new version, no audit row.
    """
    data = validate(CaseUpdate, data)
    case = get_case(session, case_id)
    changes = data.changes()
    if changes.get("status") == CaseStatus.CLOSED and "closed_on" not in changes and case.closed_on is None:
        data = data.model_copy(update={"closed_on": clock.today()})
        data.model_fields_set.add("closed_on")
    if "status" in changes and changes["status"] != CaseStatus.CLOSED:
        for field in ("outcome", "closed_on"):
            if field not in changes:
                data = data.model_copy(update={field: None})
                data.model_fields_set.add(field)
    changed = changed_values(case, data, "case")
    if set(changed) - NOT_ACTIVITY:
        case.last_activity_on = max(case.last_activity_on, clock.today())
    for name, value in changed.items():
        setattr(case, name, value)
    session.add(case)
    session.flush()  # one flush, so the version moves once per change
    return case


def set_status(
    session: Session,
    case_id: int,
    status: CaseStatus,
    *,
    version: int,
    outcome: CaseOutcome | None = None,
) -> Case:
    """Move a case to ``status`` (closing needs an outcome)."""
    changes: dict[str, object] = {"version": version, "status": status}
    if outcome is not None:
        changes["outcome"] = outcome
    return update_case(session, case_id, changes)


def set_priority(session: Session, case_id: int, priority: Priority, *, version: int) -> Case:
    """Change a case's priority."""
    return update_case(session, case_id, {"version": version, "priority": priority})


RESTORABLE = (
    "status",
    "outcome",
    "closed_on",
    "priority",
    "title",
    "category",
    "stage",
    "opened_on",
    "next_action",
    "next_action_due",
    "tags",
    "summary",
    "last_activity_on",
)
"""The case fields a change records and an undo puts back (the activity date too, so the score)."""


@dataclass(frozen=True)
class CaseChange:
    """What one change did to some cases, so that it can be taken back exactly.

    ``before`` holds each case's :data:`RESTORABLE` fields as they were;
    ``after`` the version each case had once changed, so an undo refuses a
    case someone changed since. A case the change left as it was is in neither.
    """

    before: dict[int, dict[str, Any]]
    after: dict[int, int]

    @property
    def changed(self) -> int:
        """How many cases the change changed (0: it wrote nothing)."""
        return len(self.before)


def _snapshot(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in RESTORABLE}


def case_state(session: Session, case_id: int) -> CaseChange:
    """A case as it is now, to be put back by :func:`restore_cases` after what is done next.

    For changes that move a case through a trigger rather than an update (a
    timeline entry moves its activity date): undoing one deletes what it added,
    then restores this.
    """
    case = get_case(session, case_id)
    return CaseChange({case_id: _snapshot(case)}, {case_id: case.version})


def edit_case(session: Session, case_id: int, changes: dict[str, Any], *, version: int) -> CaseChange:
    """Change some of a case's fields (validated here, like every update); returns how to undo it.

    If every field already had the value given, nothing is written and the
    change returned is empty (``changed == 0``).
    """
    state = case_state(session, case_id)
    changed = update_case(session, case_id, {"version": version, **changes})
    if changed.version == version:
        return CaseChange({}, {})
    return CaseChange(state.before, {case_id: changed.version})


def change_cases(
    session: Session,
    versions: dict[int, int],
    *,
    status: CaseStatus | None = None,
    outcome: CaseOutcome | None = None,
    priority: Priority | None = None,
) -> CaseChange:
    """Set the status (with its outcome) and/or priority of several cases as one change.

    ``versions`` maps each case id to the version the rep saw; a case changed
    elsewhere since is refused and nothing is changed (the caller's
    transaction rolls back). Returns what the change did, for :func:`restore_cases`;
    a case that already had the status or priority is left as it was, and out of it.
    """
    changes: dict[str, Any] = {}
    if status is not None:
        changes["status"] = status
        if outcome is not None:
            changes["outcome"] = outcome
    if priority is not None:
        changes["priority"] = priority
    if not changes:
        raise Invalid.one("status", "Choose a status or a priority to change.")
    before: dict[int, dict[str, Any]] = {}
    after: dict[int, int] = {}
    for case_id, version in versions.items():
        step = edit_case(session, case_id, changes, version=version)
        before.update(step.before)
        after.update(step.after)
    return CaseChange(before, after)


def restore_cases(session: Session, change: CaseChange) -> int:
    """Put back exactly what ``change`` found, activity date included (so the score too).

    Audited like any update. Refuses, changing nothing, if a case was changed
    since (its version moved on) or deleted. Returns how many cases it restored.
    """
    for case_id, fields in change.before.items():
        case = get_case(session, case_id)
        check_version(case, change.after[case_id], "case")
        editable = {n: getattr(case, n) for n in CaseBase.model_fields}
        merged = validate(CaseBase, {**editable, **{n: v for n, v in fields.items() if n in editable}})
        for name in RESTORABLE:
            setattr(case, name, getattr(merged, name) if name in editable else fields[name])
        session.add(case)
    session.flush()
    return len(change.before)


def delete_case(session: Session, case_id: int, *, version: int) -> Case:
    """Delete a case as the rep saw it, with its timeline, attachments and deadlines.

    What goes with it is deleted row by row, so the audit log keeps each one
    (the database's cascade would remove them unrecorded). Threat-log entries
    linked to the case stay in the log; only the link goes. A case gone or
    changed since ``version`` is refused, and the caller's transaction rolls
    all of it back. Returns the case deleted (its values still readable).
    """
    entries = timeline(session, case_id)
    _delete_files(session, [entry.id or 0 for entry in entries])
    links = select(ThreatCase).where(ThreatCase.case_id == case_id)
    for row in [*entries, *deadlines(session, case_id), *session.exec(links)]:
        session.delete(row)
    session.flush()  # before the case, for the same reason as the files
    return delete(session, Case, case_id, version, "case")


def _filter_conditions(
    query: CaseFilter, today: date, *, in_score_order: bool = False
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if query.statuses:
        conditions.append(col(Case.status).in_(sorted(query.statuses)))
    elif not query.include_closed:
        conditions.append(col(Case.status) != CaseStatus.CLOSED)
    if query.priorities:
        conditions.append(col(Case.priority).in_(sorted(query.priorities)))
    if query.categories:
        conditions.append(col(Case.category).in_(sorted(query.categories)))
    if query.member_id is not None:
        conditions.append(col(Case.member_id) == query.member_id)
    if query.member.strip():
        # A subquery, not a join: the count then reads the case table alone.
        pattern = like_pattern(query.member.strip())
        named = select(Member.id).where(
            sa.or_(
                col(Member.name).like(pattern, escape="\\"),
                col(Member.membership_no).like(pattern, escape="\\"),
                search.matches(col(Member.id), query.member, search.Kind.MEMBER),
            )
        )
        conditions.append(col(Case.member_id).in_(named))
    for tag in sorted(query.tags):
        tags = sa.func.json_each(col(Case.tags)).table_valued("value")
        conditions.append(sa.exists(select(1).select_from(tags).where(tags.c.value == tag.lower())))
    if query.due_within_days is not None:
        limit = date.fromordinal(today.toordinal() + query.due_within_days)
        conditions.append(next_due_expr() <= limit)
    if query.text.strip():
        matching = search.matching_case_ids(query.text)
        if matching is not None:
            # For a page in score order, "id + 0" keeps SQLite from fetching every
            # match by id and sorting them (60 ms for "pay" at 100,000 cases): it walks
            # the score index instead and stops at the page's last row (6 ms), never
            # worse than one pass over that index (25 ms) when nothing matches.
            target = (col(Case.id) + 0) if in_score_order else col(Case.id)
            conditions.append(target.in_(matching))
    return conditions


def cases_in_view(session: Session, query: CaseFilter, case_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, reference) of those of ``case_ids`` the list filtered by ``query`` shows, by reference.

    What a bulk change on marked cases may touch: a marked case the filter
    now hides is not among them.
    """
    today = clock.today()
    conditions = _filter_conditions(query, today)
    found: list[tuple[int, str]] = []
    for chunk in chunks(ids(case_ids)):
        statement = select(Case.id, Case.ref).where(col(Case.id).in_(chunk), *conditions)
        found.extend((int(ident or 0), ref) for ident, ref in session.exec(statement))
    return sorted(found, key=lambda found_case: found_case[1])


_SORTS: dict[str, list[Any]] = {
    "ref": [col(Case.ref)],
    "opened": [col(Case.opened_on).desc(), col(Case.id).desc()],
}


def list_cases(
    session: Session, query: CaseFilter | None = None, *, limit: int = 100, offset: int = 0
) -> Page[CaseRow]:
    """Cases filtered and ordered in SQL, most urgent first by the stored score when it is today's.

    One page of light rows; ``total`` counts every match.
    """
    query = query or CaseFilter()
    limit, offset = page_bounds(limit, offset)
    today = clock.today()
    total = count(session, Case, *_filter_conditions(query, today))
    # The stored score when it is today's (read off the index), else scored in the query.
    stored = scores_current(session, today)
    score = (col(Case.urgency) if stored else urgency_expr(today)).label("score")
    due = next_due_expr().label("next_due")
    order: list[Any]
    if query.sort == "due":
        order = [due.is_(None), due, score.desc()]
    else:
        order = _SORTS.get(query.sort, [score.desc(), col(Case.id)])
    conditions = _filter_conditions(
        query, today, in_score_order=stored and query.sort not in (*_SORTS, "due")
    )
    rows = fetch(
        session,
        sa.select(
            *columns(
                Case.id,
                Case.ref,
                Case.title,
                Case.member_id,
                Member.name,
                Case.category,
                Case.status,
                Case.priority,
                Case.opened_on,
                Case.next_action,
                due,
                Case.last_activity_on,
                score,
                Case.version,
            )
        )
        .join(Member, col(Member.id) == Case.member_id)
        .where(*conditions)
        .order_by(*order)
        .limit(limit)
        .offset(offset),
    )
    return Page([case_row(row) for row in rows], total, offset)


# --- timeline and attachments ------------------------------------------------


def add_timeline_entry(session: Session, case_id: int, data: Fields) -> TimelineEntry:
    """Add a dated entry to a case's timeline (a trigger moves the case's last-activity date)."""
    data = validate(TimelineEntryCreate, data)
    get_case(session, case_id)
    return insert(session, TimelineEntry, data, case_id=case_id)


def get_timeline_entry(session: Session, entry_id: int) -> TimelineEntry:
    """One timeline entry, or NotFound."""
    return get(session, TimelineEntry, entry_id, "timeline entry")


def update_timeline_entry(session: Session, entry_id: int, data: Fields) -> TimelineEntry:
    """Change a timeline entry as the rep saw it (``version`` in ``data``): only the fields that change.

    A later date moves the case's last-activity date (a trigger), as a new entry does.
    """
    data = validate(TimelineEntryUpdate, data)
    return apply_update(session, get_timeline_entry(session, entry_id), data, "timeline entry")


def timeline(session: Session, case_id: int) -> list[TimelineEntry]:
    """A case's timeline, oldest first."""
    query = (
        select(TimelineEntry)
        .where(TimelineEntry.case_id == case_id)
        .order_by(col(TimelineEntry.occurred_on), col(TimelineEntry.id))
    )
    return list(session.exec(query))


def attach_to_entry(session: Session, entry_id: int, data: AttachmentCreate) -> Attachment:
    """Attach a file to a timeline entry, recording its SHA-256 now."""
    get(session, TimelineEntry, entry_id, "timeline entry")
    return attach(session, data, timeline_entry_id=entry_id)


# --- deadlines ----------------------------------------------------------------


def add_deadline(session: Session, case_id: int, data: Fields) -> Deadline:
    """Add a key date typed by the rep."""
    return insert_deadline(session, case_id, data, {})


def insert_deadline(session: Session, case_id: int, data: Fields, extra: dict[str, Any]) -> Deadline:
    """Validate ``data`` as a new deadline and insert it with ``extra`` columns (a rule and its inputs).

    One insert with every column, so a new deadline starts at version 1 with one audit row.
    """
    valid = validate(DeadlineCreate, data)
    get_case(session, case_id)
    return insert(session, Deadline, valid, case_id=case_id, **extra)


def update_deadline(session: Session, deadline_id: int, data: Fields) -> Deadline:
    """Change a deadline; marking it done records today."""
    data = validate(DeadlineUpdate, data)
    deadline = get_deadline(session, deadline_id)
    stamp_done(deadline, data)
    return apply_update(session, deadline, data, "deadline")


def set_deadline_done(session: Session, deadline_id: int, done: bool, *, version: int) -> Deadline:
    """Mark a deadline done or not done."""
    return update_deadline(session, deadline_id, {"version": version, "done": done})


def deadlines(session: Session, case_id: int) -> list[Deadline]:
    """A case's deadlines, soonest first, done ones last."""
    query = (
        select(Deadline)
        .where(Deadline.case_id == case_id)
        .order_by(col(Deadline.done), col(Deadline.due_on), col(Deadline.id))
    )
    return list(session.exec(query))


# --- detail -----------------------------------------------------------------------


@dataclass(frozen=True)
class CaseDetail:
    """Everything the detail pane and the case summary show about one case."""

    case: Case
    member: Member
    timeline: list[TimelineEntry]
    attachments: dict[int, list[Attachment]]
    deadlines: list[Deadline]
    threats: list[ThreatEntry]
    urgency: Urgency


def case_threats(session: Session, case_id: int) -> list[ThreatEntry]:
    """Threat-log entries linked to a case, in date order."""
    query = (
        select(ThreatEntry)
        .join(ThreatCase, col(ThreatCase.threat_id) == ThreatEntry.id)
        .where(ThreatCase.case_id == case_id)
        .order_by(col(ThreatEntry.occurred_on), col(ThreatEntry.id))
    )
    return list(session.exec(query))


def case_detail(session: Session, case_id: int) -> CaseDetail:
    """Load one case with its member, timeline, attachments, deadlines and threats."""
    case = get_case(session, case_id)
    entries = timeline(session, case_id)
    return CaseDetail(
        case=case,
        member=get(session, Member, case.member_id, "member"),
        timeline=entries,
        attachments=attachments_for_entries(session, [e.id for e in entries if e.id is not None]),
        deadlines=deadlines(session, case_id),
        threats=case_threats(session, case_id),
        urgency=case_urgency(case),
    )


def delete_deadline(session: Session, deadline_id: int, *, version: int) -> Deadline:
    """Remove a deadline entered in error (audited; the case's next due date follows); returns it."""
    return delete(session, Deadline, deadline_id, version, "deadline")


def _delete_files(session: Session, entry_ids: list[int]) -> None:
    """Delete the records of the files attached to these timeline entries, each audited (the files stay)."""
    for files in attachments_for_entries(session, entry_ids).values():
        for file in files:
            session.delete(file)
    session.flush()  # before the entries, which the database would cascade to them unrecorded


def delete_timeline_entry(session: Session, entry_id: int, *, version: int) -> TimelineEntry:
    """Remove a timeline entry made in error, as the rep saw it, with its attached files (audited).

    A timeline entry gone or changed since ``version`` is refused, and the caller's
    transaction rolls all of it back. The case's last-activity date stays as it is. Returns the entry.
    """
    _delete_files(session, [get_timeline_entry(session, entry_id).id or 0])
    return delete(session, TimelineEntry, entry_id, version, "timeline entry")


def find_cases(session: Session, text: str, limit: int = 10) -> list[tuple[int, str]]:
    """(id, "C-2025-0007 Title (Member)") of cases whose reference, title or member matches."""
    pattern = like_pattern(text.strip())
    query = (
        select(Case.id, Case.ref, Case.title, Member.name)
        .join(Member, col(Member.id) == Case.member_id)
        .where(
            sa.or_(
                col(Case.ref).like(pattern, escape="\\"),
                col(Case.title).like(pattern, escape="\\"),
                col(Member.name).like(pattern, escape="\\"),
            )
        )
        .order_by(col(Case.status) == CaseStatus.CLOSED, col(Case.ref).desc())
        .limit(limit)
    )
    return [(int(i or 0), f"{ref} {title} ({name})") for i, ref, title, name in session.exec(query)]


def get_deadline(session: Session, deadline_id: int) -> Deadline:
    """One deadline, or NotFound."""
    return get(session, Deadline, deadline_id, "deadline")
