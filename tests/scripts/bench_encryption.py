"""What encryption costs the rep: the desk on an encrypted file against the same file plain, same run.

    .venv/bin/python tests/scripts/bench_encryption.py [--sizes 1000,10000] [--repeat 5]

For each size it prints, plain and encrypted (the bench's cached demo file, and
an encrypted copy of it made with `store.encryption.encrypt_file`):
  * triage ms: process start to Triage filled. For the encrypted file the
    passphrase is given the moment the unlock screen is up, so this is the
    plain figure plus the key's derivation and the slower pages;
  * unlock ms: (encrypted) passphrase given to Triage filled, what the rep
    waits after pressing enter on the unlock screen;
  * key ms: a filter keystroke on Cases to the repainted list;
  * detail ms: the next case to its detail shown;
and a bare Textual app's start in the same run, for the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: the tests package importable
    sys.path.insert(0, str(ROOT))

from tests.scripts.bench_tui import (  # noqa: E402
    BARE_CHILD,
    CACHE,
    TRIAGE_CHILD,
    database,
    desk_interactions,
    start_times,
)

PASSPHRASE = "bench passphrase, not a secret"  # noqa: S105 - a benchmark's own


def encrypted_copy(path: Path) -> Path:
    """An encrypted copy of the bench's file, made once and cached beside it."""
    import shutil

    from repdesk.store import cipher, encryption

    target = CACHE / f"encrypted-{path.name}"
    if not target.exists():
        scratch = CACHE / f"plain-for-{path.name}"
        shutil.copyfile(path, scratch)
        encryption.encrypt_file(scratch, cipher.new_key(PASSPHRASE), CACHE / "backups")
        scratch.rename(target)
    return target


def main() -> None:
    from repdesk.store import cipher

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    heads = ["cases", "file", "bare ms", "triage ms", "x bare", "unlock ms", "key ms", "detail ms"]
    widths = (8, 10, 8, 10, 7, 10, 8, 10)
    print(" ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
    for size in (int(s) for s in args.sizes.split(",")):
        plain = database(size)
        locked = encrypted_copy(plain)
        start_times(BARE_CHILD)  # once each untimed: bytecode written, files in the OS cache
        start_times(TRIAGE_CHILD, str(plain))
        start_times(TRIAGE_CHILD, str(locked), PASSPHRASE)
        rows: dict[str, list[tuple[float, float, float]]] = {"plain": [], "encrypted": []}
        for _ in range(args.repeat):  # interleaved, so drift in the machine's speed hits both alike
            bare = start_times(BARE_CHILD)[0]
            rows["plain"].append((bare, start_times(TRIAGE_CHILD, str(plain))[-1], 0.0))
            given, filled = start_times(TRIAGE_CHILD, str(locked), PASSPHRASE)
            rows["encrypted"].append((bare, filled, filled - given))
        keys = {
            "plain": asyncio.run(desk_interactions(plain, args.repeat)),
            "encrypted": asyncio.run(
                desk_interactions(locked, args.repeat, cipher.key_for(locked, PASSPHRASE))
            ),
        }
        for name, laps in rows.items():
            bare = statistics.median(b for b, _t, _u in laps)
            triage = statistics.median(t for _b, t, _u in laps)
            ratio = statistics.median(t / b for b, t, _u in laps)
            unlock = statistics.median(u for _b, _t, u in laps)
            key, move = keys[name]
            print(
                f"{size:>8,} {name:>10} {bare * 1000:>8.0f} {triage * 1000:>10.0f} {ratio:>7.2f} "
                f"{(f'{unlock * 1000:.0f}' if unlock else '-'):>10} {key * 1000:>8.1f} {move * 1000:>10.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
