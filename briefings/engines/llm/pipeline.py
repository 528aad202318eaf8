"""The model over stored articles: after each ingest, and on ``briefbot reextract``.

Ingestion saves every article with the offline rules' facts first, so nothing waits on the model
and nothing is lost when it fails. Then :meth:`ExtractionPipeline.after_ingest` runs the model over
the articles just saved that are *pending* (not yet extracted by this model and prompt for their
current text; see :mod:`storage.llm`), plus a few older pending ones, and stores each article's
merged facts (:func:`~briefings.engines.llm.extraction.merge`) in one transaction. An article whose
call fails is marked failed and stays pending for a later pass; when the endpoint is down or the
day's budget is spent, the remaining articles are left pending without a call.

:meth:`ExtractionPipeline.reextract` does the same for every pending article (published since a
time), e.g. after a model change. Facts are replaced, never added to, so running it again changes
nothing and duplicates nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from briefings.engines import ArticleText
from briefings.engines.llm.extraction import LLMExtractor, fact_rows, merge
from briefings.engines.llm.prompts import EXTRACT_VERSION
from briefings.engines.offline import extract_checked
from briefings.errors import BudgetExhausted, EngineError, EngineUnavailable
from briefings.knowledge import refresh_pledges
from storage import DatabaseRunner
from storage import llm as store

log = logging.getLogger(__name__)

BACKLOG = 20  # older pending articles taken along after each ingest


@dataclass(slots=True)
class ExtractReport:
    """What one pass did (``briefbot reextract --json`` prints it)."""

    articles: int = 0  # pending articles the pass looked at
    extracted: int = 0
    failed: int = 0
    deferred: int = 0  # not tried (endpoint down, budget spent): still pending
    unchanged: int = 0  # already extracted by this model and prompt for their current text
    facts: int = 0  # grounded model facts stored
    replaced: int = 0  # rule facts a model fact replaced
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        keys = ("articles", "extracted", "failed", "deferred", "unchanged", "facts", "replaced", "calls",
                "prompt_tokens", "completion_tokens")
        return {**{k: getattr(self, k) for k in keys}, "dropped": dict(self.dropped), "errors": list(self.errors)}


def _when(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None


class ExtractionPipeline:
    def __init__(self, runner: DatabaseRunner, extractor: LLMExtractor, *, concurrency: int = 4) -> None:
        self.runner = runner
        self.extractor = extractor
        self.concurrency = concurrency

    async def _pending(self, **kwargs: Any) -> list[store.StoredArticle]:
        found: list[store.StoredArticle] = await self.runner.call(
            store.pending_articles, self.extractor.model, EXTRACT_VERSION, **kwargs)
        return found

    async def after_ingest(self, article_ids: Sequence[int]) -> ExtractReport:
        """The pending articles among ``article_ids``, then up to :data:`BACKLOG` older pending ones."""
        todo = await self._pending(ids=list(article_ids))
        mine = {a.id for a in todo}
        todo += [a for a in await self._pending(limit=BACKLOG + len(mine)) if a.id not in mine][:BACKLOG]
        return await self.run(todo)

    async def reextract(self, since: str | None = None) -> ExtractReport:
        """Every pending article published since ``since`` (ISO time; all when None)."""
        todo = await self._pending(since=since)
        total = await self.runner.call(store.count_articles, since=since)
        report = await self.run(todo)
        report.unchanged = total - len(todo)
        return report

    async def run(self, articles: Sequence[store.StoredArticle]) -> ExtractReport:
        report = ExtractReport(articles=len(articles))
        if not articles:
            return report
        stop = asyncio.Event()
        gate = asyncio.Semaphore(self.concurrency)

        async def one(art: store.StoredArticle) -> None:
            async with gate:
                if stop.is_set():
                    report.deferred += 1
                    return
                await self._one(art, report, stop)

        await asyncio.gather(*(one(a) for a in articles))
        log.info("LLM extraction: %s", {k: v for k, v in report.as_dict().items() if v})
        return report

    async def _one(self, art: store.StoredArticle, report: ExtractReport, stop: asyncio.Event) -> None:
        published = _when(art.published)
        model = self.extractor.model
        try:
            got = await self.extractor.extract_counted(ArticleText(art.text, title=art.title, published=published))
        except EngineError as e:
            report.failed += 1
            report.errors.append({"article": art.guid, "error": str(e)})
            await self.runner.call(store.mark_failed, art.id, art.content_hash, model=model, prompt=EXTRACT_VERSION,
                                   error=str(e))
            if isinstance(e, EngineUnavailable | BudgetExhausted):
                stop.set()  # the others stay pending for a later pass, with no call now
            return
        offline = await asyncio.to_thread(extract_checked, art.text, title=art.title, published=published)
        llm_facts = got.validated.extraction.facts
        merged = merge(offline.extraction.facts, llm_facts)
        rows = fact_rows(merged, model=model, published=art.published)
        record = {"model": model, "prompt": EXTRACT_VERSION, "facts": len(llm_facts),
                  "dropped": sum(got.validated.dropped.values()), "calls": got.usage.calls,
                  "prompt_tokens": got.usage.prompt_tokens, "completion_tokens": got.usage.completion_tokens}
        saved = await self.runner.call(store.replace_facts, art.id, art.content_hash, rows, record=record,
                                       facts_changed=refresh_pledges)
        report.calls += got.usage.calls
        report.prompt_tokens += got.usage.prompt_tokens
        report.completion_tokens += got.usage.completion_tokens
        report.dropped.update(got.validated.dropped)
        if not saved:  # its text changed meanwhile: the new text is pending and gets its own pass
            report.deferred += 1
            return
        report.extracted += 1
        report.facts += len(llm_facts)
        report.replaced += len(offline.extraction.facts) - (len(merged) - len(llm_facts))


__all__ = ["BACKLOG", "ExtractReport", "ExtractionPipeline"]
