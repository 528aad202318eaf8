"""One thread that owns the SQLite connection; async code hands it work and awaits the result.

Storage functions are synchronous and take the :class:`sqlite_utils.Database` as their first
argument. On the event loop they are called as ``await runner.call(fn, *args)``: the function runs
on the runner's single worker thread, so the loop never blocks on SQLite and the connection is only
ever used by the thread that created it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from storage.db import open_database

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class DatabaseRunner:
    """Owns one connection on one worker thread. Use :meth:`call` from async code."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefbot-db")
        self._local = threading.local()
        self._closed = False
        # Open (and migrate) on the worker thread, so the connection belongs to it.
        self._executor.submit(self._connect).result()

    def _connect(self) -> None:
        self._local.db = open_database(self.path)

    def _db(self) -> Database:
        db: Database = self._local.db
        return db

    def call_sync(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(db, *args)`` on the worker thread and wait (for synchronous callers)."""
        return self._executor.submit(lambda: fn(self._db(), *args, **kwargs)).result()

    async def call(self, fn: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(db, *args)`` on the worker thread without blocking the event loop."""
        if self._closed:
            raise RuntimeError("the database runner is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._db(), *args, **kwargs))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True

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
