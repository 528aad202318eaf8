"""Follow-up questions inside one conversation, for :meth:`Briefings.ask`.

A front-end names the conversation a question belongs to by a key: ``console:<session id>``,
``discord:<thread id>`` (or ``discord:<channel id>`` outside a thread), ``slack:<channel id>:<thread
ts>`` (or ``slack:<channel id>`` outside a thread). The key's last question as understood and what
its answer rested on are read before the question is answered (:mod:`briefings.answers.followup`
resolves "and Italy?" against them) and written after it, on the database's writer; a context older
than :data:`~briefings.answers.followup.EXPIRY` is forgotten. Keeping the context is a convenience:
when it cannot be read or written (a read-only database), the question is answered as typed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from briefings.answers import Answer
from briefings.answers.followup import EXPIRY, KEPT_SOURCES, Context, Resolved, context_of, resolve
from briefings.replies import Notice, Reply
from storage import conversations as cq

if TYPE_CHECKING:
    from briefings.commands import Briefings

log = logging.getLogger(__name__)


def now() -> datetime:
    """The clock of conversation contexts (tests replace it)."""
    return datetime.now(UTC)


def _load(db: Database, key: str, when: datetime) -> cq.Conversation | None:
    return cq.load(db, key, now=when, max_age=EXPIRY)


async def understood(b: Briefings, question: str, conversation: str | None) -> Resolved:
    """``question`` read against the conversation's last question and answer."""
    if not conversation:
        return Resolved(" ".join(question.split()))
    try:
        row = await b._read(_load, conversation, now())
    except Exception:  # noqa: BLE001 - no context is no follow-up, never a failed answer
        log.warning("conversation context of %s could not be read", conversation, exc_info=True)
        row = None
    return resolve(question, Context.from_json(row.context) if row is not None else None)


async def remember(b: Briefings, conversation: str | None, resolved: Resolved, answer: Answer) -> None:
    """Keep what the next question of the conversation is read against."""
    if not conversation:
        return
    try:
        context = resolved.keep
        if context is None:
            cited = [(s.url, s.quote) for s in answer.sources[:KEPT_SOURCES]]
            context = context_of(resolved.question, answer, await b._read(cq.quote_dates, cited) if cited else [])
        await b.runner.call(cq.save, conversation, context.question, context.to_json(), now=now(), max_age=EXPIRY)
    except Exception:  # noqa: BLE001 - see the module docstring
        log.warning("conversation context of %s could not be kept", conversation, exc_info=True)


def shown(reply: Reply, resolved: Resolved) -> Reply:
    """A follow-up's reply says how it was read (its title is the question as understood)."""
    if not resolved.follow_up:
        return reply
    return reply.with_notice(Notice("info", f"Follow-up to “{resolved.previous}”, read as “{resolved.question}”."),
                             first=True)


__all__ = ["now", "remember", "shown", "understood"]
