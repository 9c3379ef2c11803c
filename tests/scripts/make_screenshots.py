"""Regenerate screenshots/*.svg from demo data, driving the real app headless.

Run by hand: ``.venv/bin/python tests/scripts/make_screenshots.py``. The date is
frozen and the demo seeded, so the pictures change only when the app does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "screenshots"
if str(ROOT) not in sys.path:  # run as a script: the tests package (its Pilot steps) importable
    sys.path.insert(0, str(ROOT))

# (file name, terminal size, keys to press first)
SHOTS: list[tuple[str, tuple[int, int], list[str]]] = [
    ("triage", (120, 40), []),
    ("cases", (120, 40), ["2"]),
    ("cases-urgency", (120, 40), ["2", "w"]),
    ("cases-80x24", (80, 24), ["2"]),
    ("members", (120, 40), ["3"]),
    ("threats", (120, 40), ["4"]),
    ("talks", (120, 40), ["5"]),
    ("new-case-form", (120, 40), ["2", "n"]),
    ("deadline-form", (120, 40), ["2", "d", "enter", "down", "enter", "tab", "tab", *"20/6/25"]),
    ("deadline-form-80x24", (80, 24), ["2", "d", "enter", "down", "enter", "tab", "tab", *"20/6/25"]),
    ("help", (120, 40), ["question_mark"]),
    ("history", (120, 40), ["4", "end", "up", "h"]),
]


async def shoot(db_path: Path, name: str, size: tuple[int, int], keys: list[str], out: Path) -> None:
    """Open the app, press ``keys``, save the screen as SVG."""
    from textual.widgets import Input

    from repdesk.paths import locate
    from repdesk.store.engine import open_database
    from repdesk.tui import make_app
    from tests.helpers.pilot import settle

    db = open_database(db_path)
    app = make_app(db, locate("Alex Morgan", db_path))
    try:
        async with app.run_test(size=size) as pilot:
            for key in [*keys, ""]:
                if key:
                    await pilot.press(key)
                await settle(app, pilot)
            for box in app.screen.query(Input):
                box.cursor_blink = False
            await pilot.pause()
            app.save_screenshot(filename=f"{name}.svg", path=str(out))
    finally:
        db.close()


def main() -> None:
    """Seed a demo database in a temporary folder and shoot every screen."""
    from tests.helpers import TODAY_ISO

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVGs (default: screenshots/)")
    args = parser.parse_args()
    os.environ["REPDESK_TODAY"] = TODAY_ISO
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["HOME"] = scratch
        db_path = Path(scratch) / "demo.sqlite"
        from repdesk import demo
        from repdesk.store.engine import open_database

        db = open_database(db_path)
        demo.fill(db, members=60, seed=2025)
        db.close()
        args.out.mkdir(parents=True, exist_ok=True)
        for name, size, keys in SHOTS:
            asyncio.run(shoot(db_path, name, size, keys, args.out))
            print(args.out / f"{name}.svg", file=sys.stderr)


if __name__ == "__main__":
    main()
