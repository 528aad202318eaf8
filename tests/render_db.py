"""A small fixed database for the render tests: five articles written for them, one of them hostile.

The hostile article carries what a feed may throw at a chat: ``@everyone``, a role ping, a masked
link, a ``javascript:`` link as its URL and a terminal escape sequence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database

from briefings.knowledge import refresh_pledges
from storage import open_database
from storage.articles import ArticleRecord, Knowledge, save_article

HOSTILE_QUOTE = ("@everyone Latvia <@&123456> will send a company of engineers, see [the plan](https://evil.test/x) "
                 "\x1b[31mnow\x1b[0m.")


def _add(db: Database, slug: str, published: str, *, url: str | None = None, outlet: str = "North Desk",
         facts: tuple[dict[str, Any], ...] = (), events: tuple[dict[str, Any], ...] = ()) -> None:
    link = url if url is not None else f"https://north.test/{slug}"
    rec = ArticleRecord(guid=f"north:{slug}", url=link, canonical_url=link, title=f"Report {slug}", outlet=outlet,
                        published=published, updated=None, text="text", content_hash=slug, relevance=9.0,
                        relevant=True)
    save_article(db, rec, Knowledge(facts=list(facts), events=list(events)), lambda _c: None,
                 facts_changed=refresh_pledges)


def fact(code: str, status: str, day: str | None, quote: str, cat: str = "ground_troops",
         size: int | None = None) -> dict[str, Any]:
    return {"country_code": code, "category": cat, "status": status, "date": day, "size": size, "quote": quote}


def build(path: Path) -> Database:
    db = open_database(path)
    _add(db, "one", "2025-03-03T09:00:00Z", facts=(
        fact("DK", "committed", "2025-03-03", "Denmark will put a battalion of 700 soldiers at the coalition's "
             "disposal, its defence minister said.", size=700),
        fact("DK", "committed", "2025-03-03", "Denmark is also ready to send two frigates to the Black Sea.",
             cat="maritime"),
        fact("HU", "declined", "2025-03-03", "Hungary said it would take no part in any deployment."),
    ), events=({"kind": "meeting", "date": "2025-03-03", "place": "Copenhagen", "title": "Ministers meet in Copenhagen",
                "participants": 12, "quote": "Defence ministers of twelve countries met in Copenhagen on Monday."},))
    # a syndicated copy: the same sentence under another outlet's URL
    _add(db, "one-copy", "2025-03-03T11:00:00Z", url="https://south.test/one", outlet="South Wire", facts=(
        fact("HU", "declined", "2025-03-03", "Hungary said it would take no part in any deployment."),))
    _add(db, "two", "2025-03-20T09:00:00Z", facts=(
        fact("GB", "committed", "2025-03-20", "The United Kingdom will lead an air policing mission over western "
             "Ukraine.", cat="air"),
        fact("DK", "committed", None, "Denmark's government repeated the offer, without giving a date."),
    ))
    _add(db, "three", "2025-04-02T09:00:00Z", url="javascript:alert(1)", facts=(
        fact("LV", "committed", "2025-04-02", HOSTILE_QUOTE, cat="logistics"),))
    return db
