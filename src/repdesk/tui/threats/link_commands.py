"""The threat log's link commands: more members or cases for a saved entry, by hand or by a Members filter.

A notice to all staff touches many members. Linking them is no correction:
each new link is an appended, audited event (see :mod:`repdesk.store.threat_links`).
The commands are a base class of :class:`~repdesk.tui.threats.screen.ThreatsScreen`,
so each stays one of the screen's actions (key, palette entry and help line
from :data:`LINK_ACTIONS`), while the screen's module keeps to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from typing_extensions import TypeVar

from repdesk.domain.member_filter import MEMBER_KEYS, parse_member_filter
from repdesk.domain.text import plural
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.picker import PickerScreen
from repdesk.tui.errors import desk_work
from repdesk.tui.threats.detail import ACTION_MARK, EXEMPT_MARK
from repdesk.tui.widgets.list_screen import ListScreen

if TYPE_CHECKING:
    from repdesk.store import cases, members, threat_links, threats
    from repdesk.store.engine import Session
    from repdesk.store.threat_links import Collective, Linked
else:
    cases, members, threat_links, threats = lazy.store("cases", "members", "threat_links", "threats")

R = TypeVar("R")

LINK_ACTIONS: tuple[Action, ...] = (
    Action(
        "m",
        "link_members",
        "Link",
        "threats.link_members",
        "Link more members to the entry (no correction needed: the link is logged)",
        palette="threat: link members",
        help="Link more members to the selected entry, picked by name",
    ),
    Action(
        "M",
        "link_members_matching",
        "Link by filter",
        "threats.link_filter",
        "Link every member a Members filter matches (role:support action:yes), after a count",
        palette="threat: link members by filter",
        help="Link every current member matching a Members filter to the selected entry",
        show=False,
    ),
    Action(
        "k",
        "link_cases",
        "Link cases",
        "threats.link_cases",
        "Link more cases to the entry",
        palette="threat: link cases",
        help="Link more cases to the selected entry",
        show=False,
    ),
    Action(
        "w",
        "members_touched",
        "Who",
        "threats.members",
        "Every member the entry touches, with their adjustments, plans and part in the action",
        palette="threat: list members it touches",
        help="List every member the selected entry touches",
        show=False,
    ),
)
"""In the order the Threat log's footer and help list them."""

FILTER_KEYS = " ".join(f"{key}:" for key in MEMBER_KEYS if key != "archived")


def linked_words(done: Linked, one: str, many: str, ref: str) -> str:
    """ "Linked 3 members to T-2026-0004; 1 was linked already." """
    said = f"Linked {plural(len(done.added), one, many)} to {ref}"
    if done.skipped:
        said += f"; {done.skipped:,} {'was' if done.skipped == 1 else 'were'} linked already"
    return said + "."


class FilterLinkScreen(ModalScreen[str | None]):
    """Type a Members filter and see how many it would link; enter goes on to the confirmation."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [Action("escape", "cancel", "Cancel", "link_filter.cancel")]
    )

    def __init__(self, ref: str, preview: Callable[[str], str]) -> None:
        super().__init__()
        self.ref = ref
        self.preview = preview
        """What linking by the typed filter would do, in words (problems with the filter included)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Link members matching a filter to {self.ref}", classes="dialog-title", markup=False)
            yield Input(placeholder="e.g. role:support action:yes", id="link-filter")
            yield Label("", id="link-preview", classes="dialog-detail", markup=False)
            yield Label(
                f"Read as the Members list reads it: words, and {FILTER_KEYS}. "
                "Archived members are never linked by a filter.",
                classes="dialog-detail",
                markup=False,
            )
            yield Label("[b]enter[/b] link…   [b]esc[/b] cancel", classes="dialog-keys")

    def on_mount(self) -> None:
        self._show("")

    @on(Input.Changed, "#link-filter")
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        self.query_one("#link-preview", Label).update(self.preview(text))

    @on(Input.Submitted, "#link-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _touched_line(person: threat_links.LinkedMember) -> Text:
    line = Text()
    if person.archived:
        line.append("archived · ", style="dim")
    line.append(person.name)
    line.append(f"  {person.role_category.label}", style="dim")
    if person.exempt:
        line.append(f"  {EXEMPT_MARK} adjustments/plan", style="bold")
    if person.in_action:
        line.append(f"  {ACTION_MARK} in the action", style="bold")
    return line


class MembersTouchedScreen(ModalScreen[None]):
    """Every member an entry touches, the counts first; the arrows and page keys scroll, escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [Action("escape", "close", "Close", "members_touched.close")]
    )

    def __init__(self, ref: str, touched: Collective) -> None:
        super().__init__()
        self.ref = ref
        self.touched = touched

    def compose(self) -> ComposeResult:
        touched = self.touched
        with Vertical(classes="dialog"):
            yield Label(
                f"{self.ref} touches {plural(touched.total, 'member')}: "
                f"{len(touched.exempt):,} with agreed adjustments or an approved flexible-working plan, "
                f"{len(touched.in_action):,} taking part in the action",
                classes="dialog-title",
                markup=False,
            )
            yield OptionList(*(Option(_touched_line(p)) for p in touched.members), id="touched")
            yield Label("[b]↑↓ pgup pgdn[/b] scroll   [b]esc[/b] close", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)


class LinkCommands(ListScreen[R]):
    """The link commands of the threat log, acting on the selected entry."""

    def _entry(self) -> tuple[int, str] | None:
        """The selected entry's id and reference, or None after saying to pick one."""
        if (entry_id := self.picked_id()) is None:
            return None
        return entry_id, self.read(lambda s: threats.get_threat(s, entry_id).ref)

    def linked(self, entry_id: int) -> None:
        """After new links: the list's member count and the entry's detail read afresh."""
        self.table.reload(keep=entry_id)
        self.show_detail()

    async def _link_picked(
        self,
        what: tuple[str, str],
        search: Callable[[Session, str], list[tuple[int, str]]],
        link: Callable[[Session, int, list[int]], Linked],
    ) -> None:
        """Pick records (``what``: their name, one and many) and link the ticked ones to the entry."""
        if (picked := self._entry()) is None:
            return
        entry_id, ref = picked
        one, many = what
        chosen = await self.app.push_screen_wait(
            PickerScreen(f"Link {many} to {ref}", lambda text: self.read(lambda s: search(s, text)), [])
        )
        if not chosen:
            return
        ids = [ident for ident, _label in chosen]
        done = self.write(lambda s: link(s, entry_id, ids))
        if done is not None:
            self.notify(linked_words(done, one, many, ref), markup=False)
            self.linked(entry_id)

    @desk_work
    async def action_link_members(self) -> None:
        await self._link_picked(
            ("member", "members"),
            lambda s, text: members.find_members(s, text, limit=20),
            threat_links.link_members,
        )

    @desk_work
    async def action_link_cases(self) -> None:
        await self._link_picked(
            ("case", "cases"), lambda s, text: cases.find_cases(s, text, limit=20), threat_links.link_cases
        )

    def _preview_words(self, entry_id: int, ref: str, text: str) -> str:
        parsed = parse_member_filter(text)
        shown = self.read(lambda s: threat_links.preview_matching(s, entry_id, parsed.filter))
        terms = f" matching {text.strip()}" if text.strip() else ""
        said = f"{plural(shown.matching, 'member')}{terms}"
        if shown.already:
            said += f", {shown.already:,} linked already: {shown.new:,} to link"
        else:
            said += f": {shown.new:,} to link"
        return "\n".join([said, *parsed.problems])

    @desk_work
    async def action_link_members_matching(self) -> None:
        if (picked := self._entry()) is None:
            return
        entry_id, ref = picked
        text = await self.app.push_screen_wait(
            FilterLinkScreen(ref, lambda typed: self._preview_words(entry_id, ref, typed))
        )
        if text is None:
            return
        parsed = parse_member_filter(text)
        shown = self.read(lambda s: threat_links.preview_matching(s, entry_id, parsed.filter))
        terms = text.strip() or "no filter (every current member)"
        if shown.new == 0:
            self.notify(
                f"Nothing to link: all {plural(shown.matching, 'member')} matching {terms} "
                "are linked already."
                if shown.matching
                else f"No current member matches {terms}.",
                markup=False,
            )
            return
        detail = [
            f"{shown.already:,} of the {shown.matching:,} matching are linked already "
            "and are left as they are."
            if shown.already
            else "",
            *parsed.problems,
            "Archived members are never linked by a filter. "
            "Each link is logged; the entry's words are unchanged.",
        ]
        more = " more" if shown.already else ""
        members_word = "member" if shown.new == 1 else "members"
        if not await self.app.push_screen_wait(
            ConfirmScreen(
                f"Link {shown.new:,}{more} {members_word} matching {terms} to {ref}?",
                detail="\n".join(line for line in detail if line),
            )
        ):
            return
        done = self.write(lambda s: threat_links.link_members_matching(s, entry_id, parsed.filter))
        if done is not None:
            self.notify(linked_words(done, "member", "members", ref), markup=False)
            self.linked(entry_id)

    @desk_work
    async def action_members_touched(self) -> None:
        if (picked := self._entry()) is None:
            return
        entry_id, ref = picked
        touched = self.read(lambda s: threat_links.collective(s, entry_id))
        if not touched.total:
            self.notify(f"{ref} touches no member yet: m links some.", markup=False)
            return
        await self.app.push_screen_wait(MembersTouchedScreen(ref, touched))
