"""The export dialog: choose document, format, profile and path; watch progress; see where it went.

The dialog only collects arguments; building, rendering and writing are the
pure functions of :mod:`repdesk.export`, run on a worker thread so a large
chronology never freezes the desk.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Select
from textual.worker import Worker, WorkerState

from repdesk import export
from repdesk.domain.errors import RepdeskError
from repdesk.store.errors import Invalid
from repdesk.tui.dialogs.confirm import ConfirmScreen
from repdesk.tui.dialogs.form import Field, FormScreen

if TYPE_CHECKING:
    from repdesk.tui.app import RepDesk

DOCUMENTS = {
    "case": "Case summary",
    "threats": "Threat chronology",
    "talks": "Talks record",
    "member": "Subject access copy",
}


@dataclass(frozen=True)
class ExportRequest:
    """What the rep asked for."""

    document: str
    """"case", "threats", "talks" or "member"."""
    fmt: str
    """md, html, pdf, json or csv."""
    profile: str
    """A redaction profile's name."""
    path: Path | None
    """Where to write; None means the exports folder with a name that says what it is."""
    include_caucus: bool = False
    """Talks only: put the private caucus notes in."""
    case_ref: str | None = None
    """For a case summary, or a chronology of one case."""
    terms: str = ""
    """For a chronology: the threat log's filter as typed."""
    replace: bool = False
    """The rep said yes to replacing the file already at ``path``."""
    member_id: int | None = None
    """For a subject access copy: whose."""


def _format_choices(document: str) -> list[tuple[str, str]]:
    """The formats ``document`` has, as the format select shows them."""
    return [(f.upper(), f) for f in export.formats_for(document)]


def _profile_choices(document: str) -> list[tuple[str, str]]:
    """The redaction profiles, each described as it applies to ``document``."""
    return [(f"{p.label}: {p.purpose(document)}", p.name) for p in export.PROFILES.values()]


class ExportForm(FormScreen[ExportRequest]):
    """The export form, whose format list and profile descriptions follow the chosen document
    (CSV only for a chronology; no "health details" in a talks record's officer copy)."""

    @on(Select.Changed, "#f-document")
    def _document_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        formats = self.query_one("#f-fmt", Select)
        chosen = formats.value
        formats.set_options(_format_choices(event.value))
        formats.value = chosen if chosen in export.formats_for(event.value) else "pdf"
        for profiles in self.query("#f-profile").results(Select):  # none for a subject access copy
            profile = profiles.value
            profiles.set_options(_profile_choices(event.value))
            profiles.value = profile


def export_form(
    app: RepDesk,
    documents: list[str],
    *,
    case_ref: str | None = None,
    terms: str = "",
    member_id: int | None = None,
    member_name: str = "",
) -> FormScreen[ExportRequest]:
    """The form; ``documents`` lists what may be exported from where the rep is (``member_name``:
    whose subject access copy)."""
    folder = app.location.exports
    fields = [
        Field("document", "Document", "select", [(DOCUMENTS[d], d) for d in documents], allow_blank=False),
        Field("fmt", "Format", "select", _format_choices(documents[0]), allow_blank=False),
        Field("path", "Save to", placeholder="blank for the exports folder"),
    ]
    if documents != ["member"]:
        # A member's own (subject access) copy leaves nothing out, so it has no profile to choose.
        profiles = _profile_choices(documents[0])
        fields.insert(2, Field("profile", "Redaction profile", "select", profiles, allow_blank=False))
    if "talks" in documents:
        fields.insert(3, Field("include_caucus", "Include caucus notes", "bool"))

    def submit(values: dict[str, Any]) -> ExportRequest:
        document, fmt = values["document"], values["fmt"]
        if fmt not in export.formats_for(document):
            allowed = ", ".join(f.upper() for f in export.formats_for(document))
            raise Invalid.one("fmt", f"A {DOCUMENTS[document].lower()} can be exported as {allowed}.")
        typed = (values.get("path") or "").strip()
        path = Path(typed).expanduser() if typed else None
        if path is not None and not (typed.endswith("/") or path.is_dir()):
            mismatch = export.extension_mismatch(path, fmt)
            if mismatch:
                raise Invalid.one("path", mismatch)
        caucus = bool(values.get("include_caucus"))
        if caucus and values["profile"] == "branch":
            raise Invalid.one("include_caucus", "A branch copy never carries caucus notes.")
        profile = "full" if document == "member" else values["profile"]
        return ExportRequest(document, fmt, profile, path, caucus, case_ref, terms, member_id=member_id)

    what = (
        f" ({case_ref})"
        if case_ref
        else f" ({member_name})"
        if member_name
        else (" (the threat log as filtered)" if terms.strip() else "")
    )
    return ExportForm(
        f"Export{what}",
        fields,
        submit,
        values={"document": documents[0], "fmt": "pdf", "profile": export.DEFAULT_PROFILE},
        note=(
            "Exports hold special-category data: the file is written readable by you only (0600). "
            f"The exports folder is {folder}/."
        ),
    )


class ExportProgress(ModalScreen[Path | None]):
    """Builds, renders and writes one export on a worker thread, showing how far it has got."""

    def __init__(self, app: RepDesk, request: ExportRequest) -> None:
        super().__init__()
        self.desk = app
        self.request = request

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label(f"Exporting the {DOCUMENTS[self.request.document].lower()}…", classes="dialog-title")
            yield ProgressBar(total=None, show_eta=False, id="export-progress")
            yield Label("", id="export-stage", classes="dialog-detail")

    def on_mount(self) -> None:
        self.run_worker(self._job, thread=True, exit_on_error=False, name="export")

    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one(ProgressBar).update, total=max(total, 1), progress=done)

    def _stage(self, text: str) -> None:
        self.app.call_from_thread(self.query_one("#export-stage", Label).update, text)

    def _job(self) -> Path:
        request, desk = self.request, self.desk
        common: dict[str, Any] = {
            "profile": request.profile,
            "database": desk.db.path,
            "rep": desk.rep_name,
            "on_progress": self._progress,
        }
        self._stage("Gathering the records…")
        with desk.db.session() as session:
            document: export.Document
            if request.document == "case":
                assert request.case_ref is not None
                document = export.build_case_summary(session, request.case_ref, **common)
            elif request.document == "threats":
                selection = export.ThreatSelection(case_ref=request.case_ref, terms=request.terms)
                document = export.build_threat_chronology(session, selection, **common)
            elif request.document == "member":
                assert request.member_id is not None
                common.pop("profile")
                document = export.build_subject_access(session, request.member_id, **common)
            else:
                document = export.build_talks_record(session, include_caucus=request.include_caucus, **common)
        self._stage(f"Writing {request.fmt.upper()}…")
        data = export.render(document, request.fmt)
        path = request.path
        if path is None or path.is_dir():
            # A name repdesk chose: if one made this second is there, take "-2" rather than fail.
            folder = path or export.private_folder(desk.location.exports)
            return export.write_file(
                data, folder / export.default_name(document, request.fmt), free_name=True
            )
        return export.write_file(data, path, force=request.replace)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "export":
            return
        if event.state is WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            message = (
                str(error)
                if isinstance(error, RepdeskError | OSError)
                else f"The export failed ({type(error).__name__}); nothing was written."
            )
            self.notify(message, title="Not exported", severity="error", timeout=10, markup=False)
            self.dismiss(None)


async def run_export(
    app: RepDesk,
    documents: list[str],
    *,
    case_ref: str | None = None,
    terms: str = "",
    member_id: int | None = None,
    member_name: str = "",
) -> None:
    """Ask, export, and say where the file went (call from a ``@work`` action)."""
    request = await app.push_screen_wait(
        export_form(
            app, documents, case_ref=case_ref, terms=terms, member_id=member_id, member_name=member_name
        )
    )
    if request is None:
        return
    if request.path is not None and request.path.is_file():
        question = f"Replace {request.path.name}?"
        detail = f"{request.path} already exists; yes replaces it, no exports nothing."
        if not await app.push_screen_wait(ConfirmScreen(question, detail=detail)):
            app.notify("Nothing was exported.", title="Not exported", markup=False)
            return
        request = replace(request, replace=True)
    written = await app.push_screen_wait(ExportProgress(app, request))
    if written is not None:
        app.notify(f"Wrote {written}", title="Exported", timeout=12, markup=False)
