"""Hostile and broken feeds from a loopback server: each bounded in time and memory, the rest go on.

The real fetcher, parser sandbox and ingestor (limits: 3 s total, 1 MB body, 5 redirects) against
a feed server that drips bytes, sends garbage, loops redirects, sends bodies over the cap (with and
without a length), a gzip bomb, an entity-expansion bomb, deeply nested XML, an HTML page, one
huge entry, and a good feed beside them. Then a flapping server (500, 429, timeouts, good answers
in turn) is polled while questions are asked: the bot keeps answering.

Pass: every bad source fails with its reason (or stores nothing) in under 10 s, the good feed is
stored, memory grows by less than 300 MB, every answer comes within 3 s. The one huge entry (900 kB
of sentences, under the size cap) is stored whole and only held to 60 s: there is no per-entry text
cap yet, and its figure says what it costs.
"""

from __future__ import annotations

import asyncio
import gzip
import io
import random
import resource
import time

import pytest
from feedserver import Route
from rel_support import make_feed, percentile

from briefings.commands import Briefings
from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.metrics import Metrics
from storage import DatabaseRunner
from storage import feeds as feed_store

LIMITS = FetchLimits(connect_timeout=2.0, total_timeout=3.0, max_bytes=1_000_000, max_redirects=5)
GOOD = make_feed(20, seed=4)


def gzip_bomb(size: int = 256 * 2**20) -> bytes:
    out = io.BytesIO()
    zeros = bytes(2**20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as z:
        for _ in range(size // len(zeros)):
            z.write(zeros)
    return out.getvalue()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + ']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>').encode()
DEEP = b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"<x>" * 120_000 + b"</x>" * 120_000 + b"</channel></rss>"
SENTENCE = "Ministers of the coalition of the willing discussed the reassurance force for Ukraine again. "
HUGE_ENTRY = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>huge</guid>'
              "<title>One very long entry about the coalition of the willing</title><link>https://huge.test/1</link>"
              f"<description>{SENTENCE * (900_000 // len(SENTENCE))}</description></item></channel></rss>").encode()


def routes(server) -> dict[str, str]:
    """Every hostile route, by name: the path to poll."""
    rng = random.Random(1)
    server.add_chunked("/drip", [b"<rss>"] + [b" "] * 40, delay=0.25)
    server.add("/garbage", bytes(rng.randrange(256) for _ in range(200_000)))
    server.redirect("/loop-a", "/loop-b")
    server.redirect("/loop-b", "/loop-a")
    server.add("/huge-length", b"<rss>" + b" " * 3_000_000 + b"</rss>")
    server.add_chunked("/huge-chunked", [b"<rss>"] + [b" " * 100_000] * 30)
    server.add("/gzip-bomb", gzip_bomb(), headers={"Content-Encoding": "gzip"})
    server.add("/entities", LAUGHS)
    server.add("/deep", DEEP)
    server.add("/html", b"<!doctype html><html><head><title>News</title></head><body><p>Nothing here.</p></body></html>",
               content_type="text/html")
    server.add("/huge-entry", HUGE_ENTRY)
    server.add("/good", GOOD)
    return {name: server.url(f"/{name}") for name in
            ("drip", "garbage", "loop-a", "huge-length", "huge-chunked", "gzip-bomb", "entities", "deep", "html",
             "huge-entry", "good")}


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_hostile_feeds_are_bounded(tmp_path, feed_server, figure):
    urls = routes(feed_server)
    metrics = Metrics()
    before = rss_mb()

    async def go() -> dict[str, tuple[float, str]]:
        out: dict[str, tuple[float, str]] = {}
        with DatabaseRunner(tmp_path / "hostile.db") as runner:
            fetcher = Fetcher(LIMITS)
            try:
                ingestor = Ingestor(runner, fetcher, allow_private=True, max_bytes=LIMITS.max_bytes, metrics=metrics,
                                    parse_timeout=10.0, page_budget=5.0, fetch_pages=False)
                for name, url in urls.items():
                    started = time.monotonic()
                    report = await ingestor.ingest_sources([url])
                    reason = report.errors[0]["error"] if report.errors else f"ok: {report.new} new"
                    out[name] = (time.monotonic() - started, reason)
            finally:
                await fetcher.aclose()
        return out

    results = asyncio.run(go())
    grown = rss_mb() - before
    for name, (seconds, reason) in results.items():
        figure(f"{name}", seconds, "s", reason[:70])
    reasons = {r: int(metrics.value("briefbot_feed_errors_total", {"reason": r}))
               for r in ("timeout", "too_large", "redirects", "unsafe_xml", "parser_limit", "parse", "not_a_feed", "fetch")}
    figure("feed errors by reason (metrics)", ", ".join(f"{k} {v}" for k, v in reasons.items() if v))
    figure("peak memory growth of the bot's process", grown, "MB", "< 300 MB")
    assert results["good"][1].startswith("ok") and results["good"][1] != "ok: 0 new"
    bad = {k: v for k, v in results.items() if k not in ("good", "huge-entry")}
    assert all(not reason.startswith("ok") or reason == "ok: 0 new" for _s, reason in bad.values()), bad
    assert all(seconds < 10 for name, (seconds, _r) in results.items() if name != "huge-entry"), results
    # One entry of 900 kB of sentences is analysed whole today (no per-entry text cap yet): bounded, not fast.
    assert results["huge-entry"][0] < 60
    assert grown < 300


def test_a_flapping_feed_server_and_questions_meanwhile(tmp_path, feed_server, figure):
    answers = [Route(status=500, body=b"oops"), Route(status=200, body=GOOD),
               Route(status=429, body=b"slow down", headers={"Retry-After": "1"}),
               Route(status=200, chunks=[b"<rss>"] + [b" "] * 20, delay=0.3), Route(status=503, body=b"down"),
               Route(status=200, body=GOOD)]
    calls = {"n": 0}

    def flap(_request):
        route = answers[calls["n"] % len(answers)]
        calls["n"] += 1
        return route

    feed_server.add_handler("/flap", flap)

    async def go() -> tuple[list[bool], list[float], int]:
        with DatabaseRunner(tmp_path / "flap.db") as runner:
            await runner.call(feed_store.ensure_feed, feed_server.url("/flap"))
            fetcher = Fetcher(LIMITS)
            b = Briefings(runner)
            latencies: list[float] = []
            polls: list[bool] = []
            try:
                ingestor = Ingestor(runner, fetcher, allow_private=True, fetch_pages=False)

                async def ask_meanwhile(stop: asyncio.Event) -> None:
                    while not stop.is_set():
                        started = time.perf_counter()
                        await b.ask("Will Norway send troops?")
                        latencies.append(time.perf_counter() - started)
                        await asyncio.sleep(0.05)

                stop = asyncio.Event()
                asker = asyncio.create_task(ask_meanwhile(stop))
                for _ in range(12):
                    report = await ingestor.poll(force=True)
                    polls.append(not report.errors)
                stop.set()
                await asker
                feed = (await runner.call(feed_store.list_feeds))[0]
            finally:
                await fetcher.aclose()
            return polls, latencies, feed.consecutive_failures

    polls, latencies, failures_now = asyncio.run(go())
    figure("polls of the flapping server: ok / failed", f"{sum(polls)} / {len(polls) - sum(polls)}")
    figure("answers meanwhile", len(latencies), "", "all answered")
    figure("answer latency p95 / max", f"{percentile(latencies, 95):.3f} / {max(latencies):.3f}", "s", "max < 3 s")
    assert sum(polls) >= 2 and len(polls) - sum(polls) >= 4
    assert latencies and max(latencies) < 3.0
    assert failures_now >= 0


@pytest.fixture(autouse=True)
def _quiet_feed_server_errors(monkeypatch):
    """The server's own tracebacks when the fetcher hangs up early are expected noise here."""
    import feedserver

    monkeypatch.setattr(feedserver._Server, "handle_error", lambda *a, **k: None)
