"""Entity bombs through every encoding feedparser honours, the limited parser processes behind the checks,
and the fetcher's address guard (its default, and the address forms that hide a private IPv4).

The bombs are real: one 100 KB entity referenced 20,000 times (about 2 GB once expanded) in a
~160 KB document, spelt in UTF-7, EBCDIC (cp037, cp500), UTF-16 and UTF-32, declared in the
document or only in the HTTP charset. Each must be refused before parsing, with a clear reason,
whether it comes from a file or from the loopback feed server, and without memory growing.
The sandbox tests run tasks defined here in real worker processes (they import this module).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import resource
import signal
import time
import tracemalloc
from pathlib import Path
from typing import Any

import feedparser
import pytest
from feedserver import FeedServer

from briefings.errors import BlockedAddress, FetchError, NotAFeed, ParseError, ParserLimit, UnsafeXML
from briefings.feeds import Fetcher, FetchLimits
from briefings.feeds.parse import parse_feed, parse_feed_async
from briefings.feeds.safety import ascii_compatible, check_no_entities
from briefings.feeds.sandbox import ParseSandbox, parse_task
from briefings.feeds.urls import address_block_reason
from briefings.ingest import Ingestor
from storage import DatabaseRunner
from storage import articles as aq

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
MB = 2**20


def bomb(declared: str | None) -> str:
    """A feed whose one item title references a 100 KB entity 20,000 times."""
    decl = f' encoding="{declared}"' if declared else ""
    return (
        f'<?xml version="1.0"{decl}?>\n<!DOCTYPE rss [\n<!ENTITY boom "' + "B" * 100_000 + '">\n]>\n'
        '<rss version="2.0"><channel><title>Harmless desk</title>\n'
        "<item><guid>b1</guid><title>" + "&boom;" * 20_000 + "</title></item></channel></rss>"
    )


def utf7(text: str, keep_declaration: bool = True) -> bytes:
    """UTF-7 as an attacker writes it: every "<" and ">" shifted into base64 (``+ADw-``, ``+AD4-``)."""
    head, rest = (text.split("?>", 1) if keep_declaration else ("", text))
    shifted = rest.replace("<", "+ADw-").replace(">", "+AD4-").encode("ascii")
    return (head + "?>").encode("ascii") + shifted if keep_declaration else shifted


def no_declaration(text: str) -> str:
    return text.split("?>", 1)[1].lstrip("\n")


# (id, body, HTTP Content-Type or None)
BOMBS: list[tuple[str, bytes, str | None]] = [
    ("utf-7-declared", utf7(bomb("utf-7")), None),
    ("utf-7-http-charset", utf7(no_declaration(bomb(None)), keep_declaration=False), "application/rss+xml; charset=utf-7"),
    ("cp037-declared", bomb("cp037").encode("cp037"), None),
    ("cp500-declared", bomb("cp500").encode("cp500"), None),
    ("cp500-http-charset", bomb(None).encode("cp500"), "application/rss+xml; charset=cp500"),
    ("cp500-http-no-declaration", no_declaration(bomb(None)).encode("cp500"), "application/xml; charset=cp500"),
    ("utf-16le-no-bom", bomb("utf-16le").encode("utf-16-le"), None),
    ("utf-16le-no-bom-http", no_declaration(bomb(None)).encode("utf-16-le"), "text/xml; charset=utf-16le"),
    ("utf-32-bom", bomb("utf-32").encode("utf-32"), None),
    ("utf-32be-no-bom", bomb("utf-32be").encode("utf-32-be"), None),
]


@pytest.mark.parametrize(("body", "content_type"), [b[1:] for b in BOMBS], ids=[b[0] for b in BOMBS])
def test_bombs_are_refused_before_parsing_with_little_memory(body: bytes, content_type: str | None) -> None:
    assert len(body) < 1_000_000  # 160 KB of text, four bytes a character in UTF-32
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(UnsafeXML) as info:
            parse_feed(body, "evil.xml", content_type)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert "refused" in info.value.reason and ("ENTITY" in info.value.reason or "encoded in" in info.value.reason)
    assert peak < 40 * MB, f"peak {peak} bytes"


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        (utf7('<?xml version="1.0" encoding="utf-7"?><rss version="2.0"><channel><title>t</title></channel></rss>'),
         None, "utf-7"),
        ('<rss version="2.0"><channel><title>t</title></channel></rss>'.encode("cp500"),
         "application/rss+xml; charset=cp500", "cp500"),
        ('<?xml version="1.0" encoding="utf-16le"?><rss version="2.0"/>'.encode("utf-16-le"), None, "utf-16"),
    ],
    ids=["utf-7", "ebcdic-http", "utf-16-no-bom"],
)
def test_encodings_that_are_not_ascii_compatible_are_refused_outright(
    body: bytes, content_type: str | None, words: str
) -> None:
    with pytest.raises(UnsafeXML, match="not ASCII-compatible") as info:
        parse_feed(body, "odd.xml", content_type)
    assert words in info.value.reason


def test_an_internal_subset_without_entities_is_refused_too() -> None:
    body = b"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "a>b" [ <!ATTLIST item kind CDATA "news"> ]>
<rss version="2.0"><channel><title>t</title></channel></rss>"""
    with pytest.raises(UnsafeXML, match="internal DTD subset"):
        check_no_entities(body, "subset.xml")


def test_ordinary_encodings_still_parse() -> None:
    text = '<?xml version="1.0" encoding="{}"?><rss version="2.0"><channel><title>Zürich</title></channel></rss>'
    for encoding in ("utf-8", "iso-8859-1", "windows-1252"):
        assert parse_feed(text.format(encoding).encode(encoding), "x").title == "Zürich"
    assert parse_feed(text.format("utf-16").encode("utf-16"), "x").title == "Zürich"  # with its BOM
    assert ascii_compatible("utf-8") and ascii_compatible("koi8-r")
    assert not ascii_compatible("utf-7") and not ascii_compatible("cp037") and not ascii_compatible("utf-16-le")


# -- the bombs through ingestion: files and the loopback server --------------------------------


@pytest.fixture
def runner(tmp_path: Path):
    db = DatabaseRunner(tmp_path / "safety.db")
    yield db
    db.close()


def _ingest(runner: DatabaseRunner, sources: list[str]) -> Any:
    async def go() -> Any:
        async with Fetcher(FetchLimits(total_timeout=5.0), trust_env=False) as fetcher:
            return await Ingestor(runner, fetcher, allow_private=True).ingest_sources(sources)

    return asyncio.run(go())


def test_bomb_files_are_reported_and_nothing_is_stored(runner: DatabaseRunner, tmp_path: Path) -> None:
    paths = []
    for name, body, content_type in BOMBS:
        if content_type is None:  # a file has no HTTP charset
            (tmp_path / f"{name}.xml").write_bytes(body)
            paths.append(str(tmp_path / f"{name}.xml"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = _ingest(runner, paths)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [e["source"] for e in report.errors] == paths
    assert all("refused" in e["error"] for e in report.errors)
    assert report.fetched == 0 and runner.call_sync(aq.list_sources) == []
    assert grown_mb < 100, f"the ingesting process grew by {grown_mb:.0f} MB"


def test_bombs_over_http_are_reported_and_nothing_is_stored(runner: DatabaseRunner, feed_server: FeedServer) -> None:
    urls = []
    for name, body, content_type in BOMBS:
        feed_server.add(f"/{name}", body, content_type=content_type or "application/octet-stream")
        urls.append(feed_server.url(f"/{name}"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = _ingest(runner, urls)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [e["source"] for e in report.errors] == urls
    assert all("refused" in e["error"] for e in report.errors), report.errors
    assert runner.call_sync(aq.list_sources) == []
    assert grown_mb < 100, f"the ingesting process grew by {grown_mb:.0f} MB"


# -- the worker processes ----------------------------------------------------------------------
# Tasks run in the workers; they are module-level so a worker can import them by name.


def allocate_task(data: bytes, source: str, content_type: str | None) -> Any:
    hog = bytearray(3 * 1024 * MB)  # far over any limit the tests set
    return len(hog)


def sleepy_task(data: bytes, source: str, content_type: str | None) -> Any:
    if b"SLOW" in data:
        time.sleep(60)
    return parse_task(data, source, content_type)


def suicide_task(data: bytes, source: str, content_type: str | None) -> Any:
    os.kill(os.getpid(), signal.SIGKILL)
    return None


def unguarded_feedparser_task(data: bytes, source: str, content_type: str | None) -> Any:
    """feedparser with none of our checks: what a bomb that slipped through would meet."""
    result = feedparser.parse(io.BytesIO(data))
    return sum(len(e.get("title", "")) for e in result.entries)


FEED = (FIXTURES / "rss2.xml").read_bytes()


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_out_of_memory_fails_the_feed_and_the_worker_is_replaced() -> None:
    box = ParseSandbox(memory_limit=256 * MB, task=allocate_task)
    try:
        with pytest.raises(ParserLimit, match="out of memory.*256 MB"):
            run(box.parse(FEED, "hog.xml"))
        assert box.replaced == 1
    finally:
        box.close()


def test_a_real_bomb_that_skipped_the_checks_is_stopped_at_the_memory_limit() -> None:
    wide = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "' + b"A" * 10_000 + b'">\n]>\n<rss version="2.0">'
            b"<channel>" + (b"<item><title>" + b"&a;" * 1000 + b"</title></item>") * 100 + b"</channel></rss>")
    box = ParseSandbox(memory_limit=256 * MB, timeout=30, task=unguarded_feedparser_task)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with pytest.raises(ParserLimit, match="memory|killed"):
            run(box.parse(wide, "wide.xml"))  # 1 GB once expanded
    finally:
        box.close()
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"bomb worker peak RSS {worker_peak:.0f} MB (limit 256 MB); the parent grew {grown:.0f} MB")
    assert grown < 50


def test_a_slow_parse_is_killed_and_the_event_loop_keeps_running() -> None:
    box = ParseSandbox(timeout=1.0, task=sleepy_task)

    async def go() -> tuple[int, float]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticker = asyncio.create_task(tick())
        started = time.perf_counter()
        try:
            with pytest.raises(ParserLimit, match="longer than 1 s"):
                await box.parse(FEED + b"<!-- SLOW -->", "slow.xml")
        finally:
            ticker.cancel()
        return ticks, time.perf_counter() - started

    try:
        ticks, elapsed = run(go())
        assert 1 <= elapsed < 10 and ticks >= elapsed / 0.05 / 4  # killed after ~1 s; the loop ran all along
        assert box.replaced == 1
        assert len(run(box.parse(FEED, "after.xml")).entries) == 2  # a fresh worker answers
    finally:
        box.close()


def test_a_worker_killed_by_a_signal_is_reported_and_replaced() -> None:
    box = ParseSandbox(task=suicide_task)
    try:
        with pytest.raises(ParserLimit, match="signal 9"):
            run(box.parse(FEED, "dies.xml"))
        with pytest.raises(ParserLimit, match="signal 9"):  # and again: a new worker each time
            run(box.parse(FEED, "dies-again.xml"))
        assert box.replaced == 2
    finally:
        box.close()


def test_parse_errors_cross_the_process_boundary_with_their_class() -> None:
    page = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello</p></body></html>"
    box = ParseSandbox()
    try:
        with pytest.raises(NotAFeed, match="HTML page") as info:
            run(parse_feed_async(page, "https://example.test/page", sandbox=box))
        assert info.value.source == "https://example.test/page"
        with pytest.raises(UnsafeXML):
            run(parse_feed_async(BOMBS[0][1], "bomb", sandbox=box))
        assert box.replaced == 0
    finally:
        box.close()


def test_ingestion_reports_a_killed_parse_and_goes_on(runner: DatabaseRunner, tmp_path: Path) -> None:
    slow, fine = tmp_path / "slow.xml", tmp_path / "fine.xml"
    slow.write_bytes(FEED + b"<!-- SLOW -->")
    fine.write_bytes(FEED)
    box = ParseSandbox(timeout=1.0, task=sleepy_task)

    async def go() -> Any:
        async with Fetcher(trust_env=False) as fetcher:
            return await Ingestor(runner, fetcher, sandbox=box).ingest_sources([str(slow), str(fine)])

    try:
        report = run(go())
    finally:
        box.close()
    assert [e["source"] for e in report.errors] == [str(slow)]
    assert "longer than 1 s" in report.errors[0]["error"]
    assert report.fetched == 2


def test_a_closed_sandbox_refuses_work() -> None:
    box = ParseSandbox()
    box.close()
    with pytest.raises(ParseError, match="shut down"):
        run(box.parse(FEED, "late.xml"))


def _fetch(url: str, **kw: Any) -> Any:
    async def go() -> Any:
        async with Fetcher(trust_env=False) as fetcher:
            return await fetcher.fetch(url, **kw)

    return asyncio.run(go())


# -- the guard is the default, and sees through address spellings -----------------------------


def test_the_default_fetch_refuses_the_loopback_server(feed_server: FeedServer) -> None:
    feed_server.add("/feed.xml", FEED)
    with pytest.raises(BlockedAddress, match="allow_private_feed_addresses"):
        _fetch(feed_server.url("/feed.xml"))  # no allow_private: refused
    assert feed_server.requests == []


@pytest.mark.parametrize(
    "host",
    ["127.1", "0x7f.0.0.1", "2130706433", "0x7f000001", "[::ffff:7f00:1]", "[2002:7f00:1::]",
     "[64:ff9b::7f00:1]", "[64:ff9b:1::a00:1]", "[::127.0.0.1]"],
)
def test_obfuscated_and_embedded_loopback_forms_are_blocked(feed_server: FeedServer, host: str) -> None:
    feed_server.add("/feed.xml", FEED)
    with pytest.raises(BlockedAddress):
        _fetch(f"http://{host}:{feed_server.port}/feed.xml", allow_private=False)
    assert feed_server.requests == []


def test_an_octal_ipv4_spelling_is_refused_too(feed_server: FeedServer) -> None:
    with pytest.raises(FetchError):
        _fetch(f"http://0177.0.0.1:{feed_server.port}/feed.xml", allow_private=False)
    assert feed_server.requests == []


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("2002:7f00:1::", "6to4 address embedding a loopback address"),
        ("2002:a9fe:a9fe::1", "6to4 address embedding a cloud metadata address"),
        ("2002:c0a8:101::", "6to4 address embedding a private address"),
        ("64:ff9b::7f00:1", "NAT64 address embedding a loopback address"),
        ("64:ff9b::a00:1", "NAT64 address embedding a private address"),
        ("64:ff9b:1::808:808", "local-use NAT64 address"),
        ("::ffff:a9fe:a9fe", "cloud metadata address"),
        ("2002:808:808::1", None),  # 6to4 of a public address
        ("64:ff9b::808:808", None),  # NAT64 of a public address (IPv6-only hosts reach IPv4 sites so)
    ],
)
def test_embedded_ipv4_forms_are_judged_by_their_ipv4(address: str, reason: str | None) -> None:
    assert address_block_reason(address) == reason


# -- credentials in feed URLs ------------------------------------------------------------------


def test_credentials_in_a_feed_url_never_reach_messages_or_logs(
    feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    feed_server.redirect("/moved", feed_server.url("/gone?api_key=k3y&x=1").replace("//", "//bob:hunter2@", 1))
    feed_server.add("/gone", b"no", status=404, content_type="text/plain")
    url = feed_server.url("/moved?token=t0ken").replace("//", "//alice:s3cret@", 1)
    with caplog.at_level(logging.DEBUG), pytest.raises(FetchError) as info:
        _fetch(url, allow_private=True)
    shown = str(info.value) + info.value.reason + caplog.text
    for secret in ("s3cret", "t0ken", "hunter2", "k3y", "alice", "bob"):
        assert secret not in shown
    assert "***@127.0.0.1" in str(info.value) and "token=***" in str(info.value)
    assert info.value.source == url  # the program still has the real URL
