"""The analysis gives the same results in worker processes as in the ingesting process."""

from __future__ import annotations

import asyncio

from feedgen import make_feed

from briefings.feeds import parse_feed
from briefings.ingest.prepare import analyse_jobs, job_of, prepare_entry
from briefings.ingest.workers import POOL_MIN, Analyser


def test_process_pool_matches_in_process_analysis():
    entries = parse_feed(make_feed(2 * POOL_MIN + 40), "gen.xml").entries
    jobs = [job_of(prepare_entry(e, feed_id=None)) for e in entries]
    assert sum(j is not None for j in jobs) >= POOL_MIN
    expected = analyse_jobs(jobs)
    analyser = Analyser(workers=2)

    async def collect():
        out = []
        async for start, chunk in analyser.chunks(jobs):
            assert start == len(out)
            out.extend(chunk)
        return out

    try:
        got = asyncio.run(collect())
        assert analyser._pool is not None  # the large batch really went to worker processes
    finally:
        analyser.close()
    assert got == expected


def test_small_batches_stay_in_process():
    entries = parse_feed(make_feed(20), "gen.xml").entries
    jobs = [job_of(prepare_entry(e, feed_id=None)) for e in entries]
    analyser = Analyser(workers=2)

    async def collect():
        return [a async for _, chunk in analyser.chunks(jobs) for a in chunk]

    got = asyncio.run(collect())
    assert analyser._pool is None and len(got) == 20
    analyser.close()
