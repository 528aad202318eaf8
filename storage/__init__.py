"""SQLite storage through sqlite-utils: schema, migrations and typed queries. Knows nothing of chat."""

from storage.db import DatabaseOpenError, integrity_ok, open_database, pending_migrations, write_transaction
from storage.runner import DatabaseRunner

__all__ = [
    "DatabaseOpenError",
    "DatabaseRunner",
    "integrity_ok",
    "open_database",
    "pending_migrations",
    "write_transaction",
]
