"""Parsing feed bytes into :class:`ParsedFeed`: RSS 0.9x/1.0/2.0 and Atom by feedparser, JSON Feed here.

Safety rules (SPEC §7):

* feedparser only ever sees an :class:`io.BytesIO` of bytes we already hold; a bare ``str`` or
  ``bytes`` could be taken for a path or a URL and opened.
* A document that declares XML entities is refused with :class:`UnsafeXML` before any parser runs:
  feedparser 6.0.14 re-inserts "safe" entity declarations, and one large entity referenced many
  times expands into gigabytes. The prolog (XML declaration, comments, the DOCTYPE and its internal
  subset, up to the root element) is searched for ``<!ENTITY``, after decoding UTF-16/32 and EBCDIC
  bodies. A plain ``<!DOCTYPE rss ...>`` is fine.
* Any failure inside the parsers becomes a :class:`ParseError`; nothing else escapes.
"""

from __future__ import annotations

import asyncio
import calendar
import codecs
import hashlib
import html as htmllib
import io
import json
import logging
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.datetimes import _parse_date

from briefings.errors import NotAFeed, ParseError, UnsafeXML
from briefings.feeds.text import clean_inline
from briefings.models import FeedEntry, ParsedFeed

log = logging.getLogger(__name__)

#: Passed to feedparser. Entry HTML is only ever turned into plain text here (never rendered), so
#: feedparser's slow sanitiser and URI rewriting are not needed.
SANITIZE_HTML: Final = False
RESOLVE_RELATIVE_URIS: Final = False

_ENTITY_DECL = re.compile(r"<!\s*ENTITY", re.I)
_HTML_HINT = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_FEEDPARSER_HEAD_END = re.compile(r"<\w", re.ASCII)


# --------------------------------------------------------------------------------------------
# Entity declarations


def _texts_to_check(data: bytes) -> list[str]:
    """The body decoded well enough to search its prolog with an ASCII pattern."""
    head = data[:4]
    encoding = "latin-1"
    for bom, name in (
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
    ):
        if head.startswith(bom):
            encoding, data = name, data[len(bom) :]
            break
    else:
        for marker, name in (
            (b"\x00\x00\x00<", "utf-32-be"),
            (b"<\x00\x00\x00", "utf-32-le"),
            (b"\x00<\x00?", "utf-16-be"),
            (b"<\x00?\x00", "utf-16-le"),
            (b"\x4c\x6f\xa7\x94", "cp037"),
        ):
            if head == marker:
                encoding = name
                break
    texts = [data.decode(encoding, "replace")]
    if b"\x00" in head and encoding == "latin-1":  # UTF-16 without BOM or marker: try both widths
        texts.append(data.replace(b"\x00", b"").decode("latin-1"))
    return texts


def _skip_markup(text: str, i: int) -> int:
    """If a comment or processing instruction starts at ``i``, the index after it; else ``i``."""
    for opener, closer in (("<!--", "-->"), ("<?", "?>")):
        if text.startswith(opener, i):
            end = text.find(closer, i + len(opener))
            return len(text) if end < 0 else end + len(closer)
    return i


def _doctype_end(text: str, i: int) -> int:
    """Index after the ``>`` closing a DOCTYPE whose name starts at ``i``, internal subset included.

    Quoted literals, comments and processing instructions inside the subset are skipped whole, so a
    ``]`` or ``>`` inside them cannot end the DOCTYPE early.
    """
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            end = text.find(c, i + 1)
            i = n if end < 0 else end + 1
            continue
        if c == "<":
            after = _skip_markup(text, i)
            if after != i:
                i = after
                continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ">" and depth <= 0:
            return i + 1
        i += 1
    return n


def _prolog_end(text: str) -> int:
    """Where the prolog ends, i.e. where entity declarations can no longer appear.

    The larger of two ends: the XML one (declaration, comments, PIs and the DOCTYPE, up to the root
    element) and feedparser's own (the first ``<`` followed by a word character), because
    feedparser re-inserts entity declarations found before the latter.
    """
    i, n = 0, len(text)
    while i < n:
        while i < n and (text[i].isspace() or text[i] == "\ufeff"):
            i += 1
        after = _skip_markup(text, i)
        if after != i:
            i = after
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            i = _doctype_end(text, i + 9)
        else:
            break
    found = _FEEDPARSER_HEAD_END.search(text)
    return max(i, found.start() if found else n)


def check_no_entities(data: bytes, source: str) -> None:
    """Raise :class:`UnsafeXML` when the document's prolog declares an XML entity."""
    for text in _texts_to_check(data):
        if "<!" not in text:
            continue
        prolog = text[: _prolog_end(text)]
        if _ENTITY_DECL.search(prolog):
            raise UnsafeXML(source, "the document declares XML entities (<!ENTITY>), which are refused")


# --------------------------------------------------------------------------------------------
# Small helpers


def _utc(parsed: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time as an aware datetime."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return _utc(_parse_date(value))  # RFC 822 and friends
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _short(exc: object) -> str:
    text = str(exc).strip()
    text = text.splitlines()[0] if text else ""
    name = type(exc).__name__
    return (f"{name}: {text}" if text else name)[:200]


def _plain_to_html(text: str) -> str:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{htmllib.escape(p)}</p>" for p in paras)


def _as_html(detail: Mapping[str, Any] | None, value: str | None) -> str | None:
    """An entry's text construct as HTML (plain text is escaped into paragraphs)."""
    if not value:
        return None
    if detail and detail.get("type") == "text/plain":
        return _plain_to_html(value)
    return value


def stable_guid(title: str, published: datetime | None, extra: str = "") -> str:
    """A GUID for an entry that has neither id nor link: sha1 of title and publication time."""
    stamp = published.isoformat() if published else ""
    basis = f"{title}\n{stamp}" if (title or stamp) else extra
    return "urn:sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()


def _make_entry(
    *,
    guid: str | None,
    url: str | None,
    title: str,
    published: datetime | None,
    updated: datetime | None,
    outlet: str | None,
    content_html: str | None,
    summary_html: str | None,
) -> FeedEntry:
    published = published or updated
    updated = updated or published
    url = url.strip() if url and url.strip() else None
    guid = (guid or "").strip() or url or stable_guid(title, published, content_html or summary_html or "")
    return FeedEntry(
        guid=guid,
        url=url,
        title=title,
        published=published,
        updated=updated,
        outlet=outlet or None,
        content_html=content_html or None,
        summary_html=summary_html or None,
    )


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
    check_no_entities(data, source)
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
        entries = []
        for raw in raw_entries:
            try:
                entries.append(_feedparser_entry(raw, feed_title, base))
            except Exception as exc:  # noqa: BLE001 - one odd entry must not lose the others
                log.warning("%s: skipped an entry that could not be read: %s", source, _short(exc))
        link = _absolute(feed.get("link"), base)
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
# JSON Feed (feedparser 6.0 does not read it)


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
        url=_json_text(item.get("url")) or _json_text(item.get("external_url")),
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


async def parse_feed_async(data: bytes, source: str, content_type: str | None = None) -> ParsedFeed:
    """:func:`parse_feed` in a worker thread, so the event loop never blocks on parsing."""
    return await asyncio.to_thread(parse_feed, data, source, content_type)
