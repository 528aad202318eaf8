"""The health listener: /healthz (200 or 503 with JSON) and /metrics, on a real aiohttp server."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.cli import main
from bot.health import HealthState, Listen, listen_address, probe, serve
from briefings.config import HealthSettings
from briefings.errors import ConfigError
from briefings.metrics import Metrics
from storage import DatabaseRunner


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_listen_address_is_off_by_default_and_loopback():
    assert listen_address(HealthSettings(), {}) is None
    assert listen_address(HealthSettings(port=9108), {}) == Listen("127.0.0.1", 9108)
    assert listen_address(HealthSettings(), {"BRIEFBOT_HEALTH_PORT": "9200"}) == Listen("127.0.0.1", 9200)
    assert listen_address(HealthSettings(port=9108), {"BRIEFBOT_HEALTH_PORT": "off"}) is None
    assert listen_address(HealthSettings(port=1), {"BRIEFBOT_HEALTH_PORT": "80", "BRIEFBOT_HEALTH_HOST": "0.0.0.0"}) \
        == Listen("0.0.0.0", 80)
    for bad in ("x", "70000", "-1"):
        with pytest.raises(ConfigError, match="BRIEFBOT_HEALTH_PORT"):
            listen_address(HealthSettings(), {"BRIEFBOT_HEALTH_PORT": bad})


def test_healthz_and_metrics(tmp_path):
    clock = Clock()
    metrics = Metrics()
    connected = {"discord": True}

    async def go():
        with DatabaseRunner(tmp_path / "h.db") as runner:
            state = HealthState(runner, metrics, poll_interval_seconds=60, clock=clock)
            state.frontend("discord", lambda: connected["discord"])
            async with serve(state, Listen("127.0.0.1", 0)) as port:
                assert port
                results = {"fresh": await asyncio.to_thread(get, port, "/healthz")}
                metrics.poll_completed(clock.now)
                clock.now += 30
                results["polled"] = await asyncio.to_thread(get, port, "/healthz")
                connected["discord"] = False
                results["disconnected"] = await asyncio.to_thread(get, port, "/healthz")
                connected["discord"] = True
                clock.now += 3600  # no poll for an hour at a one-minute interval
                results["stale"] = await asyncio.to_thread(get, port, "/healthz")
                results["metrics"] = await asyncio.to_thread(get, port, "/metrics")
                results["missing"] = await asyncio.to_thread(get, port, "/nothing")
        return results

    r = asyncio.run(go())
    status, body = r["fresh"]
    data = json.loads(body)
    assert status == 200 and data["status"] == "ok"
    assert data["database"]["ok"] is True and data["frontends"] == {"discord": {"connected": True}}
    assert data["poll"]["enabled"] is True and data["poll"]["last_success"] is None
    status, body = r["polled"]
    assert status == 200 and json.loads(body)["poll"]["age_seconds"] == 30.0
    status, body = r["disconnected"]
    assert status == 503 and json.loads(body)["frontends"]["discord"]["connected"] is False
    status, body = r["stale"]
    assert status == 503 and json.loads(body)["poll"]["stale"] is True
    status, text = r["metrics"]
    assert status == 200 and "briefbot_feed_polls_total 1.0" in text and "# TYPE briefbot_answer_seconds histogram" in text
    assert r["missing"][0] == 404


def test_an_unreachable_database_is_503(tmp_path):
    async def go():
        runner = DatabaseRunner(tmp_path / "gone.db")
        state = HealthState(runner, Metrics())
        runner.close()  # every read now fails
        return await state.report()

    healthy, body = asyncio.run(go())
    assert not healthy and body["database"]["ok"] is False and body["status"] == "unhealthy"


def test_a_port_in_use_is_a_config_error(tmp_path):
    async def go():
        with DatabaseRunner(tmp_path / "p.db") as runner:
            state = HealthState(runner, Metrics())
            async with serve(state, Listen("127.0.0.1", 0)) as port:
                with pytest.raises(ConfigError, match=f"127.0.0.1:{port}"):
                    async with serve(state, Listen("127.0.0.1", port)):
                        pass

    asyncio.run(go())


class _Background:
    """A health listener on its own loop in a thread, for the synchronous `briefbot health` call."""

    def __init__(self, path: Path, connected: bool) -> None:
        self.path, self.connected = path, connected
        self.port = 0
        self.ready, self.stop = threading.Event(), None
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self.stop = asyncio.Event()
        with DatabaseRunner(self.path) as runner:
            state = HealthState(runner, Metrics())
            state.frontend("console", lambda: self.connected)
            async with serve(state, Listen("127.0.0.1", 0)) as port:
                self.port = port or 0
                self.loop = asyncio.get_running_loop()
                self.ready.set()
                await self.stop.wait()

    def __enter__(self) -> _Background:
        self.thread.start()
        assert self.ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(10)


@pytest.mark.parametrize("connected", [True, False])
def test_briefbot_health_exits_by_the_answer(tmp_path, monkeypatch, capsys, connected):
    monkeypatch.delenv("BRIEFBOT_HEALTH_PORT", raising=False)
    monkeypatch.chdir(tmp_path)
    with _Background(tmp_path / "b.db", connected) as bg:
        code = main(["--db", str(tmp_path / "b.db"), "health", "--port", str(bg.port), "--json"])
        assert probe(Listen("0.0.0.0", bg.port))[0] == (200 if connected else 503)
    body = json.loads(capsys.readouterr().out)
    assert code == (0 if connected else 1)
    assert body["status"] == ("ok" if connected else "unhealthy")


def test_briefbot_health_with_nothing_listening(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_HEALTH_PORT", "9")
    assert main(["health"]) == 1
    assert "nothing answers on port 9" in capsys.readouterr().out
    monkeypatch.delenv("BRIEFBOT_HEALTH_PORT")
    assert main(["health"]) == 2  # off: nothing to ask
