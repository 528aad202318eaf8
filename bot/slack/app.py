"""Running the bot on Slack: the bolt ``AsyncApp``, in Socket Mode or HTTP mode, inside the launcher's loop.

* **Socket Mode** (``SLACK_BOT_TOKEN`` and ``SLACK_APP_TOKEN``): the app opens a websocket to Slack
  (``apps.connections.open``); no public URL is needed. This is the default when both are set.
* **HTTP mode** (``SLACK_BOT_TOKEN`` and ``SLACK_SIGNING_SECRET``, no app token): Slack posts commands,
  events and button clicks to ``[slack] http_host:http_port`` + ``path`` (``SLACK_HTTP_PORT``
  overrides the port); bolt checks each request's signature and age, and refuses the rest.

The Web API is ``[slack] api_url`` (``SLACK_API_URL`` overrides it). At start the token is checked
with ``auth.test``: a wrong one is one log line and :class:`~briefings.errors.PlatformError`
(exit status 1). The services start the shared scheduler (once per process) and stop with the app.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms import Hub
from bot.slack.actions import Buttons
from bot.slack.commands import SlashCommands
from bot.slack.events import Conversations
from bot.slack.send import api_error
from bot.slack.services import SlackServices
from briefings.config import Secrets, SlackSettings
from briefings.errors import ConfigError, PlatformError

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    from bot.launcher import App

log = logging.getLogger(__name__)

Mode = Literal["socket", "http"]


@dataclass(frozen=True)
class SlackOptions:
    """What the Slack front-end runs with: the configured settings, the environment's overrides, the secrets."""

    mode: Mode
    bot_token: str
    app_token: str | None
    signing_secret: str | None
    api_url: str
    http_host: str
    http_port: int
    path: str

    @classmethod
    def resolve(cls, settings: SlackSettings, secrets: Secrets, env: Mapping[str, str] | None = None) -> SlackOptions:
        env = os.environ if env is None else env
        if secrets.slack_bot_token is None:
            raise ConfigError("SLACK_BOT_TOKEN: required to run on Slack (OAuth & Permissions → Bot User OAuth Token)")
        app_token = secrets.slack_app_token.get() if secrets.slack_app_token else None
        signing = secrets.slack_signing_secret.get() if secrets.slack_signing_secret else None
        if not app_token and not signing:
            raise ConfigError("SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET "
                              "(HTTP mode): set one of them")
        port = settings.http_port
        raw_port = env.get("SLACK_HTTP_PORT", "").strip()
        if raw_port:
            if not raw_port.isdigit() or int(raw_port) > 65535:
                raise ConfigError(f"SLACK_HTTP_PORT: expected a port number from 0 to 65535 (got {raw_port!r})")
            port = int(raw_port)
        api_url = env.get("SLACK_API_URL", "").strip() or settings.api_url
        if not re.match(r"https?://[^\s/]+", api_url):
            raise ConfigError(f"SLACK_API_URL: expected an http(s) URL such as https://slack.com/api/ (got {api_url!r})")
        return cls(mode="socket" if app_token else "http", bot_token=secrets.slack_bot_token.get(),
                   app_token=app_token, signing_secret=signing, api_url=api_url.rstrip("/") + "/",
                   http_host=settings.http_host, http_port=port, path=settings.path)

    def __repr__(self) -> str:  # never the tokens
        return f"SlackOptions(mode={self.mode!r}, api_url={self.api_url!r}, port={self.http_port})"


def build_bolt(services: SlackServices, options: SlackOptions) -> AsyncApp:
    """The bolt app with every listener: ``/brief``, mentions, DMs and the assistant pane, buttons, the form."""
    bolt = AsyncApp(client=services.client, signing_secret=options.signing_secret or "",
                    request_verification_enabled=options.mode == "http", process_before_response=False,
                    name="briefbot", logger=logging.getLogger("bot.slack.bolt"))
    SlashCommands(services).register(bolt)
    Buttons(services).register(bolt)
    Conversations(services).register(bolt)
    return bolt


class SlackBot:
    """One Slack app in the running loop: ``await start()``, then ``await stop()`` (or ``async with``)."""

    def __init__(self, app: App, options: SlackOptions, hub: Hub | None = None) -> None:
        self.options = options
        self.client = AsyncWebClient(token=options.bot_token, base_url=options.api_url)
        self.services = SlackServices(app, self.client, app.config.settings.slack, hub)
        self.bolt = build_bolt(self.services, options)
        self.handler: AsyncSocketModeHandler | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def url(self) -> str:
        """The HTTP mode endpoint (for tests and the log line)."""
        return f"http://{self.options.http_host}:{self.port}{self.options.path}"

    def connected(self) -> bool:
        """Serving requests: the HTTP endpoint listening, or the Socket Mode websocket open."""
        if self.options.mode == "http":
            return self._runner is not None
        session = getattr(self.handler.client, "current_session", None) if self.handler else None
        return session is not None and not session.closed

    def socket_handler(self) -> AsyncSocketModeHandler:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        if self.handler is None:
            self.handler = AsyncSocketModeHandler(self.bolt, self.options.app_token, web_client=self.client)
        return self.handler

    async def check_token(self) -> None:
        try:
            who = await self.client.auth_test()
        except SlackApiError as e:
            log.error("Slack refused the token (%s): check SLACK_BOT_TOKEN (OAuth & Permissions → Bot User "
                      "OAuth Token)", api_error(e))
            raise PlatformError("Slack refused the token in SLACK_BOT_TOKEN") from None
        log.info("signed in to Slack as %s in %s", who.get("user"), who.get("team"))

    async def start(self) -> None:
        await self.check_token()
        await self.services.start()
        try:
            if self.options.mode == "socket":
                await self.socket_handler().connect_async()
                log.info("Slack: connected in Socket Mode")
            else:
                await self._serve_http()
        except BaseException:
            await self.services.stop()
            raise

    async def _serve_http(self) -> None:
        runner = web.AppRunner(self.bolt.web_app(path=self.options.path), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.options.http_host, self.options.http_port)
        try:
            await site.start()
        except OSError as e:
            await runner.cleanup()
            raise PlatformError(f"cannot listen on {self.options.http_host}:{self.options.http_port} for Slack: "
                                f"{e.strerror}") from None
        self._runner = runner
        addresses = runner.addresses
        self.port = int(addresses[0][1]) if addresses else self.options.http_port
        log.info("Slack: HTTP mode, listening on %s", self.url)

    async def stop(self) -> None:
        try:
            if self.handler is not None:
                await self.handler.close_async()
            if self._runner is not None:
                runner, self._runner = self._runner, None
                await runner.cleanup()
        finally:
            await self.services.stop()

    async def __aenter__(self) -> SlackBot:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


async def run_slack(app: App, hub: Hub | None = None, *, options: SlackOptions | None = None,
                    started: Callable[[SlackBot], object] | None = None) -> None:
    """``briefbot run`` on Slack, until cancelled; ``started`` is told the bot once it is built (health checks)."""
    options = options or SlackOptions.resolve(app.config.settings.slack, app.config.secrets)
    bot = SlackBot(app, options, hub)
    if started is not None:
        started(bot)
    async with bot:
        await asyncio.Event().wait()


__all__ = ["SlackBot", "SlackOptions", "build_bolt", "run_slack"]
