"""The offline engine: the rules of :mod:`briefings.extract` and :mod:`briefings.answers`, no network.

Extraction is CPU work: :func:`extract_checked` is the synchronous form that ingest's worker
processes run; :class:`OfflineExtractor` runs it off the event loop. Answers read SQLite, so
:class:`OfflineAnswerer` runs them on a read connection of the database runner; an answer that would
stand on a sentence addressed to a model (an instruction planted in an article) is no answer.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime

from briefings.answers import Answer, answer_question
from briefings.answers.model import not_found
from briefings.engines import ArticleText
from briefings.engines.validate import Validated, instructs, validate
from briefings.extract import extract
from storage import DatabaseRunner

log = logging.getLogger(__name__)

NAME = "offline"


def extract_checked(text: str, *, title: str = "", published: datetime | date | None = None) -> Validated:
    """The rules' extraction of one article, through the validator."""
    return validate(extract(text, title=title, published=published), text)


class OfflineExtractor:
    name = NAME

    async def extract(self, article: ArticleText) -> Validated:
        return await asyncio.to_thread(extract_checked, article.text, title=article.title,
                                       published=article.published)


class OfflineAnswerer:
    name = NAME

    def __init__(self, runner: DatabaseRunner) -> None:
        self.runner = runner

    async def answer(self, question: str) -> Answer:
        ans: Answer = await self.runner.read(answer_question, question)
        if ans.found and any(instructs(s.quote) for s in ans.sources):
            log.info("answer to %r stood on a planted instruction: not given", question)
            return not_found(question)
        return ans
