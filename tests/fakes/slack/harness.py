"""The project's Slack bot wired to the fake Slack, as ``briefbot run`` wires it (tests only).

``async with running_bot(fake, config) as bot`` opens the app over the configured database, builds
the bot in HTTP mode (or Socket Mode with ``mode="socket"``) against the fake's Web API, starts it
(``auth.test``, the shared scheduler, the endpoint or the websocket) and points the fake at it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

from bot.launcher import open_app
from bot.platforms import Hub
from bot.slack.app import SlackBot, SlackOptions
from briefings.config import Config, Secret, Secrets, Settings

from .blocks import all_text
from .server import FakeSlack, Message

SLACK_HOSTILE = ("<!everyone> <!channel> <!here> Estonia <@U123> <#C999|secret> will send <https://evil.test/x|"
                 "a platoon> of engineers & medics, @channel says <!subteam^S1>.")


def add_slack_hostile(path: Path) -> None:
    """One more article in a render database, written to ping a Slack workspace: every way Slack knows."""
    from render_db import fact

    from briefings.knowledge import refresh_pledges
    from storage import open_database
    from storage.articles import ArticleRecord, Knowledge, save_article

    db = open_database(path)
    rec = ArticleRecord(guid="north:slack", url="https://north.test/slack", canonical_url="https://north.test/slack",
                        title="Report <!here> & <@U123>", outlet="North <Desk>", published="2025-04-03T09:00:00Z",
                        updated=None, text="text", content_hash="slack", relevance=9.0, relevant=True)
    save_article(db, rec, Knowledge(facts=[fact("EE", "committed", "2025-04-03", SLACK_HOSTILE, cat="logistics")],
                                    events=[]), lambda _c: None, facts_changed=refresh_pledges)
    db.close()


def config(db: Path, **sections: Any) -> Config:
    data: dict[str, Any] = {"demo": {"sample_feed": False}}
    data.update(sections)
    return Config(settings=Settings.model_validate(data), secrets=Secrets(), path=None, db_path=db)


def secrets_for(fake: FakeSlack, mode: str) -> Secrets:
    if mode == "socket":
        return Secrets(slack_bot_token=Secret(fake.bot_token), slack_app_token=Secret(fake.app_token))
    return Secrets(slack_bot_token=Secret(fake.bot_token), slack_signing_secret=Secret(fake.signing_secret))


def options_for(fake: FakeSlack, cfg: Config, mode: str = "http") -> SlackOptions:
    return SlackOptions.resolve(cfg.settings.slack, secrets_for(fake, mode),
                                env={"SLACK_API_URL": fake.api_url, "SLACK_HTTP_PORT": "0"})


@contextlib.asynccontextmanager
async def running_bot(fake: FakeSlack, cfg: Config, *, mode: str = "http", hub: Hub | None = None,
                      prepare: Callable[[Any], None] | None = None) -> AsyncIterator[SlackBot]:
    async with open_app(cfg) as app:
        if prepare is not None:
            prepare(app)
        bot = SlackBot(app, options_for(fake, cfg, mode), hub)
        async with bot:
            if mode == "http":
                fake.bot_url = bot.url
            yield bot


def button_ids(body: dict[str, Any] | Message) -> list[str]:
    blocks = body.blocks if isinstance(body, Message) else body.get("blocks") or []
    return [el["action_id"] for b in blocks if b["type"] == "actions" for el in b["elements"]]


async def reply_to(fake: FakeSlack, text: str, **kw: Any) -> dict[str, Any]:
    sent = await fake.command(text, **kw)
    assert sent.status == 200, sent.body
    assert sent.response_url
    [body] = await fake.responses(sent.response_url)
    return body


def created(fake: FakeSlack, url: str) -> Message:
    return fake.response(url).created[-1]


def run(scenario: Callable[[FakeSlack], Coroutine[Any, Any, Any]], **options: Any) -> Any:
    """``await scenario(fake)`` in a fresh event loop, with a fake Slack running for it."""

    async def main() -> Any:
        async with FakeSlack(**options) as fake:
            return await scenario(fake)

    return asyncio.run(main())


__all__ = ["SLACK_HOSTILE", "add_slack_hostile", "all_text", "button_ids", "config", "created", "reply_to", "options_for", "run", "running_bot", "secrets_for"]
