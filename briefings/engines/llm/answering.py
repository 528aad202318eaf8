"""Answers by the model from numbered sources, with citations that must be real; else the offline answer.

:class:`LLMAnswerer` retrieves as the offline engine does (the offline answer's own sources first,
then the best BM25 sentences for the question), keeps at most ``top_k`` of them within
``context_tokens`` (so a question costs the same however large the database grows), and asks the
model to answer from them alone with ``[n]`` marks. Sentences that address a model (planted
instructions) never reach the prompt.

The answer is kept only when it cites, and everything it cites is one of the numbered sources; when
every country it names is named in the sources it cites; and when every number it states stands in
them. Links and markup the model wrote are removed: the reply links to the cited sources only, as
stored. Anything else (an error, a timeout, the budget spent, nothing cited, a citation of nothing)
gives the offline engine's answer with a notice saying why. The same question on unchanged data is
answered from the cache, with no call.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from briefings.answers import Answer
from briefings.answers import passages as pg
from briefings.answers.model import NOTHING, long_date, source_of
from briefings.answers.questions import parse
from briefings.engines.llm.client import LLMClient
from briefings.engines.llm.prompts import ANSWER_SYSTEM, sources_message
from briefings.engines.llm.schemas import GroundedAnswer, estimate_tokens
from briefings.engines.offline import OfflineAnswerer
from briefings.engines.validate import instructs
from briefings.errors import EngineError
from briefings.extract import find_mentions
from briefings.replies import Source
from storage import DatabaseRunner
from storage import llm as store

log = logging.getLogger(__name__)

NAME = "llm"
ANSWER_VERSION = "answer-1"
QUOTE_CHARS = 600  # a longer quote is shortened in the prompt (the reply keeps it whole)
NOT_ACTORS = frozenset({"UA", "EU", "NATO", "UN"})
UNGROUNDED = "The language model's answer did not stand on its sources, so the offline engine answered."
SILENT = "The language model found no answer in the sources, so the offline engine answered."

_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>()\[\]]+", re.I)
_ANGLE = re.compile(r"<[^<>\s]*(?:://|@)[^<>\s]*>")
_MARK = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(r"\d(?:[\d,.\u202f\u00a0]*\d)?")


@dataclass(frozen=True, slots=True)
class Passage:
    source: Source
    shown: str  # what the model reads: title, outlet, date and the quote
    codes: frozenset[str]


def without_links(text: str) -> str:
    """``text`` with no link left: markdown links become their words, bare URLs and <...> go."""
    text = _MD_LINK.sub(lambda m: m.group(1) if not m.group(1).isdigit() else f"[{m.group(1)}]", text)
    text = _ANGLE.sub("", text)
    text = _URL.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def _numbers(text: str) -> set[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"[,\u202f\u00a0]", "", m.group(0))
        if len(digits.replace(".", "")) >= 2:
            out.add(digits)
    return out


def gather(db: Database, question: str, first: list[Source], top_k: int, budget: int) -> tuple[list[Passage], str]:
    """The numbered sources for ``question`` (``first``: the offline answer's), and the data version."""
    version = store.data_version(db)
    candidates = list(first)
    try:
        hits, _ = pg.find(db, parse(question), limit=40)
        candidates += [source_of(h.row, h.text) for h in hits]
    except Exception:  # noqa: BLE001 - retrieval trouble leaves the offline sources, never no answer
        log.exception("passage search failed for %r", question)
    out: list[Passage] = []
    seen: set[str] = set()
    used = 0
    for s in candidates:
        quote = " ".join(s.quote.split())
        key = quote.casefold()
        if not quote or key in seen or instructs(quote) or instructs(s.title):
            continue
        seen.add(key)
        short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
        meta = ", ".join(x for x in (s.outlet, long_date(s.published)) if x)
        shown = f"{' '.join(s.title.split()) or 'Untitled'}{f' ({meta})' if meta else ''}: “{short}”"
        cost = estimate_tokens(shown) + 2
        if used + cost > budget:
            continue
        used += cost
        codes = frozenset(m.code for m in find_mentions(f"{s.title}. {quote}"))
        out.append(Passage(s, shown, codes))
        if len(out) >= top_k:
            break
    return out, version


def checked(question: str, parsed: GroundedAnswer, passages: list[Passage]) -> Answer | None:
    """The model's answer if it stands on the passages it cites (see the module docstring), else None."""
    if not parsed.found:
        return Answer(question=question, answer=NOTHING, found=False, engine=NAME)
    text = without_links(parsed.answer)
    marks = [int(m) for m in _MARK.findall(text)]
    cited = list(dict.fromkeys([*marks, *parsed.citations]))
    if not text or not cited or any(not 1 <= n <= len(passages) for n in cited):
        return None
    used = [passages[n - 1] for n in cited]
    named = {m.code for m in find_mentions(_MARK.sub(" ", text))} - NOT_ACTORS
    if named - set().union(*(p.codes for p in used)):
        return None
    if _numbers(_MARK.sub(" ", text)) - set().union(*(_numbers(p.shown) for p in used)):
        return None
    order = {n: i for i, n in enumerate(cited, 1)}
    text = _MARK.sub(lambda m: f"[{order[int(m.group(1))]}]", text)
    if not marks:
        text += " " + "".join(f"[{i}]" for i in range(1, len(cited) + 1))
    return Answer(question=question, answer=text, found=True, sources=[p.source for p in used], engine=NAME,
                  marked=True)


def cache_key(model: str, question: str, version: str) -> str:
    norm = " ".join(question.casefold().split()).rstrip("?!. ")
    return hashlib.sha256(f"{ANSWER_VERSION}\n{model}\n{norm}\n{version}".encode()).hexdigest()


def _dump(ans: Answer) -> str:
    return json.dumps({"answer": ans.answer, "found": ans.found, "sources": [s.detail() for s in ans.sources]},
                      ensure_ascii=False)


def _load(question: str, text: str) -> Answer:
    data: dict[str, Any] = json.loads(text)
    sources = [Source(url=s.get("url") or "", title=s.get("title") or "", quote=s.get("quote") or "",
                      outlet=s.get("outlet"), published=s.get("published")) for s in data["sources"]]
    return Answer(question=question, answer=data["answer"], found=data["found"], sources=sources, engine=NAME,
                  marked=data["found"])


class LLMAnswerer:
    """The model behind the :class:`~briefings.engines.Answerer` protocol, falling back to the offline one."""

    name = NAME

    def __init__(self, runner: DatabaseRunner, client: LLMClient, *, offline: OfflineAnswerer | None = None,
                 top_k: int = 6, context_tokens: int = 1500) -> None:
        self.runner = runner
        self.client = client
        self.offline = offline or OfflineAnswerer(runner)
        self.top_k = top_k
        self.context_tokens = context_tokens

    async def _read(self, fn: Any, *args: Any) -> Any:
        return await self.runner.read(fn, *args)

    async def answer(self, question: str) -> Answer:
        offline = await self.offline.answer(question)
        first = offline.sources if offline.found else []
        found: tuple[list[Passage], str] = await self._read(gather, question, first, self.top_k, self.context_tokens)
        passages, version = found
        key = cache_key(self.client.model, question, version)
        cached = await self._read(store.cached_answer, key)
        if cached is not None:
            return _load(question, cached)
        if not passages:  # nothing to read: the offline engine's answer (it found nothing either)
            return offline
        messages = [{"role": "system", "content": ANSWER_SYSTEM},
                    {"role": "user", "content": sources_message(question, [p.shown for p in passages])}]
        try:
            done = await self.client.complete("answer", messages, GroundedAnswer)
        except EngineError as e:
            log.info("LLM answer failed (%s); offline answer", e)
            return replace(offline, notice=e.notice)
        ans = checked(question, done.parsed, passages)
        if ans is None:
            log.info("LLM answer to %r not grounded in its sources; offline answer", question)
            return replace(offline, notice=UNGROUNDED)
        if not ans.found and offline.found:
            return replace(offline, notice=SILENT)
        await self.runner.call(store.store_answer, key, _dump(ans))
        return ans

    async def status(self) -> dict[str, Any]:
        """What ``/about`` shows: the model and today's tokens against the budget."""
        budget = self.client.budget
        return {"model": self.client.model, "tokens_today": await budget.used_total(),
                "daily_token_budget": budget.daily_tokens, "cooling_down": round(self.client.cooling_down())}


__all__ = ["LLMAnswerer", "Passage", "cache_key", "checked", "gather", "without_links"]
