"""``repdesk summary`` in a real process: it lists what is overdue, and every line fits the terminal,
broken only between words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from repdesk.store.engine import open_database
from tests.helpers import day
from tests.helpers.cli import Run, runner
from tests.helpers.factories import make_deadline

LONG_WHAT = "Zebrafish hearing outcome must be chased with the employer's appointed caseworker today"
"""An overdue deadline whose line must wrap at 80 columns."""


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    """A demo database with one overdue deadline of a long description, and how to run repdesk on it."""
    home = tmp_path_factory.mktemp("home")
    run = runner(home)
    path = home / "desk.sqlite"
    made = run("--db", str(path), "demo", "--members", "30", "--seed", "3")
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(path) as raw:
        (case_id,) = raw.execute("SELECT id FROM member_case WHERE status != 'closed' LIMIT 1").fetchone()
    raw.close()
    db = open_database(path)
    try:
        with db.transaction() as s:
            make_deadline(s, case_id, what=LONG_WHAT, due_on=day(-400))
    finally:
        db.close()
    return run, path


@pytest.mark.parametrize("columns", [80, 120])
def test_summary_lists_what_is_overdue(database: tuple[Run, Path], columns: int) -> None:
    run, path = database
    result = run("--db", str(path), "summary", extra_env={"COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "Overdue deadlines and next actions:" in text
    # The oldest overdue item is listed, in full, with its date and how late it is.
    assert LONG_WHAT in text
    assert f"{day(-400).day} {day(-400):%b %Y} (400 days ago)" in text


@pytest.mark.parametrize("columns", [80, 120])
def test_summary_never_runs_past_the_width_or_cuts_a_word(database: tuple[Run, Path], columns: int) -> None:
    run, path = database
    result = run("--db", str(path), "summary", extra_env={"COLUMNS": str(columns)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long
    # Every word the summary says is whole on one line: every word of each urgent case's title...
    words = {word for line in lines for word in line.split()}
    with sqlite3.connect(path) as raw:
        titles = dict(raw.execute("SELECT ref, title FROM member_case").fetchall())
    raw.close()
    start = lines.index("Most urgent cases:") + 1
    urgent = "\n".join(lines[start : lines.index("", start)])
    listed = [ref for ref in titles if ref in urgent]
    assert listed
    for ref in listed:
        assert set(titles[ref].split()) <= words, (ref, set(titles[ref].split()) - words)
    # ...and of the long overdue deadline.
    assert set(LONG_WHAT.split()) <= words, set(LONG_WHAT.split()) - words
    # A wrapped line goes on, indented, under its item; nothing ends in a half word.
    assert all(not line.rstrip().endswith("-") for line in lines)
