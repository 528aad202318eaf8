"""Parsing feeds in worker processes with a memory limit and a wall-clock limit (SPEC §7).

The entity checks of :mod:`briefings.feeds.safety` refuse every known expansion bomb before any
parser runs; this module is the net behind them, so that no input, known or not, can take the host
down. :class:`ParseSandbox` keeps a few worker processes (started lazily: each a fresh interpreter
that imports only the feed parser, so the bot's threads, database connection and memory are never
copied into it). Each worker limits its own address space
(``RLIMIT_AS``, 512 MB by default) and parses one feed at a time. For each feed:

* the parse must answer within ``timeout`` seconds (30 by default), else the worker is killed;
* a worker that runs out of memory reports it and exits; one that dies (a signal, a crash in C
  code) is noticed by end-of-file on its pipe; a result larger than :data:`MAX_RESULT_BYTES` is
  refused by the worker and could not be received anyway;
* in each case the feed fails with :class:`ParserLimit` (a :class:`ParseError`: that feed is
  reported and the others go on) and a fresh worker takes the dead one's place for the next feed.

The event loop never waits: the round trip runs on a worker thread, which checks every
:data:`POLL_SECONDS` whether its caller was cancelled (Ctrl-C), and then kills its worker rather
than let an abandoned parse hold the process open. Workers also end when their pipe closes, i.e.
when the bot exits or dies. Where processes cannot be started at all, parsing falls back to a
thread with a warning.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib
import json
import logging
import pickle
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Final

from briefings import errors
from briefings.errors import FeedError, ParseError, ParserLimit
from briefings.models import ParsedFeed
from briefings.redact import protect

try:
    import resource
except ImportError:  # not on this platform: workers run without a memory limit
    resource = None  # type: ignore[assignment]

log = protect(logging.getLogger(__name__))

DEFAULT_MEMORY_LIMIT: Final = 512 * 1024 * 1024
DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_WORKERS: Final = 2
MAX_RESULT_BYTES: Final = 64 * 1024 * 1024
POLL_SECONDS: Final = 0.2
STARTUP_SECONDS: Final = 60.0  # a worker that has not imported the parser by then is given up

Task = Callable[[bytes, str, "str | None"], Any]


def parse_task(data: bytes, source: str, content_type: str | None) -> ParsedFeed:
    """The default task: :func:`briefings.feeds.parse.parse_feed` (imported here, in the worker)."""
    from briefings.feeds.parse import parse_feed

    return parse_feed(data, source, content_type)


def _limit_memory(limit: int) -> None:
    if resource is None or limit <= 0:
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError) as e:
        log.warning("parser worker runs without a memory limit: %s", e)


def _answer(task: Task, data: bytes, source: str, content_type: str | None) -> tuple[bytes, bool]:
    """One parse, its outcome pickled (``("ok", result)`` or an error tuple), and whether to exit after."""
    try:
        reply: tuple[Any, ...] = ("ok", task(data, source, content_type))
    except FeedError as e:
        reply = ("feed", type(e).__name__, e.reason)
    except MemoryError:
        reply = ("memory",)
    except RecursionError:
        reply = ("crash", "the document nests too deeply")
    except Exception as e:  # noqa: BLE001 - reported to the parent as this feed's failure
        reply = ("crash", f"{type(e).__name__}: {e}"[:200])
    fatal = reply[0] == "memory"  # a fresh process for the next feed: this heap may be in pieces
    try:
        payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory",)), True
    except Exception as e:  # noqa: BLE001
        return pickle.dumps(("crash", f"the result cannot be sent: {type(e).__name__}")), False
    if len(payload) > MAX_RESULT_BYTES:
        return pickle.dumps(("large", len(payload))), False
    return payload, fatal


def _serve(conn: Connection, task: Task) -> None:
    """A worker's main loop: one ``(data, source, content_type)`` in, one pickled answer out."""
    while True:
        try:
            data, source, content_type = conn.recv()
        except (EOFError, OSError):  # the bot is gone or closed the sandbox
            return
        except MemoryError:
            conn.send_bytes(pickle.dumps(("memory",)))
            return
        payload, fatal = _answer(task, data, source, content_type)
        del data
        try:
            conn.send_bytes(payload)
        except (OSError, ValueError):
            return
        if fatal:
            return


def worker_main() -> None:
    """Entry point of a worker process: ``argv`` is the pipe's descriptor and the memory limit."""
    conn = Connection(int(sys.argv[1]))
    _limit_memory(int(sys.argv[2]))
    try:
        module, _, name = conn.recv().partition(":")
        task = getattr(importlib.import_module(module), name)
        conn.send("ready")  # the parse time limit starts counting only now, not during start-up
    except (EOFError, OSError):
        return
    _serve(conn, task)


# The worker is a fresh interpreter started with the parent's import path. Not multiprocessing's
# "spawn": that imports the parent's main script again, which breaks scripts without a main guard.
_BOOT: Final = (
    "import json, sys; sys.path[:0] = json.loads(sys.argv[3]); "
    "from briefings.feeds.sandbox import worker_main; worker_main()"
)


class _Worker:
    """One worker process and the parent's end of its socket pair."""

    def __init__(self, memory_limit: int, task: Task) -> None:
        mine, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), str(memory_limit), json.dumps(sys.path)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                close_fds=True,
            )
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        self.conn = Connection(mine.detach())
        self.conn.send(f"{task.__module__}:{task.__qualname__}")
        self.ready = False

    def wait_ready(self, source: str, cancelled: threading.Event) -> None:
        """Wait until the worker has started and imported its task (start-up is not parse time)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.ready:
            if self.conn.poll(POLL_SECONDS):
                try:
                    self.ready = self.conn.recv() == "ready"
                except (EOFError, OSError):
                    raise ParserLimit(source, f"the parser process did not start: {self.exit_reason()}") from None
                if not self.ready:
                    raise ParserLimit(source, "the parser process did not start properly")
            elif cancelled.is_set():
                raise ParseError(source, "cancelled")
            elif time.monotonic() > deadline:
                raise ParserLimit(source, f"the parser process did not start within {STARTUP_SECONDS:g} s")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            log.warning("parser process %d did not end", self.process.pid)
        self.conn.close()

    def exit_reason(self) -> str:
        try:
            code = self.process.wait(1)
        except subprocess.TimeoutExpired:
            return "the parser process stopped answering"
        if code < 0:
            return f"the parser process was killed by signal {-code} (out of memory?)"
        return f"the parser process exited with status {code}"


class ParseSandbox:
    """A small pool of limited parser processes; use :meth:`parse` from async code, then :meth:`close`.

    ``memory_limit`` is in bytes (0: none) and ``timeout`` in seconds for one feed. ``task`` is
    the function run in the worker (default :func:`parse_task`); it must be importable by name.
    """

    def __init__(
        self,
        *,
        workers: int = DEFAULT_WORKERS,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
        task: Task | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.memory_limit = memory_limit
        self.timeout = timeout
        self.task: Task = task or parse_task
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._closed = False
        self._no_processes = False
        self.replaced = 0  # workers killed or lost and replaced, for tests and logs

    async def parse(self, data: bytes, source: str, content_type: str | None = None) -> Any:
        """Run the task on ``data`` in a worker; raises :class:`ParseError` (or the task's FeedError)."""
        cancelled = threading.Event()
        try:
            return await asyncio.to_thread(self._run, data, source, content_type, cancelled)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    # -- on a worker thread ------------------------------------------------------------------

    def _run(self, data: bytes, source: str, content_type: str | None, cancelled: threading.Event) -> Any:
        while not self._slots.acquire(timeout=POLL_SECONDS):
            if cancelled.is_set():
                raise ParseError(source, "cancelled")
        try:
            worker = self._take(source)
            if worker is None:  # no processes on this system: the checks still ran, parse here
                return self.task(data, source, content_type)
            keep = False
            try:
                reply = self._round_trip(worker, data, source, content_type, cancelled)
                keep = reply[0] != "memory"  # a worker that ran out of memory has exited
            finally:
                with self._lock:
                    self._busy.discard(worker)
                    kept = keep and not self._closed and worker.alive()
                    if kept:
                        self._idle.append(worker)
                    self.replaced += not keep
                if not kept:
                    worker.kill()
        finally:
            self._slots.release()
        return self._result(reply, source)

    def _take(self, source: str) -> _Worker | None:
        with self._lock:
            if self._closed:
                raise ParseError(source, "the parser is shut down")
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    self._busy.add(worker)
                    return worker
                worker.kill()
            if self._no_processes:
                return None
        try:
            worker = _Worker(self.memory_limit, self.task)
        except (OSError, ValueError, RuntimeError) as e:
            log.warning("feeds are parsed without a separate process (no memory or time limit): %s", e)
            self._no_processes = True
            return None
        with self._lock:
            self._busy.add(worker)
        return worker

    def _round_trip(
        self, worker: _Worker, data: bytes, source: str, content_type: str | None, cancelled: threading.Event
    ) -> tuple[Any, ...]:
        """Send one job and wait for its pickled reply; raises :class:`ParserLimit` when the worker fails."""
        worker.wait_ready(source, cancelled)
        try:
            worker.conn.send((data, source, content_type))
        except (OSError, ValueError):
            raise ParserLimit(source, worker.exit_reason()) from None
        deadline = time.monotonic() + self.timeout
        while not worker.conn.poll(POLL_SECONDS):
            if cancelled.is_set():
                raise ParseError(source, "cancelled")
            if time.monotonic() > deadline:
                log.info("parser for %s took over %g s; killing it", source, self.timeout)
                raise ParserLimit(source, f"parsing took longer than {self.timeout:g} s and was stopped")
        try:
            payload = worker.conn.recv_bytes(MAX_RESULT_BYTES)
        except EOFError:
            raise ParserLimit(source, worker.exit_reason()) from None
        except OSError:
            raise ParserLimit(source, f"the parsed feed is larger than {MAX_RESULT_BYTES // 2**20} MB") from None
        reply: tuple[Any, ...] = pickle.loads(payload)
        return reply

    def _result(self, reply: tuple[Any, ...], source: str) -> Any:
        kind = reply[0]
        if kind == "ok":
            return reply[1]
        if kind == "feed":
            cls = getattr(errors, str(reply[1]), ParseError)
            if not (isinstance(cls, type) and issubclass(cls, FeedError)):
                cls = ParseError
            raise cls(source, str(reply[2]))
        if kind == "memory":
            limit = f" of {self.memory_limit // 2**20} MB" if self.memory_limit else ""
            raise ParserLimit(source, f"the parser ran out of memory (over its limit{limit}) and was stopped")
        if kind == "large":
            raise ParserLimit(source, f"the parsed feed is larger than {MAX_RESULT_BYTES // 2**20} MB")
        raise ParserLimit(source, f"the parser failed: {reply[1]}")

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        """Stop every worker, busy ones included (their parses fail with :class:`ParserLimit`)."""
        with self._lock:
            self._closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
        for worker in workers:
            worker.kill()


_shared: dict[tuple[int, float], ParseSandbox] = {}
_shared_lock = threading.Lock()


def shared_sandbox(*, memory_limit: int = DEFAULT_MEMORY_LIMIT, timeout: float = DEFAULT_TIMEOUT) -> ParseSandbox:
    """The process-wide sandbox for these limits (started lazily, closed when the process exits)."""
    key = (memory_limit, timeout)
    with _shared_lock:
        box = _shared.get(key)
        if box is None or box._closed:
            box = _shared[key] = ParseSandbox(memory_limit=memory_limit, timeout=timeout)
        return box


@atexit.register
def _close_shared() -> None:
    with _shared_lock:
        boxes = list(_shared.values())
        _shared.clear()
    for box in boxes:
        box.close()
