"""CPU work of ingestion, run in worker threads: from feed entries to records ready to store.

Nothing here touches the network or the database. :func:`prepare_entry` does the cheap part for
every entry (text, canonical URL, content hash, relevance) so that duplicates are recognised before
the expensive part, :func:`analyse`, which extracts facts and builds the MinHash signature of a
relevant article.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from briefings import dedup
from briefings.engines.offline import extract_checked
from briefings.extract import split_sentences
from briefings.feeds import canonical_url, entry_text
from briefings.feeds.entries import stable_guid, strip_controls
from briefings.feeds.urls import http_url
from briefings.models import Extraction, FeedEntry
from briefings.relevance import THRESHOLD, assess
from storage.articles import ArticleRecord, Candidate, Knowledge

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Prepared:
    """One entry on its way to storage."""

    entry: FeedEntry
    record: ArticleRecord
    is_full: bool  # the text is the whole article (else only a summary)


def iso(dt: datetime | date | None) -> str | None:
    if dt is None:
        return None
    if isinstance(dt, datetime):
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return dt.isoformat()


def prepare_entry(
    entry: FeedEntry,
    *,
    feed_id: int | None,
    keywords: Sequence[str] = (),
    text: str | None = None,
    is_full: bool | None = None,
    threshold: float | None = None,
) -> Prepared:
    """Text, identity and relevance of one entry (``text`` replaces the entry's own, e.g. a fetched page).

    Whatever built the entry, only an http(s) URL is stored (else none) and no C0 control
    character reaches the GUID, title, outlet or text (see :mod:`briefings.feeds.entries`).
    """
    if text is None:
        text, full = entry_text(entry)
    else:
        full = True if is_full is None else is_full
    text = strip_controls(text) or ""
    url = http_url(entry.url)
    canonical = canonical_url(url) if url else None
    title = strip_controls(entry.title) or ""
    verdict = assess(title, text, extra_keywords=keywords, threshold=threshold or THRESHOLD)
    record = ArticleRecord(
        guid=strip_controls(entry.guid) or stable_guid(title, entry.published, text),
        url=url,
        canonical_url=canonical,
        title=title,
        outlet=strip_controls(entry.outlet),
        published=iso(entry.published or entry.updated),
        updated=iso(entry.updated),
        text=text,
        content_hash=dedup.content_hash(title, text),
        relevance=round(verdict.score, 3),
        relevant=verdict.relevant,
        feed_id=feed_id,
    )
    return Prepared(entry=entry, record=record, is_full=full)


def _row(obj: Any, published: str | None) -> dict[str, Any]:
    row = dataclasses.asdict(obj)
    for key, value in list(row.items()):
        if isinstance(value, date):
            row[key] = value.isoformat()
        elif isinstance(value, tuple):
            row[key] = json.dumps(list(value))
    if not row.get("date") and published:
        row["date"] = published[:10]
    return row


def knowledge_rows(extraction: Extraction, sentences: list[str], published: str | None) -> Knowledge:
    day = published[:10] if published else None
    return Knowledge(
        facts=[_row(f, published) for f in extraction.facts],
        events=[_row(e, published) for e in extraction.events],
        figures=[_row(f, published) for f in extraction.figures],
        statements=[_row(s, published) for s in extraction.statements],
        sentences=[{"position": i, "text": s, "date": day} for i, s in enumerate(sentences)],
    )


@dataclass(slots=True)
class Analysis:
    """What the expensive step found for one relevant article (picklable, for worker processes)."""

    signature: bytes
    bands: list[str]
    knowledge: Knowledge


def analyse_text(text: str, title: str, published: datetime | None, published_iso: str | None,
                 where: str = "") -> Analysis:
    """MinHash signature, band keys and extracted knowledge of one article's text."""
    sig = dedup.signature(text)
    try:
        extraction = extract_checked(text, title=title, published=published).extraction
    except Exception:  # a rule bug must not lose the article: keep it, without facts
        log.exception("extraction failed for %s", where)
        extraction = Extraction()
    return Analysis(dedup.signature_to_bytes(sig), dedup.band_keys(sig),
                    knowledge_rows(extraction, split_sentences(text), published_iso))


Job = tuple[str, str, "datetime | None", "str | None", str]


def job_of(prepared: Prepared) -> Job | None:
    """The arguments of :func:`analyse_text` for a relevant article, None for an irrelevant one."""
    rec = prepared.record
    if not rec.relevant or not rec.text:
        return None
    return (rec.text, rec.title, prepared.entry.published or prepared.entry.updated, rec.published, rec.url or rec.guid)


def analyse_jobs(jobs: list[Job | None]) -> list[Analysis | None]:
    """Run :func:`analyse_text` over a chunk of jobs (the unit of work of a worker process)."""
    return [analyse_text(*job) if job is not None else None for job in jobs]


def apply_analysis(prepared: Prepared, analysis: Analysis | None) -> Knowledge | None:
    """Attach an analysis to its record; the knowledge rows to save (None for irrelevant articles)."""
    if analysis is None:
        return None
    prepared.record.signature = analysis.signature
    prepared.record.bands = analysis.bands
    return analysis.knowledge


def choose_story(signature: bytes | None) -> Callable[[list[Candidate]], int | None]:
    """A story chooser for :func:`storage.articles.save_article`: the most similar near-copy, if any."""

    def choose(candidates: list[Candidate]) -> int | None:
        if signature is None or not candidates:
            return None
        mine = dedup.signature_from_bytes(signature)
        best, best_sim = None, 0.0
        for c in candidates:
            sim = dedup.similarity(mine, dedup.signature_from_bytes(c.signature))
            if sim > best_sim:
                best, best_sim = c.story_id, sim
        return best if best_sim >= dedup.SAME_STORY_THRESHOLD else None

    return choose
