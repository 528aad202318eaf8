"""One structured call to an OpenAI-compatible endpoint, bounded in time, retries and tokens.

:class:`LLMClient` wraps :class:`openai.AsyncOpenAI` (Chat Completions, which local servers speak
too) and ``chat.completions.parse`` with a pydantic response format, through ``with_raw_response``
so the tokens the server counted are recorded even when its output then fails to parse.

* **Time.** A call, its retries and their waits included, ends within ``timeout`` seconds (about 20;
  never the client's 10-minute default): every attempt gets only what remains of that deadline.
* **Retries** are ours (the SDK's own are off): at most ``max_retries`` more attempts after a 408,
  409, 429, 5xx or connection error. A ``Retry-After`` (or ``retry-after-ms``) is honoured: the
  next attempt waits that long, and when the wait does not fit in the deadline the call gives up
  at once and no call goes out before the server's time has passed.
* **Cooling down.** After a call fails for the endpoint's sake (timeout, refused, errors after the
  retries, a wrong key) the client stays closed for ``cooldown`` seconds (longer if the server
  asked): calls in that window fail at once, so a dead server costs one timeout per command, not
  one per article or question.
* **Output.** A refusal, invalid or non-conforming JSON, a length cut-off or a content filter
  raise :class:`~briefings.errors.EngineOutputError`; the endpoint is not blamed for those.
* **Secrets.** The key is held by the SDK only; nothing here logs it, the base URL is logged without
  credentials, and errors carry the status and the server's reason, never request headers.

The SDK is imported and its client built on the first call, so commands that never call the model
(``pledges``, ``about``) do not pay for importing it.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import json
import logging
import random
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from briefings.engines.llm.budget import Budget, Usage
from briefings.engines.llm.schemas import estimate_tokens
from briefings.errors import EngineOutputError, EngineUnavailable
from briefings.redact import protect, redact

if TYPE_CHECKING:
    import openai

log = protect(logging.getLogger(__name__))

T = TypeVar("T", bound=BaseModel)

KEYLESS = "no-key"  # what a keyless local server is sent (the SDK insists on some key)
COOLDOWN_SECONDS = 60.0
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 4.0
RETRYABLE = frozenset({408, 409, 429})


@dataclass(frozen=True, slots=True)
class ClientSettings:
    model: str
    base_url: str | None = None
    timeout: float = 20.0
    max_retries: int = 2
    max_output_tokens: int = 1200
    cooldown: float = COOLDOWN_SECONDS


@dataclass(frozen=True, slots=True)
class Completion(Generic[T]):
    parsed: T
    usage: Usage


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds a response asks us to wait (``retry-after-ms``, ``retry-after`` seconds or HTTP date)."""
    if not headers:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) / scale)
        except ValueError:
            when = email.utils.parsedate_to_datetime(value) if name == "retry-after" else None
            if when is not None:
                return max(0.0, when.timestamp() - time.time())
    return None


def _usage_of(body: object) -> Usage:
    usage = body.get("usage") if isinstance(body, dict) else None
    if not isinstance(usage, dict):
        return Usage(calls=1)
    counts = [usage.get(k) for k in ("prompt_tokens", "completion_tokens")]
    prompt, completion = (int(v) if isinstance(v, int | float) else 0 for v in counts)
    return Usage(prompt, completion, 1)


class LLMClient:
    """Structured calls for the engine (see the module docstring)."""

    def __init__(self, settings: ClientSettings, *, api_key: str | None, budget: Budget) -> None:
        self.settings = settings
        self.budget = budget
        self._sdk: openai.AsyncOpenAI | None = None
        self._secret = api_key or ""
        self._closed_until = 0.0  # time.monotonic() before which no call goes out
        self.last_error: str | None = None

    def sdk(self) -> openai.AsyncOpenAI:
        """The SDK's client, built on first use: explicit timeouts, and no retries of its own."""
        if self._sdk is None:
            import openai

            self._sdk = openai.AsyncOpenAI(
                api_key=self._secret or KEYLESS, base_url=self.settings.base_url,
                timeout=openai.Timeout(self.settings.timeout, connect=min(5.0, self.settings.timeout)),
                max_retries=0,
            )
            log.info("LLM engine: model %s at %s", self.settings.model, redact(str(self._sdk.base_url)))
        return self._sdk

    @property
    def model(self) -> str:
        return self.settings.model

    def cooling_down(self) -> float:
        """Seconds left before calls go out again (0 when open)."""
        return max(0.0, self._closed_until - time.monotonic())

    def _trip(self, reason: str, wait: float | None = None) -> EngineUnavailable:
        if self._secret:  # a server may echo the key in its error message
            reason = reason.replace(self._secret, "***")
        pause = max(self.settings.cooldown, wait or 0.0)
        self._closed_until = max(self._closed_until, time.monotonic() + pause)
        self.last_error = reason
        log.warning("LLM endpoint unavailable (%s); offline engine for the next %.0f s", reason, pause)
        return EngineUnavailable(reason, retry_after=wait)

    async def complete(self, purpose: str, messages: Iterable[dict[str, str]], schema: type[T]) -> Completion[T]:
        """One structured completion, or an :class:`~briefings.errors.EngineError` (see the module docstring)."""
        import openai

        msgs = list(messages)
        left = self.cooling_down()
        if left > 0:
            raise EngineUnavailable(f"cooling down after: {self.last_error}", retry_after=left)
        await self.budget.check(sum(estimate_tokens(m["content"]) for m in msgs) + _schema_tokens(schema))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.timeout
        attempt = 0
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0.05:
                raise self._trip(f"no answer within {self.settings.timeout:g} s")
            try:
                async with asyncio.timeout(remaining):
                    raw = await self.sdk().chat.completions.with_raw_response.parse(
                        model=self.settings.model, messages=msgs, response_format=schema,  # type: ignore[arg-type]
                        max_completion_tokens=self.settings.max_output_tokens, timeout=remaining,
                    )
                break
            except (TimeoutError, openai.APITimeoutError):
                raise self._trip(f"no answer within {self.settings.timeout:g} s") from None
            except openai.APIConnectionError as e:
                reason, wait = f"connection failed ({type(e.__cause__ or e).__name__})", None
            except openai.APIStatusError as e:
                code = e.status_code
                reason = f"HTTP {code}: {_message(e)}"
                wait = retry_after(e.response.headers)
                if code not in RETRYABLE and code < 500:  # a wrong key, an unknown model, a refused schema
                    raise self._trip(reason) from None
            attempt += 1
            delay = wait if wait is not None else min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (attempt - 1)) * (
                0.75 + random.random() / 4)
            if attempt > self.settings.max_retries or loop.time() + delay >= deadline:
                raise self._trip(reason, wait) from None
            log.info("LLM call failed (%s); retry %d of %d in %.2f s", reason, attempt, self.settings.max_retries,
                     delay)
            await asyncio.sleep(delay)
        usage = _usage_of(_json(raw))
        await self.budget.record(purpose, self.settings.model, usage)
        return Completion(_parsed(raw, schema), usage)

    async def aclose(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()


@functools.cache
def _schema_tokens(schema: type[BaseModel]) -> int:
    """About what the response schema adds to a prompt (servers show it to the model)."""
    return estimate_tokens(json.dumps(schema.model_json_schema(), separators=(",", ":")))


def _json(raw: Any) -> object:
    try:
        return raw.http_response.json()
    except ValueError:
        return None


def _message(e: openai.APIStatusError) -> str:
    body = e.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return redact(inner["message"])[:200]
    return redact(str(e.message))[:200]


def _parsed(raw: Any, schema: type[T]) -> T:
    import openai

    try:
        completion = raw.parse()
    except openai.LengthFinishReasonError:
        raise EngineOutputError("the output was cut off at the length limit") from None
    except openai.ContentFilterFinishReasonError:
        raise EngineOutputError("the output was stopped by a content filter") from None
    except (ValidationError, ValueError) as e:
        raise EngineOutputError(f"the output is not the JSON asked for ({type(e).__name__})") from None
    if not completion.choices:
        raise EngineOutputError("the response has no choices")
    message = completion.choices[0].message
    if message.refusal:
        raise EngineOutputError("the model refused")
    parsed = message.parsed
    if not isinstance(parsed, schema):
        raise EngineOutputError("the response has no content")
    return parsed


__all__ = ["ClientSettings", "Completion", "LLMClient", "retry_after"]
