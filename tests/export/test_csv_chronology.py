"""The threat chronology as CSV, read as a spreadsheet reads it (Python's ``csv``), and each
redaction profile described in words that fit the document it is on."""

from __future__ import annotations

import csv
import io
import re

import pytest

from repdesk.export import render
from repdesk.store.engine import Database
from tests.export.export_helpers import build

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
UK_DAY = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b")


def read_csv(db: Database, profile: str = "officer") -> list[list[str]]:
    """The chronology's CSV, parsed: every row, as a spreadsheet would read it."""
    data = render(build(db, "threats", profile), "csv")
    assert isinstance(data, str)
    assert data.startswith("\ufeff")  # UTF-8 with a BOM, so a spreadsheet reads £ and é right
    return list(csv.reader(io.StringIO(data.removeprefix("\ufeff"))))


def entries(rows: list[list[str]]) -> list[dict[str, str]]:
    """The entries under the header row, up to the blank row that ends the table."""
    header, body = rows[0], rows[1:]
    table = body[: body.index([])] if [] in body else body
    assert table
    assert all(len(row) == len(header) for row in table)
    return [dict(zip(header, row, strict=True)) for row in table]


@pytest.mark.parametrize("profile", ["officer", "branch"])
def test_the_first_row_names_the_columns(golden_db: Database, profile: str) -> None:
    rows = read_csv(golden_db, profile)
    header = rows[0]
    for column in ("No.", "Date", "Time", "Reference", "Kind", "Exact words", "Recorded at"):
        assert column in header, header
    assert len(set(header)) == len(header)
    numbers = [entry["No."] for entry in entries(rows)]
    assert numbers[0] == "1"


def test_every_date_is_one_style(golden_db: Database) -> None:
    rows = read_csv(golden_db)
    table = entries(rows)
    assert all(ISO_DAY.fullmatch(entry["Date"]) for entry in table), [e["Date"] for e in table]
    assert all(ISO_MOMENT.fullmatch(entry["Recorded at"]) for entry in table), [
        e["Recorded at"] for e in table
    ]
    # What the file is follows the table, its dates the same style.
    about = {row[0]: row[1] for row in rows[len(table) + 2 :] if len(row) >= 2}
    assert ISO_MOMENT.match(about["Made"]), about["Made"]
    assert not UK_DAY.search(about["Made"])


def test_a_filtered_chronology_says_its_dates_the_same_way(golden_db: Database) -> None:
    from datetime import date

    from repdesk.export import ThreatSelection

    selection = ThreatSelection(date_from=date(2025, 1, 1), date_to=date(2025, 7, 18))
    data = render(build(golden_db, "threats", "officer", selection=selection), "csv")
    assert isinstance(data, str)
    rows = list(csv.reader(io.StringIO(data.removeprefix("\ufeff"))))
    about = {row[0]: row[1] for row in rows[len(entries(rows)) + 2 :] if len(row) >= 2}
    assert about["Dates"] == "2025-01-01 to 2025-07-18"


@pytest.mark.parametrize("profile", ["full", "officer", "solicitor", "branch"])
def test_the_profiles_description_fits_the_document(golden_db: Database, profile: str) -> None:
    talks = build(golden_db, "talks", profile).provenance.profile_purpose
    threats = build(golden_db, "threats", profile).provenance.profile_purpose
    case = build(golden_db, "case", profile).provenance.profile_purpose
    # A talks record holds no case and no health details; a chronology no health details.
    assert "case" not in talks and "health" not in talks, talks
    assert "health" not in threats and "taking the case on" not in threats, threats
    assert talks != case
    # The CSV says the chronology's own.
    about = {row[0]: row[1] for row in read_csv(golden_db, profile) if len(row) == 2}
    assert about["Profile"] == f"{profile}: {threats}"
