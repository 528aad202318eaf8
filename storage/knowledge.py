"""Read queries over facts, events, figures, statements and sentences, plus small bookkeeping.

Every row comes back as a plain dict joined with its article's URL, title, outlet and publication
time, which is what the domain needs to cite a source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from storage import ledger
from storage.db import write_transaction

_ARTICLE_COLS = "a.url AS url, a.title AS title, a.outlet AS outlet, a.published AS published"


def _rows(db: Database, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(sql, params or [])]


def _window(alias: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if since:
        clauses.append(f"{alias}.published >= ?")
        params.append(since)
    if until:
        clauses.append(f"{alias}.published < ?")
        params.append(until)
    return (" AND " + " AND ".join(clauses) if clauses else ""), params


def facts(
    db: Database,
    *,
    country_code: str | None = None,
    category: str | None = None,
    since: str | None = None,
    until: str | None = None,
    latest: int | None = None,
) -> list[dict[str, Any]]:
    """Facts (with their article), oldest first; ``since``/``until`` filter on publication time.

    ``latest`` keeps only the newest N facts (by date, then publication), still oldest first.
    """
    where, params = _window("a", since, until)
    if country_code:
        where += " AND f.country_code = ?"
        params.append(country_code)
    if category:
        where += " AND f.category = ?"
        params.append(category)
    sql = (f"SELECT f.*, {_ARTICLE_COLS} FROM facts f JOIN articles a ON a.id = f.article_id "
           f"WHERE a.relevant = 1{where}")
    if latest:
        rows = _rows(db, f"{sql} ORDER BY f.date DESC, a.published DESC, f.id DESC LIMIT ?", [*params, latest])
        return rows[::-1]
    return _rows(db, f"{sql} ORDER BY f.date, a.published, f.id", params)


def _simple(table: str, db: Database, since: str | None, until: str | None) -> list[dict[str, Any]]:
    where, params = _window("a", since, until)
    return _rows(
        db,
        f"SELECT t.*, {_ARTICLE_COLS} FROM {table} t JOIN articles a ON a.id = t.article_id "
        f"WHERE a.relevant = 1{where} ORDER BY t.date, a.published, t.id",
        params,
    )


def events(db: Database, *, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """Events with their article; ``title`` is the event's label, ``article_title`` the article's."""
    where, params = _window("a", since, until)
    return _rows(
        db,
        "SELECT t.*, a.url AS url, a.title AS article_title, a.outlet AS outlet, a.published AS published "
        f"FROM events t JOIN articles a ON a.id = t.article_id WHERE a.relevant = 1{where} "
        "ORDER BY t.date, a.published, t.id",
        params,
    )


def figures(db: Database, *, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    return _simple("figures", db, since, until)


def statements(db: Database, *, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    return _simple("statements", db, since, until)


def sentences_of(db: Database, article_id: int) -> list[dict[str, Any]]:
    return _rows(db, "SELECT * FROM sentences WHERE article_id = ? ORDER BY position", [article_id])


def freshness(db: Database) -> dict[str, Any]:
    """Counts and the newest times, for /about."""
    row = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(relevant), 0), COUNT(DISTINCT story_id), MAX(fetched_at), "
        "MAX(CASE WHEN relevant = 1 THEN published END) FROM articles"
    ).fetchone()
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("facts", "events", "figures", "feeds")}
    return {
        "articles": row[0],
        "relevant": row[1],
        "stories": row[2],
        "last_fetch": row[3],
        "newest_article": row[4],
        **counts,
    }


def newest_article(db: Database) -> str | None:
    """Publication time of the newest relevant article (an index lookup, not a scan)."""
    row = db.execute("SELECT MAX(published) FROM articles WHERE relevant = 1").fetchone()
    return row[0] if row else None


def get_meta(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(db: Database, key: str, value: str) -> None:
    with write_transaction(db):
        db.table("meta").upsert({"key": key, "value": value}, pk="key")


def claim_digest(db: Database, destination: str, period: str, *, since: str, until: str, items: int) -> bool:
    """Record that ``destination`` got its digest for ``period``; False if it already had it.

    A one-step record for digests shown at once; scheduled digests claim first (:mod:`storage.ledger`).
    """
    return ledger.record_sent(db, destination, period, since=since, until=until, items=items)


def last_digest(db: Database, destination: str) -> dict[str, Any] | None:
    """The last digest *sent* to ``destination`` (its ``until`` starts the next one), or None."""
    last = ledger.last_sent(db, destination)
    return last.as_dict() if last else None


def write_pledges(
    db: Database, rows: list[dict[str, Any]], *, remove: Sequence[tuple[str, str]] = ()
) -> None:
    """Upsert current-table rows (each with country_code, category, status, country, date, row JSON)."""
    if remove:
        db.conn.executemany("DELETE FROM pledges WHERE country_code = ? AND category = ?", list(remove))
    if rows:
        db.conn.executemany(
            "INSERT OR REPLACE INTO pledges (country_code, category, status, country, date, row) VALUES (?, ?, ?, ?, ?, ?)",
            [[r["country_code"], r["category"], r["status"], r["country"], r["date"], r["row"]] for r in rows],
        )


def countries_on_record(db: Database) -> dict[str, str]:
    """Code -> display name of every actor with a row in the current table."""
    return dict(db.execute("SELECT DISTINCT country_code, country FROM pledges").fetchall())


def current_pledges(db: Database, *, country_code: str | None = None, category: str | None = None) -> list[str]:
    """The current table's rows as stored (JSON text), ordered by country name."""
    where, params = [], []
    if country_code:
        where.append("country_code = ?")
        params.append(country_code)
    if category:
        where.append("category = ?")
        params.append(category)
    sql = "SELECT row FROM pledges" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY country, country_code"
    return [r[0] for r in db.execute(sql, params)]


def fact_keys(db: Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute("SELECT DISTINCT country_code, category FROM facts")]
