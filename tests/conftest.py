"""What every test shares: one frozen date, and the scripts kept out of collection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.helpers import TODAY

# Run by hand (tests/scripts/bench_tui.py, tests/scripts/make_screenshots.py), never collected.
collect_ignore = ["scripts"]


@pytest.fixture(scope="session", autouse=True)
def frozen_today() -> Iterator[date]:
    """Every test runs on Sunday 22 November 2026: repdesk's clock honours ``REPDESK_TODAY``.

    Session-wide, so module- and session-scoped fixtures that build databases see
    the same date; a test that moves the date uses ``monkeypatch``, which puts this back.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPDESK_TODAY", TODAY.isoformat())
        yield TODAY
