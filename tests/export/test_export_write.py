"""Writing exports: private modes, no accidental overwrite, names that say what and when; the public API."""

from __future__ import annotations

import importlib
import stat
from pathlib import Path

import pytest

import repdesk.export as export
from repdesk.domain.errors import RepdeskError
from repdesk.export import ExportExists, ThreatSelection, default_name, private_folder, write_file
from repdesk.export.redaction import Scrubber, pseudonym
from repdesk.store.engine import Database
from tests.export.export_helpers import build


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_file_is_private_and_exclusive(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "case.md"
    assert write_file("first £", target) == target
    assert target.read_text(encoding="utf-8") == "first £"
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700 and _mode(target.parent.parent) == 0o700
    with pytest.raises(ExportExists, match="already exists"):
        write_file("second", target)
    assert target.read_text(encoding="utf-8") == "first £"
    target.chmod(0o644)
    write_file(b"%PDF third", target, force=True)
    assert target.read_bytes() == b"%PDF third"
    assert _mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["case.md"]


def test_write_file_refuses_a_folder_and_reports_permission_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(RepdeskError, match="is a folder"):
        write_file("x", tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        if (locked / "probe").parent.stat().st_uid == 0 and _can_write_anyway(locked):
            pytest.skip("root ignores folder permissions")
        with pytest.raises(RepdeskError, match="permission denied"):
            write_file("x", locked / "out.md")
    finally:
        locked.chmod(0o700)


def _can_write_anyway(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_text("x")
    except PermissionError:
        return False
    probe.unlink()
    return True


def test_private_folder_leaves_existing_folders_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    made = private_folder(tmp_path / "x" / "y")
    assert made.is_dir() and _mode(made) == 0o700 and _mode(made.parent) == 0o700
    assert _mode(tmp_path) == 0o755


def test_default_names_say_what_and_when_but_never_who(golden_db: Database) -> None:
    assert (
        default_name(build(golden_db, "case", "officer"), "pdf")
        == "case-C-2026-0003-officer-2026-11-22T120000.pdf"
    )
    assert default_name(build(golden_db, "talks", "branch"), "md") == "talks-branch-2026-11-22T120000.md"
    with golden_db.session() as session:
        hugo = export.resolve_member(session, "Hugo Ekwueme")
    chronology = build(golden_db, "threats", "full", selection=ThreatSelection(member_ids=(hugo,)))
    assert default_name(chronology, "csv") == "threats-full-2026-11-22T120000.csv"
    by_case = build(golden_db, "threats", "full", selection=ThreatSelection(case_ref="c-2026-0003"))
    assert default_name(by_case, "csv") == "threats-C-2026-0003-full-2026-11-22T120000.csv"


def test_progress_is_reported(golden_db: Database) -> None:
    seen: list[tuple[int, int]] = []
    with golden_db.session() as session:
        export.build_case_summary(
            session, "C-2026-0003", database=golden_db.path, on_progress=lambda d, t: seen.append((d, t))
        )
        export.build_threat_chronology(
            session, database=golden_db.path, on_progress=lambda d, t: seen.append((d, t))
        )
        export.build_talks_record(
            session, database=golden_db.path, on_progress=lambda d, t: seen.append((d, t))
        )
    assert seen and all(0 < done <= total for done, total in seen)
    assert seen[-1] == (3, 3)  # three talks sessions


def test_unknown_profile_and_format_are_plain_errors(golden_db: Database) -> None:
    with pytest.raises(RepdeskError, match="no redaction profile called 'everyone'"):
        build(golden_db, "case", "everyone")
    with pytest.raises(RepdeskError, match="cannot be written as 'csv'"):
        export.render(build(golden_db, "case", "officer"), "csv")


def test_public_api_names_match_their_modules() -> None:
    assert sorted(export.__all__) == sorted(export._WHERE)
    for name in export.__all__:
        module = importlib.import_module(f"repdesk.export.{export._WHERE[name]}")
        assert getattr(export, name) is getattr(module, name)


def test_pseudonyms_and_scrubber() -> None:
    assert [pseudonym(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "Member A",
        "Member Z",
        "Member AA",
        "Member AB",
        "Member ZZ",
        "Member AAA",
    ]
    scrub = Scrubber(
        {"07700 900123": "[redacted]", "Priya Shah": "Member A", "x": "[redacted]"}, {"Priya": "Member A"}
    )
    assert scrub("Call PRIYA SHAH on 07700 900123x, Priya said; priya or Priyanka? x") == (
        "Call Member A on [redacted]x, Member A said; Member A or Priyanka? x"
    )
    long = "y" * 150
    assert Scrubber({long: "[redacted]"})(f"a{long.upper()}b") == "a[redacted]b"
