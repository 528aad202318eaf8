"""The bot's clock: feed polling and one daily digest job per subscription, on APScheduler 3.

:class:`Scheduler` wraps an :class:`~apscheduler.schedulers.asyncio.AsyncIOScheduler` that is built
and started inside the running loop by :meth:`Scheduler.start` (never at import), at most once per
instance: front-ends call it from ``setup_hook``, which a reconnect may run again. :meth:`close`
lets running jobs finish (briefly) and shuts it down.

Jobs live in memory and are rebuilt at start from the ``subscriptions`` table: ``feeds:poll`` every
``feeds.poll_interval_minutes``, and ``digest:<platform>:<channel>`` at the subscription's local
HH:MM in its zone (a cron trigger, so daylight saving time is followed), each with
``misfire_grace_time`` = ``digest.grace_minutes`` (APScheduler's default of one second would drop
a digest delayed by a busy loop), ``coalesce=True`` and ``max_instances=1``. Because the job store
is in memory, a digest whose time passed while the bot was down is invisible to APScheduler after a
restart, so :meth:`start` looks for it: when the latest slot (after the subscription was created)
has no sent or skipped ledger row, the job fires once at once if the slot is within the grace
window, else the period is recorded as skipped with a log line. The ledger makes every fire of one
period post at most once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from briefings.config import DigestSettings, FeedsSettings
from briefings.errors import UsageError
from briefings.schedule.digests import Delivery, DigestService
from briefings.schedule.feedalerts import FeedAlerts
from briefings.schedule.timing import digest_trigger, parse_clock, parse_zone
from storage import DatabaseRunner
from storage import subscriptions as subs
from storage.subscriptions import Subscription

log = logging.getLogger(__name__)

PLATFORMS = ("discord", "slack")
POLL_JOB = "feeds:poll"
CLOSE_TIMEOUT_SECONDS = 10.0


def digest_job_id(platform: str, channel_id: str) -> str:
    return f"digest:{platform}:{channel_id}"


class Scheduler:
    """Feed polling and scheduled digests for one process (see the module docstring)."""

    def __init__(
        self,
        runner: DatabaseRunner,
        *,
        digest: DigestSettings,
        feeds: FeedsSettings,
        digests: DigestService | None = None,
        poll: Callable[[], Awaitable[object]] | None = None,
        alerts: FeedAlerts | None = None,
        poll_at_start: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.runner = runner
        self.digest_settings = digest
        self.feed_settings = feeds
        self.digests = digests
        self.poll = poll
        self.alerts = alerts
        self.poll_at_start = poll_at_start
        self.clock = clock or (lambda: datetime.now(UTC))
        self._aps: AsyncIOScheduler | None = None
        self._started = False
        self._closing = False
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def grace_seconds(self) -> int:
        return max(1, self.digest_settings.grace_minutes * 60)  # APScheduler wants a positive integer

    @property
    def running(self) -> bool:
        return self._aps is not None and self._aps.running and not self._closing

    # -- life cycle --------------------------------------------------------------------------------

    async def start(self) -> None:
        """Build the APScheduler inside the running loop, add every job, catch up missed digests.

        A second call is a no-op (logged at debug level).
        """
        if self._started:
            log.debug("scheduler already started: start() ignored")
            return
        self._started = True
        aps = AsyncIOScheduler(
            event_loop=asyncio.get_running_loop(),
            timezone=UTC,
            job_defaults={"misfire_grace_time": self.grace_seconds, "coalesce": True, "max_instances": 1},
        )
        aps.add_listener(self._on_missed, EVENT_JOB_MISSED)
        self._aps = aps
        aps.start()
        if self.poll is not None:
            interval = self.feed_settings.poll_interval_minutes
            aps.add_job(
                self._poll_job, IntervalTrigger(minutes=interval, timezone=UTC), id=POLL_JOB, name="poll feeds",
                replace_existing=True, misfire_grace_time=interval * 60, coalesce=True, max_instances=1,
                next_run_time=self.clock() if self.poll_at_start else None,
            )
        if self.digests is None:
            log.info("scheduler started: feed polling only (no digest delivery)")
            return
        subscriptions = await self.runner.call(subs.list_subscriptions)
        due = {s.id for s, _slot in await self.digests.due(subscriptions, now=self.clock(), within_grace=True)}
        for sub in subscriptions:
            self.schedule(sub, fire_now=sub.id in due)
        for d in await self.digests.skip_missed(subscriptions, now=self.clock()):
            log.info("digest %s %s was not posted at start: %s", d.destination, d.period, d.reason)
        log.info("scheduler started: %d digest subscription%s, %d to catch up", len(subscriptions),
                 "" if len(subscriptions) == 1 else "s", len(due))

    async def close(self, timeout: float = CLOSE_TIMEOUT_SECONDS) -> None:
        """Stop taking jobs, give running ones ``timeout`` seconds to finish, shut down."""
        aps, self._aps = self._aps, None
        self._closing = True
        if aps is None or not aps.running:
            return
        aps.pause()
        running = [t for t in self._running if not t.done()]
        if running:
            _done, pending = await asyncio.wait(running, timeout=timeout)
            if pending:
                log.warning("closing the scheduler with %d job(s) still running; they are cancelled", len(pending))
        aps.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the next loop iteration

    # -- jobs --------------------------------------------------------------------------------------

    def job(self, job_id: str) -> Job | None:
        return self._aps.get_job(job_id) if self._aps else None

    def job_ids(self) -> list[str]:
        return sorted(j.id for j in self._aps.get_jobs()) if self._aps else []

    def schedule(self, sub: Subscription, *, fire_now: bool = False) -> Job | None:
        """Add or replace the digest job of ``sub`` (``fire_now``: also run it once at once)."""
        if self._aps is None:
            log.debug("scheduler not running: %s not scheduled", sub.destination)
            return None
        try:
            trigger = digest_trigger(sub.time, sub.timezone)
        except (ValueError, KeyError) as e:
            log.error("subscription %s has an unusable time %r or zone %r (%s): not scheduled",
                      sub.destination, sub.time, sub.timezone, e)
            return None
        options: dict[str, Any] = {"next_run_time": self.clock()} if fire_now else {}
        return self._aps.add_job(
            self._digest_job, trigger, args=[sub.platform, sub.channel_id], id=digest_job_id(sub.platform, sub.channel_id),
            name=f"digest {sub.destination}", replace_existing=True, misfire_grace_time=self.grace_seconds,
            coalesce=True, max_instances=1, **options,
        )

    def unschedule(self, platform: str, channel_id: str) -> bool:
        job = self.job(digest_job_id(platform, channel_id))
        if job is None:
            return False
        job.remove()
        return True

    async def subscribe(
        self,
        *,
        platform: str,
        guild_id: str,
        channel_id: str,
        time: str | None = None,
        timezone: str | None = None,
        only_when_changed: bool | None = None,
        created_by: str | None = None,
    ) -> Subscription:
        """Store (or update) a subscription and (re)schedule its job. :class:`UsageError` on bad input."""
        if platform not in PLATFORMS:
            raise UsageError(f"Digests are posted on {' or '.join(PLATFORMS)} (got {platform!r}).")
        d = self.digest_settings
        sub = await self.runner.call(
            subs.add_subscription, platform=platform, guild_id=str(guild_id), channel_id=str(channel_id),
            time=parse_clock(time or d.time), timezone=parse_zone(timezone or d.timezone),
            only_when_changed=d.only_when_changed if only_when_changed is None else only_when_changed,
            created_by=created_by,
        )
        self.schedule(sub)
        return sub

    async def unsubscribe(self, platform: str, channel_id: str) -> Subscription | None:
        """Remove a subscription and its job; returns what was removed, None if nothing was."""
        sub = await self.runner.call(subs.remove_subscription, platform, str(channel_id))
        self.unschedule(platform, str(channel_id))
        return sub

    async def run_digest(self, platform: str, channel_id: str) -> Delivery | None:
        """What the digest job does: deliver the subscription's digest for its latest slot."""
        if self.digests is None:
            return None
        sub = await self.runner.call(subs.get_subscription, platform, channel_id)
        if sub is None:
            log.info("digest job for %s:%s has no subscription any more: removed", platform, channel_id)
            self.unschedule(platform, channel_id)
            return None
        return await self.digests.deliver(sub, now=self.clock())

    async def poll_feeds(self) -> None:
        """What the poll job does: poll, then tell servers about feeds that fail or recovered."""
        if self.poll is not None:
            try:
                await self.poll()
            except Exception:
                log.exception("feed poll failed")
        if self.alerts is not None:
            try:
                await self.alerts.check()
            except Exception:
                log.exception("feed failure notices could not be checked")

    async def _digest_job(self, platform: str, channel_id: str) -> None:
        await self._tracked(self.run_digest(platform, channel_id))

    async def _poll_job(self) -> None:
        await self._tracked(self.poll_feeds())

    async def _tracked(self, work: Awaitable[object]) -> None:
        if self._closing:
            if asyncio.iscoroutine(work):
                work.close()
            return
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await work
        finally:
            if task is not None:
                self._running.discard(task)

    def _on_missed(self, event: JobExecutionEvent) -> None:
        log.warning("job %s missed its run time %s (grace %d s): skipped", event.job_id,
                    event.scheduled_run_time, self.grace_seconds)
