"""The typed blocks a reply is made of, which every renderer understands.

Block text is always plain: no markup, no mentions, no masked links. Emphasis and links are spans,
so each renderer applies its own platform's escaping to every piece of text it prints (article text
above all) and draws emphasis its own way. A renderer that meets a block it cannot show (an image in
a log line) may skip it, but never truncates one: long replies are split by
:mod:`briefings.replies.paginate` into pages that each fit.

    Heading       a title line inside the reply (the reply's own title is separate)
    Paragraph     spans: plain text, emphasis, a link, a reference to a numbered source
    Table         typed columns and cells; each row carries the numbers of the sources behind it
    Fields        label/value pairs (values are spans)
    SourceList    the numbered sources of the reply, each once (see :class:`~.model.Source`)
    Image         PNG bytes with alt text
    Notice        engine fallback, sample data, "page 2 of 3", unknown dates, language
    Actions       buttons a front-end may draw (next page, sources, feedback, chart) or ignore
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SpanKind = Literal["text", "emphasis", "link", "source"]
CellKind = Literal["country", "category", "status", "size", "date", "number", "text"]
NoticeKind = Literal["engine", "sample", "page", "date_unknown", "language", "info", "error"]
ActionKind = Literal["page_next", "page_prev", "sources", "feedback_up", "feedback_down", "chart", "share"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a paragraph. ``ref`` numbers a source of the reply (kind ``source``)."""

    text: str
    kind: SpanKind = "text"
    url: str | None = None
    ref: int | None = None

    @classmethod
    def plain(cls, text: str) -> Span:
        return cls(text)

    @classmethod
    def emphasis(cls, text: str) -> Span:
        return cls(text, "emphasis")

    @classmethod
    def link(cls, text: str, url: str) -> Span:
        return cls(text, "link", url=url)

    @classmethod
    def source(cls, ref: int) -> Span:
        return cls(f"[{ref}]", "source", ref=ref)


def spans_text(spans: Sequence[Span]) -> str:
    """The spans as plain text (source references as ``[n]``)."""
    return "".join(s.text for s in spans)


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2

    def cost(self) -> int:
        return len(self.text) + 4


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]

    @classmethod
    def of(cls, *parts: str | Span) -> Paragraph:
        return cls(tuple(Span(p) if isinstance(p, str) else p for p in parts))

    @property
    def text(self) -> str:
        return spans_text(self.spans)

    @property
    def refs(self) -> tuple[int, ...]:
        return tuple(s.ref for s in self.spans if s.ref is not None)

    def cost(self) -> int:
        return len(self.text) + 2


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: CellKind = "text"
    wrap: bool = False  # may the renderer wrap this column (quotes, titles) rather than keep it whole


@dataclass(frozen=True, slots=True)
class Cell:
    """A typed value and how it reads: ``Cell("size", 5000, "5,000")``; ``value`` None means empty."""

    kind: CellKind
    value: Any
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    sources: tuple[int, ...] = ()

    def cost(self) -> int:
        return sum(len(c.text) + 3 for c in self.cells) + 4 * len(self.sources) + 1


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str | None = None

    def cost(self) -> int:
        return sum(len(c.label) + 3 for c in self.columns) + sum(r.cost() for r in self.rows) + 2

    @property
    def refs(self) -> tuple[int, ...]:
        return tuple(n for r in self.rows for n in r.sources)


@dataclass(frozen=True, slots=True)
class Field:
    label: str
    value: tuple[Span, ...]

    @property
    def text(self) -> str:
        return spans_text(self.value)


@dataclass(frozen=True, slots=True)
class Fields:
    items: tuple[Field, ...]

    def cost(self) -> int:
        return sum(len(f.label) + len(f.text) + 4 for f in self.items)

    @property
    def refs(self) -> tuple[int, ...]:
        return tuple(s.ref for f in self.items for s in f.value if s.ref is not None)


@dataclass(frozen=True, slots=True)
class SourceList:
    """The reply's numbered sources (``numbers`` selects those shown on one page; empty: all)."""

    numbers: tuple[int, ...] = ()

    def cost(self) -> int:  # priced by the paginator, which knows the sources
        return 0


@dataclass(frozen=True, slots=True)
class Image:
    png: bytes
    alt: str
    name: str = "chart.png"

    def cost(self) -> int:
        return len(self.alt) + 2


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    text: str

    def cost(self) -> int:
        return len(self.text) + 2


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    label: str
    value: str = ""  # what the front-end sends back (a page number, a question id)


@dataclass(frozen=True, slots=True)
class Actions:
    items: tuple[Action, ...] = field(default_factory=tuple)

    def cost(self) -> int:
        return 0


Block = Heading | Paragraph | Table | Fields | SourceList | Image | Notice | Actions

__all__ = [
    "Action", "ActionKind", "Actions", "Block", "Cell", "CellKind", "Column", "Field", "Fields", "Heading",
    "Image", "Notice", "NoticeKind", "Paragraph", "Row", "SourceList", "Span", "SpanKind",
    "Table", "spans_text",
]
