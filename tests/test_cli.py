"""The command line, driven as a rep would: a real process, real files, exit codes and output."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.helpers.cli import Run, one_line_error, runner


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def repdesk(home: Path) -> Run:
    """Run ``python -m repdesk`` with its files under a temporary home and a frozen date."""
    return runner(home)


def test_help_lists_the_commands(repdesk: Run) -> None:
    result = repdesk("--help")
    assert result.returncode == 0
    for command in ("locate", "demo", "summary", "backup", "--rep", "--db"):
        assert command in result.stdout


def test_locate_prints_the_reps_files_and_creates_nothing(repdesk: Run, home: Path) -> None:
    result = repdesk("--rep", "Sam O'Neill", "locate")
    assert result.returncode == 0, result.stderr
    assert "Sam O'Neill" in result.stdout
    assert str(home / "data" / "repdesk" / "sam-o-neill.sqlite") in result.stdout
    assert str(home / "config" / "repdesk" / "config.toml") in result.stdout
    assert str(home / "data" / "repdesk" / "exports" / "sam-o-neill") in result.stdout
    assert list(home.iterdir()) == []


def test_db_option_and_environment_choose_the_file(repdesk: Run, tmp_path: Path) -> None:
    by_env = repdesk("locate", extra_env={"REPDESK_DB": str(tmp_path / "env.sqlite")})
    assert str(tmp_path / "env.sqlite") in by_env.stdout and "REPDESK_DB" in by_env.stdout
    by_flag = repdesk("--db", str(tmp_path / "flag.sqlite"), "locate", extra_env={"REPDESK_DB": "x"})
    assert str(tmp_path / "flag.sqlite") in by_flag.stdout and "--db" in by_flag.stdout


def test_demo_fills_the_demo_reps_private_file(repdesk: Run, home: Path) -> None:
    result = repdesk("demo", "--members", "40", "--seed", "7")
    assert result.returncode == 0, result.stderr
    path = home / "data" / "repdesk" / "demo.sqlite"
    assert "40 members" in result.stdout and str(path) in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM member").fetchone() == (40,)
        assert conn.execute("SELECT count(*) FROM member_case").fetchone()[0] > 0
    again = repdesk("demo", "--members", "40")
    assert again.returncode == 0 and "already holds 40 members" in again.stdout
    summary = repdesk("--rep", "demo", "summary")
    assert summary.returncode == 0, summary.stderr
    assert "40 members" in summary.stdout and "Most urgent cases:" in summary.stdout
    assert "C-20" in summary.stdout


def test_demo_fresh_starts_over(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    assert repdesk("--db", str(path), "demo", "--members", "25").returncode == 0
    result = repdesk("demo", "--db", str(path), "--members", "30", "--fresh")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM member").fetchone() == (30,)


def test_bad_option_is_a_one_line_usage_error(repdesk: Run) -> None:
    result = repdesk("demo", "--members", "lots")
    assert "not a whole number" in one_line_error(result)
    assert result.returncode == 2
    assert "unrecognized" in one_line_error(repdesk("--frobnicate"))


def test_corrupt_file_is_refused_in_one_line(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    before = path.read_bytes()
    line = one_line_error(repdesk("--db", str(path), "summary"))
    assert "damaged or is not a repdesk database" in line
    assert path.read_bytes() == before


def test_newer_schema_is_refused_in_one_line(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    assert repdesk("--db", str(path), "demo", "--members", "1").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    line = one_line_error(repdesk("--db", str(path), "summary"))
    assert "newer repdesk" in line


def test_unwritable_folder_is_refused_in_one_line(repdesk: Run, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits; a folder that is really a file fails the same way.
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        path = blocker / "rep.sqlite"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        path = locked / "sub" / "rep.sqlite"
    line = one_line_error(repdesk("--db", str(path), "demo"))
    assert "cannot create" in line


def test_backup_copies_privately(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    assert repdesk("--db", str(path), "demo", "--members", "20").returncode == 0
    result = repdesk("--db", str(path), "backup")
    assert result.returncode == 0, result.stderr
    copies = list((tmp_path / "backups").glob("b-*-manual.sqlite"))
    assert len(copies) == 1
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT count(*) FROM member").fetchone() == (20,)
