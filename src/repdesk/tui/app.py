"""RepDesk: the terminal app. One Textual MODE per area; keys remappable by binding id."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from repdesk.paths import Location
from repdesk.store import profile
from repdesk.store.engine import Database
from repdesk.tui.commands import EntityProvider
from repdesk.tui.config import Config
from repdesk.tui.dialogs.profile import profile_form
from repdesk.tui.screens.base import AreaScreen
from repdesk.tui.screens.cases import CasesScreen
from repdesk.tui.screens.help import HelpScreen
from repdesk.tui.screens.members import MembersScreen
from repdesk.tui.screens.talks import TalksScreen
from repdesk.tui.screens.threats import ThreatsScreen
from repdesk.tui.screens.triage import TriageScreen

AREAS: dict[str, type[AreaScreen]] = {
    "triage": TriageScreen,
    "cases": CasesScreen,
    "members": MembersScreen,
    "threats": ThreatsScreen,
    "talks": TalksScreen,
}


def short_path(path: Path) -> str:
    """``~/…`` for paths under the home folder, so the header stays short."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class RepDesk(App[int]):
    """A union rep's casework desk."""

    CSS_PATH = Path(__file__).with_name("repdesk.tcss")
    TITLE = "repdesk"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {EntityProvider}
    MODES: ClassVar[dict[str, type[Screen[None]]]] = dict(AREAS)  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "go('triage')", "Triage", id="app.triage", tooltip="What needs you now"),
        Binding("2", "go('cases')", "Cases", id="app.cases", tooltip="Member cases"),
        Binding("3", "go('members')", "Members", id="app.members", tooltip="Members"),
        Binding("4", "go('threats')", "Threats", id="app.threats", tooltip="The threat log"),
        Binding("5", "go('talks')", "Talks", id="app.talks", tooltip="ACAS talks"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key, by screen"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Leave repdesk", priority=True),
    ]

    def __init__(
        self, db: Database, location: Location, *, config: Config | None = None, start_mode: str = "triage"
    ) -> None:
        super().__init__()
        self.start_mode = start_mode if start_mode in AREAS else "triage"
        self.db = db
        self.location = location
        self.config = config or Config()
        self.rep_name = location.rep
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    # --- start-up ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.switch_mode(self.start_mode)
        if self.config.problem:
            self.notify(self.config.problem, title="Config", severity="warning", timeout=10)
        with self.db.session() as session:
            rep = profile.get_profile(session)
        if rep is None:
            self.call_after_refresh(self.edit_profile, True)
        else:
            self.rep_name = rep.name

    def header_text(self, area: str) -> Text:
        """The header line: which area, whose desk, which file (as typed, never read as markup)."""
        return Text.assemble(
            ("repdesk", "bold"),
            f" · {area}   ",
            ("│", "dim"),
            f"   {self.rep_name}   ",
            (f"│ {short_path(self.db.path)}", "dim"),
        )

    @work
    async def edit_profile(self, first_run: bool = False) -> None:
        """Ask for (or change) the rep's profile."""
        name = await self.push_screen_wait(profile_form(self, first_run=first_run))
        if name:
            self.rep_name = name
            self.refresh_header()

    def action_edit_profile(self) -> None:
        """Change the rep's profile."""
        self.edit_profile(False)

    def refresh_header(self) -> None:
        """Redraw the header of the current area."""
        screen = self.screen
        if isinstance(screen, AreaScreen):
            screen.update_header()

    # --- navigation -------------------------------------------------------------------

    async def action_go(self, mode: str) -> None:
        """Switch to an area."""
        if self.current_mode != mode:
            await self.switch_mode(mode)

    async def jump(self, mode: str, kind: str, ident: int) -> None:
        """Open an area with one record selected (palette, triage)."""
        await self.action_go(mode)
        screen = self.screen
        if isinstance(screen, AreaScreen):
            screen.focus_item(kind, ident)

    def action_help(self) -> None:
        """Show every binding, by screen."""
        self.push_screen(HelpScreen(AREAS))

    # --- the command palette ---------------------------------------------------------------

    async def _run_in(self, mode: str, action: str) -> None:
        await self.action_go(mode)
        await self.screen.run_action(action)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of every area, titled "area: verb object", then Textual's own."""
        for mode, area in AREAS.items():
            for title, help_text, action in area.PALETTE:
                yield SystemCommand(title, help_text, partial(self._run_in, mode, action))
        for mode, area in AREAS.items():
            yield SystemCommand(
                f"go: {area.AREA.lower()}", f"Switch to {area.AREA}", partial(self.action_go, mode)
            )
        yield SystemCommand("help: keys", "Every key, by screen", self.action_help)
        yield SystemCommand(
            "profile: edit", "Change your name, union, branch and workplace", self.action_edit_profile
        )
        yield from super().get_system_commands(screen)
