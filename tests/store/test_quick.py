"""The start-up read answers exactly as the Cases list would, or not at all."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from repdesk import demo
from repdesk.domain.filters import CaseFilter
from repdesk.store import cases, quick
from repdesk.store.engine import Database
from tests.helpers import TODAY

PAGE = 60


@pytest.fixture
def scored(db: Database) -> Database:
    """Demo casework (more than a page of active cases), scored for today."""
    demo.fill(db, members=90, seed=3, today=TODAY)
    with db.transaction() as s:
        cases.refresh_scores(s)
    return db


def _list_page(db: Database) -> tuple[list[cases.CaseRow], int]:
    with db.session() as s:
        page = cases.list_cases(s, CaseFilter(), limit=PAGE)
    return page.rows, page.total


def test_the_first_page_is_the_lists_own(scored: Database) -> None:
    rows, total = _list_page(scored)
    assert total > PAGE  # the count is of every active case, not of the page
    first = quick.first_cases_page(scored.path, TODAY, PAGE)
    assert first is not None
    assert first.rows == rows  # same cases, same order, same typed values and scores
    assert first.total == total
    assert first.offset == 0


def test_it_stands_aside_when_the_scores_are_not_todays(scored: Database) -> None:
    assert quick.first_cases_page(scored.path, TODAY + timedelta(days=1), PAGE) is None
    # A case changed by something that did not rescore it (here, raw SQL).
    with sqlite3.connect(scored.path) as raw:
        raw.execute("UPDATE member_case SET priority = 'low' WHERE id = (SELECT min(id) FROM member_case)")
    assert quick.first_cases_page(scored.path, TODAY, PAGE) is None


def test_it_stands_aside_for_another_schema(scored: Database) -> None:
    with sqlite3.connect(scored.path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    assert quick.first_cases_page(scored.path, TODAY, PAGE) is None


def test_it_never_creates_or_writes_a_file(tmp_path: Path, scored: Database) -> None:
    missing = tmp_path / "nowhere" / "desk.sqlite"
    assert quick.first_cases_page(missing, TODAY, PAGE) is None
    assert not missing.exists() and not missing.parent.exists()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    assert quick.first_cases_page(junk, TODAY, PAGE) is None
    assert junk.read_bytes() == b"not a database at all" * 100
    before = scored.path.read_bytes()
    assert quick.first_cases_page(scored.path, TODAY, PAGE) is not None
    assert scored.path.read_bytes() == before


@pytest.mark.parametrize("words", ["pay", "grievance office", "hr", "zzzz"])
def test_a_word_search_in_score_order_finds_what_a_plain_sort_finds(
    scored: Database, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The score-order page walks the score index (see _filter_conditions); a plain sort must agree."""
    with scored.session() as s:
        page = cases.list_cases(s, CaseFilter(text=words), limit=PAGE)
    # Told the stored scores are stale, the list scores in the query and sorts the matches itself.
    monkeypatch.setattr(cases, "scores_current", lambda *_args: False)
    with scored.session() as s:
        plain = cases.list_cases(s, CaseFilter(text=words), limit=PAGE)
    assert page == plain
    if words != "zzzz":
        assert page.total > 0
