"""The database's threads: one writer that owns the write connection, and a few readers beside it.

Storage functions are synchronous and take the :class:`sqlite_utils.Database` as their first
argument. On the event loop they are called as ``await runner.call(fn, *args)`` (the writer, the
default: anything that may write) or ``await runner.read(fn, *args)`` (a reader: pure reads), so the
loop never blocks on SQLite and each connection is only ever used by the thread that opened it.

* The writer is one thread with one connection: writes are serialised in this process, and
  ``BEGIN IMMEDIATE`` (:func:`storage.db.write_transaction`) serialises them between processes.
* The readers are ``readers`` threads (4 by default), each with its own connection, opened on first
  use with ``PRAGMA query_only=1``. With WAL a reader never waits for the writer, so a question is
  answered while an ingest saves. Each read runs in one deferred transaction: the function sees one
  snapshot of the database from its first query to its return, however many queries it makes. A
  function that tries to write there fails at once with :class:`~storage.db.ReadOnlyViolation`,
  never silently: run it with :meth:`DatabaseRunner.call`.
* ``":memory:"`` (tests) has no readers: a private in-memory database cannot be shared between
  connections, so :meth:`~DatabaseRunner.read` runs on the writer (same results, no parallelism).

SQLite errors that mean something to the layers above leave both paths as storage errors
(:func:`storage.db.storage_failure`): :class:`~storage.db.DatabaseDamaged`,
:class:`~storage.db.DatabaseBusy`, and on the read path :class:`~storage.db.ReadOnlyViolation`.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from storage.db import open_database, storage_failure

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

READERS = 4

_Job = tuple["Future[Any]", Callable[[Database], Any]]


def _guarded(fn: Callable[[Database], T], db: Database, *, reading: bool) -> T:
    try:
        return fn(db)
    except sqlite3.Error as e:
        failure = storage_failure(e, reading=reading)
        if failure is None:
            raise
        raise failure from e


def _in_snapshot(fn: Callable[[Database], T], db: Database) -> T:
    """``fn(db)`` inside one deferred read transaction (one snapshot), always rolled back."""
    db.conn.execute("BEGIN")
    try:
        return _guarded(fn, db, reading=True)
    finally:
        if db.conn.in_transaction:
            try:
                db.conn.execute("ROLLBACK")
            except sqlite3.Error:  # a damaged file can fail this too; the first error is the one to see
                log.debug("read rollback failed", exc_info=True)


class _Readers:
    """``size`` threads fed from one queue, each owning one ``query_only`` connection."""

    def __init__(self, path: str, size: int) -> None:
        self.path = path
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads = [threading.Thread(target=self._work, name=f"briefbot-db-read-{i}", daemon=True)
                         for i in range(size)]
        for t in self._threads:
            t.start()

    def submit(self, job: Callable[[Database], T]) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((future, job))
        return future

    def _work(self) -> None:
        db: Database | None = None
        try:
            while (item := self._queue.get()) is not None:
                future, job = item
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if db is None:
                        db = open_database(self.path, create=False, migrate=False, query_only=True)
                    future.set_result(_in_snapshot(job, db))
                except Exception as e:  # noqa: BLE001 - handed to the caller, who raises it
                    future.set_exception(e)
        finally:
            if db is not None:
                db.close()

    def close(self) -> None:
        for _ in self._threads:
            self._queue.put(None)  # after every job already queued
        for t in self._threads:
            t.join()


class DatabaseRunner:
    """The writer thread (:meth:`call`) and the reader threads (:meth:`read`) of one database.

    ``create=False`` opens an existing file only (:class:`~storage.db.DatabaseMissing` otherwise).
    ``readers=0`` sends reads to the writer.
    """

    def __init__(self, path: str | Path, *, create: bool = True, readers: int = READERS) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefbot-db")
        self._local = threading.local()
        self._closed = False
        try:
            # Open (and migrate) on the writer thread, so the connection belongs to it.
            self._executor.submit(self._connect, create).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise
        self._readers = _Readers(self.path, readers) if readers > 0 and not self.memory else None

    @property
    def readers(self) -> int:
        """How many reader threads there are (0: reads run on the writer)."""
        return len(self._readers._threads) if self._readers else 0

    def _connect(self, create: bool) -> None:
        self._local.db = open_database(self.path, create=create)

    def _db(self) -> Database:
        db: Database = self._local.db
        return db

    def _write_job(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> Callable[[], T]:
        return lambda: _guarded(lambda db: fn(db, *args, **kwargs), self._db(), reading=False)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the database runner is closed")

    def call_sync(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(db, *args)`` on the writer thread and wait (for synchronous callers)."""
        self._check_open()
        return self._executor.submit(self._write_job(fn, *args, **kwargs)).result()

    async def call(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(db, *args)`` on the writer thread without blocking the event loop."""
        self._check_open()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._write_job(fn, *args, **kwargs))

    def read_sync(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the read-only ``fn(db, *args)`` on a reader thread and wait (for synchronous callers)."""
        self._check_open()
        if self._readers is None:
            return self.call_sync(fn, *args, **kwargs)
        return self._readers.submit(lambda db: fn(db, *args, **kwargs)).result()

    async def read(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run the read-only ``fn(db, *args)`` on a reader thread, beside any write in progress."""
        self._check_open()
        if self._readers is None:
            return await self.call(fn, *args, **kwargs)
        return await asyncio.wrap_future(self._readers.submit(lambda db: fn(db, *args, **kwargs)))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._readers is not None:
            self._readers.close()

        def _close() -> None:
            db = getattr(self._local, "db", None)
            if db is not None:
                db.close()

        self._executor.submit(_close).result()
        self._executor.shutdown(wait=True)

    def __enter__(self) -> DatabaseRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
