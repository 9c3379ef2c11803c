"""Benchmark ``repdesk verify`` on a threat log of 10,000 events. Run by hand, not by pytest:

    .venv/bin/python tests/scripts/bench_verify.py [--events 10000] [--repeat 5]

Builds a file whose log holds one entry logged through the service and the
rest copied from it in one statement, then logged the way the demo logs its
batches (one event each), so every event is an entry's own, the costliest to
check (its salted content is recomputed from its columns). Prints the median
time of the in-process verify and of the whole ``repdesk verify`` command.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from repdesk.store import chain, threats
from repdesk.store.engine import open_database

COPIED = (
    "occurred_on, occurred_at, made_by, made_by_role, channel, audience, kind, exact_words, context, "
    "related_to_action, protected_activity, witnesses, document_ref, disputed, recorded_at, amends_id, "
    "correction_reason"
)


def build(path: Path, events: int) -> None:
    """A file whose threat log holds ``events`` entries, each logged by one event."""
    db = open_database(path)
    try:
        with db.transaction() as s:
            threats.log_threat(
                s,
                {
                    "occurred_on": "2026-11-03",
                    "made_by": "Supt Example",
                    "channel": "email",
                    "audience": "team",
                    "kind": "pay_deduction",
                    "exact_words": "Your pay will be docked.",
                },
            )
            s.execute(
                sa.text(
                    f"WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < {events}) "
                    f"INSERT INTO threat_entry (id, ref, salt, status, version, {COPIED}) "
                    f"SELECT i, printf('T-2026-%05d', i), lower(hex(randomblob(16))), 'logged', 1, {COPIED} "
                    "FROM n, threat_entry WHERE threat_entry.id = 1"
                )
            )
            chain.log_entries(s, list(range(2, events + 1)))
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        build(path, args.events)
        db = open_database(path)
        took: list[float] = []
        try:
            with db.session() as s:
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    verdict = chain.verify(s)
                    took.append(time.perf_counter() - started)
        finally:
            db.close()
        assert verdict.ok and verdict.count == args.events, verdict
        command: list[float] = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "repdesk", "--db", str(path), "verify"],
                capture_output=True,
                check=False,
            )
            command.append(time.perf_counter() - started)
            assert done.returncode == 0, done.stderr
    print(f"verify, {args.events:,} events: median {statistics.median(took) * 1000:.0f} ms in process")
    print(
        f"repdesk verify (whole command, Python start-up included): median {statistics.median(command):.2f} s"
    )


if __name__ == "__main__":
    main()
