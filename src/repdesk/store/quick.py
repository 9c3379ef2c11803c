"""The desk's first page, read with the standard library while the ORM loads.

Importing SQLAlchemy, SQLModel and pydantic and building the models costs
about half a second, more than a bare Textual app takes to start. The desk
starts without them: it reads the first page of the Cases list (active cases,
most urgent first, the list's default) here with :mod:`sqlite3` on a
read-only connection, and opens the store proper on a thread behind it.

This is a second spelling of one query of :func:`repdesk.store.cases.list_cases`,
so it answers only when it can answer exactly the same: the file must be at
the newest schema and its stored scores today's. Otherwise it returns None
and the desk waits for the store. A test holds the two equal on demo data.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from urllib.parse import quote

from repdesk.domain.enums import CaseStatus
from repdesk.store.head import HEAD
from repdesk.store.rows import CaseRow, Page, case_row

_SCHEMA = "SELECT version_num FROM alembic_version"
_SCORED = (
    "SELECT (SELECT scored_on FROM urgency_day WHERE id = 1), "
    "EXISTS (SELECT 1 FROM member_case WHERE urgency IS NULL)"
)
# The columns of CaseRow, in order; the list's default filter and order.
_PAGE = """
SELECT c.id, c.ref, c.title, c.member_id, m.name, c.category, c.status, c.priority,
       c.opened_on, c.next_action,
       CASE WHEN c.next_due_on IS NULL THEN c.next_action_due
            WHEN c.next_action_due IS NULL THEN c.next_due_on
            ELSE min(c.next_due_on, c.next_action_due) END,
       c.last_activity_on, c.urgency, c.version
FROM member_case AS c JOIN member AS m ON m.id = c.member_id
WHERE c.status != :closed
ORDER BY c.urgency DESC, c.id
LIMIT :limit
"""
_COUNT = "SELECT count(*) FROM member_case WHERE status != :closed"


def first_cases_page(path: Path, today: date, limit: int) -> Page[CaseRow] | None:
    """The first ``limit`` active cases by urgency, or None if this file cannot answer exactly."""
    try:
        # mode=ro: never creates, migrates or writes; a missing file is simply "no".
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute(_SCHEMA).fetchone()
        if version is None or version[0] != HEAD:
            return None
        scored_on, blank = conn.execute(_SCORED).fetchone()
        if scored_on != today.isoformat() or blank:
            return None
        params = {"closed": CaseStatus.CLOSED.value, "limit": limit}
        rows = [case_row(values) for values in conn.execute(_PAGE, params)]
        (total,) = conn.execute(_COUNT, params).fetchone()
        return Page(rows, int(total), 0)
    except sqlite3.Error:
        return None  # locked, damaged or not ours: the store will say what is wrong
    finally:
        conn.close()
