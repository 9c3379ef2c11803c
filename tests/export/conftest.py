"""Fixtures of the export tests: the golden demo database, built once per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from repdesk.store.engine import Database, open_database
from tests.export.export_helpers import make_golden_database


@pytest.fixture(scope="module")
def golden_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The fixed demo database every golden file comes from (read-only for the tests)."""
    db = open_database(make_golden_database(tmp_path_factory.mktemp("golden")))
    try:
        yield db
    finally:
        db.close()
