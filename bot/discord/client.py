"""The Discord client: built by the launcher inside the running loop, resources started in ``setup_hook``.

``setup_hook`` runs once per process (not on reconnects): it adds the commands, registers the
persistent buttons, starts the services (the scheduler among them, exactly once) and syncs the
commands only when their definitions changed (a hash kept in SQLite): to the development server
when one is configured, else globally. Mentions of the bot are answered as questions, in a reply
(in a thread, in the thread), where the server's settings allow it. Nothing here pings anyone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from typing import Any, Protocol

import discord
from discord import app_commands

from bot.discord.commands import COMMANDS, asker
from bot.discord.send import NO_MENTIONS, ReplyButton, post_to_channel, send_error
from briefings.commands import Briefings
from briefings.config import DiscordSettings
from briefings.errors import BriefingError
from briefings.feeds_admin import FeedAdmin
from briefings.replies import Reply

log = logging.getLogger(__name__)

_MENTION = re.compile(r"<@!?(\d+)>")


class Services(Protocol):
    """What the Discord front-end needs from the core (built by the launcher)."""

    briefings: Briefings
    feeds: FeedAdmin

    async def start(self, client: BriefBot) -> None: ...
    async def stop(self) -> None: ...
    async def ask_is_ephemeral(self, guild_id: int | None) -> bool: ...
    async def mentions_allowed(self, guild_id: int | None, channel_id: int) -> bool: ...
    async def subscribe(self, *, guild: str, channel: str, time: str, timezone: str, by: str,
                        channel_name: str) -> Reply: ...
    async def unsubscribe(self, *, channel: str, channel_name: str) -> Reply: ...
    async def subscriptions(self, guild: str) -> Reply: ...
    async def update_settings(self, guild: str, *, mentions: str | None, channel: str | None,
                              private_answers: bool | None) -> Reply: ...
    async def get_meta(self, key: str) -> str | None: ...
    async def set_meta(self, key: str, value: str) -> None: ...


class BriefTree(app_commands.CommandTree["BriefBot"]):
    async def on_error(self, interaction: discord.Interaction[BriefBot],
                       error: app_commands.AppCommandError) -> None:
        cause: BaseException = error
        while isinstance(cause, app_commands.CommandInvokeError | app_commands.TransformerError) and cause.__cause__:
            cause = cause.__cause__
        if isinstance(cause, BriefingError):
            await send_error(interaction, str(cause))
        elif isinstance(cause, app_commands.CheckFailure):
            await send_error(interaction, "You may not use this command here.")
        else:
            log.error("command failed (interaction %s)", interaction.id, exc_info=cause)
            await send_error(interaction, "Something went wrong with that command; it has been logged.")


def commands_hash(tree: app_commands.CommandTree[Any]) -> str:
    payload = sorted((c.to_dict(tree) for c in tree.get_commands()), key=lambda d: str(d.get("name")))
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class BriefBot(discord.AutoShardedClient):
    def __init__(self, services: Services, settings: DiscordSettings, **options: Any) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True  # messages that mention the bot carry their content without the privileged intent
        intents.dm_messages = True
        if settings.shard_ids:
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(intents=intents, allowed_mentions=NO_MENTIONS, shard_count=settings.shard_count,
                         guild_ready_timeout=settings.guild_ready_timeout, **options)
        self.services = services
        self.settings = settings
        self.tree = BriefTree(self)
        self._set_up = False

    async def setup_hook(self) -> None:
        if self._set_up:  # never twice in one process, whatever the gateway does
            return
        self._set_up = True
        for command in COMMANDS:
            self.tree.add_command(command)
        self.add_dynamic_items(ReplyButton)
        await self.services.start(self)
        await self.sync_commands()

    async def sync_commands(self) -> bool:
        """Sync when the definitions changed since the last sync to the same place. True if synced."""
        guild = discord.Object(id=self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild:
            self.tree.copy_global_to(guild=guild)
        key = f"discord_commands:{guild.id if guild else 'global'}"
        digest = commands_hash(self.tree)
        if await self.services.get_meta(key) == digest:
            log.info("slash commands unchanged: not syncing")
            return False
        synced = await self.tree.sync(guild=guild)
        await self.services.set_meta(key, digest)
        log.info("synced %d slash commands %s", len(synced), f"to server {guild.id}" if guild else "globally")
        return True

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None or self.user not in message.mentions:
            return
        if not await self.services.mentions_allowed(message.guild.id if message.guild else None, message.channel.id):
            return
        question = _MENTION.sub(lambda m: "" if int(m.group(1)) == self.user.id else m.group(0),  # type: ignore[union-attr]
                                message.content).strip()
        if not question:
            return
        b = self.services.briefings
        try:
            async with message.channel.typing():
                reply = await b.ask(question, asker=f"discord:{message.author.id}",
                                    conversation=f"discord:{message.channel.id}")
        except BriefingError as e:
            reply = Reply.failure(str(e))
        await self._reply_to(message, reply)

    async def _reply_to(self, message: discord.Message, reply: Reply) -> None:
        try:
            await post_to_channel(message.channel, reply, bot=self, reference=message)
        except discord.HTTPException:
            log.exception("could not answer the mention in message %s", message.id)

    async def close(self) -> None:
        try:
            await self.services.stop()
        finally:
            await super().close()


__all__ = ["BriefBot", "Services", "asker", "commands_hash"]
