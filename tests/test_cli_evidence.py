"""``repdesk evidence add|list|get`` through a real process, with good and bad files; backups carry it."""

# ruff: noqa: F811  (the shared fixtures are imported by name and taken as arguments)

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from repdesk.store.engine import open_database
from tests.helpers import TODAY_ISO
from tests.helpers.cli import Run, one_line_error
from tests.helpers.factories import make_case, make_threat
from tests.test_cli import home, repdesk  # noqa: F401

LETTER = b"Dear colleague,\nYour pay will be docked for each office day missed.\n"


@pytest.fixture
def refs(tmp_path: Path) -> tuple[Path, str, str]:
    """A database holding one case and one threat entry: (its path, the case's ref, the threat's ref)."""
    path = tmp_path / "e.sqlite"
    db = open_database(path)
    try:
        with db.transaction() as s:
            case, threat = make_case(s), make_threat(s)
            return path, case.ref, threat.ref
    finally:
        db.close()


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql))


def test_add_list_and_get_a_file_on_a_case(repdesk: Run, refs: tuple[Path, str, str], tmp_path: Path) -> None:
    db, case_ref, _threat = refs
    letter = tmp_path / "hr letter.txt"
    letter.write_bytes(LETTER)
    sha = hashlib.sha256(LETTER).hexdigest()

    added = repdesk(
        "--db", str(db), "evidence", "add", case_ref.lower(), str(letter), "--description", "HR letter"
    )
    assert added.returncode == 0, added.stderr
    assert f"Attached hr letter.txt ({len(LETTER)} bytes, SHA-256 {sha}) to {case_ref}" in added.stdout
    assert _rows(db, "SELECT occurred_on, kind, summary FROM timeline_entry") == [
        (TODAY_ISO, "document", "HR letter")
    ]
    assert _rows(db, "SELECT sha256, content FROM evidence_blob") == [(sha, LETTER)]

    letter.unlink()
    listed = repdesk("--db", str(db), "evidence", "list", case_ref)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0] == f"{case_ref}: 1 evidence file"
    assert f"{sha[:12]}  hr letter.txt  {len(LETTER)} bytes  in the file" in listed.stdout

    out = tmp_path / "copies"
    out.mkdir()
    got = repdesk("--db", str(db), "evidence", "get", sha[:6], "-o", f"{out}/")
    assert got.returncode == 0, got.stderr
    copy = out / "hr letter.txt"
    assert copy.read_bytes() == LETTER
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    again = repdesk("--db", str(db), "evidence", "get", sha[:6], "-o", str(copy))
    assert "already exists; nothing was written" in one_line_error(again, 1)
    assert copy.read_bytes() == LETTER


def test_add_on_a_threat_entry_and_list_it(repdesk: Run, refs: tuple[Path, str, str], tmp_path: Path) -> None:
    db, _case, threat_ref = refs
    shot = tmp_path / "teams.png"
    shot.write_bytes(b"\x89PNG not really")
    added = repdesk("--db", str(db), "evidence", "add", threat_ref, str(shot))
    assert added.returncode == 0, added.stderr
    assert _rows(db, "SELECT count(*) FROM attachment WHERE threat_entry_id IS NOT NULL") == [(1,)]
    listed = repdesk("--db", str(db), "evidence", "list", threat_ref)
    assert "teams.png  15 bytes  in the file" in listed.stdout and f"on {threat_ref}" in listed.stdout


def test_bad_files_are_one_line_refusals_and_nothing_is_attached(
    repdesk: Run, refs: tuple[Path, str, str], tmp_path: Path
) -> None:
    db, case_ref, _threat = refs
    assert (
        repdesk(
            "--db", str(db), "profile", "--name", "Sam", "--union", "PCS", "--evidence-limit", "1"
        ).returncode
        == 0
    )
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * (1024 * 1024 + 10))
    cases = {
        "does not exist or is not a file": tmp_path / "missing.pdf",
        "is not a file": tmp_path,
        "over your limit of 1.0 MB": big,
        "cannot be read": Path("/proc/self/mem"),  # unreadable, even for root
    }
    for says, path in cases.items():
        line = one_line_error(repdesk("--db", str(db), "evidence", "add", case_ref, str(path)), 1)
        assert says in line, line
    line = one_line_error(repdesk("--db", str(db), "evidence", "add", "C-1999-0042", str(big)), 1)
    assert "No case or threat-log entry has the reference C-1999-0042" in line
    assert _rows(db, "SELECT count(*) FROM attachment") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM timeline_entry") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM evidence_blob") == [(0,)]
    shown = repdesk("--db", str(db), "profile")
    assert "evidence limit  1 MB per file" in shown.stdout


def test_get_refuses_bad_hashes(repdesk: Run, refs: tuple[Path, str, str], tmp_path: Path) -> None:
    db, _case, _threat = refs
    out = str(tmp_path / "x.bin")
    assert "at least 4 hex digits" in one_line_error(
        repdesk("--db", str(db), "evidence", "get", "ab", "-o", out), 1
    )
    assert "No file stored" in one_line_error(
        repdesk("--db", str(db), "evidence", "get", "abcd", "-o", out), 1
    )
    assert one_line_error(repdesk("--db", str(db), "evidence", "get", "abcd"), 2)  # -o is required
    assert not Path(out).exists()


def test_a_backup_holds_the_attached_files_bytes(
    repdesk: Run, refs: tuple[Path, str, str], tmp_path: Path
) -> None:
    db, case_ref, _threat = refs
    letter = tmp_path / "letter.txt"
    letter.write_bytes(LETTER)
    assert repdesk("--db", str(db), "evidence", "add", case_ref, str(letter)).returncode == 0
    backed = repdesk("--db", str(db), "backup")
    assert backed.returncode == 0, backed.stderr
    [copy] = (tmp_path / "backups").glob("e-*-manual.sqlite")
    assert _rows(copy, "SELECT content FROM evidence_blob") == [(LETTER,)]
