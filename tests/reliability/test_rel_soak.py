"""A soak: one simulated week of polling and daily digests on an accelerated clock.

A feed on a loopback server grows by 30 entries before every poll (it shows its latest 200, as real
feeds do) and is polled every 3 simulated hours, 56 times. Two channels subscribe to a daily digest
at 08:00 UTC; each day's digest job fires twice (as after a restart) and a third time from a second
``DigestService`` over the same database (as a second process). Through the week: the process's
resident memory, the size of the write-ahead log, and the digests each channel received.

Pass: every poll succeeds; exactly one digest per channel per day (zero duplicates); resident memory
grows by less than 60 MB from the first day to the last; the WAL stays under 32 MB.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from feedgen import entry
from feedserver import Route

from briefings.commands import Briefings
from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.schedule import DigestService
from storage import DatabaseRunner
from storage import feeds as feed_store
from storage import subscriptions as sq

POLLS = 56
GROWTH = 30
SHOWN = 200
START = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


@pytest.mark.timeout(300)
def test_one_simulated_week(tmp_path, feed_server, figure):
    rng = random.Random(77)
    items = [entry(i, rng, START) for i in range(POLLS * GROWTH)]
    shown = {"upto": 0}

    def feed(_request) -> Route:
        body = "".join(items[max(0, shown["upto"] - SHOWN):shown["upto"]])
        xml = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Soak</title>'
               f"<link>https://soak.test/</link><description>d</description>{body}</channel></rss>")
        return Route(status=200, body=xml.encode(), headers={"Content-Type": "application/rss+xml"})

    feed_server.add_handler("/soak.xml", feed)
    db = tmp_path / "soak.db"
    wal = Path(f"{db}-wal")
    sent: Counter[tuple[str, str]] = Counter()

    async def go() -> tuple[list[float], list[int], int, int]:
        memory: list[float] = []
        wal_sizes: list[int] = []
        failed_polls = new = 0
        with DatabaseRunner(db) as runner:
            await runner.call(feed_store.ensure_feed, feed_server.url("/soak.xml"))
            for channel in ("c1", "c2"):
                await runner.call(sq.add_subscription, platform="discord", guild_id="g", channel_id=channel,
                                  time="08:00", timezone="UTC", only_when_changed=False, created_by="soak")
            subs = await runner.call(sq.list_subscriptions)
            for s in subs:  # created "before" the week starts, so the first slot counts
                await runner.call(lambda d, i=s.id: d.execute("UPDATE subscriptions SET created_at = ? WHERE id = ?",
                                                              ((START - timedelta(days=1)).isoformat(), i)))
            subs = await runner.call(sq.list_subscriptions)
            briefings = Briefings(runner)
            now = {"t": START}

            async def send(dest, reply) -> None:
                sent[(dest.key, reply.payload.period if hasattr(reply.payload, "period") else "?")] += 1

            services = [DigestService(runner, build=briefings.digest_between, send=send, clock=lambda: now["t"])
                        for _ in range(2)]
            fetcher = Fetcher(FetchLimits(total_timeout=10.0))
            try:
                ingestor = Ingestor(runner, fetcher, allow_private=True, fetch_pages=False)
                for k in range(POLLS):
                    now["t"] = START + timedelta(hours=3 * k)
                    shown["upto"] = (k + 1) * GROWTH
                    report = await ingestor.poll(force=True)
                    failed_polls += bool(report.errors)
                    new += report.new + report.irrelevant
                    if now["t"].hour == 9:  # an hour after the 08:00 slot: the job, a restart, a second process
                        for service in (services[0], services[0], services[1]):
                            for sub in subs:
                                await service.deliver(sub, now=now["t"])
                        memory.append(rss_mb())
                    wal_sizes.append(wal.stat().st_size if wal.exists() else 0)
            finally:
                await fetcher.aclose()
        return memory, wal_sizes, failed_polls, new

    memory, wal_sizes, failed_polls, stored = asyncio.run(go())
    per_channel = Counter(key for key, _period in sent)
    duplicates = sum(n - 1 for n in sent.values() if n > 1)
    figure("simulated", f"{POLLS} polls over 7 days, {stored} entries stored")
    figure("failed polls", failed_polls, "", "0")
    figure("digests per channel", ", ".join(f"{k} {v}" for k, v in sorted(per_channel.items())), "", "7 each")
    figure("duplicate digests", duplicates, "", "0")
    figure("resident memory, day 1 -> day 7", f"{memory[0]:.0f} -> {memory[-1]:.0f}", "MB", "growth < 60 MB")
    figure("largest WAL", max(wal_sizes) / 2**20, "MB", "< 32 MB")
    assert failed_polls == 0 and stored == POLLS * GROWTH
    assert duplicates == 0 and all(v == 7 for v in per_channel.values()) and len(per_channel) == 2
    assert memory[-1] - memory[0] < 60
    assert max(wal_sizes) < 32 * 2**20
