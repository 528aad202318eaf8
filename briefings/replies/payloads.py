"""Each command's machine-readable result, typed; ``to_json()`` keeps the keys of SPEC §5.

Front-ends that draw (charts, Slack tables) read these, never rendered strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefings.replies.model import Source


@dataclass(frozen=True, slots=True)
class PledgeEntry:
    country: str
    country_code: str
    category: str
    status: str
    size: int | None
    date: str | None
    summary: str
    sources: tuple[Source, ...] = ()
    size_range: tuple[int, int] | None = None
    amount: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PledgeEntry:
        rng = row.get("size_range")
        return cls(
            country=row["country"], country_code=row["country_code"], category=row["category"],
            status=row["status"], size=row.get("size"), date=row.get("date") or None,
            summary=row.get("summary") or "",
            sources=tuple(Source(url=s.get("url") or "", title=s.get("title") or "", quote=s.get("quote") or "",
                                 outlet=s.get("outlet"), published=s.get("published"))
                          for s in row.get("sources") or ()),
            size_range=(int(rng[0]), int(rng[1])) if rng else None, amount=row.get("amount"),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "country": self.country, "country_code": self.country_code, "category": self.category,
            "status": self.status, "size": self.size, "date": self.date, "summary": self.summary,
            "sources": [s.as_dict() for s in self.sources],
        }
        if self.size_range:
            out["size_range"] = list(self.size_range)
        if self.amount:
            out["amount"] = self.amount
        return out


@dataclass(frozen=True, slots=True)
class PledgesPayload:
    as_of: str | None
    pledges: tuple[PledgeEntry, ...]

    def to_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of, "pledges": [p.to_json() for p in self.pledges]}


@dataclass(frozen=True, slots=True)
class HistoryStep:
    status: str
    date: str | None
    quote: str
    url: str

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "date": self.date, "quote": self.quote, "url": self.url}


@dataclass(frozen=True, slots=True)
class CountryPayload:
    country_code: str
    country: str
    pledges: tuple[PledgeEntry, ...]
    history: dict[str, tuple[HistoryStep, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"country_code": self.country_code, "country": self.country,
                "pledges": [p.to_json() for p in self.pledges],
                "history": {cat: [s.to_json() for s in steps] for cat, steps in self.history.items()}}


@dataclass(frozen=True, slots=True)
class AnswerPayload:
    question: str
    answer: str
    found: bool
    sources: tuple[Source, ...]
    engine: str

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer, "found": self.found,
                "sources": [s.as_dict() for s in self.sources], "engine": self.engine}


@dataclass(frozen=True, slots=True)
class DigestPayload:
    since: str
    until: str
    text: str
    items: tuple[dict[str, Any], ...]
    destination: str | None = None
    period: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since, "until": self.until, "text": self.text, "items": list(self.items)}


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    date: str | None
    kind: str | None
    title: str | None
    place: str | None
    host: str | None
    participants: Any
    outcome: str | None
    quote: str | None
    sources: tuple[Source, ...]

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "kind": self.kind, "title": self.title, "place": self.place, "host": self.host,
                "participants": self.participants, "outcome": self.outcome, "quote": self.quote,
                "sources": [s.as_dict() for s in self.sources]}


@dataclass(frozen=True, slots=True)
class TimelinePayload:
    events: tuple[TimelineEvent, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [e.to_json() for e in self.events]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    url: str
    title: str | None
    outlet: str | None
    published: str | None
    story_id: int | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "title": self.title, "outlet": self.outlet,
                "published": self.published, "story_id": self.story_id}


@dataclass(frozen=True, slots=True)
class SourcesPayload:
    query: str | None
    articles: tuple[ArticleRef, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [a.to_json() for a in self.articles]


@dataclass(frozen=True, slots=True)
class AboutPayload:
    counts: dict[str, Any]
    engine: str
    sample: bool = False
    llm: dict[str, Any] | None = None  # the LLM engine's model and today's tokens, when it is on

    def to_json(self) -> dict[str, Any]:
        out = {**self.counts, "engine": self.engine, "sample_data": self.sample}
        if self.llm is not None:
            out["llm"] = dict(self.llm)
        return out


@dataclass(frozen=True, slots=True)
class HelpPayload:
    commands: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        return {"commands": [{"command": c, "description": d} for c, d in self.commands]}


__all__ = [
    "AboutPayload", "AnswerPayload", "ArticleRef", "CountryPayload", "DigestPayload", "HelpPayload",
    "HistoryStep", "PledgeEntry", "PledgesPayload", "SourcesPayload", "TimelineEvent", "TimelinePayload",
]
