"""The redaction proof: for every profile, document and format, no left-out value appears anywhere.

What each profile leaves out is written down again here, from the raw
records, independently of the field metadata the documents use, so a field
that forgets its redaction tag fails this test. A value "appears" if it shows
to a reader or sits in the raw file, ignoring case and whitespace (so a line
break in a PDF cannot hide it). Then the same proof over generated text:
secrets typed into other fields must be blanked there too.
"""

from __future__ import annotations

import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from repdesk.domain.enums import CaseCategory, Side, ThreatAudience
from repdesk.export import PROFILES, ThreatSelection, formats_for, render
from repdesk.export.pdf_layout import clean
from repdesk.export.redaction import MIN_SCRUB, table_markdown
from repdesk.store import cases, talks, threats
from repdesk.store.engine import Database, open_database
from repdesk.store.models import (
    Attachment,
    Member,
    TalksSession,
    ThreatEntry,
    TimelineEntry,
)
from tests.export.export_helpers import build, squash, surfaces
from tests.helpers.factories import (
    make_action_point,
    make_case,
    make_member,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)

# What each profile leaves out, as the README's table says, spelled out field by field.
MEMBER_DROPS: dict[str, tuple[str, ...]] = {
    "full": (),
    "officer": ("email", "phone", "notes"),
    "solicitor": ("email", "phone", "notes", "membership_no"),
    "branch": (
        "name",
        "membership_no",
        "email",
        "phone",
        "job_title",
        "work_site",
        "adjustments",
        "flexible_plan",
        "notes",
    ),
}
SIDES = {"acas", "union side", "employer side"}

# Which member fields each document holds: a value is blanked from the text of the
# documents that hold it (a chronology names members; a talks record holds none).
HELD: dict[str, frozenset[str]] = {
    "case": frozenset(MEMBER_DROPS["branch"]),
    "threats": frozenset({"name", "membership_no", "email", "phone"}),
    "talks": frozenset(),
}


def _text(value: object) -> list[str]:
    return [value] if isinstance(value, str) and len(value.strip()) >= MIN_SCRUB else []


@dataclass
class Raw:
    """The raw records one document is made from."""

    members: list[Member]
    threats: list[ThreatEntry]
    timeline: list[TimelineEntry]
    files: list[Attachment]
    case_summary: str
    sessions: list[TalksSession]
    owners: list[str]
    everyone: list[Member]


def _raw(db: Database, document: str) -> Raw:
    with db.session() as session:
        everyone = list(session.exec(select(Member)))
        sessions = list(session.exec(select(TalksSession)))
        owners = [p.owner for s in sessions if s.id for p in talks.action_points(session, s.id)]
        if document == "case":
            case = cases.find_case(session, "C-2026-0003")
            assert case is not None and case.id is not None
            detail = cases.case_detail(session, case.id)
            linked = [threats.threat_detail(session, t.id) for t in detail.threats if t.id]
            files = [a for group in detail.attachments.values() for a in group]
            files += [a for d in linked for a in d.evidence]
            return Raw(
                [detail.member],
                detail.threats,
                detail.timeline,
                files,
                case.summary,
                sessions,
                owners,
                everyone,
            )
        every = list(session.exec(select(ThreatEntry)))
        details = [threats.threat_detail(session, t.id) for t in every if t.id]
        touched = {m.id: m for d in details for m in d.members}
        files = [a for d in details for a in d.evidence]
        if document == "threats":
            return Raw(list(touched.values()), every, [], files, "", sessions, owners, everyone)
        return Raw([], [], [], [], "", sessions, owners, everyone)


def left_out(db: Database, document: str, profile: str, *, include_caucus: bool = False) -> set[str]:
    """Every value ``profile`` must keep out of ``document``, from the raw records."""
    raw = _raw(db, document)
    values: set[str] = set()
    for member in raw.members:
        for name in MEMBER_DROPS[profile]:
            if name in HELD[document]:
                values.update(_text(getattr(member, name)))
    if profile != "full":
        values.update(str(db.path.parent) for _ in [0])
        values.update(a.path for a in raw.files)
    if not include_caucus or profile == "branch":
        values.update(v for s in raw.sessions for v in _text(s.caucus_notes))
    if profile == "branch":
        for member in raw.everyone:
            values.update(_text(member.name))
            values.update(_text(member.membership_no))
        if document in {"case", "threats"}:
            values.update(v for t in raw.threats for v in _text(t.made_by) + _text(t.witnesses))
            values.update(v for a in raw.files for v in _text(Path(a.path).name))
        if document == "case":
            values.update(_text(raw.case_summary))
            values.update(v for e in raw.timeline for v in _text(e.body))
        if document == "talks":
            for s in raw.sessions:
                for text in (s.conciliator, s.union_attendees, s.employer_attendees, s.notes):
                    values.update(_text(text))
            # Owners who are people; "ACAS" or "Union side" is a side, which every copy shows.
            values.update(v for owner in raw.owners if owner.casefold() not in SIDES for v in _text(owner))
    return values


def assert_nothing_leaks(output: str | bytes, fmt: str, secrets: set[str], where: str) -> None:
    for surface in surfaces(output, fmt):
        flat = squash(surface)
        for secret in secrets:
            target = secret
            if fmt == "pdf":
                if _right_to_left(secret):
                    continue  # PDF text comes back in visual order; the other formats check these
                target = clean(secret)
            assert squash(target) not in flat, f"{where}: {secret!r} leaked"


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in {"R", "AL", "AN"} for ch in text)


# --------------------------------------------------------------------------- on the demo data


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("document", ["case", "threats", "talks"])
def test_no_left_out_value_appears_in_any_format(golden_db: Database, document: str, profile: str) -> None:
    secrets = left_out(golden_db, document, profile)
    if profile != "full" or document == "talks":
        assert secrets, "the demo data should give this profile something to leave out"
    doc = build(golden_db, document, profile)
    for fmt in formats_for(document):
        assert_nothing_leaks(render(doc, fmt), fmt, secrets, f"{document}/{profile}/{fmt}")


@pytest.mark.parametrize("profile", ["full", "officer", "solicitor"])
def test_caucus_notes_only_when_asked(golden_db: Database, profile: str) -> None:
    with golden_db.session() as session:
        caucus = [s.caucus_notes for s in session.exec(select(TalksSession)) if s.caucus_notes]
    asked = render(build(golden_db, "talks", profile, include_caucus=True), "md")
    assert isinstance(asked, str)
    assert all(squash(note) in squash(asked.replace("\\", "")) for note in caucus)
    not_asked = render(build(golden_db, "talks", profile), "json")
    assert "caucus_notes" not in str(not_asked)


def test_branch_copy_names_no_member_even_by_first_name(golden_db: Database) -> None:
    with golden_db.session() as session:
        everyone = list(session.exec(select(Member)))
    rep_words = {"Alex", "Morgan"}
    for document in ("case", "threats", "talks"):
        text = str(render(build(golden_db, document, "branch"), "md"))
        for member in everyone:
            for word in member.name.split():
                if len(word) >= MIN_SCRUB and word not in rep_words:
                    assert f" {word} " not in f" {text} ".replace("'", " "), f"{document}: {word}"


def test_left_out_fields_are_absent_from_json_not_just_empty(golden_db: Database) -> None:
    import json

    doc = json.loads(str(render(build(golden_db, "case", "branch"), "json")))
    assert set(doc["member"]) == {
        "name",
        "department",
        "role_category",
        "office_days_required",
        "work_pattern",
        "flexible_plan_approved",
        "flexible_plan_approved_on",
        "in_action",
        "in_action_since",
    }
    assert "tags" not in doc["case"] and "summary" not in doc["case"]
    assert doc["member"]["name"] == "Member A"


def test_readme_holds_the_redaction_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert table_markdown() in readme, "README's redaction table is out of date: paste table_markdown()"


# --------------------------------------------------------------------------- over generated text

_ANY = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn")),
    min_size=3,
    max_size=25,
).filter(lambda s: len(s.strip()) >= MIN_SCRUB)


@st.composite
def _secret(draw: st.DrawFn, prefix: str) -> str:
    """A distinctive value: a marker no template uses, then anything at all."""
    return f"Qz{prefix}{draw(_ANY)}".strip()


@dataclass(frozen=True)
class Secrets:
    name: str
    email: str
    phone: str
    number: str
    notes: str
    adjustments: str
    manager: str
    witnesses: str
    caucus: str
    kept: str


@st.composite
def _secrets(draw: st.DrawFn) -> Secrets:
    local = draw(st.from_regex(r"[a-z0-9]{3,8}", fullmatch=True))
    return Secrets(
        name=draw(_secret("n")),
        email=f"qzm{local}@example.org",
        phone="07700 9" + draw(st.from_regex(r"[0-9]{5}", fullmatch=True)),
        number="QZ" + draw(st.from_regex(r"[0-9]{6}", fullmatch=True)),
        notes=draw(_secret("t")),
        adjustments=draw(_secret("a")),
        manager=draw(_secret("g")),
        witnesses=draw(_secret("w")),
        caucus=draw(_secret("c")),
        kept=draw(_ANY),
    )


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    open_database(path).close()
    return path


def _fill(path: Path, s: Secrets) -> None:
    """One member, case, timeline entry, threat and talks session, with the secrets typed into kept text."""
    everything = " ".join((s.kept, s.name, s.email, s.phone, s.number, s.notes, s.adjustments, s.manager))
    db = open_database(path)
    try:
        with db.transaction() as session:
            member = make_member(
                session,
                name=s.name,
                membership_no=s.number,
                email=s.email,
                phone=s.phone,
                job_title="Qzjob title",
                work_site="Qzsite",
                adjustments=s.adjustments,
                adjustments_agreed=True,
                notes=s.notes,
            )
            assert member.id is not None
            case = make_case(
                session,
                member.id,
                title=s.kept,
                category=CaseCategory.DETRIMENT,
                summary=everything,
                next_action=everything,
            )
            assert case.id is not None
            make_timeline_entry(
                session, case.id, occurred_on=date(2026, 11, 1), summary=everything[:200], body=everything
            )
            make_threat(
                session,
                made_by=s.manager,
                audience=ThreatAudience.ONE_MEMBER,
                exact_words=everything,
                context=everything,
                witnesses=s.witnesses,
                member_ids=[member.id],
                case_ids=[case.id],
            )
            meeting = make_talks_session(
                session,
                held_on=date(2026, 11, 3),
                notes=everything,
                caucus_notes=s.caucus,
                report_back=everything,
                union_attendees=s.kept,
            )
            assert meeting.id is not None
            make_action_point(
                session, meeting.id, text=everything[:500], owner=s.manager, owner_side=Side.EMPLOYER
            )
    finally:
        db.close()


def _expected(s: Secrets, profile: str, document: str) -> set[str]:
    member = {
        "name": s.name,
        "membership_no": s.number,
        "email": s.email,
        "phone": s.phone,
        "job_title": "Qzjob title",
        "work_site": "Qzsite",
        "adjustments": s.adjustments,
        "flexible_plan": "",
        "notes": s.notes,
    }
    values = {member[field] for field in MEMBER_DROPS[profile] if field in HELD[document] and member[field]}
    values.add(s.caucus)
    if profile == "branch":
        # Every member's name and number, whichever document; managers and witnesses too.
        values.update({s.manager, s.witnesses, s.name, s.number})
    return values


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(secrets=_secrets(), pdf_profile=st.sampled_from(list(PROFILES)))
def test_no_left_out_value_appears_whatever_was_typed(
    empty_db: Path, tmp_path: Path, secrets: Secrets, pdf_profile: str
) -> None:
    """Every profile in every text format; PDF (slow) for one profile per example, drawn at random."""
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "gen.sqlite"
    shutil.copyfile(empty_db, path)
    _fill(path, secrets)
    db = open_database(path)
    try:
        for profile in PROFILES:
            for document in ("case", "threats", "talks"):
                doc = build(db, document, profile, selection=ThreatSelection(), ref="C-2026-0001")
                expected = _expected(secrets, profile, document)
                for fmt in formats_for(document):
                    if fmt == "pdf" and profile != pdf_profile:
                        continue
                    where = f"{document}/{profile}/{fmt}"
                    assert_nothing_leaks(render(doc, fmt), fmt, expected, where)
    finally:
        db.close()
