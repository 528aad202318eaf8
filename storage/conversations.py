"""The context of each conversation, for follow-up questions: typed queries.

One row per conversation key (``console:<session>``, ``discord:<channel or thread id>``,
``slack:<channel>:<thread ts>``): the last question as understood and a JSON context (what the domain
needs to read "and Italy?" against it). A row older than the expiry is as good as absent, and saving
prunes every expired row, so the table stays as small as the number of live conversations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from storage.db import write_transaction

MAX_KEY = 200  # a conversation key is an identifier, never text from a message


@dataclass(frozen=True, slots=True)
class Conversation:
    key: str
    question: str
    context: dict[str, Any]
    updated_at: datetime


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _check(key: str) -> str:
    if not key or len(key) > MAX_KEY:
        raise ValueError(f"a conversation key is 1 to {MAX_KEY} characters")
    return key


def load(db: Database, key: str, *, now: datetime, max_age: timedelta) -> Conversation | None:
    """The conversation's context, or None when there is none younger than ``max_age``."""
    row = db.execute("SELECT question, context, updated_at FROM conversations WHERE key = ? AND updated_at >= ?",
                     [_check(key), _iso(now - max_age)]).fetchone()
    if row is None:
        return None
    try:
        context = json.loads(row[1])
    except ValueError:
        return None
    if not isinstance(context, dict):
        return None
    return Conversation(key, str(row[0]), context, datetime.fromisoformat(str(row[2]).replace("Z", "+00:00")))


def save(db: Database, key: str, question: str, context: dict[str, Any], *, now: datetime,
         max_age: timedelta) -> None:
    """Remember the conversation's last question and context; rows older than ``max_age`` go."""
    with write_transaction(db):
        db.execute("DELETE FROM conversations WHERE updated_at < ?", [_iso(now - max_age)])
        db.execute(
            "INSERT INTO conversations (key, question, context, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET question = excluded.question, context = excluded.context, "
            "updated_at = excluded.updated_at",
            [_check(key), question, json.dumps(context, ensure_ascii=False, sort_keys=True), _iso(now)],
        )


def quote_dates(db: Database, cited: list[tuple[str, str]]) -> list[str | None]:
    """The date each (article URL, quoted sentence) of an answer refers to: the date of the fact, event
    or statement quoting it, else the article's publication day (None when unknown), for "when was that?"."""
    out: list[str | None] = []
    for url, quote in cited:
        union = " UNION ALL ".join(
            f"SELECT k.date FROM {table} k JOIN articles a ON a.id = k.article_id "
            "WHERE a.url = ? AND k.quote = ? AND k.date IS NOT NULL" for table in _DATED
        )
        row = db.execute(
            f"{union} UNION ALL SELECT substr(a.published, 1, 10) FROM articles a WHERE a.url = ? "
            "AND a.published IS NOT NULL LIMIT 1",
            [x for _ in _DATED for x in (url, quote)] + [url],
        ).fetchone()
        out.append(str(row[0]) if row and row[0] else None)
    return out


_DATED = ("facts", "events", "statements")  # knowledge whose rows carry the date their sentence refers to


def forget(db: Database, key: str) -> None:
    with write_transaction(db):
        db.execute("DELETE FROM conversations WHERE key = ?", [_check(key)])


__all__ = ["Conversation", "forget", "load", "quote_dates", "save"]
