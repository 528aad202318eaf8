"""Refusing XML documents that declare entities, before any parser sees them (SPEC §7).

feedparser 6.0.14 re-inserts "safe" entity declarations, and one large entity referenced many times
expands into gigabytes (the "billion laughs"). :func:`check_no_entities` searches the prolog (XML
declaration, comments, processing instructions, the DOCTYPE and its internal subset, up to the root
element, and at least up to where feedparser itself stops looking) for ``<!ENTITY`` and raises
:class:`UnsafeXML` when it finds one. UTF-16/32 (with or without a byte order mark) and EBCDIC
bodies are decoded first, so the declaration cannot hide behind an encoding. A plain
``<!DOCTYPE rss ...>`` is fine.
"""

from __future__ import annotations

import codecs
import logging
import re

from briefings.errors import UnsafeXML

log = logging.getLogger(__name__)

_ENTITY_DECL = re.compile(r"<!\s*ENTITY", re.I)
_FEEDPARSER_HEAD_END = re.compile(r"<\w", re.ASCII)


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
