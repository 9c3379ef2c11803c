"""PDF exports: each document drawn with the page's building blocks (:mod:`repdesk.export.pdf_layout`)."""

from __future__ import annotations

from collections.abc import Sequence

from repdesk.domain.dates import format_date, format_datetime, format_time

from .model import (
    CaseDeadline,
    CaseFacts,
    CaseSummary,
    ChronologyEntry,
    Document,
    HistoryItem,
    MemberDetails,
    SubjectAccess,
    TalksRecord,
    ThreatChronology,
    TimelineItem,
)
from .pdf_layout import Pdf, quiet_fpdf
from .redaction import get_profile
from .rendering import (
    chain_line,
    file_line,
    made_line,
    members_line,
    owner_line,
    proof_line,
    selection_lines,
    threat_heading,
    yes_no,
)

__all__ = ["render_pdf"]

_OUTSIDE = "shown because it corrects, or is corrected by, an entry in it"


def render_pdf(document: Document) -> bytes:
    """The document as an A4 PDF."""
    with quiet_fpdf():
        pdf = Pdf(document)
        pdf.add_page()
        pdf.heading(document.provenance.title, 1)
        _provenance(pdf, document)
        if isinstance(document, CaseSummary):
            _case(pdf, document)
        elif isinstance(document, ThreatChronology):
            _threats(pdf, document)
        elif isinstance(document, SubjectAccess):
            _subject_access(pdf, document)
        else:
            _talks(pdf, document)
        if document.provenance.marking:
            pdf.ln(2)
            pdf.para(document.provenance.marking, bold=True)
        return bytes(pdf.output())


def _provenance(pdf: Pdf, document: Document) -> None:
    p = document.provenance
    rows = [
        ("Copy", f"{p.profile_label}, for {p.profile_purpose}"),
        ("Made", made_line(document)),
        ("Database", p.database),
        ("Leaves out", "; ".join(p.leaves_out) or "nothing"),
        *selection_lines(document),
    ]
    if (head := chain_line(document)) is not None:
        rows.append(("Chain head", head))
    pdf.pairs(rows)


def _shows(document: Document, key: str) -> bool:
    p = document.provenance
    return get_profile(p.profile).shows(key, include_caucus=p.include_caucus)


def _done(done: bool, on: object) -> str:
    if not done:
        return "no"
    return f"yes, {format_date(on)}" if on else "yes"  # type: ignore[arg-type]


# --------------------------------------------------------------------------- case summary


def _case(pdf: Pdf, doc: CaseSummary) -> None:
    _member(pdf, doc, doc.member)
    _case_body(pdf, doc, doc.case, doc.timeline, doc.deadlines)
    pdf.heading("Threat-log entries linked to this case", 2)
    if not doc.threats:
        pdf.para("None.")
    for entry in doc.threats:
        _threat(pdf, doc, entry, 3)


def _member(pdf: Pdf, doc: Document, who: MemberDetails) -> None:
    """The member's record and exemptions, as far as ``doc``'s profile shows them."""
    pdf.heading("Member", 2)
    rows = [("Name", who.name)]
    if _shows(doc, "member.membership_no"):
        rows.append(("Membership number", who.membership_no or "not recorded"))
    if _shows(doc, "member.contact"):
        rows += [("Email", who.email or "not recorded"), ("Phone", who.phone or "not recorded")]
    if _shows(doc, "member.job"):
        rows += [("Job title", who.job_title or ""), ("Work site", who.work_site or "")]
    since = f", since {format_date(who.in_action_since)}" if who.in_action_since else ""
    rows += [
        ("Department / unit", who.department),
        (
            "Role category",
            f"{who.role_category.label} (the disputed policy asks "
            f"{who.role_category.policy_office_days} office days a week)",
        ),
        ("Office days now required", str(who.office_days_required)),
        ("Work pattern", who.work_pattern),
        ("Taking part in the action", yes_no(who.in_action) + since),
    ]
    if _shows(doc, "member.consent"):
        rows.append(("Consent to the rep holding their data", format_date(who.consent_on) or "not recorded"))
    if _shows(doc, "member.notes") and who.notes:
        rows.append(("Notes", who.notes))
    pdf.pairs(rows)

    pdf.heading("Exemptions", 2)
    rows = []
    if _shows(doc, "member.adjustments"):
        rows.append(
            (
                "Reasonable adjustments",
                _exemption(who.adjustments, who.adjustments_agreed, who.adjustments_agreed_on, "agreed"),
            )
        )
    if _shows(doc, "member.flexible_plan"):
        rows.append(
            (
                "Flexible-working plan",
                _exemption(
                    who.flexible_plan, who.flexible_plan_approved, who.flexible_plan_approved_on, "approved"
                ),
            )
        )
    else:
        on = f", on {format_date(who.flexible_plan_approved_on)}" if who.flexible_plan_approved_on else ""
        rows.append(("Flexible-working plan approved", yes_no(who.flexible_plan_approved) + on))
    pdf.pairs(rows)


def _case_body(
    pdf: Pdf,
    doc: Document,
    c: CaseFacts,
    timeline: Sequence[TimelineItem],
    deadlines: Sequence[CaseDeadline],
) -> None:
    """A case's facts, timeline and deadlines (with the working of computed ones)."""
    pdf.heading("Case", 2)
    rows = [
        ("Reference", c.ref),
        ("Title", c.title),
        ("Category", c.category.label),
        ("Status", c.status.label + (f" ({c.outcome.label})" if c.outcome else "")),
        ("Priority", c.priority.label),
    ]
    if c.stage:
        rows.append(
            (
                "Disciplinary stage reached",
                f"{c.stage.label} (ACAS Code: investigation, written notice, meeting / hearing, "
                "written decision, appeal)",
            )
        )
    rows.append(("Opened", format_date(c.opened_on)))
    if c.closed_on:
        rows.append(("Closed", format_date(c.closed_on)))
    rows.append(("Last activity", format_date(c.last_activity_on)))
    if c.next_action:
        due = f" (due {format_date(c.next_action_due)})" if c.next_action_due else ""
        rows.append(("Next action", c.next_action + due))
    if _shows(doc, "case.tags") and c.tags:
        rows.append(("Tags", ", ".join(c.tags)))
    pdf.pairs(rows)
    if _shows(doc, "case.summary") and c.summary:
        pdf.heading("Summary", 3)
        pdf.para(c.summary)

    pdf.heading("Timeline", 2)
    if timeline:
        shows_body = _shows(doc, "timeline.body")
        pdf.grid(
            ["Date", "Kind", "What happened"],
            [
                [
                    format_date(e.occurred_on),
                    e.kind.label,
                    "\n".join(
                        [e.summary]
                        + ([e.body] if shows_body and e.body else [])
                        + [f"File: {file_line(f)}" for f in e.files]
                    ),
                ]
                for e in timeline
            ],
            (18, 16, 66),
        )
    else:
        pdf.para("No timeline entries.")

    pdf.heading("Deadlines", 2)
    if deadlines:
        pdf.grid(
            ["Due", "What", "Kind", "Done", "Notes"],
            [
                [format_date(d.due_on), d.what, d.kind.label, _done(d.done, d.done_on), d.notes]
                for d in deadlines
            ],
            (16, 34, 18, 14, 18),
        )
        for d in deadlines:
            w = d.working
            if w is None:
                continue
            pdf.heading(f"Working: {d.what}", 3)
            pdf.pairs([("Rule", w.rule), ("Source", w.source), *((i.label, i.shown) for i in w.inputs)])
            pdf.numbered(w.steps)
            for warning in w.warnings:
                pdf.para(f"Warning: {warning}", bold=True)
            if w.result:
                pdf.para(f"Result: {format_date(w.result)}", bold=True)
            if w.alternative:
                pdf.para(w.alternative)
            if w.problem:
                pdf.para(f"Check: {w.problem}", bold=True)
            pdf.para(w.caveat)
    else:
        pdf.para("No deadlines.")


def _history(pdf: Pdf, heading: str, lines: Sequence[HistoryItem]) -> None:
    pdf.heading(heading, 3)
    if not lines:
        pdf.para("No changes recorded.")
    for line in lines:
        pdf.para(f"{format_datetime(line.at)} · {line.text}")


def _subject_access(pdf: Pdf, doc: SubjectAccess) -> None:
    who = doc.member
    _member(pdf, doc, who)
    pdf.heading("The record itself", 2)
    pdf.pairs(
        [
            ("Member number in this file", str(who.id)),
            ("Archived", format_datetime(who.archived_at) if who.archived_at else "no"),
            ("Created", format_datetime(who.created_at)),
            ("Last changed", f"{format_datetime(who.updated_at)} (version {who.version})"),
        ]
    )
    _history(pdf, "History of the member's record", doc.history)
    if not doc.cases:
        pdf.heading("Cases", 2)
        pdf.para("None.")
    for item in doc.cases:
        _case_body(pdf, doc, item.case, item.timeline, item.deadlines)
        _history(pdf, f"History of {item.case.ref}", item.history)
    pdf.heading("Threat-log entries naming them", 2)
    if not doc.threats:
        pdf.para("None.")
    for entry in doc.threats:
        _threat(pdf, doc, entry, 3)
        for correction in entry.corrections:
            _threat(pdf, doc, correction, 3)


def _exemption(text: str | None, granted: bool | None, on: object, word: str) -> str:
    if not text:
        return "none recorded"
    when = f" on {format_date(on)}" if on else ""  # type: ignore[arg-type]
    state = f"{word}{when}" if granted else f"not {word}"
    return f"{state}: {text}"


# --------------------------------------------------------------------------- threats


def _threat(pdf: Pdf, doc: Document, entry: ChronologyEntry, level: int) -> None:
    pdf.heading(f"{entry.number}. {threat_heading(entry)}", level)
    if entry.amends:
        pdf.para(f"Correction of {entry.amends}. Reason: {entry.correction_reason}")
    pdf.quote(entry.exact_words)
    rows = [("Reference", f"{entry.ref} (recorded {format_datetime(entry.recorded_at)})")]
    rows.append(("Hash", proof_line(entry)))
    if not entry.in_selection:
        rows.append(("Outside the selection", _OUTSIDE))
    at = f" at {format_time(entry.occurred_at)}" if entry.occurred_at else ""
    rows.append(("Date", format_date(entry.occurred_on) + at))
    if _shows(doc, "threat.made_by"):
        role = f" ({entry.made_by_role})" if entry.made_by_role else ""
        rows.append(("Made by", (entry.made_by or "") + role))
    else:
        rows.append(("Made by (role)", entry.made_by_role or "not recorded"))
    rows += [
        ("Channel", entry.channel.label),
        ("Audience", entry.audience.label),
        ("Kind", entry.kind.label),
    ]
    if entry.disputed:
        rows.append(("Alleged", "the employer disputes this account, or it is not yet confirmed"))
    rows += [("Context", entry.context), ("Document reference", entry.document_ref)]
    if entry.evidence:
        rows.append(("Evidence", "\n".join(file_line(f) for f in entry.evidence)))
    activity = f" ({entry.protected_activity.label})" if entry.protected_activity.value != "none" else ""
    rows.append(("Related to the action or union activity", yes_no(entry.related_to_action) + activity))
    if _shows(doc, "threat.witnesses") and entry.witnesses:
        rows.append(("Witnesses", entry.witnesses))
    rows += [("Members touched", members_line(entry)), ("Cases", ", ".join(entry.cases))]
    since = f" (since {format_datetime(entry.status_changed_at)})" if entry.status_changed_at else ""
    rows.append(("Follow-up", entry.status.label + since))
    rows.append(("Corrected by", ", ".join(entry.corrected_by)))
    pdf.pairs(rows)


def _threats(pdf: Pdf, doc: ThreatChronology) -> None:
    count = len(doc.entries)
    pdf.para(
        f"{count} {'entry' if count == 1 else 'entries'}, numbered in date order. Quoted words are exactly "
        "as recorded. A correction never replaces what it corrects: it is shown beside it, numbered "
        "with a letter."
    )
    if not doc.entries:
        pdf.para("No entries match.")
    for entry in doc.entries:
        _threat(pdf, doc, entry, 2)
        for correction in entry.corrections:
            _threat(pdf, doc, correction, 3)


# --------------------------------------------------------------------------- talks


def _talks(pdf: Pdf, doc: TalksRecord) -> None:
    pdf.heading("Sessions", 2)
    if not doc.sessions:
        pdf.para("No sessions recorded.")
    people = _shows(doc, "talks.people")
    for s in doc.sessions:
        when = format_date(s.held_on) + (f" {format_time(s.starts_at)}" if s.starts_at else "")
        pdf.heading(f"Session {s.number}: {when}, {s.kind.label}, {s.format.label.lower()}", 3)
        rows = [("Venue", s.venue or "not recorded")]
        if people:
            rows += [
                ("ACAS conciliator", s.conciliator or "not recorded"),
                ("Union side", s.union_attendees or ""),
                ("Employer side", s.employer_attendees or ""),
            ]
        rows += [("Next session", format_date(s.next_session_on)), ("Confidentiality", s.confidentiality)]
        pdf.pairs(rows)
        pdf.label_para("Agenda", s.agenda)
        if _shows(doc, "talks.notes"):
            pdf.label_para("Notes", s.notes or "")
        if _shows(doc, "talks.caucus"):
            pdf.label_para("Caucus notes (private to the union side)", s.caucus_notes or "")
        pdf.label_para("Report-back (may be shared with members)", s.report_back)
        if s.offers:
            pdf.para("Tabled at this session", bold=True)
            pdf.bullets(
                [
                    f"{o.side.label} {o.kind.label.lower()} on {o.topic or 'no topic'}: {o.text} "
                    f"(now {o.status.label.lower()})"
                    for o in s.offers
                ]
            )
            pdf.ln(1.5)
        if s.actions:
            pdf.para("Action points agreed", bold=True)
            items = []
            for a in s.actions:
                who = owner_line(a)
                due = f", due {format_date(a.due_on)}" if a.due_on else ""
                done = (", done" + (f" {format_date(a.done_on)}" if a.done_on else "")) if a.done else ""
                items.append(f"{a.text} ({who}{due}{done})")
            pdf.bullets(items)
            pdf.ln(1.5)

    pdf.heading("Positions and offers by issue", 2)
    if not doc.topics:
        pdf.para("No positions or offers recorded.")
    for topic in doc.topics:
        pdf.heading(topic.topic or "No topic", 3)
        pdf.grid(
            ["Session", "Tabled", "Side", "Kind", "Text", "Status over time"],
            [
                [
                    str(o.session),
                    format_date(o.tabled_on),
                    o.side.label,
                    o.kind.label,
                    o.text,
                    "\n".join(
                        f"{h.to_status.label}, {format_date(h.changed_on)}"
                        + (f" (session {h.session})" if h.session else "")
                        + (f": {h.note}" if h.note else "")
                        for h in o.history
                    ),
                ]
                for o in topic.offers
            ],
            (10, 14, 12, 12, 26, 26),
        )

    pdf.heading("Action points", 2)
    if not doc.actions:
        pdf.para("No action points recorded.")
        return
    table: list[list[str]] = []
    for a in doc.actions:
        who = owner_line(a)
        table.append([format_date(a.due_on), a.text, who, str(a.session), _done(a.done, a.done_on)])
    pdf.grid(["Due", "Action", "Owner", "Session", "Done"], table, (16, 44, 22, 10, 14))
