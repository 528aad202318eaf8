"""Storage on real SQLite files: migrations, pragmas, and the article save transaction."""

from __future__ import annotations

import sqlite3

import pytest

from storage import integrity_ok, open_database, pending_migrations, write_transaction
from storage.articles import ArticleRecord, Candidate, Knowledge, lookup, save_article
from storage.migrations import migrations

ALL_TABLES = {"feeds", "stories", "articles", "article_bands", "facts", "events", "figures", "statements",
              "sentences", "digests", "meta", "articles_fts", "sentences_fts"}


def record(guid="g1", url="https://news.test/a", text="Some text about the force.", h="h1", **kw) -> ArticleRecord:
    base = dict(guid=guid, url=url, canonical_url=url, title="A title", outlet="Desk", published="2025-03-01T10:00:00Z",
                updated=None, text=text, content_hash=h, relevance=3.0, relevant=True, signature=b"\0" * 8,
                bands=["0:aa", "1:bb"])
    base.update(kw)
    return ArticleRecord(**base)


def fact(**kw):
    row = dict(country_code="PL", category="logistics", status="committed", quote="Poland will help.", date="2025-03-01")
    row.update(kw)
    return row


def new_story(_c: list[Candidate]) -> int | None:
    return None


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "t.db")
    yield database
    database.close()


def test_fresh_database_has_every_table_and_no_pending_migration(db):
    assert ALL_TABLES <= set(db.table_names())
    assert pending_migrations(db) == []
    assert integrity_ok(db)


def test_pragmas(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrating_an_existing_database_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    old = open_database(path, migrate=False)
    migrations.apply(old, stop_before="m002_knowledge")
    assert "facts" not in old.table_names()
    old["articles"].insert({"guid": "kept", "relevant": 1, "title": "Old row"})
    old.close()
    db = open_database(path)
    assert pending_migrations(db) == []
    assert "facts" in db.table_names()
    assert db.execute("SELECT title FROM articles WHERE guid = 'kept'").fetchone()[0] == "Old row"
    assert integrity_ok(db)


def test_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "t.db"
    open_database(path).close()
    db = open_database(path)
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert len(names) == len(set(names)) >= 4
    assert pending_migrations(db) == []


def test_write_transaction_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with write_transaction(db):
            db["stories"].insert({"title": "a"})
            raise RuntimeError("boom")
    assert db["stories"].count == 0
    with write_transaction(db):
        db["stories"].insert({"title": "b"})
    assert db["stories"].count == 1


def test_save_new_then_duplicate(db):
    k = Knowledge(facts=[fact()], sentences=[{"position": 0, "text": "Poland will help."}])
    first = save_article(db, record(), k, new_story)
    assert first.status == "new" and first.story_id is not None
    again = save_article(db, record(), k, new_story)
    assert again.status == "duplicate" and again.article_id == first.article_id
    assert db["facts"].count == 1 and db["articles"].count == 1


def test_update_by_guid_replaces_text_and_facts(db):
    save_article(db, record(), Knowledge(facts=[fact()]), new_story)
    out = save_article(db, record(text="Changed text.", h="h2"), Knowledge(facts=[fact(status="declined"), fact(category="training")]), new_story)
    assert out.status == "updated"
    assert db["articles"].count == 1
    assert db.execute("SELECT text FROM articles").fetchone()[0] == "Changed text."
    assert sorted(r[0] for r in db.execute("SELECT status FROM facts")) == ["committed", "declined"]


def test_same_canonical_url_under_another_guid_is_the_same_article(db):
    first = save_article(db, record(), Knowledge(), new_story)
    out = save_article(db, record(guid="other-guid", h="h9"), Knowledge(), new_story)
    assert out.status == "updated" and out.article_id == first.article_id
    assert lookup(db, "g1", None) is not None  # keeps its first identity


def test_copy_joins_the_story_chosen(db):
    first = save_article(db, record(), Knowledge(facts=[fact()]), new_story)
    seen: list[list[Candidate]] = []

    def join(cands: list[Candidate]) -> int | None:
        seen.append(cands)
        return cands[0].story_id if cands else None

    out = save_article(db, record(guid="g2", url="https://wire.test/b", h="h1b"), Knowledge(facts=[fact()]), join)
    assert out.status == "copy" and out.story_id == first.story_id
    assert [c.article_id for c in seen[0]] == [first.article_id]


def test_irrelevant_article_keeps_no_text_and_no_story(db):
    out = save_article(db, record(relevant=False), Knowledge(facts=[fact()]), new_story)
    row = db["articles"].get(out.article_id)
    assert row["text"] is None and row["story_id"] is None
    assert db["facts"].count == 0


def test_fts_indexes_relevant_text(db):
    save_article(db, record(text="The reassurance force would deploy after a ceasefire."), Knowledge(), new_story)
    hits = db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'reassurance'").fetchall()
    assert len(hits) == 1


def test_unique_guid_is_enforced_by_the_schema(db):
    db["articles"].insert({"guid": "x", "relevant": 1})
    with pytest.raises(sqlite3.IntegrityError):
        db["articles"].insert({"guid": "x", "relevant": 1})


def test_feed_subscriptions_and_their_fetch_state(db):
    from storage import feeds as fq

    feed = fq.ensure_feed(db, "https://desk.test/rss", name="Desk", keywords=("force",))
    assert fq.ensure_feed(db, "https://desk.test/rss").id == feed.id  # no second row
    assert fq.record_failure(db, feed.id, error="HTTP 503", next_attempt="2025-01-01T01:00:00+00:00") == 1
    assert fq.record_failure(db, feed.id, error="HTTP 503", next_attempt="2025-01-01T02:00:00+00:00") == 2
    fq.record_success(db, feed.id, etag='"v2"', last_modified=None)
    row = fq.get_feed(db, "https://desk.test/rss")
    assert (row.consecutive_failures, row.last_error, row.etag, row.keywords) == (0, None, '"v2"', ("force",))
    assert fq.remove_feed(db, "https://desk.test/rss") and not fq.remove_feed(db, "https://desk.test/rss")
    assert fq.list_feeds(db) == []


# -- opening without locks, without creating, and read connections ----------------------------------

def test_opening_an_up_to_date_database_takes_no_write_lock(tmp_path):
    import time

    path = tmp_path / "t.db"
    open_database(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another connection holds the write lock
    try:
        t0 = time.monotonic()
        db = open_database(path)
        assert time.monotonic() - t0 < 2.0 and pending_migrations(db) == []
        db.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_create_false_opens_an_existing_file_and_creates_nothing(tmp_path):
    from storage import DatabaseMissing

    with pytest.raises(DatabaseMissing, match="no database at"):
        open_database(tmp_path / "no" / "such.db", create=False)
    with pytest.raises(DatabaseMissing):
        open_database(tmp_path / "absent.db", create=False, query_only=True)
    assert list(tmp_path.iterdir()) == []
    open_database(tmp_path / "t.db").close()
    db = open_database(tmp_path / "t.db", create=False)
    assert pending_migrations(db) == []
    db.close()


def test_an_old_database_opened_without_create_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    old = open_database(path, migrate=False)
    migrations.apply(old, stop_before="m002_knowledge")
    old.close()
    db = open_database(path, create=False)
    assert pending_migrations(db) == [] and "facts" in db.table_names()
    names = [r[0] for r in db.execute("SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names))
    db.close()


def test_a_query_only_connection_refuses_writes_at_once(tmp_path):
    open_database(tmp_path / "t.db").close()
    reader = open_database(tmp_path / "t.db", create=False, migrate=False, query_only=True)
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        with write_transaction(reader):
            reader["stories"].insert({"title": "a"})
    reader.close()


def test_damage_is_told_apart_from_other_sqlite_errors(tmp_path):
    from storage import DatabaseDamaged, is_damage

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database file at all" * 200)
    with pytest.raises(DatabaseDamaged):
        open_database(bad)
    with pytest.raises(sqlite3.DatabaseError) as err:
        sqlite3.connect(bad).execute("SELECT * FROM sqlite_schema").fetchall()
    assert is_damage(err.value)
    assert not is_damage(sqlite3.OperationalError("no such table: x")) and not is_damage(ValueError("malformed"))
