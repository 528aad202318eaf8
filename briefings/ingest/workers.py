"""Where the expensive analysis runs: a worker thread for small batches, worker processes for large.

Extraction and MinHash are pure Python and hold the GIL, so a large ingest (thousands of entries)
uses every core through a process pool. The pool starts lazily, the first time a batch is large
enough to pay for it, from a ``forkserver`` (a single-threaded server process that has imported
the analysis code once), so workers start fast and never inherit the bot's threads or database
connection. Results come back chunk by chunk in input order, so the caller can save one chunk while
the next ones are still being analysed.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from briefings.ingest.prepare import Analysis, Job, analyse_jobs

log = logging.getLogger(__name__)

CHUNK = 48  # jobs per unit of work
POOL_MIN = 2 * CHUNK  # relevant articles in one batch before processes are worth starting
PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the ingesting process is gone.

    Workers hold copies of their own queue's pipe ends, so they never see end-of-file when the
    ingesting process dies (a crash, a SIGKILL); without this they would wait forever.
    """

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the pid now belongs to someone else: ours is gone
                os._exit(0)

    threading.Thread(target=watch, name="briefbot-parent-watch", daemon=True).start()


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Analyser:
    """Runs :func:`~briefings.ingest.prepare.analyse_jobs` for the ingestor; close it when done."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if not workers else workers
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def _get_pool(self) -> ProcessPoolExecutor | None:
        if self.workers < 2 or self._broken:
            return None
        if self._pool is None:
            try:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(["briefings.ingest.prepare"])
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=ctx, initializer=_exit_with_parent, initargs=(os.getpid(),)
                )
            except (OSError, ValueError) as e:  # no processes here: stay in-process
                log.warning("analysis stays in one process: %s", e)
                self._broken = True
                return None
        return self._pool

    async def chunks(self, jobs: Sequence[Job | None]) -> AsyncIterator[tuple[int, list[Analysis | None]]]:
        """Yield ``(start index, analyses)`` for consecutive chunks of ``jobs``, in order."""
        relevant = sum(job is not None for job in jobs)
        pool = self._get_pool() if relevant >= POOL_MIN else None
        if pool is None:
            for start in range(0, len(jobs), CHUNK * 4):
                yield start, await asyncio.to_thread(analyse_jobs, list(jobs[start:start + CHUNK * 4]))
            return
        loop = asyncio.get_running_loop()
        futures: list[tuple[int, Future[list[Analysis | None]]]] = [
            (start, pool.submit(analyse_jobs, list(jobs[start:start + CHUNK]))) for start in range(0, len(jobs), CHUNK)
        ]
        try:
            for start, fut in futures:
                try:
                    result = await asyncio.wrap_future(fut, loop=loop)
                except Exception as e:  # a dead worker must not lose the batch: redo it here
                    log.warning("worker process failed (%s); analysing in-process", e)
                    self._broken = True
                    result = await asyncio.to_thread(analyse_jobs, list(jobs[start:start + CHUNK]))
                yield start, result
        finally:
            for _, fut in futures:
                fut.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
