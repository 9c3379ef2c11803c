"""Subject access (UK GDPR Art. 15): everything the file holds about one member, in every format."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from repdesk.domain.enums import RoleCategory, TimelineKind
from repdesk.domain.errors import RepdeskError
from repdesk.export import build_subject_access, render
from repdesk.export.model import SubjectAccess
from repdesk.store import cases, members
from repdesk.store.engine import Database, open_database
from repdesk.store.errors import NotFound
from repdesk.store.models import AttachmentCreate
from tests.export.export_helpers import pdf_text
from tests.helpers.cli import Run, one_line_error, runner
from tests.helpers.factories import make_case, make_deadline, make_member, make_threat, make_timeline_entry

MEMBER: dict[str, Any] = {
    "name": "Orla Quennell-Vasquez",
    "membership_no": "PCS 4477120",
    "job_title": "Control room supervisor",
    "role_category": RoleCategory.OPERATIONAL,
    "office_days_required": 4,
    "department": "Met Command and Control",
    "work_site": "Bow",
    "email": "orla.qv@example.org",
    "phone": "07700 900417",
    "work_pattern": "Four long shifts",
    "adjustments": "Ergonomic chair at home",
    "adjustments_agreed": True,
    "adjustments_agreed_on": date(2025, 3, 4),
    "flexible_plan": "Compressed hours",
    "flexible_plan_approved": True,
    "flexible_plan_approved_on": date(2025, 5, 6),
    "in_action": True,
    "in_action_since": date(2025, 1, 6),
    "consent_on": date(2025, 1, 2),
    "notes": "Prefers phone after 6pm",
}
"""A member with every field filled, each value one the output can be searched for."""


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A real SQLite file holding one member with two cases and threats, and others beside them."""
    database = open_database(tmp_path / "rep.sqlite")
    letter = tmp_path / "fit-note.txt"
    letter.write_text("Fit note from the GP.\n", encoding="utf-8")
    with database.transaction() as session:
        orla = make_member(session, **MEMBER)
        other = make_member(session, name="Bernard Ostrowski")
        make_member(session, name="Sam Twin", membership_no="111")
        make_member(session, name="Sam Twin", membership_no="222")
        first = make_case(session, orla, title="Docked pay for home working", summary="Pay docked in March")
        entry = make_timeline_entry(
            session, first, summary="Letter from HR", kind=TimelineKind.LETTER, occurred_on=date(2026, 3, 2)
        )
        assert entry.id is not None
        cases.attach_to_entry(session, entry.id, AttachmentCreate(path=str(letter), description="GP note"))
        make_deadline(session, first, what="Appeal lodged by")
        second = make_case(session, orla, title="Flexible working refused")
        make_deadline(session, second, what="Reply to the refusal")
        make_case(session, other, title="Someone else's grievance")
        make_threat(session, exact_words="Orla will lose a day's pay", member_ids=[orla.id])
        make_threat(session, exact_words="Nothing about her", member_ids=[other.id])
        members.update_member(session, orla.id or 0, {"version": 1, "work_site": "Lambeth HQ"})
    try:
        yield database
    finally:
        database.close()


def _build(db: Database, who: str = "PCS 4477120") -> SubjectAccess:
    with db.session() as session:
        return build_subject_access(session, who, database=db.path, rep="tester")


def test_the_json_holds_every_member_field_cases_threats_and_history(db: Database) -> None:
    data = json.loads(str(render(_build(db), "json")))
    assert data["document"] == "member"
    heading = "Subject access: everything repdesk holds about Orla Quennell-Vasquez, made "
    assert data["title"].startswith(heading)
    assert data["profile"]["leaves_out"] == []
    record = data["member"]
    for field, value in {**MEMBER, "work_site": "Lambeth HQ"}.items():
        expected = value.isoformat() if isinstance(value, date) else getattr(value, "value", value)
        assert record[field] == expected, field
    for field in ("id", "archived_at", "created_at", "updated_at", "version"):
        assert field in record
    titles = {c["case"]["title"]: c for c in data["cases"]}
    assert set(titles) == {"Docked pay for home working", "Flexible working refused"}
    docked = titles["Docked pay for home working"]
    assert docked["case"]["summary"] == "Pay docked in March"
    assert [t["summary"] for t in docked["timeline"]] == ["Letter from HR"]
    (evidence,) = docked["timeline"][0]["files"]
    assert evidence["name"] == "fit-note.txt"
    assert len(evidence["sha256"]) == 64 and evidence["size_bytes"] == 22
    assert [d["what"] for d in docked["deadlines"]] == ["Appeal lodged by"]
    assert any("deadline" in line["text"] for line in docked["history"])
    assert [d["what"] for d in titles["Flexible working refused"]["deadlines"]] == ["Reply to the refusal"]
    words = [t["exact_words"] for t in data["threats"]]
    assert words == ["Orla will lose a day's pay"]
    assert data["threats"][0]["proof"]["content_hash"]
    assert any("work site" in line["text"] for line in data["history"])
    assert "Bernard" not in json.dumps(data) and "Someone else" not in json.dumps(data)


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_every_format_is_made_with_the_header_and_the_short_hash(db: Database, fmt: str) -> None:
    document = _build(db, "orla quennell-vasquez")
    output = render(document, fmt)
    text = pdf_text(output) if isinstance(output, bytes) else output
    flat = " ".join(text.split())
    assert "Subject access: everything repdesk holds about Orla Quennell" in flat
    values = ("07700 900417", "Prefers phone after 6pm", "Flexible working refused", "Reply to the refusal")
    for value in values:
        assert value in flat, value
    assert "fit-note.txt" in flat
    assert document.threats[0].proof is not None
    assert document.threats[0].proof.short in flat


def test_an_ambiguous_name_is_refused_listing_the_matches(db: Database) -> None:
    with pytest.raises(RepdeskError) as refused:
        _build(db, "Sam Twin")
    assert "111" in str(refused.value) and "222" in str(refused.value)
    assert _build(db, "222").member.membership_no == "222"


def test_an_unknown_member_and_part_of_a_name_are_refused(db: Database) -> None:
    for who in ("Nobody Here", "Orla"):
        with pytest.raises(NotFound):
            _build(db, who)


def test_the_command_writes_a_private_file_and_refuses_an_ambiguous_name(
    db: Database, tmp_path: Path
) -> None:
    run: Run = runner(tmp_path / "home")
    out = tmp_path / "out"
    made = run("--db", str(db.path), "export", "member", "PCS 4477120", "--format", "json", "-o", f"{out}/")
    assert made.returncode == 0, made.stderr
    (written,) = out.iterdir()
    assert written.name.startswith("member-") and "Orla" not in written.name
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert json.loads(written.read_text(encoding="utf-8"))["member"]["email"] == "orla.qv@example.org"
    refused = run("--db", str(db.path), "export", "member", "Sam Twin", "--format", "md", "-o", "-")
    line = one_line_error(refused, 1)
    assert "111" in line and "222" in line
    unknown = run("--db", str(db.path), "export", "member", "Nobody", "--format", "md", "-o", "-")
    one_line_error(unknown, 1)
