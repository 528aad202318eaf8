"""Assertions over what the bot sent to the fake Discord."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .state import (
    CALLBACK_CHANNEL_MESSAGE,
    CALLBACK_UPDATE_MESSAGE,
    MESSAGE_BODY_ROUTES,
    ROUTE_CALLBACK,
    RecordedRequest,
)


@dataclass(frozen=True)
class MentionOffence:
    request: RecordedRequest
    reason: str

    def __str__(self) -> str:
        return f"{self.request.method} {self.request.path}: {self.reason}"


def mention_problem(payload: Mapping[str, Any]) -> str | None:
    """Why this message payload could ping someone, or None if its ``allowed_mentions`` allows nothing."""
    allowed = payload.get("allowed_mentions")
    if allowed is None:
        return "no allowed_mentions (Discord then pings whatever the content mentions)"
    if not isinstance(allowed, Mapping):
        return f"allowed_mentions is not an object: {allowed!r}"
    if "parse" not in allowed:
        return "allowed_mentions has no parse list (Discord then parses every mention type)"
    if allowed.get("parse"):
        return f"allowed_mentions parses {allowed['parse']}"
    for kind in ("users", "roles"):
        if allowed.get(kind):
            return f"allowed_mentions allows {kind} {allowed[kind]}"
    if allowed.get("replied_user"):
        return "allowed_mentions pings the replied-to user"
    return None


def carries_message(request: RecordedRequest) -> bool:
    """Whether the request posts or edits message content (and so may carry ``allowed_mentions``)."""
    if request.route == ROUTE_CALLBACK:
        return request.callback_type in (CALLBACK_CHANNEL_MESSAGE, CALLBACK_UPDATE_MESSAGE)
    return request.route in MESSAGE_BODY_ROUTES


def check_no_mentions(requests: Iterable[RecordedRequest]) -> list[MentionOffence]:
    """The requests that post or edit a message whose ``allowed_mentions`` is missing or allows anything.

    Checked: channel messages (POST/PATCH), interaction callbacks of type 4 and 7 (their ``data``),
    follow-ups and webhook-message edits. Accepted: ``{"parse": []}`` with no ``users``/``roles`` lists
    and no (or a false) ``replied_user``. Requests Discord rejected (4xx/5xx) count too: the bot sent them.
    """
    offences = []
    for request in requests:
        if not carries_message(request):
            continue
        payload = request.message_payload
        if payload is None:
            offences.append(MentionOffence(request, "no JSON message payload"))
            continue
        problem = mention_problem(payload)
        if problem is not None:
            offences.append(MentionOffence(request, problem))
    return offences
