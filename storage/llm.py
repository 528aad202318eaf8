"""What the LLM engine keeps: which articles it extracted, the facts it replaced, tokens per day, answers.

* ``llm_extractions``: one row per article the engine worked on. An article is *pending* when it
  has no row, or its row is not ``done`` for the article's current content hash, the current model
  and the current prompt version; a failed extraction is therefore tried again later.
* :func:`replace_facts` swaps one article's facts for the merged set (offline and LLM rows, each
  recording its engine and model) in one transaction, and refreshes the derived table there too.
  It refuses when the article's text changed since it was read, so a stale extraction never lands.
* ``llm_usage``: prompt and completion tokens per UTC day, purpose and model.
* ``llm_answers``: answers keyed by (question, model, data version), for repeats with no call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from storage.db import write_transaction

log = logging.getLogger(__name__)

ANSWER_CACHE_DAYS = 30

FactsChanged = Callable[[Database, set[tuple[str, str]]], None]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    guid: str
    title: str
    text: str
    published: str | None
    content_hash: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def pending_articles(
    db: Database,
    model: str,
    prompt: str,
    *,
    ids: Sequence[int] | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> list[StoredArticle]:
    """Relevant stored articles not yet extracted by ``model`` with ``prompt`` for their current text."""
    sql = (
        "SELECT a.id, a.guid, a.title, a.text, a.published, a.content_hash FROM articles a "
        "LEFT JOIN llm_extractions x ON x.article_id = a.id "
        "WHERE a.relevant = 1 AND a.text IS NOT NULL AND (x.article_id IS NULL OR x.status != 'done' "
        "OR x.model != ? OR x.prompt IS NOT ? OR x.content_hash IS NOT a.content_hash)"
    )
    params: list[Any] = [model, prompt]
    if ids is not None:
        if not ids:
            return []
        sql += f" AND a.id IN ({','.join('?' for _ in ids)})"
        params += list(ids)
    if since:
        sql += " AND a.published >= ?"
        params.append(since)
    sql += " ORDER BY a.published, a.id"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [StoredArticle(r[0], r[1], r[2] or "", r[3] or "", r[4], r[5]) for r in db.execute(sql, params)]


def count_articles(db: Database, *, since: str | None = None) -> int:
    """Relevant articles with text (published since ``since``): what a re-extraction looks at."""
    sql = "SELECT COUNT(*) FROM articles WHERE relevant = 1 AND text IS NOT NULL"
    params: list[Any] = []
    if since:
        sql += " AND published >= ?"
        params.append(since)
    return int(db.execute(sql, params).fetchone()[0])


def _record(db: Database, article_id: int, values: dict[str, Any]) -> None:
    old = db.execute("SELECT attempts FROM llm_extractions WHERE article_id = ?", [article_id]).fetchone()
    row = {"article_id": article_id, "attempts": (old[0] or 0) + 1 if old else 1, "updated_at": _now(), **values}
    db.table("llm_extractions").upsert(row, pk="article_id")


def replace_facts(
    db: Database,
    article_id: int,
    content_hash: str | None,
    rows: list[dict[str, Any]],
    *,
    record: dict[str, Any],
    facts_changed: FactsChanged | None = None,
) -> bool:
    """Make ``rows`` the facts of the article, if its text is still ``content_hash``; False if not.

    ``record`` is the ``llm_extractions`` row (model, prompt, counts, tokens). ``facts_changed`` gets
    every (country, category) whose facts changed, inside the transaction.
    """
    with write_transaction(db):
        art = db.execute("SELECT content_hash, story_id, relevant FROM articles WHERE id = ?", [article_id]).fetchone()
        if art is None or art[0] != content_hash or not art[2]:
            return False
        touched = {(r[0], r[1]) for r in db.execute(
            "SELECT DISTINCT country_code, category FROM facts WHERE article_id = ?", [article_id])}
        db.execute("DELETE FROM facts WHERE article_id = ?", [article_id])
        if rows:
            cols = sorted({c for r in rows for c in r} | {"article_id", "story_id"})
            db.conn.executemany(
                f"INSERT INTO facts ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                [[{**r, "article_id": article_id, "story_id": art[1]}.get(c) for c in cols] for r in rows],
            )
        touched |= {(r["country_code"], r["category"]) for r in rows}
        _record(db, article_id, {**record, "content_hash": content_hash, "status": "done", "error": None})
        if facts_changed is not None and touched:
            facts_changed(db, touched)
    return True


def mark_failed(db: Database, article_id: int, content_hash: str | None, *, model: str, prompt: str,
                error: str) -> None:
    """Record a failed extraction: the article stays pending and is tried again later."""
    with write_transaction(db):
        if db.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is None:
            return
        _record(db, article_id, {"content_hash": content_hash, "model": model, "prompt": prompt,
                                 "status": "failed", "error": error[:500]})


def extraction_of(db: Database, article_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM llm_extractions WHERE article_id = ?", [article_id]))
    return rows[0] if rows else None


# -- tokens ---------------------------------------------------------------------------------------

def add_usage(db: Database, day: str, purpose: str, model: str, prompt_tokens: int, completion_tokens: int,
              calls: int = 1) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO llm_usage (day, purpose, model, calls, prompt_tokens, completion_tokens) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day, purpose, model) DO UPDATE SET "
            "calls = calls + excluded.calls, prompt_tokens = prompt_tokens + excluded.prompt_tokens, "
            "completion_tokens = completion_tokens + excluded.completion_tokens",
            [day, purpose, model, calls, prompt_tokens, completion_tokens],
        )


def usage_on(db: Database, day: str) -> dict[str, dict[str, int]]:
    """``{purpose: {"calls", "prompt_tokens", "completion_tokens"}}`` for one UTC day, all models."""
    out: dict[str, dict[str, int]] = {}
    for purpose, calls, p, c in db.execute(
        "SELECT purpose, SUM(calls), SUM(prompt_tokens), SUM(completion_tokens) FROM llm_usage WHERE day = ? "
        "GROUP BY purpose", [day]
    ):
        out[purpose] = {"calls": int(calls or 0), "prompt_tokens": int(p or 0), "completion_tokens": int(c or 0)}
    return out


# -- answers --------------------------------------------------------------------------------------

def data_version(db: Database) -> str:
    """Changes whenever an article is saved or re-extracted (three index lookups)."""
    saved = db.execute("SELECT MAX(fetched_at) FROM articles").fetchone()[0]
    fact = db.execute("SELECT MAX(id) FROM facts").fetchone()[0]
    extracted = db.execute("SELECT MAX(updated_at) FROM llm_extractions").fetchone()[0]
    return f"{saved}|{fact}|{extracted}"


def cached_answer(db: Database, key: str) -> str | None:
    row = db.execute("SELECT answer FROM llm_answers WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def store_answer(db: Database, key: str, answer: str) -> None:
    cutoff = (datetime.now(UTC) - timedelta(days=ANSWER_CACHE_DAYS)).isoformat(timespec="seconds")
    with write_transaction(db):
        db.execute("DELETE FROM llm_answers WHERE created_at < ?", [cutoff])
        db.execute("INSERT OR REPLACE INTO llm_answers (key, answer, created_at) VALUES (?, ?, ?)",
                   [key, answer, _now()])


__all__ = [
    "StoredArticle", "add_usage", "cached_answer", "count_articles", "data_version", "extraction_of",
    "mark_failed", "pending_articles", "replace_facts", "store_answer", "usage_on",
]
