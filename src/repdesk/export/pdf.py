"""PDF rendering with fpdf2 (pure Python, from PyPI alone) and the vendored DejaVu Sans.

fpdf2 lays out plain text only: nothing a rep typed is read as markup. The
font is embedded (subset), so pound signs, accents, curly quotes, Greek, Cyrillic, Hebrew and Arabic print
on a machine with no fonts installed. A character the font lacks (Chinese,
emoji) prints as � rather than vanishing silently from what may be evidence.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableBordersLayout, XPos, YPos

from repdesk.domain.dates import format_date, format_datetime, format_time

from .model import CaseSummary, ChronologyEntry, Document, TalksRecord, ThreatChronology
from .redaction import get_profile
from .rendering import file_line, made_line, members_line, owner_line, selection_lines, threat_heading, yes_no

__all__ = ["render_pdf"]

FONT = "DejaVu"
_REGULAR = "DejaVuSans.ttf"
_BOLD = "DejaVuSans-Bold.ttf"

BODY = 9.5
SMALL = 7.5
LINE = 4.6
_GREY = (90, 90, 90)
_QUOTE_FILL = (240, 240, 240)
_HEAD_FILL = (232, 232, 232)

_OUTSIDE = "shown because it corrects, or is corrected by, an entry in it"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@functools.cache
def _font_dir() -> Path:
    return Path(str(resources.files("repdesk.export").joinpath("fonts")))


@functools.cache
def _covered() -> frozenset[int]:
    """Code points DejaVu Sans (both weights) can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    points: set[int] | None = None
    for name in (_REGULAR, _BOLD):
        cmap = set(TTFont(_font_dir() / name, lazy=True).getBestCmap())
        points = cmap if points is None else points & cmap
    return frozenset(points or ())


def clean(text: str) -> str:
    """Text fpdf2 can draw faithfully: tabs as spaces, controls dropped, unknown glyphs as �."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _CONTROL.sub("", text)
    covered = _covered()
    return "".join(ch if ch == "\n" or ord(ch) in covered else "\ufffd" for ch in text)


class _Pdf(FPDF):
    """A4 pages with a running header (title, copy, marking) and "Page n of N" footer."""

    def __init__(self, document: Document) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        p = document.provenance
        self.running = clean(f"{p.title} · {p.profile_label} · made {format_datetime(p.made_at)}")
        self.marking = clean(p.marking)
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(_font_dir() / _REGULAR))
        self.add_font(FONT, "B", str(_font_dir() / _BOLD))
        self.set_title(clean(p.title))
        self.set_author(clean(p.rep))
        self.set_subject(clean(p.profile_label))
        self.set_creator("repdesk")
        self.set_lang("en-GB")
        self.set_creation_date(p.made_at)
        self.set_font(FONT, size=BODY)

    def header(self) -> None:
        self.set_font(FONT, size=SMALL)
        self.set_text_color(*_GREY)
        self.multi_cell(0, 3.4, self.running, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.marking:
            self.set_font(FONT, "B", SMALL)
            self.set_text_color(0, 0, 0)
            self.multi_cell(0, 3.4, self.marking, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(150, 150, 150)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, size=BODY)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=SMALL)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    # --- building blocks -----------------------------------------------------------

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def heading(self, text: str, level: int) -> None:
        sizes = {1: 16.0, 2: 12.5, 3: 10.5}
        self.set_font(FONT, "B", sizes[level])
        text = clean(text)
        # Keep a heading with the start of what follows it (a table row, a quote).
        if self.will_page_break(sizes[level] / 2 + 28):
            self.add_page()
        self.ln(2 if level == 3 else 3)
        self.start_section(text[:120], level=level - 1)
        self.multi_cell(0, sizes[level] * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if level == 2:
            self.set_draw_color(120, 120, 120)
            self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin, self.get_y() + 0.5)
        self.ln(2)
        self.set_font(FONT, size=BODY)

    def para(self, text: str, *, bold: bool = False, size: float = BODY, indent: float = 0) -> None:
        if not text:
            return
        self.set_font(FONT, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(
            self.width - indent, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_font(FONT, size=BODY)

    def label_para(self, label: str, text: str) -> None:
        """A bold label line, then the text (for agendas, notes, report-backs)."""
        if not text:
            return
        self.para(label, bold=True)
        self.para(text)
        self.ln(1.5)

    def quote(self, text: str) -> None:
        self.set_fill_color(*_QUOTE_FILL)
        self.set_x(self.l_margin + 3)
        self.multi_cell(
            self.width - 3,
            LINE,
            clean(text),
            fill=True,
            padding=(2, 3),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(1.5)

    def bullets(self, items: Sequence[str], *, indent: float = 0) -> None:
        for text in items:
            self.set_x(self.l_margin + indent)
            self.cell(4, LINE, "•")
            self.multi_cell(
                self.width - indent - 4, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )

    def numbered(self, items: Sequence[str]) -> None:
        for n, text in enumerate(items, start=1):
            self.cell(7, LINE, f"{n}.")
            self.multi_cell(self.width - 7, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _room(self) -> float:
        """Height a table row may safely take: fpdf2 cannot split a row across pages."""
        return (self.h - self.t_margin - self.b_margin) * 0.7

    def _too_tall(self, width: float, text: str) -> bool:
        if len(text) < 300 and text.count("\n") < 8:
            return False  # cheap answer for the usual short value
        lines = self.multi_cell(
            width, LINE, clean(text), dry_run=True, output=MethodReturnValue.LINES, align="L"
        )
        assert isinstance(lines, list)
        return len(lines) * LINE > self._room()

    def pairs(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label / value rows, the label bold, without borders.

        A value too long for one page (hundreds of members touched, a long
        note) is set as a paragraph under its label instead, which can flow
        across pages.
        """
        pending: list[tuple[str, str]] = []
        for label, value in rows:
            if value == "":
                continue
            if self._too_tall(self.width * 0.7 - 2, value):
                self._pair_table(pending)
                pending = []
                self.para(label, bold=True)
                self.para(value)
                self.ln(1.5)
            else:
                pending.append((label, value))
        self._pair_table(pending)

    def _pair_table(self, rows: Sequence[tuple[str, str]]) -> None:
        if not rows:
            return
        with self.table(
            col_widths=(30, 70),
            borders_layout=TableBordersLayout.NONE,
            first_row_as_headings=False,
            line_height=LINE,
            text_align="LEFT",
            padding=(0.6, 1.5, 0.6, 0),
            v_align="TOP",
        ) as table:
            for label, value in rows:
                row = table.row()
                row.cell(clean(label), style=FontFace(emphasis="BOLD"))
                row.cell(clean(value))
        self.ln(1.5)

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        """A bordered table whose heading row repeats on each page.

        If any cell is too long for one page, every row is set as its own
        block of labelled values instead, so nothing is cut or lost.
        """
        total = sum(widths)
        if any(
            self._too_tall(self.width * width / total - 2.4, text)
            for values in rows
            for width, text in zip(widths, values, strict=True)
        ):
            for values in rows:
                self.set_draw_color(170, 170, 170)
                self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
                self.ln(1)
                self.pairs(list(zip(headings, values, strict=True)))
            return
        with self.table(
            col_widths=tuple(widths),
            line_height=LINE,
            text_align="LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=_HEAD_FILL),
            repeat_headings=1,
            padding=(0.8, 1.2),
            v_align="TOP",
        ) as table:
            head = table.row()
            for text in headings:
                head.cell(clean(text))
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(clean(text))
        self.ln(2)


@contextlib.contextmanager
def _quiet_fpdf() -> Iterator[None]:
    """fpdf2 logs missing glyphs with the text in them; casework must not reach a log."""
    logger = logging.getLogger("fpdf")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was


def render_pdf(document: Document) -> bytes:
    """The document as an A4 PDF."""
    with _quiet_fpdf():
        pdf = _Pdf(document)
        pdf.add_page()
        pdf.heading(document.provenance.title, 1)
        _provenance(pdf, document)
        if isinstance(document, CaseSummary):
            _case(pdf, document)
        elif isinstance(document, ThreatChronology):
            _threats(pdf, document)
        else:
            _talks(pdf, document)
        if document.provenance.marking:
            pdf.ln(2)
            pdf.para(document.provenance.marking, bold=True)
        return bytes(pdf.output())


def _provenance(pdf: _Pdf, document: Document) -> None:
    p = document.provenance
    rows = [
        ("Copy", f"{p.profile_label}, for {p.profile_purpose}"),
        ("Made", made_line(document)),
        ("Database", p.database),
        ("Leaves out", "; ".join(p.leaves_out) or "nothing"),
        *selection_lines(document),
    ]
    pdf.pairs(rows)


def _shows(document: Document, key: str) -> bool:
    p = document.provenance
    return get_profile(p.profile).shows(key, include_caucus=p.include_caucus)


def _done(done: bool, on: object) -> str:
    if not done:
        return "no"
    return f"yes, {format_date(on)}" if on else "yes"  # type: ignore[arg-type]


# --------------------------------------------------------------------------- case summary


def _case(pdf: _Pdf, doc: CaseSummary) -> None:
    who, c = doc.member, doc.case
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
    if doc.timeline:
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
                for e in doc.timeline
            ],
            (18, 16, 66),
        )
    else:
        pdf.para("No timeline entries.")

    pdf.heading("Deadlines", 2)
    if doc.deadlines:
        pdf.grid(
            ["Due", "What", "Kind", "Done", "Notes"],
            [
                [format_date(d.due_on), d.what, d.kind.label, _done(d.done, d.done_on), d.notes]
                for d in doc.deadlines
            ],
            (16, 34, 18, 14, 18),
        )
        for d in doc.deadlines:
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

    pdf.heading("Threat-log entries linked to this case", 2)
    if not doc.threats:
        pdf.para("None.")
    for entry in doc.threats:
        _threat(pdf, doc, entry, 3)


def _exemption(text: str | None, granted: bool | None, on: object, word: str) -> str:
    if not text:
        return "none recorded"
    when = f" on {format_date(on)}" if on else ""  # type: ignore[arg-type]
    state = f"{word}{when}" if granted else f"not {word}"
    return f"{state}: {text}"


# --------------------------------------------------------------------------- threats


def _threat(pdf: _Pdf, doc: Document, entry: ChronologyEntry, level: int) -> None:
    pdf.heading(f"{entry.number}. {threat_heading(entry)}", level)
    if entry.amends:
        pdf.para(f"Correction of {entry.amends}. Reason: {entry.correction_reason}")
    pdf.quote(entry.exact_words)
    rows = [("Reference", f"{entry.ref} (recorded {format_datetime(entry.recorded_at)})")]
    if not entry.in_selection:
        rows.append(
            ("Outside the selection", "shown because it corrects, or is corrected by, an entry in it")
        )
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


def _threats(pdf: _Pdf, doc: ThreatChronology) -> None:
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


def _talks(pdf: _Pdf, doc: TalksRecord) -> None:
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
