"""The engine seam: who extracts facts from an article and who answers a question.

    Extractor.extract(article) -> Validated        (facts, events, figures, statements; checked)
    Answerer.answer(question) -> Answer            (text, found, sources, engine)

The offline engine (:mod:`.offline`, rules, no network) is always there; the LLM engine plugs in
behind the same protocols and falls back to it. Every engine's facts pass the one validator
(:func:`.validate.validate`). Front-ends never call extraction or answering directly: they call the
commands (:class:`briefings.commands.Briefings`), which call an :class:`Answerer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from briefings.answers import Answer
from briefings.engines.validate import Validated, validate


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What an extractor reads: the article's text (paragraphs split by blank lines) and metadata."""

    text: str
    title: str = ""
    published: datetime | None = None
    url: str | None = None


@runtime_checkable
class Extractor(Protocol):
    name: str

    async def extract(self, article: ArticleText) -> Validated: ...


@runtime_checkable
class Answerer(Protocol):
    name: str

    async def answer(self, question: str) -> Answer: ...


__all__ = ["Answerer", "ArticleText", "Extractor", "Validated", "validate"]
