"""The command line keeps its promise: exit 0, 1 (the data or the file) or 2 (the command line),
one plain line on stderr, no file made by a command that only reads, and ``demo --fresh``
never destroys a file another repdesk has open."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from repdesk.cli import run
from repdesk.store import migrate
from repdesk.tui.desk_store import DeskStore
from tests.helpers.cli import Run, one_line_error, runner


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The rep's home, where repdesk keeps its files; a command that only reads never makes it."""
    return tmp_path / "home"


@pytest.fixture
def repdesk(home: Path) -> Run:
    return runner(home)


def sqlite_files(folder: Path) -> list[Path]:
    """Every file under ``folder``: none may appear for a command that only reads."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database, made once; tests copy it before changing it."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite"
    result = runner(folder)("--db", str(path), "demo", "--members", "12")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def own_copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk" / "rep.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(demo_file) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def members(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM member").fetchone()[0])


# --- exit 2: the command line is wrong ----------------------------------------------------


def test_tilde_for_a_user_who_does_not_exist_is_a_usage_error(repdesk: Run) -> None:
    line = one_line_error(repdesk("--db", "~nosuchuser-i1/x.sqlite", "summary"), 2)
    assert line.startswith("repdesk: --db: ~nosuchuser-i1 names no user")


@pytest.mark.parametrize("name", ["a/b", "", " . ", "..", "a\\b"])
def test_a_rep_that_is_a_path_or_nothing_is_refused(repdesk: Run, home: Path, name: str) -> None:
    for command in ("summary", "locate", "demo"):
        line = one_line_error(repdesk("--rep", name, command), 2)
        assert line.startswith(f"repdesk: --rep {name!r}: a rep's name ")
    assert sqlite_files(home) == []


def test_an_argument_that_is_not_utf8_is_a_usage_error(repdesk: Run, tmp_path: Path) -> None:
    # What bash passes for $'/tmp/\xff.sqlite': Python sees a lone surrogate.
    path = os.fsdecode(bytes(tmp_path) + b"/\xff.sqlite")
    line = one_line_error(repdesk("--db", path, "summary"), 2)
    assert line == (
        "repdesk: the value of --db is not valid UTF-8 text; repdesk takes names and paths as UTF-8 only"
    )
    assert one_line_error(repdesk(f"--db={path}", "demo"), 2).startswith("repdesk: the value of --db ")
    assert one_line_error(repdesk("--rep", os.fsdecode(b"s\xe9n"), "locate"), 2).startswith(
        "repdesk: the value of --rep "
    )
    env_line = one_line_error(repdesk("summary", extra_env={"REPDESK_DB": path}), 2)
    assert env_line.startswith("repdesk: REPDESK_DB is not valid UTF-8")
    assert list(tmp_path.iterdir()) == []


def test_demo_members_has_a_bound(repdesk: Run, home: Path) -> None:
    line = one_line_error(repdesk("demo", "--members", "100000000"), 2)
    assert "--members: at most 20,000 members" in line
    assert sqlite_files(home) == []


# --- exit 1: a problem with the file ------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "purpose"),
    [
        (("summary",), ", so nothing to summarise"),
        (("export", "talks", "--format", "md"), ", so nothing to export"),
        (("backup",), ", so nothing to back up"),
        (("profile",), ""),
        (("deadline", "add", "C-2025-0001", "sar", "--received", "today"), ""),
    ],
)
def test_a_command_that_reads_never_creates_the_reps_file(
    repdesk: Run, home: Path, command: tuple[str, ...], purpose: str
) -> None:
    line = one_line_error(repdesk("--rep", "Sam O'Neill", *command), 1)
    path = home / "data" / "repdesk" / "sam-o-neill.sqlite"
    assert line == (
        f"repdesk: There is no database at {path} yet{purpose}. Start it by running "
        "`repdesk --rep 'Sam O'\"'\"'Neill'` in a terminal: the desk opens and asks for your profile. "
        "Or try repdesk on fictional data with `repdesk demo`."
    )
    assert sqlite_files(home) == []


def test_locate_says_the_file_does_not_exist_yet(repdesk: Run, home: Path, own_copy: Path) -> None:
    result = repdesk("--rep", "sam", "locate")
    assert result.returncode == 0, result.stderr
    assert "(chosen by --rep; it does not exist yet)" in result.stdout
    assert sqlite_files(home) == []
    there = repdesk("--db", str(own_copy), "locate")
    assert f"{own_copy}  (chosen by --db; not encrypted)\n" in there.stdout


@pytest.mark.parametrize(
    "command",
    [("summary",), ("backup",), ("export", "talks", "--format", "md"), ("profile",), ("demo",)],
)
def test_a_file_name_too_long_is_a_plain_refusal(
    repdesk: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = tmp_path / ("a" * 300 + ".sqlite")
    line = one_line_error(repdesk("--db", str(path), *command), 1)
    assert "too long" in line.lower()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "full",
    [OSError(errno.ENOSPC, "No space left on device"), sqlite3.OperationalError("database or disk is full")],
    ids=["os", "sqlite"],
)
def test_backup_onto_a_full_disk_is_refused_and_leaves_no_partial_copy(
    own_copy: Path, monkeypatch: pytest.MonkeyPatch, full: Exception
) -> None:
    def copy_until_the_disk_fills(path: Path, target: Path, key: object = None) -> None:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
        raise full

    monkeypatch.setattr(migrate, "_copy", copy_until_the_disk_fills)
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(own_copy), "backup"], out=out, err=err) == 1
    backups = own_copy.parent / "backups"
    assert err.getvalue() == (
        f"repdesk: No backup was made. The disk holding {backups} is full; nothing more was written "
        "there. Free some space and try again.\n"
    )
    assert out.getvalue() == ""
    assert list(backups.iterdir()) == []


def test_an_export_onto_a_full_disk_is_refused_and_leaves_no_partial_file(
    own_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import repdesk.export.write as write

    class FullDisk:
        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        def write(self, fd: int, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "os", FullDisk())
    target = tmp_path / "out" / "talks.md"
    err = io.StringIO()
    code = run(["--db", str(own_copy), "export", "talks", "--format", "md", "-o", str(target)], err=err)
    assert code == 1
    assert err.getvalue().startswith(f"repdesk: repdesk cannot write {target}: No space left on device")
    assert list(target.parent.iterdir()) == []


def test_output_closed_early_stops_quietly(tmp_path: Path) -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    err = io.StringIO()
    assert run(["rules"], out=Closed(), err=err) == 1
    assert err.getvalue() == ""


def test_output_onto_a_full_disk_is_a_plain_refusal(own_copy: Path) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    err = io.StringIO()
    assert run(["--db", str(own_copy), "summary"], out=Full(), err=err) == 1
    assert err.getvalue() == (
        "repdesk: The disk holding the file being written is full; nothing more was written there. "
        "Free some space and try again.\n"
    )


# --- demo --fresh never destroys a file in use --------------------------------------------


@pytest.fixture
def open_desk(own_copy: Path) -> Iterator[DeskStore]:
    """The file held open as the desk holds it, for as long as the test runs."""
    store = DeskStore(own_copy, backups=own_copy.parent / "backups")
    store.wait()
    yield store
    store.close()


def test_demo_fresh_refuses_while_a_desk_has_the_file_open(
    repdesk: Run, own_copy: Path, open_desk: DeskStore
) -> None:
    line = one_line_error(repdesk("--db", str(own_copy), "demo", "--members", "3", "--fresh"), 1)
    assert line == (
        f"repdesk: {own_copy} is open in another repdesk (the desk, or a command still running); "
        "close it there and try again. Nothing was changed."
    )
    assert members(own_copy) == 12
    assert not (own_copy.parent / "backups").exists()
    # The desk goes on working on the same file.
    with open_desk.wait().session() as session:
        from repdesk.store.common import count
        from repdesk.store.models import Member

        assert count(session, Member) == 12


def test_demo_fresh_backs_the_file_up_before_starting_it_over(repdesk: Run, own_copy: Path) -> None:
    result = repdesk("--db", str(own_copy), "demo", "--members", "3", "--fresh")
    assert result.returncode == 0, result.stderr
    (copy,) = (own_copy.parent / "backups").glob("rep-*-before-fresh.sqlite")
    assert result.stdout.startswith(f"Backed up {own_copy} to {copy} before starting it over.\n")
    assert members(copy) == 12
    assert members(own_copy) == 3
    # A desk closed again no longer holds the file: the lock goes with it.
    store = DeskStore(own_copy)
    store.wait()
    store.close()
    again = repdesk("--db", str(own_copy), "demo", "--members", "2", "--fresh")
    assert again.returncode == 0, again.stderr
    assert members(own_copy) == 2


def test_demo_fresh_leaves_a_file_it_cannot_back_up(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "thesis.sqlite"
    path.write_bytes(b"not a database, but somebody's work\n" * 100)
    before = path.read_bytes()
    line = one_line_error(repdesk("--db", str(path), "demo", "--fresh"), 1)
    assert line.startswith(f"repdesk: No backup was made. {path} is damaged or is not a repdesk database.")
    assert line.endswith(f"{path} was left as it is.")
    assert path.read_bytes() == before
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_file_error_never_names_a_file_the_command_line_did_not(
    own_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from repdesk.store import triage

    def unreadable(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error", "/home/rep/cases/Priya Shah grievance.pdf")

    monkeypatch.setattr(triage, "overview", unreadable)
    err = io.StringIO()
    assert run(["--db", str(own_copy), "summary"], err=err) == 1
    assert err.getvalue() == "repdesk: repdesk cannot use a file it needed: input/output error.\n"
