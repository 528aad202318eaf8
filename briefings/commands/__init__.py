"""The commands, written once and platform-free: each returns one :class:`~briefings.replies.Reply`.

:class:`Briefings` is built by the launcher with a database runner and an answering engine; every
front-end (console, CLI, Discord, Slack) calls the same coroutine and renders the reply's blocks its
own way. Arguments arrive as the person typed them and are validated here (:mod:`.parse`), raising
:class:`~briefings.errors.UsageError` with a message the front-end shows as an ephemeral error.
Tables, digests and answers are built on read connections, so a question never waits behind an
ingest's save.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from briefings.commands import refs, views
from briefings.commands.language import ENGLISH_NOTE, looks_foreign
from briefings.commands.parse import country_names, parse_category, parse_country, suggest, unknown_command
from briefings.digest import parse_since
from briefings.engines import Answerer
from briefings.engines.offline import OfflineAnswerer
from briefings.errors import UsageError
from briefings.ratelimit import RateLimiter
from briefings.replies import Notice, Reply
from storage import DatabaseRunner
from storage import interactions as iq
from storage import knowledge as kq

log = logging.getLogger(__name__)

T = TypeVar("T")


class Briefings:
    """The bot's commands over one database, for every front-end."""

    DIGEST_DESTINATION = "cli"

    def __init__(self, runner: DatabaseRunner, *, answerer: Answerer | None = None,
                 limiter: RateLimiter | None = None) -> None:
        self.runner = runner
        self.answerer: Answerer = answerer or OfflineAnswerer(runner)
        self.limiter = limiter
        self._sample_told = False

    @property
    def engine(self) -> str:
        return self.answerer.name

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        read = getattr(self.runner, "read", self.runner.call)
        result: T = await read(fn, *args)
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

    async def ask(self, question: str, *, asker: str | None = None) -> Reply:
        """Answer ``question``; ``asker`` (a platform-qualified user id) is held to the question limit."""
        question = question.strip()
        if not question:
            raise UsageError("Ask a question, e.g. Will Poland send troops?")
        if asker and self.limiter:
            self.limiter.check(asker)
        ans = await self.answerer.answer(question)
        if not ans.found and looks_foreign(question):  # not "nothing on that": say why
            ans = replace(ans, answer=ENGLISH_NOTE, sources=[])
        return await self._first(views.answer_reply(ans, question=question))

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
        reply = await self._read(views.digest, start, until)
        if record:
            data = reply.to_json()
            await self.runner.call(kq.claim_digest, dest, data["until"], since=data["since"], until=data["until"],
                                   items=len(data["items"]))
        return await self._first(reply)

    async def sources(self, query: str | None = None) -> Reply:
        if query and not views.fts_match(query):
            raise UsageError(f"“{query}” has no words to search for.")
        return await self._first(await self._read(views.sources, query or None))

    async def about(self) -> Reply:
        return await self._read(views.about, self.engine)

    async def help(self, commands: tuple[tuple[str, str], ...] = views.HELP) -> Reply:
        return views.help_reply(commands)

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
        rows = [json.loads(r) for r in await self._read(kq.current_pledges)]
        on_record = {r["country_code"]: r["country"] for r in rows}
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
