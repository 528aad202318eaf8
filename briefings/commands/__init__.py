"""The commands, written once and platform-free: each returns one :class:`~briefings.replies.Reply`.

:class:`Briefings` is built by the launcher with a database runner; every front-end (console, CLI,
Discord, Slack) calls the same coroutine and renders the reply its own way. Arguments arrive as
the person typed them and are validated here, raising :class:`~briefings.errors.UsageError` with a
message the front-end shows as an ephemeral error.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from briefings.commands import views
from briefings.digest import parse_since
from briefings.errors import UsageError
from briefings.extract import resolve
from briefings.knowledge import CATEGORY_LABELS
from briefings.replies import Reply
from storage import DatabaseRunner
from storage import knowledge as kq

log = logging.getLogger(__name__)

_CATEGORY_WORDS = {
    **{c: c for c in CATEGORY_LABELS},
    **{label: c for c, label in CATEGORY_LABELS.items()},
    "troops": "ground_troops", "ground": "ground_troops", "soldiers": "ground_troops",
    "naval": "maritime", "navy": "maritime", "sea": "maritime", "money": "funding", "finance": "funding",
    "weapons": "equipment", "aid": "humanitarian", "intel": "intelligence",
}


def parse_country(value: str) -> str:
    """A country name, demonym, capital or ISO code -> ISO code; UsageError when unknown."""
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    code = resolve(v)
    if not code:
        raise UsageError(f"I don't know the country “{value}”: try its English name, e.g. Italy or United Kingdom.")
    return code


def parse_category(value: str) -> str:
    key = value.strip().lower().replace("-", " ")
    cat = _CATEGORY_WORDS.get(key) or _CATEGORY_WORDS.get(key.replace(" ", "_"))
    if not cat:
        raise UsageError(f"Unknown category “{value}”: one of {', '.join(CATEGORY_LABELS)}.")
    return cat


class Briefings:
    """The bot's commands over one database, for every front-end."""

    DIGEST_DESTINATION = "cli"

    def __init__(self, runner: DatabaseRunner, *, engine: str = "offline") -> None:
        self.runner = runner
        self.engine = engine

    async def pledges(self, country: str | None = None, category: str | None = None) -> Reply:
        code = parse_country(country) if country else None
        cat = parse_category(category) if category else None
        return await self.runner.call(views.pledges, code, cat)

    async def country(self, name: str) -> Reply:
        if not name.strip():
            raise UsageError("Name a country, e.g. /country Italy.")
        return await self.runner.call(views.country, parse_country(name))

    async def timeline(self, days: int | None = None) -> Reply:
        if days is not None and days <= 0:
            raise UsageError("days must be a positive number.")
        return await self.runner.call(views.timeline, days)

    async def ask(self, question: str) -> Reply:
        if not question.strip():
            raise UsageError("Ask a question, e.g. /ask Will Poland send troops?")
        return await self.runner.call(views.ask, question.strip())

    async def digest(self, since: str | None = None, *, destination: str | None = None, record: bool = False) -> Reply:
        """What changed since ``since`` (default: the destination's last digest, else 24 hours)."""
        until = datetime.now(UTC)
        dest = destination or self.DIGEST_DESTINATION
        if since:
            start = parse_since(since, now=until)
        else:
            last = await self.runner.call(kq.last_digest, dest)
            start = datetime.fromisoformat(last["until"].replace("Z", "+00:00")) if last else until - timedelta(hours=24)
        if start >= until:
            raise UsageError("--since must be in the past.")
        reply = await self.runner.call(views.digest, start, until)
        if record:
            await self.runner.call(
                kq.claim_digest, dest, reply.data["until"], since=reply.data["since"], until=reply.data["until"],
                items=len(reply.data["items"]),
            )
        return reply

    async def sources(self, query: str | None = None) -> Reply:
        if query and not views.fts_match(query):
            raise UsageError(f"“{query}” has no words to search for.")
        return await self.runner.call(views.sources, query or None)

    async def about(self) -> Reply:
        return await self.runner.call(views.about, self.engine)

    async def help(self) -> Reply:
        return views.help_reply()


__all__ = ["Briefings", "parse_category", "parse_country"]
