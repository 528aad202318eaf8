"""SQLite storage through sqlite-utils: schema, migrations and typed queries. Knows nothing of chat."""

from storage.db import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseOpenError,
    ReadOnlyViolation,
    StorageFailure,
    integrity_ok,
    is_damage,
    open_database,
    pending_migrations,
    write_transaction,
)
from storage.runner import DatabaseRunner

__all__ = [
    "DatabaseBusy",
    "DatabaseDamaged",
    "DatabaseMissing",
    "DatabaseOpenError",
    "DatabaseRunner",
    "ReadOnlyViolation",
    "StorageFailure",
    "integrity_ok",
    "is_damage",
    "open_database",
    "pending_migrations",
    "write_transaction",
]
