"""The slash commands: exactly the names and options of the Discord issue, each described.

Each command parses its options (through the transformers over the core's parsers), calls one
``Briefings`` coroutine and sends the reply. Slow work (answers, digests, adding a feed) defers
first. The admin groups (``/digest subscribe|unsubscribe``, ``/feeds add|remove``, ``/settings``)
declare Manage Server with ``default_permissions`` and check it again here, since a server's
admins may override the declaration (Discord declares permissions per top-level command, so the
whole ``/digest`` and ``/feeds`` groups are declared; ``now`` and ``list`` are not checked in code).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands

from bot.discord.send import send_reply
from bot.discord.transformers import Category, Clock, Country, Timezone
from briefings.errors import UsageError

if TYPE_CHECKING:
    from bot.discord.client import BriefBot

log = logging.getLogger(__name__)

ADMIN = discord.Permissions(manage_guild=True)


def bot_of(interaction: discord.Interaction[Any]) -> BriefBot:
    from bot.discord.client import BriefBot

    client = interaction.client
    assert isinstance(client, BriefBot)
    return client


def require_admin(interaction: discord.Interaction[Any]) -> None:
    """Manage Server, checked in code whatever the server's command permissions say."""
    if interaction.guild is None:
        raise UsageError("This command works in a server, not in direct messages.")
    perms = interaction.permissions
    if not (perms.manage_guild or perms.administrator):
        raise UsageError("You need the Manage Server permission for this command.")


def asker(interaction: discord.Interaction[Any]) -> str:
    return f"discord:{interaction.user.id}"


@app_commands.command(name="pledges", description="The current table of pledges and refusals")
@app_commands.describe(country="Only this country (name or code, e.g. Italy, UK)",
                       category="Only this kind of contribution")
async def pledges(interaction: discord.Interaction[Any], country: Country | None = None,
                  category: Category | None = None) -> None:
    reply = await bot_of(interaction).services.briefings.pledges(country, category)
    await send_reply(interaction, reply, args={"country": country, "category": category})


@app_commands.command(name="country", description="One country's stance per category, and how it moved")
@app_commands.describe(name="The country (name or code, e.g. Poland, UK)")
async def country(interaction: discord.Interaction[Any], name: Country) -> None:
    reply = await bot_of(interaction).services.briefings.country(name)
    await send_reply(interaction, reply, args={"country": name})


@app_commands.command(name="timeline", description="Summits, meetings and declarations in date order")
@app_commands.describe(days="Only the last N days")
async def timeline(interaction: discord.Interaction[Any], days: app_commands.Range[int, 1, 3650] | None = None
                   ) -> None:
    reply = await bot_of(interaction).services.briefings.timeline(days)
    await send_reply(interaction, reply, args={"days": days})


@app_commands.command(name="ask", description="A question answered from the articles, with sources")
@app_commands.describe(question="Your question, e.g. Which countries refuse to send troops?")
async def ask(interaction: discord.Interaction[Any], question: app_commands.Range[str, 1, 500]) -> None:
    bot = bot_of(interaction)
    ephemeral = await bot.services.ask_is_ephemeral(interaction.guild_id)
    b = bot.services.briefings
    b.admit(asker(interaction))  # before deferring, so a refusal is a quick ephemeral error
    await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    reply = await b.ask(question, conversation=f"discord:{interaction.channel_id}")
    await send_reply(interaction, reply, ephemeral=ephemeral)


@app_commands.command(name="sources", description="The articles on record")
@app_commands.describe(query="Only articles containing these words")
async def sources(interaction: discord.Interaction[Any], query: app_commands.Range[str, 1, 200] | None = None
                  ) -> None:
    reply = await bot_of(interaction).services.briefings.sources(query)
    await send_reply(interaction, reply, args={"query": query})


@app_commands.command(name="about", description="Data freshness, counts and the engine")
async def about(interaction: discord.Interaction[Any]) -> None:
    await send_reply(interaction, await bot_of(interaction).services.briefings.about())


digest = app_commands.Group(name="digest", description="What changed, now or every day in a channel",
                            default_permissions=ADMIN, guild_only=True)


@digest.command(name="now", description="What changed since this channel's last digest (or the last 24 hours)")
async def digest_now(interaction: discord.Interaction[Any]) -> None:
    await interaction.response.defer(thinking=True)
    dest = f"discord:{interaction.channel_id}"
    reply = await bot_of(interaction).services.briefings.digest(None, destination=dest)
    await send_reply(interaction, reply)


@digest.command(name="subscribe", description="Post a daily digest in a channel (Manage Server)")
@app_commands.describe(channel="Where to post", time="Local time, HH:MM (24-hour)",
                       timezone="IANA time zone, e.g. Europe/Paris")
async def digest_subscribe(interaction: discord.Interaction[Any], channel: discord.TextChannel, time: Clock,
                           timezone: Timezone) -> None:
    require_admin(interaction)
    reply = await bot_of(interaction).services.subscribe(
        guild=str(interaction.guild_id), channel=str(channel.id), time=time, timezone=timezone,
        by=str(interaction.user.id), channel_name=f"#{channel.name}")
    await send_reply(interaction, reply, ephemeral=True)


@digest.command(name="unsubscribe", description="Stop the daily digest in a channel (Manage Server)")
@app_commands.describe(channel="The channel that gets the digest")
async def digest_unsubscribe(interaction: discord.Interaction[Any], channel: discord.TextChannel) -> None:
    require_admin(interaction)
    reply = await bot_of(interaction).services.unsubscribe(channel=str(channel.id), channel_name=f"#{channel.name}")
    await send_reply(interaction, reply, ephemeral=True)


@digest.command(name="list", description="The channels of this server that get the daily digest")
async def digest_list(interaction: discord.Interaction[Any]) -> None:
    if interaction.guild_id is None:
        raise UsageError("This command works in a server, not in direct messages.")
    reply = await bot_of(interaction).services.subscriptions(str(interaction.guild_id))
    await send_reply(interaction, reply, ephemeral=True)


feeds = app_commands.Group(name="feeds", description="The news feeds the bot follows",
                           default_permissions=ADMIN, guild_only=True)


@feeds.command(name="add", description="Follow a news feed (Manage Server)")
@app_commands.describe(url="The feed's http(s) URL (RSS, Atom or JSON Feed)")
async def feeds_add(interaction: discord.Interaction[Any], url: app_commands.Range[str, 8, 2000]) -> None:
    require_admin(interaction)
    await interaction.response.defer(thinking=True, ephemeral=True)
    reply = await bot_of(interaction).services.feeds.add(url, added_by=f"discord:{interaction.user.id}")
    await send_reply(interaction, reply, ephemeral=True)


@feeds.command(name="remove", description="Stop following a news feed (Manage Server)")
@app_commands.describe(url="The feed's URL, as /feeds list shows it")
async def feeds_remove(interaction: discord.Interaction[Any], url: app_commands.Range[str, 1, 2000]) -> None:
    require_admin(interaction)
    await send_reply(interaction, await bot_of(interaction).services.feeds.remove(url), ephemeral=True)


@feeds.command(name="list", description="The feeds the bot follows, and their health")
async def feeds_list(interaction: discord.Interaction[Any]) -> None:
    await send_reply(interaction, await bot_of(interaction).services.feeds.list(), ephemeral=True)


@app_commands.command(name="settings", description="Where mentions are answered, and whether answers are private")
@app_commands.describe(mentions="Answer a message that mentions the bot: everywhere, only in listed channels, or nowhere",
                       channel="With mentions=listed: a channel to add to (or remove from) the list",
                       private_answers="Show /ask answers only to the asker, with a Share to channel button")
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
async def settings(interaction: discord.Interaction[Any],
                   mentions: Literal["everywhere", "listed", "nowhere"] | None = None,
                   channel: discord.TextChannel | None = None, private_answers: bool | None = None) -> None:
    require_admin(interaction)
    reply = await bot_of(interaction).services.update_settings(
        str(interaction.guild_id), mentions=mentions, channel=str(channel.id) if channel else None,
        private_answers=private_answers)
    await send_reply(interaction, reply, ephemeral=True)


COMMANDS: tuple[app_commands.Command[Any, ..., Any] | app_commands.Group, ...] = (
    pledges, country, timeline, ask, digest, feeds, sources, about, settings)
