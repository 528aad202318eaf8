"""Sending the core's replies on Slack, and what their buttons carry so they work after a restart.

A button's ``action_id`` names what it does and the page it goes to (``bb:pg:2``, ``bb:src:0``...),
unique within its message; its ``value`` names the reply: the command and its short arguments
(``pledges|GB|air``), rebuilt on click, or ``ref|<n>``, a reply stored in SQLite (answers, digests,
long queries). Replies to a command or a button go to its ``response_url`` (ephemeral or in the
channel); digests, shared answers and mentions are posted with ``chat.postMessage``. Pictures are
uploaded as files beside the message. Links are never unfurled.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.slack.render import ButtonFor, Rendered, build_message, pages
from briefings.errors import PlatformError, UsageError
from briefings.replies import Action, Actions, Image, Reply

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from briefings.commands import Briefings

log = logging.getLogger(__name__)

PLATFORM = "slack"
ACTION_CODES = {"page_prev": "pg", "page_next": "pg", "sources": "src", "feedback_up": "up",
                "feedback_down": "dn", "share": "sh", "chart": "ch"}
MAX_VALUE = 1900  # a button's value holds up to 2,000 characters


def api_error(e: SlackApiError) -> str:
    """Slack's error code from a refused call (or the HTTP status when the answer was not Slack's JSON)."""
    data = getattr(e.response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"HTTP {getattr(e.response, 'status_code', '?')}"


def target_of(kind: str, args: dict[str, Any]) -> str | None:
    """The short, rebuildable form of a command (None when a reply must be stored instead)."""
    if kind == "pledges":
        t = f"pledges|{args.get('country') or ''}|{args.get('category') or ''}"
    elif kind == "country" and args.get("country"):
        t = f"country|{args['country']}"
    elif kind == "timeline":
        t = f"timeline|{args.get('days') or ''}"
    elif kind == "sources" and not args.get("query"):
        t = "sources|"
    else:
        return None
    return t if len(t) <= MAX_VALUE else None


async def resolve_target(b: Briefings, target: str) -> Reply:
    kind, _, rest = target.partition("|")
    parts = rest.split("|")
    try:
        if kind == "ref":
            return await b.replay(int(parts[0]))
        if kind == "pledges":
            return await b.pledges(parts[0] or None, parts[1] if len(parts) > 1 and parts[1] else None)
        if kind == "country":
            return await b.country(parts[0])
        if kind == "timeline":
            return await b.timeline(int(parts[0]) if parts[0] else None)
        if kind == "sources":
            return await b.sources(None)
    except ValueError:
        pass
    raise UsageError("That button belongs to a reply I can no longer rebuild: run the command again.")


def with_share(reply: Reply) -> Reply:
    """An answer only the asker sees, with a button that posts it to the channel."""
    from dataclasses import replace

    blocks = list(reply.blocks)
    for i, b in enumerate(blocks):
        if isinstance(b, Actions):
            blocks[i] = Actions((*b.items, Action("share", "Share to channel")))
            break
    else:
        blocks.append(Actions((Action("share", "Share to channel"),)))
    return replace(reply, blocks=blocks)


def buttons(target: str | None, *, ephemeral: bool) -> ButtonFor:
    def make(a: Action) -> tuple[str, str] | None:
        code = ACTION_CODES.get(a.kind)
        if code is None or target is None or (code == "sh" and not ephemeral):
            return None
        page = a.value if code == "pg" else "0"
        return f"bb:{code}:{page}", target

    return make


class Sender:
    """Renders and sends replies for one Slack app (its Web API client and the core's commands)."""

    def __init__(self, briefings: Briefings, client: AsyncWebClient) -> None:
        self.briefings = briefings
        self.client = client

    async def target(self, reply: Reply, args: dict[str, Any], n_pages: int) -> str | None:
        """The value for this reply's buttons; the reply is stored when it cannot be rebuilt from a short one."""
        needs = any(isinstance(b, Actions) and b.items for b in reply.blocks) or n_pages > 1
        if not needs or reply.error:
            return None
        short = target_of(reply.kind, args)
        if short:
            return short
        ref = await self.briefings.remember(reply, PLATFORM, **args)
        return f"ref|{ref}"

    async def render(self, reply: Reply, *, args: dict[str, Any] | None = None, ephemeral: bool = False,
                     page: int = 1, target: str | None = None) -> tuple[Rendered, int]:
        """Page ``page`` (1-based, clamped) of ``reply`` as blocks, and the number of pages."""
        if ephemeral and reply.kind == "answer" and not reply.error:
            reply = with_share(reply)
        all_pages = pages(reply)
        if target is None:
            target = await self.target(reply, args or {}, len(all_pages))
        n = min(max(page, 1), len(all_pages))
        return build_message(all_pages[n - 1], buttons(target, ephemeral=ephemeral)), len(all_pages)

    async def respond(self, response_url: str, reply: Reply, *, args: dict[str, Any] | None = None,
                      ephemeral: bool | None = None, page: int = 1, replace: bool = False,
                      target: str | None = None, channel: str | None = None) -> None:
        """Answer a command or a button through its ``response_url`` (a new message, or the one clicked)."""
        eph = reply.ephemeral if ephemeral is None else ephemeral
        rendered, _ = await self.render(reply, args=args, ephemeral=eph, page=page, target=target)
        body: dict[str, Any] = {"text": rendered.text, "blocks": rendered.blocks, "unfurl_links": False,
                                "unfurl_media": False}
        if replace:
            body["replace_original"] = True
        else:
            body["response_type"] = "ephemeral" if eph else "in_channel"
        await post_response(response_url, body)
        if rendered.images and channel and not eph:  # a file in the channel would show a private reply to all
            await self.upload(channel, rendered.images)

    async def error(self, response_url: str, message: str) -> None:
        await self.respond(response_url, Reply.failure(message), ephemeral=True)

    async def post(self, channel: str, reply: Reply, *, args: dict[str, Any] | None = None,
                   thread_ts: str | None = None) -> str | None:
        """A reply posted on its own (digests, shared answers, mentions): page 1, with paging buttons."""
        rendered, _ = await self.render(reply, args=args)
        try:
            resp = await self.client.chat_postMessage(channel=channel, text=rendered.text, blocks=rendered.blocks,
                                                      thread_ts=thread_ts, unfurl_links=False, unfurl_media=False)
        except SlackApiError as e:
            raise PlatformError(f"Slack refused to post in {channel}: {api_error(e)}") from e
        ts = resp.get("ts")
        if rendered.images:
            await self.upload(channel, rendered.images, thread_ts=thread_ts)
        return str(ts) if ts else None

    async def ephemeral(self, channel: str, user: str, reply: Reply, *, thread_ts: str | None = None) -> None:
        rendered, _ = await self.render(reply, ephemeral=True)
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=rendered.text,
                                                 blocks=rendered.blocks, thread_ts=thread_ts)
        except SlackApiError as e:
            log.warning("could not send an ephemeral message in %s: %s", channel, api_error(e))

    async def upload(self, channel: str, images: list[Image], *, thread_ts: str | None = None) -> None:
        for image in images:
            try:
                await self.client.files_upload_v2(channel=channel, file=image.png, filename=image.name,
                                                  title=image.alt[:250] or image.name, alt_txt=image.alt[:1000],
                                                  thread_ts=thread_ts)
            except SlackApiError as e:
                raise PlatformError(f"Slack refused the picture in {channel}: {api_error(e)}") from e


async def post_response(response_url: str, body: dict[str, Any]) -> None:
    resp = await AsyncWebhookClient(url=response_url).send_dict(body)
    if resp.status_code != 200:
        log.warning("Slack refused a response (status %s): %s", resp.status_code, resp.body[:200])


__all__ = ["ACTION_CODES", "PLATFORM", "Sender", "api_error", "buttons", "post_response", "resolve_target", "target_of",
           "with_share"]
