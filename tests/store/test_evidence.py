"""Evidence kept in the file: bytes stored once by SHA-256, a limit, refusals that write nothing,
lookup by hash prefix, and copies saved out 0600 that never replace a file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from repdesk.domain.enums import TimelineKind
from repdesk.domain.errors import RepdeskError
from repdesk.export.write import save_copy
from repdesk.store import attachments, cases, evidence
from repdesk.store.engine import Database, open_database
from repdesk.store.errors import Invalid, NotFound
from repdesk.store.models import Attachment, AttachmentCreate
from tests.helpers import TODAY_ISO
from tests.helpers.factories import NewCase, make_case, make_threat, make_timeline_entry
from tests.store.store_helpers import evidence_file, file_mode, save_profile
from tests.store.test_migrations import _step_to


def _counts(db_path: Path) -> tuple[int, int, int]:
    """(blobs, attachments, timeline entries), read with plain sqlite3."""
    with sqlite3.connect(db_path) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("evidence_blob", "attachment", "timeline_entry")
        )


def _attached(db: Database, case_id: int, path: Path) -> Attachment:
    """``path`` attached to the case on a new timeline entry, committed."""
    with db.transaction() as s:
        return evidence.attach_to_case(s, case_id, AttachmentCreate(path=str(path)))


def _blobs(db_path: Path) -> list[tuple[str, int, bytes]]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.execute("SELECT sha256, size_bytes, content FROM evidence_blob ORDER BY sha256"))


def test_the_same_bytes_attached_twice_are_stored_once_and_equal_the_file(
    db: Database, db_path: Path, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    content = os.urandom(300_000) + b"\0\xff end"
    letter = evidence_file(tmp_path, "letter.pdf", content)
    copy = evidence_file(tmp_path, "same-letter-again.pdf", content)
    with db.transaction() as s:
        entry = make_timeline_entry(s, made.case_id)
        assert entry.id is not None
        first = cases.attach_to_entry(s, entry.id, AttachmentCreate(path=str(letter)))
        second = evidence.attach_to_case(s, made.case_id, AttachmentCreate(path=str(copy)))
    sha = hashlib.sha256(content).hexdigest()
    assert first.sha256 == second.sha256 == sha
    assert _blobs(db_path) == [(sha, len(content), content)]
    assert _counts(db_path) == (1, 2, 2)
    letter.unlink()  # the evidence no longer depends on the file on disk
    with db.session() as s:
        ref, items = evidence.evidence_of(s, made.case_ref.lower())
    assert ref == made.case_ref
    assert [(item.name, item.stored) for item in items] == [
        ("letter.pdf", True),
        ("same-letter-again.pdf", True),
    ]


def test_a_case_ref_attaches_on_a_new_document_entry_dated_today(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    letter = evidence_file(tmp_path, "notice.txt", b"Report to the office four days a week.")
    with db.transaction() as s:
        ref, attached = evidence.attach_to_ref(
            s, made.case_ref, AttachmentCreate(path=str(letter), description="Attendance notice")
        )
        unnamed = evidence.attach_to_case(s, made.case_id, AttachmentCreate(path=str(letter)))
    assert ref == made.case_ref
    with db.session() as s:
        timeline = cases.timeline(s, made.case_id)
    assert [(e.occurred_on.isoformat(), e.kind, e.summary) for e in timeline] == [
        (TODAY_ISO, TimelineKind.DOCUMENT, "Attendance notice"),
        (TODAY_ISO, TimelineKind.DOCUMENT, "File notice.txt"),
    ]
    assert attached.timeline_entry_id == timeline[0].id and unnamed.timeline_entry_id == timeline[1].id


def test_evidence_on_a_threat_entry_is_stored_and_listed(db: Database, db_path: Path, tmp_path: Path) -> None:
    screenshot = evidence_file(tmp_path, "teams.png", b"\x89PNG fake screenshot")
    with db.transaction() as s:
        threat = make_threat(s)
        assert threat.id is not None
        ref, attached = evidence.attach_to_ref(s, threat.ref, AttachmentCreate(path=str(screenshot)))
    assert attached.threat_entry_id == threat.id and ref == threat.ref
    assert _blobs(db_path)[0][2] == b"\x89PNG fake screenshot"
    with db.session() as s:
        _ref, items = evidence.evidence_of(s, threat.ref)
    assert [(i.name, i.stored, i.where) for i in items] == [("teams.png", True, threat.ref)]


def test_a_file_over_the_limit_is_refused_and_nothing_is_written(
    db: Database, db_path: Path, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    save_profile(db, evidence_limit_mb=1)
    big = evidence_file(tmp_path, "big.bin", b"x" * (1024 * 1024 + 1))
    before = _counts(db_path)
    with pytest.raises(Invalid) as refused, db.transaction() as s:
        evidence.attach_to_ref(s, made.case_ref, AttachmentCreate(path=str(big)))
    message = str(refused.value)
    assert "over your limit of 1.0 MB" in message and "\n" not in message
    assert _counts(db_path) == before
    exactly = evidence_file(tmp_path, "exact.bin", b"x" * (1024 * 1024))
    with db.transaction() as s:
        evidence.attach_to_ref(s, made.case_ref, AttachmentCreate(path=str(exactly)))
    assert _counts(db_path) == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_the_default_limit_is_25_mb_and_the_rep_may_raise_it_to_500(db: Database) -> None:
    save_profile(db)
    with db.session() as s:
        assert attachments.limit_bytes(s) == 25 * 1024 * 1024
    save_profile(db, evidence_limit_mb=500)
    with pytest.raises(Invalid, match="at most 500"):
        save_profile(db, evidence_limit_mb=501)


def test_a_missing_or_unreadable_file_is_refused_and_nothing_is_written(
    db: Database, db_path: Path, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    locked = evidence_file(tmp_path, "locked.txt", b"secret")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any file: take one no one can read
        locked = Path("/proc/self/mem")
    before = _counts(db_path)
    refusals = []
    for path in (tmp_path / "nowhere.pdf", tmp_path, locked):
        with pytest.raises(Invalid) as refused, db.transaction() as s:
            evidence.attach_to_ref(s, made.case_ref, AttachmentCreate(path=str(path)))
        refusals.append(str(refused.value))
    assert "does not exist or is not a file" in refusals[0]
    assert "does not exist or is not a file" in refusals[1]
    assert "cannot be read (" in refusals[2]
    assert _counts(db_path) == before


def test_a_stored_file_is_found_by_a_unique_prefix_of_its_hash(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    files = {name: evidence_file(tmp_path, name, name.encode() * 10) for name in ("a.txt", "b.txt", "c.txt")}
    with db.transaction() as s:
        for path in files.values():
            evidence.attach_to_case(s, made.case_id, AttachmentCreate(path=str(path)))
    sha = hashlib.sha256(b"b.txt" * 10).hexdigest()
    with db.session() as s:
        found = evidence.find_stored(s, sha[:8].upper())
        assert (found.sha256, found.size_bytes, found.name) == (sha, 50, "b.txt")
        assert evidence.find_stored(s, sha).sha256 == sha
        with pytest.raises(Invalid, match="at least 4 hex digits"):
            evidence.find_stored(s, sha[:3])
        with pytest.raises(Invalid, match="at least 4 hex digits"):
            evidence.find_stored(s, "not-hex")
        with pytest.raises(NotFound, match="No file stored"):
            evidence.find_stored(s, "0000" if not sha.startswith("0000") else "ffff")


def test_an_ambiguous_prefix_asks_for_more(db: Database, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        for tail in ("1", "2"):
            conn.execute(
                "INSERT INTO evidence_blob (sha256, size_bytes, content, stored_at) VALUES (?, 1, x'00', ?)",
                ("abcd" * 15 + "abc" + tail, "2026-11-30 10:00:00"),
            )
    with db.session() as s, pytest.raises(Invalid, match="give more of it"):
        evidence.find_stored(s, "abcdabcd")


def test_an_attachment_from_before_is_marked_not_stored_in_the_file(
    db: Database, db_path: Path, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    old = evidence_file(tmp_path, "old.pdf", b"attached before 0008")
    with db.transaction() as s:
        entry = make_timeline_entry(s, made.case_id)
        assert entry.id is not None
        cases.attach_to_entry(s, entry.id, AttachmentCreate(path=str(old)))
    with sqlite3.connect(db_path) as conn:  # as a file upgraded from 0007 holds it: path and hash only
        conn.execute("DELETE FROM evidence_blob")
    sha = hashlib.sha256(b"attached before 0008").hexdigest()
    with db.session() as s:
        _ref, [item] = evidence.evidence_of(s, made.case_ref)
        assert (item.stored, item.attachment.sha256, item.attachment.path) == (False, sha, str(old))
        with pytest.raises(NotFound, match="only its path and hash are recorded"):
            evidence.find_stored(s, sha[:10])


def test_a_copy_is_written_0600_and_never_over_an_existing_file(
    db: Database, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    content = b"The exact words, as sent.\n"
    attached = _attached(db, made.case_id, evidence_file(tmp_path, "letter.txt", content))
    out = tmp_path / "out"
    with db.session() as s:
        data = evidence.checked_content(s, attached.sha256)
    assert data == content
    written = save_copy(data, evidence.target_for(f"{out}/", "letter.txt"))
    assert written == out / "letter.txt"
    assert written.read_bytes() == content and file_mode(written) == 0o600 and file_mode(out) == 0o700
    assert evidence.target_for(out, "letter.txt") == written  # an existing folder takes the name too
    written.write_bytes(b"the rep's own edits")
    with pytest.raises(RepdeskError, match="already exists; nothing was written"):
        save_copy(data, written)
    assert written.read_bytes() == b"the rep's own edits"
    beside = save_copy(data, written, free_name=True)
    assert beside == out / "letter-2.txt" and beside.read_bytes() == content
    assert file_mode(beside) == 0o600


def test_an_altered_blob_is_found_and_never_handed_out(
    db: Database, db_path: Path, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    attached = _attached(db, made.case_id, evidence_file(tmp_path, "letter.txt", b"original words"))
    with db.session() as s:
        assert attachments.altered_blobs(s) == set()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE evidence_blob SET content = ?", (b"altered words",))
    with db.session() as s:
        assert attachments.altered_blobs(s) == {attached.sha256}
        assert attachments.altered_blobs(s, [attached.sha256, "0" * 64]) == {attached.sha256}
        assert attachments.altered_blobs(s, ["0" * 64]) == set()
        with pytest.raises(RepdeskError, match="no longer matches"):
            evidence.checked_content(s, attached.sha256)


def test_a_blob_goes_with_the_last_attachment_that_holds_it(
    db: Database, db_path: Path, new_case: NewCase, tmp_path: Path
) -> None:
    made = new_case()
    letter = evidence_file(tmp_path, "letter.txt", b"shared bytes")
    entries = [_attached(db, made.case_id, letter).timeline_entry_id for _ in range(2)]
    with db.transaction() as s:
        entry = cases.get_timeline_entry(s, entries[0] or 0)
        cases.delete_timeline_entry(s, entry.id or 0, version=entry.version)
    assert _counts(db_path)[:2] == (1, 1)
    with db.transaction() as s:
        entry = cases.get_timeline_entry(s, entries[1] or 0)
        cases.delete_timeline_entry(s, entry.id or 0, version=entry.version)
    assert _counts(db_path)[:2] == (0, 0)


def test_an_unknown_reference_is_refused(db: Database) -> None:
    with db.session() as s, pytest.raises(NotFound, match="No case or threat-log entry has the reference"):
        evidence.evidence_of(s, "C-1999-0001")


def test_a_file_from_0007_keeps_its_attachments_as_path_and_hash_only(
    head_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite"
    path.write_bytes(head_template.read_bytes())
    letter = evidence_file(tmp_path, "old-letter.txt", b"attached under 0007")
    old = open_database(path)
    try:
        made = new_case_in(old)
        save_profile(old)
        with old.transaction() as s:
            entry = make_timeline_entry(s, made)
            assert entry.id is not None
            cases.attach_to_entry(s, entry.id, AttachmentCreate(path=str(letter)))
    finally:
        old.close()
    _step_to(path, "0007", down=True)
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "evidence_blob" not in tables
    upgraded = open_database(path)
    try:
        with upgraded.session() as s:
            _ref, [item] = evidence.evidence_of(s, cases.get_case(s, made).ref)
            assert (item.stored, item.name) == (False, "old-letter.txt")
            assert attachments.limit_bytes(s) == 25 * 1024 * 1024
    finally:
        upgraded.close()


def new_case_in(db: Database) -> int:
    """A case (and its member) in ``db``, committed; its id."""
    with db.transaction() as s:
        case = make_case(s)
        assert case.id is not None
        return case.id
