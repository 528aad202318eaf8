"""Telling servers that a feed keeps failing, once, and once more when it works again.

After each poll the scheduler calls :meth:`FeedAlerts.check`. A feed whose consecutive failures
(kept by the poller in ``feeds``) reached ``feeds.notify_after_failures`` is reported to each
server's notices channel (the ``notices_channel`` setting) or, without one, to its digest channels.
Who was told is recorded in SQLite *before* the notice goes out, so a restart or a second process
never repeats it; when the feed succeeds again, exactly those destinations hear that it recovered.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlite_utils import Database

from briefings.redact import redact
from briefings.schedule.digests import Destination
from storage import DatabaseRunner
from storage import feeds as feed_store
from storage import subscriptions as subs

log = logging.getLogger(__name__)

Notify = Callable[[Destination, str], Awaitable[object]]
"""Posts a short text to a channel (given by each front-end)."""


@dataclass(frozen=True, slots=True)
class Notice:
    destination: Destination
    text: str
    feed_url: str
    recovered: bool


def _label(feed: feed_store.FeedRow) -> str:
    url = redact(feed.url)
    return f"{feed.name} ({url})" if feed.name else url


def failing_text(feed: feed_store.FeedRow) -> str:
    reason = f": {redact(feed.last_error)}" if feed.last_error else ""
    return (f"The feed {_label(feed)} has failed {feed.consecutive_failures} times in a row{reason}. "
            "It is retried less often until it works; an admin can remove it with /feeds remove.")


def recovered_text(feed: feed_store.FeedRow) -> str:
    return f"The feed {_label(feed)} works again."


def _plan(db: Database, after: int) -> list[tuple[feed_store.FeedRow, list[str], bool]]:
    """(feed, destinations to tell, recovered?) — the rows are recorded in the same call."""
    feeds = feed_store.list_feeds(db)
    subs.forget_feed_notices(db, [f.id for f in feeds])
    told = subs.notified_feeds(db)
    targets = [f"{p}:{c}" for p, _g, c in subs.notice_destinations(db)]
    plan: list[tuple[feed_store.FeedRow, list[str], bool]] = []
    for feed in feeds:
        if feed.consecutive_failures >= after and targets:
            fresh = subs.claim_failure_notices(db, feed.id, targets, failures=feed.consecutive_failures)
            if fresh:
                plan.append((feed, fresh, False))
        elif feed.consecutive_failures == 0 and feed.id in told:
            plan.append((feed, subs.claim_recovery_notices(db, feed.id), True))
    return plan


class FeedAlerts:
    def __init__(self, runner: DatabaseRunner, *, notify: Notify, after: int = 3) -> None:
        self.runner = runner
        self.notify = notify
        self.after = after

    async def check(self) -> list[Notice]:
        """Send the notices that are due; returns them (failed sends are logged, not retried)."""
        plan = await self.runner.call(_plan, self.after)
        guilds = {f"{p}:{c}": g for p, g, c in await self.runner.call(subs.notice_destinations)}
        sent: list[Notice] = []
        for feed, destinations, recovered in plan:
            text = recovered_text(feed) if recovered else failing_text(feed)
            for key in destinations:
                dest = Destination.from_key(key, guilds.get(key))
                try:
                    await self.notify(dest, text)
                except Exception as e:
                    log.warning("feed notice to %s about %s failed: %s", key, redact(feed.url), e)
                    continue
                log.info("told %s that feed %s %s", key, redact(feed.url), "recovered" if recovered else "fails")
                sent.append(Notice(dest, text, feed.url, recovered))
        return sent
