"""The chat platforms of one process and what they share: one scheduler, one digest service.

The launcher builds one :class:`Hub` per process; each front-end (Discord, Slack) registers how it
posts to a channel of its platform, and the hub's digest service and feed alerts send through the
right one (``Destination.platform``). Channels that share a schedule share a window, and the digest
of a window is built once for all of them. The scheduler is started once, by whichever front-end is
ready first (``Scheduler.start`` is a no-op the second time), and closed once, by the launcher.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from briefings.errors import PlatformError
from briefings.replies import Paragraph, Reply
from briefings.schedule.digests import Destination, DigestService
from briefings.schedule.feedalerts import FeedAlerts
from briefings.schedule.scheduler import Scheduler

if TYPE_CHECKING:
    from bot.launcher import App

log = logging.getLogger(__name__)

BUILD_CACHE = 32  # digest windows remembered (a busy minute of many schedules)

Poster = Callable[[Destination, Reply], Awaitable[object]]


class Hub:
    def __init__(self, app: App) -> None:
        settings = app.config.settings
        self.app = app
        self._posters: dict[str, Poster] = {}
        self._builds: OrderedDict[tuple[datetime, datetime], asyncio.Task[Reply]] = OrderedDict()
        metrics = getattr(app, "metrics", None)
        self.digests = DigestService.from_settings(app.runner, settings.digest, build=self.build, send=self.post,
                                                   observe=metrics.digest if metrics else None)
        self.alerts = FeedAlerts(app.runner, notify=self.notify, after=settings.feeds.notify_after_failures)
        self.scheduler = Scheduler(app.runner, digest=settings.digest, feeds=settings.feeds, digests=self.digests,
                                   poll=app.ingestor.poll, alerts=self.alerts)

    async def build(self, since: datetime, until: datetime) -> Reply:
        """The digest of [since, until), built once for every channel that asks for the same window."""
        key = (since, until)
        task = self._builds.get(key)
        if task is None or (task.done() and task.exception() is not None):
            task = asyncio.ensure_future(self.app.briefings.digest_between(since, until))
            self._builds[key] = task
            while len(self._builds) > BUILD_CACHE:
                self._builds.popitem(last=False)
        return await asyncio.shield(task)

    def register(self, platform: str, poster: Poster) -> None:
        self._posters[platform] = poster

    async def post(self, dest: Destination, reply: Reply) -> object:
        poster = self._posters.get(dest.platform)
        if poster is None:
            raise PlatformError(f"no front-end for {dest.platform} is running in this process")
        return await poster(dest, reply)

    async def notify(self, dest: Destination, text: str) -> None:
        await self.post(dest, Reply(kind="feeds", title="Feed health", blocks=[Paragraph.of(text)]))

    async def start(self) -> None:
        await self.scheduler.start()

    async def close(self, timeout: float | None = None) -> None:
        """Stop the scheduler; running jobs get ``timeout`` seconds (the scheduler's default if None)."""
        if timeout is None:
            await self.scheduler.close()
        else:
            await self.scheduler.close(timeout=timeout)
