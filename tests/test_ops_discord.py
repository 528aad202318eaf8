"""``briefbot run`` on Discord (the fake, on loopback): /healthz sees the gateway, SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fakes.discord import FakeDiscord
from render_db import build

from bot.launcher import run
from briefings.config import Config, Secret, Secrets, Settings

pytest_plugins = ["fakes.discord.fixtures"]
pytestmark = pytest.mark.timeout(60)

TOKEN = "test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthz(port: int) -> tuple[int, dict[str, Any] | None]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
    except OSError:
        return 0, None


def test_health_follows_the_gateway_and_sigterm_stops_the_bot(fake_discord_run, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("BRIEFBOT_HEALTH_PORT", raising=False)
    monkeypatch.delenv("BRIEFBOT_HEALTH_HOST", raising=False)
    build(tmp_path / "bot.db").close()
    port = free_port()
    settings = Settings.model_validate({"demo": {"sample_feed": False}, "discord": {"guild_ready_timeout": 0.05},
                                        "health": {"port": port}})
    cfg = Config(settings=settings, secrets=Secrets(discord_token=Secret(TOKEN)), path=None, db_path=tmp_path / "bot.db")
    seen: dict[str, Any] = {}

    async def scenario(fake: FakeDiscord) -> None:
        bot = asyncio.create_task(run(cfg))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, body = await asyncio.to_thread(healthz, port)
            if status == 200:
                seen["up"] = body
                break
            await asyncio.sleep(0.1)
        begun = time.monotonic()
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.wait_for(bot, 10)  # returns normally: exit status 0
        seen["stop_seconds"] = time.monotonic() - begun
        seen["after"] = await asyncio.to_thread(healthz, port)

    fake_discord_run(scenario, token=TOKEN)
    assert seen["up"]["frontends"] == {"discord": {"connected": True}}
    assert seen["up"]["database"]["ok"] is True and seen["up"]["poll"]["enabled"] is True
    assert seen["stop_seconds"] < 10
    assert seen["after"] == (0, None)  # the listener is closed with the bot


def test_the_watchdog_is_disarmed_once_the_bot_has_stopped():
    from bot.lifecycle import graceful

    async def go() -> Any:
        async with graceful(deadline=0.5) as stop:
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.sleep(5)  # cancelled by the signal
        return stop

    stop = asyncio.run(go())
    assert stop.requested and stop.signal_name == "SIGTERM"
    time.sleep(1.0)  # past the deadline: a watchdog still armed would have ended this process
    assert stop._watchdog is not None and not stop._watchdog.is_alive()
