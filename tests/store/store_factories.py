"""Types shared by the store tests and their conftest (importable: tests/store is on sys.path)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from repdesk.domain.enums import DeadlineKind
from repdesk.store.engine import Database
from repdesk.store.models import Deadline


@dataclass(frozen=True)
class Made:
    """Ids (and versions) of a member and case made by the factory."""

    member_id: int
    case_id: int
    case_ref: str
    case_version: int


MakeCase = Callable[..., Made]


OLD_DEFAULT_WHAT = "Tribunal limit for the written warning of 2 Nov 2026"


def add_old_default_deadline(db: Database, case_id: int) -> int:
    """A deadline saved by an earlier repdesk, which counted acts from 1 Oct 2026 at 6 months.

    Its act (2 Nov 2026) then gave 1 May 2027; under the 3-month limit in force it
    gives 1 Feb 2027. Inserted as that repdesk wrote it, past today's services.
    """
    with db.transaction() as session:
        old = Deadline(
            case_id=case_id,
            kind=DeadlineKind.TRIBUNAL_LIMIT,
            what=OLD_DEFAULT_WHAT,
            due_on=date(2027, 5, 1),
            rule_id="tribunal-limit",
            rule_version=2,
            rule_inputs={"act": "2026-11-02", "commencement": "2026-10-01"},
        )
        session.add(old)
        session.flush()
        assert old.id is not None
        return old.id
