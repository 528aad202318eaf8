"""The digest ledger on real SQLite files: claims before sending, at most once per period."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest

from storage import knowledge as kq
from storage import ledger, open_database
from storage.migrations import migrations

T0 = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "l.db")
    yield database
    database.close()


def test_a_second_claim_of_the_same_period_is_refused(db):
    first = ledger.claim(db, "discord:1", "2026-12-02", since="a", until="b", now=T0)
    assert first is not None and first.attempt == 1
    assert ledger.claim(db, "discord:1", "2026-12-02", now=T0 + timedelta(minutes=1)) is None
    # other periods and other destinations are independent
    assert ledger.claim(db, "discord:1", "2026-12-03", now=T0) is not None
    assert ledger.claim(db, "discord:2", "2026-12-02", now=T0) is not None
    assert ledger.entry(db, "discord:1", "2026-12-02").status == "claimed"


def test_a_sent_digest_is_never_claimed_again(db):
    c = ledger.claim(db, "slack:C1", "2026-12-02", since="2026-12-01T07:00:00Z", until="2026-12-02T07:00:00Z", now=T0)
    assert ledger.mark_sent(db, c, items=4, now=T0)
    for later in (timedelta(minutes=1), timedelta(hours=3), timedelta(days=30)):
        assert ledger.claim(db, "slack:C1", "2026-12-02", now=T0 + later, stale_after=timedelta(minutes=1)) is None
    row = ledger.entry(db, "slack:C1", "2026-12-02")
    assert (row.status, row.items, row.attempts) == ("sent", 4, 1) and row.sent_at
    assert not ledger.mark_sent(db, c, items=9)  # a second outcome is not written either


def test_a_failed_send_may_be_claimed_again(db):
    c = ledger.claim(db, "discord:1", "2026-12-02", now=T0)
    assert ledger.mark_failed(db, c, error="HTTP 503")
    assert ledger.entry(db, "discord:1", "2026-12-02").status == "failed"
    again = ledger.claim(db, "discord:1", "2026-12-02", now=T0 + timedelta(seconds=5))
    assert again is not None and again.attempt == 2 and again.id == c.id
    assert ledger.entry(db, "discord:1", "2026-12-02").error is None
    assert ledger.mark_sent(db, again, items=1)
    assert ledger.claim(db, "discord:1", "2026-12-02", now=T0 + timedelta(hours=1)) is None


def test_a_crashed_claim_is_retryable_after_the_timeout_and_fences_the_old_holder(db):
    crashed = ledger.claim(db, "discord:1", "2026-12-02", now=T0)
    stale = timedelta(minutes=15)
    assert ledger.claim(db, "discord:1", "2026-12-02", now=T0 + timedelta(minutes=14), stale_after=stale) is None
    retry = ledger.claim(db, "discord:1", "2026-12-02", now=T0 + timedelta(minutes=16), stale_after=stale)
    assert retry is not None and retry.attempt == 2
    # the first holder wakes up late: it can no longer record anything
    assert not ledger.mark_sent(db, crashed, items=3)
    assert ledger.entry(db, "discord:1", "2026-12-02").status == "claimed"
    assert ledger.mark_sent(db, retry, items=2)
    assert ledger.entry(db, "discord:1", "2026-12-02").items == 2


def test_a_skipped_period_is_final(db):
    c = ledger.claim(db, "discord:1", "2026-12-02", now=T0)
    assert ledger.mark_skipped(db, c, reason="nothing changed")
    assert ledger.claim(db, "discord:1", "2026-12-02", now=T0 + timedelta(days=1), stale_after=timedelta(0)) is None
    assert ledger.entry(db, "discord:1", "2026-12-02").error == "nothing changed"


def test_last_digest_is_the_last_sent_window(db):
    assert kq.last_digest(db, "cli") is None
    a = ledger.claim(db, "cli", "p1", since="2026-12-01T00:00:00Z", until="2026-12-01T08:00:00Z", now=T0)
    ledger.mark_sent(db, a, items=1)
    b = ledger.claim(db, "cli", "p2", since="2026-12-01T08:00:00Z", until="2026-12-02T08:00:00Z", now=T0)
    ledger.mark_failed(db, b, error="down")  # not sent: does not move the start of the next digest
    c = ledger.claim(db, "cli", "p3", since="2026-12-01T08:00:00Z", until="2026-12-03T08:00:00Z", now=T0)
    assert c is not None  # claimed, not yet sent
    assert kq.last_digest(db, "cli")["until"] == "2026-12-01T08:00:00Z"
    # the command line's one-step record still refuses a repeat
    assert kq.claim_digest(db, "cli", "p4", since="x", until="2026-12-04T08:00:00Z", items=0)
    assert not kq.claim_digest(db, "cli", "p4", since="x", until="2026-12-04T08:00:00Z", items=0)
    assert kq.last_digest(db, "cli")["until"] == "2026-12-04T08:00:00Z"


def test_rows_recorded_before_the_ledger_become_sent(tmp_path):
    path = tmp_path / "old.db"
    old = open_database(path, migrate=False)
    migrations.apply(old, stop_before="m005_digest_ledger")
    old.table("digests").insert({"destination": "cli", "period": "2025-04-02", "since": "s",
                                 "until": "2025-04-02T08:00:00Z", "sent_at": "2025-04-02T08:00:01+00:00", "items": 3})
    old.close()
    db = open_database(path)
    row = ledger.entry(db, "cli", "2025-04-02")
    assert (row.status, row.items, row.sent_at) == ("sent", 3, "2025-04-02T08:00:01+00:00")
    assert ledger.claim(db, "cli", "2025-04-02") is None
    db.close()


def _claim_in_process(path: str, period: str, start, results) -> None:  # runs in a child process
    db = open_database(path)
    start.wait()
    c = ledger.claim(db, "discord:42", period)
    if c is not None:
        ledger.mark_sent(db, c, items=1)
    results.put((period, c is not None))
    db.close()


def test_processes_claiming_at_once_exactly_one_wins(tmp_path):
    path = str(tmp_path / "race.db")
    open_database(path).close()
    ctx = multiprocessing.get_context("spawn")
    periods = ["2026-12-02", "2026-12-03", "2026-12-04"]
    workers = 4
    start = ctx.Barrier(workers * len(periods))
    results = ctx.Queue()
    procs = [ctx.Process(target=_claim_in_process, args=(path, p, start, results))
             for p in periods for _ in range(workers)]
    for p in procs:
        p.start()
    got = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for period in periods:
        wins = [won for per, won in got if per == period]
        assert len(wins) == workers and sum(wins) == 1, period
    db = open_database(path)
    assert [e.status for e in ledger.entries(db, "discord:42")] == ["sent"] * len(periods)
    db.close()
