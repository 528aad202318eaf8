"""Small helpers shared by the feed parsers: dates, HTML text constructs, GUIDs and :class:`FeedEntry`.

Used by :mod:`briefings.feeds.parse` (RSS and Atom) and :mod:`briefings.feeds.jsonfeed`; this
module imports neither, so neither import ever cycles.

:func:`_make_entry` is where every parsed entry is cleaned, whatever the format:

* its URL is kept only when it is an absolute ``http``/``https`` URL (:func:`http_url`). A link
  of ``javascript:``, ``data:``, ``file:`` or any other scheme, or one still relative, becomes
  **no URL**: the entry is stored without one and no page is fetched for it. (Falling back to the
  feed's own URL was rejected: every such entry would then share one URL, and the same canonical
  URL means the same article.) The GUID comes from the entry's id, else its http(s) link, else a
  hash of title and date;
* NUL and the other C0 control characters (tab and newline excepted) are removed from the GUID,
  title, outlet and HTML, so none reaches the database.
"""

from __future__ import annotations

import calendar
import hashlib
import html as htmllib
import logging
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from feedparser.datetimes import _parse_date

from briefings.feeds.urls import http_url
from briefings.models import FeedEntry

log = logging.getLogger(__name__)


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


_C0: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def strip_controls(text: str | None) -> str | None:
    """``text`` without C0 control characters (tab and newline kept; carriage return dropped)."""
    if not text:
        return text
    return _C0.sub("", text) if _C0.search(text) else text


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
    url = http_url(strip_controls(url))
    title = " ".join((strip_controls(title) or "").split())
    content_html, summary_html = strip_controls(content_html), strip_controls(summary_html)
    guid = (strip_controls(guid) or "").strip() or url or stable_guid(title, published, content_html or summary_html or "")
    return FeedEntry(
        guid=guid,
        url=url,
        title=title,
        published=published,
        updated=updated,
        outlet=" ".join((strip_controls(outlet) or "").split()) or None,
        content_html=content_html or None,
        summary_html=summary_html or None,
    )
