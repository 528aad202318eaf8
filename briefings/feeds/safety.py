"""Refusing XML documents that could expand entities, before any parser sees them (SPEC §7).

feedparser 6.0.14 re-inserts "safe" entity declarations, and one large entity referenced many times
expands into gigabytes (the "billion laughs"). :func:`check_no_entities` refuses, with
:class:`UnsafeXML`:

* any ``<!ENTITY`` declaration and any internal DTD subset (``<!DOCTYPE rss [ ... ]>``) in the
  prolog (XML declaration, comments, processing instructions, the DOCTYPE, up to the root element,
  and at least up to where feedparser itself stops looking). A plain ``<!DOCTYPE rss ...>`` is fine.
  The prolog is searched **in the text feedparser will parse**: the body is decoded by feedparser's
  own :func:`feedparser.encodings.convert_to_utf8`, with the same HTTP ``Content-Type``, so the
  byte order mark, the XML declaration and the HTTP charset pick the same encoding here as there
  (UTF-7 ``+ADw-!ENTITY``, EBCDIC code pages, UTF-16/32 with or without a BOM). The raw bytes are
  also searched under the usual byte-level guesses, as a second net;
* any document that feedparser would decode with an encoding that is not ASCII-compatible (UTF-7,
  EBCDIC such as cp037/cp500, UTF-16/32 without a byte order mark...), whatever it contains: such
  encodings are how a declaration hides from byte-level checks, and no real feed needs them.
  UTF-16 and UTF-32 with a byte order mark are accepted.

The checks are linear in the size of the document and run before parsing; the parse itself runs in
a worker process with memory and time limits (:mod:`briefings.feeds.sandbox`) as the last net.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
from typing import Any, Final

from feedparser.encodings import convert_to_utf8

from briefings.errors import UnsafeXML

log = logging.getLogger(__name__)

_ENTITY_DECL: Final = re.compile(r"<!\s*ENTITY", re.I)
_DOCTYPE_SUBSET: Final = re.compile(r"<!\s*DOCTYPE[^>\[<]*\[", re.I)  # stops at "<": linear
_FEEDPARSER_HEAD_END: Final = re.compile(r"<\w", re.ASCII)
_PROBE: Final = "".join(chr(c) for c in range(0x20, 0x7F)) + "\t\n\r"
_BOMS: Final = (codecs.BOM_UTF32_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)
_WIDE: Final = ("utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le")

ENTITY_REASON: Final = "the document declares XML entities (<!ENTITY>), which are refused"
SUBSET_REASON: Final = "the document has an internal DTD subset (<!DOCTYPE ... [ ]>), which is refused"


# --------------------------------------------------------------------------------------------
# Decoding as feedparser does


def feedparser_text(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text feedparser will parse, and the encoding it chose ("" when none worked).

    Runs feedparser's own decoder with the headers :func:`~briefings.feeds.parse.parse_feed`
    gives it, so the choice between BOM, XML declaration and HTTP charset is exactly feedparser's.
    """
    headers = {"content-type": content_type} if content_type else {}
    result: dict[str, Any] = {}
    try:
        converted = convert_to_utf8(headers, data, result)
    except Exception:  # noqa: BLE001 - an odd body is refused below by the byte-level checks
        log.debug("feedparser's decoder failed", exc_info=True)
        return data.decode("latin-1"), ""
    encoding = str(result.get("encoding") or "")
    if isinstance(converted, bytes):
        return converted.decode("utf-8", "replace"), encoding
    return str(converted), encoding


@functools.lru_cache(maxsize=64)
def ascii_compatible(encoding: str) -> bool:
    """Whether ``encoding`` spells every printable ASCII character as that same single byte."""
    try:
        name = codecs.lookup(encoding).name
        ascii_bytes = _PROBE.encode("ascii")
        return _PROBE.encode(name) == ascii_bytes and ascii_bytes.decode(name) == _PROBE
    except (LookupError, UnicodeError, ValueError):
        return False


def _accepted_encoding(data: bytes, encoding: str) -> bool:
    if not encoding or ascii_compatible(encoding):
        return True
    try:
        name = codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return False
    return name in _WIDE and data.startswith(_BOMS)


def _byte_level_texts(data: bytes) -> list[str]:
    """The raw body under the XML specification's byte-level guesses (the second net)."""
    head = data[:4]
    texts = [data.decode("latin-1")]
    for bom, name in zip(_BOMS, ("utf-32-be", "utf-32-le", "utf-16-be", "utf-16-le"), strict=True):
        if head.startswith(bom):
            texts.append(data[len(bom) :].decode(name, "replace"))
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
                texts.append(data.decode(name, "replace"))
                break
    if b"\x00" in data[:64]:  # UTF-16/32 without BOM or marker: drop the zero bytes
        texts.append(data[:1_000_000].replace(b"\x00", b"").decode("latin-1"))
    return texts


# --------------------------------------------------------------------------------------------
# The prolog


def _skip_markup(text: str, i: int) -> int:
    """If a comment or processing instruction starts at ``i``, the index after it; else ``i``."""
    for opener, closer in (("<!--", "-->"), ("<?", "?>")):
        if text.startswith(opener, i):
            end = text.find(closer, i + len(opener))
            return len(text) if end < 0 else end + len(closer)
    return i


def _doctype_end(text: str, i: int) -> tuple[int, bool]:
    """Index after the ``>`` closing a DOCTYPE whose name starts at ``i``, and whether it has a subset.

    Quoted literals, comments and processing instructions inside the subset are skipped whole, so a
    ``]`` or ``>`` inside them cannot end the DOCTYPE early.
    """
    depth, n, subset = 0, len(text), False
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
            subset = True
        elif c == "]":
            depth -= 1
        elif c == ">" and depth <= 0:
            return i + 1, subset
        i += 1
    return n, subset


def _prolog(text: str) -> tuple[str, bool]:
    """The prolog, i.e. where declarations can appear, and whether a DOCTYPE in it has a subset.

    Its end is the larger of two: the XML one (declaration, comments, PIs and the DOCTYPE, up to
    the root element) and feedparser's own (the first ``<`` followed by a word character), because
    feedparser re-inserts entity declarations found before the latter.
    """
    i, n, subset = 0, len(text), False
    while i < n:
        while i < n and (text[i].isspace() or text[i] == "\ufeff"):
            i += 1
        after = _skip_markup(text, i)
        if after != i:
            i = after
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            i, has = _doctype_end(text, i + 9)
            subset = subset or has
        else:
            break
    found = _FEEDPARSER_HEAD_END.search(text)
    end = max(i, found.start() if found else n)
    return text[:end], subset


def _refusal(text: str) -> str | None:
    if "<!" not in text:
        return None
    prolog, subset = _prolog(text)
    if _ENTITY_DECL.search(prolog):
        return ENTITY_REASON
    if subset or _DOCTYPE_SUBSET.search(prolog):
        return SUBSET_REASON
    return None


def check_no_entities(data: bytes, source: str, content_type: str | None = None) -> None:
    """Raise :class:`UnsafeXML` for entity declarations, a DTD subset, or an encoding that can hide them.

    ``content_type`` is the HTTP Content-Type the body came with (its charset counts, as it does
    for feedparser).
    """
    text, encoding = feedparser_text(data, content_type)
    for candidate in (text, *_byte_level_texts(data)):
        reason = _refusal(candidate)
        if reason:
            raise UnsafeXML(source, reason)
    if not _accepted_encoding(data, encoding):
        raise UnsafeXML(
            source,
            f"the document is encoded in {encoding}, which is not ASCII-compatible and is refused "
            "(use UTF-8, another ASCII-compatible encoding, or UTF-16/32 with a byte order mark)",
        )
