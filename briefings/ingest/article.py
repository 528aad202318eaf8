"""A single article (``briefbot ingest --article``): an HTML page or a plain-text file as one entry.

* Only text is accepted: :func:`not_text_reason` refuses images, archives, PDFs and other binary
  input (by media type, by signature, by NUL and control bytes), and the source then fails with
  :class:`NotText` before anything is stored.
* A page's own metadata (trafilatura's reading of ``<title>``, Open Graph and the like, and
  htmldate's publication date) gives the title, the outlet (site name) and the publication date.
* :class:`ArticleOverrides` are what the operator said on the command line (``--title``,
  ``--outlet``, ``--url``, ``--published``); each wins over what the document says. The
  publication date is stored as the article's and is the reference date for relative dates in
  extraction ("on Monday"), which takes the entry's ``published``.
* The stored URL is the page's http(s) URL, or ``--url``; a local file has none of its own (its
  ``file:`` URI is only its GUID), see :func:`briefings.feeds.urls.http_url`.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from briefings.errors import NotText
from briefings.feeds import extract_article_text
from briefings.feeds.entries import strip_controls
from briefings.feeds.urls import http_url
from briefings.models import FeedEntry
from briefings.redact import protect

log = protect(logging.getLogger(__name__))

_HTML = re.compile(rb"<\s*(html|head|body|article|p|div)\b", re.I)
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_MEDIA = frozenset(
    {"application/pdf", "application/zip", "application/gzip", "application/x-gzip", "application/x-tar",
     "application/x-7z-compressed", "application/vnd.rar", "application/x-executable", "application/wasm",
     "application/msword", "application/vnd.ms-excel"}
)  # fmt: skip
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"fLaC", "a FLAC file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class ArticleOverrides:
    """What the operator said about a single article; None leaves the document's own value."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None


def not_text_reason(data: bytes, content_type: str | None = None) -> str | None:
    """Why ``data`` is not a text or HTML document, or None when it is one."""
    if not data.strip():
        return "the document is empty"
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime.startswith(_BINARY_TYPES) or mime in _BINARY_MEDIA:
        return f"not text (the server says {mime})"
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return f"not text (looks like {what})"
    if data.startswith(_UTF16_BOMS):
        return None
    head = data[:8192]
    if b"\x00" in head:
        return "not text (it holds NUL bytes: binary data)"
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls > max(2, len(head) // 100):
        return "not text (too many control bytes: binary data)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not just a character cut at the end of the sample
            high = sum(1 for b in head if b >= 0x80)
            if high > len(head) // 4:
                return "not text (not UTF-8, and mostly non-ASCII bytes: binary data)"
    return None


def _decode(data: bytes) -> str:
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _html_metadata(data: bytes) -> tuple[str | None, datetime | None, str | None]:
    """The page's title, publication date and site name, from its own metadata."""
    try:
        from trafilatura import extract_metadata

        meta = extract_metadata(_decode(data))
    except Exception:  # metadata is a nicety; the text is what matters
        log.debug("no metadata", exc_info=True)
        return None, None, None
    if meta is None:
        return None, None, None
    return meta.title, _parse_date(meta.date), meta.sitename


def entry_from_document(
    data: bytes, where: str, content_type: str | None = None, overrides: ArticleOverrides | None = None
) -> FeedEntry:
    """Turn a fetched page or a local text/HTML file into a feed entry whose content is the article.

    ``where`` is the page's final URL or the file's ``file:`` URI (the GUID unless ``--url`` is
    given). Raises :class:`NotText` for binary input.
    """
    reason = not_text_reason(data, content_type)
    if reason:
        raise NotText(where, f"{reason}; --article takes a text or HTML document")
    given = overrides or ArticleOverrides()
    is_html = (content_type or "").startswith(("text/html", "application/xhtml")) or bool(_HTML.search(data[:4096]))
    outlet = None
    if is_html:
        text = extract_article_text(data, where)
        title, published, outlet = _html_metadata(data)
    else:
        raw = _decode(data).replace("\r\n", "\n").strip()
        first, _, rest = raw.partition("\n")
        title, text, published = first.strip(), rest.strip() or first.strip(), None
    text = strip_controls(text) or ""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
    url = http_url(given.url) or http_url(where)
    title = given.title or title or (paragraphs[0][:120] if paragraphs else where)
    return FeedEntry(
        guid=http_url(given.url) or where,
        url=url,
        title=" ".join((strip_controls(title) or "").split()),
        published=given.published or published,  # None when unknown: never the time of reading
        outlet=strip_controls(given.outlet or outlet) or None,
        content_html=html,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
