"""``FakeSlack``: Slack's Web API, response URLs, file uploads and Socket Mode on 127.0.0.1.

The Web API answers like Slack (HTTP 200, ``{"ok": false, "error": ...}`` on refusal) for the methods
the bot uses: ``auth.test``, ``chat.postMessage``, ``chat.postEphemeral``, ``chat.update``,
``views.open``, ``users.info``, ``conversations.list``, ``assistant.threads.*``, the
``files.getUploadURLExternal`` / upload / ``files.completeUploadExternal`` flow, and
``apps.connections.open`` for Socket Mode, whose websocket says hello, sends envelopes and collects
their acknowledgements. Tokens are checked (bot token for the Web API, app token for Socket Mode),
messages are validated against Block Kit's limits (:mod:`.blocks`), response URLs work five times,
trigger ids expire, and every call and message is recorded in order. The driving side (signed
requests into the bot) is :class:`~.driver.Driver`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from .blocks import Offence, offences, validate_message
from .driver import Driver
from .payloads import ADMIN, APP_ID, BOT_ID, BOT_USER, GENERAL, MEMBER, NEWS, OWNER, TEAM, next_id, ts_now

JSON_FIELDS = ("blocks", "attachments", "prompts", "view", "files", "metadata", "loading_messages")
RESPONSE_URL_USES = 5


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    ok: bool = True
    error: str | None = None


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    via: str  # chat.postMessage, chat.postEphemeral, response_url, ack, user
    thread_ts: str | None = None
    ephemeral: bool = False
    user: str | None = None  # who wrote it, or who sees an ephemeral one
    body: dict[str, Any] = field(default_factory=dict)
    versions: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)

    def as_event_message(self) -> dict[str, Any]:
        return {"type": "message", "ts": self.ts, "text": self.text, "blocks": self.blocks, "user": BOT_USER,
                "bot_id": BOT_ID, "team": TEAM}


@dataclass
class ResponseUrl:
    id: str
    channel: str
    user: str
    message: Message | None = None  # the message a click came from (replace_original edits it)
    posts: list[dict[str, Any]] = field(default_factory=list)
    created: list[Message] = field(default_factory=list)


class FakeSlack(Driver):
    def __init__(self, *, bot_token: str = "xoxb-fake", app_token: str = "xapp-fake",
                 signing_secret: str = "fake-signing-secret", trigger_ttl: float = 3.0,
                 allowed_link_hosts: tuple[str, ...] = ("north.test", "south.test")) -> None:
        super().__init__()
        self.bot_token, self.app_token, self.signing_secret = bot_token, app_token, signing_secret
        self.trigger_ttl = trigger_ttl
        self.allowed_link_hosts = allowed_link_hosts
        self.users: dict[str, dict[str, Any]] = {}
        for uid, admin, owner in ((ADMIN, True, False), (OWNER, False, True), (MEMBER, False, False)):
            self.users[uid] = {"id": uid, "team_id": TEAM, "name": uid.lower(), "real_name": uid.title(),
                               "is_admin": admin, "is_owner": owner, "is_primary_owner": owner, "is_bot": False,
                               "deleted": False}
        self.channels: dict[str, dict[str, Any]] = {
            GENERAL: {"id": GENERAL, "name": "general", "is_channel": True, "is_member": True},
            NEWS: {"id": NEWS, "name": "news", "is_channel": True, "is_member": True}}
        self.calls: list[Call] = []
        self.messages: list[Message] = []
        self.response_urls: dict[str, ResponseUrl] = {}
        self.triggers: dict[str, float] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, str] = {}
        self.socket: web.WebSocketResponse | None = None
        self.socket_acks: dict[str, dict[str, Any]] = {}
        self.socket_connected = asyncio.Event()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.session: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> FakeSlack:
        app = web.Application(client_max_size=20 * 2**20)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack-sdk reads some methods with GET (users.info)
        app.router.add_post("/response/{id}", self._response)
        app.router.add_post("/upload/{id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.close()
        if self.session is not None:
            await self.session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    def changed(self) -> None:
        self._changed.set()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until ``predicate()`` is truthy (checked after every recorded change); TimeoutError if never."""
        deadline = time.monotonic() + timeout
        while True:
            got = predicate()
            if got:
                return got
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the fake Slack never saw what the test waited for")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.2))

    # ------------------------------------------------------------------------------------------ queries

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def fail_next(self, method: str, error: str) -> None:
        """The next call of ``method`` answers ``{"ok": false, "error": error}``."""
        self.failures[method] = error

    def check_no_mentions(self) -> list[Offence]:
        """What in any message the bot sent could ping someone or link outside the allowed hosts."""
        out: list[Offence] = []
        for m in self.messages:
            if m.via != "user":
                for body in [*m.versions, m.body]:
                    out += offences(body, self.allowed_link_hosts, f"{m.via} in {m.channel}")
        return out

    def new_response_url(self, channel: str, user: str, message: Message | None = None) -> str:
        rid = next_id("R")
        self.response_urls[rid] = ResponseUrl(rid, channel, user, message)
        return f"{self.base}/response/{rid}"

    def response(self, url: str) -> ResponseUrl:
        return self.response_urls[url.rsplit("/", 1)[-1]]

    def new_trigger(self) -> str:
        trigger = next_id("trig.")
        self.triggers[trigger] = time.monotonic() + self.trigger_ttl
        return trigger

    def dm_channel(self, user: str) -> str:
        return f"D{user[1:]}"

    # ------------------------------------------------------------------------------------------ Web API

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        for key in JSON_FIELDS:
            if isinstance(args.get(key), str) and args[key][:1] in "[{":
                args[key] = json.loads(args[key])
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else args.pop("token", None)
        call = Call(method, args, token)
        self.calls.append(call)
        result = self._answer(method, args, token)
        call.ok, call.error = bool(result.get("ok")), result.get("error")
        self.changed()
        return web.json_response(result)

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        wanted = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != wanted:
            return {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        if method in self.failures:
            return {"ok": False, "error": self.failures.pop(method)}
        handler: Callable[[dict[str, Any]], dict[str, Any]] | None = getattr(
            self, "m_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        got = handler(args)
        return {"ok": False, **got} if "error" in got else {"ok": True, **got}

    def m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": "https://fake.slack.test/", "team": "Fake Team", "user": "briefbot", "team_id": TEAM,
                "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}

    def m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": f"ws://127.0.0.1:{self.port}/socket?ticket={next_id('tk')}"}

    def m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        return {"user": user} if user else {"error": "user_not_found"}

    def m_conversations_list(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"channels": list(self.channels.values()), "response_metadata": {"next_cursor": ""}}

    def _channel_ok(self, channel: str) -> str | None:
        if channel.startswith("D"):
            return None
        ch = self.channels.get(channel)
        if ch is None:
            return "channel_not_found"
        return None if ch["is_member"] else "not_in_channel"

    def _store(self, args: dict[str, Any], via: str, *, ephemeral: bool = False) -> dict[str, Any]:
        channel = str(args.get("channel") or "")
        problem = self._channel_ok(channel) or validate_message(args)
        if problem:
            return {"error": problem}
        msg = Message(channel, ts_now(), str(args.get("text") or ""), list(args.get("blocks") or []), via,
                      thread_ts=args.get("thread_ts"), ephemeral=ephemeral,
                      user=str(args["user"]) if ephemeral else BOT_USER, body=dict(args))
        self.messages.append(msg)
        return {"channel": channel, "ts": msg.ts, "message": msg.as_event_message()}

    def m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._store(args, "chat.postMessage")

    def m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if str(args.get("user")) not in self.users:
            return {"error": "user_not_in_channel"}
        got = self._store(args, "chat.postEphemeral", ephemeral=True)
        return got if "error" in got else {"message_ts": got["ts"]}

    def m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        msg = next((m for m in self.messages if m.ts == args.get("ts") and m.channel == args.get("channel")), None)
        if msg is None:
            return {"error": "message_not_found"}
        problem = validate_message(args)
        if problem:
            return {"error": problem}
        msg.versions.append(msg.body)
        msg.body, msg.text, msg.blocks = dict(args), str(args.get("text") or ""), list(args.get("blocks") or [])
        return {"channel": msg.channel, "ts": msg.ts}

    def m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        expires = self.triggers.get(str(args.get("trigger_id")))
        if expires is None:
            return {"error": "invalid_trigger_id"}
        if time.monotonic() > expires:
            return {"error": "expired_trigger_id"}
        view = dict(args.get("view") or {})
        if view.get("type") != "modal" or not view.get("title"):
            return {"error": "invalid_arguments"}
        view["id"] = next_id("V")
        self.views[view["id"]] = view
        return {"view": view}

    def m_assistant_threads_setSuggestedPrompts(self, args: dict[str, Any]) -> dict[str, Any]:
        prompts = args.get("prompts") or []
        if not prompts or len(prompts) > 4 or any(not p.get("title") or not p.get("message") for p in prompts):
            return {"error": "invalid_arguments"}
        return {}

    def m_assistant_threads_setStatus(self, args: dict[str, Any]) -> dict[str, Any]:
        return {} if args.get("channel_id") and args.get("thread_ts") else {"error": "invalid_arguments"}

    def m_assistant_threads_setTitle(self, args: dict[str, Any]) -> dict[str, Any]:
        return {}

    def m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length") or "").isdigit():
            return {"error": "invalid_arguments"}
        fid = next_id("F")
        self.uploads[fid] = {"id": fid, "name": args["filename"], "length": int(args["length"]),
                             "alt_txt": args.get("alt_txt"), "data": None}
        return {"upload_url": f"{self.base}/upload/{fid}", "file_id": fid}

    def m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files") or []
        if any(f.get("id") not in self.uploads or self.uploads[f["id"]]["data"] is None for f in files):
            return {"error": "file_not_found"}
        channel = args.get("channel_id")
        if channel:
            problem = self._channel_ok(str(channel))
            if problem:
                return {"error": problem}
            msg = Message(str(channel), ts_now(), str(args.get("initial_comment") or ""), [], "files",
                          thread_ts=args.get("thread_ts"), user=BOT_USER, body=dict(args),
                          files=[{**self.uploads[f["id"]], "title": f.get("title")} for f in files])
            self.messages.append(msg)
        return {"files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def m_files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        found = self.uploads.get(str(args.get("file")))
        return {"file": {k: v for k, v in found.items() if k != "data"}} if found else {"error": "file_not_found"}

    # ------------------------------------------------------------------------------------------ other endpoints

    async def _upload(self, request: web.Request) -> web.Response:
        fid = request.match_info["id"]
        if fid not in self.uploads:
            return web.Response(status=404, text="not found")
        data = await request.read()
        self.uploads[fid]["data"] = data
        self.changed()
        return web.Response(text=f"OK - {len(data)}")

    async def _response(self, request: web.Request) -> web.Response:
        """A post to a ``response_url``: a new message (ephemeral by default), or the clicked one replaced."""
        rid = request.match_info["id"]
        record = self.response_urls.get(rid)
        if record is None:
            return web.Response(status=404, text="no_such_url")
        if len(record.posts) >= RESPONSE_URL_USES:
            return web.Response(status=404, text="used_url")
        body = await request.json()
        record.posts.append(body)
        self.changed()
        problem = validate_message(body)
        if problem:
            return web.Response(status=400, text=problem)
        if body.get("replace_original") and record.message is not None:
            msg = record.message
            msg.versions.append(msg.body)
            msg.body, msg.text, msg.blocks = dict(body), str(body.get("text") or ""), list(body.get("blocks") or [])
            return web.Response(text="ok")
        ephemeral = body.get("response_type") != "in_channel"
        msg = Message(record.channel, ts_now(), str(body.get("text") or ""), list(body.get("blocks") or []),
                      "response_url", thread_ts=body.get("thread_ts"), ephemeral=ephemeral,
                      user=record.user if ephemeral else BOT_USER, body=dict(body))
        self.messages.append(msg)
        record.created.append(msg)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.socket = ws
        await ws.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"},
                            "connection_info": {"app_id": APP_ID}})
        self.socket_connected.set()
        async for frame in ws:
            if frame.type == aiohttp.WSMsgType.TEXT:
                data = json.loads(frame.data)
                if data.get("envelope_id"):
                    self.socket_acks[data["envelope_id"]] = data
                    self.changed()
        return ws

    async def socket_send(self, kind: str, payload: dict[str, Any], *, accepts_response: bool = True) -> str:
        """An envelope down the Socket Mode connection; returns its id (its ack lands in ``socket_acks``)."""
        await asyncio.wait_for(self.socket_connected.wait(), 5)
        assert self.socket is not None
        envelope = next_id("env-")
        await self.socket.send_json({"envelope_id": envelope, "type": kind, "payload": payload,
                                     "accepts_response_payload": accepts_response, "retry_attempt": 0,
                                     "retry_reason": ""})
        return envelope


__all__ = ["ADMIN", "APP_ID", "BOT_USER", "GENERAL", "MEMBER", "NEWS", "OWNER", "TEAM", "Call", "FakeSlack",
           "Message", "ResponseUrl"]
