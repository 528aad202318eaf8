"""Delivering one digest: the ledger is claimed first, then build, send and the outcome recorded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from briefings.commands import views
from briefings.knowledge import refresh_pledges
from briefings.replies import Paragraph, Reply
from briefings.replies.payloads import DigestPayload
from briefings.schedule import Destination, DigestService, deliver_digest, manual_period
from storage import DatabaseRunner, ledger, open_database
from storage import subscriptions as sq
from storage.articles import ArticleRecord, Knowledge, save_article

SLOT = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)  # 08:00 in Paris
NOW = SLOT + timedelta(seconds=2)


def reply_with(items: int) -> Reply:
    payload = DigestPayload(since="s", until="u", text="t", items=tuple({"kind": "pledge"} for _ in range(items)))
    return Reply(kind="digest", title="Digest", blocks=[Paragraph.of("t")], payload=payload)


class Harness:
    def __init__(self, runner: DatabaseRunner, items: int = 2) -> None:
        self.runner = runner
        self.items = items
        self.windows: list[tuple[datetime, datetime]] = []
        self.posted: list[tuple[str, Reply]] = []
        self.fail_send = False
        self.states_at_build: list[str] = []

    async def build(self, since: datetime, until: datetime) -> Reply:
        self.windows.append((since, until))
        row = await self.runner.call(ledger.entry, "discord:c1", "2026-12-02")
        self.states_at_build.append(row.status if row else "none")
        return reply_with(self.items)

    async def send(self, dest: Destination, reply: Reply) -> None:
        if self.fail_send:
            raise ConnectionError("Discord answered 503")
        self.posted.append((dest.key, reply))

    def service(self) -> DigestService:
        return DigestService(self.runner, build=self.build, send=self.send, clock=lambda: NOW)


@pytest.fixture
def runner(tmp_path):
    db = open_database(tmp_path / "d.db")
    sq.add_subscription(db, platform="discord", guild_id="g1", channel_id="c1", time="08:00",
                        timezone="Europe/Paris", only_when_changed=True, created_by="admin")
    db.close()
    with DatabaseRunner(tmp_path / "d.db") as r:
        yield r


def subscription(runner):
    return runner.call_sync(sq.get_subscription, "discord", "c1")


def test_the_ledger_is_claimed_before_building_and_marked_sent_after(runner):
    h = Harness(runner)
    d = asyncio.run(h.service().deliver(subscription(runner), now=NOW))
    assert (d.outcome, d.period, d.items) == ("sent", "2026-12-02", 2)
    assert h.states_at_build == ["claimed"]
    # no digest before: the last 24 hours, up to the slot (not the moment of sending)
    assert h.windows == [(SLOT - timedelta(hours=24), SLOT)]
    row = runner.call_sync(ledger.entry, "discord:c1", "2026-12-02")
    assert (row.status, row.items, row.until) == ("sent", 2, "2026-12-02T07:00:00Z")
    # the next day's digest starts where this one ended
    tomorrow = NOW + timedelta(days=1)
    assert asyncio.run(h.service().deliver(subscription(runner), now=tomorrow)).outcome == "sent"
    assert h.windows[1] == (SLOT, SLOT + timedelta(days=1))


def test_nothing_changed_is_recorded_as_skipped_and_not_posted(runner):
    h = Harness(runner, items=1)
    yesterday = NOW - timedelta(days=1)
    assert asyncio.run(h.service().deliver(subscription(runner), now=yesterday)).outcome == "sent"
    h.items = 0
    d = asyncio.run(h.service().deliver(subscription(runner), now=NOW))
    assert d.outcome == "skipped" and len(h.posted) == 1
    assert runner.call_sync(ledger.entry, "discord:c1", "2026-12-02").status == "skipped"
    assert asyncio.run(h.service().deliver(subscription(runner), now=NOW + timedelta(minutes=5))).outcome == "refused"
    # a subscription that wants every digest gets the empty one
    db_sub = runner.call_sync(sq.add_subscription, platform="discord", guild_id="g1", channel_id="c1", time="08:00",
                              timezone="Europe/Paris", only_when_changed=False)
    d = asyncio.run(h.service().deliver(db_sub, now=NOW + timedelta(days=1)))
    assert d.outcome == "sent" and len(h.posted) == 2
    # the skipped day did not move the window: it starts where the last *posted* digest ended
    assert h.windows[-1] == (SLOT - timedelta(days=1), SLOT + timedelta(days=1))


def test_a_failed_send_is_recorded_and_retried_without_a_double_post(runner):
    h = Harness(runner)
    h.fail_send = True
    d = asyncio.run(h.service().deliver(subscription(runner), now=NOW))
    assert d.outcome == "failed" and "503" in (d.reason or "")
    row = runner.call_sync(ledger.entry, "discord:c1", "2026-12-02")
    assert row.status == "failed" and "503" in row.error
    h.fail_send = False
    assert asyncio.run(h.service().deliver(subscription(runner), now=NOW + timedelta(minutes=1))).outcome == "sent"
    assert asyncio.run(h.service().deliver(subscription(runner), now=NOW + timedelta(minutes=2))).outcome == "refused"
    assert len(h.posted) == 1


def test_a_failed_build_is_recorded_as_failed(runner):
    async def broken(since: datetime, until: datetime) -> Reply:
        raise RuntimeError("no database")

    h = Harness(runner)
    service = DigestService(runner, build=broken, send=h.send)
    assert asyncio.run(service.deliver(subscription(runner), now=NOW)).outcome == "failed"
    assert runner.call_sync(ledger.entry, "discord:c1", "2026-12-02").status == "failed"
    assert h.posted == []


def test_two_deliveries_at_once_post_once(runner):
    h = Harness(runner)

    async def both() -> list[str]:
        service = h.service()
        sub = subscription(runner)
        return sorted(d.outcome for d in await asyncio.gather(service.deliver(sub, now=NOW), service.deliver(sub, now=NOW)))

    assert asyncio.run(both()) == ["refused", "sent"]
    assert len(h.posted) == 1


def test_late_within_grace_is_posted_and_beyond_is_skipped(runner):
    h = Harness(runner)
    sub = subscription(runner)
    late = asyncio.run(h.service().deliver(sub, now=SLOT + timedelta(minutes=119)))
    assert late.outcome == "sent" and late.period == "2026-12-02"
    missed = asyncio.run(h.service().deliver(sub, now=SLOT + timedelta(days=1, minutes=121)))
    assert (missed.outcome, missed.period) == ("missed", "2026-12-03")
    assert len(h.posted) == 1
    assert runner.call_sync(ledger.entry, "discord:c1", "2026-12-03").status == "skipped"


def test_manual_digests_are_keyed_by_their_window(runner):
    h = Harness(runner)
    service = h.service()
    dest = Destination("cli", "console")
    since, until = NOW - timedelta(days=7), NOW
    assert manual_period(since, until) == "2026-11-25T07:00:02Z..2026-12-02T07:00:02Z"
    assert asyncio.run(service.deliver_manual(dest, since, until)).outcome == "sent"
    assert asyncio.run(service.deliver_manual(dest, since, until)).outcome == "refused"
    assert runner.call_sync(ledger.last_sent, "cli:console").until == "2026-12-02T07:00:02Z"


def test_the_commands_digest_builder_over_real_data(tmp_path):
    path = tmp_path / "real.db"
    db = open_database(path)
    rec = ArticleRecord(guid="a1", url="https://desk.test/a1", canonical_url="https://desk.test/a1", title="Story",
                        outlet="Desk", published="2026-12-02T05:00:00Z", updated=None, text="text", content_hash="a1",
                        relevance=9.0, relevant=True)
    fact = {"country_code": "EE", "category": "ground_troops", "status": "committed", "date": "2026-12-02",
            "size": None, "quote": "Estonia will send troops."}
    save_article(db, rec, Knowledge(facts=[fact]), lambda c: None, facts_changed=refresh_pledges)
    sub = sq.add_subscription(db, platform="slack", guild_id="T1", channel_id="C1", time="08:00",
                              timezone="Europe/Paris", only_when_changed=True)
    db.close()
    posted: list[Reply] = []

    async def send(dest: Destination, reply: Reply) -> None:
        posted.append(reply)

    async def run() -> str:
        with DatabaseRunner(path) as runner:
            async def build(since: datetime, until: datetime) -> Reply:
                return await runner.call(views.digest, since, until)

            d = await deliver_digest(sub, build=build, send=send, runner=runner, now=NOW)
            return d.outcome

    assert asyncio.run(run()) == "sent"
    assert len(posted) == 1 and "Estonia" in posted[0].payload.text
    assert posted[0].payload.destination == "slack:C1" and posted[0].payload.period == "2026-12-02"
