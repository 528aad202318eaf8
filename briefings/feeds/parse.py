"""Parsing feed bytes into :class:`ParsedFeed`: RSS 0.9x/1.0/2.0 and Atom by feedparser, JSON Feed here.

Safety rules (SPEC §7):

* feedparser only ever sees an :class:`io.BytesIO` of bytes we already hold; a bare ``str`` or
  ``bytes`` could be taken for a path or a URL and opened.
* A document that declares XML entities is refused with :class:`UnsafeXML` before any parser runs
  (:func:`check_no_entities` in :mod:`briefings.feeds.safety`): feedparser 6.0.14 re-inserts "safe"
  entity declarations, and one large entity referenced many times expands into gigabytes. The
  prolog (XML declaration, comments, the DOCTYPE and its internal subset, up to the root element)
  is searched for ``<!ENTITY`` and any internal DTD subset, in the text exactly as feedparser will
  decode it (BOM, XML declaration, HTTP charset), and encodings that are not ASCII-compatible
  (UTF-7, EBCDIC, UTF-16/32 without a byte order mark) are refused. A plain
  ``<!DOCTYPE rss ...>`` is fine.
* :func:`parse_feed_async` (what ingestion uses) parses in a worker process with a memory limit
  and a wall-clock limit (:mod:`briefings.feeds.sandbox`), so even an input that got past the
  checks cannot take the host down: it fails as :class:`ParserLimit` and the worker is replaced.
* Any failure inside the parsers becomes a :class:`ParseError`; nothing else escapes.

JSON Feed is read by :mod:`briefings.feeds.jsonfeed` and the shared entry helpers live in
:mod:`briefings.feeds.entries`; ``check_no_entities``, ``parse_json_feed`` and ``stable_guid`` stay
importable from here.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

import feedparser

from briefings.errors import NotAFeed, ParseError
from briefings.feeds.entries import _as_html, _make_entry, _short, _utc
from briefings.feeds.entries import stable_guid as stable_guid
from briefings.feeds.jsonfeed import parse_json_feed
from briefings.feeds.safety import check_no_entities
from briefings.feeds.sandbox import ParseSandbox, shared_sandbox
from briefings.feeds.text import clean_inline
from briefings.feeds.urls import http_url
from briefings.models import FeedEntry, ParsedFeed
from briefings.redact import protect

log = protect(logging.getLogger(__name__))

#: Passed to feedparser. Entry HTML is only ever turned into plain text here (never rendered), so
#: feedparser's slow sanitiser and URI rewriting are not needed.
SANITIZE_HTML: Final = False
RESOLVE_RELATIVE_URIS: Final = False

_HTML_HINT = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


# --------------------------------------------------------------------------------------------
# RSS and Atom through feedparser


def _absolute(link: Any, base: str | None) -> str | None:
    """A link made absolute against the feed's URL when it is relative (and the feed came over HTTP)."""
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    try:
        return urljoin(base, link) if base and not urlsplit(link).scheme else link
    except ValueError:  # e.g. a broken IPv6 literal: keep the link as written
        return link


def _feedparser_entry(entry: dict[str, Any], feed_title: str, base: str | None) -> FeedEntry:
    title = clean_inline(entry.get("title"))
    author = entry.get("author_detail") or {}
    source = entry.get("source") or {}
    outlet = (
        clean_inline(author.get("name") or entry.get("author"))
        or clean_inline(source.get("title"))
        or feed_title
    )
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    content_html = None
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        content_html = _as_html(best, best.get("value"))
    summary = entry.get("summary")
    # feedparser copies the content into ``summary`` (without ``summary_detail``) when there is none
    summary_detail = entry.get("summary_detail") or next(
        (c for c in contents if c.get("value") == summary), None
    )
    return _make_entry(
        guid=entry.get("id"),
        url=_absolute(entry.get("link"), base),
        title=title,
        # dict.get: FeedParserDict.get("updated_parsed") falls back to published with a warning
        published=_utc(dict.get(entry, "published_parsed")),
        updated=_utc(dict.get(entry, "updated_parsed")),
        outlet=outlet,
        content_html=content_html,
        summary_html=_as_html(summary_detail, summary),
    )


def _not_a_feed_reason(data: bytes, bozo: object | None) -> str:
    if _HTML_HINT.search(data[:4096]):
        return "not an RSS/Atom feed (looks like an HTML page)"
    if bozo is not None:
        return f"not an RSS/Atom feed ({_short(bozo)})"
    return "not an RSS/Atom feed (no feed elements found)"


def _parse_xml(data: bytes, source: str, content_type: str | None) -> ParsedFeed:
    check_no_entities(data, source, content_type)
    headers = {"content-type": content_type} if content_type else None
    try:
        result = feedparser.parse(
            io.BytesIO(data),
            response_headers=headers,
            sanitize_html=SANITIZE_HTML,
            resolve_relative_uris=RESOLVE_RELATIVE_URIS,
        )
        version = str(result.get("version") or "")
        raw_entries = list(result.get("entries") or [])
        bozo = result.get("bozo_exception") if result.get("bozo") else None
        if not version and not raw_entries:
            raise NotAFeed(source, _not_a_feed_reason(data, bozo))
        feed = result.get("feed") or {}
        feed_title = clean_inline(feed.get("title"))
        base = source if urlsplit(source).scheme.lower() in ("http", "https") else None
        link = _absolute(feed.get("link"), base)
        # a feed read from a file resolves relative links against its own http(s) <link>, if any
        base = base or http_url(link)
        entries = []
        for raw in raw_entries:
            try:
                entries.append(_feedparser_entry(raw, feed_title, base))
            except Exception as exc:  # noqa: BLE001 - one odd entry must not lose the others
                log.warning("%s: skipped an entry that could not be read: %s", source, _short(exc))
    except ParseError:
        raise
    except Exception as exc:  # feedparser and sgmllib raise many kinds on odd input  # noqa: BLE001
        log.debug("feedparser failed on %s", source, exc_info=True)
        raise ParseError(source, f"parser failed: {_short(exc)}") from None
    warning = _short(bozo) if bozo is not None else None
    if warning:
        log.info("%s: feed parsed with a warning: %s", source, warning)
    return ParsedFeed(title=feed_title, link=link, version=version, entries=entries, warning=warning)


# --------------------------------------------------------------------------------------------
# Entry points


def parse_feed(data: bytes, source: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes (RSS, Atom, RDF or JSON Feed) into a :class:`ParsedFeed`.

    ``content_type`` is the HTTP Content-Type header when the bytes came over HTTP; its charset is
    honoured. Raises :class:`UnsafeXML`, :class:`NotAFeed` or another :class:`ParseError`.
    A feed with a version and no entries is a valid empty feed; a broken ("bozo") feed that still
    yielded a version or entries is returned with ``warning`` set.
    """
    if not data or not data.strip():
        raise NotAFeed(source, "not a feed (the document is empty)")
    start = data.lstrip()[:3]
    if start.startswith((b"{", b"\xef\xbb\xbf{")):
        try:
            return parse_json_feed(data, source)
        except ParseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a ParseError, never anything else
            raise ParseError(source, f"JSON feed could not be read: {_short(exc)}") from None
    return _parse_xml(data, source, content_type)


async def parse_feed_async(
    data: bytes, source: str, content_type: str | None = None, *, sandbox: ParseSandbox | None = None
) -> ParsedFeed:
    """:func:`parse_feed` in a limited worker process, so the event loop never blocks on parsing.

    ``sandbox`` defaults to the process-wide one with the default limits (512 MB, 30 s).
    """
    box = sandbox if sandbox is not None else shared_sandbox()
    parsed: ParsedFeed = await box.parse(data, source, content_type)
    return parsed
