"""The bot wired to a fake OpenAI server, for the LLM engine's tests: a config file and the app.

    async with llm_app(tmp_path, fake, timeout_seconds=2) as app:
        await app.ingestor.ingest_sources([str(feed(tmp_path))])

``write_config`` writes ``config.toml`` with an ``[llm]`` section (any LLMSettings key); the key
is passed in the environment the config is loaded with, the base URL through ``OPENAI_BASE_URL``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot.launcher import App, open_app
from briefings.config import Config, load_config

from .server import FakeOpenAI

KEY = "sk-test-harness-key-7731"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def write_config(folder: Path, *, db: str = "bot.db", **llm: Any) -> Path:
    lines = ["[database]", f"path = {json.dumps(db)}", "", "[demo]", "sample_feed = false", "", "[llm]"]
    lines += [f"{k} = {_toml(v)}" for k, v in llm.items()]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def config_for(folder: Path, *, key: str | None = KEY, **llm: Any) -> Config:
    env = {"OPENAI_API_KEY": key} if key else {}
    return load_config(write_config(folder, **llm), env=env)


@contextlib.asynccontextmanager
async def llm_app(folder: Path, fake: FakeOpenAI | None, *, key: str | None = KEY, **llm: Any) -> AsyncIterator[App]:
    """The app over ``folder/bot.db`` with the LLM engine pointed at ``fake`` (off when ``fake`` is None)."""
    old = os.environ.get("OPENAI_BASE_URL")
    if fake is not None:
        os.environ["OPENAI_BASE_URL"] = fake.base_url
    else:
        llm.setdefault("enabled", False)
    try:
        async with open_app(config_for(folder, key=key, **llm)) as app:
            yield app
    finally:
        if old is None:
            os.environ.pop("OPENAI_BASE_URL", None)
        else:
            os.environ["OPENAI_BASE_URL"] = old


def env_for(fake: FakeOpenAI, key: str = KEY) -> dict[str, str]:
    """The environment of a ``briefbot`` subprocess that talks to ``fake``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "DISCORD", "SLACK", "BRIEFBOT"))}
    return {**env, "OPENAI_API_KEY": key, "OPENAI_BASE_URL": fake.base_url}


__all__ = ["KEY", "config_for", "env_for", "llm_app", "write_config"]
