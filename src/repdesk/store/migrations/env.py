"""Alembic environment: runs on the connection repdesk hands it, never its own."""

from alembic import context
from sqlmodel import SQLModel

import repdesk.store.models  # noqa: F401  (registers every table on the metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("repdesk migrations run through repdesk.store.migrate, not the alembic CLI")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave the FTS5 index and its shadow tables to their hand-written migration."""
    return not (type_ == "table" and name is not None and name.startswith("search_index"))


context.configure(
    connection=connection,
    include_name=include_name,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite can only ALTER by rebuilding tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
