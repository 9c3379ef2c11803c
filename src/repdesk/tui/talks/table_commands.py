"""What is on a talks session's table: its offers and action points, added, moved on, edited and deleted.

The commands of the ACAS talks screen that act on the selected session's
offers and action points (like a case's deadline commands); the screen adds
the sessions themselves, the topic view and export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from repdesk.domain.dates import format_date
from repdesk.domain.enums import OfferKind, OfferStatus, Side
from repdesk.domain.text import plural
from repdesk.store import talks
from repdesk.store.models import DEFAULT_MARKING, ActionPoint, ActionPointCreate, OfferCreate
from repdesk.store.rows import SessionRow
from repdesk.store.talks import TableOffer
from repdesk.tui.actions import Action
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.form import Field, FormValues, Identified, Update, creating, save_edit, values_of
from repdesk.tui.errors import desk_work
from repdesk.tui.talks.form import (
    TalksChoiceScreen,
    TalksFormScreen,
    action_fields,
    offer_fields,
)
from repdesk.tui.talks.pane import SessionPane, SessionView
from repdesk.tui.talks.render import SIDE_SHORT, last_step, offer_label, point_label
from repdesk.tui.widgets.list_screen import ListScreen

if TYPE_CHECKING:
    from repdesk.store.engine import Session

R = TypeVar("R")

TABLE_ACTIONS: tuple[Action, ...] = (
    Action(
        "o",
        "add_offer",
        "Offer+",
        "talks.offer",
        "Add a position or offer to this session",
        palette="talks: add offer",
        help="Add a position or offer to the selected session",
    ),
    Action(
        "s",
        "set_offer_status",
        "Status",
        "talks.status",
        "Set the highlighted offer's status, as at this session",
        palette="talks: set offer status",
        help="Set the highlighted offer's status at this session",
    ),
    Action(
        "t",
        "add_action",
        "Action+",
        "talks.action",
        "Add an action point to this session",
        palette="talks: add action point",
        help="Add an action point to the selected session",
    ),
    Action(
        "space",
        "toggle_action",
        "Done",
        "talks.toggle",
        "Tick the highlighted action point done (or not done)",
        palette="talks: toggle action point",
        help="Tick the highlighted action point done or not",
    ),
    # Like a case's deadlines: the lower-case key adds, the capital edits, ctrl deletes.
    Action(
        "O",
        "edit_offer",
        "Edit offer",
        "talks.offer_edit",
        "Edit a position or offer tabled at this session",
        palette="talks: edit offer",
        help="Change the wording, side, kind or topic of an offer tabled at the selected session",
        show=False,  # the footer is full; help (?) and the palette list it
    ),
    Action(
        "ctrl+o",
        "delete_offer",
        "Delete offer",
        "talks.offer_delete",
        "Delete a position or offer tabled at this session, with its status history (asks first)",
        palette="talks: delete offer",
        help="Delete an offer entered in error, with its status history",
        show=False,
    ),
    Action(
        "T",
        "edit_action",
        "Edit action",
        "talks.action_edit",
        "Edit one of this session's action points",
        palette="talks: edit action point",
        help="Change what an action point says, its owner or when it is due",
        show=False,
    ),
    Action(
        "ctrl+t",
        "delete_action",
        "Delete action",
        "talks.action_delete",
        "Delete one of this session's action points (asks first)",
        palette="talks: delete action point",
        help="Delete an action point entered in error",
        show=False,
    ),
)
"""In the order the talks footer and help list them."""


class TableCommands(ListScreen[SessionRow, SessionView]):
    """The commands of the talks screen acting on the selected session's offers and action points."""

    @property
    def pane(self) -> SessionPane:
        """The selected session in full."""
        return self.query_one(SessionPane)

    def _reshow(self, session_id: int, *, offer: int | None = None, action: int | None = None) -> None:
        """Show session ``session_id`` afresh once the list reloads, on this offer or action point.

        Selected when the load lands, not by moving the cursor now: the reload every
        screen does on resume (a form just closed) would put the cursor back.
        """
        self.pane.expect(session_id, offer=offer, action=action)
        self.select_when_loaded(session_id)
        self.table.reload(keep=session_id)

    def _marking(self) -> str:
        view = self.pane.view
        return view.session.confidentiality if view is not None else DEFAULT_MARKING

    def _need_session(self) -> SessionView | None:
        """The session shown, or None (and the rep is told to pick or record one)."""
        view = self.pane.view
        if view is None:
            self.notify("Pick a session first (or press n to record one).")
        return view

    async def _add_to_session(
        self,
        what: str,
        fields: list[Field],
        add: Callable[[Session, int, FormValues], Identified],
        *,
        labels_from: type[BaseModel],
        values: dict[str, Any] | None = None,
        suggest: dict[str, Sequence[str]] | None = None,
    ) -> tuple[int, int] | None:
        """Add ``what`` to the session shown through a form: (the session's id, the new one's), if saved."""
        view = self._need_session()
        if view is None:
            return None
        made = await self.app.push_screen_wait(
            TalksFormScreen[int](
                f"Add {what} to the {format_date(view.session.held_on)} session",
                fields,
                creating(self.db, lambda s, values: add(s, view.id, values)),
                marking=self._marking(),
                values=values,
                labels_from=labels_from,
                suggest=suggest,
            )
        )
        return None if made is None else (view.id, made)

    @desk_work
    async def action_add_offer(self) -> None:
        known = self.read(lambda s: talks.topics(s, limit=100))
        current = self.pane.current_offer
        added = await self._add_to_session(
            "a position or offer",
            offer_fields(known),
            talks.add_offer,
            labels_from=OfferCreate,
            values={
                "side": Side.UNION,
                "kind": OfferKind.PROPOSAL,
                "topic": current.offer.topic if current else "",
            },
            suggest={"topic": known},
        )
        if added is not None:
            self.notify("Offer added.")
            self._reshow(added[0], offer=added[1])
            self.pane.offers.focus()

    @desk_work
    async def action_set_offer_status(self) -> None:
        view = self._need_session()
        item = self.pane.current_offer
        if view is None:
            return
        if item is None:
            self.notify("Nothing on the table at this session. Press o to add a position or offer.")
            return
        offer, session_id, held_on = item.offer, view.id, view.session.held_on
        status = await self.app.push_screen_wait(
            TalksChoiceScreen[OfferStatus](
                f"{SIDE_SHORT[offer.side]} {offer.kind.label.lower()} on {offer.topic or 'no topic'}: "
                f"status as at the {format_date(held_on)} session",
                [(s.label, s) for s in OfferStatus],
                marking=self._marking(),
                current=offer.status,
            )
        )
        if status is None or status == offer.status:
            return
        later = [step for step in item.history if step.changed_on > held_on and step.session_id != session_id]
        if later and not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Record “{status.label}” at the {format_date(held_on)} session?",
                detail=f"This offer moved on later ({last_step(later)}). What you choose becomes its "
                "current status; the history keeps every step.",
            )
        ):
            return
        done = self.write(
            lambda s: talks.set_offer_status(
                s, offer.id or 0, status, version=offer.version, at_session_id=session_id
            ),
            done=f"Offer marked {status.label.lower()} at the {format_date(held_on)} session.",
        )
        if done is not None:
            self.pane.expect(session_id, offer=offer.id or 0)
            self.table.reload(keep=session_id)

    @desk_work
    async def action_add_action(self) -> None:
        added = await self._add_to_session(
            "an action point", action_fields(), talks.add_action_point, labels_from=ActionPointCreate
        )
        if added is not None:
            self.notify("Action point added. Space ticks it done.")
            self._reshow(added[0], action=added[1])
            self.pane.actions.focus()

    def action_toggle_action(self) -> None:
        view = self._need_session()
        if view is None:
            return
        point = self.pane.current_action
        if point is None:
            self.notify("This session has no action points. Press t to add one.")
            return
        if self.focused is not self.pane.actions:
            # Space elsewhere must not tick off a point the rep cannot see: go there first.
            self.pane.actions.focus()
            self.notify("On the action points now: space ticks the highlighted one done.")
            return
        point_id, version = point.id or 0, point.version
        changed = self.write(lambda s: talks.toggle_action_point(s, point_id, version=version))
        if changed is not None:
            self.notify(f"Action point {'done' if changed.done else 'reopened'}: {point.text}")
            self.pane.expect(view.id, action=point_id)
            self.table.reload(keep=view.id)

    # --- changing and deleting what was recorded -----------------------------------------

    async def _pick_offer(self, verb: str) -> tuple[SessionView, TableOffer] | None:
        """An offer tabled at the session shown: the highlighted one when the rep is on the offers,
        the only one, or one picked from a choice of them."""
        view = self._need_session()
        if view is None:
            return None
        here = [item for item in view.on_table if item.tabled_here]
        current = self.pane.current_offer
        if self.focused is self.pane.offers and current is not None:
            if current.tabled_here:
                return view, current
            self.notify(
                f"That offer was tabled at the {format_date(current.tabled_on)} session: "
                f"{verb} it there (press enter on that session)."
            )
            return None
        if not here:
            carried = " (those shown were carried over from earlier sessions)" if view.on_table else ""
            self.notify(f"No position or offer was tabled at this session{carried}. Press o to add one.")
            return None
        title = f"{verb.capitalize()} which offer of the {format_date(view.session.held_on)} session?"
        chosen = await self._one_of(title, here, lambda item: offer_label(item.offer), current)
        return None if chosen is None else (view, chosen)

    async def _pick_action(self, verb: str) -> tuple[SessionView, ActionPoint] | None:
        """One of the session's action points: the highlighted one when the rep is on them,
        the only one, or one picked from a choice of them."""
        view = self._need_session()
        if view is None:
            return None
        points, current = view.points, self.pane.current_action
        if not points:
            self.notify("This session has no action points. Press t to add one.")
            return None
        if self.focused is self.pane.actions and current is not None:
            return view, current
        title = f"{verb.capitalize()} which action point of the {format_date(view.session.held_on)} session?"
        chosen = await self._one_of(title, points, point_label, current)
        return None if chosen is None else (view, chosen)

    async def _one_of(
        self, title: str, items: Sequence[R], label: Callable[[R], str], current: R | None
    ) -> R | None:
        """The only one of ``items``, or the one the rep picks (starting on ``current``), or None."""
        if len(items) == 1:
            return items[0]
        chosen = await self.app.push_screen_wait(
            TalksChoiceScreen[int](
                title,
                [(label(item), index) for index, item in enumerate(items)],
                marking=self._marking(),
                current=next((i for i, item in enumerate(items) if item is current), None),
            )
        )
        return None if chosen is None else items[chosen]

    async def _edit(
        self,
        title: str,
        fields: list[Field],
        record: Any,
        update: Update,
        *,
        labels_from: type[BaseModel],
        suggest: dict[str, Sequence[str]] | None = None,
    ) -> bool | None:
        """Edit ``record`` through a form opened with its values (see :func:`save_edit`).

        None if the rep cancelled, else whether anything changed.
        """
        return await self.app.push_screen_wait(
            TalksFormScreen[bool](
                title,
                fields,
                lambda values: save_edit(self.db, record, update, values.changes()),
                marking=self._marking(),
                values=values_of(record, fields),
                labels_from=labels_from,
                suggest=suggest,
            )
        )

    async def _delete(self, question: str, goes_too: str, record: Any, delete: Callable[..., object]) -> bool:
        """Delete ``record`` once the rep says yes to ``question``, as they saw it: refused
        in plain words if it changed or went in another window meanwhile."""
        detail = goes_too + "Only for one entered in error: the audit log keeps a record of it."
        if not await self.app.push_screen_wait(ConfirmScreen(question, detail=detail)):
            return False
        ident, version = record.id or 0, record.version
        return self.write(lambda s: delete(s, ident, version=version)) is not None

    def _changed(self, session_id: int, note: str) -> None:
        """After an edit or delete: say so, show the session afresh, and put the rep back on the sessions."""
        self.notify(note, markup=False)
        self._reshow(session_id)
        self.table.focus()

    @desk_work
    async def action_edit_offer(self) -> None:
        picked = await self._pick_offer("edit")
        if picked is None:
            return
        view, offer = picked[0], picked[1].offer
        known = self.read(lambda s: talks.topics(s, limit=100))
        changed = await self._edit(
            f"Edit the {offer.side.label} {offer.kind.label.lower()} of the "
            f"{format_date(view.session.held_on)} session",
            offer_fields(known),
            offer,
            talks.update_offer,
            labels_from=OfferCreate,
            suggest={"topic": known},
        )
        if changed is not None:
            self.pane.expect(view.id, offer=offer.id or 0)
            self._changed(view.id, "Offer saved." if changed else "Nothing to save: the offer is as it was.")

    @desk_work
    async def action_delete_offer(self) -> None:
        picked = await self._pick_offer("delete")
        if picked is None:
            return
        view, item = picked
        offer, steps = item.offer, item.history
        last = f", the last {last_step(steps)}" if steps else ""
        if await self._delete(
            f"Delete this offer? {offer_label(offer)}",
            f"Its status history goes too ({plural(len(steps), 'step')}{last}). ",
            offer,
            talks.delete_offer,
        ):
            self._changed(view.id, "Offer deleted, with its status history.")

    @desk_work
    async def action_edit_action(self) -> None:
        picked = await self._pick_action("edit")
        if picked is None:
            return
        view, point = picked
        changed = await self._edit(
            f"Edit an action point of the {format_date(view.session.held_on)} session",
            action_fields(),
            point,
            talks.update_action_point,
            labels_from=ActionPointCreate,
        )
        if changed is not None:
            self.pane.expect(view.id, action=point.id or 0)
            self._changed(view.id, "Action point saved." if changed else "Nothing to save: it is as it was.")

    @desk_work
    async def action_delete_action(self) -> None:
        picked = await self._pick_action("delete")
        if picked is None:
            return
        view, point = picked
        if await self._delete(
            f"Delete the action point {point_label(point)}?", "", point, talks.delete_action_point
        ):
            self._changed(view.id, "Action point deleted.")
