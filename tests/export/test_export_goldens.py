"""Every document in every format against a golden file, on fixed demo data and a frozen clock.

Run with REPDESK_UPDATE_GOLDENS=1 to rewrite the golden files after a
deliberate change, then review the diff. PDFs are compared by their text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from repdesk.domain.enums import ThreatKind
from repdesk.export import ThreatSelection, render
from repdesk.store.engine import Database
from tests.export.export_helpers import build, check_golden, pdf_text

CASES = [
    *(("case", fmt, "officer") for fmt in ("md", "html", "json", "pdf")),
    *(("threats", fmt, "officer") for fmt in ("md", "html", "json", "csv", "pdf")),
    *(("talks", fmt, "officer") for fmt in ("md", "html", "json", "pdf")),
    *((document, "md", "branch") for document in ("case", "threats", "talks")),
    *((document, "md", profile) for document in ("case", "threats") for profile in ("full", "solicitor")),
]


def _stable(text: str, db: Database) -> str:
    """Full copies show the database's folder and evidence paths; pin the temporary folder."""
    return text.replace(str(db.path.parent), "<tmp>")


def _as_golden(data: str | bytes, fmt: str, db: Database) -> str | bytes:
    if fmt == "pdf":
        assert isinstance(data, bytes)
        return _stable(pdf_text(data), db)
    assert isinstance(data, str)
    return _stable(data, db)


@pytest.mark.parametrize(("document", "fmt", "profile"), CASES, ids=lambda v: str(v))
def test_document_matches_its_golden_file(golden_db: Database, document: str, fmt: str, profile: str) -> None:
    data = render(build(golden_db, document, profile), fmt)
    suffix = "pdf.txt" if fmt == "pdf" else fmt
    check_golden(f"{document}-{profile}.{suffix}", _as_golden(data, fmt, golden_db))


def test_talks_with_caucus_notes_asked_for(golden_db: Database) -> None:
    data = render(build(golden_db, "talks", "full", include_caucus=True), "md")
    assert isinstance(data, str)
    assert "Caucus notes (private to the union side)" in data
    check_golden("talks-full-caucus.md", _stable(data, golden_db))


def test_filtered_chronology(golden_db: Database) -> None:
    from datetime import date

    with golden_db.session() as session:
        from repdesk.export import resolve_member

        member = resolve_member(session, "Hugo")
    selection = ThreatSelection(
        member_ids=(member,),
        date_from=date(2025, 1, 1),
        date_to=date(2025, 7, 18),
        kinds=frozenset({ThreatKind.PAY_DEDUCTION, ThreatKind.VETTING_PROMOTION}),
    )
    data = render(build(golden_db, "threats", "officer", selection=selection), "csv")
    check_golden("threats-officer-filtered.csv", _stable(str(data), golden_db))


def test_golden_database_is_what_the_goldens_assume(golden_db: Database) -> None:
    """Guards the fixture: if demo data changes, the goldens need regenerating on purpose."""
    doc = build(golden_db, "case", "full")
    assert doc.provenance.database == str(golden_db.path)
    assert Path(doc.provenance.database).name == "golden.sqlite"
