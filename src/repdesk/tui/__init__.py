"""The terminal app. The only package that imports Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from repdesk.paths import Location
    from repdesk.store.engine import Database
    from repdesk.tui.app import RepDesk


def make_app(db: Database, location: Location, *, start_mode: str = "triage") -> RepDesk:
    """Build the app the same way for the CLI, the tests, the benchmark and the screenshot script."""
    from repdesk.tui.app import RepDesk
    from repdesk.tui.config import load_config

    return RepDesk(db, location, config=load_config(location.config), start_mode=start_mode)


def run_desk(location: Location) -> int:
    """Open the rep's database and run the desk until they quit."""
    from repdesk.store.engine import open_database

    db = open_database(location.database, backups=location.backups)
    try:
        result = make_app(db, location).run()
    finally:
        db.close()
    return int(result or 0)
