"""The newest schema revision, known without importing Alembic or SQLAlchemy.

Opening a file that is already current (every start but the first after an
upgrade) then costs one query, and the desk's first page can check the file
before the ORM has loaded. A test holds it equal to Alembic's head: bump it
with every new migration.
"""

HEAD = "0010"
