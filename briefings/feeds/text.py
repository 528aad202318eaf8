"""Plain text from feed HTML and from article pages.

* :func:`html_to_text` is the hot path (every entry of every feed): lxml, one pass, paragraphs kept
  as ``"\\n\\n"``. Broken HTML is fine; if lxml still refuses, a regular expression strips tags.
* :func:`extract_article_text` runs trafilatura on a whole web page to drop navigation, footers and
  comments; it is slower and synchronous, so callers run it in a worker thread.
* :func:`entry_text` picks the best text a feed entry carries and says whether it is the whole
  article (see its docstring for the heuristic).
"""

from __future__ import annotations

import html as htmllib
import logging
import re
from typing import Final

import lxml.etree
import lxml.html

from briefings.models import FeedEntry

log = logging.getLogger(__name__)

#: Elements that start and end a paragraph. ``br`` counts too: feeds often use ``<br><br>``.
BLOCK_TAGS: Final = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "section", "article", "header",
        "footer", "aside", "nav", "figure", "figcaption", "main", "address", "details", "summary",
        "body", "html",
    }
)  # fmt: skip
#: Elements whose content is never text for a reader.
SKIP_TAGS: Final = ("script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_BLANK_LINES = re.compile(r"\n\s*\n")
_RE_SKIP = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_RE_BLOCK = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\b[^>]*>", re.I)
_RE_TAG = re.compile(r"<[^>]*>|<!--.*?-->", re.S)
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_TEASER_END = re.compile(
    r"(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|read the full (?:story|article)|"
    r"the post .{0,200} appeared first on .{0,100})\W{0,3}$",
    re.I,
)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _paragraphs_plain(text: str) -> str:
    """Paragraphs of text that has no markup: blank lines separate them."""
    paras = (_collapse(p) for p in _BLANK_LINES.split(text))
    return "\n\n".join(p for p in paras if p)


def _regex_to_text(markup: str) -> str:
    """The fallback: crude but total. Blocks become blank lines, tags go, entities are decoded."""
    text = _RE_SKIP.sub(" ", markup)
    text = _RE_BLOCK.sub("\n\n", text)
    text = _RE_TAG.sub(" ", text)
    text = htmllib.unescape(text)
    return _paragraphs_plain(text)


def _lxml_to_text(markup: str) -> str:
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for el in list(root.iter(*SKIP_TAGS)):
        el.drop_tree()  # keeps the tail text
    paragraphs: list[str] = []
    current: list[str] = []

    def brk() -> None:
        if current:
            text = _collapse("".join(current))
            if text:
                paragraphs.append(text)
            current.clear()

    for event, el in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = el.tag
        if not isinstance(tag, str):  # a comment or processing instruction: keep only its tail
            if el.tail:
                current.append(el.tail)
            continue
        block = tag.lower() in BLOCK_TAGS
        if event == "start":
            if block:
                brk()
            if el.text:
                current.append(el.text)
        else:
            if block:
                brk()
            elif tag.lower() in ("td", "th"):
                current.append(" ")
            if el.tail and el is not root:
                current.append(el.tail)
    brk()
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> str:
    """Convert entry HTML to plain text: paragraphs joined by ``"\\n\\n"``, whitespace collapsed.

    Block elements (p, div, br, li, h1-h6, blockquote...) end paragraphs; script and style are
    dropped; entities are decoded. Text without any markup keeps its blank-line paragraphs.
    """
    if not html or not html.strip():
        return ""
    if not _TAG_START.search(html):
        return _CONTROL.sub("", _paragraphs_plain(htmllib.unescape(html) if "&" in html else html))
    try:
        text = _lxml_to_text(html)
        if not text:  # libxml2 gives up silently on some input (e.g. nesting deeper than 255)
            text = _regex_to_text(html)
    except (lxml.etree.LxmlError, ValueError) as exc:
        log.debug("lxml could not parse entry HTML (%s); stripping tags instead", exc)
        text = _regex_to_text(html)
    return _CONTROL.sub("", text)


def clean_inline(text: str | None) -> str:
    """One line of plain text from a title or name that may hold markup or entities."""
    if not text:
        return ""
    if _TAG_START.search(text):
        text = html_to_text(text)
    return _collapse(htmllib.unescape(text))


def extract_article_text(html: str | bytes, url: str | None = None) -> str:
    """The main text of a web page (no navigation, footer, comments or tables), paragraphs by ``"\\n\\n"``.

    Uses trafilatura with ``favor_precision``; falls back to :func:`html_to_text` of the whole page
    when trafilatura finds nothing. Synchronous and CPU-bound: run it in a worker thread.
    """
    import trafilatura  # imported here: it is heavy and only article fetching needs it

    try:
        extracted = trafilatura.extract(
            html,
            url=url,
            output_format="txt",
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted errors on odd pages  # noqa: BLE001
        log.debug("trafilatura failed on %s: %s", url or "page", exc)
        extracted = None
    if extracted:
        lines = (_collapse(line) for line in extracted.splitlines())
        return "\n\n".join(line for line in lines if line)
    page = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    return html_to_text(page)


def looks_truncated(text: str) -> bool:
    """Whether text ends like a teaser: an ellipsis, "Read more", "Continue reading"..."""
    return bool(_TEASER_END.search(text[-300:]))


def entry_text(entry: FeedEntry, *, min_full_chars: int = 600) -> tuple[str, bool]:
    """The best plain text of a feed entry, and whether it is the whole article.

    The text comes from ``content_html`` when it holds any text, else from ``summary_html``.

    Heuristic for ``is_full``: only text from ``content_html`` can be full, and only when it does
    not end like a teaser (ellipsis, "Read more", "Continue reading", "The post ... appeared first
    on ..."), and either

    * it is at least ``min_full_chars`` long (a feed that carries whole articles), or
    * it is clearly longer than the summary: at least twice as long and 200 characters more (a
      short article whose feed also carries a one-line summary).

    When ``is_full`` is False the caller may fetch ``entry.url`` and use
    :func:`extract_article_text` instead.
    """
    content = html_to_text(entry.content_html) if entry.content_html else ""
    summary = html_to_text(entry.summary_html) if entry.summary_html else ""
    if not content:
        return summary, False
    if looks_truncated(content):
        return content, False
    if len(content) >= min_full_chars:
        return content, True
    clearly_longer = len(content) >= 2 * len(summary) and len(content) - len(summary) >= 200
    return content, clearly_longer
