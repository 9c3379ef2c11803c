"""The terminal app. The only package that imports Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from repdesk.paths import Location
    from repdesk.store.engine import Database
    from repdesk.tui.app import RepDesk
    from repdesk.tui.desk_store import DeskStore


def make_app(db: Database | DeskStore, location: Location, *, start_mode: str = "triage") -> RepDesk:
    """Build the app the same way for the CLI, the tests, the benchmark and the screenshot script.

    Give it an open Database, or a DeskStore that opens one behind the first screen.
    """
    from repdesk.tui.app import RepDesk
    from repdesk.tui.config import load_config
    from repdesk.tui.desk_store import DeskStore

    store = db if isinstance(db, DeskStore) else DeskStore(db.path, db=db)
    return RepDesk(store, location, config=load_config(location.config), start_mode=start_mode)


def run_desk(location: Location, *, start_mode: str = "triage") -> int:
    """Run the desk until the rep quits; the database opens while the first screen draws."""
    from repdesk.tui.desk_store import DeskStore

    store = DeskStore(location.database, backups=location.backups)
    app = make_app(store, location, start_mode=start_mode)
    try:
        result = app.run()
    finally:
        store.close()
    return int(app.return_code or result or 0)
