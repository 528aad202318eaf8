"""What the fake Discord knows: its little world (users, guilds, channels, roles), every REST request it
received (in order), the interactions it sent, and the rate-limit buckets it enforces.

Nothing here does I/O; ``server.py`` drives it.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5  # "Manage Server"
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38

#: What an ordinary member of a fresh server may do.
DEFAULT_MEMBER_PERMISSIONS = (
    CREATE_INSTANT_INVITE | ADD_REACTIONS | VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES
    | READ_MESSAGE_HISTORY | MENTION_EVERYONE | USE_EXTERNAL_EMOJIS | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS | SEND_MESSAGES_IN_THREADS
)
#: A server manager: the default permissions plus Manage Server and Manage Channels/Messages.
MANAGER_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | MANAGE_GUILD | MANAGE_CHANNELS | MANAGE_MESSAGES
#: What the bot itself may do in the fake guild's channels (``app_permissions``).
BOT_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | MANAGE_MESSAGES

# Gateway intents (https://discord.com/developers/docs/events/gateway#gateway-intents).
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5

# Interaction types and callback types.
INTERACTION_PING = 1
INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_MESSAGE_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
INTERACTION_MODAL_SUBMIT = 5

CALLBACK_PONG = 1
CALLBACK_CHANNEL_MESSAGE = 4
CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE_MESSAGE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE_RESULT = 8
CALLBACK_MODAL = 9

# Message flags.
FLAG_SUPPRESS_EMBEDS = 1 << 2
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

# Route templates the fake understands, as "METHOD /path/{param}" (the same spelling ``set_rate_limit``,
# ``inject_error`` and ``RecordedRequest.route`` use). Literal segments win over parameters.
ROUTE_CURRENT_USER = "GET /users/@me"
ROUTE_APPLICATION = "GET /oauth2/applications/@me"
ROUTE_GATEWAY = "GET /gateway"
ROUTE_GATEWAY_BOT = "GET /gateway/bot"
ROUTE_GLOBAL_COMMANDS_PUT = "PUT /applications/{application_id}/commands"
ROUTE_GLOBAL_COMMANDS_GET = "GET /applications/{application_id}/commands"
ROUTE_GLOBAL_COMMAND_POST = "POST /applications/{application_id}/commands"
ROUTE_GLOBAL_COMMAND_PATCH = "PATCH /applications/{application_id}/commands/{command_id}"
ROUTE_GLOBAL_COMMAND_DELETE = "DELETE /applications/{application_id}/commands/{command_id}"
ROUTE_GUILD_COMMANDS_PUT = "PUT /applications/{application_id}/guilds/{guild_id}/commands"
ROUTE_GUILD_COMMANDS_GET = "GET /applications/{application_id}/guilds/{guild_id}/commands"
ROUTE_GUILD_COMMAND_POST = "POST /applications/{application_id}/guilds/{guild_id}/commands"
ROUTE_GUILD_COMMAND_PATCH = "PATCH /applications/{application_id}/guilds/{guild_id}/commands/{command_id}"
ROUTE_GUILD_COMMAND_DELETE = "DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}"
ROUTE_CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"
ROUTE_FOLLOWUP = "POST /webhooks/{webhook_id}/{webhook_token}"
ROUTE_WEBHOOK_MESSAGE_GET = "GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
ROUTE_WEBHOOK_MESSAGE_EDIT = "PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
ROUTE_WEBHOOK_MESSAGE_DELETE = "DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
ROUTE_CHANNEL_GET = "GET /channels/{channel_id}"
ROUTE_MESSAGES_LIST = "GET /channels/{channel_id}/messages"
ROUTE_MESSAGE_CREATE = "POST /channels/{channel_id}/messages"
ROUTE_MESSAGE_GET = "GET /channels/{channel_id}/messages/{message_id}"
ROUTE_MESSAGE_EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
ROUTE_MESSAGE_DELETE = "DELETE /channels/{channel_id}/messages/{message_id}"
ROUTE_TYPING = "POST /channels/{channel_id}/typing"
ROUTE_REACTION_ADD = "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"
ROUTE_DM_CREATE = "POST /users/@me/channels"
ROUTE_USER_GET = "GET /users/{user_id}"
ROUTE_GUILD_GET = "GET /guilds/{guild_id}"
ROUTE_GUILD_CHANNELS = "GET /guilds/{guild_id}/channels"
ROUTE_GUILD_MEMBER = "GET /guilds/{guild_id}/members/{user_id}"

#: Routes whose JSON body is (or, for callbacks, wraps in ``data``) a message that may carry ``allowed_mentions``.
MESSAGE_BODY_ROUTES = frozenset(
    {ROUTE_MESSAGE_CREATE, ROUTE_MESSAGE_EDIT, ROUTE_FOLLOWUP, ROUTE_WEBHOOK_MESSAGE_EDIT}
)
#: Path parameters that, like Discord's "major parameters", split a route into separate rate-limit buckets.
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id", "webhook_token", "interaction_id", "interaction_token")


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


class SnowflakeFactory:
    """Snowflakes that decode to the current time (discord.py derives ``created_at`` from them), strictly rising."""

    def __init__(self) -> None:
        self._last = 0

    def __call__(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate


# ---------------------------------------------------------------------------------------------- the world


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class FakeRole:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = GUILD_TEXT
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    recipients: list[FakeUser] = field(default_factory=list)  # DM channels only

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        if self.type == DM:
            return {
                "id": str(self.id),
                "type": DM,
                "last_message_id": None,
                "flags": 0,
                "recipients": [u.to_payload() for u in self.recipients],
            }
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "topic": self.topic,
            "nsfw": False,
            "permission_overwrites": [],
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        if self.guild_id is not None:
            payload["guild_id"] = str(self.guild_id)
        return payload


@dataclass
class FakeMember:
    user: FakeUser
    guild_id: int
    #: The member's effective permissions in every channel of the guild (the fake has no overwrites);
    #: sent as ``member.permissions`` in interactions.
    permissions: int = DEFAULT_MEMBER_PERMISSIONS
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    @property
    def id(self) -> int:
        return self.user.id

    def to_payload(self, *, with_user: bool = True, with_permissions: bool = False,
                   permissions: int | None = None) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            payload["user"] = self.user.to_payload()
        if with_permissions:
            payload["permissions"] = str(self.permissions if permissions is None else permissions)
        return payload


@dataclass
class FakeGuild:
    id: int
    name: str
    owner_id: int
    channels: dict[int, FakeChannel] = field(default_factory=dict)
    roles: dict[int, FakeRole] = field(default_factory=dict)
    members: dict[int, FakeMember] = field(default_factory=dict)
    locale: str = "en-US"

    def to_payload(self) -> dict[str, Any]:
        """The GUILD_CREATE payload."""
        text_channels = [c for c in self.channels.values() if c.type != DM]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": self.locale,
            "system_channel_id": str(text_channels[0].id) if text_channels else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "roles": [r.to_payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "channels": [c.to_payload() for c in text_channels],
            "threads": [],
            "members": [m.to_payload() for m in self.members.values()],
            "member_count": len(self.members),
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": iso_now(),
            "large": False,
            "unavailable": False,
            "lazy": True,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "incidents_data": None,
        }


# ---------------------------------------------------------------------------------------------- records


@dataclass
class RecordedFile:
    field_name: str
    filename: str | None
    size: int


@dataclass
class RecordedRequest:
    """One REST request the fake received, in arrival order. Header names are lower case."""

    index: int
    method: str
    path: str  # below the API base, e.g. "/channels/1/messages"
    route: str | None  # the template, e.g. "POST /channels/{channel_id}/messages"; None if unknown
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    json: Any  # the JSON body (for multipart requests: the payload_json part), None if there was none
    files: list[RecordedFile]
    received_at: float  # time.perf_counter() when the request arrived
    status: int = 0  # the status the fake answered
    response: Any = None  # the JSON the fake answered (None for 204)
    message: dict[str, Any] | None = None  # the message this request created or edited, if any

    @property
    def message_payload(self) -> dict[str, Any] | None:
        """The message part of the body: the body itself, or ``data`` of an interaction callback."""
        if not isinstance(self.json, dict):
            return None
        if self.route == ROUTE_CALLBACK:
            data = self.json.get("data")
            return data if isinstance(data, dict) else None
        return self.json

    @property
    def callback_type(self) -> int | None:
        if self.route == ROUTE_CALLBACK and isinstance(self.json, dict):
            return self.json.get("type")
        return None

    def __repr__(self) -> str:
        return f"<RecordedRequest #{self.index} {self.method} {self.path} -> {self.status}>"


@dataclass
class SentInteraction:
    """An INTERACTION_CREATE the fake sent, and what became of it."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    sent_at: float  # time.perf_counter() just before the gateway frame was written
    callback: RecordedRequest | None = None  # the first callback the bot posted for it
    callback_at: float | None = None  # its received_at
    original_message_id: int | None = None  # the message the response created ("@original")
    deferred: bool = False  # answered with type 5, the first follow-up fills the loading message
    followups: int = 0

    @property
    def latency(self) -> float | None:
        """Seconds from sending INTERACTION_CREATE to receiving its callback, or None while unanswered."""
        return None if self.callback_at is None else self.callback_at - self.sent_at

    @property
    def channel_id(self) -> int | None:
        channel = self.payload.get("channel") or {}
        return int(channel["id"]) if "id" in channel else None


@dataclass
class GatewayFrame:
    direction: str  # "in" (from the client) or "out" (to the client)
    op: int | None
    event: str | None
    data: Any
    at: float
    connection: int = 0  # GatewayConnection.number


# ---------------------------------------------------------------------------------------------- waiting


class RequestLog:
    """The ordered list of recorded requests, with ``wait`` for one that matches (already there or to come)."""

    def __init__(self) -> None:
        self.items: list[RecordedRequest] = []
        self._waiters: list[tuple[Callable[[RecordedRequest], bool], asyncio.Future[RecordedRequest]]] = []

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(self, request: RecordedRequest) -> None:
        """Append (waiters are woken by ``notify`` once the answer is known)."""
        self.items.append(request)

    def notify(self, request: RecordedRequest) -> None:
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(request):
                future.set_result(request)

    async def wait(self, predicate: Callable[[RecordedRequest], bool], timeout: float, what: str,
                   candidates: Iterable[RecordedRequest] | None = None) -> RecordedRequest:
        """The first answered request that satisfies ``predicate``, looking among ``candidates`` (default:
        all) already received, else waiting for the next one."""
        for request in self.items if candidates is None else candidates:
            if request.status and predicate(request):
                return request
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        entry = (predicate, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            recent = ", ".join(f"{r.method} {r.path} ({r.status})" for r in self.items[-8:]) or "none"
            raise TimeoutError(f"fake Discord: no {what} within {timeout:g}s; last requests: {recent}") from None
        finally:
            self._waiters.remove(entry)


# ---------------------------------------------------------------------------------------------- rate limits


@dataclass
class BucketConfig:
    limit: int
    window: float  # seconds
    #: Send X-RateLimit-* headers on this route's successful answers. With False the client cannot pre-empt
    #: the limit and runs into 429s, as with a sub-limit Discord does not announce.
    advertise: bool = True


@dataclass
class _Window:
    started: float
    count: int = 0


@dataclass
class RateDecision:
    allowed: bool
    headers: dict[str, str]
    retry_after: float = 0.0


class RateLimiter:
    """Fixed windows per (route template, major parameters), like Discord's per-route buckets."""

    def __init__(self, default: BucketConfig) -> None:
        self.default = default
        self.configs: dict[str, BucketConfig] = {}
        self._windows: dict[tuple[str, str], _Window] = {}

    def configure(self, route: str, config: BucketConfig | None) -> None:
        if config is None:
            self.configs.pop(route, None)
        else:
            self.configs[route] = config
        for key in [k for k in self._windows if k[0] == route]:
            del self._windows[key]

    @staticmethod
    def bucket_hash(route: str) -> str:
        return hashlib.sha1(route.encode()).hexdigest()[:16]

    @staticmethod
    def major_key(params: dict[str, str]) -> str:
        return "+".join(params[p] for p in MAJOR_PARAMETERS if p in params)

    def check(self, route: str, params: dict[str, str], now: float) -> RateDecision:
        config = self.configs.get(route, self.default)
        key = (route, self.major_key(params))
        window = self._windows.get(key)
        if window is None or now - window.started >= config.window:
            window = self._windows[key] = _Window(started=now)
        reset_after = max(0.0, config.window - (now - window.started))
        allowed = window.count < config.limit
        if allowed:
            window.count += 1
        remaining = max(0, config.limit - window.count)
        headers: dict[str, str] = {}
        if config.advertise or not allowed:  # a 429 always says which bucket and when it resets
            headers = {
                "X-RateLimit-Limit": str(config.limit),
                "X-RateLimit-Remaining": str(remaining),
                "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
                "X-RateLimit-Reset-After": f"{reset_after:.3f}",
                "X-RateLimit-Bucket": self.bucket_hash(route),
            }
        return RateDecision(allowed=allowed, headers=headers, retry_after=0.0 if allowed else reset_after)


@dataclass
class InjectedError:
    """A canned answer for the next ``count`` requests to ``route`` (whose params include ``match``)."""

    route: str
    status: int
    body: dict[str, Any]
    count: int = 1
    match: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def applies(self, route: str | None, params: dict[str, str]) -> bool:
        return self.count > 0 and route == self.route and all(params.get(k) == v for k, v in self.match.items())


def first(items: Iterable[Any], predicate: Callable[[Any], bool]) -> Any:
    return next((i for i in items if predicate(i)), None)
