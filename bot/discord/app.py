"""Running the bot on Discord: the services the client uses, built from the launcher's app.

:func:`run_discord` is called by the launcher inside the running loop. The client starts the
services in ``setup_hook`` (the scheduler exactly once) and stops them on close. A wrong token is
one log line and :class:`~briefings.errors.PlatformError` (exit status 1).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import discord

from bot.discord.client import BriefBot
from bot.discord.send import post_to_channel
from bot.platforms import Hub
from briefings.errors import PlatformError
from briefings.feeds_admin import FeedAdmin
from briefings.replies import Reply
from briefings.schedule.digests import Destination
from briefings.server_admin import ServerAdmin
from storage import knowledge as kq

if TYPE_CHECKING:
    from bot.launcher import App

log = logging.getLogger(__name__)

PLATFORM = "discord"


class DiscordServices:
    """The core's services for one Discord client (see :class:`bot.discord.client.Services`)."""

    def __init__(self, app: App, hub: Hub | None = None) -> None:
        settings = app.config.settings
        self.app = app
        self.owns_hub = hub is None  # a hub built here is closed here; the launcher's is closed by it
        hub = hub or Hub(app)
        self.hub = hub
        self.briefings = app.briefings
        self.feeds = FeedAdmin(app.runner, app.fetcher, allow_private=settings.limits.allow_private_feed_addresses)
        self.client: BriefBot | None = None
        self.digests = hub.digests
        self.scheduler = hub.scheduler
        self.admin = ServerAdmin(app.runner, hub.scheduler, platform=PLATFORM)
        hub.register(PLATFORM, self._send)

    async def start(self, client: BriefBot) -> None:
        self.client = client
        await self.hub.start()

    async def stop(self) -> None:
        if self.owns_hub:
            await self.hub.close()

    async def _channel(self, channel_id: str) -> discord.abc.Messageable:
        if self.client is None:
            raise PlatformError("the Discord client is not running")
        channel = self.client.get_channel(int(channel_id)) or await self.client.fetch_channel(int(channel_id))
        if not isinstance(channel, discord.abc.Messageable):
            raise PlatformError(f"channel {channel_id} cannot receive messages")
        return channel

    async def _send(self, dest: Destination, reply: Reply) -> None:
        data = reply.to_json()
        args = {"since": data.get("since"), "until": data.get("until")} if isinstance(data, dict) else {}
        await post_to_channel(await self._channel(dest.channel_id), reply, bot=self.client, args=args)

    async def ask_is_ephemeral(self, guild_id: int | None) -> bool:
        return await self.admin.ask_is_ephemeral(str(guild_id) if guild_id else None)

    async def mentions_allowed(self, guild_id: int | None, channel_id: int) -> bool:
        return await self.admin.mentions_allowed(str(guild_id) if guild_id else None, str(channel_id))

    async def subscribe(self, *, guild: str, channel: str, time: str, timezone: str, by: str,
                        channel_name: str) -> Reply:
        return await self.admin.subscribe(guild=guild, channel=channel, time=time, timezone=timezone,
                                          by=f"discord:{by}", channel_name=channel_name)

    async def unsubscribe(self, *, channel: str, channel_name: str) -> Reply:
        return await self.admin.unsubscribe(channel=channel, channel_name=channel_name)

    async def subscriptions(self, guild: str) -> Reply:
        return await self.admin.subscriptions(guild)

    async def update_settings(self, guild: str, *, mentions: str | None, channel: str | None,
                              private_answers: bool | None) -> Reply:
        return await self.admin.update_settings(guild, mentions=mentions, channel=channel,
                                                private_answers=private_answers)

    async def get_meta(self, key: str) -> str | None:
        value: str | None = await self.app.runner.call(kq.get_meta, key)
        return value

    async def set_meta(self, key: str, value: str) -> None:
        await self.app.runner.call(kq.set_meta, key, value)


def build_client(app: App, hub: Hub | None = None) -> BriefBot:
    return BriefBot(DiscordServices(app, hub), app.config.settings.discord)


async def run_discord(app: App, token: str, hub: Hub | None = None, *,
                      started: Callable[[BriefBot], object] | None = None) -> None:
    """Run the client until it closes; ``started`` is told the client once it is built (health checks)."""
    client = build_client(app, hub)
    if started is not None:
        started(client)
    try:
        async with client:
            await client.start(token)
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN (Developer Portal → your application → Bot)")
        raise PlatformError("Discord refused the token in DISCORD_TOKEN") from None
    except discord.PrivilegedIntentsRequired as e:
        raise PlatformError(f"Discord refused an intent the bot asked for: {e}") from None
