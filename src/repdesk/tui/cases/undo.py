"""Undo for the Cases screen: the last change (a bulk change as one) can be taken back.

Each step keeps what the store said the change did (:class:`CaseChange`);
undoing hands that back to the store, which restores exactly what was there
(activity date included) and audits it, or deletes what the step created.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from repdesk.domain.errors import RepdeskError
from repdesk.store.errors import NotFound, StaleVersion
from repdesk.tui import lazy

if TYPE_CHECKING:
    from repdesk.store import cases
    from repdesk.store.cases import CaseChange
    from repdesk.store.engine import Session
else:
    (cases,) = lazy.store("cases")


@dataclass
class Step:
    """One undoable change."""

    label: str
    """What it did, e.g. "status of 3 cases"."""
    change: CaseChange | None = None
    """What the store changed, to be put back."""
    created: list[Callable[[Session], object]] = field(default_factory=list)
    """How to remove what the change created."""


class CannotUndo(RepdeskError):
    """The newest change can never be undone now (what it touched was changed or deleted since)."""


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
        """Take back the newest change inside ``session``'s transaction.

        A change whose records were changed or deleted since (a case deleted, an
        entry edited) can never be taken back: versions only move on. It is
        dropped, so the next undo reaches the change before it, and
        :class:`CannotUndo` says so; the transaction rolls back whatever it began.
        """
        if not self.steps:
            return None
        step = self.steps[-1]
        try:
            for remove in step.created:
                remove(session)
            if step.change is not None:
                cases.restore_cases(session, step.change)
        except (NotFound, StaleVersion):
            self.steps.pop()
            raise CannotUndo(
                f"The {step.label} cannot be undone: what it changed was changed or deleted since. "
                "It is off the undo list; u now undoes the change before it."
            ) from None
        self.steps.pop()
        return step
