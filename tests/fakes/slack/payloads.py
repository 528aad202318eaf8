"""What Slack sends an app, built the way Slack builds it: slash commands, events, clicks, form submissions.

Each builder returns the payload; :func:`sign` and :func:`signed_headers` produce Slack's v0 request
signature (``v0=`` + HMAC-SHA256 of ``v0:{timestamp}:{body}`` with the signing secret).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

TEAM = "T0FAKE"
APP_ID = "A0FAKE"
BOT_USER = "U0BOT"
BOT_ID = "B0BOT"
ADMIN, OWNER, MEMBER = "U0ADMIN", "U0OWNER", "U0MEMBER"
GENERAL, NEWS = "C0GENERAL", "C0NEWS"

_ids = itertools.count(1)


def next_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):08d}"


def ts_now() -> str:
    return f"{time.time():.6f}"


def sign(secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str | None, body: str, *, timestamp: int | None = None,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    headers = {"Content-Type": content_type}
    if secret is None:
        return headers
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers["X-Slack-Request-Timestamp"] = stamp
    headers["X-Slack-Signature"] = sign(secret, stamp, body)
    return headers


def slash_command(*, command: str, text: str, team: str, user: str, user_name: str, channel: str,
                  channel_name: str, response_url: str, trigger_id: str, app_id: str) -> dict[str, str]:
    return {"token": "deprecated-verification-token", "team_id": team, "team_domain": "fake",
            "channel_id": channel, "channel_name": channel_name, "user_id": user, "user_name": user_name,
            "command": command, "text": text, "api_app_id": app_id, "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": trigger_id}


def form(payload: dict[str, str]) -> str:
    return urlencode(payload)


def event_callback(event: dict[str, Any], *, team: str, app_id: str, bot_user: str) -> dict[str, Any]:
    return {"token": "deprecated-verification-token", "team_id": team, "api_app_id": app_id, "event": event,
            "type": "event_callback", "event_id": next_id("Ev"), "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": bot_user, "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False, "event_context": next_id("EC")}


def block_actions(*, message: dict[str, Any] | None, action: dict[str, Any], team: str, user: str, channel: str,
                  response_url: str, trigger_id: str, app_id: str, message_ts: str,
                  ephemeral: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions", "user": {"id": user, "team_id": team}, "api_app_id": app_id,
        "token": "deprecated-verification-token", "team": {"id": team, "domain": "fake"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": ephemeral},
        "trigger_id": trigger_id, "channel": {"id": channel, "name": "channel"}, "response_url": response_url,
        "actions": [{**action, "action_ts": ts_now()}], "state": {"values": {}},
    }
    if message is not None:
        payload["message"] = message
    return payload


def view_submission(*, view: dict[str, Any], values: dict[str, dict[str, str]], team: str, user: str,
                    app_id: str) -> dict[str, Any]:
    state = {block: {action: {"type": "plain_text_input", "value": value} for action, value in actions.items()}
             for block, actions in values.items()}
    return {"type": "view_submission", "team": {"id": team, "domain": "fake"}, "user": {"id": user, "team_id": team},
            "api_app_id": app_id, "token": "deprecated-verification-token", "trigger_id": next_id("T"),
            "view": {**view, "state": {"values": state}, "team_id": team, "app_id": app_id}}


def interactive_form(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


__all__ = ["ADMIN", "APP_ID", "BOT_ID", "BOT_USER", "GENERAL", "MEMBER", "NEWS", "OWNER", "TEAM", "block_actions", "event_callback", "form", "interactive_form", "next_id", "sign", "signed_headers",
           "slash_command", "ts_now", "view_submission"]
