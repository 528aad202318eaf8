"""The life of ``briefbot run``: a clean stop on SIGTERM, and the health listener beside the bot.

:func:`graceful` is entered first by :func:`bot.launcher.run`. On SIGTERM (``docker stop``,
systemd, Kubernetes) it cancels the task that runs the bot, which unwinds in order: the front-end
closes its gateway, the launcher stops the scheduler (running jobs get :data:`JOB_GRACE` seconds),
and :func:`bot.launcher.open_app` closes the fetcher and the database runner, whose writer thread
finishes the transaction in progress before it closes (SQLite commits or rolls back whole; an
ingest cancelled between two batches keeps every batch saved). Then ``run`` returns normally and the
process exits 0. A daemon watchdog makes the process leave with status 1 and a log line if the
unwinding takes longer than :data:`SHUTDOWN_SECONDS` (it is disarmed once the task has unwound).
A second SIGTERM while stopping is only logged.

:func:`monitoring` runs the optional ``/healthz`` and ``/metrics`` listener (:mod:`bot.health`)
for the duration of the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Final

from bot.health import HealthState, listen_address, serve
from briefings.metrics import Metrics

if TYPE_CHECKING:
    from bot.launcher import App

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS: Final = 9.5  # under the 10 s that docker stop waits before SIGKILL
JOB_GRACE: Final = 4.0  # seconds a running scheduler job (a poll, a digest) gets to finish
EXIT_LATE: Final = 1


class Shutdown:
    """The stop request of one run: set by SIGTERM, read by the launcher."""

    def __init__(self, task: asyncio.Task[object] | None, deadline: float = SHUTDOWN_SECONDS) -> None:
        self.task = task
        self.deadline = deadline
        self.requested_at: float | None = None
        self.signal_name: str | None = None
        self._watchdog: threading.Timer | None = None

    @property
    def requested(self) -> bool:
        return self.requested_at is not None

    def request(self, name: str = "SIGTERM") -> None:
        if self.requested:
            log.info("%s again: already stopping", name)
            return
        self.requested_at, self.signal_name = time.monotonic(), name
        log.warning("%s received: stopping (at most %.1f s)", name, self.deadline)
        self._watchdog = threading.Timer(self.deadline, self._too_late)
        self._watchdog.daemon = True
        self._watchdog.start()
        if self.task is not None and not self.task.done():
            self.task.cancel(f"{name} received")

    def _too_late(self) -> None:
        log.error("still stopping after %.1f s: exiting now (the database is safe: SQLite is crash-safe)",
                  self.deadline)
        logging.shutdown()
        os._exit(EXIT_LATE)

    def disarm(self) -> None:
        """The stop is over (the bot's task has unwound): the watchdog has nothing left to do."""
        if self._watchdog is not None:
            self._watchdog.cancel()

    def elapsed(self) -> float:
        return 0.0 if self.requested_at is None else time.monotonic() - self.requested_at


@contextlib.asynccontextmanager
async def graceful(*, deadline: float = SHUTDOWN_SECONDS) -> AsyncIterator[Shutdown]:
    """Turn SIGTERM into an orderly stop of the current task (see the module docstring)."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    shutdown = Shutdown(task, deadline)
    installed = False
    try:
        loop.add_signal_handler(signal.SIGTERM, shutdown.request, "SIGTERM")
        installed = True
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals here
        log.debug("SIGTERM handler not installed", exc_info=True)
    try:
        yield shutdown
    except asyncio.CancelledError:
        if not shutdown.requested:
            raise
        if task is not None:
            task.uncancel()
    finally:
        shutdown.disarm()
        if installed:
            loop.remove_signal_handler(signal.SIGTERM)
    if shutdown.requested:
        log.warning("stopped cleanly %.2f s after %s", shutdown.elapsed(), shutdown.signal_name)


@contextlib.asynccontextmanager
async def monitoring(app: App, *, poll_interval_seconds: float | None) -> AsyncIterator[HealthState]:
    """The health state of ``app`` (front-ends register on it), served when ``[health]`` says so."""
    metrics = app.metrics or Metrics()
    state = HealthState(app.runner, metrics, poll_interval_seconds=poll_interval_seconds)
    async with serve(state, listen_address(app.config.settings.health)):
        yield state


__all__ = ["EXIT_LATE", "JOB_GRACE", "SHUTDOWN_SECONDS", "Shutdown", "graceful", "monitoring"]
