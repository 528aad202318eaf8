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
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from briefings.commands import Briefings
from briefings.commands.views import SAMPLE_KEY
from briefings.config import Config
from briefings.engines.llm import LLMEngine, build_engine
from briefings.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseMissingError,
    DiskFullError,
    StorageError,
)
from briefings.feeds import Fetcher, FetchLimits
from briefings.ingest import Ingestor
from briefings.ingest.workers import Analyser
from briefings.knowledge import ensure_pledges
from briefings.metrics import Metrics
from briefings.ratelimit import RateLimiter
from storage import DatabaseBusy, DatabaseMissing, DatabaseRunner, StorageFailure, is_damage
from storage import feeds as feed_store
from storage import knowledge as kq

log = logging.getLogger(__name__)

SQLITE_FULL = 13  # "database or disk is full": the disk, a quota, RLIMIT_FSIZE or PRAGMA max_page_count
SQLITE_IOERR = 10  # "disk I/O error": also what a write refused with EFBIG (a file-size limit) gives


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
    metrics: Metrics | None = None  # this process's Prometheus collectors (served by bot.health)
    llm: LLMEngine | None = None  # the LLM engine, when configured (OPENAI_API_KEY or llm.enabled)


def storage_error(e: BaseException, path: object) -> StorageError | None:
    """The :class:`StorageError` a storage (or SQLite) exception stands for; None if it is neither."""
    if isinstance(e, DatabaseMissing):
        return DatabaseMissingError(str(path))
    if is_damage(e):
        return DatabaseDamagedError(str(e))
    if isinstance(e, DatabaseBusy):
        return DatabaseBusyError(f"the database {path} is locked by another process: {e}")
    code = (getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF if isinstance(e, sqlite3.Error) else 0
    if code == SQLITE_FULL:
        return DiskFullError(f"no space left to write the database {path} ({e}): nothing was half-written; "
                             "free some space (or raise the file-size limit) and run the command again")
    if code == SQLITE_IOERR:
        return StorageError(f"the database {path} could not be written ({e}): is the disk full, over a quota "
                            "or failing? Nothing was half-written; fix that and run the command again")
    if isinstance(e, StorageFailure):
        return StorageError(str(e))
    return None


@contextlib.asynccontextmanager
async def open_app(config: Config, *, read_only: bool = False) -> AsyncIterator[App]:
    """The app over ``config``'s database; storage errors leave it as :class:`StorageError` (and below).

    ``read_only`` is for commands that only read (a digest still records itself): the database must
    exist (:class:`DatabaseMissingError`, and nothing is created), opening takes no write lock unless
    a migration is pending, and the configured feeds are not synced into it (the writers do that).
    """
    limits = config.settings.limits
    try:
        runner = await asyncio.to_thread(DatabaseRunner, config.db_path, create=not read_only)
    except (StorageFailure, sqlite3.Error) as e:
        raise (storage_error(e, config.db_path) or StorageError(str(e))) from e
    fetcher = Fetcher(
        FetchLimits(
            connect_timeout=limits.connect_timeout_seconds,
            total_timeout=limits.total_timeout_seconds,
            max_bytes=limits.fetch_max_bytes,
            max_redirects=limits.max_redirects,
        )
    )
    analyser = Analyser(workers=limits.analysis_workers)
    metrics = Metrics()
    llm = build_engine(config, runner)
    try:
        ingestor = Ingestor(
            runner, fetcher, keywords=config.settings.relevance.keywords, max_bytes=limits.fetch_max_bytes,
            fetch_pages=limits.fetch_article_pages, concurrency=limits.fetch_concurrency, analyser=analyser,
            threshold=config.settings.relevance.threshold,
            allow_private=limits.allow_private_feed_addresses, page_budget=limits.page_fetch_budget_seconds,
            parse_memory_limit=limits.parse_memory_mb * 2**20, parse_timeout=limits.parse_timeout_seconds,
            metrics=metrics, after_save=llm.pipeline.after_ingest if llm else None,
        )
        await runner.call(ensure_pledges)  # on the writer: the readers' table is never rebuilt by a read
        for src in () if read_only else config.settings.feeds.sources:
            await runner.call(feed_store.ensure_feed, src.url, name=src.name, keywords=src.keywords)
        limiter = RateLimiter(limits.questions_per_user_per_minute)
        answerer = llm.answerer if llm else None
        yield App(config, runner, fetcher, ingestor,
                  Briefings(runner, answerer=answerer, limiter=limiter, metrics=metrics), metrics=metrics, llm=llm)
    except (StorageFailure, sqlite3.DatabaseError) as e:  # from any command run in the app, too
        mapped = storage_error(e, config.db_path)
        if mapped is None:
            raise
        raise mapped from e
    finally:
        if llm is not None:
            await llm.aclose()
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
            if app.llm is not None:  # articles the model could not read before get another pass
                await app.llm.pipeline.after_ingest([])
        except Exception:
            log.exception("feed poll failed")
        await asyncio.sleep(interval)


async def run(config: Config, *, console_only: bool = False) -> None:
    """``briefbot run`` (and ``briefbot chat`` with ``console_only``).

    SIGTERM stops it cleanly and it returns normally (exit status 0): see :mod:`bot.lifecycle`.
    """
    from bot.console import chat
    from bot.health import listen_address
    from bot.lifecycle import JOB_GRACE, graceful, monitoring

    secrets = config.secrets
    listen_address(config.settings.health)  # a bad BRIEFBOT_HEALTH_PORT fails before anything starts
    slack = None
    if not console_only and secrets.slack_bot_token:
        from bot.slack.app import SlackOptions, run_slack

        slack = SlackOptions.resolve(config.settings.slack, secrets)  # a bad Slack setting fails before anything starts
    interval = config.settings.feeds.poll_interval_minutes * 60
    async with graceful():
        if not console_only and (secrets.discord_token or slack):
            from bot.discord.app import run_discord
            from bot.platforms import Hub

            async with open_app(config) as app, monitoring(app, poll_interval_seconds=interval) as health:
                await load_sample_if_empty(app)
                hub = Hub(app)  # one scheduler and digest service, shared by both front-ends
                fronts = []
                if secrets.discord_token:
                    fronts.append(run_discord(app, secrets.discord_token.get(), hub,
                                              started=lambda c: health.frontend("discord", lambda: c.is_ready() and not c.is_closed())))
                if slack:
                    fronts.append(run_slack(app, hub, options=slack,
                                            started=lambda b: health.frontend("slack", b.connected)))
                tasks = [asyncio.create_task(f) for f in fronts]
                try:
                    for done in asyncio.as_completed(tasks):
                        await done  # the first front-end that fails stops the others, with its own error
                finally:
                    for t in tasks:
                        t.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    await hub.close(timeout=JOB_GRACE)
            return
        polling = not console_only and bool(config.settings.feeds.sources)
        async with open_app(config) as app, monitoring(app, poll_interval_seconds=interval if polling else None) as health:
            health.frontend("console", lambda: True)
            await load_sample_if_empty(app)
            poller = asyncio.create_task(poll_forever(app)) if polling else None
            try:
                await chat(app.briefings)
            finally:
                if poller:
                    poller.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await poller
