"""A fake OpenAI-compatible server (``POST /v1/chat/completions``) on loopback, in its own thread.

It runs an aiohttp application on 127.0.0.1 (a free port) in a daemon thread with its own event
loop, so the real ``openai`` client can talk to it from a test's ``asyncio.run`` or from a
``briefbot`` subprocess alike. What it answers is set per request:

* ``fake.behave(Behaviour...)`` queues behaviours, one per request, in order; when the queue is
  empty, ``fake.default`` answers (the reader model unless changed);
* kinds: ``model`` (the reader of :mod:`.reader`), ``fixed`` (the JSON in ``content``), ``empty`` (schema-conforming, nothing found),
  ``hijacked`` (obeys instructions planted in articles), ``error`` (HTTP ``status``, 500 by
  default), ``rate_limit`` (429 with ``Retry-After: retry_after``), ``malformed`` (content that is
  not JSON), ``wrong_shape`` (JSON of another shape), ``refusal``, ``length`` (cut off),
  ``cite_none`` / ``cite_unreal`` (answers citing nothing / a source that is not there);
  any behaviour may first wait ``delay`` seconds (a slow or hanging server).

Every request is recorded (:class:`Recorded`: time, kind, body, headers, status, tokens). Usage is
counted by :mod:`.tokens` and returned in ``usage`` like the real API. Structured outputs are
required: a request without ``response_format: {type: json_schema, ...}`` gets a 400.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from . import reader
from .tokens import count_tokens, prompt_tokens

KINDS = frozenset({"model", "fixed", "empty", "hijacked", "hijacked_invent", "error", "rate_limit", "malformed",
                   "wrong_shape", "refusal", "length", "cite_none", "cite_unreal"})


@dataclass(frozen=True)
class Behaviour:
    kind: str = "model"
    status: int = 500
    retry_after: float | None = None
    delay: float = 0.0
    content: dict[str, Any] | None = None  # with kind "fixed": exactly this JSON answers

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown behaviour {self.kind!r}: one of {sorted(KINDS)}")


@dataclass
class Recorded:
    at: float  # time.monotonic() when the request arrived
    kind: str  # extract | answer | other (by the response schema's name)
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    prompt_tokens: int = 0
    completion_tokens: int = 0
    behaviour: str = "model"


def _kind(body: dict[str, Any]) -> str:
    fmt = body.get("response_format") if isinstance(body.get("response_format"), dict) else {}
    name = (fmt.get("json_schema") or {}).get("name", "")
    return {"ArticleFacts": "extract", "GroundedAnswer": "answer"}.get(name, "other")


def _error(status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": {"message": message, "type": kind, "code": None}}, status=status,
                             headers=headers)


@dataclass
class FakeOpenAI:
    api_key: str | None = None  # when set, requests must carry "Authorization: Bearer <api_key>"
    default: Behaviour = field(default_factory=Behaviour)
    port: int = 0
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._count = 0

    # -- control ------------------------------------------------------------------------------------

    def behave(self, *behaviours: Behaviour) -> FakeOpenAI:
        with self._lock:
            self._queue.extend(behaviours)
        return self

    def set_default(self, kind: str, **kw: Any) -> FakeOpenAI:
        self.default = Behaviour(kind, **kw)
        return self

    def _next(self) -> Behaviour:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def calls(self, kind: str | None = None) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if kind is None or r.kind == kind]

    def tokens(self, kind: str | None = None) -> tuple[int, int]:
        done = [r for r in self.calls(kind) if r.status == 200]
        return sum(r.prompt_tokens for r in done), sum(r.completion_tokens for r in done)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._queue.clear()

    # -- the endpoint -------------------------------------------------------------------------------

    async def _completions(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _error(400, "the body is not JSON", "invalid_request_error")
        rec = Recorded(time.monotonic(), _kind(body), body, {k.lower(): v for k, v in request.headers.items()})
        with self._lock:
            self.requests.append(rec)
        if self.api_key is not None and rec.headers.get("authorization") != f"Bearer {self.api_key}":
            rec.status = 401
            return _error(401, "Incorrect API key provided.", "invalid_request_error")
        fmt = body.get("response_format")
        if not (isinstance(fmt, dict) and fmt.get("type") == "json_schema" and body.get("model")
                and isinstance(body.get("messages"), list)):
            rec.status = 400
            return _error(400, "model, messages and a json_schema response_format are required",
                          "invalid_request_error")
        how = self._next()
        rec.behaviour = how.kind
        if how.delay:
            await asyncio.sleep(how.delay)
        if how.kind == "error":
            rec.status = how.status
            return _error(how.status, "The server had an error while processing your request.", "server_error")
        if how.kind == "rate_limit":
            rec.status = 429
            headers = {"retry-after": f"{how.retry_after:g}"} if how.retry_after is not None else {}
            return _error(429, "Rate limit reached for requests.", "rate_limit_error", headers)
        if how.kind == "fixed":
            content, refusal, finish = json.dumps(how.content or {}, ensure_ascii=False), None, "stop"
        else:
            content, refusal, finish = self._content(how.kind, rec.kind, body)
        rec.prompt_tokens = prompt_tokens(body)
        rec.completion_tokens = count_tokens(content or refusal or "")
        self._count += 1
        return web.json_response({
            "id": f"chatcmpl-fake-{self._count}", "object": "chat.completion", "created": int(time.time()),
            "model": body["model"],
            "choices": [{"index": 0, "finish_reason": finish, "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}],
            "usage": {"prompt_tokens": rec.prompt_tokens, "completion_tokens": rec.completion_tokens,
                      "total_tokens": rec.prompt_tokens + rec.completion_tokens},
        })

    def _content(self, how: str, kind: str, body: dict[str, Any]) -> tuple[str | None, str | None, str]:
        if how == "refusal":
            return None, "I can't help with that request.", "stop"
        if how == "malformed":
            return "Here are the facts: {facts: [France", None, "stop"
        if how == "wrong_shape":
            return json.dumps({"result": "ok", "items": 3}), None, "stop"
        if kind == "answer":
            cite = {"cite_none": "none", "cite_unreal": "unreal"}.get(how, "real")
            data = reader.answer(body, hijacked=how.startswith("hijacked"), cite=cite)
            if how == "empty":
                data = {"found": False, "answer": "The sources do not say.", "citations": []}
        else:
            data = reader.extract(body, hijacked=how.startswith("hijacked"), invent=how == "hijacked_invent",
                                  empty=how == "empty")
        text = json.dumps(data, ensure_ascii=False)
        if how == "length":
            return text[: max(1, len(text) // 2)], None, "length"
        return text, None, "stop"

    # -- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        self._thread = threading.Thread(target=self._serve, name="fake-openai", daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("the fake OpenAI server did not start")
        return self

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        app.router.add_post("/chat/completions", self._completions)
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", self.port)
        loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._runner = runner
        self._started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["KINDS", "Behaviour", "FakeOpenAI", "Recorded"]
