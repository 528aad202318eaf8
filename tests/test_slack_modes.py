"""How the Slack front-end starts: Socket Mode and HTTP mode, the settings and the environment, a wrong
token, ``briefbot run`` on Slack alone and beside Discord (one hub), and the app manifest."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from fakes.slack import GENERAL, FakeSlack, all_text
from fakes.slack.harness import config, options_for, run, running_bot
from render_db import build

from bot.slack.app import SlackBot, SlackOptions
from briefings.config import Config, Secret, Secrets, Settings
from briefings.errors import ConfigError, PlatformError

pytestmark = pytest.mark.timeout(60)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    build(tmp_path / "bot.db").close()
    return tmp_path / "bot.db"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_socket_mode_builds_with_an_app_token_and_answers_over_the_websocket(db_path):
    async def scenario(fake: FakeSlack) -> None:
        async with running_bot(fake, config(db_path), mode="socket") as bot:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            assert bot.options.mode == "socket" and isinstance(bot.handler, AsyncSocketModeHandler)
            [opened] = fake.calls_to("apps.connections.open")
            assert opened.token == fake.app_token and opened.ok
            await fake.wait_for(bot.connected)
            envelope, url = await fake.socket_command("pledges UK")
            ack = await fake.wait_for(lambda: fake.socket_acks.get(envelope))
            assert ack["envelope_id"] == envelope
            [body] = await fake.responses(url)
            assert "United Kingdom" in all_text(body)
            envelope, _ = await fake.socket_command("pledgs")  # refused in the acknowledgement's payload
            ack = await fake.wait_for(lambda: fake.socket_acks.get(envelope))
            assert "Did you mean /brief pledges?" in ack["payload"]["text"]
            event, msg = fake.mention_event("Will Denmark send troops?")
            envelope = await fake.socket_event(event)
            await fake.wait_for(lambda: fake.socket_acks.get(envelope))
            [answer] = await fake.thread_replies(GENERAL, msg.ts)
            assert "Denmark" in all_text(answer.body)
        assert not bot.connected()

    run(scenario)


def test_a_wrong_bot_token_is_a_clear_failure(db_path):
    async def scenario(fake: FakeSlack) -> None:
        from bot.launcher import open_app

        cfg = config(db_path)
        async with open_app(cfg) as app:
            options = options_for(fake, cfg)
            wrong = SlackOptions(**{**options.__dict__, "bot_token": "xoxb-wrong"})
            with pytest.raises(PlatformError, match="refused the token"):
                async with SlackBot(app, wrong):
                    pass
            assert [c.error for c in fake.calls_to("auth.test")] == ["invalid_auth"]

    run(scenario)


def test_options_come_from_settings_secrets_and_the_environment():
    settings = Settings.model_validate({"slack": {"http_port": 3100, "api_url": "https://slack-gov.com/api"}}).slack
    http = Secrets(slack_bot_token=Secret("xoxb-1"), slack_signing_secret=Secret("s"))
    got = SlackOptions.resolve(settings, http, env={})
    assert (got.mode, got.http_port, got.api_url, got.path, got.http_host) == (
        "http", 3100, "https://slack-gov.com/api/", "/slack/events", "127.0.0.1")
    got = SlackOptions.resolve(settings, http, env={"SLACK_HTTP_PORT": "8080", "SLACK_API_URL": "http://127.0.0.1:9/api"})
    assert (got.http_port, got.api_url) == (8080, "http://127.0.0.1:9/api/")
    both = Secrets(slack_bot_token=Secret("xoxb-1"), slack_signing_secret=Secret("s"), slack_app_token=Secret("xapp-1"))
    assert SlackOptions.resolve(settings, both, env={}).mode == "socket"  # the app token wins
    assert "xoxb-1" not in repr(SlackOptions.resolve(settings, both, env={}))
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        SlackOptions.resolve(settings, Secrets(slack_bot_token=Secret("xoxb-1")), env={})
    with pytest.raises(ConfigError, match="SLACK_HTTP_PORT"):
        SlackOptions.resolve(settings, http, env={"SLACK_HTTP_PORT": "eighty"})
    with pytest.raises(ConfigError, match="SLACK_API_URL"):
        SlackOptions.resolve(settings, http, env={"SLACK_API_URL": "slack.com"})
    with pytest.raises(ConfigError, match="slack.path"):
        from briefings.config import parse_settings

        parse_settings({"slack": {"path": "slack/events"}})


def slack_config(db: Path, fake: FakeSlack, port: int, **extra: Any) -> Config:
    data: dict[str, Any] = {"demo": {"sample_feed": False}, "slack": {"api_url": fake.api_url, "http_port": port},
                            "discord": {"guild_ready_timeout": 0.05}}
    secrets = Secrets(slack_bot_token=Secret(fake.bot_token), slack_signing_secret=Secret(fake.signing_secret),
                      **extra)
    return Config(settings=Settings.model_validate(data), secrets=secrets, path=None, db_path=db)


async def until_serving(fake: FakeSlack, task: asyncio.Task[Any]) -> None:
    for _ in range(200):
        if task.done():
            task.result()
        with contextlib.suppress(OSError):
            if (await fake.command("about")).status == 200:
                return
        await asyncio.sleep(0.05)
    raise AssertionError("briefbot run never served Slack")


def test_briefbot_run_serves_slack_in_http_mode(db_path, monkeypatch):
    from bot.launcher import run as briefbot_run

    monkeypatch.delenv("SLACK_HTTP_PORT", raising=False)
    monkeypatch.delenv("SLACK_API_URL", raising=False)

    async def scenario(fake: FakeSlack) -> None:
        port = free_port()
        task = asyncio.create_task(briefbot_run(slack_config(db_path, fake, port)))
        fake.bot_url = f"http://127.0.0.1:{port}/slack/events"
        try:
            await until_serving(fake, task)
            sent = await fake.command("pledges UK")
            [body] = await fake.responses(sent.response_url)
            assert "United Kingdom" in all_text(body)
            assert (await fake.command("pledges", secret=None)).status == 401
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    run(scenario)


def test_briefbot_run_serves_discord_and_slack_together_with_one_hub(db_path, monkeypatch):
    from fakes.discord import FakeDiscord

    import bot.platforms
    from bot.launcher import run as briefbot_run

    monkeypatch.delenv("SLACK_HTTP_PORT", raising=False)
    monkeypatch.delenv("SLACK_API_URL", raising=False)
    hubs: list[Any] = []
    real_init = bot.platforms.Hub.__init__

    def counting(self: Any, app: Any) -> None:
        real_init(self, app)
        hubs.append(self)

    monkeypatch.setattr(bot.platforms.Hub, "__init__", counting)

    async def scenario(fake: FakeSlack) -> None:
        async with FakeDiscord() as discord_fake:
            with discord_fake.patch_discord():
                port = free_port()
                cfg = slack_config(db_path, fake, port, discord_token=Secret("test-token"))
                task = asyncio.create_task(briefbot_run(cfg))
                fake.bot_url = f"http://127.0.0.1:{port}/slack/events"
                try:
                    await until_serving(fake, task)
                    await discord_fake.wait_until(lambda: discord_fake.find_command("about") is not None,
                                                  timeout=10)
                    ix = await discord_fake.send_slash_command("about", {})
                    cb = await discord_fake.wait_for_callback(ix)
                    assert "About" in str(cb.json)
                    sent = await fake.command("about")
                    assert "About" in all_text((await fake.responses(sent.response_url))[0])
                    assert len(hubs) == 1 and set(hubs[0]._posters) == {"discord", "slack"}
                finally:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task

    run(scenario)


def test_the_manifest_declares_what_the_code_listens_to():
    manifest = (ROOT / "slack-manifest.yml").read_text()
    assert re.search(r"- command: /brief\n", manifest) and "should_escape: true" in manifest
    assert Settings().slack.command == "/brief"
    events = re.search(r"bot_events:\n((?:\s+- .+\n)+)", manifest)
    scopes = re.search(r"bot:\n((?:\s+- .+\n)+)", manifest)
    assert events and scopes
    assert set(re.findall(r"- (\S+)", events.group(1))) == {"app_mention", "message.im", "assistant_thread_started",
                                                           "assistant_thread_context_changed"}
    needed = {"commands", "chat:write", "app_mentions:read", "im:history", "users:read", "channels:read",
              "files:write", "assistant:write"}
    assert needed <= set(re.findall(r"- (\S+)", scopes.group(1)))
    assert "interactivity:\n    is_enabled: true" in manifest
