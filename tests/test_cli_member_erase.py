"""``repdesk member erase``, driven as a rep would: a real process, exit codes, the look-up's refusals."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from repdesk.store import chain, members
from repdesk.store.engine import open_database
from tests.helpers.cli import Run, one_line_error, runner
from tests.helpers.factories import ident, make_case, make_member, make_threat


@pytest.fixture
def repdesk(tmp_path: Path) -> Run:
    return runner(tmp_path / "home")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two members called Sam Twin, one Rita Unique (PCS 4411) with a case and a threat entry."""
    path = tmp_path / "desk" / "cases.sqlite"
    database = open_database(path)
    with database.transaction() as s:
        make_member(s, name="Sam Twin", membership_no="PCS 1001")
        make_member(s, name="Sam Twin", membership_no="PCS 1002")
        rita = make_member(s, name="Rita Unique", membership_no="PCS 4411")
        case = make_case(s, rita, title="Docked pay")
        make_threat(s, member_ids=[ident(rita)], case_ids=[ident(case)])
    database.close()
    return path


def _names(path: Path) -> list[str]:
    database = open_database(path)
    try:
        with database.session() as s:
            return sorted(row.name for row in members.list_members(s).rows)
    finally:
        database.close()


def test_an_ambiguous_name_is_refused_listing_the_matches(repdesk: Run, db: Path) -> None:
    line = one_line_error(repdesk("--db", str(db), "member", "erase", "sam twin", "--yes"), 1)
    assert "names 2 members" in line and "PCS 1001" in line and "PCS 1002" in line
    assert _names(db) == ["Rita Unique", "Sam Twin", "Sam Twin"]


def test_an_unknown_member_is_refused(repdesk: Run, db: Path) -> None:
    line = one_line_error(repdesk("--db", str(db), "member", "erase", "Nobody Here", "--yes"), 1)
    assert "No member has the membership number or full name" in line
    assert len(_names(db)) == 3


def test_without_a_terminal_it_asks_for_yes(repdesk: Run, db: Path) -> None:
    line = one_line_error(repdesk("--db", str(db), "member", "erase", "PCS 4411"), 2)
    assert "--yes" in line and "Nothing was erased" in line
    assert "Rita Unique" in _names(db)


def test_yes_erases_by_number_and_the_chain_verifies(repdesk: Run, db: Path) -> None:
    result = repdesk("--db", str(db), "member", "erase", "pcs 4411", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Member #3 erased: 1 case removed, 0 timeline entries")
    assert "links from 1 threat-log entry" in result.stdout
    assert "Rita" not in result.stdout and "4411" not in result.stdout
    wal = db.with_name(db.name + "-wal")
    assert b"Rita Unique" not in db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert _names(db) == ["Sam Twin", "Sam Twin"]
    verified = repdesk("--db", str(db), "verify")
    assert verified.returncode == 0, verified.stderr


def test_keep_cases_keeps_them_under_a_placeholder(repdesk: Run, db: Path) -> None:
    result = repdesk("--db", str(db), "member", "erase", "Rita Unique", "--keep-cases", "--yes")
    assert result.returncode == 0, result.stderr
    assert "kept under Erased member 1" in result.stdout
    assert _names(db) == ["Sam Twin", "Sam Twin"]  # the placeholder is archived: out of the list
    database = open_database(db)
    with database.session() as s:
        assert [name for _id, name in members.find_members(s, "Erased", archived=True)] == ["Erased member 1"]
        assert chain.verify(s).ok
    database.close()


def test_on_a_terminal_it_shows_what_goes_and_wants_the_word(db: Path, tmp_path: Path) -> None:
    def ask(answer: bytes) -> tuple[int, str]:
        leader, follower = pty.openpty()
        env = {**os.environ, "HOME": str(tmp_path / "home"), "REPDESK_TODAY": "2026-11-22"}
        env.pop("REPDESK_DB", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "repdesk", "--db", str(db), "member", "erase", "Rita Unique"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(follower)
        os.write(leader, answer)
        out, _err = process.communicate(timeout=60)
        os.close(leader)
        return process.returncode, out.decode()

    code, said = ask(b"erase\n")  # not the word: nothing goes
    assert code == 1 and "This erases, for good:" in said and "Rita Unique (PCS 4411)" in said
    assert "Removed: 1 case (C-" in said and "Nothing was erased." in said
    assert "Rita Unique" in _names(db)
    code, said = ask(b"ERASE\n")
    assert code == 0 and "Member #3 erased" in said
    assert "Rita Unique" not in _names(db)
