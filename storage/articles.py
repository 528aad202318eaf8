"""Typed queries on articles, stories and what was extracted from them.

Saving an article is one ``BEGIN IMMEDIATE`` transaction: the lookup by GUID / canonical URL, the
choice of its story, the row, its band keys, its sentences and its facts, events, figures and
statements are written together or not at all. Killing the process at any moment therefore leaves
either the whole article or none of it, and running the ingest again fills in what is missing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from storage.db import write_transaction

log = logging.getLogger(__name__)

KNOWLEDGE_TABLES = ("facts", "events", "figures", "statements", "sentences")


@dataclass(slots=True)
class ArticleRecord:
    """An article as the domain hands it to storage."""

    guid: str
    url: str | None
    canonical_url: str | None
    title: str
    outlet: str | None
    published: str | None  # ISO 8601, UTC
    updated: str | None
    text: str | None
    content_hash: str
    relevance: float
    relevant: bool
    signature: bytes | None = None
    bands: list[str] = field(default_factory=list)
    feed_id: int | None = None


@dataclass(slots=True)
class Knowledge:
    """Rows extracted from one article, as column dicts (article and story ids are filled in here)."""

    facts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Existing:
    id: int
    guid: str
    content_hash: str | None
    story_id: int | None
    relevant: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored article sharing at least one band key with a new one."""

    article_id: int
    story_id: int
    signature: bytes


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    article_id: int | None
    story_id: int | None
    status: str  # new | updated | duplicate | copy (a new article of a story already stored)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def lookup(db: Database, guid: str, canonical_url: str | None) -> Existing | None:
    """The stored article with this GUID, else with this canonical URL, else None."""
    row = db.execute(
        "SELECT id, guid, content_hash, story_id, relevant FROM articles WHERE guid = ?", [guid]
    ).fetchone()
    if row is None and canonical_url:
        row = db.execute(
            "SELECT id, guid, content_hash, story_id, relevant FROM articles WHERE canonical_url = ? "
            "ORDER BY id LIMIT 1",
            [canonical_url],
        ).fetchone()
    if row is None:
        return None
    return Existing(id=row[0], guid=row[1], content_hash=row[2], story_id=row[3], relevant=bool(row[4]))


# A near-copy (MinHash similarity >= 0.8) shares each 4-row band with probability >= 0.41, so it
# shares at least two of 16 bands in more than 99.7% of cases; articles sharing one band only are
# almost always unrelated texts with a common boilerplate sentence, and are not compared.
MIN_SHARED_BANDS = 2


def candidates(db: Database, bands: Iterable[str], *, exclude: int | None = None) -> list[Candidate]:
    """Stored relevant articles that share band keys with a new one (looked up through the band index)."""
    keys = list(bands)
    if not keys:
        return []
    marks = ",".join("?" for _ in keys)
    need = min(MIN_SHARED_BANDS, len(keys))
    rows = db.execute(
        "SELECT a.id, a.story_id, a.signature FROM articles a WHERE a.id IN "
        f"(SELECT article_id FROM article_bands INDEXED BY idx_article_bands_band WHERE band IN ({marks}) "
        "GROUP BY article_id HAVING COUNT(*) >= ?) AND a.relevant = 1 AND a.story_id IS NOT NULL",
        [*keys, need],
    ).fetchall()
    return [Candidate(r[0], r[1], r[2]) for r in rows if r[0] != exclude and r[2] is not None]


def _insert(db: Database, table: str, row: dict[str, Any]) -> int:
    cols = list(row)
    cur = db.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", [row[c] for c in cols]
    )
    return int(cur.lastrowid or 0)


def _insert_many(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    db.conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [[r.get(c) for c in cols] for r in rows],
    )


def _fact_keys(db: Database, article_id: int) -> set[tuple[str, str]]:
    rows = db.execute("SELECT DISTINCT country_code, category FROM facts WHERE article_id = ?", [article_id])
    return {(r[0], r[1]) for r in rows}


def _clear_knowledge(db: Database, article_id: int) -> None:
    for table in KNOWLEDGE_TABLES:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM article_bands WHERE article_id = ?", [article_id])


def _article_row(rec: ArticleRecord) -> dict[str, Any]:
    return {
        "guid": rec.guid,
        "url": rec.url,
        "canonical_url": rec.canonical_url,
        "title": rec.title,
        "outlet": rec.outlet,
        "published": rec.published,
        "updated": rec.updated,
        "text": rec.text if rec.relevant else None,
        "content_hash": rec.content_hash,
        "signature": rec.signature if rec.relevant else None,
        "relevance": rec.relevance,
        "relevant": int(rec.relevant),
        "feed_id": rec.feed_id,
        "fetched_at": _now(),
    }


StoryChooser = Callable[[list[Candidate]], int | None]
# Called inside the saving transaction with every (country, category) whose facts changed.
FactsChanged = Callable[[Database, set[tuple[str, str]]], None]


def _save_one(db: Database, rec: ArticleRecord, knowledge: Knowledge | None, choose_story: StoryChooser,
              touched: set[tuple[str, str]]) -> SaveOutcome:
    existing = lookup(db, rec.guid, rec.canonical_url)
    if existing is not None and existing.content_hash == rec.content_hash:
        return SaveOutcome(existing.id, existing.story_id, "duplicate")
    row = _article_row(rec)
    status = "new"
    story_id: int | None = None
    if existing is not None:
        status = "updated"
        row["guid"] = existing.guid  # an update keeps the identity it was first stored under
        touched |= _fact_keys(db, existing.id)
        _clear_knowledge(db, existing.id)
        story_id = existing.story_id if rec.relevant else None
    if rec.relevant and story_id is None:
        story_id = choose_story(candidates(db, rec.bands, exclude=existing.id if existing else None))
        if story_id is not None and status == "new":
            status = "copy"
        if story_id is None:
            story_id = _insert(db, "stories", {"title": rec.title, "first_published": rec.published, "created_at": _now()})
    row["story_id"] = story_id
    if existing is not None:
        article_id = existing.id
        sets = ", ".join(f"{c} = ?" for c in row)
        db.execute(f"UPDATE articles SET {sets} WHERE id = ?", [*row.values(), article_id])
    else:
        article_id = _insert(db, "articles", row)
    if rec.relevant:
        _insert_many(db, "article_bands", [{"band": b, "article_id": article_id} for b in rec.bands])
        if knowledge is not None:
            for table in KNOWLEDGE_TABLES:
                rows = getattr(knowledge, table)
                _insert_many(db, table, [{**r, "article_id": article_id, "story_id": story_id} for r in rows])
            touched |= {(f["country_code"], f["category"]) for f in knowledge.facts}
    return SaveOutcome(article_id, story_id, status)


def save_articles(
    db: Database,
    items: Sequence[tuple[ArticleRecord, Knowledge | None, StoryChooser]],
    *,
    facts_changed: FactsChanged | None = None,
) -> list[SaveOutcome]:
    """Insert or update several articles and all that was extracted from them, in ONE transaction.

    For each article, ``choose_story`` gets the stored articles that share a band key with it and
    returns the story id to join, or None to start a new story. ``facts_changed`` runs last, inside
    the same transaction, so derived tables (the current pledge table) never disagree with facts.
    """
    touched: set[tuple[str, str]] = set()
    with write_transaction(db):
        outcomes = [_save_one(db, rec, k, chooser, touched) for rec, k, chooser in items]
        if facts_changed is not None and touched:
            facts_changed(db, touched)
    return outcomes


def save_article(
    db: Database,
    rec: ArticleRecord,
    knowledge: Knowledge | None,
    choose_story: StoryChooser,
    *,
    facts_changed: FactsChanged | None = None,
) -> SaveOutcome:
    """One article in its own transaction (see :func:`save_articles`)."""
    return save_articles(db, [(rec, knowledge, choose_story)], facts_changed=facts_changed)[0]


def list_sources(db: Database, *, query: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Relevant articles, oldest first; with ``query``, those whose title or text match (FTS5)."""
    cols = "a.id, a.guid, a.url, a.title, a.outlet, a.published, a.story_id"
    if query:
        sql = (
            f"SELECT {cols} FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? AND a.relevant = 1 ORDER BY rank"
        )
        params: list[Any] = [query]
    else:
        sql = f"SELECT {cols} FROM articles a WHERE a.relevant = 1 ORDER BY a.published, a.id"
        params = []
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [dict(r) for r in db.query(sql, params)]
