"""Encryption at rest (issue 13, item 1): an encrypted file holds no plaintext, and works like a plain one.

Every test uses real files in ``tmp_path``. A marker word is written through
every service into the file; a plain file run the same way shows each marker in
its bytes, so the encrypted file's clean bytes are not an accident of how the
values are stored.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from repdesk.domain.enums import OfferKind, TimelineKind
from repdesk.export import build_subject_access, render
from repdesk.store import chain, cipher, evidence, migrate, saved_filters, search
from repdesk.store.encryption import change_passphrase, decrypt_copy, encrypt_file
from repdesk.store.engine import Database, FileInUse, open_database
from repdesk.store.errors import DatabaseUnavailable
from repdesk.store.migrate import current_revision, head
from repdesk.store.models import AttachmentCreate
from tests.export.export_helpers import build
from tests.helpers.factories import (
    ident,
    make_action_point,
    make_case,
    make_deadline,
    make_member,
    make_offer,
    make_talks_session,
    make_threat,
    make_timeline_entry,
)
from tests.store.store_helpers import evidence_file, file_mode, save_profile

PASSPHRASE = "marmalade tractor evening"  # noqa: S105  (a test file's own, made up)
OTHER = "quince lighthouse morning"

PLACES = (
    "membername",
    "memberemail",
    "memberadjustments",
    "memberplan",
    "membernotes",
    "casetitle",
    "casesummary",
    "casenext",
    "timelinesummary",
    "timelinebody",
    "deadlinewhat",
    "deadlinenotes",
    "evidencebytes",
    "evidencedescription",
    "threatwords",
    "threatcontext",
    "threatby",
    "sessionnotes",
    "sessionagenda",
    "offertext",
    "actiontext",
    "actionowner",
    "savedfilter",
    "profilename",
    "profilebranch",
)
MARK = {place: f"Qzx{place}" for place in PLACES}
"""One word per place a rep's value goes, none of which repdesk itself ever writes."""

EXPORTED = [place for place in PLACES if not place.startswith(("evidencebytes", "savedfilter", "profile"))]
"""The markers a full export carries: it lists evidence, not its bytes; filters and profile stay home."""

SEARCHED = {
    search.Kind.CASE: "casesummary",
    search.Kind.TIMELINE: "timelinebody",
    search.Kind.THREAT: "threatwords",
    search.Kind.SESSION: "sessionnotes",
    search.Kind.OFFER: "offertext",
    search.Kind.ACTION: "actiontext",
}


def _fill(db: Database, outside: Path) -> tuple[str, str]:
    """Write a marker through every service; returns (the case's ref, the evidence file's SHA-256)."""
    content = f"A letter from HR: {MARK['evidencebytes']}.\n".encode()
    outside.mkdir(exist_ok=True)
    letter = evidence_file(outside, "letter.txt", content)
    save_profile(db, name=f"Sam {MARK['profilename']}", branch=MARK["profilebranch"])
    with db.transaction() as s:
        member = make_member(
            s,
            name=f"Priya {MARK['membername']}",
            email=f"{MARK['memberemail'].lower()}@example.org",
            adjustments=MARK["memberadjustments"],
            flexible_plan=MARK["memberplan"],
            notes=MARK["membernotes"],
        )
        case = make_case(
            s,
            member,
            title=f"Office days {MARK['casetitle']}",
            summary=f"The facts {MARK['casesummary']}",
            next_action=MARK["casenext"],
        )
        make_timeline_entry(
            s,
            case,
            summary=MARK["timelinesummary"],
            body=f"Rang {MARK['timelinebody']}",
            kind=TimelineKind.CALL,
        )
        make_deadline(s, case, what=MARK["deadlinewhat"], notes=MARK["deadlinenotes"])
        assert case.id is not None
        evidence.attach_to_case(
            s, case.id, AttachmentCreate(path=str(letter), description=MARK["evidencedescription"])
        )
        make_threat(
            s,
            exact_words=f"Pay docked {MARK['threatwords']}",
            context=MARK["threatcontext"],
            made_by=f"Supt {MARK['threatby']}",
            member_ids=[ident(member)],
            case_ids=[ident(case)],
        )
        talk = make_talks_session(s, notes=f"Said {MARK['sessionnotes']}", agenda=MARK["sessionagenda"])
        make_offer(s, talk, kind=OfferKind.OFFER, text=f"Three days {MARK['offertext']}")
        make_action_point(s, talk, text=f"Send {MARK['actiontext']}", owner=MARK["actionowner"])
        saved_filters.save_filter(s, "cases", "mine", f"status:open {MARK['savedfilter']}")
        return case.ref, hashlib.sha256(content).hexdigest()


def _filled(path: Path, key: cipher.Key | None, outside: Path) -> tuple[str, str]:
    """A new file at ``path`` (encrypted if ``key``) with every marker written and closed; see ``_fill``."""
    db = open_database(path, key=key)
    try:
        return _fill(db, outside)
    finally:
        db.close()


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _markers_in(folder: Path, *, leaving_out: tuple[Path, ...] = ()) -> dict[str, list[str]]:
    """Each marker found in the bytes of any file under ``folder`` (as UTF-8 or UTF-16), with where."""
    found: dict[str, list[str]] = {}
    for path in _files(folder):
        if path in leaving_out:
            continue
        data = path.read_bytes()
        for place, word in MARK.items():
            if any(form in data for form in (word.encode(), word.lower().encode(), word.encode("utf-16-le"))):
                found.setdefault(place, []).append(path.name)
    return found


def _exports(db: Database, ref: str) -> str:
    """Every document a full export makes from ``db``, as JSON text, joined."""
    documents = [build(db, "case", "full", ref=ref), build(db, "threats", "full"), build(db, "talks", "full")]
    with db.session() as s:
        documents.append(build_subject_access(s, f"Priya {MARK['membername']}", database=db.path))
    return "\n".join(str(render(document, "json")) for document in documents)


def _works(db: Database, ref: str, sha: str) -> None:
    """``db`` (closed after) is at head; search, the chain, evidence, filters and exports all work on it."""
    try:
        assert current_revision(db.engine) == head()
        with db.session() as s:
            for kind, place in SEARCHED.items():
                assert {hit.kind for hit in search.search(s, MARK[place])} == {kind}, place
            verdict = chain.verify(s)
            assert verdict.failure is None and verdict.count > 0
            assert MARK["evidencebytes"].encode() in evidence.checked_content(s, sha)
            assert [f.query for f in saved_filters.list_filters(s, "cases")] == [
                f"status:open {MARK['savedfilter']}"
            ]
        exported = _exports(db, ref)
        assert [place for place in EXPORTED if MARK[place].lower() not in exported.lower()] == []
    finally:
        db.close()


def _opened(path: Path, passphrase: str = PASSPHRASE) -> Database:
    return open_database(path, key=cipher.key_for(path, passphrase))


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """The folder the rep's file (and its WAL, lock and backups) lives in."""
    return tmp_path / "desk"


def test_a_plain_file_shows_every_marker_in_its_bytes(desk: Path, tmp_path: Path) -> None:
    """The control: without encryption, each marker written is there to be found."""
    db = open_database(desk / "x.sqlite")
    try:
        _fill(db, tmp_path / "outside")
        migrate.backup(db.path, desk / "backups", "manual")
        assert set(_markers_in(desk)) == set(PLACES)
    finally:
        db.close()
    assert set(_markers_in(desk)) == set(PLACES)


def test_an_encrypted_file_holds_no_plaintext_and_works_with_its_key(desk: Path, tmp_path: Path) -> None:
    path = desk / "x.sqlite"
    db = open_database(path, key=cipher.new_key(PASSPHRASE))
    try:
        assert db.encrypted
        ref, sha = _fill(db, tmp_path / "outside")
        copy = migrate.backup(path, desk / "backups", "manual", db.key)
        # Open, with the WAL holding the writes: no page of the file, its WAL or the backup is plain.
        assert Path(f"{path}-wal").stat().st_size > 0
        assert _markers_in(desk) == {}
    finally:
        db.close()
    assert _markers_in(desk) == {}
    for encrypted in (path, copy):
        assert cipher.state(encrypted) is cipher.FileState.ENCRYPTED
        assert file_mode(encrypted) == 0o600
        with (
            pytest.raises(sqlite3.DatabaseError, match="file is not a database"),
            sqlite3.connect(encrypted) as raw,
        ):
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()

    for opened in (path, copy):
        _works(_opened(opened), ref, sha)


def test_an_encrypted_file_is_refused_without_its_key(desk: Path, tmp_path: Path) -> None:
    path = desk / "x.sqlite"
    open_database(path, key=cipher.new_key(PASSPHRASE)).close()
    before = path.read_bytes()
    with pytest.raises(cipher.NeedsPassphrase, match="is encrypted"):
        open_database(path)
    with pytest.raises(cipher.WrongPassphrase, match="does not open"):
        _opened(path, OTHER)
    assert path.read_bytes() == before

    plain = tmp_path / "plain.sqlite"
    open_database(plain).close()
    with pytest.raises(cipher.NotEncrypted, match="not encrypted"):
        open_database(plain, key=cipher.new_key(PASSPHRASE))
    assert cipher.state(plain) is cipher.FileState.PLAIN


def test_the_key_never_shows() -> None:
    key = cipher.new_key(PASSPHRASE)
    assert "<hidden>" in repr(key) and key.salt.hex() not in repr(key) and str(key) == repr(key)


def _downgrade(path: Path, key: cipher.Key | None, revision: str) -> None:
    """Take the file at ``path`` down to ``revision`` with Alembic, as an older repdesk left it."""
    from alembic import command

    from repdesk.store.engine import make_engine

    engine = make_engine(path, key)
    try:
        with engine.execution_options(repdesk_write=True).connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
            command.downgrade(migrate.alembic_config(conn), revision)
            conn.commit()
        assert current_revision(engine) == revision
    finally:
        engine.dispose()


def _older() -> str:
    """The revision before head."""
    return f"{int(head()) - 1:04d}"


def test_an_encrypted_file_at_an_older_schema_is_upgraded_with_an_encrypted_copy(
    desk: Path, tmp_path: Path
) -> None:
    path = desk / "x.sqlite"
    ref, sha = _filled(path, cipher.new_key(PASSPHRASE), tmp_path / "outside")
    key = cipher.key_for(path, PASSPHRASE)
    _downgrade(path, key, _older())
    assert not (desk / "backups").exists()

    _works(open_database(path, key=key, backups=desk / "backups"), ref, sha)
    (copy,) = _files(desk / "backups")
    assert copy.name.endswith(f"-before-{head()}.sqlite")
    assert cipher.state(copy) is cipher.FileState.ENCRYPTED
    assert _markers_in(desk) == {}
    # The copy is the file as it was, under the same passphrase.
    raw = cipher.connect(copy, cipher.key_for(copy, PASSPHRASE))
    try:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (_older(),)
        assert raw.execute("SELECT ref FROM member_case").fetchall() == [(ref,)]
    finally:
        raw.close()


def test_encrypting_a_plain_file_leaves_no_plaintext_but_the_backups_it_lists(
    desk: Path, tmp_path: Path
) -> None:
    path = desk / "x.sqlite"
    backups = desk / "backups"
    ref, sha = _filled(path, None, tmp_path / "outside")
    manual = migrate.backup(path, backups, "manual")
    # Left at an older schema, so encrypting first upgrades it, taking a plain copy to remove too.
    _downgrade(path, None, _older())
    assert set(_markers_in(desk)) == set(PLACES)

    done = encrypt_file(path, cipher.new_key(PASSPHRASE), backups)

    assert done.unvouched == [manual]
    assert manual.exists() and cipher.state(manual) is cipher.FileState.PLAIN
    pre_upgrade = [p for p in done.removed if p.parent == backups]
    assert [p.name.endswith(f"-before-{head()}.sqlite") for p in pre_upgrade] == [True]
    assert not any(p.exists() for p in done.removed)
    assert _markers_in(desk, leaving_out=(manual,)) == {}
    assert {p.name for p in _files(desk)} == {"x.sqlite", "x.sqlite-lock", manual.name}
    assert cipher.state(path) is cipher.FileState.ENCRYPTED and file_mode(path) == 0o600

    _works(_opened(path), ref, sha)
    with pytest.raises(DatabaseUnavailable, match="already encrypted"):
        encrypt_file(path, cipher.new_key(OTHER), backups)


def test_changing_the_passphrase(desk: Path, tmp_path: Path) -> None:
    path = desk / "x.sqlite"
    ref, sha = _filled(path, cipher.new_key(PASSPHRASE), tmp_path / "outside")
    old_salt = path.read_bytes()[:16]

    with pytest.raises(cipher.WrongPassphrase):
        change_passphrase(path, cipher.key_for(path, OTHER), cipher.new_key("anything at all"))
    change_passphrase(path, cipher.key_for(path, PASSPHRASE), cipher.new_key(OTHER))

    assert path.read_bytes()[:16] != old_salt
    with pytest.raises(cipher.WrongPassphrase):
        _opened(path, PASSPHRASE)
    _works(_opened(path, OTHER), ref, sha)
    assert _markers_in(desk) == {}
    assert not path.with_name(path.name + ".converting").exists()


def test_a_plain_copy_is_private_and_never_replaces_a_file(desk: Path, tmp_path: Path) -> None:
    path = desk / "x.sqlite"
    ref, sha = _filled(path, cipher.new_key(PASSPHRASE), tmp_path / "outside")
    key = cipher.key_for(path, PASSPHRASE)
    target = tmp_path / "away" / "plain.sqlite"
    target.parent.mkdir()

    with pytest.raises(cipher.WrongPassphrase):
        decrypt_copy(path, cipher.key_for(path, OTHER), target)
    assert not target.exists()
    decrypt_copy(path, key, target)

    assert cipher.state(target) is cipher.FileState.PLAIN and file_mode(target) == 0o600
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT ref, summary FROM member_case").fetchall() == [
            (ref, f"The facts {MARK['casesummary']}")
        ]
    _works(open_database(target), ref, sha)
    assert cipher.state(path) is cipher.FileState.ENCRYPTED

    before = target.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="already exists"):
        decrypt_copy(path, key, target)
    assert target.read_bytes() == before


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts every PBKDF2 run in this process (``hashlib.pbkdf2_hmac``, which ``cipher.derive`` calls)."""
    counted: list[int] = []
    real = hashlib.pbkdf2_hmac

    def counting(name: str, password: bytes, salt: bytes, iterations: int, dklen: int | None = None) -> bytes:
        counted.append(iterations)
        return real(name, password, salt, iterations, dklen)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    yield counted


def _use_connections(engine: Engine, threads: int) -> list[int]:
    """Read from ``threads`` threads at once, each on a connection of its own; the counts they read."""
    read: list[int] = []
    start = threading.Barrier(threads)

    def reader() -> None:
        with engine.connect() as conn:
            start.wait(timeout=30)
            read.append(int(conn.exec_driver_sql("SELECT count(*) FROM member").scalar_one()))

    workers = [threading.Thread(target=reader) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return read


def test_the_key_is_derived_once_per_process(desk: Path, tmp_path: Path, derivations: list[int]) -> None:
    path = desk / "x.sqlite"
    _filled(path, cipher.new_key(PASSPHRASE), tmp_path / "outside")
    assert derivations == [cipher.KDF_ITERATIONS]
    derivations.clear()

    db = _opened(path)
    try:
        for _ in range(3):
            with db.session() as s:
                assert [hit.kind for hit in search.search(s, MARK["casesummary"])] == [search.Kind.CASE]
            db.engine.dispose()  # every session after this one gets a new connection
        # Four connections at once: more than the pool keeps, so some are new.
        assert _use_connections(db.engine, 4) == [1, 1, 1, 1]
        migrate.backup(path, desk / "backups", "manual", db.key)
    finally:
        db.close()
    assert derivations == [cipher.KDF_ITERATIONS]


def test_no_conversion_while_the_file_is_open(desk: Path, tmp_path: Path) -> None:
    """A desk left open would go on writing to the file a conversion replaced: refused, nothing changed."""
    plain, locked = desk / "plain.sqlite", desk / "locked.sqlite"
    ref, sha = _filled(plain, None, tmp_path / "outside")
    _filled(locked, cipher.new_key(PASSPHRASE), tmp_path / "outside")
    held = [open_database(plain), _opened(locked)]
    try:
        with pytest.raises(FileInUse):
            encrypt_file(plain, cipher.new_key(PASSPHRASE), desk / "backups")
        with pytest.raises(FileInUse):
            change_passphrase(locked, cipher.key_for(locked, PASSPHRASE), cipher.new_key(OTHER))
    finally:
        for db in held:
            db.close()
    assert cipher.state(plain) is cipher.FileState.PLAIN
    assert not [p for p in _files(desk) if p.name.endswith(".converting")]
    _works(open_database(plain), ref, sha)
    _works(_opened(locked), ref, sha)


def test_what_is_not_a_database_is_never_taken_for_an_encrypted_one(tmp_path: Path) -> None:
    """Only whole pages without SQLite's header may be an encrypted file; the rest is said to be damaged."""
    shopping = tmp_path / "list.sqlite"
    shopping.write_bytes(b"eggs, milk, a new union banner\n" * 100)
    assert cipher.state(shopping) is cipher.FileState.PLAIN
    with pytest.raises(DatabaseUnavailable, match="damaged or is not a repdesk database"):
        open_database(shopping)
    assert cipher.state(shopping / "x.sqlite") is cipher.FileState.MISSING
    encrypted = tmp_path / "e.sqlite"
    open_database(encrypted, key=cipher.new_key(PASSPHRASE)).close()
    assert cipher.state(encrypted) is cipher.FileState.ENCRYPTED


def test_encrypting_one_file_leaves_another_reps_copies_alone(desk: Path, tmp_path: Path) -> None:
    """Reps' files share a folder and its backups: "sam" must not take "sam-old"'s copies for its own."""
    sam, old = desk / "sam.sqlite", desk / "sam-old.sqlite"
    backups = desk / "backups"
    for path in (sam, old):
        _filled(path, None, tmp_path / "outside")
        _downgrade(path, None, _older())
        open_database(path, backups=backups).close()  # each upgraded, with its plain pre-upgrade copy
    theirs = migrate.backup(old, backups, "manual")
    (ours,) = backups.glob("sam-2*.sqlite")
    others = sorted(set(_files(backups)) - {ours})

    done = encrypt_file(sam, cipher.new_key(PASSPHRASE), backups)

    assert ours in done.removed and not ours.exists()
    assert done.unvouched == []
    assert theirs in others and all(p.exists() and p not in done.removed for p in others)
    assert cipher.state(old) is cipher.FileState.PLAIN


def test_a_failed_encrypted_backup_is_an_sqlite_error_and_leaves_no_copy(tmp_path: Path) -> None:
    """What the backup command turns into one plain sentence: SQLCipher's own error would not be."""
    path = tmp_path / "desk.sqlite"
    key = cipher.new_key(PASSPHRASE)
    open_database(path, key=key).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    backups.chmod(0o500)  # the copy cannot be written (root ignores this: then a wrong key instead)
    try:
        with pytest.raises(sqlite3.Error):
            migrate.backup(
                path, backups, "manual", key if _honours_modes(backups) else cipher.new_key("x" * 9)
            )
    finally:
        backups.chmod(0o700)
    assert [p for p in backups.iterdir() if p.stat().st_size] == []


def _honours_modes(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.touch()
    except PermissionError:
        return True
    probe.unlink()
    return False
