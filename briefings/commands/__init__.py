"""The commands, written once and platform-free: each returns one :class:`~briefings.replies.Reply`.

:class:`Briefings` is built by the launcher with a database runner and an answering engine; every
front-end (console, CLI, Discord, Slack) calls the same coroutine and renders the reply's blocks its
own way. Arguments arrive as the person typed them and are validated here (:mod:`.parse`), raising
:class:`~briefings.errors.UsageError` with a message the front-end shows as an ephemeral error.
Tables, digests and answers are built on read connections, so a question never waits behind an
ingest's save.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from briefings.commands import followups, refs, views
from briefings.commands.language import ENGLISH_NOTE, looks_foreign
from briefings.commands.parse import country_names, parse_category, parse_country, suggest, unknown_command
from briefings.digest import parse_since
from briefings.engines import Answerer
from briefings.engines.offline import OfflineAnswerer
from briefings.errors import RateLimited, UsageError
from briefings.metrics import Metrics
from briefings.ratelimit import RateLimiter
from briefings.replies import Image, Notice, Reply
from briefings.schedule.timing import iso, manual_period
from storage import DatabaseRunner, ledger
from storage import interactions as iq
from storage import knowledge as kq

log = logging.getLogger(__name__)

T = TypeVar("T")


class Briefings:
    """The bot's commands over one database, for every front-end."""

    DIGEST_DESTINATION = "cli"

    def __init__(self, runner: DatabaseRunner, *, answerer: Answerer | None = None,
                 limiter: RateLimiter | None = None, metrics: Metrics | None = None) -> None:
        self.runner = runner
        self.metrics = metrics
        self.answerer: Answerer = answerer or OfflineAnswerer(runner)
        self.limiter = limiter
        self._sample_told = False

    @property
    def engine(self) -> str:
        return self.answerer.name

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        result: T = await self.runner.read(fn, *args)
        return result

    async def _first(self, reply: Reply) -> Reply:
        """The first reply of a session over the bundled sample says that it is sample data."""
        if self._sample_told:
            return reply
        self._sample_told = True
        if await self._read(views.is_sample) and not any(n.kind == "sample" for n in reply.notices):
            return reply.with_notice(Notice("sample", views.misc.SAMPLE_NOTICE), first=True)
        return reply

    async def pledges(self, country: str | None = None, category: str | None = None) -> Reply:
        code = parse_country(country) if country else None
        cat = parse_category(category) if category else None
        return await self._first(await self._read(views.pledges, code, cat))

    async def country(self, name: str) -> Reply:
        if not name.strip():
            raise UsageError("Name a country, e.g. /country Italy.")
        return await self._first(await self._read(views.country, parse_country(name)))

    async def timeline(self, days: int | None = None) -> Reply:
        if days is not None and days <= 0:
            raise UsageError("The number of days must be a positive whole number.")
        return await self._first(await self._read(views.timeline, days))

    async def explain(self, country: str, category: str) -> Reply:
        """Why the table says what it says for (country, category): each fact with the rules behind it."""
        code, cat = parse_country(country), parse_category(category)
        return await self._first(await self._read(views.explain, code, cat))

    def admit(self, asker: str) -> None:
        """Count one question by ``asker`` against the limit; RateLimited ("try again in N s") when over.
        Front-ends that must answer before the work starts (Discord defers) call it first, then ``ask``."""
        if self.limiter is None:
            return
        try:
            self.limiter.check(asker)
        except RateLimited:
            if self.metrics is not None:
                self.metrics.rate_limited()
            raise

    async def ask(self, question: str, *, asker: str | None = None, conversation: str | None = None) -> Reply:
        """Answer ``question``; ``asker`` (a platform-qualified user id) is held to the question limit;
        ``conversation`` (a key such as ``console:<session>``, ``discord:<thread or channel id>``) reads a
        follow-up ("and Italy?") against the conversation's last question (:mod:`.followups`)."""
        question = question.strip()
        if not question:
            raise UsageError("Ask a question, e.g. Will Poland send troops?")
        if asker:
            self.admit(asker)
        started = time.perf_counter()
        read = await followups.understood(self, question, conversation)
        ans = read.answer or await self.answerer.answer(read.question)
        if self.metrics is not None:
            self.metrics.answered(time.perf_counter() - started, engine=self.engine)
        if not ans.found and looks_foreign(question):  # not "nothing on that": say why
            ans = replace(ans, answer=ENGLISH_NOTE, sources=[])
        await followups.remember(self, conversation, read, ans)
        return await self._first(followups.shown(views.answer_reply(ans, question=read.question), read))

    async def digest(self, since: str | None = None, *, destination: str | None = None, record: bool = False) -> Reply:
        """What changed since ``since`` (default: the destination's last digest, else 24 hours)."""
        until = datetime.now(UTC)
        dest = destination or self.DIGEST_DESTINATION
        if since:
            start = parse_since(since, now=until)
        else:
            last = await self._read(kq.last_digest, dest)
            start = datetime.fromisoformat(last["until"].replace("Z", "+00:00")) if last else until - timedelta(hours=24)
        if start >= until:
            raise UsageError("The start of a digest must be in the past.")
        if not record:
            return await self._first(await self._read(views.digest, start, until))
        # the ledger is claimed before the digest is built, so two runs never both record one window
        claim = await self.runner.call(ledger.claim, dest, manual_period(start, until), since=iso(start),
                                       until=iso(until), now=until)
        if claim is None:
            raise UsageError("That digest is being recorded by another run right now: try again in a moment.")
        try:
            reply = await self._read(views.digest, start, until)
        except BaseException as e:
            await self.runner.call(ledger.mark_failed, claim, error=f"build: {e}")
            raise
        await self.runner.call(ledger.mark_sent, claim, items=len(reply.to_json()["items"]), now=until)
        return await self._first(reply)

    async def digest_between(self, since: datetime, until: datetime) -> Reply:
        """The digest of the window [since, until) (the scheduler's builder; records nothing)."""
        return await self._read(views.digest, since, until)

    async def sources(self, query: str | None = None) -> Reply:
        if query and not views.fts_match(query):
            raise UsageError(f"“{query}” has no words to search for.")
        return await self._first(await self._read(views.sources, query or None))

    async def about(self) -> Reply:
        status = getattr(self.answerer, "status", None)  # the LLM engine: its model and today's tokens
        llm = await status() if status is not None else None
        return await self._read(views.about, self.engine, llm)

    async def help(self, commands: tuple[tuple[str, str], ...] = views.HELP) -> Reply:
        return views.help_reply(commands)

    async def chart(self, kind: str, name: str | None = None) -> Image:
        """A picture: ``pledges`` (the matrix; ``name`` a country narrows it), ``country`` NAME, or ``sizes``."""
        from briefings.commands import charts

        return await charts.chart(self, kind, name)

    async def chart_of(self, reply: Reply) -> Image | None:
        """The picture of a ``/pledges`` or ``/country`` reply (its "Show chart" button); None for others."""
        from briefings.commands import charts

        return await charts.chart_of(reply)

    async def remember(self, reply: Reply, platform: str, **args: Any) -> int:
        """Store what rebuilds ``reply`` (for its buttons); the number goes in their custom ids."""
        return await refs.remember(self, reply, platform, **args)

    async def replay(self, ref: int) -> Reply:
        return await refs.replay(self, ref)

    async def feedback(self, ref: int, *, platform: str, user: str, vote: int, reason: str = "") -> None:
        await refs.feedback(self, ref, platform=platform, user=user, vote=vote, reason=reason)

    async def export_feedback(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self._read(iq.export_feedback)
        return rows

    async def countries_on_record(self, typed: str = "", limit: int = 25) -> list[tuple[str, str]]:
        """(name, code) of the countries in the data, best match to ``typed`` first (autocompletion)."""
        on_record: dict[str, str] = await self._read(kq.countries_on_record)
        if not typed.strip():
            return sorted(((n, c) for c, n in on_record.items()), key=lambda x: x[0])[:limit]
        names = {n: c for n, c in country_names().items() if c in on_record}
        names.update({n: c for c, n in on_record.items()})
        best = suggest(typed, names, limit=limit * 2, cutoff=50.0)
        starts = [n for n in names if n.casefold().startswith(typed.strip().casefold())]
        out: list[tuple[str, str]] = []
        for n in [*starts, *best]:
            code = names[n]
            if all(code != c for _, c in out):
                out.append((on_record[code], code))
        return out[:limit]


__all__ = ["Briefings", "parse_category", "parse_country", "unknown_command"]
