"""The scheduler over a real SQLite file and the real APScheduler: jobs, DST, restarts, catch-up."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from briefings.config import DigestSettings, FeedsSettings
from briefings.errors import UsageError
from briefings.replies import Paragraph, Reply
from briefings.replies.payloads import DigestPayload
from briefings.schedule import (
    POLL_JOB,
    Destination,
    DigestService,
    Scheduler,
    digest_job_id,
    last_slot,
    next_slots,
    period_of,
)
from storage import DatabaseRunner, ledger, open_database
from storage import subscriptions as sq

PARIS = "Europe/Paris"


class Channel:
    """The front-end's ``send``: records what was posted where."""

    def __init__(self) -> None:
        self.posted: list[tuple[str, Reply]] = []

    async def __call__(self, dest: Destination, reply: Reply) -> None:
        self.posted.append((dest.key, reply))


async def build(since: datetime, until: datetime) -> Reply:
    payload = DigestPayload(since=since.isoformat(), until=until.isoformat(), text="One change.",
                            items=({"kind": "pledge"},))
    return Reply(kind="digest", title="Digest", blocks=[Paragraph.of("One change.")], payload=payload)


async def until(cond, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if cond():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def subscribe_on(path, when: datetime, channel="c1", time="08:00", zone=PARIS) -> None:
    with time_machine.travel(when, tick=False):
        db = open_database(path)
        sq.add_subscription(db, platform="discord", guild_id="g1", channel_id=channel, time=time, timezone=zone,
                            only_when_changed=True, created_by="admin")
        db.close()


def make(runner, channel: Channel, **kw) -> Scheduler:
    settings = DigestSettings(timezone=PARIS)
    service = DigestService.from_settings(runner, settings, build=build, send=channel)
    return Scheduler(runner, digest=settings, feeds=FeedsSettings(), digests=service, **kw)


def statuses(path) -> list[tuple[str, str, str]]:
    db = open_database(path)
    try:
        return [(e.destination, e.period, e.status) for e in ledger.entries(db)]
    finally:
        db.close()


# -- the trigger ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("after", "expected_utc"), [
    # the last Sunday of March 2026 is the 29th: 08:00 in Paris is 07:00Z before, 06:00Z from that day
    (datetime(2026, 3, 27, 12, tzinfo=UTC), ["2026-03-28T07:00", "2026-03-29T06:00", "2026-03-30T06:00"]),
    # the last Sunday of October 2026 is the 25th: back to 07:00Z from that day
    (datetime(2026, 10, 23, 12, tzinfo=UTC), ["2026-10-24T06:00", "2026-10-25T07:00", "2026-10-26T07:00"]),
])
def test_a_paris_digest_stays_at_eight_local_across_dst(after, expected_utc):
    slots = next_slots("08:00", PARIS, after, count=3)
    assert [s.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") for s in slots] == expected_utc
    assert {s.strftime("%H:%M") for s in slots} == {"08:00"}
    for s in slots:  # the latest slot seen from just after each fire is that fire
        assert last_slot("08:00", PARIS, s + timedelta(minutes=1)) == s
        assert last_slot("08:00", PARIS, s) == s


def test_a_time_in_the_repeated_hour_fires_twice_but_posts_once(tmp_path):
    fires = next_slots("02:30", PARIS, datetime(2026, 10, 24, 12, tzinfo=UTC), count=2)
    assert [f.astimezone(UTC).strftime("%d %H:%M") for f in fires] == ["25 00:30", "25 01:30"]
    assert {period_of(f, PARIS) for f in fires} == {"2026-10-25"}
    subscribe_on(tmp_path / "d.db", datetime(2026, 10, 1, tzinfo=UTC), time="02:30")
    channel = Channel()

    async def run() -> list[str]:
        with DatabaseRunner(tmp_path / "d.db") as runner:
            service = DigestService(runner, build=build, send=channel)
            sub = (await runner.call(sq.list_subscriptions))[0]
            return [(await service.deliver(sub, now=f + timedelta(seconds=1))).outcome for f in fires]

    assert asyncio.run(run()) == ["sent", "refused"]
    assert len(channel.posted) == 1


# -- jobs ----------------------------------------------------------------------------------------------


def test_jobs_are_rebuilt_from_the_subscriptions_and_follow_them(tmp_path):
    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, tzinfo=UTC))
    polls: list[int] = []

    async def poll() -> None:
        polls.append(1)

    async def run() -> None:
        with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=True), DatabaseRunner(path) as runner:
            s = make(runner, Channel(), poll=poll)
            assert s.job_ids() == []  # nothing before start
            await s.start()
            await s.start()  # a reconnect's setup_hook: no-op
            assert s.job_ids() == [digest_job_id("discord", "c1"), POLL_JOB]
            job = s.job("digest:discord:c1")
            assert (job.misfire_grace_time, job.coalesce, job.max_instances) == (7200, True, 1)
            assert job.next_run_time.astimezone(UTC) == datetime(2026, 12, 3, 7, tzinfo=UTC)
            poll_job = s.job(POLL_JOB)
            assert poll_job.trigger.interval == timedelta(minutes=30) and poll_job.misfire_grace_time == 1800
            await until(lambda: polls == [1])  # the first poll runs at start
            moved = await s.subscribe(platform="discord", guild_id="g1", channel_id="c1", time="9:15", timezone="UTC")
            assert moved.time == "09:15"
            assert s.job("digest:discord:c1").next_run_time.astimezone(UTC) == datetime(2026, 12, 2, 9, 15, tzinfo=UTC) + timedelta(days=1)
            await s.subscribe(platform="slack", guild_id="T1", channel_id="C2")  # defaults from config
            assert s.job("digest:slack:C2").next_run_time.strftime("%H:%M %Z") == "08:00 CET"
            with pytest.raises(UsageError):
                await s.subscribe(platform="discord", guild_id="g1", channel_id="c3", time="25:00")
            with pytest.raises(UsageError):
                await s.subscribe(platform="discord", guild_id="g1", channel_id="c3", timezone="Mars/Olympus")
            assert (await s.unsubscribe("discord", "c1")).channel_id == "c1"
            assert s.job("digest:discord:c1") is None and await s.unsubscribe("discord", "c1") is None
            await s.close()
            assert not s.running and s.job_ids() == []
            await s.close()  # twice is fine

    asyncio.run(run())


def test_the_digest_fires_at_its_local_time_and_a_restart_does_not_post_it_again(tmp_path):
    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, 12, tzinfo=UTC))  # after the 1st's digest time
    channel = Channel()

    async def run() -> None:
        # 07:59:59 in Paris (UTC+1 in December): APScheduler fires the job a second later
        with time_machine.travel(datetime(2026, 12, 2, 6, 59, 59, tzinfo=UTC), tick=True):
            with DatabaseRunner(path) as runner:
                first = make(runner, channel)
                await first.start()
                assert channel.posted == []
                await until(lambda: len(channel.posted) == 1)
                await first.close()
            # a new process over the same file
            with DatabaseRunner(path) as runner:
                second = make(runner, channel)
                await second.start()
                assert (await second.run_digest("discord", "c1")).outcome == "refused"
                job = second.job("digest:discord:c1")
                job.modify(next_run_time=datetime.now(UTC))  # APScheduler fires it again
                second._aps.wakeup()
                await asyncio.sleep(0.3)
                await second.close()

    asyncio.run(run())
    assert [k for k, _ in channel.posted] == ["discord:c1"]
    reply = channel.posted[0][1]
    assert reply.payload.period == "2026-12-02" and reply.payload.destination == "discord:c1"
    assert statuses(path) == [("discord:c1", "2026-12-02", "sent")]


def test_a_digest_missed_while_down_is_posted_once_at_start_within_the_grace(tmp_path):
    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, tzinfo=UTC))
    channel = Channel()

    async def run() -> None:
        with time_machine.travel(datetime(2026, 12, 2, 7, 30, tzinfo=UTC), tick=True):  # 08:30 in Paris
            for _ in range(2):  # started twice: posted once
                with DatabaseRunner(path) as runner:
                    s = make(runner, channel)
                    await s.start()
                    await until(lambda: len(channel.posted) == 1)
                    await asyncio.sleep(0.1)
                    await s.close()

    asyncio.run(run())
    assert len(channel.posted) == 1
    assert statuses(path) == [("discord:c1", "2026-12-02", "sent")]


def test_a_digest_missed_beyond_the_grace_is_skipped_with_a_log_line(tmp_path, caplog):
    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, tzinfo=UTC))
    subscribe_on(path, datetime(2026, 12, 2, 8, tzinfo=UTC), channel="late")  # subscribed after 08:00
    channel = Channel()

    async def run() -> None:
        with time_machine.travel(datetime(2026, 12, 2, 9, 30, tzinfo=UTC), tick=True):  # 10:30 in Paris
            with DatabaseRunner(path) as runner:
                s = make(runner, channel)
                await s.start()
                await asyncio.sleep(0.2)
                await s.close()

    with caplog.at_level(logging.INFO, logger="briefings.schedule"):
        asyncio.run(run())
    assert channel.posted == []
    assert statuses(path) == [("discord:c1", "2026-12-02", "skipped")]
    assert any("discord:c1 2026-12-02: missed by 150 min (grace 120 min), skipped" in r.getMessage() for r in caplog.records)


def test_a_digest_whose_process_died_mid_send_is_retried_once(tmp_path):
    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, tzinfo=UTC))
    db = open_database(path)  # the dead process claimed at 08:00 and never got further
    ledger.claim(db, "discord:c1", "2026-12-02", now=datetime(2026, 12, 2, 7, 0, 1, tzinfo=UTC))
    db.close()
    channel = Channel()

    async def run(at: datetime) -> None:
        with time_machine.travel(at, tick=True), DatabaseRunner(path) as runner:
            s = make(runner, channel)
            await s.start()
            await asyncio.sleep(0.3)
            await s.close()

    asyncio.run(run(datetime(2026, 12, 2, 7, 5, tzinfo=UTC)))  # 5 minutes later: maybe still sending
    assert channel.posted == []
    asyncio.run(run(datetime(2026, 12, 2, 7, 20, tzinfo=UTC)))  # past the claim timeout
    asyncio.run(run(datetime(2026, 12, 2, 7, 25, tzinfo=UTC)))
    assert len(channel.posted) == 1
    assert statuses(path) == [("discord:c1", "2026-12-02", "sent")]


def test_close_waits_for_a_running_digest(tmp_path):
    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, tzinfo=UTC))
    posted: list[str] = []

    async def slow_send(dest: Destination, reply: Reply) -> None:
        await asyncio.sleep(0.3)
        posted.append(dest.key)

    async def run() -> None:
        with time_machine.travel(datetime(2026, 12, 2, 7, 10, tzinfo=UTC), tick=True), DatabaseRunner(path) as runner:
            settings = DigestSettings()
            service = DigestService.from_settings(runner, settings, build=build, send=slow_send)
            s = Scheduler(runner, digest=settings, feeds=FeedsSettings(), digests=service)
            await s.start()
            await asyncio.sleep(0.1)  # the catch-up digest is being sent
            await s.close()

    asyncio.run(run())
    assert posted == ["discord:c1"]
    assert statuses(path) == [("discord:c1", "2026-12-02", "sent")]


def test_each_poll_is_followed_by_the_feed_failure_check(tmp_path):
    from briefings.schedule import FeedAlerts
    from storage import feeds as fq

    path = tmp_path / "d.db"
    subscribe_on(path, datetime(2026, 12, 1, 12, tzinfo=UTC))
    told: list[tuple[str, str]] = []

    async def notify(dest: Destination, text: str) -> None:
        told.append((dest.key, text))

    async def run() -> None:
        with time_machine.travel(datetime(2026, 12, 2, 12, tzinfo=UTC), tick=True), DatabaseRunner(path) as runner:
            feed = await runner.call(fq.ensure_feed, "https://feeds.test/broken")

            async def poll() -> None:  # the poller's own bookkeeping: one more failure
                await runner.call(fq.record_failure, feed.id, error="HTTP 500", next_attempt=None)

            s = make(runner, Channel(), poll=poll, alerts=FeedAlerts(runner, notify=notify, after=1))
            await s.start()
            await until(lambda: len(told) == 1)
            await s.poll_feeds()  # failing still: not told again
            await s.close()

    asyncio.run(run())
    assert told[0][0] == "discord:c1" and "https://feeds.test/broken" in told[0][1] and len(told) == 1


@pytest.mark.parametrize(("start", "first", "second"), [
    (datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 29, 6, tzinfo=UTC), datetime(2026, 3, 30, 6, tzinfo=UTC)),
    (datetime(2026, 10, 24, 12, tzinfo=UTC), datetime(2026, 10, 25, 7, tzinfo=UTC), datetime(2026, 10, 26, 7, tzinfo=UTC)),
])
def test_the_scheduled_job_follows_the_clock_change(tmp_path, start, first, second):
    path = tmp_path / "d.db"
    subscribe_on(path, start - timedelta(days=1))

    async def run() -> tuple[datetime, datetime]:
        with time_machine.travel(start, tick=True), DatabaseRunner(path) as runner:
            s = make(runner, Channel())
            await s.start()
            job = s.job("digest:discord:c1")
            nxt = job.next_run_time
            after = job.trigger.get_next_fire_time(nxt, nxt)
            await s.close()
            return nxt, after

    nxt, after = asyncio.run(run())
    assert (nxt.astimezone(UTC), after.astimezone(UTC)) == (first, second)
    assert nxt.strftime("%H:%M") == after.strftime("%H:%M") == "08:00"
