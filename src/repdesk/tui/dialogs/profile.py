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
    Field(
        "lock_after_minutes",
        "Lock after (idle minutes)",
        "int",
        placeholder="encrypted files; empty: only ctrl+l (default 10)",
    ),
]

ENCRYPTION = [
    Field("encrypt", "Encrypt this file (recommended)", "bool"),
    Field("passphrase", "Passphrase", "secret", placeholder="several words; it cannot be recovered"),
    Field("passphrase_again", "Passphrase again", "secret"),
]
"""Asked on the first run of a plain file: whether to encrypt it, and with what."""


def _encryption_asked(values: dict[str, Any]) -> str | None:
    """Take the encryption answers out of ``values``: the passphrase to encrypt with, or None."""
    from repdesk.store.cipher import passphrase_problem
    from repdesk.store.errors import Invalid

    wanted = values.pop("encrypt", False)
    passphrase = values.pop("passphrase", "") or ""
    again = values.pop("passphrase_again", "") or ""
    if not wanted:
        return None
    if problem := passphrase_problem(passphrase):
        raise Invalid.one("passphrase", problem + " Or untick encryption to keep the file plain.")
    if again != passphrase:
        raise Invalid.one("passphrase_again", "The two passphrases differ: type the same one twice.")
    return passphrase


def profile_form(app: RepDesk, *, first_run: bool) -> FormScreen[str]:
    """The form, filled with the current profile if there is one."""
    with app.db.session() as session:
        current = profile.get_profile(session)
    values: dict[str, Any] = {
        "holiday_region": HolidayRegion.ENGLAND_WALES,
        "name": app.location.rep,
        "evidence_limit_mb": models.RepProfileCreate.model_fields["evidence_limit_mb"].default,
        "retention_months": models.RETENTION_MONTHS,
        "lock_after_minutes": models.LOCK_AFTER_MINUTES,
    }
    if current is not None:
        values = {f.name: getattr(current, f.name) for f in FIELDS}

    ask_encryption = first_run and not app.store.encrypted
    # Asked right after who the rep is: the choice matters more than the settings below it.
    fields = [*FIELDS[:2], *ENCRYPTION, *FIELDS[2:]] if ask_encryption else FIELDS
    if ask_encryption:
        values["encrypt"] = True

    def submit(values: dict[str, Any]) -> str:
        values = dict(values)
        asked: dict[str, Any] = {
            key: values.pop(key) for key in ("encrypt", "passphrase", "passphrase_again") if key in values
        }
        with app.db.transaction() as session:
            name = profile.save_profile(session, values).name
            # Checked inside the transaction, so a refused passphrase saves nothing either.
            passphrase = _encryption_asked(asked)
        if passphrase is not None:
            app.encrypt_file(passphrase)
        return name

    # Short enough that the form's keys stay on an 80x24 screen; each field's placeholder says the rest.
    note = (
        "Welcome. This database is new: tell repdesk who you are (it goes on every export)"
        + (
            ", and encrypt the file: without the passphrase nobody can read it, you included."
            if ask_encryption
            else "."
        )
        if first_run
        else "Your details, as they appear on exports, and how deadlines are counted."
    ) + (" The 6-month tribunal limit stays off until you enter the date it commenced (verify it first).")
    return FormScreen[str](
        "Your profile", fields, submit, values=values, labels_from=models.RepProfileCreate, note=note
    )
