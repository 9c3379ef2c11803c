"""Threat-log services the threat-log screen needs beyond the core ones."""

from __future__ import annotations

from datetime import date

from repdesk.domain.enums import ThreatAudience, ThreatChannel, ThreatKind
from repdesk.store import threats
from repdesk.store.engine import Database
from repdesk.store.models import ThreatCorrection, ThreatEntryCreate

BASE = {
    "occurred_on": date(2026, 11, 3),
    "made_by": "Supt Example",
    "channel": ThreatChannel.MEETING,
    "audience": ThreatAudience.TEAM,
    "kind": ThreatKind.PAY_DEDUCTION,
}


def _log(db: Database, words: str) -> int:
    with db.transaction() as s:
        entry = threats.log_threat(s, ThreatEntryCreate.model_validate({**BASE, "exact_words": words}))
        assert entry.id is not None
        return entry.id


def _correct(db: Database, entry_id: int, words: str) -> int:
    with db.transaction() as s:
        entry = threats.correct_threat(
            s, entry_id, ThreatCorrection.model_validate({**BASE, "exact_words": words, "reason": "Misheard"})
        )
        assert entry.id is not None
        return entry.id


def test_corrected_ids_names_only_entries_a_later_one_corrects(db: Database) -> None:
    first = _log(db, "Your pay will be docked.")
    second = _log(db, "You may face disciplinary action.")
    fixed = _correct(db, first, "Your pay may be docked.")
    again = _correct(db, first, "Your pay could be docked.")
    with db.session() as s:
        assert threats.corrected_ids(s, [first, second, fixed, again]) == {first}
        assert threats.corrected_ids(s, [second, fixed]) == set()


def test_corrected_ids_of_nothing_is_empty(db: Database) -> None:
    with db.session() as s:
        assert threats.corrected_ids(s, []) == set()


def test_corrected_ids_takes_more_ids_than_sqlite_binds_at_once(db: Database) -> None:
    first = _log(db, "Your pay will be docked.")
    _correct(db, first, "Your pay may be docked.")
    with db.session() as s:
        assert threats.corrected_ids(s, [*range(100_000, 105_000), first]) == {first}
