"""The reply every command returns: a kind, a title, typed blocks, numbered sources and a payload.

Sources are numbered once per reply by a :class:`SourceBook`: the same quote from the same article
is one source however many rows cite it; two facts from one article keep their own quotes (two
sources); syndicated copies of one story (the same quote under other URLs) are one source that lists
every outlet. Only ``http``/``https`` URLs are kept (:func:`safe_url`): a ``javascript:`` or
``data:`` link from a feed never reaches a reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

from briefings.replies.blocks import Block, Fields, Notice, Paragraph, SourceList, Table

_SPACE = re.compile(r"\s+")


def safe_url(url: str | None) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else ``""``."""
    if not url:
        return ""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if any(ord(ch) < 0x21 for ch in url):
        return ""
    return url


@dataclass(frozen=True, slots=True)
class Source:
    """One cited article (or several syndicated copies of it) and the quote the reply relies on."""

    url: str
    title: str
    quote: str = ""
    outlet: str | None = None
    published: str | None = None
    outlets: tuple[str, ...] = ()  # every outlet that ran this story, when syndicated
    copies: tuple[str, ...] = ()  # the other URLs of the same story

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", safe_url(self.url))

    def as_dict(self) -> dict[str, Any]:
        """SPEC §5's source object: ``{"url", "title", "quote"}``."""
        return {"url": self.url, "title": self.title, "quote": self.quote}

    @property
    def byline(self) -> str:
        """ "Fjord Post, Coast Wire, 2025-03-03": its outlets (every one, when syndicated) and its day."""
        outlets = ", ".join(self.outlets) if self.outlets else (self.outlet or "")
        return ", ".join(x for x in (outlets, (self.published or "")[:10]) if x)

    def detail(self) -> dict[str, Any]:
        out = self.as_dict() | {"outlet": self.outlet, "published": self.published}
        if self.outlets:
            out["outlets"] = list(self.outlets)
        return out


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


class SourceBook:
    """Numbers sources for one reply: ``book.cite(source) -> 1, 2, ...``; ``book.sources`` in order."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self._by_quote: dict[str, int] = {}

    def cite(self, source: Source) -> int:
        quote = _key(source.quote)
        key = (source.url, quote)
        if key in self._by_key:
            return self._by_key[key]
        if quote and quote in self._by_quote:  # the same sentence under another URL: a syndicated copy
            n = self._by_quote[quote]
            self._merge(n, source)
            self._by_key[key] = n
            return n
        self.sources.append(source)
        n = len(self.sources)
        self._by_key[key] = n
        if quote:
            self._by_quote[quote] = n
        return n

    def cite_all(self, sources: Iterable[Source]) -> tuple[int, ...]:
        out: list[int] = []
        for s in sources:
            n = self.cite(s)
            if n not in out:
                out.append(n)
        return tuple(out)

    def _merge(self, n: int, copy: Source) -> None:
        first = self.sources[n - 1]
        outlets = first.outlets or ((first.outlet,) if first.outlet else ())
        if copy.outlet and copy.outlet not in outlets:
            outlets = (*outlets, copy.outlet)
        copies = first.copies
        if copy.url and copy.url != first.url and copy.url not in copies:
            copies = (*copies, copy.url)
        self.sources[n - 1] = replace(first, outlets=outlets, copies=copies)


class Payload(Protocol):
    """A command's machine-readable result; ``to_json()`` is what ``--json`` prints."""

    def to_json(self) -> Any: ...


@dataclass(slots=True)
class Reply:
    kind: str  # the command: pledges, country, timeline, answer, digest, sources, about, help, error
    title: str
    blocks: list[Block] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    payload: Payload | None = None
    engine: str | None = None
    ephemeral: bool = False  # errors and admin confirmations: only the asker sees them
    error: bool = False

    @classmethod
    def failure(cls, message: str, *, title: str = "Sorry") -> Reply:
        return cls(kind="error", title=title, blocks=[Paragraph.of(message)], ephemeral=True, error=True)

    @property
    def notices(self) -> list[Notice]:
        return [b for b in self.blocks if isinstance(b, Notice)]

    @property
    def text(self) -> str:
        """The paragraphs as plain text (for logs and tests)."""
        return "\n".join(b.text for b in self.blocks if isinstance(b, Paragraph))

    def block(self, kind: type[Block]) -> Block | None:
        return next((b for b in self.blocks if isinstance(b, kind)), None)

    @property
    def table(self) -> Table | None:
        return next((b for b in self.blocks if isinstance(b, Table)), None)

    @property
    def fields(self) -> Fields | None:
        return next((b for b in self.blocks if isinstance(b, Fields)), None)

    def with_notice(self, notice: Notice, *, first: bool = False) -> Reply:
        if any(n == notice for n in self.notices):
            return self
        blocks = [notice, *self.blocks] if first else [*self.blocks, notice]
        return replace(self, blocks=blocks)

    def cited(self) -> set[int]:
        """Numbers of the sources some block refers to."""
        out: set[int] = set()
        for b in self.blocks:
            if isinstance(b, Paragraph | Table | Fields):
                out.update(b.refs)
            elif isinstance(b, SourceList):
                out.update(b.numbers or range(1, len(self.sources) + 1))
        return out

    def inline_quotes(self, numbers: Iterable[int] | None = None) -> set[int]:
        """Numbers (of ``numbers``, default all) of the sources whose quote a paragraph already shows."""
        shown = " ".join(_key(b.text) for b in self.blocks if isinstance(b, Paragraph))
        if not shown:
            return set()
        wanted = range(1, len(self.sources) + 1) if numbers is None else numbers
        return {n for n in wanted if 0 < n <= len(self.sources) and self.sources[n - 1].quote
                and _key(self.sources[n - 1].quote) in shown}

    def to_json(self) -> Any:
        """The payload (``--json``); replies without one dump their blocks as plain text."""
        if self.payload is not None:
            return self.payload.to_json()
        return {"title": self.title, "text": self.text, "sources": [s.as_dict() for s in self.sources]}
