"""``/brief`` and its subcommands: acknowledged at once, answered after (bolt's lazy listeners).

The ack function only reads the text's shape: a subcommand nobody knows, or arguments that cannot
be one, is answered in the acknowledgement itself (ephemeral, with what to type instead); anything
else is acknowledged empty within Slack's 3 seconds, and the lazy listener does the work (database
reads, answers, feed fetches, ``users.info`` for the admin subcommands) and answers through the
command's ``response_url``. Each subcommand calls one core coroutine, as the Discord commands do.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.slack.escape import slack_text
from bot.slack.parse import HELP, ChannelRef, Command, parse_command
from briefings.errors import BriefingError, UsageError
from briefings.replies import Reply

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncAck, AsyncApp

    from bot.slack.services import SlackServices

log = logging.getLogger(__name__)

FAILED = "Something went wrong with that command; it has been logged."


class SlashCommands:
    def __init__(self, services: SlackServices) -> None:
        self.s = services

    def register(self, bolt: AsyncApp) -> None:
        bolt.command(self.s.settings.command)(ack=self.ack, lazy=[self.run])

    def named(self, message: str) -> str:
        """A message that names the command, with the name this app's command has."""
        return message.replace("/brief", self.s.settings.command)

    async def ack(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        try:
            parse_command(command.get("text") or "")
        except UsageError as e:
            await ack(response_type="ephemeral", text=slack_text(self.named(str(e))))
            return
        await ack()

    async def run(self, command: dict[str, Any]) -> None:
        url = command.get("response_url") or ""
        try:
            cmd = parse_command(command.get("text") or "")
        except UsageError:
            return  # the acknowledgement said why
        try:
            reply, ephemeral, args = await self.dispatch(cmd, command)
        except BriefingError as e:
            await self.s.sender.error(url, self.named(str(e)))
            return
        except Exception:
            log.exception("/brief %s failed", cmd.name)
            await self.s.sender.error(url, FAILED)
            return
        await self.s.sender.respond(url, reply, args=args, ephemeral=ephemeral, channel=command.get("channel_id"))

    async def dispatch(self, cmd: Command, command: dict[str, Any]) -> tuple[Reply, bool | None, dict[str, Any]]:
        """(reply, ephemeral or None for the reply's own choice, arguments that rebuild it)."""
        b = self.s.briefings
        team = str(command.get("team_id") or "")
        user = str(command.get("user_id") or "")
        channel = str(command.get("channel_id") or "")
        if cmd.admin:
            await self.s.require_admin(user)
        a = cmd.args
        if cmd.name == "pledges":
            country, category = a.get("country"), a.get("category")
            return await b.pledges(_opt(country), _opt(category)), None, {"country": country, "category": category}
        if cmd.name == "country":
            return await b.country(str(a["country"])), None, {"country": a["country"]}
        if cmd.name == "timeline":
            days = a.get("days")
            return await b.timeline(days if isinstance(days, int) else None), None, {"days": days}
        if cmd.name == "ask":
            ephemeral = await self.s.admin.ask_is_ephemeral(team or None)
            return await b.ask(cmd.text, asker=f"slack:{user}"), ephemeral, {}
        if cmd.name == "sources":
            return await b.sources(_opt(a.get("query"))), None, {"query": a.get("query")}
        if cmd.name == "about":
            return await b.about(), None, {}
        if cmd.name == "help":
            prefix = self.s.settings.command
            return await b.help(tuple((f"{prefix} {c}", d) for c, d in HELP)), None, {}
        if cmd.name == "settings":
            return await self.settings(team, a), True, {}
        if cmd.name == "digest":
            return await self.digest(cmd, team, channel, user)
        return await self.feeds(cmd, user), True, {}

    async def digest(self, cmd: Command, team: str, channel: str, user: str
                     ) -> tuple[Reply, bool | None, dict[str, Any]]:
        if cmd.action == "now":
            reply = await self.s.briefings.digest(None, destination=f"slack:{channel}")
            data = reply.to_json()
            return reply, None, {"since": data.get("since"), "until": data.get("until")}
        if cmd.action == "list":
            return await self.s.admin.subscriptions(team), True, {}
        ref = cmd.args["channel"]
        assert isinstance(ref, ChannelRef)
        cid, label = await self.s.channel_id(ref)
        if cmd.action == "subscribe":
            reply = await self.s.admin.subscribe(guild=team, channel=cid, time=_opt(cmd.args.get("time")) or "",
                                                 timezone=_opt(cmd.args.get("timezone")) or "",
                                                 by=f"slack:{user}", channel_name=label)
            return reply, True, {}
        return await self.s.admin.unsubscribe(channel=cid, channel_name=label), True, {}

    async def feeds(self, cmd: Command, user: str) -> Reply:
        if cmd.action == "add":
            return await self.s.feeds.add(str(cmd.args["url"]), added_by=f"slack:{user}")
        if cmd.action == "remove":
            return await self.s.feeds.remove(str(cmd.args["url"]))
        return await self.s.feeds.list()

    async def settings(self, team: str, a: dict[str, object]) -> Reply:
        if not team:
            raise UsageError("Settings belong to a workspace: run this in one.")
        ref = a.get("channel")
        channel = (await self.s.channel_id(ref))[0] if isinstance(ref, ChannelRef) else None
        mentions, private = a.get("mentions"), a.get("private_answers")
        if mentions is None and channel is None and private is None:
            return await self.s.admin.show_settings(team)
        return await self.s.admin.update_settings(team, mentions=_opt(mentions), channel=channel,
                                                  private_answers=private if isinstance(private, bool) else None)


def _opt(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


__all__ = ["SlashCommands"]
