"""Prometheus metrics: a registry per Metrics object, and the counts made where the events happen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from briefings import errors
from briefings.commands import Briefings
from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.metrics import Metrics, feed_error_reason
from briefings.ratelimit import RateLimiter
from briefings.replies import Paragraph, Reply
from briefings.replies.payloads import DigestPayload
from briefings.schedule import Destination, DigestService
from storage import DatabaseRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefings" / "data" / "sample-feed.xml"


def test_each_metrics_object_has_its_own_registry():
    a, b = Metrics(), Metrics()
    a.ingested(new=3, facts=5)
    assert a.value("briefbot_articles_ingested_total", {"status": "new"}) == 3
    assert b.value("briefbot_articles_ingested_total", {"status": "new"}) == 0
    assert a.registry is not b.registry


@pytest.mark.parametrize(("error", "reason"), [
    (errors.FetchTimeout("u", "slow"), "timeout"),
    (errors.TooLarge("u", "big"), "too_large"),
    (errors.TooManyRedirects("u", "loop"), "redirects"),
    (errors.BlockedAddress("u", "private"), "blocked_address"),
    (errors.FetchError("u", "HTTP 500"), "fetch"),
    (errors.UnsafeXML("u", "entities"), "unsafe_xml"),
    (errors.ParserLimit("u", "memory"), "parser_limit"),
    (errors.NotAFeed("u", "html"), "not_a_feed"),
    (errors.ParseError("u", "bad"), "parse"),
    (errors.LocalSourceError("u", "missing"), "local_source"),
])
def test_feed_error_reasons_come_from_the_class(error, reason):
    assert feed_error_reason(error) == reason


def test_render_is_prometheus_text_with_every_family():
    m = Metrics()
    m.ingested(new=2, updated=1, duplicates=4, irrelevant=1, facts=7)
    m.feed_error(errors.FetchTimeout("https://a.test/feed", "timed out"))
    m.answered(0.02, engine="offline")
    m.llm_tokens(prompt=120, completion=30)
    m.digest("sent")
    m.digest("skipped")
    m.digest("refused")  # another process's delivery: not counted
    m.poll_completed(1_700_000_000.0)
    text = m.render().decode()
    for line in ('briefbot_articles_ingested_total{status="new"} 2.0', "briefbot_facts_ingested_total 7.0",
                 'briefbot_feed_errors_total{reason="timeout"} 1.0', 'briefbot_answer_seconds_count{engine="offline"} 1.0',
                 'briefbot_llm_tokens_total{kind="prompt"} 120.0', 'briefbot_llm_tokens_total{kind="completion"} 30.0',
                 'briefbot_digests_total{outcome="sent"} 1.0', 'briefbot_digests_total{outcome="skipped"} 1.0',
                 "briefbot_last_poll_timestamp_seconds 1.7e+09", "briefbot_feed_polls_total 1.0"):
        assert line in text, line
    assert 'outcome="refused"' not in text
    assert "a.test" not in text  # no URL ever becomes a label


def test_an_ingest_counts_articles_facts_and_failed_sources(tmp_path):
    metrics = Metrics()

    async def go():
        with DatabaseRunner(tmp_path / "m.db") as runner:
            fetcher = Fetcher(FetchLimits())
            try:
                ingestor = Ingestor(runner, fetcher, metrics=metrics)
                first = await ingestor.ingest_sources([str(SAMPLE), str(tmp_path / "missing.xml")])
                again = await ingestor.ingest_sources([str(SAMPLE)])
            finally:
                await fetcher.aclose()
        return first, again

    first, again = asyncio.run(go())
    assert first.new == 12 and first.facts > 0 and len(first.errors) == 1
    assert metrics.value("briefbot_articles_ingested_total", {"status": "new"}) == first.new
    assert metrics.value("briefbot_facts_ingested_total") == first.facts
    assert metrics.value("briefbot_articles_ingested_total", {"status": "duplicates"}) == again.duplicates == 12
    assert metrics.value("briefbot_feed_errors_total", {"reason": "local_source"}) == 1


def test_a_poll_sets_the_time_of_the_last_poll(tmp_path):
    metrics = Metrics()

    async def go():
        with DatabaseRunner(tmp_path / "p.db") as runner:
            fetcher = Fetcher(FetchLimits())
            try:
                await Ingestor(runner, fetcher, metrics=metrics).poll()
            finally:
                await fetcher.aclose()

    assert metrics.last_poll_time is None
    asyncio.run(go())
    assert metrics.last_poll_time is not None and metrics.value("briefbot_feed_polls_total") == 1


def test_answers_are_timed_and_refused_questions_counted(tmp_path):
    metrics = Metrics()

    async def go():
        with DatabaseRunner(tmp_path / "a.db") as runner:
            b = Briefings(runner, limiter=RateLimiter(2), metrics=metrics)
            for _ in range(2):
                await b.ask("Will Poland send troops?", asker="console:me")
            with pytest.raises(errors.RateLimited):
                await b.ask("Will Poland send troops?", asker="console:me")

    asyncio.run(go())
    assert metrics.value("briefbot_answer_seconds_count", {"engine": "offline"}) == 2
    assert metrics.value("briefbot_answer_seconds_sum", {"engine": "offline"}) > 0
    assert metrics.value("briefbot_questions_rate_limited_total") == 1


def test_digest_outcomes_are_counted(tmp_path):
    from datetime import UTC, datetime, timedelta

    metrics = Metrics()
    items = {"n": 2}

    async def build(since, until):
        payload = DigestPayload(since="s", until="u", text="t", items=tuple({"kind": "pledge"} for _ in range(items["n"])))
        return Reply(kind="digest", title="Digest", blocks=[Paragraph.of("t")], payload=payload)

    async def send(dest, reply):
        return None

    async def go():
        with DatabaseRunner(tmp_path / "d.db") as runner:
            service = DigestService(runner, build=build, send=send, observe=metrics.digest)
            now = datetime.now(UTC)
            dest = Destination("discord", "c1")
            await service.deliver_manual(dest, now - timedelta(days=2), now - timedelta(days=1), only_when_changed=True)
            items["n"] = 0
            await service.deliver_manual(dest, now - timedelta(days=1), now, only_when_changed=True)
            await service.deliver_manual(dest, now - timedelta(days=1), now, only_when_changed=True)  # refused

    asyncio.run(go())
    assert metrics.value("briefbot_digests_total", {"outcome": "sent"}) == 1
    assert metrics.value("briefbot_digests_total", {"outcome": "skipped"}) == 1
