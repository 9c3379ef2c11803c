"""The rep's profile form: asked on the first run against an empty database, editable later."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from repdesk.domain.enums import HolidayRegion
from repdesk.tui import lazy
from repdesk.tui.dialogs.form import Field, FormScreen

if TYPE_CHECKING:
    from repdesk.store import models, profile
    from repdesk.tui.app import RepDesk
else:
    models, profile = lazy.store("models", "profile")

FIELDS = [
    Field("name", "Your name", required=True),
    Field("union", "Union", required=True, placeholder="e.g. PCS"),
    Field("branch", "Branch", placeholder="e.g. Met Police Staff"),
    Field("workplace", "Workplace", placeholder="Employer and site"),
    Field("holiday_region", "Bank holidays", "select", HolidayRegion.choices(), allow_blank=False),
    Field(
        "era2025_commencement",
        "6-month limit commenced on",
        "date",
        placeholder="leave empty until confirmed (verify)",
    ),
    Field(
        "era2025_covers_from",
        "6-month limit covers acts from",
        "date",
        placeholder="leave empty: acts from the commencement date",
    ),
    Field("evidence_limit_mb", "Evidence file limit (MB)", "int", required=True),
    Field(
        "retention_months",
        "Review closed cases after (months)",
        "int",
        placeholder="empty: no review (default 72, six years)",
    ),
]


def profile_form(app: RepDesk, *, first_run: bool) -> FormScreen[str]:
    """The form, filled with the current profile if there is one."""
    with app.db.session() as session:
        current = profile.get_profile(session)
    values: dict[str, Any] = {
        "holiday_region": HolidayRegion.ENGLAND_WALES,
        "name": app.location.rep,
        "evidence_limit_mb": models.RepProfileCreate.model_fields["evidence_limit_mb"].default,
        "retention_months": models.RETENTION_MONTHS,
    }
    if current is not None:
        values = {f.name: getattr(current, f.name) for f in FIELDS}

    def submit(values: dict[str, Any]) -> str:
        with app.db.transaction() as session:
            return profile.save_profile(session, values).name

    note = (
        "Welcome. This database is new: tell repdesk who you are. It goes on every export."
        if first_run
        else "Your details, as they appear on exports, and how deadlines are counted."
    ) + (
        " The 6-month tribunal limit stays off until you enter the date it commenced: "
        "leave it empty until you have confirmed it (verify). Closed cases are listed on Triage for "
        "review that many months after closing (empty: never); nothing is deleted unless you delete it."
    )
    return FormScreen[str](
        "Your profile", FIELDS, submit, values=values, labels_from=models.RepProfileCreate, note=note
    )
