"""RepDesk: the terminal app. One Textual MODE per area; keys remappable by binding id."""

from __future__ import annotations

import gc
import importlib
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.worker import WorkerFailed

from repdesk.domain.errors import RepdeskError
from repdesk.domain.text import plural
from repdesk.paths import Location
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings, palette
from repdesk.tui.commands import EntityProvider
from repdesk.tui.config import APP_SCOPE, Bound, Config
from repdesk.tui.desk_store import DeskStore
from repdesk.tui.dialogs.help import HelpScreen
from repdesk.tui.dialogs.profile import profile_form
from repdesk.tui.dialogs.unlock import UnlockScreen
from repdesk.tui.errors import closing_words, debugging, desk_work, is_store_error, notify_store_error
from repdesk.tui.widgets.list_screen import AreaScreen

if TYPE_CHECKING:
    from repdesk.store import profile
    from repdesk.store.engine import Database
else:
    (profile,) = lazy.store("profile")

# Each area's screen, imported when the rep first opens it (or asks for help or
# the palette, which list them all): start-up imports only the first screen.
AREA_SCREENS: dict[str, tuple[str, str]] = {
    "triage": ("repdesk.tui.triage.screen", "TriageScreen"),
    "cases": ("repdesk.tui.cases.screen", "CasesScreen"),
    "members": ("repdesk.tui.members.screen", "MembersScreen"),
    "threats": ("repdesk.tui.threats.screen", "ThreatsScreen"),
    "talks": ("repdesk.tui.talks.screen", "TalksScreen"),
}


def area_screen(mode: str) -> type[AreaScreen]:
    """The screen class of one area."""
    module, name = AREA_SCREENS[mode]
    screen: type[AreaScreen] = getattr(importlib.import_module(module), name)
    return screen


def make_area(mode: str) -> AreaScreen:
    """A new screen for one area (what each MODE builds)."""
    return area_screen(mode)()


def areas() -> dict[str, type[AreaScreen]]:
    """Every area's screen class, in key order."""
    return {mode: area_screen(mode) for mode in AREA_SCREENS}


def keymap_scopes() -> dict[str, list[Bound]]:
    """Every command a rep may remap, by where its key is live (``app``: on every screen)."""
    from repdesk.tui.cases.deadline_form import DeadlineForm
    from repdesk.tui.cases.saved_filter_dialog import SavedFiltersScreen
    from repdesk.tui.dialogs.confirm import ChoiceScreen, ConfirmScreen
    from repdesk.tui.dialogs.form import FormScreen, LinksField
    from repdesk.tui.dialogs.picker import PickerScreen
    from repdesk.tui.talks.topic import TopicScreen
    from repdesk.tui.widgets.filter_bar import FilterBar

    def declared(node: type[object]) -> list[Bound]:
        return [b for b in getattr(node, "BINDINGS", ()) if isinstance(b, Binding)]

    return {
        APP_SCOPE: list(RepDesk.ACTIONS),
        **{mode: list(screen.ACTIONS) for mode, screen in areas().items()},
        "form": [*FormScreen.ACTIONS, *declared(LinksField)],
        **{
            node.__name__: declared(node)
            for node in (
                DeadlineForm,
                SavedFiltersScreen,
                HelpScreen,
                TopicScreen,
                PickerScreen,
                ConfirmScreen,
                ChoiceScreen,
                FilterBar,
                UnlockScreen,
            )
        },
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
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        mode: partial(make_area, mode) for mode in AREA_SCREENS
    }
    ACTIONS: ClassVar[tuple[Action, ...]] = (
        *(
            Action(
                key,
                f"go('{mode}')",
                label,
                id=f"app.{mode}",
                tooltip=tooltip,
                palette=f"go: {label.lower()}",
                help=f"Switch to {label}",
            )
            for key, mode, label, tooltip in (
                ("1", "triage", "Triage", "What needs you now"),
                ("2", "cases", "Cases", "Member cases"),
                ("3", "members", "Members", "Members"),
                ("4", "threats", "Threats", "The threat log"),
                ("5", "talks", "Talks", "ACAS talks"),
            )
        ),
        Action(
            "question_mark",
            "help",
            "Help",
            id="app.help",
            tooltip="Every key, by screen",
            palette="help: keys",
        ),
        Action(
            None,
            "edit_profile",
            "Profile",
            id="app.profile",
            tooltip="Your name, union and workplace, and how deadlines are counted"
            " (bank holidays, 6-month limit)",
            palette="profile: edit",
        ),
        Action(
            "ctrl+l",
            "lock",
            "Lock",
            id="app.lock",
            tooltip="Hide the casework and ask for the passphrase again (encrypted files)",
            palette="desk: lock",
            show=False,
            priority=True,
        ),
        Action("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Leave repdesk", priority=True),
    )
    """The commands of every screen: switching area, help, the profile, locking, quitting."""
    WHILE_LOCKED: ClassVar[frozenset[str]] = frozenset({"quit", "lock"})
    """The only desk commands that work while the unlock screen is up."""
    IDLE_CHECK_SECONDS: ClassVar[float] = 15
    """How often the desk looks at how long it has been idle."""
    BINDINGS: ClassVar[list[BindingType]] = bindings(ACTIONS)

    def __init__(
        self,
        store: DeskStore,
        location: Location,
        *,
        config: Config | None = None,
        start_mode: str = "triage",
    ) -> None:
        super().__init__()
        self.start_mode = start_mode if start_mode in AREA_SCREENS else "triage"
        self.store = store
        self.location = location
        self.config = config or Config()
        if self.config.keymap:  # a keymap that would not work is refused, and said why, at start
            self.config = self.config.checked(keymap_scopes())
        self.rep_name = location.rep
        self._closing_line: str | None = None
        """The one line the desk closes on after an error (see ``_handle_exception``)."""
        self._closing_code: int | None = None
        """Its exit code, which nothing after it changes (a ctrl+q while closing, say)."""
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        self.idle_clock: Callable[[], float] = time.monotonic
        """Where idle time is read from (tests give their own)."""
        self.last_input = self.idle_clock()
        self.lock_after_minutes: int | None = None
        """From the profile once the file is open: idle minutes before an encrypted desk locks."""

    @property
    def db(self) -> Database:
        """The rep's open database (in the first moments, waits for it to finish opening)."""
        return self.store.wait()

    # --- start-up ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.switch_mode(self.start_mode)
        if self.store.locked:  # encrypted: nothing opens until the passphrase is given
            self.push_screen(UnlockScreen(self.store.path))
        if self.config.problem:
            self.notify(self.config.problem, title="Config", severity="warning", timeout=10)
        # Open the store once the first frame is up, so the two do not contend for it.
        self.call_after_refresh(self.store.open_in_background, self.store_done)
        self.set_interval(self.IDLE_CHECK_SECONDS, self.lock_if_idle)

    class StoreOpened(Message):
        """The database has opened (or failed to); posted from whichever thread learnt it."""

    def store_done(self) -> None:
        """Say the store has opened (or failed to), from whichever thread learnt it."""
        # post_message is safe from any thread; the handler runs on the app's own.
        self.post_message(self.StoreOpened())

    def on_rep_desk_store_opened(self, _message: StoreOpened) -> None:
        self._store_opened()

    def _store_opened(self) -> None:
        # Everything loaded so far (the store, the models, Textual) lives as long as the
        # desk: move it out of the collector's sight, so its full passes, which would
        # otherwise walk all of it, no longer stall a keystroke now and then.
        gc.freeze()
        error = self.store.error
        if error is not None:
            if debugging() and not is_store_error(error):
                raise error  # to Textual's own crash screen, traceback and all
            # As the command line ends on the same error: its sentence and 1, or a bug's one line and 70.
            line, code = closing_words(error)
            if self._closing_line is None:
                self._closing_line, self._closing_code = line, code
                self.exit(return_code=code)
            return
        if isinstance(self.screen, UnlockScreen):
            self.pop_screen()  # back where the rep was
            self.last_input = self.idle_clock()
        if not self._take_profile():
            self.call_after_refresh(self.edit_profile, True)

    def _take_profile(self) -> bool:
        """Read the rep's profile into the header and the idle lock; False if there is none yet."""
        with self.db.session() as session:
            rep = profile.get_profile(session)
        if rep is None:
            return False
        self.rep_name = rep.name
        self.lock_after_minutes = rep.lock_after_minutes
        self.refresh_header()
        return True

    # --- locking (encrypted files) ------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.last_input = self.idle_clock()
        await super().on_event(event)

    def on_unmount(self) -> None:
        # Loads that were waiting behind the lock would otherwise hold the closing desk open.
        self.store.release()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the desk is locked only quitting works: no area, help or palette behind its back."""
        if self.store.locked and action not in self.WHILE_LOCKED:
            return False
        return super().check_action(action, parameters)

    def lock_if_idle(self) -> None:
        """Lock an encrypted desk left idle for the profile's number of minutes."""
        minutes = self.lock_after_minutes
        idle = self.idle_clock() - self.last_input
        if minutes and self.store.encrypted and not self.store.locked and idle >= minutes * 60:
            self.lock_desk(f"Locked after {plural(minutes, 'idle minute')}.")

    def action_lock(self) -> None:
        """Hide the casework and drop the key until the passphrase is given again."""
        if not self.store.encrypted:
            self.notify(
                "This file is not encrypted, so there is no passphrase to lock it with. "
                "Encrypt it with `repdesk encrypt` (close the desk first).",
                title="Lock",
                severity="warning",
            )
            return
        if not self.store.locked:
            self.lock_desk("Locked.")

    def encrypt_file(self, passphrase: str) -> None:
        """Encrypt the open (plain) file under ``passphrase`` and go on with it (the first run's choice)."""
        self.store.encrypt(passphrase)
        self.refresh_header()

    def lock_desk(self, why: str) -> None:
        """Cover every screen with the unlock screen, then close the file and forget its key."""
        self.clear_notifications()  # a toast may name a member
        self.push_screen(UnlockScreen(self.store.path, why=why))
        self.store.lock()

    # --- the error policy (see repdesk.tui.errors) -------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Every error nothing else caught ends here: Textual's hook, narrowed to the desk's policy.

        Textual would print a traceback with local variables, which hold casework.
        A store error from a worker of Textual's own (the palette's search) is a
        notice: that worker is over and the desk stands. Anything else closes
        the desk with the line and exit code the command line gives.
        """
        if debugging():
            # Textual's crash screen reads the exception being handled; one handed over
            # by a worker (see repdesk.tui.errors.report) is raised again for it to see.
            try:
                raise error
            except Exception:
                super()._handle_exception(error)
            return
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(error, WorkerFailed) and is_store_error(cause):
            notify_store_error(self, cast(RepdeskError, cause))
            return
        if self._exception is None:
            # Kept for Pilot, which raises it at the end of a test, as Textual's own hook does.
            self._exception = error
            self._exception_event.set()
        if self._closing_line is None:  # one line, for the first error: later ones follow from it
            self._closing_line, self._closing_code = closing_words(cause)
        self._close_messages_no_wait()

    @property
    def return_code(self) -> int | None:
        """The exit code: the closing error's if there was one (see ``_handle_exception``)."""
        return self._closing_code if self._closing_code is not None else super().return_code

    def _print_error_renderables(self) -> None:
        """The closing line as the command line prints it: plain, on stderr, never wrapped or styled."""
        if self._closing_line is None:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        print(self._closing_line, file=sys.stderr)
        self._closing_line = None

    def header_text(self, area: str) -> Text:
        """The header line: which area, whose desk, which file (as typed, never read as markup)."""
        return Text.assemble(
            ("repdesk", "bold"),
            f" · {area}   ",
            ("│", "dim"),
            f"   {self.rep_name}   ",
            (f"│ {short_path(self.store.path)}" + (" · encrypted" if self.store.encrypted else ""), "dim"),
        )

    @desk_work
    async def edit_profile(self, first_run: bool = False) -> None:
        """Ask for (or change) the rep's profile."""
        if await self.push_screen_wait(profile_form(self, first_run=first_run)):
            self._take_profile()

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
        self.push_screen(HelpScreen(areas()))

    # --- the command palette ---------------------------------------------------------------

    async def _run_in(self, mode: str, action: str) -> None:
        await self.action_go(mode)
        await self.screen.run_action(action)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of every area, titled "area: verb object", then Textual's own."""
        every = areas()
        for mode, area in every.items():
            for title, help_text, action in palette(area.ACTIONS):
                yield SystemCommand(title, help_text, partial(self._run_in, mode, action))
        for title, help_text, action in palette(self.ACTIONS):
            yield SystemCommand(title, help_text, partial(self.run_action, action))
        yield from super().get_system_commands(screen)
