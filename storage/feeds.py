"""Typed queries on the ``feeds`` table: subscriptions and their fetch state."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from storage.db import write_transaction


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    url: str
    name: str | None
    keywords: tuple[str, ...]
    added_by: str | None
    etag: str | None
    last_modified: str | None
    last_attempt: str | None
    last_success: str | None
    consecutive_failures: int
    last_error: str | None
    next_attempt: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _row(r: dict) -> FeedRow:
    return FeedRow(
        id=r["id"],
        url=r["url"],
        name=r["name"],
        keywords=tuple(json.loads(r["keywords"] or "[]")),
        added_by=r["added_by"],
        etag=r["etag"],
        last_modified=r["last_modified"],
        last_attempt=r["last_attempt"],
        last_success=r["last_success"],
        consecutive_failures=r["consecutive_failures"] or 0,
        last_error=r["last_error"],
        next_attempt=r["next_attempt"],
    )


def ensure_feed(
    db: Database, url: str, *, name: str | None = None, keywords: tuple[str, ...] = (), added_by: str = "config"
) -> FeedRow:
    """Return the feed with ``url``, creating it (or refreshing its name/keywords) as needed."""
    with write_transaction(db):
        existing = list(db.table("feeds").rows_where("url = ?", [url], limit=1))
        if existing:
            row = existing[0]
            if (name and name != row["name"]) or (keywords and json.dumps(list(keywords)) != row["keywords"]):
                db.table("feeds").update(row["id"], {"name": name or row["name"], "keywords": json.dumps(list(keywords))})
        else:
            db.table("feeds").insert(
                {
                    "url": url,
                    "name": name,
                    "keywords": json.dumps(list(keywords)),
                    "added_by": added_by,
                    "consecutive_failures": 0,
                    "created_at": _now(),
                }
            )
        return _row(next(db.table("feeds").rows_where("url = ?", [url], limit=1)))


def list_feeds(db: Database) -> list[FeedRow]:
    return [_row(r) for r in db.table("feeds").rows_where(order_by="id")]


def get_feed(db: Database, url: str) -> FeedRow | None:
    rows = list(db.table("feeds").rows_where("url = ?", [url], limit=1))
    return _row(rows[0]) if rows else None


def remove_feed(db: Database, url: str) -> bool:
    """Forget a feed subscription (its articles stay). True when something was removed."""
    with write_transaction(db):
        rows = list(db.table("feeds").rows_where("url = ?", [url], limit=1))
        if not rows:
            return False
        db.execute("UPDATE articles SET feed_id = NULL WHERE feed_id = ?", [rows[0]["id"]])
        db.table("feeds").delete(rows[0]["id"])
        return True


def record_success(db: Database, feed_id: int, *, etag: str | None, last_modified: str | None) -> None:
    now = _now()
    with write_transaction(db):
        db.table("feeds").update(
            feed_id,
            {
                "etag": etag,
                "last_modified": last_modified,
                "last_attempt": now,
                "last_success": now,
                "consecutive_failures": 0,
                "last_error": None,
                "next_attempt": None,
            },
        )


def record_failure(db: Database, feed_id: int, *, error: str, next_attempt: str | None) -> int:
    """Count one more failure; returns the new number of consecutive failures."""
    with write_transaction(db):
        row = db.table("feeds").get(feed_id)
        failures = (row["consecutive_failures"] or 0) + 1
        db.table("feeds").update(
            feed_id,
            {
                "last_attempt": _now(),
                "consecutive_failures": failures,
                "last_error": error[:500],
                "next_attempt": next_attempt,
            },
        )
        return failures
