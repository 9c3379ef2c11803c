"""The one place repdesk asks what day and time it is.

Setting ``REPDESK_TODAY`` (an ISO date, e.g. ``2026-11-22``) freezes the
date for demos, screenshots and tests run in a subprocess; in-process tests
may monkeypatch :func:`today` and :func:`now` instead.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time


def today() -> date:
    """Today's date, or the frozen date from ``REPDESK_TODAY``."""
    frozen = os.environ.get("REPDESK_TODAY")
    if frozen:
        return date.fromisoformat(frozen)
    return date.today()


def now() -> datetime:
    """The current moment in UTC (frozen to noon of ``REPDESK_TODAY`` if set)."""
    frozen = os.environ.get("REPDESK_TODAY")
    if frozen:
        return datetime.combine(date.fromisoformat(frozen), time(12, 0), tzinfo=UTC)
    return datetime.now(UTC)
