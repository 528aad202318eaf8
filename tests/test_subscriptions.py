"""Subscriptions, per-server settings and feed-failure notices on real SQLite files."""

from __future__ import annotations

import asyncio

import pytest

from briefings.schedule import Destination, FeedAlerts
from storage import DatabaseRunner, open_database
from storage import feeds as fq
from storage import subscriptions as sq


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "s.db")
    yield database
    database.close()


def sub(db, channel="c1", guild="g1", platform="discord", **kw):
    args = dict(time="08:00", timezone="Europe/Paris", only_when_changed=True, created_by="u1")
    args.update(kw)
    return sq.add_subscription(db, platform=platform, guild_id=guild, channel_id=channel, **args)


def test_one_subscription_per_platform_and_channel(db):
    first = sub(db)
    assert (first.destination, first.time, first.timezone, first.only_when_changed) == ("discord:c1", "08:00", "Europe/Paris", True)
    updated = sub(db, time="07:30", timezone="UTC", only_when_changed=False, created_by="u2")
    assert updated.id == first.id and (updated.time, updated.timezone, updated.only_when_changed) == ("07:30", "UTC", False)
    assert updated.created_by == "u1" and updated.created_at == first.created_at  # the creator is kept
    sub(db, platform="slack")  # the same channel id on another platform is another subscription
    assert len(sq.list_subscriptions(db)) == 2


def test_list_by_guild_and_remove(db):
    sub(db, "c1", "g1")
    sub(db, "c2", "g1")
    sub(db, "c3", "g2")
    sub(db, "c4", "g1", platform="slack")
    assert [s.channel_id for s in sq.list_subscriptions(db, platform="discord", guild_id="g1")] == ["c1", "c2"]
    assert [s.channel_id for s in sq.list_subscriptions(db)] == ["c1", "c2", "c3", "c4"]
    removed = sq.remove_subscription(db, "discord", "c2")
    assert removed is not None and removed.channel_id == "c2"
    assert sq.remove_subscription(db, "discord", "c2") is None
    assert sq.get_subscription(db, "discord", "c2") is None
    assert [s.channel_id for s in sq.list_subscriptions(db, guild_id="g1")] == ["c1", "c4"]


def test_guild_settings(db):
    assert sq.guild_settings(db, "discord", "g1") == {}
    assert sq.get_setting(db, "discord", "g1", sq.PRIVATE_ANSWERS, "0") == "0"
    sq.set_setting(db, "discord", "g1", sq.PRIVATE_ANSWERS, "1")
    sq.set_setting(db, "discord", "g1", sq.MENTIONS_CHANNEL, "c9")
    sq.set_setting(db, "discord", "g1", sq.MENTIONS_CHANNEL, "c8")
    sq.set_setting(db, "slack", "g1", sq.PRIVATE_ANSWERS, "0")
    assert sq.guild_settings(db, "discord", "g1") == {"private_answers": "1", "mentions_channel": "c8"}
    sq.set_setting(db, "discord", "g1", sq.MENTIONS_CHANNEL, None)
    assert sq.guild_settings(db, "discord", "g1") == {"private_answers": "1"}
    assert sq.get_setting(db, "slack", "g1", sq.PRIVATE_ANSWERS) == "0"


def test_notice_destinations_prefer_the_notices_channel(db):
    sub(db, "c1", "g1")
    sub(db, "c2", "g1")
    sub(db, "c3", "g2")
    sq.set_setting(db, "discord", "g2", sq.NOTICES_CHANNEL, "ops")
    assert sq.notice_destinations(db) == [("discord", "g2", "ops"), ("discord", "g1", "c1"), ("discord", "g1", "c2")]


# -- feed-failure notices ----------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.got: list[tuple[str, str]] = []

    async def __call__(self, dest: Destination, text: str) -> None:
        self.got.append((dest.key, text))


def fail(db, feed, n=1):
    for _ in range(n):
        fq.record_failure(db, feed.id, error="HTTP 503 from https://u:secret@feeds.test/x", next_attempt=None)


def test_a_feed_failing_three_times_notifies_each_guild_once_then_once_on_recovery(tmp_path):
    path = tmp_path / "n.db"
    db = open_database(path)
    sub(db, "c1", "g1")
    sub(db, "c2", "g2", platform="slack")
    feed = fq.ensure_feed(db, "https://feeds.test/x", name="Desk")
    ok = fq.ensure_feed(db, "https://feeds.test/ok")
    inbox = Inbox()

    async def check() -> None:
        with DatabaseRunner(path) as runner:  # a fresh runner each time: as after a restart
            await FeedAlerts(runner, notify=inbox, after=3).check()

    fail(db, feed, 2)
    asyncio.run(check())
    assert inbox.got == []
    fail(db, feed)
    asyncio.run(check())
    assert sorted(k for k, _ in inbox.got) == ["discord:c1", "slack:c2"]
    assert "Desk" in inbox.got[0][1] and "3 times in a row" in inbox.got[0][1] and "secret" not in inbox.got[0][1]
    fail(db, feed, 2)  # still failing, five in a row, and a restart: nobody is told again
    asyncio.run(check())
    asyncio.run(check())
    assert len(inbox.got) == 2
    fq.record_success(db, feed.id, etag=None, last_modified=None)
    asyncio.run(check())
    asyncio.run(check())
    assert len(inbox.got) == 4
    assert sorted(k for k, t in inbox.got[2:] if "works again" in t) == ["discord:c1", "slack:c2"]
    assert all(ok.url not in t for _, t in inbox.got)
    fail(db, feed, 3)  # a new run of failures is a new notice
    asyncio.run(check())
    assert len(inbox.got) == 6
    db.close()


def test_a_removed_feed_forgets_its_notices(db, tmp_path):
    sub(db, "c1", "g1")
    feed = fq.ensure_feed(db, "https://feeds.test/x")
    assert sq.claim_failure_notices(db, feed.id, ["discord:c1"], failures=3) == ["discord:c1"]
    assert sq.claim_failure_notices(db, feed.id, ["discord:c1", "discord:c5"], failures=4) == ["discord:c5"]
    assert fq.remove_feed(db, feed.url)  # no foreign key stands in the way
    assert sq.forget_feed_notices(db, [f.id for f in fq.list_feeds(db)]) == 2
    assert sq.notified_feeds(db) == {}
