"""The fake Slack's driving side: what Slack sends an app, signed, to the bot's HTTP endpoint or socket.

``await fake.command("pledges UK")`` posts a form-encoded slash command with a fresh ``response_url``
and ``trigger_id``; ``mention``, ``dm`` and ``assistant_*`` post events; ``click`` presses a button on
a recorded message and ``submit_view`` submits a form the bot opened. Each returns a :class:`Sent`
(the bot's HTTP status and body, and how long it took to answer). Signing can be left off, forged
or made stale per call, to see the bot refuse it. ``socket_command`` and friends send the same
payloads down the Socket Mode websocket instead.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .payloads import (
    APP_ID,
    BOT_USER,
    GENERAL,
    MEMBER,
    TEAM,
    block_actions,
    event_callback,
    form,
    interactive_form,
    signed_headers,
    slash_command,
    ts_now,
    view_submission,
)

if TYPE_CHECKING:
    from .server import FakeSlack, Message

DEFAULT = object()  # sign with the fake's own secret


@dataclass
class Sent:
    status: int
    body: str
    elapsed: float
    response_url: str | None = None

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body.startswith("{") else None


class Driver:
    bot_url: str | None = None

    def _fake(self) -> FakeSlack:
        return self  # type: ignore[return-value]

    async def post_to_bot(self, body: str, content_type: str, *, secret: Any = DEFAULT, timestamp: int | None = None,
                          signature: str | None = None) -> Sent:
        fake = self._fake()
        assert fake.session is not None and self.bot_url, "set fake.bot_url to the bot's endpoint first"
        key = fake.signing_secret if secret is DEFAULT else secret
        headers = signed_headers(key, body, timestamp=timestamp, content_type=content_type)
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        start = time.monotonic()
        async with fake.session.post(self.bot_url, data=body.encode(), headers=headers) as resp:
            text = await resp.text()
            return Sent(resp.status, text, time.monotonic() - start)

    def command_payload(self, text: str, *, user: str = MEMBER, channel: str = GENERAL,
                        command: str = "/brief") -> dict[str, str]:
        fake = self._fake()
        url = fake.new_response_url(channel, user)
        name = fake.channels.get(channel, {}).get("name", "directmessage")
        return slash_command(command=command, text=text, team=TEAM, user=user, user_name=user.lower(),
                             channel=channel, channel_name=name, response_url=url, trigger_id=fake.new_trigger(),
                             app_id=APP_ID)

    async def command(self, text: str, *, user: str = MEMBER, channel: str = GENERAL, command: str = "/brief",
                      **signing: Any) -> Sent:
        payload = self.command_payload(text, user=user, channel=channel, command=command)
        sent = await self.post_to_bot(form(payload), "application/x-www-form-urlencoded", **signing)
        sent.response_url = payload["response_url"]
        return sent

    async def event(self, event: dict[str, Any], **signing: Any) -> Sent:
        body = json.dumps(event_callback(event, team=TEAM, app_id=APP_ID, bot_user=BOT_USER))
        return await self.post_to_bot(body, "application/json", **signing)

    def user_message(self, text: str, *, user: str, channel: str, thread_ts: str | None) -> Message:
        from .server import Message

        msg = Message(channel, ts_now(), text, [], "user", thread_ts=thread_ts, user=user,
                      body={"text": text, "user": user})
        fake = self._fake()
        fake.messages.append(msg)
        fake.changed()
        return msg

    def mention_event(self, text: str, *, user: str = MEMBER, channel: str = GENERAL,
                      thread_ts: str | None = None) -> tuple[dict[str, Any], Message]:
        full = f"<@{BOT_USER}> {text}"
        msg = self.user_message(full, user=user, channel=channel, thread_ts=thread_ts)
        event = {"type": "app_mention", "user": user, "text": full, "ts": msg.ts, "channel": channel,
                 "event_ts": msg.ts, "team": TEAM}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return event, msg

    async def mention(self, text: str, *, user: str = MEMBER, channel: str = GENERAL,
                      thread_ts: str | None = None, **signing: Any) -> tuple[Sent, Message]:
        event, msg = self.mention_event(text, user=user, channel=channel, thread_ts=thread_ts)
        return await self.event(event, **signing), msg

    async def dm(self, text: str, *, user: str = MEMBER, thread_ts: str | None = None) -> tuple[Sent, Message]:
        channel = self._fake().dm_channel(user)
        msg = self.user_message(text, user=user, channel=channel, thread_ts=thread_ts)
        event = {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": msg.ts,
                 "channel": channel, "event_ts": msg.ts, "team": TEAM}
        if thread_ts:
            event["thread_ts"] = thread_ts
        return await self.event(event), msg

    async def assistant_thread_started(self, *, user: str = MEMBER) -> tuple[Sent, str, str]:
        channel, thread_ts = self._fake().dm_channel(user), ts_now()
        event = {"type": "assistant_thread_started", "event_ts": thread_ts,
                 "assistant_thread": {"user_id": user, "channel_id": channel, "thread_ts": thread_ts,
                                      "context": {"channel_id": GENERAL, "team_id": TEAM}}}
        return await self.event(event), channel, thread_ts

    async def click(self, message: Message, action_id: str, *, user: str = MEMBER, **signing: Any) -> Sent:
        """Press the button ``action_id`` on ``message``; KeyError if the message has no such button."""
        fake = self._fake()
        button = next((el for b in message.blocks if b.get("type") == "actions" for el in b["elements"]
                       if el.get("action_id") == action_id), None)
        if button is None:
            raise KeyError(f"no button {action_id!r} on the message")
        url = fake.new_response_url(message.channel, user, message)
        action = {"type": "button", "action_id": action_id, "block_id": "b", "value": button.get("value"),
                  "text": button.get("text")}
        payload = block_actions(message=None if message.ephemeral else message.as_event_message(), action=action,
                                team=TEAM, user=user, channel=message.channel, response_url=url,
                                trigger_id=fake.new_trigger(), app_id=APP_ID, message_ts=message.ts,
                                ephemeral=message.ephemeral)
        sent = await self.post_to_bot(interactive_form(payload), "application/x-www-form-urlencoded", **signing)
        sent.response_url = url
        return sent

    async def submit_view(self, view_id: str, values: dict[str, dict[str, str]], *, user: str = MEMBER) -> Sent:
        view = self._fake().views[view_id]
        payload = view_submission(view=view, values=values, team=TEAM, user=user, app_id=APP_ID)
        return await self.post_to_bot(interactive_form(payload), "application/x-www-form-urlencoded")

    # ------------------------------------------------------------------------------------------ Socket Mode

    async def socket_command(self, text: str, *, user: str = MEMBER, channel: str = GENERAL) -> tuple[str, str]:
        """A slash command down the websocket: (envelope id, response_url)."""
        payload = self.command_payload(text, user=user, channel=channel)
        return await self._fake().socket_send("slash_commands", payload), payload["response_url"]

    async def socket_event(self, event: dict[str, Any]) -> str:
        body = event_callback(event, team=TEAM, app_id=APP_ID, bot_user=BOT_USER)
        return await self._fake().socket_send("events_api", body, accepts_response=False)

    # ------------------------------------------------------------------------------------------ waiting

    async def responses(self, url: str, n: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The first ``n`` bodies posted to a response URL, once there are that many."""
        fake = self._fake()
        record = fake.response(url)
        await fake.wait_for(lambda: len(record.posts) >= n, timeout)
        return record.posts[:n]

    async def thread_replies(self, channel: str, thread_ts: str, n: int = 1, timeout: float = 5.0) -> list[Message]:
        fake = self._fake()

        def found() -> list[Message]:
            got = [m for m in fake.messages if m.channel == channel and m.thread_ts == thread_ts and m.via != "user"]
            return got if len(got) >= n else []

        return list(await fake.wait_for(found, timeout))

    async def posted(self, channel: str, n: int = 1, timeout: float = 5.0) -> list[Message]:
        """The first ``n`` messages posted with ``chat.postMessage`` in ``channel``."""
        fake = self._fake()

        def found() -> list[Message]:
            got = [m for m in fake.messages if m.channel == channel and m.via == "chat.postMessage"]
            return got if len(got) >= n else []

        return list(await fake.wait_for(found, timeout))


__all__ = ["DEFAULT", "Driver", "Sent"]
