"""Encryption at rest on the command line (issue 13, item 1): init, encrypt, passphrase, decrypt, and
every other command on an encrypted file, through a real process with no terminal."""

# ruff: noqa: F811  (the shared fixtures are imported by name and taken as arguments)

from __future__ import annotations

import hashlib
import io
import os
import pty
import re
import select
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from repdesk.cli import passphrase as passphrases
from repdesk.cli import run
from repdesk.store import cipher
from repdesk.store.engine import open_database
from tests.helpers import TODAY_ISO
from tests.helpers.cli import Run, one_line_error
from tests.helpers.factories import make_case, make_member, make_threat
from tests.store.test_encryption import derivations  # noqa: F401
from tests.test_cli import home, repdesk  # noqa: F401

PASSPHRASE = "marmalade tractor evening"  # noqa: S105  (a test file's own, made up)
NEW = "quince lighthouse morning"
MARKER = "Qzxclimarker"
"""A word in the casework, found in no byte of an encrypted file."""

LETTER = b"Dear colleague, your pay will be docked. Qzxletterbytes\n"


def _secret(folder: Path, name: str, text: str) -> Path:
    """A passphrase file (0600, as a rep would keep it)."""
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def _env(text: str = PASSPHRASE) -> dict[str, str]:
    return {"REPDESK_PASSPHRASE": text}


def _fill(path: Path, key: cipher.Key | None) -> tuple[str, str]:
    """Casework with the marker in it, written through the services: (the case's ref, the threat's ref)."""
    db = open_database(path, key=key)
    try:
        with db.transaction() as s:
            member = make_member(s, name=f"Priya {MARKER}", membership_no="PCS-771234")
            case = make_case(s, member, title="Office days", summary=f"The facts: {MARKER}.")
            threat = make_threat(
                s, exact_words=f"Pay docked, {MARKER}", member_ids=[member.id], case_ids=[case.id]
            )
            return case.ref, threat.ref
    finally:
        db.close()


def _plaintext(folder: Path, word: bytes = MARKER.encode()) -> list[str]:
    """The files under ``folder`` whose bytes hold ``word``."""
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and word in p.read_bytes())


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[Path, str, str]:
    """An encrypted file with a case and a threat entry: (its path, the case's ref, the threat's ref)."""
    path = tmp_path / "desk" / "e.sqlite"
    ref, threat = _fill(path, cipher.new_key(PASSPHRASE))
    return path, ref, threat


def test_init_encrypt_with_a_passphrase_file(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "desk" / "new.sqlite"
    secret = _secret(tmp_path, "pass.txt", PASSPHRASE)

    made = repdesk("--db", str(path), "init", "--encrypt", "--passphrase-file", str(secret))
    assert made.returncode == 0, made.stderr
    assert f"Created {path}, encrypted." in made.stdout
    assert cipher.state(path) is cipher.FileState.ENCRYPTED
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"), sqlite3.connect(path) as raw:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()

    located = repdesk("--db", str(path), "locate")
    assert located.returncode == 0, located.stderr
    assert f"{path}  (chosen by --db; encrypted)" in located.stdout

    # The option is taken before the command as well as after it.
    summary = repdesk("--passphrase-file", str(secret), "--db", str(path), "summary")
    assert summary.returncode == 0, summary.stderr
    assert "0 members, 0 cases" in summary.stdout

    before = path.read_bytes()
    again = repdesk("--db", str(path), "init", "--encrypt", "--passphrase-file", str(secret))
    assert "already exists; nothing was changed" in one_line_error(again, 1)
    plain_again = repdesk("--db", str(path), "init")
    assert "already exists; nothing was changed" in one_line_error(plain_again, 1)
    assert path.read_bytes() == before


def test_init_encrypt_from_the_environment_and_plain_init(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "env.sqlite"
    made = repdesk("--db", str(path), "init", "--encrypt", extra_env=_env())
    assert made.returncode == 0, made.stderr
    assert cipher.state(path) is cipher.FileState.ENCRYPTED
    assert repdesk("--db", str(path), "summary", extra_env=_env()).returncode == 0

    plain = tmp_path / "plain.sqlite"
    made = repdesk("--db", str(plain), "init")
    assert made.returncode == 0, made.stderr
    assert "not encrypted. Encrypting it is recommended: `repdesk encrypt`" in made.stdout
    assert cipher.state(plain) is cipher.FileState.PLAIN
    assert "(chosen by --db; not encrypted)" in repdesk("--db", str(plain), "locate").stdout


def test_demo_fresh_on_an_encrypted_file_keeps_it_encrypted(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    assert repdesk("--db", str(path), "init", "--encrypt", extra_env=_env()).returncode == 0
    assert repdesk("--db", str(path), "demo", "--members", "20", extra_env=_env()).returncode == 0
    again = repdesk("--db", str(path), "demo", "--members", "20", "--fresh", extra_env=_env())
    assert again.returncode == 0, again.stderr
    assert cipher.state(path) is cipher.FileState.ENCRYPTED
    copies = list((tmp_path / "backups").glob("demo-*-before-fresh.sqlite"))
    assert copies and all(cipher.state(copy) is cipher.FileState.ENCRYPTED for copy in copies)
    assert repdesk("--db", str(path), "verify", extra_env=_env()).returncode == 0


def test_a_wrong_or_missing_passphrase_is_one_line(
    repdesk: Run, tmp_path: Path, encrypted: tuple[Path, str, str]
) -> None:
    path, _ref, _threat = encrypted
    before = path.read_bytes()
    wrong_file = _secret(tmp_path, "wrong.txt", NEW)
    for result in (
        repdesk("--db", str(path), "summary", extra_env=_env(NEW)),
        repdesk("--db", str(path), "summary", "--passphrase-file", str(wrong_file)),
        repdesk("--db", str(path), "backup", extra_env=_env(NEW)),
    ):
        line = one_line_error(result, 1)
        assert "That passphrase does not open" in line and NEW not in result.stderr
    line = one_line_error(repdesk("--db", str(path), "summary"), 1)
    assert "is encrypted and there is no terminal to ask on" in line
    assert "--passphrase-file" in line and "REPDESK_PASSPHRASE" in line
    missing = one_line_error(
        repdesk("--db", str(path), "summary", "--passphrase-file", str(tmp_path / "nope")), 1
    )
    assert "there is no such file" in missing
    assert path.read_bytes() == before
    assert not (path.parent / "backups").exists()


def test_a_too_short_passphrase_is_refused(
    repdesk: Run, tmp_path: Path, encrypted: tuple[Path, str, str]
) -> None:
    path = tmp_path / "short.sqlite"
    line = one_line_error(repdesk("--db", str(path), "init", "--encrypt", extra_env=_env("short")), 1)
    assert "too short" in line and "Nothing was changed" in line
    assert cipher.state(path) is cipher.FileState.MISSING

    existing, _ref, _threat = encrypted
    short = _secret(tmp_path, "short.txt", "abc")
    changed = repdesk(
        "--db", str(existing), "passphrase", "--new-passphrase-file", str(short), extra_env=_env()
    )
    assert "too short" in one_line_error(changed, 1)
    assert repdesk("--db", str(existing), "summary", extra_env=_env()).returncode == 0


def test_encrypt_a_plain_file_end_to_end(repdesk: Run, tmp_path: Path) -> None:
    path = tmp_path / "desk" / "p.sqlite"
    ref, _threat = _fill(path, None)
    backed = repdesk("--db", str(path), "backup")
    assert backed.returncode == 0, backed.stderr
    (manual,) = (tmp_path / "desk" / "backups").iterdir()
    assert _plaintext(path.parent) == sorted([path.name, manual.name])

    done = repdesk("--db", str(path), "encrypt", extra_env=_env())
    assert done.returncode == 0, done.stderr
    assert f"Encrypted {path}. The plain original was overwritten and removed." in done.stdout
    assert "These older backups are NOT encrypted" in done.stdout
    assert f"  {manual}" in done.stdout.splitlines()
    assert manual.exists()
    assert _plaintext(path.parent) == [manual.name]
    assert "(chosen by --db; encrypted)" in repdesk("--db", str(path), "locate").stdout

    summary = repdesk("--db", str(path), "summary", extra_env=_env())
    assert summary.returncode == 0, summary.stderr
    assert "1 members, 1 cases, 1 threat entries" in summary.stdout
    exported = repdesk(
        "--db", str(path), "export", "case", ref, "--format", "md", "-o", "-", extra_env=_env()
    )
    assert MARKER in exported.stdout
    again = repdesk("--db", str(path), "encrypt", extra_env=_env(NEW))
    assert "already encrypted" in one_line_error(again, 1)


def test_change_the_passphrase_end_to_end(
    repdesk: Run, tmp_path: Path, encrypted: tuple[Path, str, str]
) -> None:
    path, _ref, _threat = encrypted
    # The current passphrase from the environment is never taken as the new one too.
    unasked = repdesk("--db", str(path), "passphrase", extra_env=_env())
    assert "give it with --new-passphrase-file PATH." in one_line_error(unasked, 1)
    new_file = _secret(tmp_path, "new.txt", NEW)
    changed = repdesk(
        "--db", str(path), "passphrase", "--new-passphrase-file", str(new_file), extra_env=_env()
    )
    assert changed.returncode == 0, changed.stderr
    assert "Changed the passphrase" in changed.stdout

    assert "does not open" in one_line_error(repdesk("--db", str(path), "summary", extra_env=_env()), 1)
    assert repdesk("--db", str(path), "summary", extra_env=_env(NEW)).returncode == 0
    assert _plaintext(path.parent) == []

    plain = tmp_path / "plain.sqlite"
    _fill(plain, None)
    refused = repdesk("--db", str(plain), "passphrase", "--new-passphrase-file", str(new_file))
    assert "is not encrypted" in one_line_error(refused, 1)


def test_decrypt_to_a_new_plain_file(repdesk: Run, tmp_path: Path, encrypted: tuple[Path, str, str]) -> None:
    path, ref, _threat = encrypted
    target = tmp_path / "away" / "plain.sqlite"
    target.parent.mkdir()

    made = repdesk("--db", str(path), "decrypt", "--to", str(target), extra_env=_env())
    assert made.returncode == 0, made.stderr
    assert f"Wrote a plain copy to {target}" in made.stdout
    assert cipher.state(target) is cipher.FileState.PLAIN
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT ref, summary FROM member_case").fetchall() == [
            (ref, f"The facts: {MARKER}.")
        ]
    assert repdesk("--db", str(target), "verify").returncode == 0

    before = target.read_bytes()
    again = repdesk("--db", str(path), "decrypt", "--to", str(target), extra_env=_env())
    assert "already exists" in one_line_error(again, 1)
    assert target.read_bytes() == before
    wrong = repdesk("--db", str(path), "decrypt", "--to", str(tmp_path / "other.sqlite"), extra_env=_env(NEW))
    assert "does not open" in one_line_error(wrong, 1)
    assert not (tmp_path / "other.sqlite").exists()


def test_every_command_works_on_an_encrypted_file(
    repdesk: Run, tmp_path: Path, encrypted: tuple[Path, str, str]
) -> None:
    path, ref, threat = encrypted
    db = ["--db", str(path)]

    summary = repdesk(*db, "summary", extra_env=_env())
    assert summary.returncode == 0, summary.stderr
    assert "1 members, 1 cases, 1 threat entries" in summary.stdout
    assert "WARNING" not in summary.stdout

    verified = repdesk(*db, "verify", extra_env=_env())
    assert verified.returncode == 0, verified.stderr
    assert "The threat log verifies" in verified.stdout

    profiled = repdesk(*db, "profile", "--name", "Sam Rep", "--union", "PCS", extra_env=_env())
    assert profiled.returncode == 0, profiled.stderr
    assert "Sam Rep" in repdesk(*db, "profile", extra_env=_env()).stdout

    out = tmp_path / "out"
    for document in (["case", ref], ["threats"], ["member", "PCS-771234"]):
        target = out / f"{document[0]}.md"
        exported = repdesk(*db, "export", *document, "--format", "md", "-o", str(target), extra_env=_env())
        assert exported.returncode == 0, exported.stderr
        assert MARKER in target.read_text(encoding="utf-8"), document

    letter = tmp_path / "letter.txt"
    letter.write_bytes(LETTER)
    sha = hashlib.sha256(LETTER).hexdigest()
    added = repdesk(*db, "evidence", "add", threat, str(letter), extra_env=_env())
    assert added.returncode == 0, added.stderr
    listed = repdesk(*db, "evidence", "list", threat, extra_env=_env())
    assert listed.returncode == 0 and f"{sha[:12]}  letter.txt" in listed.stdout
    got = repdesk(*db, "evidence", "get", sha[:8], "-o", str(out / "copy.txt"), extra_env=_env())
    assert got.returncode == 0, got.stderr
    assert (out / "copy.txt").read_bytes() == LETTER

    backed = repdesk(*db, "backup", extra_env=_env())
    assert backed.returncode == 0, backed.stderr
    (copy,) = (path.parent / "backups").glob("e-*-manual.sqlite")
    assert cipher.state(copy) is cipher.FileState.ENCRYPTED
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert repdesk("--db", str(copy), "verify", extra_env=_env()).returncode == 0

    assert _plaintext(path.parent) == []
    assert _plaintext(path.parent, b"Qzxletterbytes") == []


def test_a_command_derives_the_key_once(
    monkeypatch: pytest.MonkeyPatch, encrypted: tuple[Path, str, str], derivations: list[int]
) -> None:
    path, ref, _threat = encrypted
    monkeypatch.setenv("REPDESK_PASSPHRASE", PASSPHRASE)
    derivations.clear()  # the fixture's file was made with a key of its own
    monkeypatch.setattr(passphrases, "_keys", {})  # what this process derives is forgotten after the test
    out, err = io.StringIO(), io.StringIO()
    # An export opens the file, reads it over several sessions and checks the chain.
    code = run(["--db", str(path), "export", "case", ref, "--format", "md", "-o", "-"], out=out, err=err)
    assert code == 0, err.getvalue()
    assert MARKER in out.getvalue()
    assert derivations == [cipher.KDF_ITERATIONS]


PROMPT = re.compile(rb"(?:Passphrase[^\r\n]*?|Again): ")
"""What repdesk asks on a terminal: "Passphrase for PATH: ", "Passphrase for the new file: ", "Again: "."""


def _on_a_terminal(
    home: Path, args: list[str], answers: list[str], *, meanwhile: str = ""
) -> tuple[int, str, float]:
    """Run repdesk on a terminal of its own, typing the next answer at each prompt.

    ``meanwhile`` is typed as soon as repdesk says it waits (a rep typing ahead).
    Returns the exit code, everything the terminal showed, and how long it took.
    """
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "REPDESK_TODAY": TODAY_ISO}
    for name in ("REPDESK_DB", "REPDESK_DEBUG", "REPDESK_PASSPHRASE"):
        env.pop(name, None)
    main, terminal = pty.openpty()
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "repdesk", *args], stdin=terminal, stdout=terminal, stderr=terminal, env=env
    )
    os.close(terminal)
    shown, typed = b"", 0
    try:
        while time.monotonic() - started < 60:
            if not select.select([main], [], [], 0.2)[0]:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal is closed: the command is done
                break
            shown += chunk
            if meanwhile and b"try again in" in shown:
                os.write(main, meanwhile.encode() + b"\n")
                meanwhile = ""
            while typed < len(answers) and len(PROMPT.findall(shown)) > typed:
                os.write(main, answers[typed].encode() + b"\n")
                typed += 1
        code = proc.wait(timeout=30)
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
    return code, shown.decode(errors="replace").replace("\r\n", "\n"), time.monotonic() - started


def test_a_terminal_is_asked_again_after_a_growing_wait(home: Path, encrypted: tuple[Path, str, str]) -> None:
    path, _ref, _threat = encrypted
    code, shown, took = _on_a_terminal(
        home, ["--db", str(path), "summary"], [NEW, NEW, PASSPHRASE], meanwhile="typedwhilewaiting"
    )
    assert code == 0, shown
    assert shown.count(f"Passphrase for {path}: ") == 3
    waits = re.findall(r"That passphrase does not open it; try again in (\d+) s\.", shown)
    assert waits == ["1", "2"]
    assert took >= 3
    assert "1 members, 1 cases, 1 threat entries" in shown
    # Nothing typed is echoed, not even while repdesk waits; what was typed then is dropped, not tried.
    assert NEW not in shown and PASSPHRASE not in shown and "typedwhilewaiting" not in shown

    code, shown, _took = _on_a_terminal(home, ["--db", str(path), "summary"], [NEW, NEW, NEW])
    assert code == 1
    assert shown.rstrip().splitlines()[-1].startswith("repdesk: That passphrase does not open")
    assert "Traceback" not in shown and NEW not in shown


def test_init_encrypt_asks_twice_on_a_terminal(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "asked.sqlite"
    code, shown, _took = _on_a_terminal(home, ["--db", str(path), "init", "--encrypt"], [PASSPHRASE, NEW])
    assert code == 1
    assert "repdesk: The two passphrases differ; nothing was changed." in shown
    assert cipher.state(path) is cipher.FileState.MISSING

    code, shown, _took = _on_a_terminal(
        home, ["--db", str(path), "init", "--encrypt"], [PASSPHRASE, PASSPHRASE]
    )
    assert code == 0, shown
    assert "Passphrase for the new file: " in shown and "Again: " in shown
    assert cipher.state(path) is cipher.FileState.ENCRYPTED
    code, shown, _took = _on_a_terminal(home, ["--db", str(path), "summary"], [PASSPHRASE])
    assert code == 0, shown
