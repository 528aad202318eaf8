"""An optional HTTP listener for monitoring: ``GET /healthz`` and ``GET /metrics`` (aiohttp).

Off by default. ``[health] port`` in ``config.toml`` or ``BRIEFBOT_HEALTH_PORT`` in the environment
turns it on (the environment wins; ``0`` or ``off`` there turns it off); it binds ``[health] host``
(or ``BRIEFBOT_HEALTH_HOST``), 127.0.0.1 by default, so nothing outside the machine reaches it
unless the operator says so (a container publishes it with ``0.0.0.0``).

``/healthz`` answers 200 when the bot is healthy and 503 when not, with JSON either way::

    {"status": "ok", "database": {"ok": true, "seconds": 0.001},
     "frontends": {"discord": {"connected": true}},
     "poll": {"enabled": true, "last_success": "2025-04-10T08:00:03+00:00", "age_seconds": 412.0,
              "stale_after_seconds": 5400, "stale": false},
     "uptime_seconds": 3600.2}

Unhealthy means: the database did not answer a read within :data:`DB_TIMEOUT` seconds, or a chat
front-end is not connected, or polling is on and no poll has completed for ``stale_after_seconds``
(three poll intervals, at least the interval plus ten minutes). ``/metrics`` is the Prometheus text of
:class:`briefings.metrics.Metrics`. The listener holds no secret and shows no path or URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from aiohttp import web

from briefings.config import HealthSettings
from briefings.errors import ConfigError
from briefings.metrics import CONTENT_TYPE, Metrics
from storage import DatabaseRunner

log = logging.getLogger(__name__)

PORT_ENV: Final = "BRIEFBOT_HEALTH_PORT"
HOST_ENV: Final = "BRIEFBOT_HEALTH_HOST"
DB_TIMEOUT: Final = 3.0
PROBE_TIMEOUT: Final = 5.0


@dataclass(frozen=True, slots=True)
class Listen:
    host: str
    port: int


def listen_address(settings: HealthSettings, env: Mapping[str, str] | None = None) -> Listen | None:
    """Where the listener binds, or None when it is off (see the module docstring)."""
    env = os.environ if env is None else env
    host = (env.get(HOST_ENV) or "").strip() or settings.host
    raw = (env.get(PORT_ENV) or "").strip()
    if not raw:
        return Listen(host, settings.port) if settings.port else None
    if raw.lower() in ("0", "off", "false", "no"):
        return None
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise ConfigError(f"{PORT_ENV}: expected a port number from 1 to 65535, or 0 for off (got {raw!r})")
    return Listen(host, port)


def _ping(db: Any) -> int:
    return int(db.execute("SELECT COUNT(*) FROM sqlite_schema").fetchone()[0])


class HealthState:
    """What ``/healthz`` reports: the database, the registered front-ends, the feed poller."""

    def __init__(self, runner: DatabaseRunner, metrics: Metrics, *, poll_interval_seconds: float | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.runner = runner
        self.metrics = metrics
        self.poll_interval = poll_interval_seconds  # None: this process does not poll
        self.clock = clock
        self.started = clock()
        self._frontends: dict[str, Callable[[], bool]] = {}

    def frontend(self, name: str, connected: Callable[[], bool]) -> None:
        """Report front-end ``name`` as connected while ``connected()`` is true."""
        self._frontends[name] = connected

    def polling(self, interval_seconds: float | None) -> None:
        self.poll_interval = interval_seconds

    @property
    def stale_after(self) -> float | None:
        if self.poll_interval is None:
            return None
        return max(3 * self.poll_interval, self.poll_interval + 600)

    async def database(self) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            await asyncio.wait_for(self.runner.read(_ping), DB_TIMEOUT)
        except TimeoutError:
            return {"ok": False, "error": f"no answer within {DB_TIMEOUT:g} s"}
        except Exception as e:  # noqa: BLE001 - any failure is the answer: not reachable
            return {"ok": False, "error": type(e).__name__}
        return {"ok": True, "seconds": round(time.perf_counter() - start, 4)}

    def poll(self) -> dict[str, Any]:
        now = self.clock()
        last = self.metrics.last_poll_time
        stale_after = self.stale_after
        age = now - (last if last is not None else self.started)
        return {
            "enabled": stale_after is not None,
            "last_success": datetime.fromtimestamp(last, UTC).isoformat(timespec="seconds") if last else None,
            "age_seconds": round(now - last, 1) if last is not None else None,
            "stale_after_seconds": stale_after,
            "stale": stale_after is not None and age > stale_after,
        }

    def frontends(self) -> dict[str, dict[str, bool]]:
        out = {}
        for name, connected in self._frontends.items():
            try:
                up = bool(connected())
            except Exception:  # noqa: BLE001 - a probe that fails means "not connected"
                up = False
            out[name] = {"connected": up}
        return out

    async def report(self) -> tuple[bool, dict[str, Any]]:
        db = await self.database()
        frontends = self.frontends()
        poll = self.poll()
        healthy = db["ok"] and all(f["connected"] for f in frontends.values()) and not poll["stale"]
        body = {"status": "ok" if healthy else "unhealthy", "database": db, "frontends": frontends, "poll": poll,
                "uptime_seconds": round(self.clock() - self.started, 1)}
        return healthy, body


def build_web_app(state: HealthState) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        healthy, body = await state.report()
        return web.json_response(body, status=200 if healthy else 503)

    async def metrics(_request: web.Request) -> web.Response:
        data = await asyncio.to_thread(state.metrics.render)
        return web.Response(body=data, headers={"Content-Type": CONTENT_TYPE})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


@contextlib.asynccontextmanager
async def serve(state: HealthState, listen: Listen | None) -> AsyncIterator[int | None]:
    """Run the listener for the duration of the block; yields the bound port (None when off).

    A port that cannot be bound is a :class:`ConfigError` (exit status 2) that names it.
    """
    if listen is None:
        yield None
        return
    runner = web.AppRunner(build_web_app(state), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, listen.host, listen.port, reuse_address=True)
    try:
        await site.start()
    except OSError as e:
        await runner.cleanup()
        raise ConfigError(f"[health] port: cannot listen on {listen.host}:{listen.port} ({e.strerror or e})") from None
    bound = runner.addresses[0][1] if runner.addresses else listen.port
    log.info("health listener on http://%s:%s (/healthz, /metrics)", listen.host, bound)
    try:
        yield int(bound)
    finally:
        await runner.cleanup()


def probe(listen: Listen, *, timeout: float = PROBE_TIMEOUT) -> tuple[int, dict[str, Any] | None]:
    """``GET /healthz`` of a running bot: (HTTP status, its JSON), or (0, None) when nothing answers."""
    host = "127.0.0.1" if listen.host in ("0.0.0.0", "", "*") else "::1" if listen.host == "::" else listen.host
    shown = f"[{host}]" if ":" in host else host
    try:
        with urllib.request.urlopen(f"http://{shown}:{listen.port}/healthz", timeout=timeout) as resp:  # noqa: S310
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read())
        except ValueError:
            return e.code, None
    except (OSError, ValueError):
        return 0, None


__all__ = ["HealthState", "Listen", "build_web_app", "listen_address", "probe", "serve"]
