"""Opening the database: pragmas, migrations, write transactions, and storage's own errors.

Every connection gets WAL journaling (readers never block the writer), a busy timeout (a second
process waits instead of failing), foreign keys, and ``synchronous=NORMAL`` (safe with WAL: a crash
can lose the last transactions, never corrupt the file). Writes that read first go through
:func:`write_transaction`, which starts with ``BEGIN IMMEDIATE`` so two processes never both read
"absent" and then both insert.

Opening takes no write lock unless a migration is pending: checking is a read. Pending migrations
are applied in one ``BEGIN IMMEDIATE`` transaction that checks again what is pending once it holds
the lock, so processes that open a fresh database at the same moment apply each migration exactly
once (sqlite-utils runs each migration in a savepoint when a transaction is already open).

``create=False`` opens an existing file only (``mode=rw``: nothing is created, not even a directory)
and raises :class:`DatabaseMissing` otherwise. ``query_only=True`` gives a read connection: no
migrations, no journal-mode change, and ``PRAGMA query_only`` so any write fails at once.

Storage knows nothing of the layers above, so it raises its own errors (:class:`StorageFailure`
and below); the launcher maps them to :mod:`briefings.errors`. Those that stand for a SQLite error
also derive from the matching :mod:`sqlite3` class, so ``except sqlite3.OperationalError`` still
catches a busy database::

    StorageFailure
    ├── DatabaseOpenError     the file could not be opened or migrated
    │   └── DatabaseMissing   create=False and no file at the path
    ├── DatabaseDamaged       SQLITE_CORRUPT / SQLITE_NOTADB (also a sqlite3.DatabaseError)
    ├── DatabaseBusy          another connection held the lock past the busy timeout (sqlite3.OperationalError)
    └── ReadOnlyViolation     a write tried on a read connection (sqlite3.OperationalError)
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from storage.migrations import migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
_CORRUPT, _NOTADB = 11, 26  # SQLite primary result codes
_BUSY, _LOCKED, _READONLY = 5, 6, 8


class StorageFailure(Exception):
    """Base of the errors storage raises on purpose."""


class DatabaseOpenError(StorageFailure):
    """The database file could not be opened or migrated (the message says why)."""


class DatabaseMissing(DatabaseOpenError):
    """No database file at ``path`` (and the caller asked not to create one)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        super().__init__(f"no database at {self.path}")


class DatabaseDamaged(StorageFailure, sqlite3.DatabaseError):
    """The file is damaged or is not a SQLite database; ``PRAGMA integrity_check`` says more."""


class DatabaseBusy(StorageFailure, sqlite3.OperationalError):
    """Another connection kept the database locked for longer than the busy timeout."""


class ReadOnlyViolation(StorageFailure, sqlite3.OperationalError):
    """A function run on a read connection tried to write: run it on the writer (``runner.call``)."""


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_damage(exc: BaseException) -> bool:
    """True for SQLite's "database disk image is malformed" and "file is not a database"."""
    if isinstance(exc, DatabaseDamaged):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = _code(exc)
    if code is not None:
        return code in (_CORRUPT, _NOTADB)
    text = str(exc)
    return "malformed" in text or "not a database" in text


def storage_failure(exc: sqlite3.Error, *, reading: bool = False) -> StorageFailure | None:
    """The storage error that ``exc`` stands for, or None when it is none of them (leave it as is)."""
    if isinstance(exc, StorageFailure):
        return None
    if is_damage(exc):
        return DatabaseDamaged(str(exc))
    code = _code(exc)
    if code in (_BUSY, _LOCKED):
        return DatabaseBusy(str(exc))
    if reading and code == _READONLY:
        return ReadOnlyViolation(f"a write on a read connection ({exc}): run it with runner.call, not runner.read")
    return None


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(str(path))
    if not path.exists():
        raise DatabaseMissing(path)
    # mode=rw: never create the file, even if it vanishes between the check and the open
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)


def open_database(
    path: str | Path, *, migrate: bool = True, create: bool = True, query_only: bool = False
) -> Database:
    """Open the database at ``path`` (creating it unless ``create=False``) and bring its schema up to date.

    ``":memory:"`` gives a private in-memory database, handy for tests. ``query_only`` opens a read
    connection (see the module docstring). Raises :class:`DatabaseMissing`, :class:`DatabaseDamaged`,
    :class:`DatabaseBusy` or :class:`DatabaseOpenError`.
    """
    memory = str(path) == ":memory:"
    conn: sqlite3.Connection | None = None
    try:
        if memory:
            db = Database(memory=True)
        else:
            conn = _connect(Path(path), create=create)
            db = Database(conn)
        conn = db.conn
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if query_only:
            conn.execute("PRAGMA query_only = 1")
            conn.execute("SELECT COUNT(*) FROM sqlite_schema").fetchone()  # reads the header: damage shows here
        elif not memory:
            mode = _enable_wal(conn)
            if mode != "wal":
                log.warning("database %s: journal mode is %s, not WAL", path, mode)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate and not query_only:
            _migrate(db, locked=not memory)
    except sqlite3.Error as e:
        if conn is not None:
            conn.close()
        failure = storage_failure(e)
        if isinstance(failure, DatabaseDamaged):
            raise DatabaseDamaged(f"the database {path} is damaged: {e}") from e
        if isinstance(failure, DatabaseBusy):
            raise DatabaseBusy(f"database {path}: {e} (another process holds it)") from e
        raise DatabaseOpenError(f"cannot open database {path}: {e}") from e
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return db


def _enable_wal(conn: sqlite3.Connection) -> str:
    """Switch to WAL (a no-op when it already is); the journal mode now in force.

    The switch needs an exclusive lock, and SQLite answers "database is locked" at once, without its
    busy handler, when another connection is switching a fresh file at the same moment: so wait here.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return "wal"
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as e:
            if _code(e) not in (_BUSY, _LOCKED) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _migrate(db: Database, *, locked: bool) -> None:
    """Apply the pending migrations, holding the write lock from the check to the commit."""
    if not migrations.pending(db):  # a read: an up-to-date database takes no lock to open
        return
    if not locked:  # a private in-memory database: nobody to race
        migrations.apply(db)
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        pending = migrations.pending(db)  # again, under the lock: another process may have applied them
        plain = [m.name for m in pending if not m.transactional]
        if plain:
            raise DatabaseOpenError(f"migrations {', '.join(plain)} cannot run under the write lock (not transactional)")
        if pending:
            log.info("applying migrations: %s", ", ".join(m.name for m in pending))
            migrations.apply(db)  # inside our transaction: each migration is a savepoint
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


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
