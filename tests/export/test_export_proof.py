"""Exports carry the proof (issue 12, item 4): each entry's short hash and the chain head in every
format, full hashes (and, in a full copy, what recomputes them) in JSON, and ``repdesk verify
--export`` checking a copy against the database in a real process."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from repdesk.domain import chain as rules
from repdesk.export import render
from repdesk.export.model import ChronologyEntry, ThreatChronology
from repdesk.export.rendering import formats_for
from repdesk.store import chain
from repdesk.store.engine import Database
from tests.export.export_helpers import build, pdf_text
from tests.helpers.cli import Run, one_line_error, runner
from tests.helpers.raw import tamper as _tamper


def _head_and_entries(db: Database, document: str, profile: str = "officer") -> tuple[Any, list[Any]]:
    doc = build(db, document, profile)
    entries = doc.flat if isinstance(doc, ThreatChronology) else list(getattr(doc, "threats", ()))
    return doc, entries


FORMATS = [(document, fmt) for document in ("threats", "case") for fmt in formats_for(document)]


@pytest.mark.parametrize(("document", "fmt"), FORMATS, ids=lambda v: str(v))
def test_every_format_shows_entry_hashes_and_head(golden_db: Database, document: str, fmt: str) -> None:
    with golden_db.session() as session:
        head = chain.head(session)
        logged = chain.logging_events(session, list(chain.entry_states(session)))
    assert head is not None
    doc, entries = _head_and_entries(golden_db, document)
    assert entries
    data = render(doc, fmt)
    text = pdf_text(data) if isinstance(data, bytes) else data
    flat = " ".join(text.split())
    assert head.short in flat
    for entry in entries:
        assert isinstance(entry, ChronologyEntry) and entry.proof is not None
        assert rules.short(entry.proof.content_hash) in flat, entry.ref
    stored = {event.facts["ref"]: event for event in logged.values()}
    assert {e.ref: e.proof.content_hash for e in entries} == {
        e.ref: stored[e.ref].facts["content"] for e in entries
    }
    if fmt == "json":
        body = json.loads(text)
        assert body["chain"] == {"head": head.full, "short": head.short, "events": head.count}
        listed = body["entries"] if document == "threats" else body["threats"]
        proof = listed[0]["proof"]
        event = stored[listed[0]["ref"]]
        assert (proof["seq"], proof["event_hash"], proof["prev"]) == (event.seq, event.hash, event.prev)
        # An officer copy leaves things out: no salt, no content to recompute from.
        assert "salt" not in proof and "content" not in proof


def _recompute(proof: dict[str, Any]) -> str:
    """What a reader without repdesk does: SHA-256(salt bytes ‖ sorted, compact UTF-8 JSON of the content)."""
    encoded = json.dumps(proof["content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(bytes.fromhex(proof["salt"]) + encoded.encode()).hexdigest()


def test_a_full_copy_recomputes_every_hash_and_a_redacted_one_carries_no_salt(golden_db: Database) -> None:
    full = json.loads(render(build(golden_db, "threats", "full"), "json"))
    flat = [shown for entry in full["entries"] for shown in (entry, *entry["corrections"])]
    assert flat
    for entry in flat:
        assert _recompute(entry["proof"]) == entry["proof"]["content_hash"]
        assert entry["proof"]["content"]["exact_words"] == entry["exact_words"]
    branch = render(build(golden_db, "threats", "branch"), "json")
    assert '"salt"' not in branch and '"content"' not in branch
    for entry in flat:
        assert entry["proof"]["salt"] not in branch
        assert entry["proof"]["content_hash"] in branch


# --------------------------------------------------------------------------- verify --export


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database, made once; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("proof-demo")
    path = folder / "desk.sqlite"
    made = runner(folder)("--db", str(path), "demo", "--members", "30", "--seed", "5")
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture
def desk(demo_file: Path, tmp_path: Path) -> tuple[Run, Path]:
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(demo_file, path)
    return runner(tmp_path), path


def _export(run: Run, path: Path, out: Path, *what: str, profile: str = "officer") -> dict[str, Any]:
    made = run("--db", str(path), "export", *what, "--format", "json", "--profile", profile, "-o", str(out))
    assert made.returncode == 0, made.stderr
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def _verify(run: Run, path: Path, export: Path) -> Any:
    return run("--db", str(path), "verify", "--export", str(export))


def _second(data: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = data["entries"][1]
    return entry


@pytest.mark.parametrize("profile", ["officer", "full", "branch"])
def test_an_export_verifies_and_fails_naming_the_entry_after_one_word_changes(
    desk: tuple[Run, Path], tmp_path: Path, profile: str
) -> None:
    run, path = desk
    out = tmp_path / "threats.json"
    data = _export(run, path, out, "threats", profile=profile)
    ok = _verify(run, path, out)
    assert ok.returncode == 0, ok.stderr
    shown = sum(1 + len(entry["corrections"]) for entry in data["entries"])
    assert ok.stdout.startswith(f"The export matches this database: {shown} entries")
    assert data["chain"]["short"] in ok.stdout

    entry = _second(data)
    words = entry["exact_words"].split(" ")
    words[1] = "never"
    entry["exact_words"] = " ".join(words)
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    line = one_line_error(_verify(run, path, changed), 1)
    assert f"entry {entry['ref']} (no. {entry['number']} in the export) differs" in line
    assert "never" not in line  # what the rep recorded never reaches the terminal


def test_a_word_changed_in_the_database_is_named(desk: tuple[Run, Path], tmp_path: Path) -> None:
    run, path = desk
    out = tmp_path / "threats.json"
    data = _export(run, path, out, "threats", profile="branch")
    entry = _second(data)
    _tamper(
        path,
        "UPDATE threat_entry SET exact_words = replace(exact_words, ' ', ' not ') "
        f"WHERE ref = '{entry['ref']}'",
    )
    line = one_line_error(_verify(run, path, out), 1)
    assert f"entry {entry['ref']} (no. {entry['number']} in the export) differs" in line
    assert "database" in line


def test_an_entry_gone_from_the_database_is_named_missing(desk: tuple[Run, Path], tmp_path: Path) -> None:
    run, path = desk
    out = tmp_path / "threats.json"
    data = _export(run, path, out, "threats")
    last = data["entries"][-1]
    _tamper(path, f"DELETE FROM threat_entry WHERE ref = '{last['ref']}'")
    line = one_line_error(_verify(run, path, out), 1)
    assert f"entry {last['ref']} (no. {last['number']} in the export) is missing" in line


def test_a_case_summary_verifies(desk: tuple[Run, Path], tmp_path: Path) -> None:
    run, path = desk
    conn = sqlite3.connect(path)
    (ref,) = conn.execute(
        "SELECT c.ref FROM member_case c JOIN threat_case t ON t.case_id = c.id ORDER BY c.id LIMIT 1"
    ).fetchone()
    conn.close()
    out = tmp_path / "case.json"
    data = _export(run, path, out, "case", ref)
    assert data["threats"] and all("proof" in entry for entry in data["threats"])
    ok = _verify(run, path, out)
    assert ok.returncode == 0, ok.stderr
    data["threats"][0]["context"] += " Later."
    out.write_text(json.dumps(data), encoding="utf-8")
    assert data["threats"][0]["ref"] in one_line_error(_verify(run, path, out), 1)


def test_a_subject_access_copy_verifies(desk: tuple[Run, Path], tmp_path: Path) -> None:
    run, path = desk
    conn = sqlite3.connect(path)
    (number,) = conn.execute(
        "SELECT m.membership_no FROM member m JOIN threat_member t ON t.member_id = m.id "
        "ORDER BY m.id LIMIT 1"
    ).fetchone()
    conn.close()
    out = tmp_path / "member.json"
    made = run("--db", str(path), "export", "member", number, "--format", "json", "-o", str(out))
    assert made.returncode == 0, made.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["threats"] and all("proof" in entry for entry in data["threats"])
    ok = _verify(run, path, out)
    assert ok.returncode == 0, ok.stderr
    data["threats"][0]["exact_words"] += " Later."
    out.write_text(json.dumps(data), encoding="utf-8")
    assert data["threats"][0]["ref"] in one_line_error(_verify(run, path, out), 1)


def test_a_file_that_is_not_an_export_is_a_usage_error(desk: tuple[Run, Path], tmp_path: Path) -> None:
    run, path = desk
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert "not a repdesk export" in one_line_error(_verify(run, path, other), 2)
    talks = tmp_path / "talks.json"
    _export(run, path, talks, "talks")
    assert "not a threat chronology, case summary or subject access copy" in one_line_error(
        _verify(run, path, talks), 2
    )
    assert "no file" in one_line_error(_verify(run, path, tmp_path / "absent.json"), 2)
