"""Backups and restores of the database file: ``briefbot backup PATH`` and ``briefbot restore PATH``.

A backup is made with SQLite's ``VACUUM INTO``: one read transaction, so the copy is the database as
it was at one instant even while the bot keeps writing (in WAL mode a reader neither waits for the
writer nor blocks it). The copy is written next to its destination under a temporary name, checked
with ``PRAGMA integrity_check``, flushed to disk and only then renamed into place, so a ``PATH`` that
exists is always a whole, sound backup.

A restore puts a backup in place of the database, for a bot that is stopped:

1. the backup is checked (integrity, and that it is a briefbot database);
2. a database that another process has open is left alone (:class:`DatabaseInUse`): SQLite keeps a
   shared lock on the "DMS" byte of the ``-shm`` file for as long as a connection is open, so a lock
   we can take there means nobody else has the file open;
3. the current file, if any, is kept beside it as ``NAME.before-restore-TIMESTAMP`` (by
   ``VACUUM INTO``, or byte for byte when it is too damaged for that);
4. the backup is copied under a temporary name, switched to WAL, renamed over the database, and the
   old ``-wal`` and ``-shm`` files are removed (a stale write-ahead log must never meet another file).

The next start applies any migration the backup predates.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from storage.db import BUSY_TIMEOUT_MS, DatabaseMissing, StorageFailure, storage_failure

log = logging.getLogger(__name__)

_DMS_BYTE = 128  # WALINDEX_LOCK_OFFSET (120) + the DMS slot (8): see SQLite's os_unix.c and walformat.html
_REQUIRED_TABLES = ("articles", "facts", "meta")


class BackupError(StorageFailure):
    """A backup could not be made, or a file is not a usable backup (the message says why)."""


class DatabaseInUse(BackupError):
    """Another process has the database open: stop the bot before restoring."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: str
    bytes: int
    seconds: float
    articles: int
    facts: int
    integrity: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RestoreReport:
    path: str
    source: str
    previous: str | None
    articles: int
    facts: int
    integrity: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def inspect(path: Path) -> tuple[str, int, int]:
    """(integrity_check's first line, articles, facts) of a briefbot database file; BackupError if not one."""
    try:
        conn = _open(path)
    except sqlite3.Error as e:
        raise BackupError(f"{path}: cannot be opened ({e})") from e
    try:
        conn.execute("PRAGMA query_only = 1")
        integrity = str(conn.execute("PRAGMA integrity_check(20)").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        missing = [t for t in _REQUIRED_TABLES if t not in tables]
        if missing:
            raise BackupError(f"{path}: not a briefbot database (no {', '.join(missing)} table)")
        articles = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        facts = int(conn.execute("SELECT COUNT(*) FROM facts").fetchone()[0])
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{path}: not a sound SQLite database ({e})") from e
    finally:
        conn.close()
    return integrity, articles, facts


def backup_database(source: str | Path, dest: str | Path, *, overwrite: bool = False) -> BackupReport:
    """Write a consistent copy of ``source`` to ``dest`` (see the module docstring)."""
    src, out = Path(source), Path(dest)
    if not src.is_file():
        raise DatabaseMissing(src)
    if out.is_dir():
        out = out / f"briefbot-{time.strftime('%Y%m%d-%H%M%S')}.db"
    if out.exists() and not overwrite:
        raise BackupError(f"{out} already exists: choose another path, or remove it first")
    if out.resolve() == src.resolve():
        raise BackupError("the backup cannot be the database itself")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    _remove(partial)
    started = time.perf_counter()
    try:
        conn = _open(src)
        try:
            conn.execute("VACUUM INTO ?", (str(partial),))
        finally:
            conn.close()
        integrity, articles, facts = inspect(partial)
        if integrity != "ok":
            raise BackupError(f"the copy failed its integrity check ({integrity}): is {src} damaged? "
                              "run briefbot check")
        _fsync(partial)
        os.replace(partial, out)
        with contextlib.suppress(OSError):
            _fsync(out.parent)
    except sqlite3.Error as e:
        failure = storage_failure(e)
        raise (failure or BackupError(f"backup to {out} failed: {e}")) from e
    finally:
        _remove(partial)
    seconds = time.perf_counter() - started
    log.info("backup of %s written to %s (%d articles, %.2f s)", src, out, articles, seconds)
    return BackupReport(str(out), out.stat().st_size, round(seconds, 3), articles, facts, integrity)


def in_use(path: str | Path) -> bool:
    """True when another process has the SQLite database at ``path`` open (WAL mode; see above)."""
    shm = Path(path).with_name(Path(path).name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: say "in use", the safe answer
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _DMS_BYTE)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _DMS_BYTE)
        return False
    finally:
        os.close(fd)


def _keep_previous(target: Path) -> Path:
    kept = target.with_name(f"{target.name}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        conn = _open(target)
        try:
            conn.execute("VACUUM INTO ?", (str(kept),))
        finally:
            conn.close()
    except sqlite3.Error as e:  # too damaged to read: keep its bytes (and its write-ahead log) as they are
        log.info("the current database cannot be read (%s): keeping its files as they are", e)
        _remove(kept)
        shutil.copy2(target, kept)
        wal = target.with_name(target.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, kept.with_name(kept.name + "-wal"))
    return kept


def restore_database(backup: str | Path, target: str | Path) -> RestoreReport:
    """Put ``backup`` in place of the database at ``target`` (see the module docstring)."""
    src, dst = Path(backup), Path(target)
    if not src.is_file():
        raise BackupError(f"no backup at {src}")
    integrity, _articles, _facts = inspect(src)
    if integrity != "ok":
        raise BackupError(f"{src} failed its integrity check ({integrity}): choose another backup")
    if dst.exists() and dst.resolve() == src.resolve():
        raise BackupError("the backup is the database itself")
    if in_use(dst):
        raise DatabaseInUse(f"the database {dst} is open in another process: stop the bot, then restore")
    previous = _keep_previous(dst) if dst.exists() else None
    dst.parent.mkdir(parents=True, exist_ok=True)
    partial = dst.with_name(f".{dst.name}.restoring-{os.getpid()}")
    try:
        shutil.copyfile(src, partial)
        conn = _open(partial)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()  # the last connection checkpoints and removes its -wal and -shm
        _fsync(partial)
        for side in _sidecars(dst):
            _remove(side)
        os.replace(partial, dst)
        with contextlib.suppress(OSError):
            _fsync(dst.parent)
    except sqlite3.Error as e:
        raise BackupError(f"restore of {src} failed: {e}") from e
    finally:
        _remove(partial)
        for side in _sidecars(partial):
            _remove(side)
    integrity, articles, facts = inspect(dst)
    log.info("restored %s from %s (%d articles); the previous file is %s", dst, src, articles, previous)
    return RestoreReport(str(dst), str(src), str(previous) if previous else None, articles, facts, integrity)


__all__ = ["BackupError", "BackupReport", "DatabaseInUse", "RestoreReport", "backup_database", "in_use",
           "restore_database"]
