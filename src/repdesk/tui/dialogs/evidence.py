"""Evidence in the desk: attach a file (a path with completion, previewed before saving), list a
record's files, and save a copy out to open it.

The commands are a mixin of the Cases and Threat log screens
(:class:`EvidenceCommands`); each screen adds :data:`CASE_EVIDENCE_ACTIONS` or
:data:`THREAT_EVIDENCE_ACTIONS` to its ``ACTIONS``. The bytes go into the
database through :mod:`repdesk.store.evidence`, as ``repdesk evidence`` does.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from repdesk.domain.dates import format_date, format_datetime
from repdesk.domain.errors import RepdeskError
from repdesk.domain.text import clip
from repdesk.domain.units import file_size
from repdesk.tui import lazy
from repdesk.tui.actions import Action, bindings
from repdesk.tui.dialogs.confirm import ChoiceScreen
from repdesk.tui.errors import desk_work

if TYPE_CHECKING:
    from repdesk.store import attachments, cases, evidence, models, threats
    from repdesk.store.engine import Session
    from repdesk.tui.widgets.list_screen import ListScreen
else:
    attachments, cases, evidence, models, threats = lazy.store(
        "attachments", "cases", "evidence", "models", "threats"
    )

SHA_SHOWN = 16
"""Hex digits of a hash the dialogs show (``repdesk evidence get`` takes any unique start)."""


def _actions(area: str, owner: str) -> tuple[Action, ...]:
    item = "case" if area == "cases" else "threat"
    return (
        Action(
            "A",
            "attach_file",
            "Attach",
            f"{area}.attach",
            f"Attach a file as evidence to {owner}: its bytes are copied into the database",
            palette=f"{item}: attach file",
            help=f"Copy a file into the database as evidence on {owner}, seeing its size and hash first",
            show=False,
        ),
        Action(
            "V",
            "list_evidence",
            "Evidence",
            f"{area}.evidence",
            f"List the evidence files of {owner}, and save a copy out to open one",
            palette=f"{item}: evidence files",
            help="List the files attached, with their hashes; enter saves a copy (0600) to open it",
            show=False,
        ),
    )


CASE_EVIDENCE_ACTIONS = _actions("cases", "one of the case's timeline entries")
THREAT_EVIDENCE_ACTIONS = _actions("threats", "the threat-log entry")


class FileSuggester(Suggester):
    """Completes a typed path from the file system: the first name in its folder that starts so."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        typed = str(Path.home()) + value[1:] if value == "~" or value.startswith("~/") else value
        folder, start = os.path.split(typed)
        try:
            names = sorted(
                entry.name + ("/" if entry.is_dir() else "")
                for entry in os.scandir(folder or ".")
                if entry.name.startswith(start) and (start.startswith(".") or not entry.name.startswith("."))
            )
        except OSError:
            return None
        if not names or names[0] == start:
            return None
        return value[: len(value) - len(start)] + names[0]


@dataclass(frozen=True)
class Attached:
    """What an attach dialog saved: the notice to show, and the record to refresh."""

    notice: str
    ident: int


class AttachScreen(ModalScreen[Attached | None]):
    """A path with completion, the file's name, size and SHA-256 shown before saving; ctrl+s attaches."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [
            Action("ctrl+s", "save", "Attach", "attach.save", priority=True),
            Action("escape", "cancel", "Cancel", "attach.cancel"),
        ]
    )

    def __init__(self, title: str, limit: int, submit: Callable[[Any], Attached]) -> None:
        super().__init__()
        self.title_text = title
        self.limit = limit
        """The rep's limit, in bytes."""
        self.submit = submit
        """Saves the file (a service call in a transaction); refusals raise RepdeskError."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(
                placeholder="~/Documents/letter.pdf   (→ completes)",
                id="evidence-path",
                suggester=FileSuggester(),
            )
            yield Static("", id="evidence-preview", classes="dialog-detail", markup=False)
            yield Input(placeholder="Description: what the file is", id="evidence-description")
            yield Static("", id="evidence-problem", classes="dialog-detail", markup=False)
            yield Label(
                f"At most {file_size(self.limit)}.  [b]ctrl+s[/b] attach   [b]esc[/b] cancel",
                classes="dialog-keys",
            )

    @on(Input.Changed, "#evidence-path")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#evidence-problem", Static).update("")
        self._preview(event.value.strip())

    @desk_work(thread=True, exclusive=True, group="evidence-preview")
    def _preview(self, typed: str) -> None:
        """The file's name, size and hash, worked out off the event loop (a large file takes a moment)."""
        shown = preview(typed, self.limit)
        self.app.call_from_thread(self._show_preview, typed, shown)

    def _show_preview(self, typed: str, shown: Text) -> None:
        if self.query_one("#evidence-path", Input).value.strip() == typed:
            self.query_one("#evidence-preview", Static).update(shown)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        typed = self.query_one("#evidence-path", Input).value.strip()
        description = self.query_one("#evidence-description", Input).value
        if not typed:
            self.query_one("#evidence-problem", Static).update(Text("Give the file's path.", style="red"))
            return
        data = models.AttachmentCreate.model_construct(path=typed, description=description)
        try:
            done = self.submit(data)
        except RepdeskError as exc:
            self.query_one("#evidence-problem", Static).update(Text(str(exc), style="red"))
            return
        self.dismiss(done)

    def action_cancel(self) -> None:
        self.dismiss(None)


def preview(typed: str, limit: int) -> Text:
    """What attaching ``typed`` would store: its name, size and SHA-256, or why it cannot be."""
    if not typed:
        return Text("")
    with contextlib.suppress(OSError, RuntimeError):  # the read below says what is wrong
        path = Path(typed).expanduser()
        if path.is_file() and (size := path.stat().st_size) > limit:  # not worth hashing
            return Text.assemble(
                (path.name, "bold"),
                f"  {file_size(size)}",
                (f"\nOver your limit of {file_size(limit)}: raise it in your profile to attach it.", "red"),
            )
    try:
        read = attachments.read_attachment(models.AttachmentCreate.model_construct(path=typed))
    except RepdeskError as exc:
        return Text(str(exc), style="dim")
    return Text.assemble(
        (read.name, "bold"), f"  {file_size(read.size_bytes)}  SHA-256 {read.sha256[:SHA_SHOWN]}…"
    )


def _item_line(item: Any) -> Text:
    a = item.attachment
    line = Text.assemble((item.name, "bold"), f"  {file_size(a.size_bytes)}  {a.sha256[:SHA_SHOWN]}…")
    if item.stored:
        line.append("  in the file", style="green")
    else:
        line.append("  not in the file: path and hash only", style="yellow")
    line.append(f"\n  on {item.where} · attached {format_datetime(a.attached_at)}", style="dim")
    if a.description:
        line.append(f"\n  {clip(a.description, 70)}")
    if not item.stored:
        line.append(f"\n  was at {a.path}", style="dim")
    return line


class EvidenceListScreen(ModalScreen[None]):
    """A record's evidence files; enter saves a copy of the highlighted one (0600) to open it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        [
            Action("enter", "save_copy", "Save a copy", "evidence_list.save", priority=True),
            Action("escape", "close", "Close", "evidence_list.close"),
        ]
    )

    def __init__(self, ref: str, items: list[Any], save: Callable[[Any], str]) -> None:
        super().__init__()
        self.ref = ref
        self.items = items
        self.save = save
        """Saves a copy of a stored item and says where; refusals raise RepdeskError."""

    def compose(self) -> ComposeResult:
        count = len(self.items)
        with Vertical(classes="dialog"):
            yield Label(
                f"Evidence of {self.ref}: {count} file{'' if count == 1 else 's'}",
                classes="dialog-title",
                markup=False,
            )
            if self.items:
                yield OptionList(*(Option(_item_line(item)) for item in self.items), id="evidence-files")
            else:
                yield Label("No files attached yet: A attaches one.", classes="dialog-detail", markup=False)
            yield Label("[b]enter[/b] save a copy to open   [b]esc[/b] close", classes="dialog-keys")

    def action_save_copy(self) -> None:
        if not self.items:
            return
        index = self.query_one("#evidence-files", OptionList).highlighted
        if index is None:
            return
        item = self.items[index]
        if not item.stored:
            self.notify(
                "That file was attached before repdesk kept evidence in the database: only its path and "
                "hash are recorded, not the file itself.",
                severity="warning",
                markup=False,
            )
            return
        try:
            self.notify(self.save(item), markup=False)
        except RepdeskError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class EvidenceCommands:
    """Attach a file to, and list the evidence of, the selected case or threat entry (a mixin)."""

    EVIDENCE_OF: ClassVar[str] = "case"
    """"case" or "threat": which record the selected row is."""

    def _screen(self) -> ListScreen[Any, Any]:
        return self  # type: ignore[return-value]

    def evidence_changed(self, ident: int) -> None:
        """After a file is attached: the detail (and the list's marks) read afresh."""
        screen = self._screen()
        screen.table.reload(keep=ident)
        screen.show_detail()

    async def _case_owner(self, screen: ListScreen[Any, Any], case_id: int) -> int | None:
        """The timeline entry to attach to: one of the case's, or 0 for a new "document" entry today."""
        detail = screen.read(lambda s: cases.case_detail(s, case_id))
        entries = list(reversed(detail.timeline))
        choices: list[tuple[str | Text, int]] = [("A new document entry, dated today", 0)]
        choices += [
            (
                Text(
                    f"{format_date(e.occurred_on)}  {e.kind.label}: {clip(e.summary, 40)}"
                    + (f"  📎{n}" if (n := len(detail.attachments.get(e.id or 0, []))) else "")
                ),
                e.id or 0,
            )
            for e in entries
        ]
        return await screen.app.push_screen_wait(
            ChoiceScreen[int](f"Attach a file to which timeline entry of {detail.case.ref}?", choices)
        )

    @desk_work
    async def action_attach_file(self) -> None:
        screen = self._screen()
        if (ident := screen.picked_id()) is None:
            return
        if self.EVIDENCE_OF == "case":
            owner = await self._case_owner(screen, ident)
            if owner is None:
                return

            def attach(session: Session, data: Any) -> str:
                if owner == 0:
                    evidence.attach_to_case(session, ident, data)
                    return "on a new document entry"
                cases.attach_to_entry(session, owner, data)
                return "on its timeline entry"

            ref = screen.read(lambda s: cases.get_case(s, ident).ref)
        else:

            def attach(session: Session, data: Any) -> str:
                threats.attach_evidence(session, ident, data)
                return ""

            ref = screen.read(lambda s: threats.get_threat(s, ident).ref)

        def submit(data: Any) -> Attached:
            with screen.db.transaction() as session:
                where = attach(session, data)
            name = Path(str(data.path)).name
            return Attached(
                f"{name} attached to {ref}{' ' + where if where else ''}; stored in the database.", ident
            )

        limit = screen.read(attachments.limit_bytes)
        done = await screen.app.push_screen_wait(AttachScreen(f"Attach a file to {ref}", limit, submit))
        if done is not None:
            screen.notify(done.notice, markup=False)
            self.evidence_changed(done.ident)

    @desk_work
    async def action_list_evidence(self) -> None:
        screen = self._screen()
        if (ident := screen.picked_id()) is None:
            return
        ref, items = screen.read(lambda s: _listed(s, ident, case=self.EVIDENCE_OF == "case"))
        folder = screen.desk.location.exports

        def save(item: Any) -> str:
            from repdesk.export.write import save_copy  # the exports' writer, loaded when used

            data = screen.read(lambda s: evidence.checked_content(s, item.attachment.sha256))
            written = save_copy(data, folder / item.name, free_name=True)
            return f"Saved a copy (readable by you only) to {written}"

        await screen.app.push_screen_wait(EvidenceListScreen(ref, items, save))


def _listed(session: Session, ident: int, *, case: bool) -> tuple[str, list[Any]]:
    """A case's or threat entry's reference and evidence files."""
    if case:
        return cases.get_case(session, ident).ref, evidence.case_evidence(session, ident)
    return threats.get_threat(session, ident).ref, evidence.threat_evidence(session, ident)


class CaseEvidenceCommands(EvidenceCommands):
    """The Cases screen's evidence commands (files go on the case's timeline entries)."""

    EVIDENCE_OF = "case"


class ThreatEvidenceCommands(EvidenceCommands):
    """The Threat log's evidence commands."""

    EVIDENCE_OF = "threat"
