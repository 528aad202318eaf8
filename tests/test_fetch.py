"""Fetcher limits against a loopback server: conditional GET, redirects, caps, bombs, timeouts, SSRF."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import socket
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import brotli
import pytest
from feedserver import FeedServer

from briefings.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    LocalSourceError,
    TooLarge,
    TooManyRedirects,
)
from briefings.feeds.fetch import (
    ACCEPT,
    Fetcher,
    FetchLimits,
    backoff_delay,
    is_local_source,
    read_local,
    retry_after_seconds,
)
from briefings.feeds.urls import address_block_reason
from briefings.models import FetchResult

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
BOMB_SIZE = 50_000_000  # decoded size of the bombs; the cap in those tests is 1 MB


def fetch(
    url: str, limits: FetchLimits | None = None, fetcher_kw: dict[str, Any] | None = None, **kw: Any
) -> FetchResult:
    """Run one fetch with a fresh Fetcher (trust_env=False: no proxy from the environment).

    The loopback test server is a private address: it is allowed here explicitly (the fetcher's
    default refuses it), unless a test passes ``allow_private`` itself.
    """
    kw.setdefault("allow_private", True)

    async def go() -> FetchResult:
        async with Fetcher(limits, trust_env=False, **(fetcher_kw or {})) as fetcher:
            return await fetcher.fetch(url, **kw)

    return asyncio.run(go())


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes gzipped, built without holding them in memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1_000_000)
    parts = [comp.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + comp.flush()


def brotli_bomb(size: int) -> bytes:
    comp = brotli.Compressor(quality=5)
    block = bytes(1_000_000)
    parts = [comp.process(block) for _ in range(size // len(block))]
    return b"".join(parts) + comp.finish()


# -- basics ------------------------------------------------------------------------------------


def test_fetch_returns_body_and_sends_descriptive_headers(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS, etag='"abc"', last_modified="Mon, 03 Mar 2025 10:00:00 GMT")
    result = fetch(feed_server.url("/feed.xml"))
    assert result.status == 200 and result.content == RSS and not result.not_modified
    assert result.etag == '"abc"' and result.last_modified == "Mon, 03 Mar 2025 10:00:00 GMT"
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.url == feed_server.url("/feed.xml")
    headers = feed_server.last_request("/feed.xml").headers
    assert headers["user-agent"].startswith("briefbot/") and "feed reader" in headers["user-agent"]
    assert headers["accept"] == ACCEPT
    assert "if-none-match" not in headers


def test_etag_round_trip_gives_304(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS, etag='"v1"')
    first = fetch(feed_server.url("/feed.xml"))
    second = fetch(feed_server.url("/feed.xml"), etag=first.etag)
    assert second.status == 304 and second.not_modified and second.content is None
    assert second.etag == '"v1"'
    assert feed_server.last_request("/feed.xml").headers["if-none-match"] == '"v1"'


def test_last_modified_round_trip_gives_304(feed_server: FeedServer) -> None:
    stamp = "Tue, 04 Mar 2025 08:00:00 GMT"
    feed_server.add("/feed.xml", RSS, last_modified=stamp)
    first = fetch(feed_server.url("/feed.xml"))
    second = fetch(feed_server.url("/feed.xml"), last_modified=first.last_modified)
    assert second.status == 304 and second.content is None and second.last_modified == stamp
    assert feed_server.last_request("/feed.xml").headers["if-modified-since"] == stamp


def test_304_without_validators_keeps_the_previous_ones(feed_server: FeedServer) -> None:
    feed_server.add("/bare304", status=304)
    result = fetch(feed_server.url("/bare304"), etag='"old"', last_modified="Wed, 01 Jan 2025 00:00:00 GMT")
    assert result.not_modified and result.etag == '"old"'
    assert result.last_modified == "Wed, 01 Jan 2025 00:00:00 GMT"


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_http_errors(feed_server: FeedServer, status: int) -> None:
    feed_server.add("/err", b"nope", status=status, content_type="text/plain")
    with pytest.raises(FetchError) as info:
        fetch(feed_server.url("/err"))
    assert type(info.value) is FetchError
    assert info.value.reason.startswith(f"HTTP {status}")
    assert info.value.source == feed_server.url("/err")


def test_connection_refused_is_a_short_fetch_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/feed")
    assert "\n" not in info.value.reason and "Traceback" not in str(info.value)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed.xml", "file:///etc/passwd", "not a url"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError):
        fetch(url)


# -- redirects ---------------------------------------------------------------------------------


def test_redirect_chain_of_three_is_followed(feed_server: FeedServer) -> None:
    feed_server.redirect("/r1", "/r2", status=301)
    feed_server.redirect("/r2", "/r3", status=307)
    feed_server.redirect("/r3", "/final.xml", status=308)
    feed_server.add("/final.xml", RSS)
    result = fetch(feed_server.url("/r1"))
    assert result.content == RSS and result.url == feed_server.url("/final.xml")


def test_relative_location_is_resolved(feed_server: FeedServer) -> None:
    feed_server.add("/feeds/old", status=302, headers={"Location": "../new/feed.xml"})
    feed_server.add("/new/feed.xml", RSS)
    assert fetch(feed_server.url("/feeds/old")).url == feed_server.url("/new/feed.xml")


def test_six_redirects_are_too_many(feed_server: FeedServer) -> None:
    for i in range(6):
        feed_server.redirect(f"/hop{i}", f"/hop{i + 1}")
    feed_server.add("/hop6", RSS)
    with pytest.raises(TooManyRedirects):
        fetch(feed_server.url("/hop0"))
    assert fetch(feed_server.url("/hop1")).content == RSS  # five are fine


def test_redirect_loop(feed_server: FeedServer) -> None:
    feed_server.redirect("/a", "/b")
    feed_server.redirect("/b", "/a")
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch(feed_server.url("/a"))
    assert len(feed_server.requests) == 2


def test_redirect_to_file_url_is_refused(feed_server: FeedServer) -> None:
    feed_server.redirect("/sneaky", "file:///etc/passwd")
    with pytest.raises(FetchError, match="http and https"):
        fetch(feed_server.url("/sneaky"))


# -- size caps and decompression bombs ---------------------------------------------------------


def test_content_length_over_cap_is_refused_early(feed_server: FeedServer) -> None:
    feed_server.add("/big", bytes(2_000_000))
    with pytest.raises(TooLarge, match="Content-Length"):
        fetch(feed_server.url("/big"), FetchLimits(max_bytes=1_000_000))


def test_chunked_body_over_cap(feed_server: FeedServer) -> None:
    feed_server.add_chunked("/stream", [bytes(100_000)] * 30)
    with pytest.raises(TooLarge):
        fetch(feed_server.url("/stream"), FetchLimits(max_bytes=1_000_000))


def test_body_at_cap_is_fine(feed_server: FeedServer) -> None:
    feed_server.add_chunked("/exact", [b"x" * 500, b"y" * 500])
    assert fetch(feed_server.url("/exact"), FetchLimits(max_bytes=1000)).content == b"x" * 500 + b"y" * 500


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_decompression_bomb_is_stopped_early_with_little_memory(
    feed_server: FeedServer, encoding: str
) -> None:
    bomb = gzip_bomb(BOMB_SIZE) if encoding == "gzip" else brotli_bomb(BOMB_SIZE)
    assert len(bomb) < 100_000
    feed_server.add("/bomb", bomb, headers={"Content-Encoding": encoding})
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TooLarge, match="decoded"):
            fetch(feed_server.url("/bomb"), FetchLimits(max_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 5
    assert peak < 12_000_000, f"peak memory {peak} bytes"


def _deflate_raw(data: bytes) -> bytes:
    comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return comp.compress(data) + comp.flush()


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", _deflate_raw),
        ("br", brotli.compress),
        ("identity", lambda b: b),
        ("gzip, br", lambda b: brotli.compress(gzip.compress(b))),
    ],
)
def test_compressed_bodies_are_decoded(feed_server: FeedServer, encoding: str, encode: Any) -> None:
    body = RSS * 2000  # larger than one decoding step
    feed_server.add("/enc", encode(body), headers={"Content-Encoding": encoding})
    assert fetch(feed_server.url("/enc")).content == body


def test_two_gzip_members_are_both_decoded(feed_server: FeedServer) -> None:
    feed_server.add(
        "/two", gzip.compress(b"<rss>") + gzip.compress(b"</rss>"), headers={"Content-Encoding": "gzip"}
    )
    assert fetch(feed_server.url("/two")).content == b"<rss></rss>"


def test_corrupt_gzip_is_a_fetch_error(feed_server: FeedServer) -> None:
    feed_server.add("/corrupt", b"\x1f\x8b\x08\x00garbage-not-gzip", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="decode"):
        fetch(feed_server.url("/corrupt"))


# -- time limits -------------------------------------------------------------------------------


def test_slow_body_hits_the_total_timeout(feed_server: FeedServer) -> None:
    feed_server.add_chunked("/slow", [b"<rss>"] + [b" "] * 30, delay=0.2)
    started = time.perf_counter()
    with pytest.raises(FetchTimeout):
        fetch(feed_server.url("/slow"), FetchLimits(total_timeout=1.0))
    assert time.perf_counter() - started < 2.5


# -- private addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "blocked"),
    [
        ("10.0.0.1", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("169.254.169.254", True),
        ("fe80::1", True),
        ("0.0.0.0", True),
        ("::", True),
        ("224.0.0.1", True),
        ("100.64.0.1", True),
        ("::ffff:127.0.0.1", True),
        ("fd00:ec2::254", True),
        ("8.8.8.8", False),
        ("2001:4860:4860::8888", False),
    ],
)
def test_address_block_reason(address: str, blocked: bool) -> None:
    assert (address_block_reason(address) is not None) is blocked


def test_metadata_address_is_named() -> None:
    assert address_block_reason("169.254.169.254") == "cloud metadata address"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0"])
def test_private_target_is_blocked_before_connecting(feed_server: FeedServer, host: str) -> None:
    feed_server.add("/feed.xml", RSS)
    with pytest.raises(BlockedAddress, match="loopback|unspecified"):
        fetch(f"http://{host}:{feed_server.port}/feed.xml", allow_private=False)
    assert feed_server.requests == []


def test_operator_allowed_network_is_reachable_and_pinned(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS)
    allowed = {"allowed_networks": ["127.0.0.0/8", "::1/128"]}
    result = fetch(f"http://localhost:{feed_server.port}/feed.xml", allow_private=False, fetcher_kw=allowed)
    assert result.content == RSS and result.url == f"http://localhost:{feed_server.port}/feed.xml"
    assert feed_server.last_request("/feed.xml").headers["host"] == f"localhost:{feed_server.port}"


@pytest.mark.parametrize(
    "target", ["http://127.0.0.2:{port}/inner", "http://169.254.169.254/latest/meta-data/"]
)
def test_redirect_to_a_private_address_is_blocked(feed_server: FeedServer, target: str) -> None:
    # The first hop is allowed by the operator (127.0.0.1 only); the redirect target is not.
    feed_server.redirect("/outer", target.format(port=feed_server.port))
    allowed = {"allowed_networks": ["127.0.0.1/32"]}
    with pytest.raises(BlockedAddress):
        fetch(feed_server.url("/outer"), allow_private=False, fetcher_kw=allowed)
    assert [r.path for r in feed_server.requests] == ["/outer"]


def test_private_targets_are_fine_when_allowed(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", RSS)
    assert fetch(feed_server.url("/feed.xml"), allow_private=True).content == RSS


# -- local files and backoff -------------------------------------------------------------------


def test_read_local_path_and_file_url(tmp_path: Path) -> None:
    feed = tmp_path / "my feed.xml"
    feed.write_bytes(RSS)
    assert read_local(str(feed), 10_000) == RSS
    assert read_local(feed.as_uri(), 10_000) == RSS


def test_read_local_errors(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(bytes(2000))
    cases = {
        str(tmp_path / "missing.xml"): "no such file",
        str(tmp_path): "directory",
        str(big): "cap",
        "file://otherhost/feed.xml": "another host",
    }
    for source, reason in cases.items():
        with pytest.raises(LocalSourceError, match=reason) as info:
            read_local(source, 1000)
        assert info.value.source == source


@pytest.mark.parametrize(
    ("source", "local"),
    [
        ("file:///tmp/feed.xml", True),
        ("/tmp/feed.xml", True),
        ("feeds/sample.xml", True),
        ("./sample.xml", True),
        ("C:\\feeds\\x.xml", True),
        ("https://example.org/feed", False),
        ("HTTP://example.org/feed", False),
        ("ftp://example.org/feed", False),
        ("", False),
    ],
)
def test_is_local_source(source: str, local: bool) -> None:
    assert is_local_source(source) is local


def test_backoff_delay() -> None:
    assert backoff_delay(0) == 0
    assert backoff_delay(-3) == 0
    assert [backoff_delay(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff_delay(9) == 15360
    assert backoff_delay(10) == 6 * 3600
    assert backoff_delay(10_000) == 6 * 3600
    assert backoff_delay(3, base=10, cap=25) == 25


# -- Retry-After, Content-Length and credentials ----------------------------------------------


def test_retry_after_header_forms() -> None:
    now = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
    assert retry_after_seconds("3600", now) == 3600
    assert retry_after_seconds("Mon, 03 Mar 2025 11:00:00 GMT", now) == 3600
    assert retry_after_seconds("Mon, 03 Mar 2025 09:00:00 GMT", now) == 0  # already past
    assert retry_after_seconds("99999999999", now) == 7 * 24 * 3600  # capped at a week
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None) is None


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_an_error_status_carries_its_retry_after(feed_server: FeedServer, form: str) -> None:
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    value = "3600" if form == "seconds" else later
    feed_server.add("/busy", b"slow down", status=503, content_type="text/plain", headers={"Retry-After": value})
    with pytest.raises(FetchError) as info:
        fetch(feed_server.url("/busy"))
    assert info.value.retry_after is not None and 3590 <= info.value.retry_after <= 3600
    assert "HTTP 503" in info.value.reason and "retry after" in info.value.reason


@pytest.mark.parametrize("pinned", [False, True], ids=["pooled", "pinned"])
def test_a_body_longer_than_its_content_length_is_an_error(feed_server: FeedServer, pinned: bool) -> None:
    full = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + b"<item><title>x</title></item>" * 50
    feed_server.add("/short", full + b"</channel></rss>", headers={"Content-Length": "60"})
    feed_server.add("/feed.xml", RSS)
    kw: dict[str, Any] = {"allow_private": False} if pinned else {"allow_private": True}
    allowed = {"allowed_networks": ["127.0.0.0/8"]}

    async def go() -> FetchResult:
        async with Fetcher(trust_env=False, **allowed) as fetcher:
            with pytest.raises(FetchError, match="Content-Length of 60"):
                await fetcher.fetch(feed_server.url("/short"), **kw)
            return await fetcher.fetch(feed_server.url("/feed.xml"), **kw)  # the next fetch is clean

    assert asyncio.run(go()).content == RSS
