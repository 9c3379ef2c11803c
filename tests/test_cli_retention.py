"""``repdesk profile --retention-months N | --no-retention``, and the summary's count due for review."""

from __future__ import annotations

from pathlib import Path

import pytest

from repdesk.domain.dates import add_months
from repdesk.domain.enums import CaseOutcome, CaseStatus
from repdesk.store.engine import open_database
from tests.helpers import TODAY
from tests.helpers.cli import Run, one_line_error, runner
from tests.helpers.factories import make_case


@pytest.fixture
def repdesk(tmp_path: Path) -> Run:
    home = tmp_path / "home"
    home.mkdir()
    return runner(home)


def _new_file(repdesk: Run, path: Path) -> None:
    """An empty file at head with the rep's profile, made through the command."""
    open_database(path).close()
    made = repdesk("--db", str(path), "profile", "--name", "Sam Rep", "--union", "PCS")
    assert made.returncode == 0, made.stderr
    assert "closed cases listed for review 72 months after closing" in made.stdout


def _review_line(summary: str) -> str:
    [line] = [line for line in summary.splitlines() if "review" in line.lower()]
    return line


def test_the_period_is_set_shown_and_counted_in_the_summary(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    _new_file(repdesk, path)
    db = open_database(path)
    try:
        with db.transaction() as s:
            for years in (7, 5):
                closed_on = add_months(TODAY, -12 * years)
                make_case(
                    s,
                    opened_on=add_months(closed_on, -1),
                    status=CaseStatus.CLOSED,
                    outcome=CaseOutcome.RESOLVED,
                    closed_on=closed_on,
                )
    finally:
        db.close()

    summary = repdesk("--db", str(path), "summary")
    assert summary.returncode == 0, summary.stderr
    assert "due for review (closed 72 months ago or more): 1." in _review_line(summary.stdout)

    shorter = repdesk("--db", str(path), "profile", "--retention-months", "48")
    assert shorter.returncode == 0, shorter.stderr
    assert "closed cases listed for review 48 months after closing" in shorter.stdout
    assert "(closed 48 months ago or more): 2." in _review_line(repdesk("--db", str(path), "summary").stdout)

    off = repdesk("--db", str(path), "profile", "--no-retention")
    assert off.returncode == 0, off.stderr
    assert "off: closed cases are never listed for review" in off.stdout
    assert "off" in _review_line(repdesk("--db", str(path), "summary").stdout)
    # Listing never deleted anything.
    assert "2 cases" in repdesk("--db", str(path), "summary").stdout


def test_a_bad_period_is_one_plain_line(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    _new_file(repdesk, path)
    zero = one_line_error(repdesk("--db", str(path), "profile", "--retention-months", "0"))
    assert zero == "repdesk: Review closed cases after (months) must be at least 1."
    both = repdesk("--db", str(path), "profile", "--retention-months", "12", "--no-retention")
    assert "--no-retention" in one_line_error(both)
