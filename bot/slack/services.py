"""The core's services for one Slack app: commands, feed and server admin, the sender, admin checks.

Built by :mod:`bot.slack.app` from the launcher's app and the process's :class:`~bot.platforms.Hub`;
it registers the Slack poster with the hub, so the shared scheduler posts digests and feed alerts to
subscribed Slack channels. A workspace is a "server" of :class:`~briefings.server_admin.ServerAdmin`
(its team id is the guild), so subscriptions, the digest ledger and the settings are shared with Discord.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.platforms import Hub
from bot.slack.parse import ChannelRef
from bot.slack.send import PLATFORM, Sender, api_error
from briefings.config import SlackSettings
from briefings.errors import PlatformError, UsageError
from briefings.feeds_admin import FeedAdmin
from briefings.replies import Reply
from briefings.schedule.digests import Destination
from briefings.server_admin import ServerAdmin

if TYPE_CHECKING:
    from bot.launcher import App

log = logging.getLogger(__name__)

ADMIN_REFUSAL = "Only workspace admins and owners (or the members the operator allowed) may use this command."
CHANNEL_PAGES = 20  # conversations.list pages read to find a #name (1,000 channels each)


class SlackServices:
    def __init__(self, app: App, client: AsyncWebClient, settings: SlackSettings, hub: Hub | None = None) -> None:
        self.app = app
        self.settings = settings
        self.client = client
        self.owns_hub = hub is None  # a hub built here is closed here; the launcher's is closed by it
        self.hub = hub or Hub(app)
        self.briefings = app.briefings
        self.feeds = FeedAdmin(app.runner, app.fetcher,
                               allow_private=app.config.settings.limits.allow_private_feed_addresses)
        self.admin = ServerAdmin(app.runner, self.hub.scheduler, platform=PLATFORM, channel_label="#{}")
        self.scheduler = self.hub.scheduler
        self.digests = self.hub.digests
        self.sender = Sender(self.briefings, client)
        self.hub.register(PLATFORM, self.post_to_channel)

    async def start(self) -> None:
        await self.hub.start()

    async def stop(self) -> None:
        if self.owns_hub:
            await self.hub.close()

    async def post_to_channel(self, dest: Destination, reply: Reply) -> str | None:
        """The hub's poster: a digest or a feed alert in a subscribed channel."""
        data = reply.to_json()
        args = {"since": data.get("since"), "until": data.get("until")} if reply.kind == "digest" and \
            isinstance(data, dict) else {}
        return await self.sender.post(dest.channel_id, reply, args=args)

    async def is_admin(self, user_id: str) -> bool:
        """A workspace admin or owner (``users.info``), or a member the operator allowed in config."""
        if user_id in self.settings.admin_user_ids:
            return True
        try:
            resp = await self.client.users_info(user=user_id)
        except SlackApiError as e:
            log.warning("users.info failed for an admin check: %s", api_error(e))
            raise PlatformError("I could not check your role with Slack just now: try again in a moment.") from e
        user = resp.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    async def require_admin(self, user_id: str) -> None:
        if not await self.is_admin(user_id):
            log.info("refused an admin command to %s", user_id)
            raise UsageError(ADMIN_REFUSAL)

    async def channel_id(self, ref: ChannelRef) -> tuple[str, str]:
        """(id, label) of a channel typed as ``<#C..|name>``, an id, or ``#name`` (looked up by name)."""
        if ref.id:
            return ref.id, ref.label
        cursor = None
        for _ in range(CHANNEL_PAGES):
            try:
                resp = await self.client.conversations_list(types="public_channel", exclude_archived=True,
                                                            limit=1000, cursor=cursor)
            except SlackApiError as e:
                raise UsageError(f"I could not look up #{ref.name}: pick the channel from the list Slack "
                                 "offers after you type #.") from e
            for ch in resp.get("channels") or []:
                if ch.get("name") == ref.name:
                    return str(ch["id"]), f"#{ref.name}"
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        raise UsageError(f"There is no public channel #{ref.name} here: pick it from the list Slack offers after #.")


__all__ = ["ADMIN_REFUSAL", "SlackServices"]
