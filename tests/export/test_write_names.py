"""Export and backup names never collide: seconds in every name, a free name rather than a replaced file."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

import repdesk.store.migrate as migrate
from repdesk.export import default_name, extension_mismatch, target_path, write_file
from repdesk.store.engine import Database
from tests.export.export_helpers import build


def test_default_names_carry_seconds(golden_db: Database) -> None:
    assert default_name(build(golden_db, "talks", "branch"), "md") == "talks-branch-2026-11-22T120000.md"


def test_target_path_reads_a_trailing_slash_or_a_folder_as_where_to_put_the_default_name(
    golden_db: Database, tmp_path: Path
) -> None:
    document = build(golden_db, "talks", "branch")
    name = default_name(document, "md")
    assert target_path("", document, "md", folder=tmp_path) == tmp_path / name
    missing = tmp_path / "not-yet"
    assert target_path(f"{missing}/", document, "md", folder=tmp_path) == missing / name
    assert target_path(str(tmp_path), document, "md", folder=tmp_path / "x") == tmp_path / name
    assert target_path(f"{missing}", document, "md", folder=tmp_path) == missing


def test_extension_mismatch_is_one_line_and_only_for_a_known_other_format() -> None:
    problem = extension_mismatch(Path("notes.md"), "pdf")
    assert problem is not None and "\n" not in problem and ".md" in problem and "PDF" in problem
    assert extension_mismatch(Path("notes.pdf"), "pdf") is None
    assert extension_mismatch(Path("notes.MARKDOWN"), "md") is None
    assert extension_mismatch(Path("notes"), "pdf") is None
    assert extension_mismatch(Path("notes.txt"), "md") is None


def test_write_file_with_free_name_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "talks.md"
    assert write_file("one", target, free_name=True) == target
    second = write_file("two", target, free_name=True)
    third = write_file("three", target, free_name=True)
    assert (second.name, third.name) == ("talks-2.md", "talks-3.md")
    assert [p.read_text() for p in (target, second, third)] == ["one", "two", "three"]


class _FrozenClock:
    """Stands in for ``datetime`` in the migrate module: always the same second."""

    @staticmethod
    def now(tz: object = None) -> datetime:
        return datetime(2026, 11, 30, 13, 30, 5, tzinfo=UTC)


def test_two_backups_in_one_second_get_their_own_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "cases.sqlite"
    with sqlite3.connect(live) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    monkeypatch.setattr(migrate, "datetime", _FrozenClock)
    backups = tmp_path / "backups"
    first = migrate.backup(live, backups, "manual")
    with sqlite3.connect(live) as conn:
        conn.execute("INSERT INTO t VALUES (2)")
    conn.close()
    second = migrate.backup(live, backups, "manual")
    assert first.name == "cases-20261130T133005Z-manual.sqlite"
    assert second.name == "cases-20261130T133005Z-manual-2.sqlite"
    counts = []
    for copy in (first, second):
        with sqlite3.connect(copy) as conn:
            counts.append(conn.execute("SELECT count(*) FROM t").fetchone()[0])
        conn.close()
    assert counts == [1, 2]  # the first backup was not replaced by the second
