"""What a server's admins set, platform-free: digest subscriptions and the per-server settings.

Shared by Discord and Slack (``platform`` names which). Settings, with their defaults:

    mentions          everywhere | listed | nowhere   (default everywhere): where a message that
                      mentions the bot is answered; with ``listed``, only in the listed channels
    private_answers   1 | 0 (default 0): ``/ask`` answers only the asker sees, with a Share button

Every method validates what it is given (UsageError with what to type instead) and returns a reply.
"""

from __future__ import annotations

import logging

from briefings.commands.parse import plural
from briefings.errors import UsageError
from briefings.replies import Cell, Column, Field, Fields, Paragraph, Reply, Row, Span, Table
from briefings.schedule.scheduler import Scheduler
from storage import DatabaseRunner
from storage import subscriptions as subs

log = logging.getLogger(__name__)

MENTION_MODES = ("everywhere", "listed", "nowhere")
LISTED_KEY = subs.MENTIONS_CHANNEL  # the listed channels, comma-separated

SUB_COLUMNS = (Column("channel", "Channel", "text"), Column("time", "Time", "date"),
               Column("zone", "Time zone", "text"), Column("changed", "Only when changed", "text"))


class ServerAdmin:
    def __init__(self, runner: DatabaseRunner, scheduler: Scheduler, *, platform: str,
                 channel_label: str = "<#{}>") -> None:
        self.runner = runner
        self.scheduler = scheduler
        self.platform = platform
        self.channel_label = channel_label

    def _label(self, channel: str, name: str | None = None) -> str:
        return name or self.channel_label.format(channel)

    async def subscribe(self, *, guild: str, channel: str, time: str, timezone: str, by: str,
                        channel_name: str | None = None) -> Reply:
        sub = await self.scheduler.subscribe(platform=self.platform, guild_id=guild, channel_id=channel, time=time,
                                             timezone=timezone, created_by=by)
        text = (f"{self._label(channel, channel_name)} gets the digest every day at {sub.time} ({sub.timezone})"
                + (", when something changed." if sub.only_when_changed else "."))
        return Reply(kind="settings", title="Digest subscribed", blocks=[Paragraph.of(text)], ephemeral=True)

    async def unsubscribe(self, *, channel: str, channel_name: str | None = None) -> Reply:
        removed = await self.scheduler.unsubscribe(self.platform, channel)
        if removed is None:
            raise UsageError(f"{self._label(channel, channel_name)} has no digest subscription: /digest list shows them.")
        return Reply(kind="settings", title="Digest stopped",
                     blocks=[Paragraph.of(f"{self._label(channel, channel_name)} no longer gets the daily digest.")],
                     ephemeral=True)

    async def subscriptions(self, guild: str) -> Reply:
        rows = await self.runner.call(subs.list_subscriptions, platform=self.platform, guild_id=guild)
        if not rows:
            return Reply(kind="settings", title="Digest subscriptions",
                         blocks=[Paragraph.of("No channel of this server gets the digest: /digest subscribe.")],
                         ephemeral=True)
        table = tuple(Row((Cell("text", s.channel_id, self._label(s.channel_id)), Cell("date", s.time, s.time),
                           Cell("text", s.timezone, s.timezone),
                           Cell("text", s.only_when_changed, "yes" if s.only_when_changed else "no"))) for s in rows)
        return Reply(kind="settings", title="Digest subscriptions",
                     blocks=[Paragraph.of(plural(len(rows), "channel") + "."), Table(SUB_COLUMNS, table)],
                     ephemeral=True)

    async def _settings(self, guild: str) -> dict[str, str]:
        values: dict[str, str] = await self.runner.read(subs.guild_settings, self.platform, guild)
        return values

    async def mentions_allowed(self, guild: str | None, channel: str) -> bool:
        if guild is None:  # a direct message
            return True
        values = await self._settings(guild)
        mode = values.get(subs.MENTIONS, "everywhere")
        if mode == "nowhere":
            return False
        if mode == "listed":
            return channel in (values.get(LISTED_KEY) or "").split(",")
        return True

    async def ask_is_ephemeral(self, guild: str | None) -> bool:
        if guild is None:
            return False
        return (await self._settings(guild)).get(subs.PRIVATE_ANSWERS) == "1"

    async def update_settings(self, guild: str, *, mentions: str | None = None, channel: str | None = None,
                              private_answers: bool | None = None) -> Reply:
        """Change what is given; a channel toggles its place on the list of channels where mentions are answered."""
        if mentions is not None and mentions not in MENTION_MODES:
            raise UsageError(f"mentions is one of {', '.join(MENTION_MODES)}.")
        values = await self._settings(guild)
        if mentions is not None:
            await self.runner.call(subs.set_setting, self.platform, guild, subs.MENTIONS, mentions)
        if channel is not None:
            listed = [c for c in (values.get(LISTED_KEY) or "").split(",") if c]
            listed = [c for c in listed if c != channel] if channel in listed else [*listed, channel]
            await self.runner.call(subs.set_setting, self.platform, guild, LISTED_KEY, ",".join(listed) or None)
        if private_answers is not None:
            await self.runner.call(subs.set_setting, self.platform, guild, subs.PRIVATE_ANSWERS,
                                   "1" if private_answers else "0")
        return await self.show_settings(guild)

    async def show_settings(self, guild: str) -> Reply:
        values = await self._settings(guild)
        mode = values.get(subs.MENTIONS, "everywhere")
        listed = [c for c in (values.get(LISTED_KEY) or "").split(",") if c]
        where = {"everywhere": "in every channel", "nowhere": "nowhere",
                 "listed": "only in " + (", ".join(self._label(c) for c in listed) if listed else "no channel yet")}[mode]
        items = (Field("Mentions answered", (Span(where),)),
                 Field("/ask answers", (Span("private, with a Share button" if values.get(subs.PRIVATE_ANSWERS) == "1"
                                              else "visible to the channel"),)))
        return Reply(kind="settings", title="Settings", blocks=[Fields(items)], ephemeral=True)
