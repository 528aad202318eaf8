"""Indexed reads for answering: an actor's facts, a category's table, events, figures, statements,
and BM25 search over sentences with safely quoted FTS5 queries.

Every query is bounded (an index lookup with a LIMIT, or FTS5 with a LIMIT), so answering stays fast
on a database of tens of thousands of articles.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlite_utils import Database

from briefings.answers.stem import stem, words
from briefings.extract import find_mentions, name_of

_ART = "a.url AS url, a.title AS title, a.outlet AS outlet, a.published AS published"
DF_CAP = 10_000  # counting a term's sentences stops here: past it, a term is simply common


def _rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = db.conn.execute(sql, list(params))
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


# --- facts -------------------------------------------------------------------------------------------

def _latest_facts(db: Database, pairs: Iterable[tuple[str, str]], limit: int) -> list[dict[str, Any]]:
    """The latest ``limit`` facts of each (country, category) pair, through that index; oldest first."""
    out: list[dict[str, Any]] = []
    for code, category in pairs:
        out.extend(
            _rows(
                db,
                f"SELECT f.*, {_ART} FROM facts f JOIN articles a ON a.id = f.article_id "
                "WHERE f.country_code = ? AND f.category = ? AND +a.relevant = 1 "
                "ORDER BY f.date DESC, a.published DESC, f.id DESC LIMIT ?",
                [code, category, limit],
            )
        )
    out.sort(key=lambda r: (r.get("date") or "", r.get("published") or "", r["id"]))
    return out


def actor_facts(
    db: Database, code: str, categories: Iterable[str] | None = None, *, per_category: int = 40
) -> list[dict[str, Any]]:
    """The latest facts of one actor per category (all categories when none given), oldest first."""
    cats = list(categories or []) or fact_categories(db, code)
    return _latest_facts(db, [(code, cat) for cat in cats], per_category)


def _skip_scan(db: Database, column: str, where: str = "", params: Sequence[Any] = ()) -> list[str]:
    """Distinct values of an indexed facts column, by hopping through the index (no full scan)."""
    sql = (
        f"WITH RECURSIVE v(x) AS (SELECT (SELECT MIN({column}) FROM facts WHERE 1=1{where}) "
        f"UNION ALL SELECT (SELECT MIN({column}) FROM facts WHERE {column} > v.x{where}) FROM v "
        "WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
    )
    return [r[0] for r in db.conn.execute(sql, list(params) * 2)]


def fact_categories(db: Database, code: str) -> list[str]:
    return _skip_scan(db, "category", " AND country_code = ?", [code])


def actors_with_facts(db: Database) -> list[str]:
    return _skip_scan(db, "country_code")


def category_rows(db: Database, category: str, *, per_actor: int = 12) -> list[dict[str, Any]]:
    """The latest facts on one category for every actor, through the (country, category) index."""
    return _latest_facts(db, [(code, category) for code in actors_with_facts(db)], per_actor)


# --- statements, events, figures ---------------------------------------------------------------------

def statements_by(db: Database, code: str, *, limit: int = 60) -> list[dict[str, Any]]:
    return _rows(
        db,
        f"SELECT s.*, {_ART} FROM statements s JOIN articles a ON a.id = s.article_id "
        "WHERE s.speaker_code = ? AND +a.relevant = 1 ORDER BY s.date DESC, s.id DESC LIMIT ?",
        [code, limit],
    )


def events_for(db: Database, *, days: Iterable[str] = (), article_ids: Iterable[int] = (), limit: int = 80) -> list[dict[str, Any]]:
    """Events on the given ISO days, or extracted from the given articles (both through indexes)."""
    found: dict[int, dict[str, Any]] = {}
    day_list = list(dict.fromkeys(days))
    ids = list(dict.fromkeys(article_ids))
    base = f"SELECT e.*, {_ART}, a.title AS article_title FROM events e JOIN articles a ON a.id = e.article_id WHERE +a.relevant = 1"
    if day_list:
        marks = ",".join("?" * len(day_list))
        for r in _rows(db, f"{base} AND e.date IN ({marks}) LIMIT ?", [*day_list, limit]):
            found[r["id"]] = r
    if ids:
        marks = ",".join("?" * len(ids))
        for r in _rows(db, f"{base} AND e.article_id IN ({marks}) LIMIT ?", [*ids, limit]):
            found[r["id"]] = r
    return list(found.values())


def figures_for(
    db: Database, kinds: Sequence[str], *, proposer: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(kinds))
    where = " AND g.proposer_code = ?" if proposer else ""
    return _rows(
        db,
        f"SELECT g.*, {_ART} FROM figures g JOIN articles a ON a.id = g.article_id "
        f"WHERE g.kind IN ({marks}){where} AND +a.relevant = 1 ORDER BY g.date DESC, g.id DESC LIMIT ?",
        [*kinds, *([proposer] if proposer else []), limit],
    )


# --- names -------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _alias_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    try:  # the gazetteer's own alias table, when it exposes one
        from briefings.extract import gazetteer

        for alias, (code, _kind) in gazetteer._tables().aliases.items():
            if alias not in index[code]:
                index[code].append(alias)
    except Exception:  # noqa: BLE001 - any shape change falls back to display names
        index.clear()
    return dict(index)


def aliases(code: str, *, limit: int = 30) -> list[str]:
    """Names an actor goes by (display name first): "Italy", "Italian", "Meloni", "Rome" ..."""
    names = [name_of(code)] + [a for a in _alias_index().get(code, []) if len(a) > 2 or a.isupper()]
    return list(dict.fromkeys(names))[:limit]


def mention_codes(text: str) -> set[str]:
    return {m.code for m in find_mentions(text)}


# --- sentences: FTS5 with BM25 -----------------------------------------------------------------------

def fts_term(term: str) -> str:
    """One FTS5 string token: only letters and digits survive, wrapped in double quotes."""
    toks = words(term)
    return '"' + " ".join(toks).replace('"', "") + '"' if toks else ""


def fts_or(terms: Iterable[str]) -> str:
    parts = list(dict.fromkeys(t for t in (fts_term(x) for x in terms) if t))
    return " OR ".join(parts)


@dataclass(slots=True)
class Corpus:
    """Document frequencies of stems in the sentence index (for IDF weights and pruning)."""

    size: int
    df: dict[str, int] = field(default_factory=dict)

    def idf(self, s: str) -> float:
        n = self.df.get(s, 0)
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))


def corpus_stats(db: Database, terms: Iterable[str]) -> Corpus:
    """Document frequencies of the given words' stems, counted up to a cap so each costs little."""
    size = db.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM sentences").fetchone()[0] or 0
    corpus = Corpus(size=max(int(size), 1))
    by_stem: dict[str, str] = {}
    for term in terms:
        for w in words(term):
            by_stem.setdefault(stem(w), w)
    for s, w in by_stem.items():
        try:
            row = db.conn.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT ?)",
                [fts_term(w), DF_CAP],
            ).fetchone()
        except sqlite3.OperationalError:  # a word FTS5 cannot parse; damage (DatabaseError) goes up
            continue
        corpus.df[s] = int(row[0])
    return corpus


# BM25 ordering scores every matching row; past this many rows a query takes the newest matches.
RANK_BUDGET = 5000


def search(db: Database, match: str, *, limit: int = 60, ranked: bool = True) -> list[dict[str, Any]]:
    """Sentences matching an FTS5 query: best BM25 first, or (``ranked=False``) newest first."""
    if not match:
        return []
    order = "rank" if ranked else "rowid DESC"
    sql = (
        "SELECT s.id, s.article_id, s.story_id, s.position, s.text, s.date, "
        f"{_ART}, a.title AS article_title FROM (SELECT rowid AS rid, rank AS r FROM sentences_fts "
        f"WHERE sentences_fts MATCH ? ORDER BY {order} LIMIT ?) m JOIN sentences s ON s.rowid = m.rid "
        "JOIN articles a ON a.id = s.article_id WHERE +a.relevant = 1 "
        f"ORDER BY {'m.r' if ranked else 'm.rid DESC'}"
    )
    try:
        return _rows(db, sql, [match, limit])
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot parse matches nothing


def previous_sentences(db: Database, rows: Sequence[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The sentence just before each given sentence in its article, by the given sentence's id."""
    pairs = [(r["id"], r["article_id"], r["position"]) for r in rows if r.get("position")]
    if not pairs:
        return {}
    values = ",".join("(?,?,?)" for _ in pairs)
    sql = (
        f"WITH w(sid, aid, pos) AS (VALUES {values}) SELECT w.sid AS sid, s.text AS text FROM w "
        "JOIN sentences s ON s.article_id = w.aid AND s.position = w.pos - 1"
    )
    params = [x for p in pairs for x in p]
    return {r["sid"]: r for r in _rows(db, sql, params)}


def match_count(db: Database, match: str, *, cap: int = DF_CAP) -> int:
    """How many sentences an FTS5 query matches, counted up to ``cap``."""
    if not match:
        return 0
    try:
        row = db.conn.execute(
            "SELECT COUNT(*) FROM (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? LIMIT ?)", [match, cap]
        ).fetchone()
    except sqlite3.OperationalError:  # a query FTS5 cannot parse; damage (DatabaseError) goes up
        return 0
    return int(row[0])


def term_df(term: str, corpus: Corpus) -> int:
    """Sentences holding a term (a phrase: at most its rarest word); unknown terms count as absent."""
    dfs = [corpus.df.get(stem(w), 0) for w in words(term)]
    return min(dfs) if dfs else 0


def pick_terms(terms: Sequence[str], corpus: Corpus, *, budget: int = RANK_BUDGET) -> tuple[list[str], bool]:
    """The rarest terms whose matches fit the BM25 budget, and whether ranking them is affordable.

    When even the rarest term is too common, the three rarest are kept and matched newest first.
    """
    ranked = sorted(dict.fromkeys(terms), key=lambda t: term_df(t, corpus))
    kept: list[str] = []
    total = 0
    for t in ranked:
        df = term_df(t, corpus)
        if kept and total + df > budget:
            break
        kept.append(t)
        total += df
    if total > budget:
        return ranked[:3], False
    return kept, True


def article_sentences(db: Database, article_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Every sentence of the given articles (through the article index), with the article's columns."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return _rows(
        db,
        f"SELECT s.id, s.article_id, s.story_id, s.position, s.text, s.date, {_ART}, a.title AS article_title "
        f"FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.article_id IN ({marks}) AND +a.relevant = 1 "
        "ORDER BY s.article_id, s.position",
        ids,
    )


def article_fact_quotes(db: Database, article_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The quotes of the facts extracted from the given articles (through the article index)."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return _rows(db, f"SELECT quote, category, country_code FROM facts WHERE article_id IN ({marks})", ids)
