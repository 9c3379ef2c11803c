"""The per-rep SQLite store: tables, engine, migrations and one service module per area.

Services take an open :class:`sqlmodel.Session` and never commit; callers wrap
them in :meth:`repdesk.store.engine.Database.transaction`, so a change that
touches several records lands whole or not at all.
"""
