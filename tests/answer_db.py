"""A real SQLite database of articles written for a test, shared by the tests/test_answers_*.py modules.

Each module names its own ``Desk`` (the URL prefix, the guid tag and the outlet of its articles) and
lists its articles as ``(slug, published, title, text, Knowledge)``; ``Desk.database`` saves them into
a fresh in-memory database, and ``Desk.check`` asserts what an answer found, said and cited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from briefings.answers import Answer
from briefings.extract import split_sentences
from storage.articles import ArticleRecord, Knowledge, save_article
from storage.db import open_database

ArticleRow = tuple[str, str, str, str, Knowledge]


def fact(code: str, category: str, status: str, quote: str, day: str, **extra: Any) -> dict[str, Any]:
    """A row of the facts table: ``code``'s ``status`` on ``category``, quoted, dated ``day``."""
    return {"country_code": code, "category": category, "status": status, "quote": quote, "date": day, **extra}


@dataclass(frozen=True)
class Desk:
    """Where a module's articles come from: ``base`` + slug is the URL, ``tag`` + ":" + slug the guid."""

    base: str
    tag: str
    outlet: str

    def article(self, slug: str, published: str, title: str, text: str) -> tuple[ArticleRecord, list[dict[str, Any]]]:
        """The record of one article and its sentence rows, each dated the day it was published."""
        rec = ArticleRecord(
            guid=f"{self.tag}:{slug}", url=self.base + slug, canonical_url=self.base + slug, title=title,
            outlet=self.outlet, published=published, updated=None, text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(), relevance=1.0, relevant=True,
        )
        sentences = [{"position": i, "text": s, "date": published[:10]} for i, s in enumerate(split_sentences(text))]
        return rec, sentences

    def database(self, articles: Iterable[ArticleRow]) -> Database:
        """A fresh in-memory database holding ``articles`` (each Knowledge gets its sentence rows)."""
        database = open_database(":memory:")
        for slug, published, title, text, knowledge in articles:
            rec, sentences = self.article(slug, published, title, text)
            knowledge.sentences = sentences
            save_article(database, rec, knowledge, lambda _c: None)
        return database

    def check(self, a: Answer, expected: list[str], slug: str, *, absent: Sequence[str] = ()) -> None:
        """``a`` found an answer naming every ``expected`` word (any case) and none of ``absent``,
        citing the article ``slug``, every source with its quote, URL and title."""
        assert a.found, a.answer
        low = a.answer.lower()
        for word in expected:
            assert word.lower() in low, f"{word!r} not in {a.answer!r}"
        assert any(s.url == self.base + slug for s in a.sources), [s.url for s in a.sources]
        assert all(s.quote and s.url and s.title for s in a.sources)
        for word in absent:
            assert word not in a.answer
