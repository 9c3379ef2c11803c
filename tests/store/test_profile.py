"""The rep's profile: saved once, edited, and checked where its settings depend on each other."""

from __future__ import annotations

from datetime import date

import pytest

from repdesk.domain.enums import HolidayRegion
from repdesk.store import profile
from repdesk.store.engine import Database
from repdesk.store.errors import Invalid, NotFound
from repdesk.store.models import RepProfileCreate, RepProfileUpdate
from tests.store.store_helpers import save_profile


def test_profile_refuses_coverage_without_a_commencement(db: Database) -> None:
    with pytest.raises(Invalid, match="commenced before the acts it covers"):
        save_profile(db, era2025_covers_from="2026-07-01")


def test_the_rep_profile_is_saved_once_and_edited(db: Database) -> None:
    with db.session() as s:
        assert profile.get_profile(s) is None
    with pytest.raises(NotFound, match="no rep profile yet"), db.transaction() as s:
        profile.update_profile(s, RepProfileUpdate.model_validate({"version": 1, "branch": "HQ"}))
    with db.transaction() as s:
        profile.save_profile(
            s,
            RepProfileCreate(
                name="Sam O'Neill",
                union="PCS",
                branch="Met Police Staff",
                workplace="Lambeth",
                holiday_region=HolidayRegion.SCOTLAND,
                era2025_commencement=date(2026, 10, 1),
            ),
        )
    with db.transaction() as s:
        again = profile.save_profile(s, RepProfileCreate(name="Sam O'Neill", union="PCS", branch="HQ"))
        assert again.version == 2
        edited = profile.update_profile(
            s, RepProfileUpdate.model_validate({"version": 2, "workplace": "Empress"})
        )
        assert edited.version == 3
    with db.session() as s:
        stored = profile.get_profile(s)
        count = s.connection().exec_driver_sql("SELECT count(*) FROM rep_profile").scalar()
    assert count == 1
    assert stored is not None
    assert (stored.name, stored.union, stored.branch, stored.workplace) == (
        "Sam O'Neill",
        "PCS",
        "HQ",
        "Empress",
    )
    # save_profile replaces every field, so the region goes back to its default.
    assert stored.holiday_region is HolidayRegion.ENGLAND_WALES
    assert stored.era2025_commencement is None
