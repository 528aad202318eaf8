"""``FakeDiscord``: Discord's gateway (websocket) and REST API on 127.0.0.1, enough to drive the real discord.py.

It speaks the protocol discord.py 2.7 speaks: HELLO, heartbeats and their ACKs, IDENTIFY answered by READY
and one GUILD_CREATE per guild, RESUME with the missed events replayed by sequence number then RESUMED,
RECONNECT / INVALID_SESSION, member chunks; zlib-stream compressed frames when the client asks for them.
On the REST side: login, application info, ``/gateway/bot``, application commands (bulk overwrite and the
rest), interaction callbacks (answered with the ``with_response`` body), follow-ups and webhook-message
edits, channel messages, DMs; every answer carries Discord's rate-limit headers, buckets can be tightened
per route and 429s injected, and every request is recorded in order.

See ``tests/test_fake_discord.py`` for each feature in use.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import secrets
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from . import payloads as P
from .checks import MentionOffence, check_no_mentions
from .state import (
    ADMINISTRATOR,
    BOT_PERMISSIONS,
    CALLBACK_AUTOCOMPLETE_RESULT,
    CALLBACK_CHANNEL_MESSAGE,
    CALLBACK_DEFERRED_CHANNEL_MESSAGE,
    CALLBACK_DEFERRED_UPDATE_MESSAGE,
    CALLBACK_MODAL,
    CALLBACK_UPDATE_MESSAGE,
    DEFAULT_MEMBER_PERMISSIONS,
    DM,
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    FLAG_SUPPRESS_EMBEDS,
    GUILD_TEXT,
    INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MEMBERS,
    INTENT_GUILD_MESSAGES,
    INTENT_GUILD_PRESENCES,
    INTENT_MESSAGE_CONTENT,
    INTERACTION_APPLICATION_COMMAND,
    INTERACTION_AUTOCOMPLETE,
    INTERACTION_MESSAGE_COMPONENT,
    INTERACTION_MODAL_SUBMIT,
    MANAGER_PERMISSIONS,
    PRIVILEGED_INTENTS,
    ROUTE_APPLICATION,
    ROUTE_CALLBACK,
    ROUTE_CHANNEL_GET,
    ROUTE_CURRENT_USER,
    ROUTE_DM_CREATE,
    ROUTE_FOLLOWUP,
    ROUTE_GATEWAY,
    ROUTE_GATEWAY_BOT,
    ROUTE_GLOBAL_COMMAND_DELETE,
    ROUTE_GLOBAL_COMMAND_PATCH,
    ROUTE_GLOBAL_COMMAND_POST,
    ROUTE_GLOBAL_COMMANDS_GET,
    ROUTE_GLOBAL_COMMANDS_PUT,
    ROUTE_GUILD_CHANNELS,
    ROUTE_GUILD_COMMAND_DELETE,
    ROUTE_GUILD_COMMAND_PATCH,
    ROUTE_GUILD_COMMAND_POST,
    ROUTE_GUILD_COMMANDS_GET,
    ROUTE_GUILD_COMMANDS_PUT,
    ROUTE_GUILD_GET,
    ROUTE_GUILD_MEMBER,
    ROUTE_MESSAGE_CREATE,
    ROUTE_MESSAGE_DELETE,
    ROUTE_MESSAGE_EDIT,
    ROUTE_MESSAGE_GET,
    ROUTE_MESSAGES_LIST,
    ROUTE_REACTION_ADD,
    ROUTE_TYPING,
    ROUTE_USER_GET,
    ROUTE_WEBHOOK_MESSAGE_DELETE,
    ROUTE_WEBHOOK_MESSAGE_EDIT,
    ROUTE_WEBHOOK_MESSAGE_GET,
    BucketConfig,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    GatewayFrame,
    InjectedError,
    RateLimiter,
    RecordedFile,
    RecordedRequest,
    RequestLog,
    SentInteraction,
    SnowflakeFactory,
    iso_now,
)
from .validation import check_commands, check_message

API_PREFIX = "/api/v10"
_TRACE = ["fake-discord"]


class ApiError(Exception):
    """Raised by a route handler: answer ``status`` with Discord's error body."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "code": code, **extra}


def _unknown(what: str, code: int) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


@dataclass
class GatewaySession:
    session_id: str
    intents: int
    shard: tuple[int, int] | None
    identify: dict[str, Any]
    connection: GatewayConnection | None = None
    seq: int = 0
    frames: list[dict[str, Any]] = field(default_factory=list)  # every dispatch, for RESUME replays
    resumes: int = 0

    def handles_guild(self, guild_id: int | None) -> bool:
        if self.shard is None:
            return True
        shard_id, count = self.shard
        return (shard_id == 0) if guild_id is None else ((guild_id >> 22) % count == shard_id)


@dataclass
class GatewayConnection:
    number: int
    path: str
    query: dict[str, str]
    ws: web.WebSocketResponse
    compressor: Any = None  # zlib.compressobj for compress=zlib-stream
    session: GatewaySession | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    heartbeats: int = 0
    closed: bool = False
    closed_by_server: bool = False
    close_code: int | None = None


Handler = Callable[[RecordedRequest], Awaitable[tuple[int, Any]]]


def _compile(template: str) -> tuple[str, re.Pattern[str], int]:
    method, path = template.split(" ", 1)
    parts = []
    literal = 0
    for segment in path.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            parts.append(f"(?P<{segment[1:-1]}>[^/]+)")
        else:
            parts.append(re.escape(segment))
            literal += 1
    return method, re.compile("^/" + "/".join(parts) + "$"), literal


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


class FakeDiscord:
    """A fake Discord on an ephemeral loopback port. Use as ``async with FakeDiscord() as fake:``.

    The world it starts with: the bot user (``bot_user``, whose id is also ``application_id``), a guild
    (``guild``) with text channels ``channel`` (#general) and ``other_channel`` (#briefings), an ``admin``
    member (the owner, with Manage Server) and an ordinary ``user`` member (no Manage Server). Add more
    with ``add_user``, ``add_guild``, ``add_channel``, ``add_member``, ``add_role``.

    Options: ``token``: the only bot token accepted (None: any); ``shard_count``: what ``/gateway/bot``
    advertises; ``interaction_deadline``: seconds after which an unanswered interaction is unknown (Discord's
    3 s; None: never); ``default_rate_limit``: the bucket every route gets unless ``set_rate_limit`` says
    otherwise; ``enforce_intents``: withhold message events the IDENTIFY intents did not ask for, and blank
    the content of guild messages that do not mention the bot without the message-content intent;
    ``privileged_intents``: the privileged intents the "portal" allows (others close the gateway with 4014);
    ``echo_own_messages``: send MESSAGE_CREATE/UPDATE/DELETE for what the bot posts, as Discord does.
    """

    def __init__(self, *, token: str | None = None, shard_count: int = 1, heartbeat_interval_ms: int = 41250,
                 interaction_deadline: float | None = 3.0,
                 default_rate_limit: BucketConfig | None = None, enforce_intents: bool = True,
                 privileged_intents: int = PRIVILEGED_INTENTS, echo_own_messages: bool = True,
                 host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.token = token
        self.invalid_token = False  # when True every bot-authenticated request answers 401
        self.shard_count = shard_count
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.ack_heartbeats = True
        self.interaction_deadline = interaction_deadline
        self.enforce_intents = enforce_intents
        self.privileged_intents = privileged_intents
        self.echo_own_messages = echo_own_messages
        self.snowflake = SnowflakeFactory()

        # the world
        self.users: dict[int, FakeUser] = {}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.roles: dict[int, FakeRole] = {}
        self.bot_user = self.add_user("BriefBot", bot=True)
        self.application_id = self.bot_user.id
        self.admin = self.add_user("alice", global_name="Alice")
        self.user = self.add_user("bob", global_name="Bob")
        self.guild = self.add_guild("Fake Guild", owner=self.admin)
        self.channel = next(iter(self.guild.channels.values()))
        self.other_channel = self.add_channel(self.guild, "briefings")
        self.add_member(self.guild, self.user, permissions=DEFAULT_MEMBER_PERMISSIONS)

        # what happened
        self.requests = RequestLog()
        self.interactions: dict[int, SentInteraction] = {}
        self.gateway_frames: list[GatewayFrame] = []
        self.connections: list[GatewayConnection] = []
        self.sessions: dict[str, GatewaySession] = {}
        self.identifies = 0
        self.resumes = 0
        self.rate_limited_count = 0  # 429 answers, bucket or injected
        self.commands: dict[int | None, dict[tuple[str, int], dict[str, Any]]] = {}  # scope (guild id) -> commands
        self.messages: dict[int, dict[str, Any]] = {}
        self.rate_limiter = RateLimiter(default_rate_limit or BucketConfig(limit=1000, window=1.0))
        self.injected: list[InjectedError] = []

        self._consumed: set[tuple[str, int]] = set()
        self._callbacks: dict[str, list[RecordedRequest]] = {}  # interaction id -> its callback requests
        self._state_waiters: list[tuple[Callable[[], bool], asyncio.Future[None]]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self._routes: list[tuple[str, str, re.Pattern[str], int, Handler]] = []
        self._register_routes()

    # ------------------------------------------------------------------------------------------ world

    def add_user(self, username: str, *, bot: bool = False, global_name: str | None = None) -> FakeUser:
        user = FakeUser(id=self.snowflake(), username=username, bot=bot, global_name=global_name)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, *, owner: FakeUser, channel_name: str = "general",
                  owner_permissions: int = MANAGER_PERMISSIONS | ADMINISTRATOR) -> FakeGuild:
        """A guild with an @everyone role, one text channel, the owner and the bot as members."""
        guild = FakeGuild(id=self.snowflake(), name=name, owner_id=owner.id)
        self.guilds[guild.id] = guild
        everyone = FakeRole(id=guild.id, guild_id=guild.id, name="@everyone", permissions=DEFAULT_MEMBER_PERMISSIONS)
        guild.roles[everyone.id] = everyone
        self.roles[everyone.id] = everyone
        self.add_channel(guild, channel_name)
        self.add_member(guild, owner, permissions=owner_permissions)
        self.add_member(guild, self.bot_user, permissions=BOT_PERMISSIONS)
        return guild

    def add_channel(self, guild: FakeGuild, name: str, *, type: int = GUILD_TEXT,  # noqa: A002 - Discord's name
                    topic: str | None = None) -> FakeChannel:
        channel = FakeChannel(id=self.snowflake(), name=name, type=type, guild_id=guild.id,
                              position=len(guild.channels), topic=topic)
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def add_member(self, guild: FakeGuild, user: FakeUser, *, permissions: int = DEFAULT_MEMBER_PERMISSIONS,
                   roles: Sequence[FakeRole] = (), nick: str | None = None) -> FakeMember:
        member = FakeMember(user=user, guild_id=guild.id, permissions=permissions, roles=[r.id for r in roles],
                            nick=nick)
        guild.members[user.id] = member
        return member

    def add_role(self, guild: FakeGuild, name: str, *, permissions: int = 0) -> FakeRole:
        role = FakeRole(id=self.snowflake(), guild_id=guild.id, name=name, permissions=permissions,
                        position=len(guild.roles))
        guild.roles[role.id] = role
        self.roles[role.id] = role
        return role

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use)."""
        for channel in self.channels.values():
            if channel.type == DM and channel.recipients and channel.recipients[0].id == user.id:
                return channel
        channel = FakeChannel(id=self.snowflake(), name="", type=DM, recipients=[user])
        self.channels[channel.id] = channel
        return channel

    # World protocol for payloads
    def get_channel(self, channel_id: int) -> FakeChannel | None:
        return self.channels.get(channel_id)

    def get_user(self, user_id: int) -> FakeUser | None:
        return self.users.get(user_id)

    def get_role(self, role_id: int) -> FakeRole | None:
        return self.roles.get(role_id)

    # ------------------------------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        """What ``discord.http.Route.BASE`` must be."""
        return f"http://{self.host}:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` must be (and what ``/gateway/bot`` answers)."""
        return f"ws://{self.host}:{self.port}/"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume"

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/", self._gateway)
        app.router.add_get("/resume", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        for connection in self.connections:
            if not connection.closed:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._close(connection, 1001, "fake Discord stopping"), 1.0)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @contextlib.contextmanager
    def patch_discord(self) -> Iterator[FakeDiscord]:
        """Point discord.py at this fake (``Route.BASE``, ``DiscordWebSocket.DEFAULT_GATEWAY``), restore after."""
        import discord.gateway
        import discord.http
        import yarl

        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.base_url
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    @contextlib.asynccontextmanager
    async def run_client(self, client: Any, *, token: str | None = None, timeout: float = 10.0) -> AsyncIterator[Any]:
        """Start ``client`` (``client.start(token)`` in a task), wait for its ``on_ready``, close it after.

        If the client fails before it is ready (say ``discord.LoginFailure``), that exception is raised; so is
        one it died of while the block ran (unless the block raised first).
        """
        task = asyncio.create_task(client.start(token or self.token or "fake-token"))
        deadline = time.monotonic() + timeout
        error: BaseException | None = None
        try:
            while not client.is_ready():
                if task.done():
                    task.result()
                    raise RuntimeError("the client stopped before it was ready")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the client was not ready within {timeout:g}s")
                await asyncio.sleep(0.002)
            yield client
        finally:
            await client.close()
            done, _pending = await asyncio.wait({task}, timeout=5.0)
            if task in done:
                error = None if task.cancelled() else task.exception()
            else:
                task.cancel()
            with contextlib.suppress(TimeoutError):  # let the gateway handler see the close
                await self.wait_until(lambda: all(c.closed for c in self.connections), timeout=2.0)
        if error is not None:
            raise error

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------------------------------ waiting

    def _pulse(self) -> None:
        for predicate, future in list(self._state_waiters):
            if not future.done() and predicate():
                future.set_result(None)

    async def wait_until(self, predicate: Callable[[], bool], *, timeout: float = 5.0, what: str = "condition",
                         poll: float = 0.002) -> None:
        """Wait until ``predicate()`` holds: re-checked whenever the fake's state changes and every ``poll``
        seconds (for conditions on the client's side)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"fake Discord: {what} did not happen within {timeout:g}s")
            future: asyncio.Future[None] = loop.create_future()
            entry = (predicate, future)
            self._state_waiters.append(entry)
            try:
                await asyncio.wait({future}, timeout=min(poll, remaining))
            finally:
                self._state_waiters.remove(entry)

    async def wait_for_request(self, route: str | None = None, *, predicate: Callable[[RecordedRequest], bool] | None = None,
                               timeout: float = 5.0, consume: str | None = None,
                               include_rate_limited: bool = False,
                               candidates: Iterable[RecordedRequest] | None = None) -> RecordedRequest:
        """The first request (already received or to come) to ``route`` that satisfies ``predicate``.

        With ``consume`` (a name), each request is returned at most once per name: successive calls give
        successive requests. Requests answered 429 are skipped (the client retries them) unless
        ``include_rate_limited``.
        """

        def matches(request: RecordedRequest) -> bool:
            if route is not None and request.route != route:
                return False
            if request.status == 429 and not include_rate_limited:
                return False
            if consume is not None and (consume, request.index) in self._consumed:
                return False
            return predicate is None or predicate(request)

        request = await self.requests.wait(matches, timeout, route or "matching request", candidates)
        if consume is not None:
            self._consumed.add((consume, request.index))
        return request

    async def wait_for_callback(self, interaction: SentInteraction | int, *, timeout: float = 5.0) -> RecordedRequest:
        """The (first) callback the bot posted for ``interaction``: ``.json`` is ``{"type": ..., "data": ...}``."""
        interaction_id = str(interaction.id if isinstance(interaction, SentInteraction) else interaction)
        return await self.wait_for_request(ROUTE_CALLBACK, timeout=timeout,
                                           predicate=lambda r: r.params.get("interaction_id") == interaction_id,
                                           candidates=self._callbacks.get(interaction_id, []))

    async def wait_for_followup(self, interaction: SentInteraction, *, timeout: float = 5.0) -> RecordedRequest:
        """The next follow-up (POST /webhooks/{app}/{token}) for ``interaction`` not returned before."""
        return await self.wait_for_request(ROUTE_FOLLOWUP, timeout=timeout, consume="followup",
                                           predicate=lambda r: r.params.get("webhook_token") == interaction.token)

    async def wait_for_edit(self, interaction: SentInteraction, *, timeout: float = 5.0) -> RecordedRequest:
        """The next webhook-message edit (e.g. ``edit_original_response``) for ``interaction``."""
        return await self.wait_for_request(ROUTE_WEBHOOK_MESSAGE_EDIT, timeout=timeout, consume="edit",
                                           predicate=lambda r: r.params.get("webhook_token") == interaction.token)

    async def wait_for_message(self, channel: FakeChannel | int | None = None, *, timeout: float = 5.0) -> RecordedRequest:
        """The next POST /channels/{channel}/messages not returned before (any channel if None)."""
        wanted = None if channel is None else str(channel.id if isinstance(channel, FakeChannel) else channel)
        return await self.wait_for_request(ROUTE_MESSAGE_CREATE, timeout=timeout, consume="message",
                                           predicate=lambda r: wanted is None or r.params.get("channel_id") == wanted)

    async def settle(self, delay: float = 0.01) -> None:
        """Let the client finish handling what it just received (say, store the view or modal of a response
        before the test clicks it: discord.py does that after reading the callback's answer)."""
        for _ in range(5):
            await asyncio.sleep(0)
        await asyncio.sleep(delay)

    def interaction_latencies(self) -> list[float]:
        """Seconds from INTERACTION_CREATE to its callback, for every answered interaction, in sending order."""
        return [ix.latency for ix in self.interactions.values() if ix.latency is not None]

    def check_no_mentions(self) -> list[MentionOffence]:
        """``checks.check_no_mentions`` over every request received so far."""
        return check_no_mentions(self.requests)

    def requests_to(self, route: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route == route]

    # ------------------------------------------------------------------------------------------ rate limits

    def set_rate_limit(self, route: str, limit: int | None, window: float = 1.0, *, advertise: bool = True) -> None:
        """Give ``route`` (a template such as ``"POST /channels/{channel_id}/messages"``) a bucket of ``limit``
        requests per ``window`` seconds per major parameter (channel, guild, webhook/interaction); None: back
        to the default. ``advertise=False`` leaves out the X-RateLimit headers so the client cannot pre-empt."""
        self.rate_limiter.configure(route, None if limit is None else BucketConfig(limit, window, advertise))

    def inject_429(self, route: str, *, retry_after: float = 0.5, count: int = 1, is_global: bool = False,
                   **match: Any) -> InjectedError:
        """Answer the next ``count`` requests to ``route`` (whose path params equal ``match``) with 429."""
        headers = {"Retry-After": str(max(1, math.ceil(retry_after))), "X-RateLimit-Scope": "global" if is_global else "user"}
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
        return self.inject_error(route, 429, body, count=count, headers=headers, **match)

    def inject_error(self, route: str, status: int, body: Mapping[str, Any], *, count: int = 1,
                     headers: Mapping[str, str] | None = None, **match: Any) -> InjectedError:
        """Answer the next ``count`` requests to ``route`` with ``status`` and ``body`` (e.g. 403 code 50013)."""
        injected = InjectedError(route=route, status=status, body=dict(body), count=count,
                                 match={k: str(getattr(v, "id", v)) for k, v in match.items()},
                                 headers=dict(headers or {}))
        self.injected.append(injected)
        return injected

    # ------------------------------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(timeout=2.0, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        connection = GatewayConnection(number=len(self.connections), path=request.path, query=dict(request.query), ws=ws)
        if connection.query.get("compress") == "zlib-stream":
            connection.compressor = zlib.compressobj()
        self.connections.append(connection)
        try:
            await self._send(connection, {"op": 10, "s": None, "t": None,
                                          "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": _TRACE}})
            async for message in ws:
                if message.type is aiohttp.WSMsgType.TEXT:
                    await self._on_frame(connection, json.loads(message.data))
        except (ConnectionError, RuntimeError):
            pass
        finally:
            connection.closed = True
            if connection.close_code is None:
                connection.close_code = ws.close_code
            session = connection.session
            if session is not None and session.connection is connection:
                session.connection = None
                if ws.close_code in (1000, 1001) and not connection.closed_by_server:
                    # The client closed on purpose: Discord ends the session (no RESUME possible).
                    self.sessions.pop(session.session_id, None)
            self._pulse()
        return ws

    async def _close(self, connection: GatewayConnection, code: int, reason: str) -> None:
        """Close from the server's side with ``code`` (recorded as the connection's close code)."""
        connection.closed_by_server = True
        if connection.close_code is None:
            connection.close_code = code
        with contextlib.suppress(ConnectionError, RuntimeError):
            await connection.ws.close(code=code, message=reason.encode())

    async def _send(self, connection: GatewayConnection, frame: dict[str, Any]) -> bool:
        return await self._send_many(connection, [frame])

    async def _send_many(self, connection: GatewayConnection, frames: Sequence[dict[str, Any]]) -> bool:
        async with connection.lock:
            return await self._write_frames(connection, frames)

    async def _write_frames(self, connection: GatewayConnection, frames: Sequence[dict[str, Any]]) -> bool:
        """Write frames in order (the caller holds ``connection.lock``: the zlib stream must stay in order)."""
        for frame in frames:
            if connection.closed or connection.ws.closed:
                return False
            text = json.dumps(frame, separators=(",", ":"))
            try:
                if connection.compressor is not None:
                    data = connection.compressor.compress(text.encode()) + connection.compressor.flush(zlib.Z_SYNC_FLUSH)
                    await connection.ws.send_bytes(data)
                else:
                    await connection.ws.send_str(text)
            except (ConnectionError, RuntimeError):
                return False
            self.gateway_frames.append(GatewayFrame("out", frame.get("op"), frame.get("t"), frame.get("d"),
                                                    time.perf_counter(), connection.number))
        return True

    async def _on_frame(self, connection: GatewayConnection, frame: dict[str, Any]) -> None:
        op = frame.get("op")
        data = frame.get("d")
        self.gateway_frames.append(GatewayFrame("in", op, None, data, time.perf_counter(), connection.number))
        if op == 1:  # HEARTBEAT
            connection.heartbeats += 1
            if self.ack_heartbeats:
                await self._send(connection, {"op": 11, "s": None, "t": None, "d": None})
        elif op == 2:  # IDENTIFY
            await self._identify(connection, data or {})
        elif op == 6:  # RESUME
            await self._resume(connection, data or {})
        elif op == 8:  # REQUEST_GUILD_MEMBERS
            await self._member_chunk(connection, data or {})
        self._pulse()

    def _token_ok(self, token: str | None) -> bool:
        if self.invalid_token or not token:
            return False
        if token.startswith("Bot "):
            token = token[4:]
        return self.token is None or token == self.token

    def _application_flags(self) -> int:
        flags = 0
        if self.privileged_intents & INTENT_GUILD_PRESENCES:
            flags |= 1 << 12
        if self.privileged_intents & INTENT_GUILD_MEMBERS:
            flags |= 1 << 14
        if self.privileged_intents & INTENT_MESSAGE_CONTENT:
            flags |= 1 << 18
        return flags

    def _current_user_payload(self) -> dict[str, Any]:
        return {**self.bot_user.to_payload(), "verified": True, "mfa_enabled": False, "email": None,
                "locale": "en-US", "premium_type": 0}

    async def _identify(self, connection: GatewayConnection, data: dict[str, Any]) -> None:
        if not self._token_ok(data.get("token")):
            await self._close(connection, 4004, "Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if intents & PRIVILEGED_INTENTS & ~self.privileged_intents:
            await self._close(connection, 4014, "Disallowed intent(s).")
            return
        shard = data.get("shard")
        session = GatewaySession(session_id=secrets.token_hex(16), intents=intents,
                                 shard=(int(shard[0]), int(shard[1])) if shard else None, identify=data,
                                 connection=connection)
        self.sessions[session.session_id] = session
        connection.session = session
        self.identifies += 1
        guilds = [g for g in self.guilds.values() if session.handles_guild(g.id)]
        ready: dict[str, Any] = {
            "v": 10,
            "user": self._current_user_payload(),
            "user_settings": {},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.application_id), "flags": self._application_flags()},
            "_trace": _TRACE,
        }
        if session.shard is not None:
            ready["shard"] = list(session.shard)
        await self._dispatch_to(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to(session, "GUILD_CREATE", guild.to_payload())

    async def _resume(self, connection: GatewayConnection, data: dict[str, Any]) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not self._token_ok(data.get("token")):
            await self._send(connection, {"op": 9, "s": None, "t": None, "d": False})
            return
        old = session.connection
        if old is not None and old is not connection and not old.closed:
            self._spawn(self._close(old, 4000, "session resumed elsewhere"))
        last_seen = int(data.get("seq") or 0)
        async with connection.lock:
            # Bind, collect and replay under the lock: whatever is dispatched meanwhile queues behind the replay.
            session.connection = connection
            connection.session = session
            missed = [f for f in session.frames if f["s"] > last_seen]
            await self._write_frames(connection, missed)
        session.resumes += 1
        self.resumes += 1
        await self._dispatch_to(session, "RESUMED", {"_trace": _TRACE})

    async def _member_chunk(self, connection: GatewayConnection, data: dict[str, Any]) -> None:
        session = connection.session
        guild = self.guilds.get(int(data.get("guild_id") or 0))
        if session is None or guild is None:
            return
        members = list(guild.members.values())
        if data.get("user_ids"):
            wanted = {int(u) for u in data["user_ids"]}
            members = [m for m in members if m.id in wanted]
        elif data.get("query"):
            prefix = str(data["query"]).lower()
            members = [m for m in members if m.user.username.lower().startswith(prefix)]
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: dict[str, Any] = {"guild_id": str(guild.id), "members": [m.to_payload() for m in members],
                                 "chunk_index": 0, "chunk_count": 1, "not_found": []}
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    def _filtered(self, session: GatewaySession, event: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """What ``session`` gets of this dispatch, given its intents (None: nothing)."""
        if not self.enforce_intents or not event.startswith("MESSAGE_"):
            return data
        in_guild = data.get("guild_id") is not None
        needed = INTENT_GUILD_MESSAGES if in_guild else INTENT_DIRECT_MESSAGES
        if not session.intents & needed:
            return None
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and in_guild and not session.intents & INTENT_MESSAGE_CONTENT:
            author = (data.get("author") or {}).get("id")
            mentioned = any(m.get("id") == str(self.bot_user.id) for m in data.get("mentions") or [])
            if author != str(self.bot_user.id) and not mentioned:
                return {**data, "content": "", "embeds": [], "attachments": [], "components": []}
        return data

    async def _dispatch_to(self, session: GatewaySession, event: str, data: dict[str, Any]) -> int:
        session.seq += 1
        frame = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.frames.append(frame)
        connection = session.connection
        if connection is not None and not connection.closed:
            await self._send(connection, frame)
        return session.seq

    def _sessions_for(self, guild_id: int | None) -> list[GatewaySession]:
        return [s for s in self.sessions.values() if s.handles_guild(guild_id)]

    async def dispatch(self, event: str, data: dict[str, Any], *, guild_id: int | None = None) -> int:
        """Send a dispatch (op 0) to every session that handles ``guild_id`` (taken from ``data`` if absent).
        Sessions that are disconnected get it on RESUME. Returns how many sessions it was sent to."""
        if guild_id is None and data.get("guild_id"):
            guild_id = int(data["guild_id"])
        sent = 0
        for session in self._sessions_for(guild_id):
            view = self._filtered(session, event, data)
            if view is not None:
                await self._dispatch_to(session, event, view)
                sent += 1
        return sent

    async def wait_until_connected(self, *, timeout: float = 5.0) -> None:
        """Wait until a client has identified (or resumed) and is connected."""
        await self.wait_until(lambda: any(s.connection is not None for s in self.sessions.values()),
                              timeout=timeout, what="a gateway session")

    async def disconnect(self, *, code: int = 4000, reconnect_op: bool = False, wait_resumed: bool = True,
                         timeout: float = 5.0) -> None:
        """Drop every gateway connection: close it with ``code`` (4000 "unknown error" is resumable) or, with
        ``reconnect_op``, send op 7 RECONNECT (the client then closes and resumes). With ``wait_resumed``, wait
        until each client has RESUMEd."""
        live = [s.connection for s in self.sessions.values() if s.connection is not None and not s.connection.closed]
        if not live:
            raise RuntimeError("no connected gateway session to disconnect")
        target = self.resumes + len(live)
        for connection in live:
            if reconnect_op:
                await self._send(connection, {"op": 7, "s": None, "t": None, "d": None})
            else:
                self._spawn(self._close(connection, code, "fake disconnect"))
        if wait_resumed:
            await self.wait_until(lambda: self.resumes >= target, timeout=timeout, what="RESUME after disconnect")

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION to every connected client; unless ``resumable`` the sessions are dropped
        (the client identifies again; discord.py waits 5 s in ``before_identify_hook`` first)."""
        for session in list(self.sessions.values()):
            connection = session.connection
            if connection is None:
                continue
            if not resumable:
                self.sessions.pop(session.session_id, None)
            await self._send(connection, {"op": 9, "s": None, "t": None, "d": resumable})

    # ------------------------------------------------------------------------------------------ pushing events

    async def push_message(self, content: str, *, channel: FakeChannel | None = None, author: FakeUser | None = None,
                           mention_bot: bool = False, reply_to: Mapping[str, Any] | None = None,
                           embeds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """A person posts a message: stored, then MESSAGE_CREATE to the clients (subject to their intents).
        ``mention_bot`` prefixes ``<@bot>`` (so it mentions the bot). Returns the message payload."""
        channel = channel or self.channel
        author = author or self.user
        if mention_bot:
            content = f"{self.bot_user.mention} {content}"
        guild = self.guilds.get(channel.guild_id) if channel.guild_id else None
        message = P.user_message(message_id=self.snowflake(), channel=channel, author=author, content=content,
                                 guild=guild, world=self, reference=dict(reply_to) if reply_to else None, embeds=embeds)
        self.messages[int(message["id"])] = message
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    # ------------------------------------------------------------------------------------------ interactions

    def find_command(self, name: str, *, guild_id: int | None = None, type: int = 1) -> dict[str, Any] | None:  # noqa: A002
        """The command the bot registered under ``name`` (the guild's first, then the global one)."""
        if guild_id is not None:
            command = self.commands.get(guild_id, {}).get((name, type))
            if command is not None:
                return command
        return self.commands.get(None, {}).get((name, type))

    def can_invoke(self, name: str, permissions: int, *, guild_id: int | None = None) -> bool:
        """Whether Discord would show the command to a member with ``permissions`` (its default_member_permissions)."""
        command = self.find_command(name, guild_id=guild_id if guild_id is not None else self.guild.id)
        if command is None:
            return False
        needed = command.get("default_member_permissions")
        if needed is None:
            return True
        return bool(permissions & ADMINISTRATOR) or (permissions & int(needed)) == int(needed)

    def _context(self, user: FakeUser | None, channel: FakeChannel | None, dm: bool,
                 permissions: int | None) -> tuple[FakeUser, FakeChannel, FakeGuild | None, FakeMember | None, int]:
        user = user or self.user
        if channel is None:
            channel = self.dm_channel(user) if dm else self.channel
        guild = self.guilds.get(channel.guild_id) if channel.guild_id else None
        member = guild.members.get(user.id) if guild else None
        if permissions is None:
            permissions = member.permissions if member else DEFAULT_MEMBER_PERMISSIONS
        if member is not None and permissions != member.permissions:
            member = FakeMember(user=user, guild_id=member.guild_id, permissions=permissions, roles=member.roles,
                                nick=member.nick, joined_at=member.joined_at)
        return user, channel, guild, member, permissions

    def _app_permissions(self, guild: FakeGuild | None) -> int:
        if guild is None:
            return BOT_PERMISSIONS
        me = guild.members.get(self.bot_user.id)
        return me.permissions if me else BOT_PERMISSIONS

    def build_interaction(self, interaction_type: int, data: dict[str, Any], *, user: FakeUser | None = None,
                          channel: FakeChannel | None = None, dm: bool = False, permissions: int | None = None,
                          locale: str = "en-US", message: dict[str, Any] | None = None) -> dict[str, Any]:
        """A complete INTERACTION_CREATE payload with a fresh id and token (not sent)."""
        user, channel, guild, member, permissions = self._context(user, channel, dm, permissions)
        return P.interaction_payload(interaction_id=self.snowflake(), interaction_type=interaction_type,
                                     token="fake-" + secrets.token_urlsafe(24), application_id=self.application_id,
                                     data=data, user=user, channel=channel, guild=guild, member=member,
                                     permissions=permissions, app_permissions=self._app_permissions(guild),
                                     locale=locale, message=message)

    async def send_interaction(self, payload: dict[str, Any]) -> SentInteraction:
        """Send INTERACTION_CREATE with this payload to the client(s); returns the record to await on."""
        guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        sessions = self._sessions_for(guild_id)
        if not sessions:
            raise RuntimeError("no client has identified with the fake gateway")
        interaction = SentInteraction(id=int(payload["id"]), token=str(payload["token"]), type=int(payload["type"]),
                                      payload=payload, sent_at=0.0)
        self.interactions[interaction.id] = interaction
        interaction.sent_at = time.perf_counter()
        for session in sessions:
            await self._dispatch_to(session, "INTERACTION_CREATE", payload)
        return interaction

    def _command_data(self, path: str, options: Any, guild: FakeGuild | None, focused: str | None, strict: bool,
                      permissions: int) -> dict[str, Any]:
        registered = self.find_command(path.split()[0] if path.split() else path,
                                       guild_id=guild.id if guild else None)
        return P.command_data(path, options, world=self, guild=guild, registered=registered,
                              command_id=int(registered["id"]) if registered else self.snowflake(),
                              focused=focused, strict=strict, permissions=permissions)

    async def send_slash_command(self, path: str, options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
                                 *, user: FakeUser | None = None, channel: FakeChannel | None = None, dm: bool = False,
                                 permissions: int | None = None, locale: str = "en-US",
                                 strict: bool = True) -> SentInteraction:
        """A person runs ``/path`` (e.g. ``"digest subscribe"``) with ``options`` ({name: value}).

        By default ``user`` (an ordinary member) in ``channel`` (#general) with that member's permissions;
        ``permissions`` overrides them (e.g. ``MANAGER_PERMISSIONS`` for Manage Server), ``dm=True`` runs it
        in the bot's DM. If the bot registered the command, option types and subcommand nesting follow the
        registration and, with ``strict``, options are checked as the Discord client would.
        """
        user, channel, guild, _member, perms = self._context(user, channel, dm, permissions)
        data = self._command_data(path, options, guild, None, strict, perms)
        payload = self.build_interaction(INTERACTION_APPLICATION_COMMAND, data, user=user, channel=channel,
                                         permissions=perms, locale=locale)
        return await self.send_interaction(payload)

    async def send_autocomplete(self, path: str, options: Mapping[str, Any], *, focused: str,
                                user: FakeUser | None = None, channel: FakeChannel | None = None, dm: bool = False,
                                permissions: int | None = None, locale: str = "en-US",
                                strict: bool = True) -> SentInteraction:
        """A person is typing option ``focused`` of ``/path``; ``options`` holds what is filled in so far."""
        if focused not in options:
            raise P.InvalidInteraction(f"the focused option {focused!r} must be among the options")
        user, channel, guild, _member, perms = self._context(user, channel, dm, permissions)
        data = self._command_data(path, options, guild, focused, strict, perms)
        payload = self.build_interaction(INTERACTION_AUTOCOMPLETE, data, user=user, channel=channel,
                                         permissions=perms, locale=locale)
        return await self.send_interaction(payload)

    def _message_of(self, message: Mapping[str, Any] | RecordedRequest | SentInteraction | int) -> dict[str, Any]:
        if isinstance(message, RecordedRequest):
            if message.message is None:
                raise P.InvalidInteraction(f"{message!r} created no message")
            message_id = int(message.message["id"])
        elif isinstance(message, SentInteraction):
            if message.original_message_id is None:
                raise P.InvalidInteraction("that interaction's response made no message")
            message_id = message.original_message_id
        elif isinstance(message, Mapping):
            message_id = int(message["id"])
        else:
            message_id = int(message)
        stored = self.messages.get(message_id)
        if stored is None:
            raise P.InvalidInteraction(f"no message {message_id} in the fake")
        return stored

    async def click_button(self, message: Mapping[str, Any] | RecordedRequest | SentInteraction | int, custom_id: str,
                           *, values: Sequence[Any] | None = None, user: FakeUser | None = None,
                           permissions: int | None = None, component_type: int | None = None,
                           strict: bool = True) -> SentInteraction:
        """A person clicks the component ``custom_id`` on ``message`` (a message id, payload, the request or
        interaction that made it); for selects pass the chosen ``values``. With ``strict`` the component must
        exist on the message and not be disabled."""
        stored = self._message_of(message)
        component = P.find_component(stored, custom_id)
        if strict and component is None:
            raise P.InvalidInteraction(f"message {stored['id']} has no component {custom_id!r}")
        if strict and component is not None and component.get("disabled"):
            raise P.InvalidInteraction(f"component {custom_id!r} is disabled")
        kind = component_type or (int(component["type"]) if component else P.BUTTON)
        data = P.component_data(custom_id, kind, values)
        channel = self.channels[int(stored["channel_id"])]
        payload = self.build_interaction(INTERACTION_MESSAGE_COMPONENT, data, user=user, channel=channel,
                                         permissions=permissions, message=dict(stored))
        return await self.send_interaction(payload)

    async def choose(self, message: Mapping[str, Any] | RecordedRequest | SentInteraction | int, custom_id: str,
                     values: Sequence[Any], **kwargs: Any) -> SentInteraction:
        """A person picks ``values`` in the select menu ``custom_id``."""
        return await self.click_button(message, custom_id, values=values, **kwargs)

    async def submit_modal(self, modal: RecordedRequest | SentInteraction | str, values: Mapping[str, Any], *,
                           user: FakeUser | None = None, channel: FakeChannel | None = None,
                           permissions: int | None = None, strict: bool = True) -> SentInteraction:
        """A person submits the modal the bot opened: ``modal`` is its type-9 callback (or the interaction it
        answered, or a bare custom_id); ``values`` maps text-input custom_ids to what was typed."""
        definition: dict[str, Any] | None = None
        origin: SentInteraction | None = None
        if isinstance(modal, SentInteraction):
            origin = modal
            if modal.callback is None:
                raise P.InvalidInteraction("that interaction has no callback yet")
            modal = modal.callback
        if isinstance(modal, RecordedRequest):
            if modal.callback_type != CALLBACK_MODAL:
                raise P.InvalidInteraction(f"{modal!r} is not a modal callback")
            definition = modal.json["data"]
            origin = origin or self.interactions.get(int(modal.params["interaction_id"]))
            custom_id = str(definition["custom_id"])
        else:
            custom_id = modal
        components = P.modal_submit_components(definition, values, strict=strict)
        message = None
        if origin is not None:
            user = user or self.users.get(int((origin.payload.get("member") or origin.payload)["user"]["id"]))
            channel = channel or self.channels.get(int(origin.payload["channel_id"]))
            if origin.payload.get("message"):
                message = self.messages.get(int(origin.payload["message"]["id"]), origin.payload["message"])
        payload = self.build_interaction(INTERACTION_MODAL_SUBMIT, {"custom_id": custom_id, "components": components},
                                         user=user, channel=channel, permissions=permissions, message=message)
        return await self.send_interaction(payload)

    # ------------------------------------------------------------------------------------------ REST plumbing

    def _register_routes(self) -> None:
        table: dict[str, Handler] = {
            ROUTE_CURRENT_USER: self._get_current_user,
            ROUTE_APPLICATION: self._get_application,
            ROUTE_GATEWAY: self._get_gateway,
            ROUTE_GATEWAY_BOT: self._get_gateway_bot,
            ROUTE_GLOBAL_COMMANDS_PUT: self._put_commands,
            ROUTE_GUILD_COMMANDS_PUT: self._put_commands,
            ROUTE_GLOBAL_COMMANDS_GET: self._get_commands,
            ROUTE_GUILD_COMMANDS_GET: self._get_commands,
            ROUTE_GLOBAL_COMMAND_POST: self._post_command,
            ROUTE_GUILD_COMMAND_POST: self._post_command,
            ROUTE_GLOBAL_COMMAND_PATCH: self._patch_command,
            ROUTE_GUILD_COMMAND_PATCH: self._patch_command,
            ROUTE_GLOBAL_COMMAND_DELETE: self._delete_command,
            ROUTE_GUILD_COMMAND_DELETE: self._delete_command,
            ROUTE_CALLBACK: self._post_callback,
            ROUTE_FOLLOWUP: self._post_followup,
            ROUTE_WEBHOOK_MESSAGE_GET: self._get_webhook_message,
            ROUTE_WEBHOOK_MESSAGE_EDIT: self._edit_webhook_message,
            ROUTE_WEBHOOK_MESSAGE_DELETE: self._delete_webhook_message,
            ROUTE_CHANNEL_GET: self._get_channel,
            ROUTE_MESSAGES_LIST: self._list_messages,
            ROUTE_MESSAGE_CREATE: self._create_message,
            ROUTE_MESSAGE_GET: self._get_message,
            ROUTE_MESSAGE_EDIT: self._edit_message,
            ROUTE_MESSAGE_DELETE: self._delete_message,
            ROUTE_TYPING: self._no_content,
            ROUTE_REACTION_ADD: self._no_content,
            ROUTE_DM_CREATE: self._create_dm,
            ROUTE_USER_GET: self._get_user,
            ROUTE_GUILD_GET: self._get_guild,
            ROUTE_GUILD_CHANNELS: self._get_guild_channels,
            ROUTE_GUILD_MEMBER: self._get_guild_member,
        }
        for template, handler in table.items():
            method, pattern, literal = _compile(template)
            self._routes.append((template, method, pattern, literal, handler))

    def _match(self, method: str, path: str) -> tuple[str | None, dict[str, str], Handler | None]:
        best: tuple[int, str, dict[str, str], Handler] | None = None
        for template, route_method, pattern, literal, handler in self._routes:
            if route_method != method:
                continue
            found = pattern.match(path)
            if found and (best is None or literal > best[0]):
                best = (literal, template, found.groupdict(), handler)
        if best is None:
            return None, {}, None
        return best[1], best[2], best[3]

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
        if not request.body_exists:
            return None, []
        if request.content_type.startswith("multipart/"):
            body: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, aiohttp.BodyPartReader):
                    continue
                raw = await part.read()
                if part.name == "payload_json":
                    body = json.loads(raw)
                else:
                    files.append(RecordedFile(field_name=part.name or "", filename=part.filename, size=len(raw)))
            return body, files
        raw = await request.read()
        if not raw:
            return None, []
        try:
            return json.loads(raw), []
        except ValueError:
            return raw.decode(errors="replace"), []

    def _authorized(self, request: RecordedRequest) -> bool:
        if request.route is None or request.route.startswith(("POST /interactions/", "GET /webhooks/", "POST /webhooks/",
                                                              "PATCH /webhooks/", "DELETE /webhooks/")):
            return True  # interaction callbacks and webhooks are authorised by their token
        header = request.headers.get("authorization", "")
        return header.startswith("Bot ") and self._token_ok(header)

    async def _rest(self, request: web.Request) -> web.Response:
        received_at = time.perf_counter()
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        route, params, handler = self._match(request.method, path)
        record = RecordedRequest(index=len(self.requests), method=request.method, path=path, route=route,
                                 params=params, query=dict(request.query),
                                 headers={k.lower(): v for k, v in request.headers.items()}, json=body, files=files,
                                 received_at=received_at)
        self.requests.add(record)
        if route == ROUTE_CALLBACK:
            self._callbacks.setdefault(params["interaction_id"], []).append(record)
        status, answer, headers = await self._answer(record, handler)
        record.status, record.response = status, answer
        self.requests.notify(record)
        self._pulse()
        headers["Via"] = "1.1 google"  # discord.py takes a 429 without Via for a Cloudflare ban
        if answer is None:
            return web.Response(status=status, headers=headers)
        # Exactly "application/json": discord.py compares the header, a "; charset=" suffix defeats it.
        headers["Content-Type"] = "application/json"
        return web.Response(status=status, body=json.dumps(answer).encode(), headers=headers)

    async def _answer(self, record: RecordedRequest, handler: Handler | None) -> tuple[int, Any, dict[str, str]]:
        if handler is None or record.route is None:
            return 404, {"message": "404: Not Found", "code": 0}, {}
        if not self._authorized(record):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        for injected in self.injected:
            if injected.applies(record.route, record.params):
                injected.count -= 1
                if injected.status == 429:
                    self.rate_limited_count += 1
                self.injected = [i for i in self.injected if i.count > 0]
                return injected.status, injected.body, dict(injected.headers)
        decision = self.rate_limiter.check(record.route, record.params, time.perf_counter())
        if not decision.allowed:
            self.rate_limited_count += 1
            headers = {**decision.headers, "Retry-After": str(max(1, math.ceil(decision.retry_after))),
                       "X-RateLimit-Scope": "user"}
            return 429, {"message": "You are being rate limited.", "retry_after": round(decision.retry_after, 3),
                         "global": False}, headers
        try:
            status, answer = await handler(record)
        except ApiError as error:
            status, answer = error.status, error.body
        return status, answer, dict(decision.headers)

    # ------------------------------------------------------------------------------------------ REST: basics

    async def _no_content(self, request: RecordedRequest) -> tuple[int, Any]:
        return 204, None

    async def _get_current_user(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, self._current_user_payload()

    async def _get_application(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "description": "",
            "icon": None,
            "summary": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.admin.to_payload(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": self._application_flags(),
            "bot": self.bot_user.to_payload(),
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": len(self.guilds),
        }

    async def _get_gateway(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url, "shards": self.shard_count,
                     "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000,
                                             "max_concurrency": 1}}

    def _channel(self, channel_id: str) -> FakeChannel:
        channel = self.channels.get(int(channel_id)) if channel_id.isdigit() else None
        if channel is None:
            raise _unknown("Channel", 10003)
        return channel

    async def _get_channel(self, request: RecordedRequest) -> tuple[int, Any]:
        return 200, self._channel(request.params["channel_id"]).to_payload()

    async def _get_user(self, request: RecordedRequest) -> tuple[int, Any]:
        user_id = request.params["user_id"]
        user = self.users.get(int(user_id)) if user_id.isdigit() else None
        if user is None:
            raise _unknown("User", 10013)
        return 200, user.to_payload()

    def _guild(self, guild_id: str) -> FakeGuild:
        guild = self.guilds.get(int(guild_id)) if guild_id.isdigit() else None
        if guild is None:
            raise ApiError(403, 50001, "Missing Access")
        return guild

    async def _get_guild(self, request: RecordedRequest) -> tuple[int, Any]:
        payload = self._guild(request.params["guild_id"]).to_payload()
        for key in ("channels", "members", "threads", "voice_states", "presences", "joined_at", "large",
                    "member_count", "unavailable"):
            payload.pop(key, None)
        return 200, payload

    async def _get_guild_channels(self, request: RecordedRequest) -> tuple[int, Any]:
        guild = self._guild(request.params["guild_id"])
        return 200, [c.to_payload() for c in guild.channels.values()]

    async def _get_guild_member(self, request: RecordedRequest) -> tuple[int, Any]:
        guild = self._guild(request.params["guild_id"])
        user_id = request.params["user_id"]
        member = guild.members.get(int(user_id)) if user_id.isdigit() else None
        if member is None:
            raise _unknown("Member", 10007)
        return 200, member.to_payload()

    async def _create_dm(self, request: RecordedRequest) -> tuple[int, Any]:
        recipient = str((request.json or {}).get("recipient_id", ""))
        user = self.users.get(int(recipient)) if recipient.isdigit() else None
        if user is None:
            raise _unknown("User", 10013)
        return 200, self.dm_channel(user).to_payload()

    # ------------------------------------------------------------------------------------------ REST: commands

    def _command_scope(self, request: RecordedRequest) -> int | None:
        if request.params.get("application_id") != str(self.application_id):
            raise ApiError(403, 50001, "Missing Access")
        guild_id = request.params.get("guild_id")
        if guild_id is None:
            return None
        return self._guild(guild_id).id

    def _store_command(self, scope: int | None, body: Mapping[str, Any],
                       previous: Mapping[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
        kind = int(body.get("type", 1))
        key = (str(body["name"]), kind)
        existing = previous.get(key)
        command = {
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            "contexts": None,
            "integration_types": [0],
            **body,
            "id": existing["id"] if existing else str(self.snowflake()),
            "application_id": str(self.application_id),
            "type": kind,
            "version": str(self.snowflake()),
        }
        if command["default_member_permissions"] is not None:  # discord.py sends an int, Discord answers a string
            command["default_member_permissions"] = str(int(command["default_member_permissions"]))
        if scope is not None:
            command["guild_id"] = str(scope)
        return command

    async def _put_commands(self, request: RecordedRequest) -> tuple[int, Any]:
        scope = self._command_scope(request)
        problem = check_commands(request.json)
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], errors=problem.get("errors", {}))
        previous = self.commands.get(scope, {})
        stored = [self._store_command(scope, body, previous) for body in request.json]
        self.commands[scope] = {(c["name"], c["type"]): c for c in stored}
        return 200, stored

    async def _get_commands(self, request: RecordedRequest) -> tuple[int, Any]:
        scope = self._command_scope(request)
        return 200, list(self.commands.get(scope, {}).values())

    async def _post_command(self, request: RecordedRequest) -> tuple[int, Any]:
        scope = self._command_scope(request)
        problem = check_commands([request.json])
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], errors=problem.get("errors", {}))
        commands = self.commands.setdefault(scope, {})
        command = self._store_command(scope, request.json, commands)
        created = (command["name"], command["type"]) not in commands
        commands[(command["name"], command["type"])] = command
        return (201 if created else 200), command

    def _command_by_id(self, scope: int | None, command_id: str) -> tuple[tuple[str, int], dict[str, Any]]:
        for key, command in self.commands.get(scope, {}).items():
            if command["id"] == command_id:
                return key, command
        raise _unknown("application command", 10063)

    async def _patch_command(self, request: RecordedRequest) -> tuple[int, Any]:
        scope = self._command_scope(request)
        key, command = self._command_by_id(scope, request.params["command_id"])
        updated = {**command, **(request.json or {}), "id": command["id"], "version": str(self.snowflake())}
        del self.commands[scope][key]
        self.commands[scope][(updated["name"], updated["type"])] = updated
        return 200, updated

    async def _delete_command(self, request: RecordedRequest) -> tuple[int, Any]:
        scope = self._command_scope(request)
        key, _command = self._command_by_id(scope, request.params["command_id"])
        del self.commands[scope][key]
        return 204, None

    # ------------------------------------------------------------------------------------------ REST: messages

    def _new_message(self, request: RecordedRequest, body: Mapping[str, Any], *, channel: FakeChannel,
                     interaction: SentInteraction | None = None, flags: int | None = None,
                     loading: bool = False) -> dict[str, Any]:
        guild = self.guilds.get(channel.guild_id) if channel.guild_id else None
        referenced = None
        reference = body.get("message_reference")
        if isinstance(reference, Mapping) and reference.get("message_id"):
            referenced = self.messages.get(int(reference["message_id"]))
            if referenced is None and reference.get("fail_if_not_exists", True):
                raise ApiError(400, 50035, "Invalid Form Body", errors={"message_reference": {"_errors": [
                    {"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]}})
        metadata = None
        if interaction is not None:
            invoker = (interaction.payload.get("member") or interaction.payload)["user"]
            metadata = {"id": str(interaction.id), "type": interaction.type, "user": invoker,
                        "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {})}
            if interaction.type == INTERACTION_APPLICATION_COMMAND:
                metadata["name"] = interaction.payload["data"].get("name")
        message = P.message_payload(message_id=self.snowflake(), channel=channel, channel_id=channel.id,
                                    author=self.bot_user, body=body, world=self, guild=guild,
                                    webhook_id=self.application_id if interaction else None,
                                    application_id=self.application_id if interaction else None,
                                    interaction=metadata, referenced=referenced)
        if flags is not None:
            message["flags"] = flags
        if loading:
            message["flags"] |= FLAG_LOADING
        if request.files:
            message["attachments"] = [
                {"id": str(self.snowflake()), "filename": f.filename or "file", "size": f.size,
                 "url": f"https://cdn.fake/{f.filename}", "proxy_url": f"https://cdn.fake/{f.filename}"}
                for f in request.files]
        self.messages[int(message["id"])] = message
        request.message = message
        self._echo("MESSAGE_CREATE", message, guild)
        return message

    def _echo(self, event: str, message: dict[str, Any], guild: FakeGuild | None) -> None:
        """Tell the clients about the bot's own message, after the REST answer, as Discord does."""
        if not self.echo_own_messages or message.get("flags", 0) & FLAG_EPHEMERAL:
            return
        data = dict(message)
        if guild is not None:
            data["guild_id"] = str(guild.id)
        if event == "MESSAGE_DELETE":
            data = {"id": message["id"], "channel_id": message["channel_id"], **(
                {"guild_id": str(guild.id)} if guild else {})}
        self._spawn(self.dispatch(event, data))

    def _apply_edit(self, message: dict[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        for key in ("content", "embeds", "attachments", "poll"):
            if key in body:
                message[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "components" in body:
            message["components"] = P.number_components(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            keep = message.get("flags", 0) & FLAG_EPHEMERAL
            message["flags"] = keep | (int(body["flags"]) & ~(FLAG_EPHEMERAL | FLAG_LOADING))
        message["flags"] = message.get("flags", 0) & ~FLAG_LOADING
        message["edited_timestamp"] = iso_now()
        return message

    def _stored_message(self, channel: FakeChannel, message_id: str) -> dict[str, Any]:
        message = self.messages.get(int(message_id)) if message_id.isdigit() else None
        if message is None or message["channel_id"] != str(channel.id):
            raise _unknown("Message", 10008)
        return message

    async def _create_message(self, request: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel(request.params["channel_id"])
        problem = check_message(request.json, creating=True, has_files=bool(request.files))
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], **({"errors": problem["errors"]}
                                                                         if "errors" in problem else {}))
        body = dict(request.json or {})
        body["flags"] = int(body.get("flags") or 0) & ~FLAG_EPHEMERAL  # only interactions make ephemeral messages
        return 200, self._new_message(request, body, channel=channel)

    async def _list_messages(self, request: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel(request.params["channel_id"])
        limit = int(request.query.get("limit", "50"))
        found = [m for m in self.messages.values() if m["channel_id"] == str(channel.id)]
        return 200, list(reversed(found))[:limit]

    async def _get_message(self, request: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel(request.params["channel_id"])
        return 200, self._stored_message(channel, request.params["message_id"])

    async def _edit_message(self, request: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel(request.params["channel_id"])
        message = self._stored_message(channel, request.params["message_id"])
        if message["author"]["id"] != str(self.bot_user.id):
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        problem = check_message(request.json, creating=False)
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], errors=problem.get("errors", {}))
        self._apply_edit(message, request.json or {})
        request.message = message
        self._echo("MESSAGE_UPDATE", message, self.guilds.get(channel.guild_id or 0))
        return 200, message

    async def _delete_message(self, request: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel(request.params["channel_id"])
        message = self._stored_message(channel, request.params["message_id"])
        del self.messages[int(message["id"])]
        self._echo("MESSAGE_DELETE", message, self.guilds.get(channel.guild_id or 0))
        return 204, None

    # ------------------------------------------------------------------------------------------ REST: interactions

    _ALLOWED_CALLBACKS = {
        INTERACTION_APPLICATION_COMMAND: {CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE, CALLBACK_MODAL},
        INTERACTION_MESSAGE_COMPONENT: {CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE,
                                        CALLBACK_DEFERRED_UPDATE_MESSAGE, CALLBACK_UPDATE_MESSAGE, CALLBACK_MODAL},
        INTERACTION_AUTOCOMPLETE: {CALLBACK_AUTOCOMPLETE_RESULT},
        INTERACTION_MODAL_SUBMIT: {CALLBACK_CHANNEL_MESSAGE, CALLBACK_DEFERRED_CHANNEL_MESSAGE,
                                   CALLBACK_DEFERRED_UPDATE_MESSAGE, CALLBACK_UPDATE_MESSAGE},
    }

    def _interaction_channel(self, interaction: SentInteraction) -> FakeChannel:
        channel_id = int(interaction.payload["channel_id"])
        channel = self.channels.get(channel_id)
        if channel is None:
            raise _unknown("Channel", 10003)
        return channel

    async def _post_callback(self, request: RecordedRequest) -> tuple[int, Any]:
        interaction = self.interactions.get(int(request.params["interaction_id"]))
        if interaction is None or interaction.token != request.params["interaction_token"]:
            raise _unknown("interaction", 10062)
        if interaction.callback is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if self.interaction_deadline is not None and request.received_at - interaction.sent_at > self.interaction_deadline:
            raise _unknown("interaction", 10062)
        body: dict[str, Any] = request.json if isinstance(request.json, dict) else {}
        kind = body.get("type")
        data: dict[str, Any] = body["data"] if isinstance(body.get("data"), dict) else {}
        if kind not in self._ALLOWED_CALLBACKS.get(interaction.type, set()):
            raise ApiError(400, 50035, "Invalid Form Body", errors={"type": {"_errors": [
                {"code": "INTERACTION_CALLBACK_TYPE_INVALID",
                 "message": f"Callback type {kind} is not valid for interaction type {interaction.type}"}]}})
        if (kind == CALLBACK_UPDATE_MESSAGE or kind == CALLBACK_DEFERRED_UPDATE_MESSAGE) and not interaction.payload.get("message"):
            raise ApiError(400, 50035, "Invalid Form Body", errors={"type": {"_errors": [
                {"code": "INTERACTION_CALLBACK_TYPE_INVALID", "message": "There is no message to update"}]}})
        channel = self._interaction_channel(interaction)
        resource: dict[str, Any] | None = None
        info: dict[str, Any] = {"id": str(interaction.id), "type": interaction.type}
        if kind == CALLBACK_CHANNEL_MESSAGE:
            problem = check_message(data, creating=True, has_files=bool(request.files))
            if problem is not None:
                raise ApiError(400, problem["code"], problem["message"], **({"errors": problem["errors"]}
                                                                             if "errors" in problem else {}))
            flags = int(data.get("flags") or 0) & (FLAG_EPHEMERAL | FLAG_SUPPRESS_EMBEDS | (1 << 15) | (1 << 12))
            message = self._new_message(request, data, channel=channel, interaction=interaction, flags=flags)
            interaction.original_message_id = int(message["id"])
            resource = {"type": kind, "message": message}
            info.update(response_message_id=message["id"], response_message_loading=False,
                        response_message_ephemeral=bool(flags & FLAG_EPHEMERAL))
        elif kind == CALLBACK_DEFERRED_CHANNEL_MESSAGE:
            flags = int(data.get("flags") or 0) & FLAG_EPHEMERAL
            message = self._new_message(request, {"content": ""}, channel=channel, interaction=interaction,
                                        flags=flags, loading=True)
            interaction.original_message_id = int(message["id"])
            interaction.deferred = True
            resource = {"type": kind, "message": message}
            info.update(response_message_id=message["id"], response_message_loading=True,
                        response_message_ephemeral=bool(flags & FLAG_EPHEMERAL))
        elif kind in (CALLBACK_UPDATE_MESSAGE, CALLBACK_DEFERRED_UPDATE_MESSAGE):
            target = self.messages.get(int(interaction.payload["message"]["id"]))
            if target is None:
                raise _unknown("Message", 10008)
            interaction.original_message_id = int(target["id"])
            if kind == CALLBACK_UPDATE_MESSAGE:
                problem = check_message(data, creating=False)
                if problem is not None:
                    raise ApiError(400, problem["code"], problem["message"], errors=problem.get("errors", {}))
                self._apply_edit(target, data)
                request.message = target
                resource = {"type": kind, "message": target}
                self._echo("MESSAGE_UPDATE", target, self.guilds.get(channel.guild_id or 0))
            info.update(response_message_id=target["id"])
        elif kind == CALLBACK_AUTOCOMPLETE_RESULT:
            choices = data.get("choices")
            if not isinstance(choices, list) or len(choices) > 25 or any(
                    not 1 <= len(str(c.get("name", ""))) <= 100 for c in choices):
                raise ApiError(400, 50035, "Invalid Form Body", errors={"data": {"choices": {"_errors": [
                    {"code": "BASE_TYPE_MAX_LENGTH", "message": "At most 25 choices, names 1 to 100 long"}]}}})
        elif kind == CALLBACK_MODAL:
            components = data.get("components") or []
            if not data.get("custom_id") or not 1 <= len(str(data.get("title", ""))) <= 45 or not 1 <= len(components) <= 5:
                raise ApiError(400, 50035, "Invalid Form Body", errors={"data": {"_errors": [
                    {"code": "MODAL_INVALID", "message": "A modal needs a custom_id, a title of 1-45 and 1-5 components"}]}})
        interaction.callback = request
        interaction.callback_at = request.received_at
        if not _truthy(request.query.get("with_response")):
            return 204, None
        answer: dict[str, Any] = {"interaction": info}
        if resource is not None:
            answer["resource"] = resource
        return 200, answer

    def _interaction_for_webhook(self, request: RecordedRequest) -> SentInteraction:
        token = request.params["webhook_token"]
        if request.params["webhook_id"] == str(self.application_id):
            for interaction in reversed(self.interactions.values()):
                if interaction.token == token:
                    if interaction.callback is None:
                        break  # Discord knows no webhook for a token before the interaction is acknowledged
                    return interaction
        raise _unknown("Webhook", 10015)

    def _webhook_message(self, interaction: SentInteraction, message_id: str) -> dict[str, Any]:
        if message_id == "@original":
            if interaction.original_message_id is None:
                raise _unknown("Message", 10008)
            found = self.messages.get(interaction.original_message_id)
        else:
            found = self.messages.get(int(message_id)) if message_id.isdigit() else None
            if found is not None and (found.get("interaction_metadata") or {}).get("id") != str(interaction.id) \
                    and int(found["id"]) != interaction.original_message_id:
                found = None
        if found is None:
            raise _unknown("Message", 10008)
        return found

    async def _post_followup(self, request: RecordedRequest) -> tuple[int, Any]:
        interaction = self._interaction_for_webhook(request)
        problem = check_message(request.json, creating=True, has_files=bool(request.files))
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], **({"errors": problem["errors"]}
                                                                         if "errors" in problem else {}))
        body = request.json or {}
        channel = self._interaction_channel(interaction)
        original = self.messages.get(interaction.original_message_id or 0)
        if interaction.deferred and interaction.followups == 0 and original is not None \
                and original.get("flags", 0) & FLAG_LOADING:
            # After a deferred (thinking) response the first follow-up replaces the loading message,
            # keeping the ephemerality chosen when deferring.
            message = self._apply_edit(original, body)
            message["edited_timestamp"] = None
            request.message = message
            self._echo("MESSAGE_UPDATE", message, self.guilds.get(channel.guild_id or 0))
        else:
            flags = int(body.get("flags") or 0) & (FLAG_EPHEMERAL | FLAG_SUPPRESS_EMBEDS | (1 << 15) | (1 << 12))
            message = self._new_message(request, body, channel=channel, interaction=interaction, flags=flags)
        interaction.followups += 1
        return (200, message) if _truthy(request.query.get("wait")) else (204, None)

    async def _get_webhook_message(self, request: RecordedRequest) -> tuple[int, Any]:
        interaction = self._interaction_for_webhook(request)
        return 200, self._webhook_message(interaction, request.params["message_id"])

    async def _edit_webhook_message(self, request: RecordedRequest) -> tuple[int, Any]:
        interaction = self._interaction_for_webhook(request)
        message = self._webhook_message(interaction, request.params["message_id"])
        problem = check_message(request.json, creating=False)
        if problem is not None:
            raise ApiError(400, problem["code"], problem["message"], errors=problem.get("errors", {}))
        self._apply_edit(message, request.json or {})
        request.message = message
        channel = self.channels.get(int(message["channel_id"]))
        self._echo("MESSAGE_UPDATE", message, self.guilds.get(channel.guild_id or 0) if channel else None)
        return 200, message

    async def _delete_webhook_message(self, request: RecordedRequest) -> tuple[int, Any]:
        interaction = self._interaction_for_webhook(request)
        message = self._webhook_message(interaction, request.params["message_id"])
        del self.messages[int(message["id"])]
        channel = self.channels.get(int(message["channel_id"]))
        self._echo("MESSAGE_DELETE", message, self.guilds.get(channel.guild_id or 0) if channel else None)
        return 204, None
