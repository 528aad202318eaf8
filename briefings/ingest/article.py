"""A single article (``briefbot ingest --article``): an HTML page or a plain-text file as one entry."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from briefings.feeds import extract_article_text
from briefings.models import FeedEntry

log = logging.getLogger(__name__)

_HTML = re.compile(rb"<\s*(html|head|body|article|p|div)\b", re.I)


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _html_metadata(data: bytes) -> tuple[str | None, datetime | None]:
    try:
        from trafilatura import extract_metadata

        meta = extract_metadata(_decode(data))
    except Exception:  # metadata is a nicety; the text is what matters
        log.debug("no metadata", exc_info=True)
        return None, None
    if meta is None:
        return None, None
    when = None
    if meta.date:
        try:
            when = datetime.fromisoformat(meta.date).replace(tzinfo=UTC)
        except ValueError:
            when = None
    return meta.title, when


def entry_from_document(data: bytes, where: str, content_type: str | None = None) -> FeedEntry:
    """Turn a fetched page or a local text/HTML file into a feed entry whose content is the article."""
    is_html = (content_type or "").startswith(("text/html", "application/xhtml")) or bool(_HTML.search(data[:4096]))
    if is_html:
        text = extract_article_text(data, where)
        title, published = _html_metadata(data)
    else:
        raw = _decode(data).replace("\r\n", "\n").strip()
        first, _, rest = raw.partition("\n")
        title, text, published = first.strip(), rest.strip() or first.strip(), None
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
    return FeedEntry(
        guid=where,
        url=where,
        title=(title or (paragraphs[0][:120] if paragraphs else where)).strip(),
        published=published or datetime.now(UTC),
        content_html=html,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
