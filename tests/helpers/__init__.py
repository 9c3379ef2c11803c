"""The test toolbox: the one frozen date, factories (``tests.helpers.factories``) and Pilot steps
(``tests.helpers.pilot``). Plain modules, imported by name, so any test or script can use them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

TODAY = date(2026, 11, 22)
"""The date every test runs on (a Sunday): ``tests/conftest.py`` freezes repdesk's clock to it."""

TODAY_ISO = TODAY.isoformat()
"""``TODAY`` as ``REPDESK_TODAY`` and the rep's forms spell it."""

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
"""The moment repdesk's frozen clock gives for ``TODAY`` (what records are stamped with)."""


def day(offset: int) -> date:
    """The date ``offset`` days from ``TODAY`` (negative for the past)."""
    return TODAY + timedelta(days=offset)
