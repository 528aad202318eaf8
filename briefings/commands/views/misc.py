"""``/sources``, ``/about`` and ``/help``."""

from __future__ import annotations

import re
from typing import Any

from sqlite_utils import Database

from briefings.commands.parse import plural
from briefings.commands.views.common import date_cell, text_cell
from briefings.replies import (
    Block,
    Cell,
    Column,
    Field,
    Fields,
    Notice,
    Paragraph,
    Reply,
    Row,
    Source,
    SourceBook,
    SourceList,
    Span,
    Table,
)
from briefings.replies.payloads import AboutPayload, ArticleRef, HelpPayload, SourcesPayload
from storage import articles as aq
from storage import interactions as iq
from storage import knowledge as kq

SAMPLE_KEY = "sample_data"
SAMPLE_NOTICE = ("This is sample data written for the demo, not real news: add real feeds with "
                 "briefbot ingest FEED or in config.toml.")

SOURCE_COLUMNS = (
    Column("published", "Published", "date"),
    Column("outlet", "Outlet", "text"),
    Column("title", "Title", "text", wrap=True),
    Column("story", "Story", "number"),
)


def fts_match(text: str) -> str | None:
    """Words typed by a person as an FTS5 query: every word must appear (quoted, so no syntax)."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"' for w in words) or None


def sources(db: Database, query: str | None = None, limit: int = 200) -> Reply:
    match = fts_match(query) if query else None
    rows = aq.list_sources(db, query=match, limit=limit)
    payload = SourcesPayload(query, tuple(
        ArticleRef(id=r["guid"], url=r["url"] or "", title=r["title"], outlet=r["outlet"], published=r["published"],
                   story_id=r["story_id"]) for r in rows))
    text = plural(len(rows), "article") + (f" matching “{query}”." if query else " on record.")
    if not rows:
        return Reply(kind="sources", title="Sources", blocks=[Paragraph.of(text)], payload=payload)
    book = SourceBook()
    table = tuple(
        Row((date_cell(a.published), text_cell(a.outlet), text_cell(a.title), Cell("number", a.story_id,
                                                                                    str(a.story_id or ""))),
            (book.cite(Source(url=a.url, title=a.title or "", outlet=a.outlet, published=a.published)),))
        for a in payload.articles
    )
    blocks: list[Block] = [Paragraph.of(text), Table(SOURCE_COLUMNS, table), SourceList()]
    return Reply(kind="sources", title="Sources", blocks=blocks, sources=book.sources, payload=payload)


def is_sample(db: Database) -> bool:
    """True while the database holds the bundled sample alone (the launcher records its article count)."""
    loaded = kq.get_meta(db, SAMPLE_KEY)
    if not loaded or not loaded.isdigit():
        return False
    return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]) <= int(loaded)


def _llm_fields(llm: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    used, budget = int(llm.get("tokens_today") or 0), int(llm.get("daily_token_budget") or 0)
    tokens = f"{used:,} of {budget:,} today (UTC)" + (" — budget spent, offline answers" if used >= budget else "")
    return (("Model", str(llm.get("model") or "")), ("Tokens", tokens))


def about(db: Database, engine: str = "offline", llm: dict[str, Any] | None = None) -> Reply:
    f = kq.freshness(db)
    f["feedback"] = iq.feedback_counts(db)
    sample = is_sample(db)
    items = (
        ("Articles", f"{f['relevant']} relevant of {plural(f['articles'], 'article')} seen, in "
                     f"{plural(f['stories'], 'story', 'stories')}"),
        ("Facts", f"{plural(f['facts'], 'fact')}, {plural(f['events'], 'event')}, {plural(f['figures'], 'figure')}"),
        ("Freshness", f"newest article {f['newest_article'] or 'none'}; last fetch {f['last_fetch'] or 'never'}"),
        ("Feeds", str(f["feeds"])),
        ("Engine", engine),
        *(_llm_fields(llm) if llm else ()),
        ("Feedback", f"{f['feedback']['helpful']} helpful, {f['feedback']['not_helpful']} not helpful"),
    )
    text = ("I follow the European coalition of the willing for Ukraine: who pledges troops, air, sea, "
            "logistics, training or money, who refuses, and what summits decide. Every fact has a quote and a source.")
    blocks: list[Block] = [Paragraph.of(text), Fields(tuple(Field(k, (Span(v),)) for k, v in items))]
    if sample:
        blocks.insert(0, Notice("sample", SAMPLE_NOTICE))
    return Reply(kind="about", title="About this bot", blocks=blocks,
                 payload=AboutPayload(counts=f, engine=engine, sample=sample, llm=llm), engine=engine)


HELP = (
    ("/pledges [country] [category]", "the current table of pledges and refusals"),
    ("/country NAME", "one country's stance per category, and how it moved"),
    ("/timeline [days]", "summits, meetings and declarations in date order"),
    ("/ask QUESTION", "a question answered from the articles, with sources (or just type the question)"),
    ("/digest [since]", "what changed since a time (24h, 7d or an ISO date)"),
    ("/sources [query]", "the articles on record"),
    ("/about", "data freshness, counts and the engine"),
    ("/help", "this list"),
)
CONSOLE_HELP = (*HELP, ("/chart pledges|country NAME|sizes", "save a picture (PNG) and print where"),
                ("/explain COUNTRY CATEGORY", "why a table row says what it does: its facts and the rules behind them"),
                ("/quit", "leave the chat (or Ctrl-D)"))


def help_reply(commands: tuple[tuple[str, str], ...] = HELP) -> Reply:
    blocks: list[Block] = [Fields(tuple(Field(c, (Span(d),)) for c, d in commands))]
    return Reply(kind="help", title="Commands", blocks=blocks, payload=HelpPayload(commands))


__all__ = ["CONSOLE_HELP", "HELP", "SAMPLE_KEY", "about", "fts_match", "help_reply", "is_sample", "sources"]
