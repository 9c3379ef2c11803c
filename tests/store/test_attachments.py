"""Evidence files: attached with the hash and size they had then, wherever the file goes later."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from repdesk.domain.enums import TimelineKind
from repdesk.store import cases
from repdesk.store.engine import Database
from repdesk.store.models import AttachmentCreate
from tests.helpers.factories import NewCase, make_timeline_entry
from tests.store.store_helpers import evidence_file


def test_a_timeline_entry_with_an_attachment_keeps_the_file_hash(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case(opened_on="2026-11-01")
    content = b"Dear colleague, your pay will be docked.\n" * 1000
    letter = evidence_file(tmp_path, "letter.txt", content)
    with db.transaction() as s:
        entry = make_timeline_entry(
            s,
            made.case_id,
            occurred_on=date(2026, 11, 20),
            kind=TimelineKind.LETTER,
            summary="Letter from HR",
            body="Threatens deduction for missed office days.",
        )
        assert entry.id is not None
        entry_id = entry.id
        attachment = cases.attach_to_entry(
            s, entry_id, AttachmentCreate(path=str(letter), description="The letter")
        )
        assert attachment.id is not None
    letter.write_bytes(b"changed later")  # the stored hash is of the file when attached
    with db.session() as s:
        detail = cases.case_detail(s, made.case_id)
    [stored] = detail.timeline
    assert (stored.id, stored.occurred_on, stored.kind) == (entry_id, date(2026, 11, 20), TimelineKind.LETTER)
    assert (stored.summary, stored.body) == (
        "Letter from HR",
        "Threatens deduction for missed office days.",
    )
    [kept] = detail.attachments[entry_id]
    assert kept.sha256 == hashlib.sha256(content).hexdigest()
    assert kept.size_bytes == len(content)
    assert kept.path == str(letter.absolute())
    assert kept.description == "The letter"
    assert kept.threat_entry_id is None
