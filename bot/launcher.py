"""Wiring: builds the bot's parts inside the running event loop and hands them to a front-end.

Nothing is created at import time. :func:`open_app` opens the database runner, the HTTP fetcher,
the ingestor and the commands for one configuration; :func:`run` picks the front-end (Discord when
``DISCORD_TOKEN`` is set, Slack when its tokens are, else the console chat) and runs the feed poller
beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from briefings.commands import Briefings
from briefings.commands.views import SAMPLE_KEY
from briefings.config import Config
from briefings.errors import ConfigError, StorageError
from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.ingest.workers import Analyser
from briefings.knowledge import ensure_pledges
from briefings.ratelimit import RateLimiter
from storage import DatabaseOpenError, DatabaseRunner
from storage import feeds as feed_store
from storage import knowledge as kq

log = logging.getLogger(__name__)


def sample_feed_path() -> Path:
    """The bundled sample feed (written for this project; read from the package, never fetched)."""
    return Path(str(resources.files("briefings") / "data" / "sample-feed.xml"))


@dataclass
class App:
    config: Config
    runner: DatabaseRunner
    fetcher: Fetcher
    ingestor: Ingestor
    briefings: Briefings


@contextlib.asynccontextmanager
async def open_app(config: Config) -> AsyncIterator[App]:
    limits = config.settings.limits
    try:
        runner = await asyncio.to_thread(DatabaseRunner, config.db_path)
    except DatabaseOpenError as e:
        raise StorageError(str(e)) from e
    fetcher = Fetcher(
        FetchLimits(
            connect_timeout=limits.connect_timeout_seconds,
            total_timeout=limits.total_timeout_seconds,
            max_bytes=limits.fetch_max_bytes,
            max_redirects=limits.max_redirects,
        )
    )
    analyser = Analyser(workers=limits.analysis_workers)
    try:
        ingestor = Ingestor(
            runner, fetcher, keywords=config.settings.relevance.keywords, max_bytes=limits.fetch_max_bytes,
            fetch_pages=limits.fetch_article_pages, concurrency=limits.fetch_concurrency, analyser=analyser,
            threshold=config.settings.relevance.threshold,
        )
        await runner.call(ensure_pledges)
        for src in config.settings.feeds.sources:
            await runner.call(feed_store.ensure_feed, src.url, name=src.name, keywords=src.keywords)
        limiter = RateLimiter(limits.questions_per_user_per_minute)
        yield App(config, runner, fetcher, ingestor, Briefings(runner, limiter=limiter))
    finally:
        await asyncio.to_thread(analyser.close)
        await fetcher.aclose()
        await asyncio.to_thread(runner.close)


async def load_sample_if_empty(app: App) -> bool:
    """With ``demo.sample_feed`` on and an empty database, ingest the bundled sample. True if loaded."""
    if not app.config.settings.demo.sample_feed:
        return False
    counts = await app.runner.call(kq.freshness)
    if counts["articles"]:
        return False
    report = await app.ingestor.ingest_sources([str(sample_feed_path())])
    stored = (await app.runner.call(kq.freshness))["articles"]
    await app.runner.call(kq.set_meta, SAMPLE_KEY, str(stored))
    log.info("loaded the bundled sample feed: %s", report.as_dict())
    return True


async def poll_forever(app: App) -> None:
    """Poll the subscribed feeds every ``feeds.poll_interval_minutes``; errors are logged, never fatal."""
    interval = app.config.settings.feeds.poll_interval_minutes * 60
    while True:
        try:
            report = await app.ingestor.poll()
            if report.fetched or report.errors:
                log.info("poll: %s", report.as_dict())
        except Exception:
            log.exception("feed poll failed")
        await asyncio.sleep(interval)


async def run(config: Config, *, console_only: bool = False) -> None:
    """``briefbot run`` (and ``briefbot chat`` with ``console_only``)."""
    from bot.console import chat

    secrets = config.secrets
    if not console_only and (secrets.discord_token or secrets.slack_bot_token):
        which = "Discord" if secrets.discord_token else "Slack"
        raise ConfigError(
            f"{which} tokens are set, but this version ships only the console front-end; "
            "unset them to use the console chat"
        )
    async with open_app(config) as app:
        await load_sample_if_empty(app)
        poller = None if console_only or not config.settings.feeds.sources else asyncio.create_task(poll_forever(app))
        try:
            await chat(app.briefings)
        finally:
            if poller:
                poller.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await poller
