"""Parsing JSON Feed 1.0 and 1.1 documents (https://jsonfeed.org/version/1.1), which feedparser 6.0 does not read.

:func:`parse_json_feed` raises :class:`NotAFeed` for JSON that is not a JSON Feed and another
:class:`ParseError` for bytes that are not JSON at all; odd members (wrong types, missing fields)
are skipped rather than fatal. Entries go through the same :func:`_make_entry` as RSS and Atom.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from briefings.errors import NotAFeed, ParseError
from briefings.feeds.entries import _iso, _make_entry, _plain_to_html, _short
from briefings.feeds.text import clean_inline
from briefings.feeds.urls import http_url
from briefings.models import FeedEntry, ParsedFeed

log = logging.getLogger(__name__)


def _json_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _json_entry(item: Mapping[str, Any], feed_title: str, feed_author: str | None) -> FeedEntry:
    authors = item.get("authors")
    names = [a.get("name") for a in authors if isinstance(a, dict)] if isinstance(authors, list) else []
    single = item.get("author")
    if isinstance(single, dict):
        names.append(single.get("name"))
    author = next((clean_inline(n) for n in names if isinstance(n, str) and n.strip()), None)
    raw_id = item.get("id")
    content_text = _json_text(item.get("content_text"))
    content_html = _json_text(item.get("content_html")) or (
        _plain_to_html(content_text) if content_text else None
    )
    summary = _json_text(item.get("summary"))
    return _make_entry(
        guid=str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None,
        url=http_url(_json_text(item.get("url"))) or http_url(_json_text(item.get("external_url"))),
        title=clean_inline(_json_text(item.get("title"))),
        published=_iso(item.get("date_published")),
        updated=_iso(item.get("date_modified")),
        outlet=author or feed_author or feed_title,
        content_html=content_html,
        summary_html=_plain_to_html(summary) if summary else None,
    )


def parse_json_feed(data: bytes, source: str) -> ParsedFeed:
    """Parse a JSON Feed 1.0 or 1.1 document (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"), strict=False)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ParseError(source, f"invalid JSON: {_short(exc)}") from None
    version_url = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version_url, str) or "jsonfeed.org/version/" not in version_url:
        raise NotAFeed(source, "not a feed (a JSON document that is not a JSON Feed)")
    assert isinstance(doc, dict)
    number = version_url.rstrip("/").rsplit("/", 1)[-1]
    version = "json11" if number == "1.1" else "json1"
    title = clean_inline(_json_text(doc.get("title")))
    feed_author = None
    for key in ("authors", "author"):
        value = doc.get(key)
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, dict) and _json_text(first.get("name")):
            feed_author = clean_inline(first["name"])
            break
    items = doc.get("items")
    if not isinstance(items, list):
        items = []
    entries = [_json_entry(item, title, feed_author) for item in items if isinstance(item, dict)]
    return ParsedFeed(
        title=title, link=_json_text(doc.get("home_page_url")), version=version, entries=entries
    )
