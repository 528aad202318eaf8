"""The answer the engine returns, and small formatting helpers shared by its modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from briefings.answers.lexicon import MONTH_NAMES
from briefings.replies import Source

NOTHING = "I have nothing on that in the articles I follow."


@dataclass(slots=True)
class Answer:
    question: str
    answer: str
    found: bool
    sources: list[Source] = field(default_factory=list)
    engine: str = "offline"
    notice: str | None = None  # shown beside the answer, e.g. why the offline engine answered
    marked: bool = False  # the text cites its sources as [n], n counting from 1 in ``sources``

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "sources": [{"url": s.url, "title": s.title, "quote": s.quote} for s in self.sources],
            "engine": self.engine,
        }


def not_found(question: str, about: str | None = None) -> Answer:
    text = f"I have nothing on {about} in the articles I follow." if about else NOTHING
    return Answer(question=question, answer=text, found=False, sources=[])


def long_date(iso: str | None) -> str:
    """ "2025-03-27" -> "27 March 2025"; anything unparsable comes back as given (or empty)."""
    if not iso:
        return ""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


DATE_UNKNOWN = "date unknown"  # an undated claim or event: never shown as today's date


def shown_date(iso: str | None) -> str:
    """ "27 March 2025", or "date unknown" when there is no date."""
    return long_date(iso) or DATE_UNKNOWN


def on_day(iso: str | None) -> str:
    """ "on 27 March 2025", or "(date unknown)" when there is no date: the tail of "... took place on ..."."""
    day = long_date(iso)
    return f"on {day}" if day else f"({DATE_UNKNOWN})"


def quoted(text: str) -> str:
    return f"“{text.strip()}”"


def attribution(row: dict[str, Any]) -> str:
    """ "(Europe Desk, 27 March 2025)" from a row joined with its article."""
    parts = [p for p in (row.get("outlet"), long_date(row.get("published") or row.get("date"))) if p]
    return f" ({', '.join(parts)})" if parts else ""


def source_of(row: dict[str, Any], quote: str | None = None) -> Source:
    return Source(
        url=row.get("url") or "",
        title=row.get("title") or "",
        quote=(quote if quote is not None else row.get("quote") or row.get("text") or "").strip(),
        outlet=row.get("outlet"),
        published=row.get("published"),
    )


def unique_sources(sources: list[Source], limit: int = 8) -> list[Source]:
    out: list[Source] = []
    for s in sources:
        if not any(s.url == o.url and s.quote == o.quote for o in out):
            out.append(s)
    return out[:limit]


_THE = ("United ", "Netherlands", "Czech Republic", "European ", "Holy See", "Philippines", "Baltic")


def display_name(code: str) -> str:
    """The actor's name as used inside a sentence: "the United States", "France"."""
    from briefings.extract import name_of

    name = name_of(code)
    return f"the {name}" if name.startswith(_THE) or code in ("EU", "NATO") and name.isupper() else name


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
