"""Facts from one article by the model: structured output, in parts for long articles, then grounded.

:class:`LLMExtractor` sends the article (each part of about ``chunk_tokens``, cut between paragraphs,
or between sentences of a very long paragraph, so every part is verbatim article text) with the
schema of :mod:`.schemas`; what comes back is checked where the schema cannot reach (a country the
gazetteer knows, a real date not after publication, a sane size) and then passes the one validator
of every engine (:func:`briefings.engines.validate.validate`): the quote must be text of the article,
name the actor and not be a planted instruction. Whatever is dropped is counted with its reason.

:func:`merge` joins them with the offline rules' facts of the same article: for each (country,
category) the model speaks about, its grounded facts replace the rules'; every other rule fact
stays. A silent model therefore leaves the rules' facts as they were.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from briefings.engines import ArticleText
from briefings.engines.llm.budget import Usage
from briefings.engines.llm.client import LLMClient
from briefings.engines.llm.prompts import EXTRACT_SYSTEM, article_message
from briefings.engines.llm.schemas import ArticleFacts, ExtractedFact
from briefings.engines.validate import Validated, validate
from briefings.extract.gazetteer import codes
from briefings.extract.sentences import paragraph_index, sentence_spans
from briefings.ingest.prepare import knowledge_rows
from briefings.models import Extraction, Fact

log = logging.getLogger(__name__)

NAME = "llm"
MAX_SIZE = 1_000_000  # personnel; a larger number is a misreading, kept without its size
OLDEST = date(2022, 1, 1)


def chunks(text: str, chunk_tokens: int) -> list[str]:
    """``text`` in consecutive verbatim parts of at most about ``chunk_tokens`` tokens."""
    limit = max(200, chunk_tokens * 4)
    if len(text) <= limit:
        return [text] if text.strip() else []
    pieces: list[tuple[int, int]] = []
    for start, end in paragraph_index(text):
        if end - start <= limit:
            pieces.append((start, end))
            continue
        inner = [(start + s, start + e) for s, e in sentence_spans(text[start:end])] or [(start, end)]
        for s, e in inner:  # a sentence longer than a part is cut, rare and still verbatim
            pieces += [(p, min(p + limit, e)) for p in range(s, e, limit)]
    out: list[str] = []
    first, last = -1, -1
    for s, e in pieces:
        if first >= 0 and e - first > limit:
            out.append(text[first:last])
            first = -1
        if first < 0:
            first = s
        last = e
    if first >= 0:
        out.append(text[first:last])
    return [c for c in out if c.strip()]


def _day(value: str | None, published: date | None) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    if day < OLDEST or (published is not None and day > published + timedelta(days=1)):
        return None
    return day


def to_fact(f: ExtractedFact, published: date | None) -> tuple[Fact | None, str | None]:
    """The domain fact of one model fact, or None and the reason it is dropped."""
    code = f.country_code.strip().upper()
    if code not in codes():
        return None, "unknown country code"
    quote = f.quote.strip()
    if not quote:
        return None, "no quote"
    size = f.size if f.size is not None and 0 < f.size <= MAX_SIZE else None
    amount = f.amount.strip()[:80] if f.amount and f.amount.strip() else None
    actor = f.actor.strip() if f.actor and f.actor.strip() and f.actor.strip() in quote else None
    return Fact(country_code=code, category=f.category, status=f.status, quote=quote,
                date=_day(f.date, published), size=size, amount=amount, actor_text=actor), None


def _published_day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value


@dataclass(slots=True)
class Extracted:
    """The grounded facts of one article, what was dropped, and what the calls cost."""

    validated: Validated
    usage: Usage
    parts: int


class LLMExtractor:
    """The model behind the :class:`~briefings.engines.Extractor` protocol (errors are raised, not hidden)."""

    name = NAME

    def __init__(self, client: LLMClient, *, chunk_tokens: int = 3000) -> None:
        self.client = client
        self.chunk_tokens = chunk_tokens

    @property
    def model(self) -> str:
        return self.client.model

    async def extract(self, article: ArticleText) -> Validated:
        return (await self.extract_counted(article)).validated

    async def extract_counted(self, article: ArticleText) -> Extracted:
        """Every part of the article through the model, then the grounding; an EngineError if a call fails."""
        published = _published_day(article.published)
        parts = chunks(article.text, self.chunk_tokens)
        dropped: Counter[str] = Counter()
        facts: list[Fact] = []
        seen: set[tuple[str, str, str, str]] = set()
        usage = Usage()
        for i, part in enumerate(parts, 1):
            messages = [
                {"role": "system", "content": EXTRACT_SYSTEM},
                {"role": "user", "content": article_message(part, title=article.title, published=published,
                                                            part=i, parts=len(parts))},
            ]
            done = await self.client.complete("extract", messages, ArticleFacts)
            usage = usage + done.usage
            for raw in done.parsed.facts:
                fact, reason = to_fact(raw, published)
                if fact is None:
                    dropped[reason or "invalid"] += 1
                    continue
                key = (fact.country_code, fact.category, fact.status, " ".join(fact.quote.split()))
                if key not in seen:
                    seen.add(key)
                    facts.append(fact)
        validated = validate(Extraction(facts=facts), article.text)
        validated.dropped.update(dropped)
        if validated.dropped:
            log.info("LLM extraction of %r: %d kept, dropped %s", article.title[:60], len(validated.extraction.facts),
                     dict(validated.dropped))
        return Extracted(validated, usage, len(parts))


def _filled(fact: Fact, offline: list[Fact]) -> Fact:
    """A model fact with the size, amount and date the rules read for the same claim, where it gave none.

    The same claim: the same article, actor, category and status. What the model gave itself stands.
    """
    same = [f for f in offline if (f.country_code, f.category, f.status) == (fact.country_code, fact.category,
                                                                            fact.status)]
    if not same:
        return fact
    size = fact.size if fact.size is not None else next((f.size for f in same if f.size), None)
    day = fact.date or next((f.date for f in same if f.date), None)
    fact = replace(fact, size=size, date=day)
    if fact.amount:
        return fact
    money = next((f for f in same if f.amount), None)
    if money is None:
        return fact
    return replace(fact, amount=money.amount, amount_value=money.amount_value, currency=money.currency)


def merge(offline: list[Fact], llm: list[Fact]) -> list[tuple[Fact, str]]:
    """The article's facts: the model's, and the rules' for every (country, category) the model left alone.

    A model fact that states the same claim as the rules but leaves out its size, amount or date keeps
    the rules' reading of those (:func:`_filled`), so the model corrects and adds but loses nothing.
    """
    spoken = {(f.country_code, f.category) for f in llm}
    kept = [(f, "offline") for f in offline if (f.country_code, f.category) not in spoken]
    return kept + [(_filled(f, offline), NAME) for f in llm]


def fact_rows(merged: list[tuple[Fact, str]], *, model: str, published: str | None) -> list[dict[str, Any]]:
    """Rows for the facts table, in the ingest's own format, each with its engine and model."""
    rows: list[dict[str, Any]] = []
    for fact, engine in merged:
        (row,) = knowledge_rows(Extraction(facts=[fact]), [], published).facts
        rows.append({**row, "engine": engine, "model": model if engine == NAME else None})
    return rows


__all__ = ["Extracted", "LLMExtractor", "chunks", "fact_rows", "merge", "to_fact"]
