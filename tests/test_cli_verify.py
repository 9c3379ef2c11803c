"""``repdesk verify`` in a real process: the head when the chain holds, the first failure when not,
``--extends`` for a head written down earlier, and ``summary`` warning at the top."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from repdesk.domain.enums import ThreatStatus
from repdesk.store import chain, threats
from repdesk.store.engine import open_database
from tests.helpers.cli import Run, one_line_error, runner
from tests.helpers.raw import tamper as _tamper


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Run, Path]:
    """A demo database (its threat log chained as the demo writes it), and how to run repdesk on it."""
    run = runner(tmp_path)
    path = tmp_path / "desk.sqlite"
    made = run("--db", str(path), "demo", "--members", "30", "--seed", "5")
    assert made.returncode == 0, made.stderr
    return run, path


def _head(output: str) -> tuple[str, str]:
    short = re.search(r"^head  ([0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4})$", output, re.M)
    full = re.search(r"^full  ([0-9a-f]{64})$", output, re.M)
    assert short and full, output
    return short.group(1), full.group(1)


def test_an_intact_log_verifies_and_prints_its_head(demo: tuple[Run, Path]) -> None:
    run, path = demo
    result = run("--db", str(path), "verify")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The threat log verifies: ")
    short, full = _head(result.stdout)
    assert full.replace(" ", "").startswith(short.replace(" ", ""))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT hash FROM threat_event ORDER BY seq DESC LIMIT 1").fetchone() == (full,)
    conn.close()
    summary = run("--db", str(path), "summary")
    assert summary.returncode == 0 and summary.stdout.startswith("repdesk: ")


def test_a_changed_entry_fails_naming_it_in_one_line(demo: tuple[Run, Path]) -> None:
    run, path = demo
    _tamper(path, "UPDATE threat_entry SET exact_words = 'Nothing was said.' WHERE id = 4")
    conn = sqlite3.connect(path)
    (ref,) = conn.execute("SELECT ref FROM threat_entry WHERE id = 4").fetchone()
    conn.close()
    line = one_line_error(run("--db", str(path), "verify"), 1)
    assert f"entry {ref} (#4) changed" in line
    assert "Nothing was said" not in line
    summary = run("--db", str(path), "summary")
    assert summary.returncode == 0
    assert summary.stdout.startswith("WARNING: the threat log does not verify: ")
    assert f"{ref} (#4)" in summary.stdout.split("repdesk:")[0]


def test_a_removed_event_fails(demo: tuple[Run, Path]) -> None:
    run, path = demo
    _tamper(path, "DELETE FROM threat_event WHERE seq = 3")
    assert "event 3 missing" in one_line_error(run("--db", str(path), "verify"), 1)


def test_extends_an_older_head_and_not_after_a_rewrite(demo: tuple[Run, Path]) -> None:
    run, path = demo
    old_short, old_full = _head(run("--db", str(path), "verify").stdout)
    db = open_database(path)
    try:
        with db.transaction() as s:
            entry = threats.get_threat(s, 1)
            assert entry.id is not None
            status = (
                ThreatStatus.WITHDRAWN if entry.status is not ThreatStatus.WITHDRAWN else ThreatStatus.RAISED
            )
            threats.set_status(s, entry.id, status, version=entry.version)
    finally:
        db.close()
    for written in (old_short, old_full, old_short.upper().replace(" ", "-")):
        later = run("--db", str(path), "verify", "--extends", written)
        assert later.returncode == 0, later.stderr
        assert f"It extends the head {old_short}" in later.stdout or old_full in later.stdout
        assert _head(later.stdout)[1] != old_full
    # Rewritten from the start: the first event's hash changes, so every later one does.
    _tamper(path, "DELETE FROM threat_event")
    db = open_database(path)
    try:
        with db.transaction() as s:
            ids = [
                row[0] for row in s.connection().exec_driver_sql("SELECT id FROM threat_entry ORDER BY id")
            ]
            chain.log_entries(s, ids)
    finally:
        db.close()
    assert run("--db", str(path), "verify").returncode == 0  # a new chain holds together...
    line = one_line_error(run("--db", str(path), "verify", "--extends", old_short), 1)
    assert f"does not extend the head {old_short}" in line  # ...but not with what was written down


@pytest.mark.parametrize("head", ["abc", "zzzz zzzz zzzz", "a1b2 c3d4 e5f6 0"])
def test_a_head_that_is_not_one_is_a_usage_error(demo: tuple[Run, Path], head: str) -> None:
    run, path = demo
    assert "--extends" in one_line_error(run("--db", str(path), "verify", "--extends", head), 2)


def test_no_file_is_refused_and_none_is_made(tmp_path: Path) -> None:
    run = runner(tmp_path)
    missing = tmp_path / "none.sqlite"
    assert "no database" in one_line_error(run("--db", str(missing), "verify"), 1)
    assert not missing.exists()
