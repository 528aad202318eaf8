"""Plain data carried between the floors: feed entries, articles, facts, events, figures.

These are frozen dataclasses with no behaviour beyond small helpers, so every layer can build and
read them without importing anything heavier. Vocabularies are the exact strings of SPEC §4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final

CATEGORIES: Final = (
    "ground_troops",
    "air",
    "maritime",
    "logistics",
    "intelligence",
    "training",
    "funding",
    "equipment",
    "humanitarian",
)
STATUSES: Final = ("committed", "considering", "declined")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a parsed feed, before relevance and dedup."""

    guid: str
    url: str | None
    title: str
    published: datetime | None = None
    updated: datetime | None = None
    outlet: str | None = None
    content_html: str | None = None  # the entry's full content, when the feed carries it
    summary_html: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What a feed's bytes held: its title and link, the format version and the entries."""

    title: str
    link: str | None
    version: str
    entries: list[FeedEntry]
    warning: str | None = None  # feedparser's bozo reason when it recovered anyway


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one conditional GET (or local read)."""

    url: str  # the final URL after redirects
    status: int
    content: bytes | None  # None when not modified
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule behind a fact: its stable id (``status.decline.rule_out``) and the words it matched."""

    id: str
    matched: str


@dataclass(frozen=True, slots=True)
class Fact:
    """One claim from one article: an actor's stance on contributing one category."""

    country_code: str  # ISO 3166-1 alpha-2, or "EU" / "NATO"
    category: str  # one of CATEGORIES
    status: str  # one of STATUSES
    quote: str  # the verbatim sentence
    date: date | None = None  # the date the claim refers to (None: the article's date)
    size: int | None = None  # personnel
    amount: str | None = None  # money as written, e.g. "1.6 billion pounds"
    amount_value: float | None = None  # in units of the currency
    currency: str | None = None  # ISO 4217 where known: GBP, EUR, USD, NOK...
    actor_text: str | None = None  # the words that named the actor
    trace: tuple[RuleHit, ...] = ()  # the rules that produced it, in order (see briefings.extract.trace)


@dataclass(frozen=True, slots=True)
class Event:
    """A meeting, summit, call, visit or declaration."""

    kind: str  # summit | meeting | call | visit | declaration
    quote: str
    date: date | None = None
    place: str | None = None
    host: str | None = None  # a person or a country, as written
    host_code: str | None = None
    participants: int | None = None
    participant_codes: tuple[str, ...] = ()
    absent_codes: tuple[str, ...] = ()
    outcome: str | None = None
    title: str | None = None  # a short label, e.g. "Summit in Paris"


@dataclass(frozen=True, slots=True)
class Figure:
    """A force-size (or other) number, with who put it forward."""

    kind: str  # force_size | contribution_size | planners ...
    value: int
    quote: str
    low: int | None = None
    high: int | None = None
    qualifier: str | None = None  # "up to", "at least", "about"
    proposer_code: str | None = None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """What an actor said about the force or about others: kept for answers, never a pledge."""

    speaker_code: str
    quote: str
    about_codes: tuple[str, ...] = ()
    date: date | None = None
    topic: str | None = None  # warning | claim | position


@dataclass(slots=True)
class Extraction:
    """Everything the rules found in one article."""

    facts: list[Fact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
