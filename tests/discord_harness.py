"""The bot on the fake Discord, for the Discord test modules: its config, a running client, and
readers of what a message payload shows (one walker over the JSON)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

from fakes.discord import FakeDiscord

from bot.discord.app import build_client
from bot.launcher import open_app
from briefings.config import Config, Secrets, Settings

TOKEN = "test-token"


def config(db: Path, **sections: Any) -> Config:
    data: dict[str, Any] = {"demo": {"sample_feed": False}, "discord": {"guild_ready_timeout": 0.05}}
    data.update(sections)
    return Config(settings=Settings.model_validate(data), secrets=Secrets(), path=None, db_path=db)


@contextlib.asynccontextmanager
async def running(fake: FakeDiscord, cfg: Config) -> AsyncIterator[Any]:
    async with open_app(cfg) as app:
        client = build_client(app)
        async with fake.run_client(client, token=TOKEN):
            yield client


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from nodes(v)
    elif isinstance(node, list):
        for v in node:
            yield from nodes(v)


def _strings(node: Any, pick: Callable[[dict[str, Any]], Any]) -> list[str]:
    return [v for n in nodes(node) if isinstance(v := pick(n), str)]


def contents(node: Any) -> str:
    """Every text a message payload displays (Components V2 text displays and plain content)."""
    return "\n".join(_strings(node, lambda n: n.get("content")))


def custom_ids(node: Any) -> list[str]:
    return _strings(node, lambda n: n.get("custom_id"))


def media_urls(node: Any) -> list[str]:
    return _strings(node, lambda n: n["media"].get("url") if isinstance(n.get("media"), dict) else None)
