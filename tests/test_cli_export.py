"""``repdesk export``, driven as a rep would: a real process, real files, modes, exit codes."""

from __future__ import annotations

import json
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.helpers.cli import Run, one_line_error, runner

CASE = "C-2026-0003"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("export-home")


@pytest.fixture(scope="module")
def repdesk(home: Path) -> Run:
    """Run ``python -m repdesk`` with its files under a temporary home and a frozen date."""
    return runner(home)


@pytest.fixture(scope="module")
def db(repdesk: Run, home: Path) -> Path:
    """The demo data the goldens use (8 members, seed 6)."""
    path = home / "desk" / "cases.sqlite"
    made = repdesk("--db", str(path), "demo", "--members", "8", "--seed", "6")
    assert made.returncode == 0, made.stderr
    return path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_help_lists_export_and_its_documents(repdesk: Run) -> None:
    assert "export" in repdesk("--help").stdout
    shown = repdesk("export", "--help").stdout
    for what in ("case", "threats", "talks"):
        assert what in shown
    threats_help = repdesk("export", "threats", "--help").stdout
    for option in ("--member", "--case", "--from", "--to", "--kind", "--format", "--profile", "--force"):
        assert option in threats_help


def test_case_summary_to_standard_output(repdesk: Run, db: Path) -> None:
    result = repdesk("--db", str(db), "export", "case", CASE.lower(), "--format", "md", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"# Case summary: {CASE}")
    assert "Officer copy" in result.stdout  # the default profile never carries contact details
    assert "@" not in result.stdout.split("## Timeline")[0].replace("\\@", "")
    page = repdesk("--db", str(db), "export", "case", CASE, "--format", "html", "-o", "-")
    assert page.stdout.startswith("<!DOCTYPE html>")
    data = json.loads(repdesk("--db", str(db), "export", "case", CASE, "--format", "json", "-o", "-").stdout)
    assert data["schema_version"] == 1 and data["case"]["ref"] == CASE


def test_pdf_goes_to_the_private_exports_folder_and_is_never_overwritten_by_accident(
    repdesk: Run, db: Path, home: Path
) -> None:
    args = ("--db", str(db), "export", "case", CASE, "--format", "pdf", "--profile", "solicitor")
    first = repdesk(*args)
    assert first.returncode == 0, first.stderr
    exports = home / "data" / "repdesk" / "exports"
    (folder,) = list(exports.iterdir())
    made = folder / f"case-{CASE}-solicitor-2026-11-22T120000.pdf"
    assert str(made) in first.stdout
    assert made.read_bytes().startswith(b"%PDF")
    assert _mode(made) == 0o600
    assert _mode(folder) == 0o700 and _mode(exports) == 0o700
    before = made.read_bytes()

    again = repdesk(*args)
    assert "already exists" in one_line_error(again, 1)
    assert made.read_bytes() == before
    forced = repdesk(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert _mode(made) == 0o600
    assert [p.name for p in folder.iterdir()] == [made.name]  # no temporary file left behind


def test_output_path_file_or_folder(repdesk: Run, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "talks.md"
    result = repdesk(
        "--db", str(db), "export", "talks", "--format", "md", "--include-caucus", "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "Caucus notes (private to the union side)" in text
    assert "CONFIDENTIAL" in text
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700 and _mode(target.parent.parent) == 0o700
    into = repdesk("--db", str(db), "export", "threats", "--format", "csv", "-o", str(tmp_path))
    assert into.returncode == 0, into.stderr
    (csv_file,) = tmp_path.glob("threats-officer-*.csv")
    assert csv_file.read_bytes().startswith("\ufeff".encode())


def test_threats_filtered_by_member_dates_and_kind(repdesk: Run, db: Path) -> None:
    with sqlite3.connect(db) as conn:
        name, number = conn.execute(
            "SELECT name, membership_no FROM member WHERE membership_no IS NOT NULL ORDER BY id"
        ).fetchone()
    by_name = repdesk(
        "--db", str(db), "export", "threats", "--member", "hugo", "--from", "1/1/25", "--to", "18 jul 2025",
        "--kind", "pay-deduction", "--kind", "vetting_promotion", "--format", "csv", "-o", "-",
    )  # fmt: skip
    assert by_name.returncode == 0, by_name.stderr
    assert "T-2025-0001" in by_name.stdout and "T-2024-0001" not in by_name.stdout
    assert "Dates,2025-01-01 to 2025-07-18" in by_name.stdout
    by_number = repdesk("--db", str(db), "export", "threats", "--member", number, "--format", "md", "-o", "-")
    assert by_number.returncode == 0, by_number.stderr
    assert f"- **Members:** {name}" in by_number.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("case", "C-2099-0001", "--format", "md"), 1, "There is no case"),
        (("case", CASE, "--format", "pdf", "-o", "-"), 2, "cannot be written to standard output"),
        (("case", CASE, "--format", "csv"), 2, "invalid choice"),
        (("case", CASE, "--format", "md", "--profile", "everyone"), 2, "invalid choice"),
        (("case", "--format", "md"), 2, "required"),
        (("threats", "--member", "e", "--format", "md"), 1, "matches"),
        (("threats", "--member", "nobody-at-all", "--format", "md"), 1, "No member"),
        (("threats", "--case", "C-1999-0001", "--format", "md"), 1, "There is no case"),
        (("threats", "--from", "32/1/25", "--format", "md"), 2, "31 days"),
        (("threats", "--from", "1/2/25", "--to", "1/1/25", "--format", "md"), 2, "is after"),
        (("threats", "--kind", "rudeness", "--format", "md"), 2, "not a kind of threat"),
        (("talks", "--format", "md", "--profile", "branch", "--include-caucus"), 1, "never includes caucus"),
    ],
)
def test_bad_requests_areone_line_errors(
    repdesk: Run, db: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    assert words in one_line_error(repdesk("--db", str(db), "export", *args), code)


def test_missing_database_is_not_created(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "absent.sqlite"
    result = repdesk("--db", str(path), "export", "talks", "--format", "md", "-o", "-")
    assert "There is no database" in one_line_error(result, 1)
    assert not path.exists()


# --- never colliding: a folder given with -o, no silent replace, no PDF in a .md ---------


def test_output_ending_in_a_slash_writes_into_that_new_folder(repdesk: Run, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "for-branch"
    result = repdesk("--db", str(db), "export", "talks", "--format", "md", "-o", f"{folder}/")
    assert result.returncode == 0, result.stderr
    (made,) = folder.iterdir()
    assert re.fullmatch(r"talks-officer-\d{4}-\d\d-\d\dT\d{6}\.md", made.name)  # HHMMSS: seconds in the name
    assert str(made) in result.stdout


def test_an_existing_file_is_refused_in_one_line_unless_forced(
    repdesk: Run, db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "talks.md"
    target.write_text("the rep's own notes", encoding="utf-8")
    refused = repdesk("--db", str(db), "export", "talks", "--format", "md", "-o", str(target))
    assert "already exists" in one_line_error(refused, 1)
    assert target.read_text(encoding="utf-8") == "the rep's own notes"
    forced = repdesk("--db", str(db), "export", "talks", "--format", "md", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("**CONFIDENTIAL")


def test_a_pdf_to_a_markdown_name_is_refused_in_one_line(repdesk: Run, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "talks.md"
    refused = repdesk("--db", str(db), "export", "talks", "--format", "pdf", "-o", str(target))
    line = one_line_error(refused)
    assert ".md" in line and "PDF" in line
    assert not target.exists()
