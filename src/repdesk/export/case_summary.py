"""The case summary (``templates/case.*.j2``): for a full-time officer, a hearing pack or a solicitor."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from repdesk.domain import rules
from repdesk.store import cases as case_service
from repdesk.store import deadlines as deadline_service
from repdesk.store import threats as threat_service
from repdesk.store.models import Deadline

from .building import (
    chronology_entry,
    copied,
    entry_proofs,
    evidence_file,
    find_case_id,
    provenance,
    recomputable,
    redact,
    resolve_profile,
    tick,
)
from .model import (
    CaseDeadline,
    CaseFacts,
    CaseSummary,
    ChronologyEntry,
    MemberDetails,
    Progress,
    TimelineItem,
    Working,
    WorkingInput,
)
from .redaction import DEFAULT_PROFILE, Profile

__all__ = ["build_case_summary"]


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
    chosen = resolve_profile(profile)
    case_id = find_case_id(session, ref)
    detail = case_service.case_detail(session, case_id)
    settings = deadline_service.rule_settings(session)
    total = 3 + len(detail.threats)
    tick(on_progress, 1, total)
    timeline = tuple(
        copied(
            TimelineItem,
            entry,
            files=tuple(evidence_file(a) for a in detail.attachments.get(entry.id or 0, [])),
        )
        for entry in detail.timeline
    )
    deadlines = tuple(copied(CaseDeadline, d, working=_working(d, settings)) for d in detail.deadlines)
    tick(on_progress, 2, total)
    threats: list[ChronologyEntry] = []
    proofs = entry_proofs(
        session, [e.id for e in detail.threats if e.id is not None], full=recomputable(chosen, "case")
    )
    for number, entry in enumerate(detail.threats, start=1):
        assert entry.id is not None
        threats.append(
            chronology_entry(
                threat_service.threat_detail(session, entry.id),
                number=str(number),
                named=lambda m: m.id == detail.member.id,
                proofs=proofs,
            )
        )
        tick(on_progress, 2 + number, total)
    case = detail.case
    summary = CaseSummary(
        provenance=provenance(
            session,
            document="case",
            title=f"Case summary: {case.ref}",
            profile=chosen,
            database=database,
            rep=rep,
        ),
        member=copied(MemberDetails, detail.member),
        case=copied(CaseFacts, case, tags=tuple(case.tags)),
        timeline=timeline,
        deadlines=deadlines,
        threats=tuple(threats),
    )
    redacted = redact(session, summary, chosen, include_caucus=False)
    tick(on_progress, total, total)
    return redacted
