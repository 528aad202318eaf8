"""Questions that are not commands: a mention in a channel, a direct message, the assistant pane.

A message that mentions the bot is answered in its thread (a new thread under the message, or the
thread it was in), where the workspace's settings allow it (``/brief settings mentions``). A direct
message is answered in the conversation. With slack-bolt's Assistant middleware the bot's pane shows
suggested prompts when a thread starts, and a status ("is reading the articles…") while an answer
is built; the LLM engine's answers would stream there, and until that engine exists the reply is a
plain message. Every question counts against its asker's rate limit (``slack:U…``); a refusal is an
ephemeral message only the asker sees.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.slack.parse import mention_text
from briefings.errors import BriefingError, PlatformError, RateLimited
from briefings.replies import Reply

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

    from bot.slack.services import SlackServices

log = logging.getLogger(__name__)

SUGGESTED_PROMPTS = (
    {"title": "Who refused to send troops?", "message": "Which countries refuse to send troops?"},
    {"title": "What changed this week?", "message": "What changed in the last 7 days?"},
    {"title": "The United Kingdom's offer", "message": "What has the United Kingdom offered?"},
    {"title": "How big would the force be?", "message": "How many troops would the force have?"},
)
PROMPTS_TITLE = "Ask about the coalition of the willing"
STATUS = "is reading the articles…"

try:  # the DM pane's assistant threads (slack-bolt >= 1.21)
    from slack_bolt.middleware.assistant.async_assistant import AsyncAssistant
except ImportError:  # pragma: no cover - an older slack-bolt: plain DMs still work
    AsyncAssistant = None  # type: ignore[assignment,misc]


class Conversations:
    def __init__(self, services: SlackServices) -> None:
        self.s = services

    def register(self, bolt: AsyncApp) -> None:
        bolt.event("app_mention")(ack=self.ack, lazy=[self.on_mention])
        if AsyncAssistant is not None:
            assistant = AsyncAssistant()
            assistant.thread_started(self.on_thread_started)
            assistant.user_message(self.on_assistant_message)
            assistant.thread_context_changed(self.on_context_changed)
            bolt.assistant(assistant)
        bolt.event("message")(ack=self.ack, lazy=[self.on_message])

    async def ack(self, ack: AsyncAck) -> None:
        await ack()

    async def answer(self, question: str, user: str) -> Reply:
        try:
            return await self.s.briefings.ask(question, asker=f"slack:{user}")
        except RateLimited:
            raise
        except BriefingError as e:
            return Reply.failure(str(e))

    async def on_mention(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        if event.get("bot_id") or not event.get("user"):
            return
        channel, user = str(event["channel"]), str(event["user"])
        team = context.team_id or event.get("team")
        if not await self.s.admin.mentions_allowed(team or None, channel):
            return
        question = mention_text(str(event.get("text") or ""), context.bot_user_id)
        if not question:
            return
        await self._reply(question, channel=channel, user=user, thread_ts=str(event.get("thread_ts") or event["ts"]))

    async def on_message(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        """A direct message (not in an assistant thread, which the assistant answers)."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        if event.get("thread_ts") and AsyncAssistant is not None:
            return
        question = mention_text(str(event.get("text") or ""), context.bot_user_id)
        if question:
            await self._reply(question, channel=str(event["channel"]), user=str(event["user"]),
                              thread_ts=event.get("thread_ts"))

    async def _reply(self, question: str, *, channel: str, user: str, thread_ts: str | None) -> None:
        try:
            reply = await self.answer(question, user)
        except RateLimited as e:
            await self.s.sender.ephemeral(channel, user, Reply.failure(str(e)), thread_ts=thread_ts)
            return
        try:
            await self.s.sender.post(channel, reply, thread_ts=thread_ts)
        except PlatformError as e:
            log.warning("could not answer a question in %s: %s", channel, e)

    async def on_thread_started(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        thread = event.get("assistant_thread") or {}
        try:
            await self.s.client.assistant_threads_setSuggestedPrompts(
                channel_id=str(thread.get("channel_id") or context.channel_id), thread_ts=thread.get("thread_ts"),
                prompts=list(SUGGESTED_PROMPTS), title=PROMPTS_TITLE)
        except Exception:
            log.exception("could not set the suggested prompts")

    async def on_context_changed(self, event: dict[str, Any]) -> None:
        """Which channel the person is looking at changes nothing in an answer: nothing to keep."""

    async def on_assistant_message(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        channel, thread_ts = str(event["channel"]), str(event["thread_ts"])
        user = str(event.get("user") or "")
        question = mention_text(str(event.get("text") or ""), context.bot_user_id)
        if not question or not user:
            return
        try:
            await self.s.client.assistant_threads_setStatus(channel_id=channel, thread_ts=thread_ts, status=STATUS)
        except Exception:
            log.warning("could not set the assistant status in %s", channel)
        try:
            reply = await self.answer(question, user)
        except RateLimited as e:
            reply = Reply.failure(str(e))
        try:
            await self.s.sender.post(channel, reply, thread_ts=thread_ts)  # posting clears the status
        except PlatformError as e:
            log.warning("could not answer in the assistant thread %s: %s", thread_ts, e)


__all__ = ["PROMPTS_TITLE", "STATUS", "SUGGESTED_PROMPTS", "Conversations"]
