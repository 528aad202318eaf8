"""Ingestion: sources in, articles, stories and facts out, idempotently.

:class:`Ingestor` polls the configured feeds or the sources named on the command line. For each
source: fetch (or read a local file the operator named), parse in a limited worker process
(:mod:`briefings.feeds.sandbox`), prepare every entry (text, canonical URL, hash, relevance), skip
what is already stored unchanged, fetch the page of relevant summary-only entries, extract, and
save the articles in batches, each in one transaction on the database thread. One bad source is
reported in ``errors`` and the others go on.

Rules (SPEC §7):

* every network fetch (feeds, article pages, single articles) goes through the fetcher's address
  guard; private, loopback, link-local and metadata addresses are reached only when the operator
  set ``limits.allow_private_feed_addresses`` (``allow_private``);
* the article pages of one feed share a time budget (``page_budget`` seconds, from
  ``limits.page_fetch_budget_seconds``): pages not fetched by then are skipped and their entries
  are kept with the feed's own text;
* a failing feed waits ``backoff_delay`` before its next attempt, or longer when the server's
  ``Retry-After`` says so;
* errors and log lines never show credentials of a source URL (:mod:`briefings.redact`);
* ``after_save`` (the LLM engine's extraction pass, when it is on) gets the ids of the relevant
  articles each batch saved as new or updated, after they are safely stored with the rules' facts;
  its failure is logged and never fails the ingest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from briefings.errors import FeedError, LocalSourceError, NotAFeed
from briefings.feeds import (
    Fetcher,
    backoff_delay,
    extract_article_text,
    is_local_source,
    parse_feed_async,
    read_local,
)
from briefings.feeds.sandbox import DEFAULT_MEMORY_LIMIT, DEFAULT_TIMEOUT, ParseSandbox, shared_sandbox
from briefings.ingest.article import ArticleOverrides, entry_from_document, not_text_reason
from briefings.ingest.prepare import Prepared, apply_analysis, choose_story, job_of, prepare_entry
from briefings.ingest.workers import Analyser
from briefings.knowledge import refresh_pledges
from briefings.metrics import Metrics
from briefings.models import FeedEntry
from briefings.redact import protect, redact
from storage import DatabaseRunner
from storage import articles as store
from storage import feeds as feed_store
from storage.articles import ArticleRecord, Knowledge, StoryChooser

log = protect(logging.getLogger(__name__))

PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.8, */*;q=0.5"
DEFAULT_PAGE_BUDGET = 60.0


@dataclass(slots=True)
class IngestReport:
    """The counts of SPEC §5's ``briefbot ingest --json``."""

    fetched: int = 0
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    irrelevant: int = 0
    facts: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def add(self, other: IngestReport) -> None:
        for key in ("fetched", "new", "updated", "duplicates", "irrelevant", "facts"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


ProgressHook = Callable[[str, bool], None]

# Articles saved per transaction: each batch is all-or-nothing, so a crash loses no article (the
# next run stores what is missing) and the commit cost is shared.
SAVE_BATCH = 200


class Ingestor:
    """Runs ingestion; built once by the launcher (or the CLI) and given its collaborators."""

    def __init__(
        self,
        runner: DatabaseRunner,
        fetcher: Fetcher,
        *,
        keywords: Sequence[str] = (),
        max_bytes: int = 5_000_000,
        fetch_pages: bool = True,
        concurrency: int = 4,
        analyser: Analyser | None = None,
        threshold: float | None = None,
        allow_private: bool = False,
        page_budget: float = DEFAULT_PAGE_BUDGET,
        parse_memory_limit: int = DEFAULT_MEMORY_LIMIT,
        parse_timeout: float = DEFAULT_TIMEOUT,
        sandbox: ParseSandbox | None = None,
        metrics: Metrics | None = None,
        after_save: Callable[[list[int]], Awaitable[object]] | None = None,
    ) -> None:
        self.runner = runner
        self.metrics = metrics
        self.after_save = after_save
        self.allow_private = allow_private
        self.page_budget = page_budget
        self.sandbox = sandbox or shared_sandbox(memory_limit=parse_memory_limit, timeout=parse_timeout)
        self.analyser = analyser or Analyser(workers=1)
        self.threshold = threshold
        self.fetcher = fetcher
        self.keywords = tuple(keywords)
        self.max_bytes = max_bytes
        self.fetch_pages = fetch_pages
        self._pages = asyncio.Semaphore(concurrency)
        self.concurrency = concurrency

    # -- sources named by the operator -------------------------------------------------------------

    async def ingest_sources(
        self, sources: Sequence[str], *, articles: bool = False, progress: ProgressHook | None = None,
        published: datetime | date | None = None, overrides: ArticleOverrides | None = None,
    ) -> IngestReport:
        """Ingest feeds (or, with ``articles``, single articles) named on the command line.

        Local paths and ``file:`` URLs are allowed here because the operator named them. ``published``
        is the publication time of single articles whose own is unknown or to be overridden (a plain
        text file has none; relative dates in it resolve against this). ``overrides`` (title,
        outlet, URL, publication date) replace what single articles say of themselves. A failed
        source is logged at INFO level only: the report carries its error for the caller to show.
        """
        total = IngestReport()
        for source in sources:
            try:
                if articles:
                    part = await self._ingest_article(source, published=published, overrides=overrides)
                else:
                    part = await self._ingest_feed(source, feed_id=None, local_ok=True)
            except FeedError as e:
                log.info("source failed: %s", e)
                self._failed(e)
                part = IngestReport(errors=[{"source": redact(source), "error": e.reason}])
            total.add(part)
            if progress:
                progress(redact(source), not part.errors)
        self._count(total)
        return total

    def _failed(self, error: FeedError) -> None:
        if self.metrics is not None:
            self.metrics.feed_error(error)

    def _count(self, report: IngestReport) -> None:
        if self.metrics is not None:
            self.metrics.ingested(new=report.new, updated=report.updated, duplicates=report.duplicates,
                                  irrelevant=report.irrelevant, facts=report.facts)

    # -- configured feeds --------------------------------------------------------------------------

    async def poll(self, *, force: bool = False, progress: ProgressHook | None = None) -> IngestReport:
        """Poll every subscribed feed once (failing feeds wait out their backoff unless ``force``)."""
        feeds = await self.runner.call(feed_store.list_feeds)
        now = datetime.now(UTC)
        total = IngestReport()
        sem = asyncio.Semaphore(self.concurrency)

        async def one(feed: feed_store.FeedRow) -> IngestReport:
            if not force and feed.next_attempt and datetime.fromisoformat(feed.next_attempt) > now:
                log.info("feed %s backing off until %s", feed.url, feed.next_attempt)
                return IngestReport()
            async with sem:
                try:
                    part = await self._ingest_feed(
                        feed.url, feed_id=feed.id, local_ok=False, etag=feed.etag,
                        last_modified=feed.last_modified, keywords=feed.keywords,
                    )
                except FeedError as e:
                    failures = feed.consecutive_failures + 1
                    delay = backoff_delay(failures)
                    retry_after = getattr(e, "retry_after", None)
                    if retry_after is not None:  # the server said when to come back: never sooner
                        delay = max(delay, retry_after)
                    retry = datetime.now(UTC) + timedelta(seconds=delay)
                    await self.runner.call(
                        feed_store.record_failure, feed.id, error=e.reason, next_attempt=retry.isoformat()
                    )
                    log.warning("feed %s failed (%d in a row, next attempt in %.0f s): %s",
                                e.shown_source, failures, delay, e.reason)
                    self._failed(e)
                    part = IngestReport(errors=[{"source": redact(feed.url), "error": e.reason}])
                if progress:
                    progress(redact(feed.url), not part.errors)
                return part

        for part in await asyncio.gather(*(one(f) for f in feeds)):
            total.add(part)
        self._count(total)
        if self.metrics is not None:
            self.metrics.poll_completed()
        return total

    # -- one feed ----------------------------------------------------------------------------------

    async def _ingest_feed(
        self,
        source: str,
        *,
        feed_id: int | None,
        local_ok: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        keywords: Sequence[str] = (),
    ) -> IngestReport:
        local = is_local_source(source)
        if local:
            if not local_ok:
                raise LocalSourceError(source, "local files are read only when named on the command line")
            data = await asyncio.to_thread(read_local, source, self.max_bytes)
            content_type = None
        else:
            result = await self.fetcher.fetch(
                source, etag=etag, last_modified=last_modified, allow_private=self.allow_private
            )
            if result.not_modified or result.content is None:
                if feed_id is not None:
                    await self.runner.call(
                        feed_store.record_success, feed_id, etag=result.etag or etag,
                        last_modified=result.last_modified or last_modified,
                    )
                return IngestReport()
            data, content_type = result.content, result.content_type
        try:
            parsed = await parse_feed_async(data, source, content_type, sandbox=self.sandbox)
        except NotAFeed as e:
            if local_ok and not_text_reason(data, content_type) is None:  # named on the command line
                raise NotAFeed(source, f"{e.reason}; to ingest it as a single article, use --article") from None
            raise
        if parsed.warning:
            log.info("feed %s parsed with a warning: %s", source, parsed.warning)
        report = await self._ingest_entries(
            parsed.entries, feed_id=feed_id, keywords=(*self.keywords, *keywords), pages=not local
        )
        if feed_id is not None and not local:
            await self.runner.call(
                feed_store.record_success, feed_id, etag=result.etag, last_modified=result.last_modified
            )
        return report

    async def _ingest_article(
        self, source: str, *, published: datetime | date | None = None, overrides: ArticleOverrides | None = None
    ) -> IngestReport:
        if is_local_source(source):
            data = await asyncio.to_thread(read_local, source, self.max_bytes)
            where = source if source.strip().lower().startswith("file:") else Path(source).expanduser().resolve().as_uri()
            content_type = None
        else:
            result = await self.fetcher.fetch(source, allow_private=self.allow_private, accept=PAGE_ACCEPT)
            data, where, content_type = result.content or b"", result.url, result.content_type
        if published is not None and (overrides is None or overrides.published is None):
            if not isinstance(published, datetime):
                published = datetime(published.year, published.month, published.day, tzinfo=UTC)
            elif published.tzinfo is None:
                published = published.replace(tzinfo=UTC)
            overrides = replace(overrides or ArticleOverrides(), published=published)
        entry = await asyncio.to_thread(entry_from_document, data, where, content_type, overrides)
        return await self._ingest_entries([entry], feed_id=None, keywords=self.keywords, pages=False)

    async def _ingest_entries(
        self, entries: Sequence[FeedEntry], *, feed_id: int | None, keywords: Sequence[str], pages: bool
    ) -> IngestReport:
        report = IngestReport(fetched=len(entries))
        prepared = await asyncio.to_thread(
            lambda: [prepare_entry(e, feed_id=feed_id, keywords=keywords, threshold=self.threshold) for e in entries]
        )
        known = await self.runner.call(_unchanged, [p.record for p in prepared])
        todo = [p for p, same in zip(prepared, known, strict=True) if not same]
        report.duplicates += len(prepared) - len(todo)
        if pages and self.fetch_pages and todo:
            budget = _PageBudget(self.page_budget)
            todo = list(await asyncio.gather(*(self._complete(p, feed_id, keywords, budget) for p in todo)))
            if budget.skipped:
                log.info("%d article page(s) skipped: the feed's %g s budget for pages was spent; "
                         "their entries keep the feed's text", budget.skipped, self.page_budget)
        knowledge: list[Knowledge | None] = []
        outcomes: list[store.SaveOutcome] = []
        pending: list[tuple[ArticleRecord, Knowledge | None, StoryChooser]] = []
        # each analysed chunk is saved while the next ones are still being analysed
        async for start, analyses in self.analyser.chunks([job_of(p) for p in todo]):
            for p, a in zip(todo[start:start + len(analyses)], analyses, strict=True):
                k = apply_analysis(p, a)
                knowledge.append(k)
                pending.append((p.record, k, choose_story(p.record.signature)))
            if len(pending) >= SAVE_BATCH:
                outcomes += await self.runner.call(store.save_articles, pending, facts_changed=refresh_pledges)
                pending = []
        if pending:
            outcomes += await self.runner.call(store.save_articles, pending, facts_changed=refresh_pledges)
        for p, k, outcome in zip(todo, knowledge, outcomes, strict=True):
            if not p.record.relevant:
                report.irrelevant += outcome.status != "duplicate"
                report.duplicates += outcome.status == "duplicate"
                continue
            if outcome.status in ("duplicate", "copy"):
                report.duplicates += 1
            else:
                setattr(report, outcome.status, getattr(report, outcome.status) + 1)
            if outcome.status != "duplicate" and k is not None:
                report.facts += len(k.facts)
        saved = [o.article_id for p, o in zip(todo, outcomes, strict=True)
                 if p.record.relevant and o.article_id is not None and o.status != "duplicate"]
        if self.after_save is not None and saved:
            try:
                await self.after_save(saved)
            except Exception:  # the articles are stored with the rules' facts; the pass can run later
                log.exception("the pass after saving %d article(s) failed", len(saved))
        return report

    async def _complete(
        self, p: Prepared, feed_id: int | None, keywords: Sequence[str], budget: _PageBudget
    ) -> Prepared:
        """Fetch the page of a relevant entry that carries only a summary; keep the summary on failure.

        The fetch is refused for private addresses unless the operator allowed them, and it stops
        when the feed's page budget is spent.
        """
        url = p.record.url
        if p.is_full or not p.record.relevant or not url or is_local_source(url):
            return p
        async with self._pages:
            remaining = budget.remaining()
            if remaining <= 0:
                budget.skipped += 1
                return p
            try:
                async with asyncio.timeout(remaining):
                    result = await self.fetcher.fetch(url, allow_private=self.allow_private, accept=PAGE_ACCEPT)
            except TimeoutError:
                budget.skipped += 1
                return p
            except FeedError as e:
                log.info("article page %s not fetched (%s); keeping the feed's summary", e.shown_source, e.reason)
                return p
        if not result.content or not_text_reason(result.content, result.content_type):
            return p
        text = await asyncio.to_thread(extract_article_text, result.content, result.url)
        if len(text) <= len(p.record.text or ""):
            return p
        completed = await asyncio.to_thread(
            prepare_entry, p.entry, feed_id=feed_id, keywords=keywords, text=text, is_full=True,
            threshold=self.threshold,
        )
        # Identity of the content stays the feed entry's, so an unchanged entry is not fetched again.
        completed.record.content_hash = p.record.content_hash
        return completed


class _PageBudget:
    """The time one feed may spend on its article pages, shared by its concurrent page fetches."""

    def __init__(self, seconds: float) -> None:
        self.deadline = asyncio.get_running_loop().time() + seconds
        self.skipped = 0

    def remaining(self) -> float:
        return self.deadline - asyncio.get_running_loop().time()


def _unchanged(db: Database, records: list[store.ArticleRecord]) -> list[bool]:
    """For each record, True when an article with its identity and content hash is already stored."""
    out = []
    for r in records:
        existing = store.lookup(db, r.guid, r.canonical_url)
        out.append(existing is not None and existing.content_hash == r.content_hash)
    return out


__all__ = ["IngestReport", "Ingestor"]
