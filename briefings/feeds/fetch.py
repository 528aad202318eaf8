"""Fetching feed bytes over HTTP(S): conditional GET with hard limits, and the polling backoff (SPEC §7).

:class:`Fetcher` wraps one :class:`httpx.AsyncClient` and enforces, per request:

* a connect timeout and a *total* timeout that also covers a body trickling in slowly;
* a size cap counted on the **decoded** body as it arrives. Bodies are read raw and inflated here in
  bounded steps (at most :data:`CHUNK` bytes of output at a time), so a gzip or brotli bomb is
  refused after ``max_bytes`` of output and is never inflated in full, not even one network read;
* redirects followed by hand: at most ``max_redirects``, a URL seen twice is a loop;
* by default (``allow_private=False``) every hop's host is resolved and refused when any address is
  private, loopback, link-local, multicast, reserved, unspecified or a cloud metadata address
  (also through IPv4-mapped, 6to4 and NAT64 forms and obfuscated IPv4 spellings such as
  ``127.1``); the request then goes to the address that was checked (no second DNS answer can swap
  it, i.e. no DNS rebinding), with the original ``Host`` header and TLS server name. Only a caller
  that the operator allowed (``limits.allow_private_feed_addresses``) passes ``allow_private=True``;
* a body longer than its ``Content-Length`` is an error (the feed would be cut short silently);
* an error status's ``Retry-After`` (seconds or an HTTP date) is kept in ``FetchError.retry_after``.

Errors are the :mod:`briefings.errors` tree, with short reasons and never a traceback in the text;
URL credentials never appear in them or in this module's log lines (:mod:`briefings.redact`).

The bounded decoders live in :mod:`briefings.feeds.decode` and local files are read by
:mod:`briefings.feeds.local`; ``CHUNK``, ``is_local_source`` and ``read_local`` stay importable
from here.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Final

import brotli
import httpx

from briefings.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    TooLarge,
    TooManyRedirects,
)
from briefings.feeds.decode import CHUNK as CHUNK
from briefings.feeds.decode import _decode_stream, _decoders
from briefings.feeds.local import _short
from briefings.feeds.local import is_local_source as is_local_source
from briefings.feeds.local import read_local as read_local
from briefings.feeds.urls import address_block_reason, parse_networks, resolve_host
from briefings.models import FetchResult
from briefings.redact import protect, redact

log = protect(logging.getLogger(__name__))
# httpx and httpcore log request URLs and response headers (Location) themselves: redact those too.
for _name in ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy"):
    protect(logging.getLogger(_name))

ACCEPT: Final = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
ACCEPT_ENCODING: Final = "gzip, deflate, br"
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
MAX_RETRY_AFTER: Final = 7 * 24 * 3600.0  # a longer Retry-After is read as this


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A ``Retry-After`` header as seconds from ``now``: delta-seconds or an HTTP date; None if unreadable.

    >>> retry_after_seconds("3600")
    3600.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", datetime(2015, 10, 21, 7, 0, tzinfo=UTC))
    1680.0
    """
    text = (value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(delta, 0.0), MAX_RETRY_AFTER)


@dataclass(frozen=True)
class FetchLimits:
    """Limits for one fetch; the defaults suit news feeds."""

    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = "briefbot/0.1 (+coalition briefing bot; feed reader)"


# --------------------------------------------------------------------------------------------
# The fetcher


class Fetcher:
    """Fetches feeds over HTTP(S) with one shared :class:`httpx.AsyncClient`.

    ``allowed_networks`` lists CIDR ranges that the operator allows even for chat-added feeds
    (``allow_private=False``), e.g. an intranet news server. ``transport`` is for tests and
    special set-ups; ``trust_env`` is passed to httpx (proxy variables and certificates).
    """

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        allowed_networks: Iterable[str] = (),
        transport: httpx.AsyncBaseTransport | None = None,
        trust_env: bool = True,
    ) -> None:
        self.limits = limits or FetchLimits()
        self._allowed = parse_networks(allowed_networks)
        timeout = httpx.Timeout(self.limits.total_timeout, connect=self.limits.connect_timeout)
        self._client = httpx.AsyncClient(
            follow_redirects=False, timeout=timeout, transport=transport, trust_env=trust_env
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the underlying client and its connections."""
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool = False,
        accept: str = ACCEPT,
    ) -> FetchResult:
        """GET ``url`` conditionally; a 304 gives ``FetchResult(status=304, content=None)``.

        Private, loopback, link-local and metadata addresses are refused (:class:`BlockedAddress`)
        unless ``allow_private`` is true, which only the operator's setting may make it.
        Raises :class:`FetchError` or one of its subclasses; ``error.source`` is ``url``.
        """
        total = self.limits.total_timeout
        try:
            async with asyncio.timeout(total):
                return await self._fetch(url, etag, last_modified, allow_private, accept)
        except TimeoutError:
            raise FetchTimeout(url, f"no complete answer within {total:g} s") from None
        except httpx.TimeoutException as exc:
            kind = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
            raise FetchTimeout(url, f"{kind} timeout") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {_short(exc)}") from None
        except OSError as exc:
            raise FetchError(url, f"network error: {_short(exc)}") from None

    async def _fetch(
        self, url: str, etag: str | None, last_modified: str | None, allow_private: bool, accept: str
    ) -> FetchResult:
        headers = {"User-Agent": self.limits.user_agent, "Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
        for name, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified)):
            if value and value.isascii():
                headers[name] = value
        try:
            current = httpx.URL(url.strip())
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError(url, f"invalid URL: {_short(exc)}") from None
        seen: set[str] = set()
        for _hop in range(self.limits.max_redirects + 1):
            if current.scheme not in ("http", "https") or not current.host:
                shown = redact(str(current))[:100]
                raise FetchError(url, f"only http and https URLs can be fetched, not {shown!r}")
            key = str(current.copy_with(fragment=None))
            if key in seen:
                raise TooManyRedirects(url, f"redirect loop: {key} was visited twice")
            seen.add(key)
            response = await self._send(await self._build_requests(url, current, headers, allow_private))
            try:
                if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                    location = response.headers["location"]
                    try:
                        current = current.join(location)
                    except httpx.InvalidURL:
                        raise FetchError(url, f"bad redirect location {location[:100]!r}") from None
                    log.debug("%s: redirect %d to %s", redact(url), response.status_code, redact(str(current)))
                    continue
                return await self._finish(url, str(current), response, etag, last_modified)
            finally:
                await response.aclose()
        raise TooManyRedirects(url, f"more than {self.limits.max_redirects} redirects")

    async def _send(self, requests: list[httpx.Request]) -> httpx.Response:
        """Send the first request that connects (one per checked address of the host)."""
        for request in requests[:-1]:
            try:
                return await self._client.send(request, stream=True)
            except httpx.ConnectError as exc:
                log.debug("%s unreachable (%s), trying the next address", request.url.host, redact(_short(exc)))
        return await self._client.send(requests[-1], stream=True)

    async def _build_requests(
        self, source: str, target: httpx.URL, headers: dict[str, str], allow_private: bool
    ) -> list[httpx.Request]:
        """The request for one hop; with ``allow_private=False`` one per checked address, pinned."""
        if allow_private:
            return [self._client.build_request("GET", target, headers=headers)]
        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            addresses = await resolve_host(host, port)
        except OSError as exc:
            raise FetchError(source, f"cannot resolve {host}: {_short(exc)}") from None
        if not addresses:
            raise FetchError(source, f"cannot resolve {host}: no address")
        for ip in addresses:
            reason = address_block_reason(ip)
            if reason and not any(ip in net for net in self._allowed):
                raise BlockedAddress(
                    source,
                    f"{host} resolves to {ip}, a {reason}, which feeds may not reach "
                    "(unless limits.allow_private_feed_addresses is true)",
                )
        pinned = dict(headers)
        pinned["Host"] = target.netloc.decode("ascii")
        pinned["Connection"] = "close"  # never pool a connection made under another host's name
        extensions = {"sni_hostname": host} if target.scheme == "https" else {}
        return [
            self._client.build_request(
                "GET", target.copy_with(host=str(ip)), headers=pinned, extensions=extensions
            )
            for ip in addresses
        ]

    async def _finish(
        self,
        source: str,
        final_url: str,
        response: httpx.Response,
        etag: str | None,
        last_modified: str | None,
    ) -> FetchResult:
        status = response.status_code
        new_etag = response.headers.get("etag")
        new_modified = response.headers.get("last-modified")
        content_type = response.headers.get("content-type")
        if status == 304:
            return FetchResult(
                url=final_url,
                status=304,
                content=None,
                etag=new_etag or etag,
                last_modified=new_modified or last_modified,
                content_type=content_type,
            )
        if status >= 300:
            phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
            retry = retry_after_seconds(response.headers.get("retry-after")) if status >= 400 else None
            later = f" (retry after {retry:.0f} s)" if retry is not None else ""
            error = FetchError(source, f"HTTP {status}{phrase}"[:120] + later)
            error.retry_after = retry
            raise error
        content = await self._read_body(source, response)
        return FetchResult(
            url=final_url,
            status=status,
            content=content,
            etag=new_etag,
            last_modified=new_modified,
            content_type=content_type,
        )

    async def _read_body(self, source: str, response: httpx.Response) -> bytes:
        cap = self.limits.max_bytes
        length = response.headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > cap:
            raise TooLarge(source, f"Content-Length {int(length)} is over the {cap} byte cap")
        encoding = response.headers.get("content-encoding", "")
        try:
            decoders = _decoders(encoding)
        except ValueError as exc:
            raise FetchError(source, str(exc)) from None
        body = bytearray()
        try:
            async for piece in _decode_stream(response.aiter_raw(), decoders):
                body += piece
                if len(body) > cap:
                    raise TooLarge(source, f"body is over the {cap} byte cap once decoded")
        except (zlib.error, brotli.error) as exc:
            raise FetchError(source, f"cannot decode {encoding} body: {_short(exc)}") from None
        if length.strip().isdigit() and "chunked" not in response.headers.get("transfer-encoding", "").lower():
            extra = _bytes_after_body(response)
            if extra:
                await _discard_connection(response)
                raise FetchError(
                    source, f"the server sent more than its Content-Length of {int(length)} bytes; "
                    "the body would be cut short"
                )
        return bytes(body)


def _bytes_after_body(response: httpx.Response) -> int:
    """How many bytes the server sent after the body its ``Content-Length`` announced (0 if unknown).

    h11 keeps them as the connection's ``trailing_data``; the path to it goes through httpx's and
    httpcore's stream wrappers, so every step is looked up defensively.
    """
    obj: object = response.stream
    for attr in ("_stream", "_httpcore_stream", "_stream", "_connection", "_h11_state"):
        obj = getattr(obj, attr, None)
        if obj is None:
            return 0
    trailing = getattr(obj, "trailing_data", None)
    if isinstance(trailing, tuple) and trailing and isinstance(trailing[0], bytes | bytearray):
        return len(trailing[0])
    return 0


async def _discard_connection(response: httpx.Response) -> None:
    """Close the connection a response came on, so the bytes after its body never start another."""
    stream = response.extensions.get("network_stream")
    close = getattr(stream, "aclose", None)
    if close is not None:
        try:
            await close()
        except Exception:  # noqa: BLE001 - it is being thrown away anyway
            log.debug("closing a connection failed", exc_info=True)


# --------------------------------------------------------------------------------------------
# Backoff


def backoff_delay(consecutive_failures: int, base: float = 60.0, cap: float = 6 * 3600) -> float:
    """Seconds to wait before polling a failing feed again: ``base * 2**(n-1)``, at most ``cap``.

    0 when the feed has not failed (``n <= 0``): 60 s, 120 s, 240 s... up to 6 hours by default.
    """
    if consecutive_failures <= 0:
        return 0.0
    exponent = min(consecutive_failures - 1, 62)
    return float(min(cap, base * (2**exponent)))
