"""The database schema, as an ordered set of sqlite-utils migrations.

Each migration runs once per database, inside a transaction, and is recorded in the
``_sqlite_migrations`` table that sqlite-utils keeps. Never edit a migration that has shipped:
add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("briefbot")


@migrations()
def m001_feeds_articles_stories(db: Database) -> None:
    db.table("feeds").create(
        {
            "id": int,
            "url": str,
            "name": str,
            "keywords": str,  # JSON list
            "added_by": str,  # "config", "cli" or a chat user id
            "etag": str,
            "last_modified": str,
            "last_attempt": str,
            "last_success": str,
            "consecutive_failures": int,
            "last_error": str,
            "next_attempt": str,  # ISO time before which a failing feed is not polled
            "created_at": str,
        },
        pk="id",
        not_null={"url", "consecutive_failures"},
        defaults={"consecutive_failures": 0},
    )
    db.table("feeds").create_index(["url"], unique=True)

    db.table("stories").create(
        {"id": int, "title": str, "first_published": str, "created_at": str},
        pk="id",
    )
    db.table("articles").create(
        {
            "id": int,
            "guid": str,
            "url": str,
            "canonical_url": str,
            "title": str,
            "outlet": str,
            "published": str,
            "updated": str,
            "text": str,
            "content_hash": str,
            "signature": bytes,
            "story_id": int,
            "relevance": float,
            "relevant": int,
            "feed_id": int,
            "fetched_at": str,
        },
        pk="id",
        not_null={"guid", "relevant"},
        foreign_keys=[("story_id", "stories", "id"), ("feed_id", "feeds", "id")],
    )
    db.table("articles").create_index(["guid"], unique=True)
    db.table("articles").create_index(["canonical_url"])
    db.table("articles").create_index(["story_id"])
    db.table("articles").create_index(["relevant", "published"])

    # LSH band keys of each article's MinHash signature: candidates for "same story".
    db.table("article_bands").create(
        {"band": str, "article_id": int},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_bands").create_index(["band"])
    db.table("article_bands").create_index(["article_id"])

    db.table("articles").enable_fts(["title", "text"], create_triggers=True, tokenize="porter")


@migrations()
def m002_knowledge(db: Database) -> None:
    common = {
        "article_id": int,
        "story_id": int,
        "date": str,
        "quote": str,
    }
    db.table("facts").create(
        {
            "id": int,
            **common,
            "country_code": str,
            "category": str,
            "status": str,
            "size": int,
            "amount": str,
            "amount_value": float,
            "currency": str,
            "actor_text": str,
        },
        pk="id",
        not_null={"article_id", "country_code", "category", "status", "quote"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("facts").create_index(["country_code", "category", "date"])
    db.table("facts").create_index(["article_id"])
    db.table("events").create(
        {
            "id": int,
            **common,
            "kind": str,
            "place": str,
            "host": str,
            "host_code": str,
            "participants": int,
            "participant_codes": str,  # JSON list
            "absent_codes": str,  # JSON list
            "outcome": str,
            "title": str,
        },
        pk="id",
        not_null={"article_id", "kind", "quote"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("events").create_index(["date"])
    db.table("events").create_index(["article_id"])
    db.table("figures").create(
        {
            "id": int,
            **common,
            "kind": str,
            "value": int,
            "low": int,
            "high": int,
            "qualifier": str,
            "proposer_code": str,
        },
        pk="id",
        not_null={"article_id", "kind", "value", "quote"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("figures").create_index(["article_id"])
    db.table("statements").create(
        {
            "id": int,
            **common,
            "speaker_code": str,
            "about_codes": str,  # JSON list
            "topic": str,
        },
        pk="id",
        not_null={"article_id", "speaker_code", "quote"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("statements").create_index(["article_id"])
    db.table("statements").create_index(["speaker_code"])

    # Sentences of relevant articles, for extractive answers (BM25 over FTS5).
    db.table("sentences").create(
        {"id": int, "article_id": int, "story_id": int, "position": int, "text": str, "date": str},
        pk="id",
        not_null={"article_id", "position", "text"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("sentences").create_index(["article_id"])
    db.table("sentences").enable_fts(["text"], create_triggers=True, tokenize="porter")


@migrations()
def m003_digests_meta(db: Database) -> None:
    # One row per (destination, period): the unique index is what makes a digest go out at most once.
    db.table("digests").create(
        {
            "id": int,
            "destination": str,  # "cli", or "discord:<channel id>", "slack:<channel id>"
            "period": str,  # e.g. "2025-04-02" for a daily digest
            "since": str,
            "until": str,
            "sent_at": str,
            "items": int,
        },
        pk="id",
        not_null={"destination", "period", "sent_at"},
    )
    db.table("digests").create_index(["destination", "period"], unique=True)
    db.table("meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m004_current_pledges(db: Database) -> None:
    # The current table, one row per (country, category), kept up to date in the transaction that
    # saves each article, so /pledges reads a few hundred rows instead of folding every fact.
    db.table("pledges").create(
        {
            "country_code": str,
            "category": str,
            "status": str,
            "country": str,  # display name, for sorting
            "date": str,
            "row": str,  # the row as JSON, exactly what the command line prints
        },
        pk=("country_code", "category"),
        not_null={"country_code", "category", "status", "row"},
    )
    db.table("pledges").create_index(["category", "status"])
    # Facts saved before this table existed are folded in when the domain next opens the database.
    db.table("meta").upsert({"key": "pledges_stale", "value": "1"}, pk="key")
    # Candidate lookups go from a band key to its articles; make that the planner's obvious choice.
    db.execute("ANALYZE")


@migrations()
def m005_digest_ledger(db: Database) -> None:
    # The digest ledger: a (destination, period) row is claimed *before* the digest is built and sent,
    # then marked sent, failed or skipped. The unique index is what refuses a second claim; a crashed
    # claim ("claimed" for too long) or a failed send may be claimed again, a sent one never.
    # Rows written before this migration were recorded after sending: they become "sent".
    db.execute(
        """
        CREATE TABLE digests_ledger (
            id INTEGER PRIMARY KEY,
            destination TEXT NOT NULL,
            period TEXT NOT NULL,
            since TEXT,
            until TEXT,
            status TEXT NOT NULL DEFAULT 'claimed'
                CHECK (status IN ('claimed', 'sent', 'failed', 'skipped')),
            claimed_at TEXT,
            sent_at TEXT,
            items INTEGER,
            attempts INTEGER NOT NULL DEFAULT 1,
            error TEXT
        )
        """
    )
    db.execute(
        "INSERT INTO digests_ledger (id, destination, period, since, until, status, claimed_at, sent_at, items) "
        "SELECT id, destination, period, since, until, 'sent', sent_at, sent_at, items FROM digests"
    )
    db.execute("DROP TABLE digests")
    db.execute("ALTER TABLE digests_ledger RENAME TO digests")
    db.table("digests").create_index(["destination", "period"], unique=True)
    db.table("digests").create_index(["destination", "status", "until"])


@migrations()
def m006_subscriptions(db: Database) -> None:
    # Channels that get the scheduled digest: one subscription per (platform, channel).
    db.table("subscriptions").create(
        {
            "id": int,
            "platform": str,  # "discord" or "slack"
            "guild_id": str,  # Discord guild id or Slack team id
            "channel_id": str,
            "time": str,  # local HH:MM
            "timezone": str,  # IANA zone, e.g. "Europe/Paris"
            "only_when_changed": int,
            "created_by": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"platform", "guild_id", "channel_id", "time", "timezone", "only_when_changed"},
        defaults={"only_when_changed": 1},
    )
    db.table("subscriptions").create_index(["platform", "channel_id"], unique=True)
    db.table("subscriptions").create_index(["platform", "guild_id"])
    # Per-guild (or per-workspace) settings as key/value text, e.g. where mentions are answered.
    db.table("guild_settings").create(
        {"platform": str, "guild_id": str, "key": str, "value": str, "updated_at": str},
        pk=("platform", "guild_id", "key"),
        not_null={"platform", "guild_id", "key", "value"},
    )
    # Feed-failure notices already sent, one row per (feed, destination): a restart does not notify
    # again, and the recovery notice goes to exactly the destinations that were told of the failure.
    # No foreign key to feeds: removing a feed must not be blocked; stale rows are swept.
    db.table("feed_notices").create(
        {"feed_id": int, "destination": str, "failures": int, "notified_at": str},
        pk=("feed_id", "destination"),
        not_null={"feed_id", "destination"},
    )


@migrations()
def m007_reply_refs_feedback(db: Database) -> None:
    # What a button on a posted reply refers to (the command and its arguments), so any process,
    # after any restart, can rebuild page N or the sources of that reply from a short custom id.
    db.table("reply_refs").create(
        {"id": int, "kind": str, "args": str, "platform": str, "created_at": str},
        pk="id",
        not_null={"kind", "args", "created_at"},
    )
    # 👍/👎 on answers, with what was asked, what was answered and the sources it used.
    db.table("feedback").create(
        {
            "id": int,
            "ref_id": int,
            "platform": str,
            "user_hash": str,  # a salted hash of the platform user id, never the id itself
            "vote": int,  # +1 or -1
            "reason": str,
            "question": str,
            "answer": str,
            "sources": str,  # JSON list of {url, title, quote}
            "engine": str,
            "created_at": str,
        },
        pk="id",
        not_null={"vote", "created_at"},
    )
    db.table("feedback").create_index(["ref_id", "user_hash"], unique=True)



@migrations()
def m008_llm(db: Database) -> None:
    # Which engine (and model) produced each fact: rows written before this are the offline rules'.
    db.execute("ALTER TABLE facts ADD COLUMN engine TEXT NOT NULL DEFAULT 'offline'")
    db.execute("ALTER TABLE facts ADD COLUMN model TEXT")
    # One row per article the LLM engine has worked on: done for (content hash, model, prompt), or
    # failed and to be tried again. An article with no row, or a row for other text, model or prompt,
    # is pending. ``updated_at`` also dates the data for the answer cache.
    db.table("llm_extractions").create(
        {
            "article_id": int,
            "content_hash": str,
            "model": str,
            "prompt": str,  # version of the extraction prompt and schema
            "status": str,  # done | failed
            "facts": int,  # grounded facts the model gave
            "dropped": int,  # facts the grounding dropped
            "calls": int,
            "prompt_tokens": int,
            "completion_tokens": int,
            "attempts": int,
            "error": str,
            "updated_at": str,
        },
        pk="article_id",
        not_null={"article_id", "model", "status", "updated_at"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("llm_extractions").create_index(["updated_at"])
    # Tokens spent per UTC day, purpose (extract | answer) and model: the daily budget and /about.
    db.table("llm_usage").create(
        {"day": str, "purpose": str, "model": str, "calls": int, "prompt_tokens": int, "completion_tokens": int},
        pk=("day", "purpose", "model"),
        not_null={"day", "purpose", "model"},
        defaults={"calls": 0, "prompt_tokens": 0, "completion_tokens": 0},
    )
    # Answers already given for (question, model, state of the data): a repeat makes no call.
    db.table("llm_answers").create(
        {"key": str, "answer": str, "created_at": str},
        pk="key",
        not_null={"key", "answer", "created_at"},
    )
    db.table("llm_answers").create_index(["created_at"])
    # The answer cache dates the data by the newest save; this keeps that an index lookup.
    db.table("articles").create_index(["fetched_at"], if_not_exists=True)


@migrations()
def m009_fact_trace(db: Database) -> None:
    # Why each fact is what it is: the ids of the rules that produced it and the words they matched,
    # a JSON list of {"id", "matched"} (briefings.extract.trace). Facts stored before have none.
    db.table("facts").add_column("trace", str)
    # The context of a conversation (a console session, a Discord channel or thread, a Slack thread),
    # so "and Italy?" is read against the question before it; rows older than the expiry are ignored
    # and pruned (storage.conversations).
    db.table("conversations").create(
        {
            "key": str,  # console:<session>, discord:<channel or thread id>, slack:<channel>:<thread ts>
            "question": str,  # the question as understood (follow-ups resolved)
            "context": str,  # JSON: the parsed question and what the answer was about
            "updated_at": str,
        },
        pk="key",
        not_null={"key", "question", "context", "updated_at"},
    )
    db.table("conversations").create_index(["updated_at"])
