"""Undo for the Cases screen: the last change (a bulk change as one) can be taken back.

Each step remembers what the records looked like before; undoing writes
those values back through the services (so it is audited and version-checked
like any change), or deletes what the step created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from repdesk.tui import lazy

if TYPE_CHECKING:
    from repdesk.store import cases, common, models
    from repdesk.store.engine import Session
    from repdesk.store.models import Case
else:
    cases, common, models = lazy.store("cases", "common", "models")

UNDOABLE_FIELDS = (
    "status",
    "outcome",
    "closed_on",
    "priority",
    "title",
    "category",
    "stage",
    "opened_on",
    "next_action",
    "next_action_due",
    "tags",
    "summary",
)


def before(case: Case) -> dict[str, Any]:
    """The fields an undo would restore."""
    return {name: getattr(case, name) for name in UNDOABLE_FIELDS}


@dataclass
class Step:
    """One undoable change."""

    label: str
    """What it did, e.g. "status of 3 cases"."""
    restore: dict[int, dict[str, Any]] = field(default_factory=dict)
    """case id -> field values before the change."""
    created: list[Callable[[Session], None]] = field(default_factory=list)
    """How to remove what the change created."""


class UndoStack:
    """The last few changes, newest last."""

    def __init__(self, limit: int = 20) -> None:
        self.steps: list[Step] = []
        self.limit = limit

    def push(self, step: Step) -> None:
        """Remember a change."""
        self.steps.append(step)
        del self.steps[: -self.limit]

    def undo(self, session: Session) -> Step | None:
        """Take back the newest change inside ``session``'s transaction."""
        if not self.steps:
            return None
        step = self.steps[-1]
        for remove in step.created:
            remove(session)
        for case_id, fields in step.restore.items():
            case = cases.get_case(session, case_id)
            changed = {k: v for k, v in fields.items() if getattr(case, k) != v}
            if changed:
                cases.update_case(
                    session, case_id, common.validate(models.CaseUpdate, {"version": case.version, **changed})
                )
        self.steps.pop()
        return step
