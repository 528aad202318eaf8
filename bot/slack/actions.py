"""The buttons on the bot's messages, and the feedback form: acknowledged at once, done after.

``bb:pg:N`` rebuilds the reply its value names and replaces the message with page N; ``bb:src:0``
sends the asker every source with its quote (ephemeral, split over messages if it must be);
``bb:up:0`` records a 👍 and ``bb:dn:0`` opens a form for what was wrong, both stored with
``Briefings.feedback`` in the same table as Discord's; ``bb:sh:0`` posts a private answer to the
channel; ``bb:ch:0`` uploads the reply's chart as a file. The values outlive the process, so
buttons on old messages keep working after a restart.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.slack.escape import slack_text
from bot.slack.render import sources_messages
from bot.slack.send import api_error, post_response, resolve_target
from briefings.errors import BriefingError, PlatformError, UsageError

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncAck, AsyncApp

    from bot.slack.services import SlackServices

log = logging.getLogger(__name__)

BUTTON = re.compile(r"^bb:(?P<code>[a-z]+):(?P<page>\d+)$")
FEEDBACK_VIEW = "bb_feedback"
REASON_BLOCK = "reason"
THANKS = "Thanks, noted."


def feedback_view(ref: int) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": FEEDBACK_VIEW, "private_metadata": str(ref),
        "title": {"type": "plain_text", "text": "About this answer"},
        "submit": {"type": "plain_text", "text": "Send"}, "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [{"type": "input", "block_id": REASON_BLOCK, "optional": True,
                    "label": {"type": "plain_text", "text": "What was wrong?"},
                    "element": {"type": "plain_text_input", "action_id": REASON_BLOCK, "multiline": True,
                                "max_length": 1000,
                                "placeholder": {"type": "plain_text",
                                                "text": "A wrong fact, a missing country, an old source…"}}}],
    }


def _ref(target: str) -> int:
    kind, _, rest = target.partition("|")
    if kind != "ref" or not rest.isdigit():
        raise UsageError("Feedback is for answers.")
    return int(rest)


class Buttons:
    def __init__(self, services: SlackServices) -> None:
        self.s = services

    def register(self, bolt: AsyncApp) -> None:
        bolt.action(BUTTON)(ack=self.ack, lazy=[self.on_click])
        bolt.view_submission(FEEDBACK_VIEW)(ack=self.ack, lazy=[self.on_feedback])

    async def ack(self, ack: AsyncAck) -> None:
        await ack()

    async def on_click(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        url = str(body.get("response_url") or "")
        try:
            await self._click(body, action, url)
        except BriefingError as e:
            await _tell(url, str(e))
        except Exception:
            log.exception("a button failed (%s)", action.get("action_id"))
            await _tell(url, "Something went wrong with that button; it has been logged.")

    async def _click(self, body: dict[str, Any], action: dict[str, Any], url: str) -> None:
        m = BUTTON.match(str(action.get("action_id") or ""))
        if m is None:
            return
        code, page, target = m["code"], int(m["page"]), str(action.get("value") or "")
        user = str((body.get("user") or {}).get("id") or "")
        container = body.get("container") or {}
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        b = self.s.briefings
        if code == "up":
            await b.feedback(_ref(target), platform="slack", user=user, vote=1)
            await _tell(url, THANKS)
            return
        if code == "dn":
            ref = _ref(target)
            try:
                await self.s.client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=feedback_view(ref))
            except SlackApiError as e:  # the trigger expired: keep the vote without a reason
                log.warning("views.open failed: %s", api_error(e))
                await b.feedback(ref, platform="slack", user=user, vote=-1)
                await _tell(url, THANKS)
            return
        reply = await resolve_target(b, target)
        if code == "pg":
            await self.s.sender.respond(url, reply, page=page, replace=True, target=target,
                                        ephemeral=bool(container.get("is_ephemeral")))
        elif code == "src":
            for blocks in sources_messages(reply):
                await post_response(url, {"response_type": "ephemeral", "replace_original": False,
                                          "text": "Sources", "blocks": blocks, "unfurl_links": False})
        elif code == "sh":
            await self._post(channel, reply, "I cannot post in this channel: invite me first (/invite @me).")
            await _tell(url, "Shared to the channel.")
        elif code == "ch":
            image = await b.chart_of(reply)
            if image is None:
                raise UsageError("That reply has no chart.")
            try:
                await self.s.sender.upload(channel, [image])
            except PlatformError:
                raise UsageError("I cannot upload the chart here: invite me to the channel first.") from None

    async def _post(self, channel: str, reply: Any, refusal: str) -> None:
        try:
            await self.s.sender.post(channel, reply)
        except PlatformError:
            raise UsageError(refusal) from None

    async def on_feedback(self, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = str((body.get("user") or {}).get("id") or "")
        values = ((view.get("state") or {}).get("values") or {}).get(REASON_BLOCK) or {}
        reason = str((values.get(REASON_BLOCK) or {}).get("value") or "")
        try:
            await self.s.briefings.feedback(int(view.get("private_metadata") or 0), platform="slack", user=user,
                                            vote=-1, reason=reason)
        except BriefingError as e:
            log.info("feedback not recorded: %s", e)


async def _tell(url: str, text: str) -> None:
    """A short ephemeral note to the person who clicked (the message they clicked stays)."""
    if url:
        await post_response(url, {"response_type": "ephemeral", "replace_original": False, "text": slack_text(text)})


__all__ = ["BUTTON", "FEEDBACK_VIEW", "Buttons", "feedback_view"]
