"""Sending the core's replies on Discord, and the buttons that live on them after a restart.

A button's custom id names what it does and the reply it belongs to: ``bb:<action>:<page>:<target>``
where the target is either the command and its short arguments (``pledges|GB|air``), rebuilt on
click, or ``ref|<n>``, a reply stored in SQLite (answers, long queries). The one
:class:`ReplyButton` dynamic item parses every such id, so buttons on messages posted before a
restart keep working. Every send carries ``AllowedMentions.none()``.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import ui

from bot.discord.render import build_view, pages, source_lines
from briefings.errors import BriefingError, UsageError
from briefings.replies import Action, Actions, Reply

if TYPE_CHECKING:
    from bot.discord.client import BriefBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
ACTION_CODES = {"page_prev": "pg", "page_next": "pg", "sources": "src", "feedback_up": "up",
                "feedback_down": "dn", "share": "sh", "chart": "ch"}
MAX_TARGET = 80
SOURCES_CHUNK = 3800


def target_of(kind: str, args: dict[str, Any]) -> str | None:
    """The short, rebuildable form of a command (None when it does not fit in a custom id)."""
    if kind == "pledges":
        t = f"pledges|{args.get('country') or ''}|{args.get('category') or ''}"
    elif kind == "country":
        t = f"country|{args['country']}"
    elif kind == "timeline":
        t = f"timeline|{args.get('days') or ''}"
    elif kind == "sources" and not args.get("query"):
        t = "sources|"
    else:
        return None
    return t if len(t) <= MAX_TARGET else None


async def resolve_target(bot: BriefBot, target: str) -> Reply:
    b = bot.services.briefings
    kind, _, rest = target.partition("|")
    parts = rest.split("|")
    if kind == "ref":
        return await b.replay(int(parts[0]))
    if kind == "pledges":
        return await b.pledges(parts[0] or None, parts[1] if len(parts) > 1 and parts[1] else None)
    if kind == "country":
        return await b.country(parts[0])
    if kind == "timeline":
        return await b.timeline(int(parts[0]) if parts and parts[0] else None)
    if kind == "sources":
        return await b.sources(None)
    raise UsageError("That button belongs to a reply I can no longer rebuild: run the command again.")


def custom_ids(target: str | None, ephemeral: bool) -> Any:
    def make(a: Action) -> str | None:
        code = ACTION_CODES.get(a.kind)
        if code is None or target is None or (code == "sh" and not ephemeral):
            return None
        page = a.value if code == "pg" else "0"
        return f"bb:{code}:{page}:{target}"[:100]

    return make


async def reply_target(bot: BriefBot, reply: Reply, args: dict[str, Any], n_pages: int | None = None) -> str | None:
    """The target for this reply's buttons; stores the reply when it cannot be rebuilt from a short id."""
    n_pages = len(pages(reply)) if n_pages is None else n_pages
    needs = any(isinstance(b, Actions) and b.items for b in reply.blocks) or n_pages > 1
    if not needs or reply.error:
        return None
    short = target_of(reply.kind, args)
    if short:
        return short
    ref = await bot.services.briefings.remember(reply, "discord", **args)
    return f"ref|{ref}"


def with_share(reply: Reply) -> Reply:
    return _add_action(reply, Action("share", "Share to channel"))


def _add_action(reply: Reply, action: Action) -> Reply:
    blocks = list(reply.blocks)
    for i, b in enumerate(blocks):
        if isinstance(b, Actions):
            blocks[i] = Actions((*b.items, action))
            break
    else:
        blocks.append(Actions((action,)))
    from dataclasses import replace

    return replace(reply, blocks=blocks)


async def send_reply(interaction: discord.Interaction[Any], reply: Reply, *, args: dict[str, Any] | None = None,
                     ephemeral: bool | None = None, page: int = 1) -> None:
    """Answer an interaction with ``reply`` (page ``page``), as a response or, after a defer, a follow-up."""
    from bot.discord.client import BriefBot

    bot = interaction.client
    assert isinstance(bot, BriefBot)
    eph = reply.ephemeral if ephemeral is None else ephemeral
    if eph and reply.kind == "answer" and not reply.error:
        reply = with_share(reply)
    all_pages = pages(reply)
    target = await reply_target(bot, reply, args or {}, len(all_pages))
    n = min(max(page, 1), len(all_pages))
    rendered = build_view(all_pages[n - 1], custom_ids(target, eph))
    kwargs: dict[str, Any] = {"view": rendered.view, "ephemeral": eph, "allowed_mentions": NO_MENTIONS}
    if rendered.files:
        kwargs["files"] = rendered.files
    try:
        if interaction.response.is_done():
            await interaction.followup.send(**kwargs)
        else:
            await interaction.response.send_message(**kwargs)
    except discord.HTTPException:
        log.exception("could not answer interaction %s", interaction.id)


async def send_error(interaction: discord.Interaction[Any], message: str) -> None:
    await send_reply(interaction, Reply.failure(message), ephemeral=True)


async def post_to_channel(channel: discord.abc.Messageable, reply: Reply, *, bot: BriefBot | None = None,
                          args: dict[str, Any] | None = None,
                          reference: discord.Message | None = None) -> discord.Message:
    """A reply posted on its own (digests, shared answers, feed alerts, an answer to a mention, as a
    reply to ``reference``): one message, page 1, with its buttons (Previous/Next when it is longer)
    stored so they work after a restart. Needs ``bot`` for buttons."""
    all_pages = pages(reply)
    target = await reply_target(bot, reply, args or {}, len(all_pages)) if bot is not None else None
    rendered = build_view(all_pages[0], custom_ids(target, False) if target else None)
    extra: dict[str, Any] = {"reference": reference} if reference is not None else {}
    return await channel.send(view=rendered.view, files=rendered.files or discord.utils.MISSING,
                              allowed_mentions=NO_MENTIONS, **extra)


def chunk_lines(text: str, size: int) -> list[str]:
    """``text`` in pieces of at most ``size`` characters, cut between lines (a longer line alone is cut)."""
    chunks: list[str] = [""]
    for line in text.split("\n"):
        while len(line) > size:
            chunks.append(line[:size])
            line = line[size:]
        if len(chunks[-1]) + len(line) + 1 > size:
            chunks.append("")
        chunks[-1] += ("\n" if chunks[-1] else "") + line
    return [c for c in chunks if c]


class FeedbackModal(ui.Modal, title="What was wrong with this answer?"):
    reason: ui.TextInput[FeedbackModal] = ui.TextInput(
        label="What was wrong", custom_id="reason", style=discord.TextStyle.paragraph, max_length=1000,
        required=False,
        placeholder="A wrong fact, a missing country, an old source…")

    def __init__(self, ref: int) -> None:
        super().__init__(custom_id=f"bb:fbm:{ref}")
        self.ref = ref

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        await record_vote(interaction, self.ref, -1, str(self.reason.value or ""))


async def record_vote(interaction: discord.Interaction[Any], ref: int, vote: int, reason: str = "") -> None:
    from bot.discord.client import BriefBot

    bot = interaction.client
    assert isinstance(bot, BriefBot)
    await bot.services.briefings.feedback(ref, platform="discord", user=str(interaction.user.id), vote=vote,
                                          reason=reason)
    await interaction.response.send_message("Thanks, noted.", ephemeral=True, allowed_mentions=NO_MENTIONS)


async def send_chart(interaction: discord.Interaction[Any], bot: BriefBot, reply: Reply) -> None:
    """The "Show chart" button: the reply's picture, drawn off the event loop, for the clicker alone."""
    await interaction.response.defer(ephemeral=True, thinking=True)  # a first drawing may take a moment
    image = await bot.services.briefings.chart_of(reply)
    if image is None:
        raise UsageError("That reply has no chart.")
    await send_reply(interaction, Reply(kind=reply.kind, title=f"Chart — {reply.title}", blocks=[image]), ephemeral=True)


class ReplyButton(ui.DynamicItem[ui.Button[Any]], template=r"bb:(?P<code>[a-z]+):(?P<page>\d+):(?P<target>.+)"):
    """Every button the bot draws: paging, sources, feedback, share, chart. Survives restarts."""

    def __init__(self, code: str, page: int, target: str) -> None:
        super().__init__(ui.Button(label=code, custom_id=f"bb:{code}:{page}:{target}"[:100]))
        self.code, self.page, self.target = code, page, target

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any], item: ui.Item[Any],
                             match: re.Match[str], /) -> ReplyButton:
        return cls(match["code"], int(match["page"]), match["target"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        from bot.discord.client import BriefBot

        bot = interaction.client
        assert isinstance(bot, BriefBot)
        try:
            await self._run(bot, interaction)
        except BriefingError as e:
            await send_error(interaction, str(e))

    async def _run(self, bot: BriefBot, interaction: discord.Interaction[Any]) -> None:
        ref = int(self.target.split("|")[1]) if self.target.startswith("ref|") else None
        if self.code in ("up", "dn"):
            if ref is None:
                raise UsageError("Feedback is for answers.")
            if self.code == "up":
                await record_vote(interaction, ref, 1)
            else:
                await interaction.response.send_modal(FeedbackModal(ref))
            return
        reply = await resolve_target(bot, self.target)
        if self.code == "pg":
            all_pages = pages(reply)
            n = min(max(self.page, 1), len(all_pages))
            eph = bool(interaction.message and interaction.message.flags.ephemeral)
            rendered = build_view(all_pages[n - 1], custom_ids(self.target, eph))
            await interaction.response.edit_message(view=rendered.view, allowed_mentions=NO_MENTIONS)
        elif self.code == "src":
            chunks = chunk_lines(source_lines(reply) or "No sources.", SOURCES_CHUNK)
            await interaction.response.send_message(chunks[0], ephemeral=True, allowed_mentions=NO_MENTIONS,
                                                    suppress_embeds=True)
            for more in chunks[1:]:
                await interaction.followup.send(more, ephemeral=True, allowed_mentions=NO_MENTIONS,
                                                suppress_embeds=True)
        elif self.code == "ch":
            await send_chart(interaction, bot, reply)
        elif self.code == "sh":
            if interaction.channel is None or not isinstance(interaction.channel, discord.abc.Messageable):
                raise UsageError("I cannot post in this channel.")
            await post_to_channel(interaction.channel, reply, bot=bot)
            await interaction.response.send_message("Shared to the channel.", ephemeral=True,
                                                    allowed_mentions=NO_MENTIONS)
