"""Opening the database: pragmas, migrations, and write transactions.

Every connection gets WAL journaling (readers never block the writer), a busy timeout (a second
process waits instead of failing), foreign keys, and ``synchronous=NORMAL`` (safe with WAL: a crash
can lose the last transactions, never corrupt the file). Writes that read first go through
:func:`write_transaction`, which starts with ``BEGIN IMMEDIATE`` so two processes never both read
"absent" and then both insert.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from storage.migrations import migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


class DatabaseOpenError(Exception):
    """The database file could not be opened or migrated (the message says why)."""


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``":memory:"`` gives a private in-memory database, handy for tests.
    """
    try:
        if str(path) == ":memory:":
            db = Database(memory=True)
        else:
            p = Path(path)
            p.parent.mkdir(parents=True, exist_ok=True)
            db = Database(p)
        conn = db.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if str(path) != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("database %s: journal mode is %s, not WAL", path, mode)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            with_lock = str(path) != ":memory:"
            if with_lock:
                # Serialise migrations between processes that start at the same moment.
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("COMMIT")
            migrations.apply(db)
    except sqlite3.Error as e:
        raise DatabaseOpenError(f"cannot open database {path}: {e}") from e
    return db


def pending_migrations(db: Database) -> list[str]:
    """Names of the migrations not yet applied to ``db``."""
    return [m.name for m in migrations.pending(db)]


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A read-then-write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (savepoint when nested)."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def integrity_ok(db: Database) -> bool:
    """True when ``PRAGMA integrity_check`` reports ``ok``."""
    row = db.conn.execute("PRAGMA integrity_check").fetchone()
    return bool(row) and row[0] == "ok"
