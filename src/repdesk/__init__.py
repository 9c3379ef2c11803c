"""repdesk: a trade-union rep's casework desk in the terminal.

Layers, in one direction only: ``repdesk.domain`` (pure rules) ->
``repdesk.store`` (SQLite via SQLModel, services) -> ``repdesk.export``,
``repdesk.cli`` and ``repdesk.tui``. Importing this package touches no disk.
"""

__version__ = "0.1.0"
